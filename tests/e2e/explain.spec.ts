// <Explain /> in a real browser: a paste of several pieces is explained piece by piece, each cause
// links to a section that exists, a dropped .p12 gets the PKCS#12 answer, a 10 MB paste answers,
// axe finds nothing, and nothing pasted leaves the page.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSign } from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { dumpBrowserState, findSecrets, pemSecret, recordRequests, tokenSecret } from '../support/secret-scan'
import { builtHas, pagesWithWidget } from '../support/widget-pages'

const VECTORS = join(__dirname, '..', 'vectors', 'keys')
const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'

function expiredToken(): string {
  const now = Math.floor(Date.now() / 1000)
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: PLANT_ID, iat: now - 7200, exp: now - 3600 })}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(readFileSync(join(VECTORS, 'rsa2048.pkcs8.pem'), 'utf8')).toString('base64url')}`
}

const BROKER_LINES = [
  '1796150000: New connection from 10.0.0.7:51234 on port 8887.',
  '1796150000: jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 3605, nanos: 1 }))',
  `1796150000: Client ${PLANT_ID} disconnected, not authorised.`
]

async function openExplain(page: Page): Promise<ReturnType<Page['locator']>> {
  const route = pagesWithWidget('Explain')[0]
  test.skip(!route, 'no page places <Explain /> yet')
  await page.goto(route!)
  test.skip(!(await builtHas(page, 'explain')), 'the served build has no explain widget yet')
  const widget = page.locator('[data-widget="explain"]')
  await expect(widget).toHaveAttribute('data-ready', 'true')
  return widget
}

/** Sets the textarea as a paste would, without typing megabytes key by key. */
async function paste(page: Page, text: string): Promise<void> {
  await page.getByTestId('explain-input').evaluate((el, value) => {
    const area = el as HTMLTextAreaElement
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, value)
    area.dispatchEvent(new Event('input', { bubbles: true }))
  }, text)
}

test('Explain sits at the top of Troubleshooting', async ({ page }) => {
  await openExplain(page)
  expect(pagesWithWidget('Explain')).toContain('/troubleshooting')
  const headings = await page.locator('article h2').allTextContents()
  expect(headings[0]).toMatch(/Paste what you have/)
})

test('a paste of a broker log, a client error, a token and a key is explained piece by piece, with links to the sections', async ({ page }) => {
  const widget = await openExplain(page)
  const keyPem = readFileSync(join(VECTORS, 'rsa2048.spki.pem'), 'utf8')
  await paste(page, [...BROKER_LINES, 'Connection error: Not authorized', `password: ${expiredToken()}`, keyPem].join('\n'))
  const findings = widget.getByTestId('explain-finding')
  await expect(findings.first()).toBeVisible()
  const ids = await findings.evaluateAll((els) => els.map((el) => el.getAttribute('data-finding')))
  expect(ids).toEqual(['key', 'token', 'plugin-expired', 'mosquitto-pub-v5-refused'])
  await expect(widget.locator('[data-finding="token"]')).toHaveAttribute('data-causes', 'TOKEN_EXPIRED')
  await expect(widget.locator('[data-finding="key"]')).toHaveAttribute('data-causes', 'KEY_FILE_FORMAT')

  // The expired line's cause links to its section, and the section is there.
  const link = widget.locator('[data-finding="plugin-expired"] [data-cause="TOKEN_EXPIRED"] a')
  await expect(link).toHaveAttribute('href', '/troubleshooting#token-expired')
  await link.click()
  await expect(page).toHaveURL(/#token-expired$/)
  await expect(page.locator('#token-expired')).toBeInViewport()
})

test('a CONNACK code alone asks for the broker\u2019s jwt-auth: line; unrelated text is "not recognised"', async ({ page }) => {
  const widget = await openExplain(page)
  await paste(page, '0x87')
  await expect(widget.locator('[data-finding="connack-135"]')).toContainText('jwt-auth: line')
  await paste(page, 'GET /index.html HTTP/1.1 200\nsomething else entirely')
  await expect(widget.locator('[data-finding="not-recognised"]')).toContainText('not explained here rather than guessed at')
})

test('a dropped .p12 file gets the PKCS#12 answer with the openssl commands', async ({ page }) => {
  const widget = await openExplain(page)
  await widget.locator('input[type="file"]').setInputFiles(join(VECTORS, 'rsa2048.legacy.p12'))
  const finding = widget.locator('[data-finding="key"]')
  await expect(finding).toContainText('PKCS#12')
  await expect(finding).toContainText('openssl pkcs12 -legacy -in bundle.p12 -nocerts -nodes -out key.pem')
})

test('a key file dropped beside a pasted token is used to verify it', async ({ page }) => {
  const widget = await openExplain(page)
  const now = Math.floor(Date.now() / 1000)
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: PLANT_ID, iat: now - 5, exp: now + 3600 })}`
  const token = `${input}.${createSign('RSA-SHA256').update(input).sign(readFileSync(join(VECTORS, 'rsa2048.pkcs8.pem'), 'utf8')).toString('base64url')}`
  await paste(page, `mosquitto_pub -u ${PLANT_ID} -P ${token}`)
  await expect(widget.locator('[data-finding="token"]')).toContainText('signature was not checked')
  await widget.locator('input[type="file"]').setInputFiles(join(VECTORS, 'rsa2048.pkcs1-public.der'))
  await expect(widget.locator('[data-finding="token"]')).toContainText('The broker accepts this token')
  await expect(widget.locator('[data-finding="key"]')).toContainText('accepts this file as its key file')
})

test('a 10 MB paste answers (first 512 KB read) and the page stays responsive', async ({ page }) => {
  const widget = await openExplain(page)
  await page.getByTestId('explain-input').evaluate((el) => {
    const line = '1796150000: jwt-auth: error decoding jwt: ValidationError(InvalidSignature)\n'
    const area = el as HTMLTextAreaElement
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)))
    area.dispatchEvent(new Event('input', { bubbles: true }))
  })
  await expect(widget.locator('[data-finding="plugin-invalid-signature"]')).toBeVisible()
  await expect(widget.getByTestId('explain-result')).toContainText('Only the first 512 KB')
  expect(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(1))))).toBe(1)
})

for (const scheme of ['light', 'dark'] as const)
  for (const width of [1280, 375])
    test(`filled explainer: no axe violations (${scheme}, ${width} px) and no sideways scroll`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 })
      await page.emulateMedia({ colorScheme: scheme })
      const widget = await openExplain(page)
      await paste(page, [...BROKER_LINES, 'ErrorWithReasonCode: Connection refused: Not authorized', `token ${expiredToken()}`, '0x87', 'random words'].join('\n'))
      await expect(widget.getByTestId('explain-finding').first()).toBeVisible()
      const results = await new AxeBuilder({ page }).analyze()
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    })

test('nothing pasted leaves the page: no request carries it, nothing is stored, it is not in the URL', async ({ page, context }) => {
  const widget = await openExplain(page)
  const requests = recordRequests(context)
  const token = expiredToken()
  const keyPem = readFileSync(join(VECTORS, 'rsa2048.pkcs8.pem'), 'utf8')
  await paste(page, `${BROKER_LINES.join('\n')}\n${token}\n${keyPem}`)
  await expect(widget.locator('[data-finding="token"]')).toBeVisible()
  await page.waitForLoadState('networkidle')
  const secrets = [tokenSecret('pasted token', token), pemSecret('pasted private key', keyPem)]
  const leaks = [
    ...requests.flatMap((r) => findSecrets(`request ${r.url}`, `${r.url}\n${r.headers}\n${r.body}`, secrets)),
    ...findSecrets('URL', page.url(), secrets),
    ...Object.entries(await dumpBrowserState(page)).flatMap(([where, text]) => findSecrets(where, text, secrets))
  ]
  expect(leaks).toEqual([])
  // The answer shows only the ends of the token, never the whole of it.
  expect(await widget.getByTestId('explain-result').innerText()).not.toContain(token)
})
