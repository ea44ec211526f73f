// Bytes on the wire per page as nginx serves the site (the server block the build wrote, its
// precompressed .gz/.br files): the HTML document, and the page with everything it loads until
// idle. Each URL Chromium asked for is fetched again with one Accept-Encoding, so gzip and brotli
// are measured on the same list of files. Used by run.ts; alone on a built site:
//   npx tsx scripts/bench/nginx-wire.ts --site out
import { request } from 'node:http'
import { resolve } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { chromiumLaunchOptions } from '../../tests/support/chromium'
import { sitePages } from '../../tests/support/site-pages'
import { waitForIdleLoads } from '../../tests/support/widget-flows'
import { serveDir } from './serve'
import { markdownTable, type Row } from './table'

/** Body bytes as sent (still compressed) for one URL, asking for one encoding. */
function wireBytes(url: string, encoding: 'gzip' | 'br'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => (bytes += c.length))
      res.on('end', () => resolve(bytes))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Every same-site URL the page loads until idle (widget code included: it loads when idle). */
async function pageUrls(browser: Browser, url: string): Promise<string[]> {
  const page = await browser.newPage()
  const urls = new Set<string>()
  const origin = new URL(url).origin
  page.on('request', (r) => {
    if (r.url().startsWith(origin)) urls.add(r.url())
  })
  try {
    await page.goto(url)
    await waitForIdleLoads(page)
    return [...urls]
  } finally {
    await page.close()
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

export async function nginxWireRows(browser: Browser, siteDir: string, routes: string[]): Promise<Row[]> {
  const server = await serveDir(siteDir, { server: 'nginx' })
  try {
    const rows: Row[] = []
    for (const route of routes) {
      const urls = await pageUrls(browser, `${server.url}${route}`)
      const html = `${server.url}${route}`
      const gzip = await Promise.all(urls.map((u) => wireBytes(u, 'gzip')))
      const br = await Promise.all(urls.map((u) => wireBytes(u, 'br')))
      rows.push({
        measure: `nginx gzip on the wire ${route}`,
        figure: `HTML ${kib(await wireBytes(html, 'gzip'))}; whole page ${kib(sum(gzip))} in ${urls.length} requests (brotli: HTML ${kib(await wireBytes(html, 'br'))}, page ${kib(sum(br))})`,
        goal: '—',
        met: undefined,
        how: 'npm run serve:nginx (built server block, gzip_static/brotli_static on the build\'s .gz/.br files); every same-site URL Chromium loads until idle, each fetched again asking for gzip (then br), response body bytes summed, headers not counted'
      })
    }
    return rows
  } finally {
    server.stop()
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--site')
  const site = resolve(at === -1 ? 'out' : process.argv[at + 1]!)
  void (async () => {
    const browser = await chromium.launch(chromiumLaunchOptions)
    try {
      console.log(markdownTable(await nginxWireRows(browser, site, sitePages().map((p) => p.route))))
    } finally {
      await browser.close()
    }
  })()
}
