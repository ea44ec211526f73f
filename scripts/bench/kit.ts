// Starter kit figures (issues 17, 28): click → zip ready against key generation alone, the gzip JS
// the kit adds and where it loads, and ./run.sh wall time per language (Python, TypeScript, C,
// Node-RED) on a fresh set-up (empty virtual environment / empty npm cache / nothing built) and
// again with it in place. Prints a table;
// asserts nothing. Usage: npx tsx scripts/bench/kit.ts [--site <built out/ dir>] [--runs N]
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from '@playwright/test'
import { buildKit, zipFiles, type KitLanguage } from '../../lib/kit'
import { readKitSources } from '../../lib/server/kit-sources'
import { startBroker } from '../../tests/support/broker'
import { chromiumLaunchOptions } from '../../tests/support/chromium'
import { KIT_LANGUAGE_LABEL } from '../../tests/support/kit-flows'
import { waitForIdleLoads } from '../../tests/support/widget-flows'
import { timeGenerateKeyCalls } from './keygen-time'
import { serveDir } from './serve'
import { describe, fmt, spread } from './stats'
import { markdownTable, type Row } from './table'

const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
const arg = (flag: string) => {
  const i = process.argv.indexOf(flag)
  return i === -1 ? undefined : process.argv[i + 1]
}
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const rows: Row[] = []

async function kitPage(browser: Browser, siteUrl: string): Promise<Page> {
  const page = await browser.newPage({ acceptDownloads: true })
  await page.goto(`${siteUrl}/quick-start`)
  await page.locator('[data-widget="plant-profile"][data-ready="true"]').getByLabel(/Plant id/).fill(PLANT_ID)
  await page.locator('[data-widget="starter-kit"][data-ready="true"]').waitFor()
  await waitForIdleLoads(page)
  return page
}

/** Each click's time to "zip ready" over the generateKey call inside that click (paired, like keygen-time.ts). */
async function clickTimes(browser: Browser, siteUrl: string, runs: number) {
  const page = await kitPage(browser, siteUrl)
  await timeGenerateKeyCalls(page)
  const click = () =>
    page.evaluate(
      () =>
        new Promise<{ total: number; generateKey: number }>((resolve, reject) => {
          setTimeout(() => reject(new Error('no kit within 60 s')), 60_000)
          const w = document.querySelector('[data-widget="starter-kit"]')!
          const status = w.querySelector('[data-testid="kit-status"]')!
          const button = Array.from(w.querySelectorAll('button')).find((b) => /^Build and download/.test(b.textContent ?? ''))!
          let sawWorking = false
          const observer = new MutationObserver(() => {
            const phase = status.getAttribute('data-phase')
            if (phase === 'working') sawWorking = true
            if (sawWorking && phase === 'done') {
              observer.disconnect()
              resolve({ total: performance.now() - t0, generateKey: (window as unknown as { __generateKeyMs: number }).__generateKeyMs })
            }
          })
          observer.observe(status, { attributes: true })
          const t0 = performance.now()
          button.click()
        })
    )
  for (const language of Object.values(KIT_LANGUAGE_LABEL)) {
    await page.getByRole('radio', { name: language, exact: true }).check()
    await page.getByRole('radio', { name: /^Generate a new/ }).check()
    await click() // warm-up: the first build also loads fflate
    const totals: number[] = []
    const keygens: number[] = []
    const ratios: number[] = []
    for (let i = 0; i < runs; i++) {
      // After a build the widget keeps its key; ask for a new one each time.
      await page.getByRole('radio', { name: /^Generate a new/ }).check()
      const t = await click()
      totals.push(t.total)
      keygens.push(t.generateKey)
      ratios.push(t.total / t.generateKey)
    }
    const r = spread(ratios)
    rows.push({
      measure: `kit click → zip ready / generateKey (${language})`,
      figure: `${r.median.toFixed(2)} (paired, IQR ${r.p25.toFixed(2)}–${r.p75.toFixed(2)}, n=${r.n})`,
      goal: '—',
      met: undefined,
      how: `/quick-start, Option B, new RSA-2048 key per click: click → data-phase=done (zip written and offered) ÷ the generateKey call inside it; click ${describe(spread(totals))}, generateKey ${describe(spread(keygens))}`
    })
  }
  await page.close()
}

/** gzip -9 of each script the page loads before and after the first build click. */
async function kitJs(browser: Browser, siteUrl: string) {
  const page = await browser.newPage({ acceptDownloads: true })
  const loaded: { url: string; gz: Promise<number> }[] = []
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') loaded.push({ url: res.url(), gz: res.body().then((b) => gzipSync(b, { level: 9 }).length) })
  })
  await page.goto(`${siteUrl}/quick-start`)
  await page.locator('[data-widget="plant-profile"][data-ready="true"]').getByLabel(/Plant id/).fill(PLANT_ID)
  await waitForIdleLoads(page)
  const beforeClick = loaded.length
  await page.locator('[data-widget="starter-kit"]').getByRole('button', { name: /^Build and download/ }).click()
  await page.locator('[data-testid="kit-status"][data-phase="done"]').waitFor({ timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  const sizes = await Promise.all(loaded.map((l) => l.gz))
  const pageTotal = sizes.slice(0, beforeClick).reduce((a, b) => a + b, 0)
  const onClick = loaded.slice(beforeClick).map((l, i) => ({ url: l.url, gz: sizes[beforeClick + i]! }))
  const html = await (await fetch(`${siteUrl}/quick-start`)).arrayBuffer()
  await page.close()

  // The same page's weight without the widget's own chunk: /connect has the plant profile and
  // snippets; the difference below is the kit widget (and its key tools) loaded when idle.
  const other = await browser.newPage()
  const otherScripts: Promise<number>[] = []
  const otherUrls: string[] = []
  other.on('response', (res) => {
    if (res.request().resourceType() === 'script') {
      otherUrls.push(res.url())
      otherScripts.push(res.body().then((b) => gzipSync(b, { level: 9 }).length))
    }
  })
  await other.goto(`${siteUrl}/`)
  await waitForIdleLoads(other)
  const readingTotal = (await Promise.all(otherScripts)).reduce((a, b) => a + b, 0)
  await other.close()
  rows.push({
    measure: 'gzip JS /quick-start (idle, before a build)',
    figure: `${kib(pageTotal)} (+${kib(pageTotal - readingTotal)} over the reading page /)`,
    goal: '—',
    met: undefined,
    how: 'Chromium, every script until network idle and after an idle callback, gzip -9 each, summed'
  })
  rows.push({
    measure: 'gzip JS loaded by the first kit build',
    figure: `${kib(onClick.reduce((a, b) => a + b.gz, 0))} in ${onClick.length} chunk(s)`,
    goal: 'only when a kit is built',
    met: onClick.length > 0 && !onClick.some((c) => otherUrls.includes(c.url)),
    how: `scripts requested between the click and the zip (fflate 0.8.3's zipSync); "met" = none of them is loaded by the reading page / . Chunks: ${onClick.map((c) => `${c.url.split('/').pop()} ${kib(c.gz)}`).join(', ')}`
  })
  rows.push({
    measure: 'HTML /quick-start (kit sources inlined)',
    figure: `${kib(html.byteLength)} raw, ${kib(gzipSync(Buffer.from(html), { level: 9 }).length)} gzip`,
    goal: '—',
    met: undefined,
    how: 'the example programs, check_token.py, broker-rules.mjs and the lock file travel in the page as the widget\u2019s props'
  })
}

const RUN_SH_FRESH: Record<KitLanguage, string> = {
  python: 'fresh: python3 -m venv + pip install from the local wheel index (PIP_NO_INDEX), token check, connect, 3 messages acknowledged; set up: same kit again',
  typescript: 'fresh: npm ci with an empty npm cache (every package from the registry), token check, connect, 3 messages acknowledged; set up: node_modules in place',
  c: 'fresh: header checks + make (voke_connect and voke_token), token check (python3 check_token.py), connect, 3 messages acknowledged; set up: already built',
  'node-red': 'fresh: npm install node-red@4.1.15 into .node-red-runtime with an empty npm cache, token check, Node-RED start, connect, 3 messages acknowledged, Node-RED stop; set up: Node-RED in place'
}

/** ./run.sh from a freshly unzipped kit: empty virtual environment / npm cache / no build, then again with them. */
async function runShTimes() {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicDer = new Uint8Array(pair.publicKey.export({ type: 'pkcs1', format: 'der' }))
  const key = { privatePem: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, publicDer, sha256Hex: createHash('sha256').update(publicDer).digest('hex') }
  const broker = await startBroker({ keyFile: publicDer })
  const work = mkdtempSync(join(tmpdir(), 'voke-kit-bench-'))
  try {
    for (const language of Object.keys(RUN_SH_FRESH) as KitLanguage[]) {
      const kit = buildKit(readKitSources(), { language, environment: 'production', signer: 'device', plantId: PLANT_ID }, key)
      const zip = join(work, `${kit.name}.zip`)
      writeFileSync(zip, await zipFiles(kit.name, kit.files))
      execFileSync('unzip', ['-q', zip, '-d', work])
      const env = {
        ...process.env,
        VOKE_MQTT_HOST: broker.host,
        VOKE_MQTT_PORT: String(broker.port),
        VOKE_CA_FILE: broker.caFile,
        VOKE_MESSAGES: '3',
        VOKE_INTERVAL: '0.1',
        PIP_NO_INDEX: '1',
        PIP_FIND_LINKS: '/opt/pypi/files',
        npm_config_cache: join(work, `npm-cache-${language}`) // empty: npm ci downloads every package
      }
      const times: number[] = []
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now()
        const r = spawnSync('./run.sh', [], { cwd: join(work, kit.name), env, encoding: 'utf8' })
        times.push(performance.now() - t0)
        if (r.status !== 0) throw new Error(`run.sh (${language}) exited ${r.status}:\n${r.stdout}${r.stderr}`)
      }
      rows.push({
        measure: `./run.sh wall time, ${language}`,
        figure: `${(times[0]! / 1000).toFixed(1)} s fresh, ${(times[1]! / 1000).toFixed(1)} s set up`,
        goal: '—',
        met: undefined,
        how: RUN_SH_FRESH[language]
      })
    }
  } finally {
    await broker.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

async function main() {
  const site = resolve(arg('--site') ?? 'out')
  const runs = Number(arg('--runs') ?? 11)
  readFileSync(join(site, 'quick-start.html')) // a build with the Quick start page is needed
  const server = await serveDir(site)
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    await kitJs(browser, server.url)
    await clickTimes(browser, server.url, runs)
    await runShTimes()
  } finally {
    await browser.close()
    server.stop()
  }
  console.log(markdownTable(rows))
  console.error(`[bench] kit: ${rows.length} rows; times in ms formatted with ${fmt(1.234)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
