// npm run bench: builds the site (under the shared build lock) and two Nextra baselines (the bare
// stock page, and the stock theme showing the site's reading page: see bare-build.ts), then
// measures page weight, key generation, playground verdict speed, Lighthouse and build time, and
// prints one markdown table. Benchmarks print figures and assert nothing; the exit code is
// non-zero only if a step crashed.
// Usage: npm run bench [-- --no-build --site <dir with a built out/>]
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { chromiumExecutable, chromiumLaunchOptions } from '../../tests/support/chromium'
import { sitePages } from '../../tests/support/site-pages'
import { buildBareNextra, buildStockWithPage, type BareBuild } from './bare-build'
import { devServerRows } from './dev-time'
import { brokerTimes } from './broker-time'
import { htmlSizeRows, stylesheetRows } from './html-size'
import { keygenTimes } from './keygen-time'
import { lighthouseScores, type Category, type LighthouseResult } from './lighthouse'
import { nginxWireRows } from './nginx-wire'
import { pageJs, pagesJs } from './page-weight'
import { readingPage } from './reading-page'
import { serveDir } from './serve'
import { buildSite, type SiteBuild } from './site-build'
import { describe, fmt, spread } from './stats'
import { markdownTable, type Row } from './table'
import { libraryVerdictTimes, playgroundVerdictTimes } from './verdict-time'

// Timings are noisy on a 2-core machine: medians over these many runs.
const KEYGEN_RUNS = 21
const VERDICT_RUNS = 40
const LIGHTHOUSE_RUNS = 5
const LIGHTHOUSE_ROUTES = ['/', '/keys', '/tokens', '/connect', '/quick-start']
const BROKER_STARTS = 9
const root = join(__dirname, '..', '..')

process.env.NEXT_TELEMETRY_DISABLED = '1'
process.env.CHROME_PATH = chromiumExecutable // lighthouse must never look for (or fetch) another browser

const rows: Row[] = []
const crashed: string[] = []

/** Runs one step; a crash is reported and recorded, and the remaining steps still run. */
async function step<T>(name: string, fn: () => T | Promise<T>): Promise<T | undefined> {
  console.error(`[bench] ${name}…`)
  try {
    return await fn()
  } catch (error) {
    crashed.push(name)
    console.error(`[bench] ${name} crashed:`, error)
    rows.push({ measure: name, figure: 'step crashed', goal: '—', met: false, how: 'see the error above the table' })
    return undefined
  }
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag)
  return i === -1 ? undefined : process.argv[i + 1]
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

async function pageWeightRows(browser: Browser, siteUrl: string, bareUrl: string) {
  const reading = readingPage()
  const bare = await pageJs(browser, `${bareUrl}/`)
  const pages = await pagesJs(browser, siteUrl, sitePages().map((p) => p.route))
  const how = 'Chromium, every script loaded until network idle and after an idle callback (widgets load their code then), gzip -9 each, summed'
  for (const [route, bytes] of pages) {
    const label = route === reading ? `gzip JS ${route} (reading page)` : `gzip JS ${route}`
    rows.push({ measure: label, figure: `${kib(bytes)} (${(bytes / bare).toFixed(2)}× bare)`, goal: '—', met: undefined, how })
  }
  rows.push({ measure: 'gzip JS bare Nextra page', figure: kib(bare), goal: '—', met: undefined, how: `${how}; stock Nextra 4 theme, one MDX page, built in this run` })
  const ratio = pages.get(reading)! / bare
  rows.push({
    measure: `reading page ${reading} / bare Nextra`,
    figure: ratio.toFixed(3),
    goal: '≤ 1.05',
    met: ratio <= 1.05,
    how: `gzip JS of ${reading} (first page in route order placing no components/widgets widget) ÷ bare page`
  })
}

async function keygenRow(browser: Browser, siteUrl: string) {
  const t = await keygenTimes(browser, siteUrl, KEYGEN_RUNS)
  rows.push({
    measure: 'keygen click-to-files / raw generateKey',
    figure: `${t.ratio.toFixed(2)} (paired, IQR ${t.pairedRatios.p25.toFixed(2)}–${t.pairedRatios.p75.toFixed(2)}, n=${t.pairedRatios.n})`,
    goal: '≤ 1.2',
    met: t.ratio <= 1.2,
    how: `/keys, RSA-2048: each click's time to the four files ÷ the generateKey call inside it, median over clicks; for context, click medians ${fmt(t.widget.median)} ms vs separate bare generateKey ${fmt(t.raw.median)} ms (IQR ${fmt(t.widget.p25)}–${fmt(t.widget.p75)} vs ${fmt(t.raw.p25)}–${fmt(t.raw.p75)})`
  })
}

async function verdictRows(browser: Browser, siteUrl: string) {
  const widget = await playgroundVerdictTimes(browser, siteUrl, VERDICT_RUNS)
  const how = '/tokens: textarea value set + input event → verdict data-rule changed in the DOM, valid/broken-signature token alternating, 3 warm-up edits'
  if (!widget) {
    rows.push({ measure: 'playground verdict after edit', figure: 'no playground on /tokens', goal: '< 16 ms', met: false, how })
  } else {
    rows.push({ measure: 'playground verdict after edit', figure: describe(widget), goal: '< 16 ms', met: widget.median < 16, how })
  }
  const lib = await libraryVerdictTimes(browser, root, VERDICT_RUNS)
  rows.push({ measure: 'brokerVerdict() alone (reference)', figure: describe(lib), goal: '—', met: undefined, how: 'lib/tokens brokerVerdict bundled with esbuild, called in a blank page of the same browser' })
}

/** The stock theme showing one of the site's pages, served: what the theme alone costs for it. */
interface StockPage {
  route: string
  url: string
}

async function lighthouseRows(siteUrl: string, bareUrl: string | undefined, stock: StockPage | undefined) {
  // The baselines are scored in the same rounds as the site's pages (see lighthouseScores), so
  // each page's figures stand beside baselines measured under the same machine load.
  const urls = [
    ...(bareUrl ? [`${bareUrl}/`] : []),
    ...(stock ? [`${stock.url}${stock.route}`] : []),
    ...LIGHTHOUSE_ROUTES.map((route) => `${siteUrl}${route}`)
  ]
  const results = await lighthouseScores('', urls, LIGHTHOUSE_RUNS)
  const bare = bareUrl ? results.shift() : undefined
  const stockResult = stock ? results.shift() : undefined
  const short: Record<Category, string> = { performance: 'perf', accessibility: 'a11y', 'best-practices': 'bp', seo: 'seo' }
  const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`
  const tbtMedian = (r: { tbtRuns: number[] }) => spread(r.tbtRuns).median
  const perfAndTbt = (r: LighthouseResult) => `perf ${r.scores.performance} (${range(r.perfRuns)}), TBT ${tbtMedian(r)} ms (${range(r.tbtRuns)})`
  const how = `lighthouse npm, default mobile emulation + simulated throttling, Debian Chromium headless; median of ${LIGHTHOUSE_RUNS} runs, interleaved with the baselines'`
  for (const r of results) {
    const s = r.scores
    const route = r.route.slice(siteUrl.length)
    const met = bare ? s.performance >= bare.scores.performance && tbtMedian(r) <= tbtMedian(bare) && s.accessibility === 100 && s['best-practices'] === 100 && s.seo === 100 : undefined
    rows.push({
      measure: `Lighthouse mobile ${route}`,
      figure:
        `${(Object.keys(short) as Category[]).map((c) => `${short[c]} ${s[c]}`).join(' · ')} (perf ${range(r.perfRuns)}); TBT ${tbtMedian(r)} ms (${range(r.tbtRuns)})` +
        (bare ? ` · bare: ${perfAndTbt(bare)}` : '') +
        (stockResult && stock?.route === route ? ` · stock theme, same page: ${perfAndTbt(stockResult)}` : ''),
      goal: 'perf ≥ bare, TBT ≤ bare, a11y/bp/seo 100',
      met,
      how: `${how} (perf runs: ${r.perfRuns.join('/')}; bare: ${bare?.perfRuns.join('/') ?? 'not built'})`
    })
    if (met === false) console.error(`[bench] Lighthouse ${route} findings:\n  ${r.findings.join('\n  ')}`)
  }
  if (bare)
    rows.push({
      measure: 'Lighthouse mobile bare Nextra page (reference)',
      figure: `${(Object.keys(short) as Category[]).map((c) => `${short[c]} ${bare.scores[c]}`).join(' · ')}; TBT ${tbtMedian(bare)} ms (${range(bare.tbtRuns)})`,
      goal: '—',
      met: undefined,
      how: `${how}; stock Nextra 4 theme, one MDX page, built in this run`
    })
  if (stockResult && stock)
    rows.push({
      measure: `Lighthouse mobile stock theme showing ${stock.route} (reference)`,
      figure: perfAndTbt(stockResult),
      goal: '—',
      met: undefined,
      how: `${how}; the bare project with the site's ${stock.route} MDX as it is and the site's _meta (same sidebar), other pages stubs, built in this run: what the stock theme alone costs for that content`
    })
}

async function brokerRows() {
  const t = await brokerTimes(BROKER_STARTS, ['python-paho1.6', 'python-paho2.1', 'typescript', 'c', 'c-asan'])
  rows.push({ measure: 'local JWT broker start', figure: describe(t.start), goal: '—', met: undefined, how: 'Mosquitto 2.0 + the JWT plugin (already built): spawn → first TLS handshake accepted' })
  for (const [program, ms] of t.exampleRuns)
    rows.push({ measure: `one full ${program} example run`, figure: `${(ms / 1000).toFixed(2)} s`, goal: '—', met: undefined, how: 'spawn → connect, 3 telemetry messages acknowledged, clean exit 0 (MQTT 5, Option B, --interval 0.1)' })
}

function buildRows(site: SiteBuild | undefined, bare: BareBuild | undefined) {
  if (site) {
    rows.push({
      measure: 'next build + search index',
      figure: `${(site.next + site.pagefind).toFixed(1)} s (next ${site.next.toFixed(1)} s + pagefind ${site.pagefind.toFixed(1)} s)`,
      goal: '—',
      met: undefined,
      how: `locked-build.sh wall clock per step, one run; post-build steps (unused theme CSS, paint-first, CSP: ${site.post.toFixed(1)} s) not counted`
    })
  } else {
    rows.push({ measure: 'next build + search index', figure: 'not measured (--no-build)', goal: '—', met: undefined, how: '—' })
  }
  if (bare) rows.push({ measure: 'bare Nextra next build (reference)', figure: `${bare.seconds.toFixed(1)} s`, goal: '—', met: undefined, how: 'same node_modules, own temp dir, one run' })
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'voke-bench-'))
  const cleanup: (() => void)[] = [() => rmSync(tmp, { recursive: true, force: true })]
  try {
    let site: SiteBuild | undefined
    let siteDir: string | undefined
    if (process.argv.includes('--no-build')) {
      const given = argValue('--site')
      if (!given || !existsSync(join(given, 'index.html'))) throw new Error('--no-build needs --site <dir> holding a built static export (index.html)')
      siteDir = resolve(given)
    } else {
      site = await step('site build (locked-build.sh)', () => buildSite(join(tmp, 'out')))
      siteDir = site?.dir
    }
    const bare = await step('bare Nextra build', buildBareNextra)
    if (bare) cleanup.push(() => rmSync(bare.dir, { recursive: true, force: true }))
    const stockRoute = readingPage()
    const stockBuild = await step(`stock theme build with ${stockRoute}`, () => buildStockWithPage(stockRoute))
    if (stockBuild) cleanup.push(() => rmSync(stockBuild.dir, { recursive: true, force: true }))

    let version = 'unknown'
    if (siteDir) {
      const dir = siteDir
      await step('HTML size', () => rows.push(...htmlSizeRows(dir, bare ? join(bare.dir, 'out') : undefined)))
      await step('stylesheet size', () => rows.push(...stylesheetRows(dir)))
      const server = await serveDir(siteDir)
      cleanup.push(server.stop)
      const browser = await chromium.launch(chromiumLaunchOptions)
      cleanup.push(() => void browser.close())
      version = browser.version()
      let bareUrl: string | undefined
      if (bare) {
        const baseline = await serveDir(join(bare.dir, 'out'))
        cleanup.push(baseline.stop)
        bareUrl = baseline.url
        await step('page weight', () => pageWeightRows(browser, server.url, baseline.url))
      }
      await step('nginx bytes on the wire', async () => rows.push(...(await nginxWireRows(browser, dir, sitePages().map((p) => p.route)))))
      await step('keygen time', () => keygenRow(browser, server.url))
      await step('playground verdict time', () => verdictRows(browser, server.url))
      let stock: StockPage | undefined
      if (stockBuild) {
        const served = await serveDir(join(stockBuild.dir, 'out'))
        cleanup.push(served.stop)
        stock = { route: stockRoute, url: served.url }
      }
      await browser.close() // Lighthouse launches its own Chromium: nothing else may compete for the 2 cores
      await step('Lighthouse', () => lighthouseRows(server.url, bareUrl, stock))
    }
    await step('npm run dev: first page and saved edit', async () => rows.push(...(await devServerRows())))
    await step('broker and example times', brokerRows)
    buildRows(site, bare)

    console.log(`\n${cpus().length} cores, Chromium ${version}; ${siteDir ? `site served from ${site ? 'a fresh locked build' : siteDir}` : 'no site (build crashed)'}\n`)
    console.log(markdownTable(rows))
    if (crashed.length) console.error(`\n[bench] crashed steps: ${crashed.join(', ')}`)
    process.exitCode = crashed.length ? 1 : 0
  } finally {
    for (const stop of cleanup.reverse()) stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
