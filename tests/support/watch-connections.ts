// Runs a command under strace and lists every network address it (or any process it starts, Rust
// and C code included) tried to reach: connect(), sendto() and sendmsg() with an address. A check
// that works offline: a refused or unreachable attempt is listed just like one that succeeded.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Attempt {
  family: 'AF_INET' | 'AF_INET6'
  address: string
  port: number
  /** The strace line, for the failure message. */
  line: string
}

const inet = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/
const inet6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"/

/** Every IPv4/IPv6 destination in an strace log (Unix sockets and netlink stay on the machine). */
export function attemptsIn(straceLog: string): Attempt[] {
  return straceLog.split('\n').flatMap((line): Attempt[] => {
    const v4 = inet.exec(line)
    if (v4) return [{ family: 'AF_INET', address: v4[2]!, port: Number(v4[1]), line }]
    const v6 = inet6.exec(line)
    if (v6) return [{ family: 'AF_INET6', address: v6[2]!, port: Number(v6[1]), line }]
    return []
  })
}

const isLoopback = (a: Attempt) => (a.family === 'AF_INET' ? a.address.startsWith('127.') : a.address === '::1' || /^::ffff:127\./.test(a.address))

/** Attempts that leave the machine, and DNS queries (port 53) even to a local resolver: a name looked up is a host about to be reached. */
export function offMachine(attempts: Attempt[]): Attempt[] {
  return attempts.filter((a) => !isLoopback(a) || a.port === 53)
}

export interface Watched {
  /** The command's stdout and stderr, decoded once whole. */
  output: string
  attempts: Attempt[]
}

export interface WatchOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Called once the output so far matches `ready`; when its promise settles the command is stopped (SIGINT to its process group). */
  ready?: RegExp
  whileRunning?: (output: () => string) => Promise<void>
  timeoutMs: number
}

/** Runs `command` under `strace -f` until it exits (or, with `ready`, until whileRunning is done). */
export async function watchConnections(command: string[], options: WatchOptions): Promise<Watched> {
  const dir = mkdtempSync(join(tmpdir(), 'voke-strace-'))
  const log = join(dir, 'strace.log')
  const chunks: Buffer[] = []
  const output = () => Buffer.concat(chunks).toString('utf8')
  const child = spawn('strace', ['-f', '--seccomp-bpf', '-e', 'trace=connect,sendto,sendmsg', '-o', log, '--', ...command], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true // its own process group, so stopping it stops everything it started
  })
  child.stdout!.on('data', (c: Buffer) => chunks.push(c))
  child.stderr!.on('data', (c: Buffer) => chunks.push(c))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {
      // already exited
    }
  }
  // SIGINT first (Next flushes what it would send on exit: that must be watched too), SIGKILL if it lingers.
  const stop = () => {
    signal('SIGINT')
    setTimeout(() => signal('SIGKILL'), 15_000).unref()
  }
  const timer = setTimeout(stop, options.timeoutMs)
  try {
    if (options.ready && options.whileRunning) {
      const ready = options.ready
      const sawReady = await new Promise<boolean>((resolve) => {
        const poll = setInterval(() => ready.test(output()) && (clearInterval(poll), resolve(true)), 200)
        void exited.then(() => (clearInterval(poll), resolve(false)))
      })
      if (!sawReady) throw new Error(`${command.join(' ')} exited before printing ${ready}:\n${output().slice(-3000)}`)
      try {
        await options.whileRunning(output)
      } finally {
        stop()
      }
    }
    const code = await exited
    if (!options.ready && code !== 0) throw new Error(`${command.join(' ')} exited with ${code}:\n${output().slice(-3000)}`)
    return { output: output(), attempts: attemptsIn(readFileSync(log, 'utf8')) }
  } finally {
    clearTimeout(timer)
    rmSync(dir, { recursive: true, force: true })
  }
}
