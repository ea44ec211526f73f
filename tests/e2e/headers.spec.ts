// The site's response headers (scripts/headers/site-headers.mjs) as a browser gets them from the
// server under test: nginx with the built server block when E2E_SERVER=nginx (scripts/test.sh),
// else the node server. Every page, the frame refusal, the files' types, the 404 and compression.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type Page, type Response } from '@playwright/test'
import { watchCsp } from '../support/csp-watch'
import { sitePages } from '../support/site-pages'

// Features the site never uses must be off; the copy buttons' clipboard write must stay on.
const DENIED_FEATURES = ['camera', 'microphone', 'geolocation', 'payment', 'usb']

/** The page's <meta> policy: the header must be the same policy plus frame-ancestors 'none'. */
async function metaPolicy(page: Page): Promise<string | null> {
  return page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
}

function expectSiteHeaders(response: Response, label: string) {
  const h = response.headers()
  expect(h['x-content-type-options'], label).toBe('nosniff')
  expect(h['referrer-policy'], label).toBe('no-referrer')
  expect(h['cross-origin-opener-policy'], label).toBe('same-origin')
  for (const feature of DENIED_FEATURES) expect(h['permissions-policy'], label).toContain(`${feature}=()`)
  expect(h['permissions-policy'], label).toContain('clipboard-write=(self)')
  // Plain HTTP on loopback: HSTS is for TLS deployments only (a browser ignores it here anyway).
  expect(h['strict-transport-security'], label).toBeUndefined()
}

test('every page answers 200 with the site headers and a CSP that lists each inline script it runs', async ({ page }) => {
  test.setTimeout(180_000)
  const csp = await watchCsp(page)
  const policyErrors: string[] = []
  page.on('console', (msg) => {
    if (/Permissions-Policy|Cross-Origin-Opener-Policy/i.test(msg.text())) policyErrors.push(msg.text())
  })
  for (const { route } of sitePages()) {
    const response = await page.goto(route)
    expect(response?.status(), route).toBe(200)
    expectSiteHeaders(response!, route)
    const h = response!.headers()
    expect(h['cache-control'], route).toBe('no-cache')
    expect(h['content-type'], route).toMatch(/^text\/html; charset=utf-8$/i)
    expect(h['content-security-policy'], route).toBe(`${await metaPolicy(page)}; frame-ancestors 'none'`)
    await page.waitForLoadState('networkidle')
    // The inline scripts ran under the header's policy: Next read its RSC payload.
    expect(await page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f)), route).toBe(true)
  }
  expect(csp.violations).toEqual([])
  expect(csp.consoleRefusals).toEqual([])
  expect(policyErrors).toEqual([])
})

test('an inline script the header CSP does not list is refused and reported', async ({ page }) => {
  // The check above can fail: drop one page hash from the header only (the <meta> keeps all) and the
  // browser blocks that script, which the watcher sees.
  const csp = await watchCsp(page)
  await page.route('**/keys', async (route) => {
    const response = await route.fetch()
    const headers = response.headers()
    const policy = headers['content-security-policy'] ?? ''
    const firstHash = /'sha256-[^']+'/.exec(policy)?.[0]
    expect(firstHash).toBeTruthy()
    await route.fulfill({ response, headers: { ...headers, 'content-security-policy': policy.replace(` ${firstHash}`, '') } })
  })
  await page.goto('/keys')
  await expect.poll(() => csp.violations.filter((v) => v.directive === 'script-src-elem' && v.blocked === 'inline').length).toBeGreaterThan(0)
})

test.describe('framing from another origin', () => {
  let framer: Server
  let framerUrl: string
  test.beforeAll(async ({ baseURL }) => {
    // A second local origin (another port) showing the site's /keys and one of its own pages in frames.
    framer = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      if (req.url === '/own') return res.end('<!doctype html><title>own</title><p id="own">framed fine</p>')
      res.end(`<!doctype html><title>framer</title>
<iframe name="site" src="${baseURL}/keys" width="800" height="600"></iframe>
<iframe name="own" src="/own"></iframe>`)
    })
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve))
    framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`
  })
  test.afterAll(() => new Promise<void>((resolve) => framer.close(() => resolve())))

  test('/keys is refused inside a frame from another origin', async ({ page }) => {
    const refusals: string[] = []
    page.on('console', (msg) => {
      if (/frame-ancestors/.test(msg.text())) refusals.push(msg.text())
    })
    const siteResponse = page.waitForResponse((r) => r.url().endsWith('/keys'))
    await page.goto(framerUrl)
    // The server did answer the frame's request; the browser refused to show the answer.
    expect((await siteResponse).status()).toBe(200)
    await expect(page.frame('own')!.locator('#own')).toHaveText('framed fine')
    await expect.poll(() => refusals.length).toBeGreaterThan(0)
    expect(refusals[0]).toContain("frame-ancestors 'none'")
    const site = page.frame('site')!
    expect(await site.locator('[data-widget="key-generator"]').count()).toBe(0)
    expect(await site.evaluate(() => document.title).catch(() => 'no document')).not.toMatch(/Keys/)
  })
})

test('the search index, its script and kit-sources.json are served with their types', async ({ request }) => {
  const expected: [string, RegExp][] = [
    ['/_pagefind/pagefind-entry.json', /^application\/json/],
    ['/_pagefind/pagefind.js', /^(application|text)\/javascript/],
    ['/kit-sources.json', /^application\/json/]
  ]
  for (const [path, type] of expected) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['content-type'], path).toMatch(type)
    expect(response.headers()['x-content-type-options'], path).toBe('nosniff')
    expect(response.headers()['cache-control'], path).toBe('no-cache')
  }
  const kit = await request.get('/kit-sources.json')
  expect(typeof (await kit.json())).toBe('object')
})

test("Next's hashed build files are cached for good", async ({ page }) => {
  const scripts: Response[] = []
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/_next/static/')) scripts.push(r)
  })
  await page.goto('/keys')
  await page.waitForLoadState('networkidle')
  expect(scripts.length).toBeGreaterThan(0)
  for (const r of scripts) expect(r.headers()['cache-control'], r.url()).toBe('public, max-age=31536000, immutable')
})

test("a wrong URL gets the site's 404 page with status 404 and the headers", async ({ page }) => {
  const response = await page.goto('/no-such-page')
  expect(response?.status()).toBe(404)
  expectSiteHeaders(response!, '/no-such-page')
  await expect(page.locator('h1')).toHaveText('404')
  expect(response!.headers()['content-security-policy']).toBe(`${await metaPolicy(page)}; frame-ancestors 'none'`)
  // A folder of build files is not listed, nor answered 403: it is a wrong URL like any other.
  for (const folder of ['/_pagefind/', '/_next/static/']) expect((await page.goto(folder))?.status(), folder).toBe(404)
})

test('a client that accepts gzip gets gzip, and the bytes decode to the page', async ({ page, request }) => {
  // The browser: Chromium asks for gzip (and br) on its own.
  const response = await page.goto('/keys')
  const asked = (await response!.request().allHeaders())['accept-encoding'] ?? ''
  expect(asked).toContain('gzip')
  const sent = response!.headers()['content-encoding']
  expect(['gzip', 'br']).toContain(sent)
  expect(asked).toContain(sent)
  // A client that offers gzip only gets gzip; one that offers nothing gets the plain file.
  const gzip = await request.get('/keys', { headers: { 'accept-encoding': 'gzip' } })
  expect(gzip.headers()['content-encoding']).toBe('gzip')
  expect(gzip.headers()['vary']).toMatch(/accept-encoding/i)
  const plain = await request.get('/keys', { headers: { 'accept-encoding': 'identity' } })
  expect(plain.headers()['content-encoding']).toBeUndefined()
  // Playwright hands out the decoded body: both must be the same page.
  expect((await gzip.body()).equals(await plain.body())).toBe(true)
})

test('with E2E_SERVER=nginx, a client that accepts brotli gets the prebuilt brotli file', async ({ request }) => {
  test.skip(process.env.E2E_SERVER !== 'nginx', 'brotli is served by nginx (brotli_static); the node server sends gzip')
  const br = await request.get('/keys', { headers: { 'accept-encoding': 'br' } })
  expect(br.headers()['content-encoding']).toBe('br')
  const plain = await request.get('/keys', { headers: { 'accept-encoding': 'identity' } })
  expect((await br.body()).equals(await plain.body())).toBe(true)
})
