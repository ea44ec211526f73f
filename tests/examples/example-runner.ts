// Runs an example program the way an integrator does: the TypeScript one with tsx, the Python one
// on both Python stacks (Debian's paho-mqtt 1.6 and pip's 2.1, see tests/support/python-envs.ts),
// the C one built with its Makefile, plain and under AddressSanitizer/UBSan. Each is configured
// only through flags and VOKE_* variables; tests get what it printed, its exit, and a voke-ops
// client that sees the plant's topics from Voke's side.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { MqttClient } from 'mqtt'
import type { TestBroker } from '../support/broker'
import { cExampleBinary } from '../support/c-example'
import { connectClient } from '../support/mqtt-connect'
import { waitForOutput } from '../support/wait-for-output'
import { pythonEnvs } from '../support/python-envs'
import { OPS_USERNAME, PLANT_ID, rs256Token } from '../broker/tokens'

export const REPO = resolve(__dirname, '..', '..')

interface ExampleProgramSpec {
  /** The example's source file, relative to the repository root. */
  file: string
  /** The program to start and its first arguments (before the run's own); resolved on first use. */
  launch(): { command: string; args: string[] }
  /** Environment the program needs besides the run's VOKE_* variables. */
  env: Record<string, string>
  /** Option A through Voke's token API (VOKE_SESSION_COOKIE); the C program takes VOKE_TOKEN only. */
  tokenApi: boolean
}

const interpreter = (name: string) => pythonEnvs().find((e) => e.name === name)!.python
const python = (name: 'python-paho1.6' | 'python-paho2.1'): ExampleProgramSpec => ({
  file: 'examples/plc/mqtt_jwt.py',
  launch: () => ({ command: interpreter(name), args: ['examples/plc/mqtt_jwt.py'] }),
  env: {},
  tokenApi: true
})
const c = (sanitized: boolean): ExampleProgramSpec => ({
  file: 'examples/c/voke_connect.c',
  launch: () => ({ command: cExampleBinary({ sanitized }), args: [] }),
  // Any leak, overflow or undefined behaviour ends the run with exit 99 and a report on stderr.
  env: sanitized ? { ASAN_OPTIONS: 'detect_leaks=1:exitcode=99', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1:exitcode=99' } : {},
  tokenApi: false
})

/** The programs every scenario runs: one contract, five ways to meet it. */
export const EXAMPLE_PROGRAMS = {
  typescript: {
    file: 'examples/plc/mqtt-jwt.ts',
    launch: () => ({ command: join(REPO, 'node_modules', '.bin', 'tsx'), args: ['examples/plc/mqtt-jwt.ts'] }),
    env: {},
    tokenApi: true
  },
  'python-paho1.6': python('python-paho1.6'),
  'python-paho2.1': python('python-paho2.1'),
  c: c(false),
  'c-asan': c(true)
} satisfies Record<string, ExampleProgramSpec>

export type ExampleProgram = keyof typeof EXAMPLE_PROGRAMS
export const ALL_PROGRAMS = Object.keys(EXAMPLE_PROGRAMS) as ExampleProgram[]
/** The programs that also get tokens from Voke's token API (VOKE_SESSION_COOKIE). */
export const usesTokenApi = (program: ExampleProgram): boolean => EXAMPLE_PROGRAMS[program].tokenApi

export type Protocol = '5' | '3.1.1'

export interface ExampleRun {
  program: ExampleProgram
  pid: number
  /** Every stdout line so far, in order. */
  lines: string[]
  /** stderr so far (the example prints nothing there unless it crashes). */
  stderr(): string
  /** Resolves with the first stdout line matching `pattern`, waiting up to `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code once the program has ended (null: killed by a signal). */
  exit: Promise<number | null>
  /** Everything the run printed, for failure messages. */
  transcript(): string
}

export interface RunOptions {
  program: ExampleProgram
  args: string[]
  /** VOKE_* variables; the test process's own VOKE_* are never passed on. */
  env?: Record<string, string>
  /** The run is killed after this long (it should have exited by itself). */
  timeoutMs?: number
}

/** How to kill each run still going; stopExampleRuns() ends them all. */
const liveRuns = new Set<() => void>()

/**
 * Ends every run still going (call it in afterEach of sequential tests, afterAll where tests run
 * concurrently): a run left over by a failed or timed-out test keeps connecting with the plant's
 * client id, takes the connection over from the next test's run again and again, and fails that
 * test too (one slow test under CPU load cost 20 more).
 */
export function stopExampleRuns(): void {
  for (const kill of liveRuns) kill()
  liveRuns.clear()
}

/** Starts the program (e.g. `tsx examples/plc/mqtt-jwt.ts <args>`) from the repository root. */
export function runExample(opts: RunOptions): ExampleRun {
  const spec: ExampleProgramSpec = EXAMPLE_PROGRAMS[opts.program]
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(env)) if (/^(VOKE_|PYTHON|ASAN_|UBSAN_)/.test(name)) delete env[name]
  Object.assign(env, spec.env, opts.env)
  const { command, args } = spec.launch()
  // Its own process group, killed whole: tsx runs the program in a node child that a SIGKILL to
  // tsx alone would leave running (holding the pipes open, so the run never ends either).
  const child = spawn(command, [...args, ...opts.args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  liveRuns.add(killGroup)
  const lines: string[] = []
  let partial = ''
  let stderr = ''
  const waiters = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    waiters.forEach((check) => check())
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  // A safety net for a run that hangs (tests wait for the exit): generous, a loaded machine runs tsx slowly.
  const killer = setTimeout(killGroup, opts.timeoutMs ?? 90_000)
  const exit = new Promise<number | null>((resolveExit) =>
    child.on('close', (code) => {
      clearTimeout(killer)
      liveRuns.delete(killGroup)
      if (partial) lines.push(partial)
      waiters.forEach((check) => check())
      resolveExit(code)
    })
  )
  let ended = false
  void exit.then(() => (ended = true))
  const transcript = () => `stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`
  return {
    program: opts.program,
    pid: child.pid ?? -1,
    lines,
    stderr: () => stderr,
    exit,
    transcript,
    waitFor(pattern, timeoutMs = 30_000) {
      return waitForOutput({ waiters, ended: () => ended }, () => lines.find((l) => pattern.test(l)), timeoutMs, {
        ended: () => `The example exited without printing ${pattern}\n${transcript()}`,
        timedOut: () => `No line matching ${pattern} within ${timeoutMs} ms\n${transcript()}`
      })
    }
  }
}

/**
 * The pid of the process that runs the example, for a test that suspends it (SIGSTOP). Python and
 * C are the process itself; tsx starts node as a child and forwards only SIGINT/SIGTERM, so for
 * TypeScript it is that child (found through Linux /proc).
 */
export function programPid(run: ExampleRun): number {
  if (run.program !== 'typescript') return run.pid
  const file = EXAMPLE_PROGRAMS.typescript.file
  const children = readdirSync(`/proc/${run.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${run.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  )
  const program = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(file))
  if (program === undefined) throw new Error(`No child of tsx (pid ${run.pid}) runs ${file}`)
  return program
}

/** The flags that point the example at a local test broker, with a plant id and protocol. */
export function brokerFlags(broker: TestBroker, protocol: Protocol, plantId = PLANT_ID): string[] {
  return ['--host', broker.host, '--port', String(broker.port), '--ca-file', broker.caFile, '--plant-id', plantId, '--protocol', protocol]
}

/** Lines the example printed with a prefix, e.g. `published`. */
export function linesStartingWith(run: ExampleRun, prefix: string): string[] {
  return run.lines.filter((line) => line.startsWith(`${prefix} `) || line === prefix)
}

/** The telemetry sequence numbers in the example's `published` lines. */
export function publishedSequence(run: ExampleRun): number[] {
  return linesStartingWith(run, 'published').map((line) => (JSON.parse(line.slice(line.indexOf('{'))) as { seq: number }).seq)
}

/** A voke-ops client (test-only identity) subscribed to the plant's telemetry, recording what arrives. */
export interface OpsClient {
  client: MqttClient
  telemetry: { topic: string; payload: string }[]
  /** Sequence numbers received so far, sorted, without duplicates (QoS 1 may deliver twice). */
  sequences(): number[]
  /** Waits until every sequence number 1..n has arrived. */
  waitForSequences(n: number, timeoutMs?: number): Promise<void>
  end(): Promise<void>
}

export async function opsClient(broker: TestBroker, protocol: Protocol, plantId = PLANT_ID): Promise<OpsClient> {
  const result = await connectClient({
    host: broker.host, port: broker.port, caFile: broker.caFile, username: OPS_USERNAME,
    password: rs256Token(OPS_USERNAME), clientId: `${OPS_USERNAME}-ts-${process.pid}-${Date.now()}`, protocol
  })
  if (!result.client) throw new Error(`voke-ops was refused with CONNACK ${result.connack}`)
  const client = result.client
  const telemetry: OpsClient['telemetry'] = []
  client.on('message', (topic, payload) => telemetry.push({ topic, payload: payload.toString() }))
  await client.subscribeAsync(`cpi/${plantId}/telemetry`, { qos: 1 })
  const sequences = () => [...new Set(telemetry.map((m) => (JSON.parse(m.payload) as { seq: number }).seq))].sort((a, b) => a - b)
  return {
    client,
    telemetry,
    sequences,
    async waitForSequences(n, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      while (sequences().filter((s) => s >= 1 && s <= n).length < n) {
        if (Date.now() > deadline) throw new Error(`voke-ops received sequences ${JSON.stringify(sequences())}, expected 1..${n}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    end: () => client.endAsync()
  }
}

/** Waits until the broker log, after offset `since`, has a line containing `text`. */
export async function waitForLog(logs: () => string, since: number, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!logs().slice(since).includes(text)) {
    if (Date.now() > deadline) throw new Error(`The broker log has no "${text}" after offset ${since}:\n${logs().slice(since)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** `1..n`, for comparing sequence numbers. */
export const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

/** One plugin decision about a client id, with Mosquitto's timestamp (whole seconds since the epoch). */
export interface LoggedDecision {
  at: number
  accepted: boolean
  rule: string
  line: string
}

/** Every decision the broker's plugin logged for `clientId` (log lines start with a Unix time). */
export function decisionsFor(logs: string, clientId = PLANT_ID): LoggedDecision[] {
  const pattern = /^(\d+): voke-jwt-auth: (accepted|refused) client "([^"]*)" username "[^"]*": (\S+)/
  return logs
    .split('\n')
    .map((line) => ({ line, match: pattern.exec(line) }))
    .filter(({ match }) => match && match[3] === clientId)
    .map(({ line, match }) => ({ at: Number(match![1]), accepted: match![2] === 'accepted', rule: match![4]!, line }))
}

/** Mosquitto's protocol tag for a client's connections: p5 = MQTT 5, p2 = MQTT 3.1.1. */
export function protocolTags(logs: string, clientId = PLANT_ID): string[] {
  return [...logs.matchAll(/New client connected from \S+ as (\S+) \((p\d)/g)].filter((m) => m[1] === clientId).map((m) => m[2]!)
}
