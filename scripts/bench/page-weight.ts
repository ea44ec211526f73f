// Page weight: gzip bytes of the JavaScript a page makes the browser load, the figure the
// "reading pages cost no more than bare Nextra" goal is judged on. Used by run.ts.
import { gzipSync } from 'node:zlib'
import type { Browser } from '@playwright/test'
import { waitForIdleLoads } from '../../tests/support/widget-flows'

/**
 * gzip -9 bytes of every script the page loads, summed: until the network is idle, then once more
 * after an idle callback, because widgets fetch their code when the page is idle
 * (components/widgets/shared/load-when-idle.ts) and that code is part of what the page costs.
 */
export async function pageJs(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage()
  const sizes: Promise<number>[] = []
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') sizes.push(res.body().then((b) => gzipSync(b, { level: 9 }).length))
  })
  try {
    await page.goto(url)
    await waitForIdleLoads(page)
    // Bodies are read before the page closes: a closed page can no longer hand them out.
    return (await Promise.all(sizes)).reduce((a, b) => a + b, 0)
  } finally {
    await page.close()
  }
}

/** pageJs for each route of one served site, in the order given. */
export async function pagesJs(browser: Browser, siteUrl: string, routes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (const route of routes) out.set(route, await pageJs(browser, `${siteUrl}${route}`))
  return out
}
