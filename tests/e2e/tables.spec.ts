// Tables that scroll sideways on a phone can be reached and scrolled with the keyboard: each sits
// in a focusable region named after its header row (components/ui/scroll-table.tsx).
import { expect, test } from '@playwright/test'
import { sitePages } from '../support/site-pages'

const pagesWithTables = sitePages().filter(({ file }) => file.endsWith('keys.mdx') || file.endsWith('troubleshooting.mdx') || file.endsWith('local-development.mdx'))

for (const { route } of pagesWithTables) {
  test(`${route}: every table is in a focusable, labelled region`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 })
    await page.goto(route)
    const tables = page.locator('main table')
    const count = await tables.count()
    expect(count).toBeGreaterThan(0)
    for (let i = 0; i < count; i++) {
      const region = tables.nth(i).locator('xpath=..')
      await expect(region).toHaveAttribute('role', 'region')
      await expect(region).toHaveAttribute('tabindex', '0')
      await expect(region).toHaveAttribute('aria-label', /^Table: \S/)
    }
  })
}

// The log lines in Troubleshooting's token table cannot wrap, so it stays wider than a phone
// whatever the prose around it (the Keys table it used to be wraps since its text got shorter).
test('/troubleshooting at 375 px: a wide table scrolls with the arrow keys once focused', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 })
  await page.goto('/troubleshooting')
  const region = page.getByRole('region', { name: 'Table: Token, The jwt-auth: line' })
  await expect(region).toBeVisible()
  const wide = await region.evaluate((el) => el.scrollWidth > el.clientWidth)
  expect(wide, 'the token table is wider than a phone (otherwise this test proves nothing)').toBe(true)
  await region.focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
})
