// components/ui/early-search-text.tsx: what a reader types into the search box while the page is
// still static HTML is kept when React takes over, and the search then runs on it.
import { expect, test } from '@playwright/test'
import { liveWidget } from '../support/widget-flows'

test('text typed before hydration stays in the search box and finds results', async ({ page }) => {
  // Hold every JavaScript chunk until the reader has typed, so the typing surely comes first.
  let release!: () => void
  const typed = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/_next\/static\/chunks\/.+\.js$/, async (route) => {
    await typed
    await route.continue()
  })
  // A page with a widget, whose data-ready attribute says when React has taken over.
  await page.goto('/tokens')
  const box = page.locator('.nextra-search').first().getByRole('combobox')
  await box.click()
  await box.pressSequentially('rc=5')
  await expect(page.locator('[data-widget="plant-profile"]')).toHaveAttribute('data-ready', 'false')
  release()

  await liveWidget(page, 'plant-profile')
  await expect(box).toHaveValue('rc=5')
  // The first search loads pagefind's WebAssembly and index: 6–9 s measured under a load average of 30.
  await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible({ timeout: 30_000 })
  // React owns the text now: typing on edits it as usual.
  await box.press('End')
  await box.press('Backspace')
  await expect(box).toHaveValue('rc=')
})

test('the box stays empty when nothing was typed before hydration', async ({ page }) => {
  await page.goto('/tokens')
  await liveWidget(page, 'plant-profile')
  await expect(page.locator('.nextra-search').first().getByRole('combobox')).toHaveValue('')
  await expect(page.getByRole('listbox')).toHaveCount(0)
})
