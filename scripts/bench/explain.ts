// <Explain /> figures, printed (asserts nothing):
//   1. a 500-line broker log pasted → the explanation in the DOM (ms), median over pastes that
//      alternate two logs so every paste really changes the answer; explain() alone for reference;
//   2. gzip JS the widget adds: the scripts only pages placing <Explain /> load (vs every other
//      page), and whether any page without the widget loads them.
// Usage: npx tsx scripts/bench/explain.ts [site dir, default out/]
import { gzipSync } from 'node:zlib'
import { resolve } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { chromiumLaunchOptions } from '../../tests/support/chromium'
import { sitePages } from '../../tests/support/site-pages'
import { waitForIdleLoads } from '../../tests/support/widget-flows'
import { pagesWithWidget } from '../../tests/support/widget-pages'
import { explain } from '../../lib/explain'
import { serveDir } from './serve'
import { describe, spread } from './stats'

const RUNS = 21
const WARM_UP = 3

/** 500 lines as an operator would copy them: connections, accepted clients, refusals with their jwt-auth: line. */
function brokerLog(reason: string): string {
  const lines: string[] = []
  for (let i = 0; lines.length < 500; i++) {
    const t = 1796150000 + i
    const client = `3f2b8c1e-5d7a-4e9b-9c1d-${String(i).padStart(12, '0')}`
    lines.push(`${t}: New connection from 10.0.${i % 250}.7:5${i % 9999} on port 8887.`)
    if (i % 5 === 0) {
      lines.push(`${t}: jwt-auth: ${reason}`)
      lines.push(`${t}: Client ${client} disconnected, not authorised.`)
    } else lines.push(`${t}: New client connected from 10.0.${i % 250}.7:5${i % 9999} as ${client} (p5, c1, k60, u'${client}').`)
  }
  return lines.slice(0, 500).join('\n')
}

const LOGS = [
  brokerLog('error validating jwt: ValidationError(Expired(Duration { secs: 3605, nanos: 12 }))'),
  brokerLog('error decoding jwt: ValidationError(InvalidSignature)')
]

async function pasteTimes(browser: Browser, url: string): Promise<number[]> {
  const page = await browser.newPage()
  try {
    await page.goto(url, { waitUntil: 'networkidle' })
    await page.locator('[data-widget="explain"][data-ready="true"]').waitFor()
    const times: number[] = []
    for (let i = 0; i < RUNS + WARM_UP; i++) {
      const [log, expected] = i % 2 === 0 ? [LOGS[0]!, 'plugin-expired'] : [LOGS[1]!, 'plugin-invalid-signature']
      const ms = await page.evaluate(
        ([value, id]) =>
          new Promise<number>((done) => {
            const area = document.querySelector<HTMLTextAreaElement>('[data-testid="explain-input"]')!
            const result = document.querySelector('[data-testid="explain-result"]')!
            const observer = new MutationObserver(() => {
              if (result.querySelector(`[data-finding="${id}"]`)) {
                observer.disconnect()
                done(performance.now() - t0)
              }
            })
            observer.observe(result, { subtree: true, childList: true, attributes: true })
            const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!
            // Empty first (no measurement), so each paste is one input event of the whole log.
            set.call(area, '')
            area.dispatchEvent(new Event('input', { bubbles: true }))
            const t0 = performance.now()
            set.call(area, value)
            area.dispatchEvent(new Event('input', { bubbles: true }))
          }),
        [log, expected] as const
      )
      if (i >= WARM_UP) times.push(ms) // the first pastes include loading lib/explain
    }
    return times
  } finally {
    await page.close()
  }
}

/** Every script URL a page loads (until idle, idle-loaded widget code included) → its gzip size. */
async function pageScripts(browser: Browser, url: string): Promise<Map<string, number>> {
  const page = await browser.newPage()
  const sizes = new Map<string, Promise<number>>()
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') sizes.set(new URL(res.url()).pathname, res.body().then((b) => gzipSync(b, { level: 9 }).length))
  })
  try {
    await page.goto(url)
    await waitForIdleLoads(page)
    const out = new Map<string, number>()
    for (const [path, size] of sizes) out.set(path, await size)
    return out
  } finally {
    await page.close()
  }
}

async function main() {
  const siteDir = resolve(process.argv[2] ?? 'out')
  const server = await serveDir(siteDir)
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    const widgetPages = pagesWithWidget('Explain')
    if (!widgetPages.length) throw new Error('no page places <Explain />')
    const target = `${server.url}${widgetPages[0]}`

    const dom = spread(await pasteTimes(browser, target))
    const lib: number[] = []
    for (let i = 0; i < RUNS + WARM_UP; i++) {
      const t0 = performance.now()
      await explain(LOGS[i % 2]!)
      if (i >= WARM_UP) lib.push(performance.now() - t0)
    }

    const routes = sitePages().map((p) => p.route)
    const scripts = new Map<string, Map<string, number>>()
    for (const route of routes) scripts.set(route, await pageScripts(browser, `${server.url}${route}`))
    const others = routes.filter((r) => !widgetPages.includes(r))
    const loadedElsewhere = new Set(others.flatMap((r) => [...scripts.get(r)!.keys()]))
    const only = [...scripts.get(widgetPages[0]!)!].filter(([path]) => !loadedElsewhere.has(path))
    const addedKiB = only.reduce((n, [, size]) => n + size, 0) / 1024
    const leaked = others.filter((r) => only.some(([path]) => scripts.get(r)!.has(path)))

    console.log(`Explain widget, ${new Date().toISOString().slice(0, 10)}, Chromium (${browser.version()}), site ${siteDir}`)
    console.log(`| measure | figure | how |`)
    console.log(`| --- | --- | --- |`)
    console.log(`| 500-line broker log pasted → explanation in the DOM | ${describe(dom)} | ${widgetPages[0]}: textarea value set + one input event → the expected finding in the DOM (MutationObserver); two logs alternating, ${WARM_UP} warm-up pastes |`)
    console.log(`| explain() alone on the same log (reference) | ${describe(spread(lib))} | lib/explain in Node ${process.version}, same logs |`)
    console.log(`| gzip JS added by <Explain /> | ${addedKiB.toFixed(1)} KiB on ${widgetPages.join(', ')} (${only.length} scripts) | scripts loaded on that page (until idle, after an idle callback) that no page without the widget loads, gzip -9 each |`)
    console.log(`| pages without the widget loading its code | ${leaked.length ? leaked.join(', ') : 'none'} of ${others.length} | same script sets |`)
    for (const [path, size] of only) console.log(`    ${path}: ${(size / 1024).toFixed(1)} KiB gzip`)
  } finally {
    await browser.close()
    server.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
