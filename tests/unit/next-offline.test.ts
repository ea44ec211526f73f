// `npm run dev` and `npm run build` print no telemetry notice and reach no other host, whatever the
// caller's environment: Next runs with a clean one (a fresh HOME, so no global `next telemetry
// disable`; no NEXT_TELEMETRY_DISABLED, CI or NODE_OPTIONS) under strace, which sees every connect()
// of every process, Turbopack's Rust code included, and works offline (a refused attempt counts).
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/bench/serve'
import { bareNextraCopy, projectRoot, siteCopy } from '../support/project-copy'
import { tempDirs } from '../support/temp-dir'
import { offMachine, watchConnections, type Attempt } from '../support/watch-connections'

const temp = tempDirs()
const copies: string[] = []
// Each copy holds a hard-linked node_modules (~57 000 entries): removing it takes a while when loaded.
afterAll(() => {
  temp.removeAll()
  for (const dir of copies) rmSync(dir, { recursive: true, force: true })
}, 300_000)

const telemetryNotice = /telemetry/i
// Cold compiles on a loaded 2-core machine can take minutes (at load 35: dev 4.5 min, build 6.5 min).
const NEXT_TIMEOUT_MS = 900_000

/** What a docs writer's shell might lack: nothing from this test run's environment but PATH. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (name !== 'PATH') delete env[name]
  env.HOME = temp.make('voke-clean-home-')
  return env
}

const describeAttempts = (attempts: Attempt[]) => attempts.map((a) => `${a.address}:${a.port}  ${a.line}`).join('\n')

/** Project files that can start Next (the bare-nextra baseline holds no scripts). */
function projectScripts(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name)
      if (name === 'node_modules' || name === 'bare-nextra') return []
      return statSync(full).isDirectory() ? walk(full) : [full]
    })
  return [join(projectRoot, 'playwright.config.ts'), ...walk(join(projectRoot, 'scripts')), ...walk(join(projectRoot, '.ci'))]
}

// Ways to start Next other than `node scripts/next.mjs`, matched in code with its comments removed.
const startsNextInShell = /(^|&&|\|\||;|\$\(|["'])\s*(npx\s+)?next\s+(dev|build|start|export)\b/m
const startsNextInJs = /\bnpx\s+next\b|node_modules\/(\.bin|next\/dist\/bin)\/next\b|\b(exec|spawn|execFile)\w*\(\s*['"`](npx\s+)?next['"`\s]/

/** True if `code` (the text of a file named `file`) starts Next directly; comments are not code. */
export function startsNextDirectly(file: string, code: string): boolean {
  if (/\.(sh)$/.test(file) || !/\.\w+$/.test(file)) return startsNextInShell.test(code.replace(/^\s*#.*$/gm, ''))
  if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(file)) return startsNextInJs.test(code.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1'))
  return false
}

describe('Next runs offline: telemetry off, no other host', () => {
  it('every npm script and project script that starts Next goes through scripts/next.mjs', () => {
    const direct = projectScripts()
      .filter((file) => !file.endsWith(join('scripts', 'next.mjs')))
      .filter((file) => startsNextDirectly(file, readFileSync(file, 'utf8')))
      .map((file) => relative(projectRoot, file))
    expect(direct, 'start Next with `node scripts/next.mjs …` (telemetry off, no fetch to other hosts)').toEqual([])
    const scripts = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts as Record<string, string>
    const npmDirect = Object.entries(scripts).filter(([, command]) => startsNextInShell.test(command))
    expect(npmDirect).toEqual([])
    expect(scripts.dev).toMatch(/^node scripts\/next\.mjs dev\b/)
    expect(scripts.build).toMatch(/^node scripts\/next\.mjs build\b/)
  })

  it('the check above catches Next started directly, and not words about it', () => {
    const direct: [string, string][] = [
      ['x.sh', 'set -e\nnpx next build >log'],
      ['x.sh', 'flock l bash -c "next build && cp -r out t"'],
      ['x.ts', "execSync('npx next build', { cwd })"],
      ['x.ts', "spawn('next', ['dev'])"],
      ['x.mjs', 'spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev"])']
    ]
    for (const [file, code] of direct) expect(startsNextDirectly(file, code), code).toBe(true)
    const fine: [string, string][] = [
      ['x.sh', '# runs next build under the lock\nnode scripts/next.mjs build'],
      ['x.ts', "// `next build` must run under the flock\nrows.push({ measure: 'next build + search index' })"],
      ['x.ts', "spawn(process.execPath, ['scripts/next.mjs', 'dev'])"]
    ]
    for (const [file, code] of fine) expect(startsNextDirectly(file, code), code).toBe(false)
    expect(startsNextInShell.test('next dev --turbopack')).toBe(true)
  })

  it('in a clean environment Next itself reports telemetry enabled, and disabled through scripts/next.mjs', () => {
    // In a container Next keeps its telemetry settings in ./cache of the working dir: a scratch one.
    const cwd = temp.make('voke-telemetry-status-')
    symlinkSync(join(projectRoot, 'node_modules'), join(cwd, 'node_modules'))
    const status = (args: string[]) => execFileSync(process.execPath, args, { cwd, env: cleanEnv(), encoding: 'utf8' })
    expect(status([join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'telemetry', 'status'])).toMatch(/Status: Enabled/)
    expect(status([join(projectRoot, 'scripts', 'next.mjs'), 'telemetry', 'status'])).toMatch(/Status: Disabled/)
  })

  it('the connection watch sees a fetch to another host even with no network, and the fetch guard stops it', async () => {
    const fetchRegistry = "fetch('https://registry.npmjs.org/-/package/next/dist-tags').catch(() => {})"
    const bare = await watchConnections([process.execPath, '-e', fetchRegistry], { cwd: projectRoot, env: cleanEnv(), timeoutMs: 60_000 })
    expect(offMachine(bare.attempts).length).toBeGreaterThan(0)
    const guarded = await watchConnections([process.execPath, '--require', './scripts/offline-fetch.cjs', '-e', fetchRegistry], { cwd: projectRoot, env: cleanEnv(), timeoutMs: 60_000 })
    expect(describeAttempts(offMachine(guarded.attempts))).toBe('')
  }, 120_000)

  it(
    'npm run dev serves the first page with no telemetry notice and nothing sent off the machine',
    async () => {
      const dir = siteCopy()
      copies.push(dir)
      const port = await freePort()
      let status = 0
      let body = ''
      const run = await watchConnections(['npm', 'run', 'dev', '--', '--port', String(port), '--hostname', '127.0.0.1'], {
        cwd: dir,
        env: cleanEnv(),
        ready: /Ready in/,
        whileRunning: async () => {
          const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(NEXT_TIMEOUT_MS) })
          status = response.status
          body = await response.text()
        },
        timeoutMs: NEXT_TIMEOUT_MS
      })
      expect(status, run.output.slice(-3000)).toBe(200)
      expect(body).toContain('Voke JWT onboarding')
      expect(run.output).not.toMatch(telemetryNotice)
      expect(describeAttempts(offMachine(run.attempts))).toBe('')
    },
    NEXT_TIMEOUT_MS + 60_000
  )

  it(
    'next build through scripts/next.mjs (stock Nextra page) prints no telemetry notice and sends nothing off the machine',
    async () => {
      const dir = bareNextraCopy()
      copies.push(dir)
      const run = await watchConnections([process.execPath, join(projectRoot, 'scripts', 'next.mjs'), 'build'], { cwd: dir, env: cleanEnv(), timeoutMs: NEXT_TIMEOUT_MS })
      expect(run.output).toMatch(/Generating static pages/)
      expect(run.output).not.toMatch(telemetryNotice)
      expect(describeAttempts(offMachine(run.attempts))).toBe('')
    },
    NEXT_TIMEOUT_MS + 60_000
  )
})
