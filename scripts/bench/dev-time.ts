// The two waits of the docs team's loop (README: Editing the guide), timed on throwaway copies:
//   dev server start → first page: `next dev --turbopack` spawned on a fresh copy (no .next/, as
//   after a clone) until Chromium has loaded `/`;
//   saved edit → updated page: a sentence appended to content/index.mdx until it shows in that open
//   page (hot reload, no navigation).
// Stock Nextra (./bare-nextra, the same node_modules) is timed in the same rounds, interleaved, so
// both sides see the same machine load. `npm run bench` prints the rows (hook in run.ts); alone:
//   npx tsx scripts/bench/dev-time.ts [--starts N] [--rev <commit>: time the site at that commit too]
//   npx tsx scripts/bench/dev-time.ts --trace <dir>: instead, one first page each with Turbopack's
//   trace on (NEXT_TURBOPACK_TRACING=1), kept as <dir>/site.trace and <dir>/stock-nextra.trace for
//   scripts/bench/turbopack-trace.ts
import { spawn } from 'node:child_process'
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { chromiumLaunchOptions } from '../../tests/support/chromium'
import { bareNextraCopy, siteCopy } from '../../tests/support/project-copy'
import { freePort } from './serve'
import { spread, type Spread } from './stats'
import { markdownTable, type Row } from './table'

const root = join(__dirname, '..', '..')

// Each start compiles from nothing (tens of seconds on a loaded 2-core machine): few, interleaved.
const STARTS = 3
const EDITS_PER_START = 4
// Generous: a loaded machine may take minutes for a cold compile; a hang still ends the step.
const FIRST_PAGE_TIMEOUT_MS = 900_000
const EDIT_TIMEOUT_MS = 300_000

export interface DevTimes {
  firstPage: Spread
  /** CPU seconds the dev server's processes used up to the first page: wall time depends on what else the machine runs, this much less. */
  firstPageCpu: Spread
  edit: Spread
}

/** user + system CPU seconds of every live process in process group `pgid` (Linux /proc; 0 elsewhere). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0
  let entries: string[] = []
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return 0
  }
  for (const pid of entries) {
    try {
      // Fields after the ")" closing the command name: state is field 3, pgrp 5, utime 14, stime 15,
      // then cutime and cstime (children that ended and were waited for, e.g. finished workers).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100 // USER_HZ is 100 on Linux
}

interface DevServer {
  url: string
  /** Everything the server printed so far. */
  output: () => string
  cpuSeconds: () => number
  stop: () => Promise<void>
}

/** `next dev --turbopack` in `dir`; resolves once it prints Ready (the whole output so far is searched). */
async function startDev(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<DevServer> {
  const port = await freePort()
  // Telemetry off, as the site's own `npm run dev` has it (scripts/next.mjs), for the baseline too.
  const child = spawn(process.execPath, [join(root, 'scripts', 'next.mjs'), 'dev', '--turbopack', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true // its own process group: stop() ends the server and every worker it started
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const onData = (text: string) => {
      output += text
      if (/Ready in/.test(output)) resolve()
    }
    // Decoded as UTF-8 streams, so a character split across two chunks arrives whole.
    child.stdout!.setEncoding('utf8').on('data', onData)
    child.stderr!.setEncoding('utf8').on('data', onData)
    child.on('exit', (code) => reject(new Error(`next dev exited with ${code} before Ready:\n${output.slice(-2000)}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    cpuSeconds: () => groupCpuSeconds(child.pid!),
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        return // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
    }
  }
}

/** Resolves when the page's hot-reload websocket (`/_next/webpack-hmr`) has had its first message. */
function hotReloadSocketAnswered(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      if (socket.url().includes('/_next/webpack-hmr')) socket.once('framereceived', () => resolve())
    })
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** One cold start and a few saved edits in `dir`; milliseconds. */
async function oneStart(browser: Browser, dir: string, round: number): Promise<{ firstPage: number; firstPageCpu: number; edits: number[] }> {
  rmSync(join(dir, '.next'), { recursive: true, force: true })
  const page = await browser.newPage()
  const hotReloadConnected = hotReloadSocketAnswered(page)
  const started = performance.now()
  const server = await startDev(dir)
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'load', timeout: FIRST_PAGE_TIMEOUT_MS })
    const firstPage = performance.now() - started
    const firstPageCpu = server.cpuSeconds()
    // An edit saved before the page's hot-reload socket is open is never shown (the update goes
    // to no one), which failed a run now and then: the editor's real loop starts from an open page.
    await withTimeout(hotReloadConnected, EDIT_TIMEOUT_MS, 'the page never opened its hot-reload socket')
    const edits: number[] = []
    for (let i = 1; i <= EDITS_PER_START; i++) {
      const sentence = `Saved edit ${round}-${i} shows here.`
      const saved = performance.now()
      appendFileSync(join(dir, 'content', 'index.mdx'), `\n\n${sentence}\n`)
      await page
        .getByText(sentence)
        .waitFor({ timeout: EDIT_TIMEOUT_MS })
        .catch((error: Error) => {
          throw new Error(`${dir}: "${sentence}" never showed (${error.message}); the dev server's last output:\n${server.output().slice(-3000)}`)
        })
      edits.push(performance.now() - saved)
    }
    return { firstPage, firstPageCpu, edits }
  } finally {
    await page.close()
    await server.stop()
  }
}

/** Times every project in `dirs` for `starts` rounds, the projects interleaved within each round. */
export async function devTimes(browser: Browser, dirs: string[], starts = STARTS): Promise<DevTimes[]> {
  const samples = dirs.map(() => ({ firstPage: [] as number[], firstPageCpu: [] as number[], edit: [] as number[] }))
  for (let round = 1; round <= starts; round++) {
    for (const [i, dir] of dirs.entries()) {
      const t = await oneStart(browser, dir, round)
      console.error(`[bench] dev ${dir}: round ${round}: first page ${(t.firstPage / 1000).toFixed(1)} s (CPU ${t.firstPageCpu.toFixed(1)} s), edits ${t.edits.map((ms) => (ms / 1000).toFixed(2)).join(' ')} s`)
      samples[i]!.firstPage.push(t.firstPage)
      samples[i]!.firstPageCpu.push(t.firstPageCpu)
      samples[i]!.edit.push(...t.edits)
    }
  }
  return samples.map((s) => ({ firstPage: spread(s.firstPage), firstPageCpu: spread(s.firstPageCpu), edit: spread(s.edit) }))
}

const seconds = (s: Spread) => `${(s.median / 1000).toFixed(1)} s (IQR ${(s.p25 / 1000).toFixed(1)}–${(s.p75 / 1000).toFixed(1)}, n=${s.n})`
const cpu = (s: Spread) => `${s.median.toFixed(1)} CPU s`
const secondsFine = (s: Spread) => `${(s.median / 1000).toFixed(2)} s (IQR ${(s.p25 / 1000).toFixed(2)}–${(s.p75 / 1000).toFixed(2)}, n=${s.n})`

/** The bench rows: the site's two waits with stock Nextra's from the same rounds beside them. */
export async function devServerRows(starts = STARTS, rev?: string): Promise<Row[]> {
  const dirs = [siteCopy(), bareNextraCopy(), ...(rev ? [siteCopy(rev)] : [])]
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    const [site, bare, before] = await devTimes(browser, dirs, starts)
    const how = `next dev --turbopack (scripts/next.mjs) on a fresh copy of the tracked files, no .next/, node_modules hard-linked; ${starts} starts, interleaved with stock Nextra (bench/bare-nextra) and timed the same way`
    const rows: Row[] = [
      {
        measure: 'npm run dev: start → first page',
        figure:
          `${seconds(site!.firstPage)}, ${cpu(site!.firstPageCpu)} · stock Nextra: ${seconds(bare!.firstPage)}, ${cpu(bare!.firstPageCpu)}` +
          (before ? ` · site at ${rev}: ${seconds(before.firstPage)}, ${cpu(before.firstPageCpu)}` : ''),
        goal: '≤ 10 s',
        met: site!.firstPage.median <= 10_000,
        how: `${how}: spawn → Chromium's load event on /; CPU s: user+system of the server's process group by then (medians), less bent by the machine's load than the wall time`
      },
      {
        measure: 'npm run dev: saved edit → updated page',
        figure: `${secondsFine(site!.edit)} · stock Nextra: ${secondsFine(bare!.edit)}` + (before ? ` · site at ${rev}: ${secondsFine(before.edit)}` : ''),
        goal: '≤ 1.5 s',
        met: site!.edit.median <= 1_500,
        how: `${how}: a sentence appended to content/index.mdx → shown in the open page (hot reload), ${EDITS_PER_START} edits per start`
      }
    ]
    return rows
  } finally {
    await browser.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

/** One first page of the site and of stock Nextra with Turbopack's trace on; the traces are copied to `outDir`. */
export async function recordTraces(outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true })
  const kept: string[] = []
  for (const [name, copy] of [['site', siteCopy], ['stock-nextra', bareNextraCopy]] as const) {
    const dir = copy()
    try {
      const started = performance.now()
      const server = await startDev(dir, { ...process.env, NEXT_TURBOPACK_TRACING: '1' })
      try {
        const response = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(FIRST_PAGE_TIMEOUT_MS) })
        await response.text()
        console.error(`[bench] dev ${name}: first page (${response.status}) ${((performance.now() - started) / 1000).toFixed(1)} s with tracing on, CPU ${server.cpuSeconds().toFixed(1)} s`)
      } finally {
        await server.stop()
      }
      const file = join(outDir, `${name}.trace`)
      copyFileSync(join(dir, '.next', 'trace-turbopack'), file)
      kept.push(file)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return kept
}

if (require.main === module) {
  const arg = (flag: string) => {
    const i = process.argv.indexOf(flag)
    return i === -1 ? undefined : process.argv[i + 1]
  }
  const traceDir = arg('--trace')
  const run = traceDir
    ? recordTraces(traceDir).then((files) => console.log(files.map((f) => `npx tsx scripts/bench/turbopack-trace.ts ${f}`).join('\n')))
    : devServerRows(Number(arg('--starts') ?? STARTS), arg('--rev')).then((rows) => console.log(markdownTable(rows)))
  run
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
