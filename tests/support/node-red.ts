// A real Node-RED (the version pinned in tests/node-red/package.json) running a copy of
// examples/node-red/flow.json headless, for tests and benchmarks: started with VOKE_* variables
// only, its log parsed into lines by node, stopped with SIGINT as a service manager would.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { FlowNode } from '../../scripts/sync-node-red-flow'
import { waitForOutput } from './wait-for-output'

export const NODE_RED_DIR = resolve(__dirname, '..', 'node-red')
const RED_JS = join(NODE_RED_DIR, 'node_modules', 'node-red', 'red.js')
const INSTALLED_LOCK = join(NODE_RED_DIR, 'node_modules', '.voke-installed-lock.json')
export const FLOW_FILE = resolve(__dirname, '..', '..', 'examples', 'node-red', 'flow.json')

/**
 * Installs the locked Node-RED into tests/node-red/node_modules unless that exact lock is already
 * installed (npm ci wipes the folder, so it runs only when the lock changed: ~10 s, from npm's cache).
 */
export function ensureNodeRed(): void {
  if (nodeRedInstalled()) return
  // Two test workers (or suites) can get here at once, and two npm ci in one folder break each
  // other: flock lets one install while the other waits, then finds it installed.
  execFileSync('flock', [join(tmpdir(), 'voke-docs-node-red-install.lock'), process.execPath, '-e', INSTALL_SCRIPT, NODE_RED_DIR, RED_JS, INSTALLED_LOCK], {
    stdio: 'inherit'
  })
}

function nodeRedInstalled(): boolean {
  const lock = readFileSync(join(NODE_RED_DIR, 'package-lock.json'), 'utf8')
  return existsSync(RED_JS) && existsSync(INSTALLED_LOCK) && readFileSync(INSTALLED_LOCK, 'utf8') === lock
}

/** Run under the lock: checks again (the other worker may have installed it), then npm ci. */
const INSTALL_SCRIPT = `
const { execFileSync } = require('node:child_process')
const { existsSync, readFileSync, writeFileSync } = require('node:fs')
const [dir, redJs, installedLock] = process.argv.slice(1)
const lock = readFileSync(dir + '/package-lock.json', 'utf8')
if (!(existsSync(redJs) && existsSync(installedLock) && readFileSync(installedLock, 'utf8') === lock)) {
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' })
  writeFileSync(installedLock, lock)
}
`

/** The Node-RED version installed for the tests (from its package.json). */
export function nodeRedVersion(): string {
  return (JSON.parse(readFileSync(join(NODE_RED_DIR, 'node_modules', 'node-red', 'package.json'), 'utf8')) as { version: string }).version
}

export function readFlow(): FlowNode[] {
  return JSON.parse(readFileSync(FLOW_FILE, 'utf8')) as FlowNode[]
}

/** One Node-RED log line: `1 Dec 20:00:35 - [info] [function:Voke connection] connected`. */
export interface LogLine {
  level: string
  /** `function:Voke connection`, `mqtt-broker:Voke JWT listener`; '' for the runtime's own lines. */
  node: string
  text: string
  /** Milliseconds since spawn when the line arrived. */
  at: number
}

const LOG_LINE = /^\d+ \w+ [\d:]+ - \[(\w+)\] (?:\[([^\]]+)\] )?(.*)$/

export interface NodeRedRun {
  /** Every log line so far (multi-line entries: one line each, the continuation with level ''). */
  log: LogLine[]
  /** The texts that a node (e.g. `function:Voke connection`) logged, in order. */
  textsOf(node: string): string[]
  /** Resolves with the first line of `node` whose text matches `pattern`. */
  waitFor(node: string, pattern: RegExp, timeoutMs?: number): Promise<LogLine>
  /** Everything Node-RED printed, for failure messages. */
  transcript(): string
  /** SIGINT (Node-RED stops its flows and disconnects), then waits for the exit. */
  stop(): Promise<number | null>
}

export interface NodeRedOptions {
  /** VOKE_* variables for the flow; the test process's own VOKE_* are never passed on. */
  env: Record<string, string>
  /** Seconds between the "reading" inject node's messages (the flow's own default is 10). */
  readingEverySeconds?: number
}

/** Starts Node-RED on a copy of the flow in a temporary user directory (removed by stop()). */
export function startNodeRed(opts: NodeRedOptions): NodeRedRun {
  const userDir = mkdtempSync(join(tmpdir(), 'voke-node-red-'))
  const flowFile = join(userDir, 'flow.json')
  if (opts.readingEverySeconds === undefined) copyFileSync(FLOW_FILE, flowFile)
  else {
    const flow = readFlow()
    const reading = flow.find((n) => n.type === 'inject' && n.name?.startsWith('reading'))
    if (!reading) throw new Error('flow.json has no inject node named "reading …"')
    reading.repeat = String(opts.readingEverySeconds)
    writeFileSync(flowFile, JSON.stringify(flow))
  }
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('VOKE_') || name.startsWith('NODE_RED')) delete env[name]
  Object.assign(env, opts.env, { VOKE_TEST_FLOW_FILE: flowFile, VOKE_TEST_USER_DIR: userDir })
  const started = performance.now()
  const child = spawn(process.execPath, [RED_JS, '--settings', join(NODE_RED_DIR, 'settings.js')], { cwd: userDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const log: LogLine[] = []
  let raw = ''
  let partial = ''
  const waiters = new Set<() => void>()
  const onData = (chunk: string) => {
    raw += chunk
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    for (const line of parts) {
      const match = LOG_LINE.exec(line)
      log.push(match ? { level: match[1]!, node: match[2] ?? '', text: match[3]!, at: performance.now() - started } : { level: '', node: '', text: line, at: performance.now() - started })
    }
    waiters.forEach((check) => check())
  }
  child.stdout.setEncoding('utf8').on('data', onData)
  child.stderr.setEncoding('utf8').on('data', onData)
  let exited = false
  const exit = new Promise<number | null>((resolveExit) =>
    child.on('close', (code) => {
      exited = true
      waiters.forEach((check) => check())
      resolveExit(code)
    })
  )
  const transcript = () => raw
  return {
    log,
    textsOf: (node) => log.filter((l) => l.node === node).map((l) => l.text),
    transcript,
    waitFor(node, pattern, timeoutMs = 90_000) { // a first line can take a loaded machine 45 s (Node-RED starting)
      return waitForOutput({ waiters, ended: () => exited }, () => log.find((l) => l.node === node && pattern.test(l.text)), timeoutMs, {
        ended: () => `Node-RED exited before [${node}] logged ${pattern}\n${transcript()}`,
        timedOut: () => `[${node}] logged nothing matching ${pattern} within ${timeoutMs} ms\n${transcript()}`
      })
    },
    async stop() {
      if (!exited) child.kill('SIGINT')
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      const code = await exit
      clearTimeout(killer)
      rmSync(userDir, { recursive: true, force: true })
      return code
    }
  }
}
