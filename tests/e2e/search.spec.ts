// Search works offline from the pagefind index built after `next build`.
import { expect, test } from '@playwright/test'

/**
 * The first search loads pagefind's WebAssembly and index (and, for a query that looks like an
 * error such as "rc=5", the explainer's recognisers): 6–9 s on a busy machine, beyond the default
 * 10 s expect timeout's comfort. Nothing signals "pagefind ready", so the wait is for the results.
 */
const FIRST_RESULTS_MS = 30_000

for (const query of ['PKCS#1', 'rc=5', '8887']) {
  test(`search finds "${query}"`, async ({ page }) => {
    await page.goto('/')
    const box = page.getByRole('combobox').or(page.getByPlaceholder(/search/i)).first()
    await box.click()
    await box.fill(query)
    // The search box's entries only: a page's own <select> options have the option role too.
    const results = page.locator('.nextra-search-results [role="option"]')
    await expect(results.first()).toBeVisible({ timeout: FIRST_RESULTS_MS })
    expect(await results.count()).toBeGreaterThan(0)
  })
}
