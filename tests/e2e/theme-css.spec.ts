// scripts/drop-unused-theme-css.mjs: the built stylesheet keeps the theme features the guide uses
// (Steps on Keys, code lines on every block) and none of the ones it does not (twoslash).
import { expect, test } from '@playwright/test'

test('the stylesheet keeps the Steps and code-line styles the pages use, without the twoslash rules', async ({ page, request }) => {
  await page.goto('/keys')
  const sheets = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href))
  expect(sheets).toHaveLength(1)
  const css = await (await request.get(sheets[0]!)).text()
  expect(css).toContain('.nextra-steps')
  expect(css).toContain("pre code.nextra-code:not([class*=twoslash-])")
  expect(css).not.toMatch(/\.twoslash-popup|--twoslash-/)
  // A step's heading still counts (the Steps rule), and a code block's lines are still laid out as a grid.
  const stepHeading = page.locator('.nextra-steps h3').first()
  await expect(stepHeading).toBeVisible()
  expect(await stepHeading.evaluate((el) => getComputedStyle(el).counterIncrement)).not.toBe('none')
  expect(await page.locator('pre code.nextra-code').first().evaluate((el) => getComputedStyle(el).display)).toBe('grid')
})
