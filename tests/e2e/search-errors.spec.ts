// The reader's error, pasted into the site's search box (issue 25): real error strings and log lines,
// whole or in part, each put the section that explains it in the top three results; an error, a log
// line, a CONNACK code, a token or a key gets "Explain this" first, which opens the explainer with
// the text filled in, and the text never reaches the URL, storage or the network.
//
// The table (tests/support/search-error-table.ts) holds what real tools printed: the examples test
// tests/examples/explain-capture.test.ts checks each row against that run's captures.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSign } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { SEARCH_ERROR_TABLE as TABLE } from '../support/search-error-table'
import { findSecrets, pemSecret, recordRequests, tokenSecret } from '../support/secret-scan'

const searchBox = (page: Page) => page.getByRole('combobox').first()
/** The first search loads pagefind's index and WebAssembly and the recognisers: room for a busy machine. */
const FIRST_RESULTS_MS = 30_000

/** Opens a page and waits until its scripts have loaded, so the search box is React's own. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path)
  await page.waitForLoadState('networkidle')
}
/** The search box's result entries (the pages' own <select> options are options too). */
const resultOptions = (page: Page) => page.locator('.nextra-search-results [role="option"]')
const EXPLAIN_ENTRY = 'Explain this'

/** The result links in order, "Explain this" left out; waits until the list belongs to `query`. */
async function resultsFor(page: Page, query: string): Promise<string[]> {
  const box = searchBox(page)
  await box.fill('')
  await expect(resultOptions(page)).toHaveCount(0)
  await box.fill(query)
  const options = resultOptions(page)
  await expect(options.first()).toBeVisible({ timeout: FIRST_RESULTS_MS })
  return (await options.evaluateAll((els) => els.map((el) => [el.textContent ?? '', el.getAttribute('href') ?? ''] as const)))
    .filter(([text]) => !text.startsWith(EXPLAIN_ENTRY))
    .map(([, href]) => decodeURIComponent(href))
}

test('each real error string finds the section that explains it in the top three results', async ({ page }) => {
  test.setTimeout(240_000)
  await open(page, '/')
  const misses: string[] = []
  let found = 0
  for (const [query, section, tool] of TABLE) {
    const hrefs = await resultsFor(page, query)
    const rank = hrefs.indexOf(section) + 1
    if (rank >= 1 && rank <= 3) found++
    else misses.push(`${query} (${tool}): ${section} is ${rank ? `result ${rank}` : 'not among the results'}; top three: ${hrefs.slice(0, 3).join(', ')}`)
  }
  console.log(`search table: ${found} / ${TABLE.length} found in the top three`)
  expect(misses).toEqual([])
})

test('ordinary search words get no "Explain this" entry', async ({ page }) => {
  await open(page, '/')
  for (const query of ['rotation', 'jwt-public.der', 'BEGIN PUBLIC KEY', 'Node-RED']) {
    await searchBox(page).fill(query)
    await expect(resultOptions(page).first()).toBeVisible({ timeout: FIRST_RESULTS_MS })
    await expect(page.getByRole('option', { name: new RegExp(`^${EXPLAIN_ENTRY}`) })).toHaveCount(0)
  }
})

const VECTORS = join(__dirname, '..', 'vectors', 'keys')
function expiredToken(): string {
  const now = Math.floor(Date.now() / 1000)
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90', iat: now - 7200, exp: now - 3600 })}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(readFileSync(join(VECTORS, 'rsa2048.pkcs8.pem'), 'utf8')).toString('base64url')}`
}
const SPKI_PEM = readFileSync(join(VECTORS, 'rsa2048.spki.pem'), 'utf8')

/** [what is pasted, the finding the explainer must show for it, the page the search starts on] */
const EXPLAIN_CASES: readonly { name: string; text: () => string; finding: string; from: string }[] = [
  { name: 'a client error', text: () => 'Connect failed, rc Unknown error code 135 reason code SUCCESS', finding: 'paho-c-refused', from: '/keys' },
  { name: 'a broker log line', text: () => 'jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 148, nanos: 61414895 }))', finding: 'plugin-expired', from: '/' },
  { name: 'a CONNACK code', text: () => '0x87', finding: 'connack-135', from: '/connect' },
  { name: 'a token', text: expiredToken, finding: 'token', from: '/tokens' },
  // A search box is one line: the PEM's line breaks are dropped as the browser does for <input>.
  { name: 'a key', text: () => SPKI_PEM, finding: 'key', from: '/troubleshooting' }
]

for (const c of EXPLAIN_CASES)
  test(`${c.name}: "Explain this" comes first and opens the explainer with the text, which never leaves the page`, async ({ page, context }) => {
    const requests = recordRequests(context)
    const text = c.text()
    await open(page, c.from)
    await searchBox(page).fill(text)
    // What the search box holds (an <input> has no line breaks) is what the explainer must get.
    const typed = await searchBox(page).inputValue()
    const first = resultOptions(page).first()
    await expect(first).toContainText(EXPLAIN_ENTRY, { timeout: FIRST_RESULTS_MS })
    await first.click()

    await expect(page).toHaveURL(/\/troubleshooting#explain-title$/)
    const widget = page.locator('[data-widget="explain"]')
    const box = widget.getByTestId('explain-input')
    await expect(box).toHaveValue(typed)
    await expect(widget.locator(`[data-finding="${c.finding}"]`)).toBeVisible({ timeout: FIRST_RESULTS_MS })

    // Nothing of it in the address, in storage or in any request.
    const secrets = [tokenSecret('pasted token', text.includes('eyJ') ? text : expiredToken()), pemSecret('pasted key', SPKI_PEM)]
    const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, state: history.state }))
    const sent = requests.map((r) => `${r.method} ${r.url} ${r.headers} ${r.body}`).join('\n')
    const leaks = [...findSecrets('URL', page.url(), secrets), ...findSecrets('storage', storage, secrets), ...findSecrets('requests', sent, secrets)]
    expect(leaks).toEqual([])
    expect(page.url()).not.toContain(encodeURIComponent(text.slice(0, 20)))
  })
