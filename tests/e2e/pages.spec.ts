// Every guide page renders its title cleanly: no console errors, no failed requests, nothing
// fetched from any other origin, no accessibility violations, no horizontal scroll on a phone.
import { expect, test } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { sitePages } from '../support/site-pages'
import { expectedTitle } from '../support/page-title'
import { watchPage } from '../support/page-watch'

for (const { route, file } of sitePages()) {
  test.describe(`page ${route}`, () => {
    test('renders its title with no console errors, failed or foreign requests', async ({ page, baseURL }) => {
      const problems = watchPage(page, new URL(baseURL!).origin)
      await page.goto(route)
      await page.waitForLoadState('networkidle')
      const title = expectedTitle(file)
      await expect(page.locator('h1').first()).toBeVisible()
      expect(await page.title()).toContain(title)
      expect(problems.consoleErrors, 'console errors').toEqual([])
      expect(problems.failedRequests, 'failed requests').toEqual([])
      expect(problems.foreignRequests, 'requests to other origins').toEqual([])
    })

    // Desktop and phone width, light and dark theme: a table that scrolls sideways only at 375 px
    // (scrollable-region-focusable) or a colour only one theme gets wrong shows up here.
    for (const width of [1280, 375])
      for (const scheme of ['light', 'dark'] as const)
        test(`has no axe violations at ${width} px in the ${scheme} theme`, async ({ page }) => {
          await page.setViewportSize({ width, height: 800 })
          await page.emulateMedia({ colorScheme: scheme })
          await page.goto(route)
          await page.waitForLoadState('networkidle')
          await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/)
          const results = await new AxeBuilder({ page }).analyze()
          const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
          expect(summary).toEqual([])
        })

    test('has no horizontal scroll at 375 px', async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 })
      await page.goto(route)
      await page.waitForLoadState('networkidle')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)
    })
  })
}
