// Search works offline from the pagefind index built after `next build`.
import { expect, test } from '@playwright/test'

for (const query of ['PKCS#1', 'rc=5', '8887']) {
  test(`search finds "${query}"`, async ({ page }) => {
    await page.goto('/')
    const box = page.getByRole('combobox').or(page.getByPlaceholder(/search/i)).first()
    await box.click()
    await box.fill(query)
    const results = page.getByRole('option')
    await expect(results.first()).toBeVisible()
    expect(await results.count()).toBeGreaterThan(0)
  })
}
