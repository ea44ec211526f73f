// scripts/paint-first.mjs: the built pages paint their text before they fetch any JavaScript, and
// then come alive as before.
import { expect, test } from '@playwright/test'

for (const route of ['/tokens', '/connect', '/']) {
  test(`${route}: no script is requested before the first contentful paint, and the page hydrates`, async ({ page }) => {
    await page.goto(route)
    // The theme's search box shows its keyboard hint (invisible in the static HTML) once hydrated.
    await expect(page.locator('.nextra-search kbd').first()).not.toHaveClass(/x:invisible/)
    if (route !== '/') await expect(page.locator('[data-widget][data-ready="true"]').first()).toBeAttached()
    const timing = await page.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      scripts: performance
        .getEntriesByType('resource')
        .filter((entry) => /\/_next\/static\/chunks\/.+\.js$/.test(new URL(entry.name).pathname))
        .map((entry) => ({ url: new URL(entry.name).pathname, start: entry.startTime }))
    }))
    expect(timing.paint).toBeGreaterThan(0)
    expect(timing.scripts.length).toBeGreaterThan(3)
    for (const script of timing.scripts) expect(script.start, script.url).toBeGreaterThanOrEqual(timing.paint!)
  })
}
