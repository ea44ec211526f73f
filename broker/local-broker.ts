// Starts Debian's Mosquitto with the local Voke JWT auth plugin, TLS and the guide's ACL: the
// shared core of `npm run broker` (scripts/local-broker.ts) and the tests' startBroker().
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const BROKER_DIR = resolve(__dirname)
export const PLUGIN_PATH = join(BROKER_DIR, 'build', 'voke_jwt_auth.so')
/** The guide's ACL, exactly as Voke's broker has it. */
export const ACL_FILE = join(BROKER_DIR, 'acl')
/** Test-only addition: lets the JWT identity `voke-ops` write any plant's commands topic. */
export const OPS_ACL_FILE = join(BROKER_DIR, 'acl-ops-test-only')
export const OPS_USERNAME = 'voke-ops'
/** The guide's local-development port for the TLS listener. */
export const DEFAULT_PORT = 8884

/**
 * The mosquitto binary: $MOSQUITTO, else the first one on PATH, else where Debian and Homebrew put
 * it (Debian's /usr/sbin is not on an ordinary user's PATH).
 */
export function mosquittoBinary(): string {
  if (process.env.MOSQUITTO) return process.env.MOSQUITTO
  const pathDirs = (process.env.PATH ?? '').split(':').filter(Boolean)
  const candidates = [...pathDirs, '/usr/sbin', '/opt/homebrew/sbin', '/usr/local/sbin'].map((dir) => join(dir, 'mosquitto'))
  return candidates.find((file) => existsSync(file)) ?? 'mosquitto'
}

export interface TlsFiles {
  caFile: string
  certFile: string
  keyFile: string
}

export interface LaunchOptions {
  /** Path of the JWT public key file (plugin_opt_jwt_sec_file). */
  keyFilePath: string
  port: number
  host?: string
  /** Where the config (and copied ACL) go; created if missing. */
  runDir: string
  tls: TlsFiles
  /** Adds the test-only `voke-ops` ACL user (see broker/README.md). */
  opsUser?: boolean
  /** Called with each chunk of broker output as it arrives. */
  onLog?: (text: string) => void
}

export interface RunningBroker {
  host: string
  port: number
  caFile: string
  configFile: string
  /** Milliseconds from spawn until a TLS handshake succeeded. */
  startMs: number
  logs(): string
  /** Resolves when the process has exited (true when it exited on its own, e.g. a crash). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  isRunning(): boolean
  stop(): Promise<void>
}

/** Runs `make -C broker` (a no-op when the plugin is up to date); returns the build time. */
let building: Promise<{ pluginPath: string; buildMs: number }> | undefined

/**
 * Builds once per process however many brokers start: two startBroker() calls at once used to run
 * two makes in the same folder, which under CPU load overran the test hooks (and could race on
 * the output files).
 */
export function buildPlugin(): Promise<{ pluginPath: string; buildMs: number }> {
  building ??= make().catch((error: unknown) => {
    building = undefined
    throw error
  })
  return building
}

async function make(): Promise<{ pluginPath: string; buildMs: number }> {
  const started = performance.now()
  try {
    await run('make', ['-s', '-C', BROKER_DIR], { timeout: 300_000 })
  } catch (error) {
    const e = error as { stderr?: string; message: string }
    throw new Error(`Building the broker plugin failed (make -C broker): ${e.stderr || e.message}`)
  }
  return { pluginPath: PLUGIN_PATH, buildMs: performance.now() - started }
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd, timeout: 30_000 })
}

async function certificateValidForADay(certFile: string): Promise<boolean> {
  try {
    await run('openssl', ['x509', '-checkend', '86400', '-noout', '-in', certFile])
    return true
  } catch {
    return false
  }
}

/**
 * A local CA and a server certificate for localhost / 127.0.0.1, made with the openssl CLI.
 * Cached in `dir` (default: one directory per user in the temp dir) so a test run makes it once;
 * built in a scratch directory and renamed into place so parallel callers never see half a set.
 */
export async function ensureTlsFiles(dir = join(tmpdir(), `voke-local-broker-tls-${process.getuid?.() ?? 'user'}`)): Promise<TlsFiles> {
  const files: TlsFiles = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') }
  if (existsSync(files.keyFile) && existsSync(files.caFile) && (await certificateValidForADay(files.certFile))) return files

  // Built beside its final place so the rename stays on one file system.
  mkdirSync(dirname(dir), { recursive: true })
  const scratch = mkdtempSync(`${dir}.tmp-`)
  try {
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
      '-days', '30', '-subj', '/CN=Voke local test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], scratch)
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr',
      '-subj', '/CN=localhost'], scratch)
    writeFileSync(join(scratch, 'server.ext'),
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n')
    await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30',
      '-extfile', 'server.ext', '-out', 'server.crt'], scratch)
    rmSync(join(scratch, 'ca.key')) // nothing may ever sign with the local CA again
    // Debian's mosquitto drops to user `mosquitto` when not told otherwise: keep the files readable.
    for (const name of ['ca.crt', 'server.crt', 'server.key']) chmodSync(join(scratch, name), 0o644)
    chmodSync(scratch, 0o755)
    rmSync(dir, { recursive: true, force: true })
    try {
      renameSync(scratch, dir)
    } catch (error) {
      // Another process may have won the race; its set is as good as ours.
      if (!existsSync(files.certFile)) throw error
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return files
}

/** The mosquitto.conf text for one listener, from broker/mosquitto.conf.template. */
export function renderConfig(values: Record<string, string>): string {
  const template = readFileSync(join(BROKER_DIR, 'mosquitto.conf.template'), 'utf8')
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`mosquitto.conf.template uses {{${name}}}, which has no value`)
    if (/[\r\n]/.test(value)) throw new Error(`The value for {{${name}}} contains a line break`)
    return value
  })
}

/** Resolves once a TLS handshake with the broker succeeds (verifying the certificate with the CA). */
function tlsHandshake(host: string, port: number, ca: Buffer): Promise<boolean> {
  return new Promise((done) => {
    const socket = tlsConnect({ host, port, ca, servername: 'localhost', timeout: 1000 })
    const finish = (ok: boolean) => {
      socket.destroy()
      done(ok)
    }
    // A polite TLS close (close_notify) keeps the broker log free of "unexpected eof" noise.
    socket.once('secureConnect', () => {
      socket.end()
      done(true)
    })
    socket.once('error', () => finish(false))
    socket.once('timeout', () => finish(false))
  })
}

export async function launchBroker(opts: LaunchOptions): Promise<RunningBroker> {
  const host = opts.host ?? '127.0.0.1'
  mkdirSync(opts.runDir, { recursive: true })
  chmodSync(opts.runDir, 0o755)
  let aclFile = ACL_FILE
  if (opts.opsUser) {
    aclFile = join(opts.runDir, 'acl')
    writeFileSync(aclFile, readFileSync(ACL_FILE, 'utf8') + '\n' + readFileSync(OPS_ACL_FILE, 'utf8'), { mode: 0o644 })
  }
  const configFile = join(opts.runDir, 'mosquitto.conf')
  const runningAsRoot = process.getuid?.() === 0
  writeFileSync(
    configFile,
    renderConfig({
      // As root, stay root: the plugin, key and certificates can then live anywhere (tests, CI).
      user_line: runningAsRoot ? 'user root' : '# not root: mosquitto keeps the current user',
      host,
      port: String(opts.port),
      ca_file: opts.tls.caFile,
      cert_file: opts.tls.certFile,
      key_file: opts.tls.keyFile,
      plugin_path: PLUGIN_PATH,
      jwt_key_file: resolve(opts.keyFilePath),
      acl_file: aclFile
    }),
    { mode: 0o644 }
  )

  let output = ''
  const started = performance.now()
  const child: ChildProcess = spawn(mosquittoBinary(), ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] })
  // One UTF-8 decoder per stream (setEncoding): a character split across two chunks stays whole.
  const collect = (text: string) => {
    output += text
    opts.onLog?.(text)
  }
  child.stdout!.setEncoding('utf8').on('data', collect)
  child.stderr!.setEncoding('utf8').on('data', collect)
  let running = true
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => {
      running = false
      done({ code, signal })
    })
    child.once('error', (error) => {
      running = false
      output += `\n[spawn error] ${error.message}\n`
      done({ code: null, signal: null })
    })
  })

  const ca = readFileSync(opts.tls.caFile)
  const deadline = started + 60_000 // ends as soon as the handshake works; room for a loaded machine
  for (;;) {
    if (!running) throw new Error(`mosquitto exited before accepting TLS connections. Its output:\n${output}`)
    if (await tlsHandshake(host === '0.0.0.0' ? '127.0.0.1' : host, opts.port, ca)) break
    if (performance.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`mosquitto did not accept TLS connections on ${host}:${opts.port} within 60 s. Its output:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  const startMs = performance.now() - started

  return {
    host,
    port: opts.port,
    caFile: opts.tls.caFile,
    configFile,
    startMs,
    logs: () => output,
    exited,
    isRunning: () => running,
    async stop() {
      if (!running) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
}
