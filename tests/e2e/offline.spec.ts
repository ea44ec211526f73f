// Once a page has loaded, the widgets keep working with the network gone: nothing they do needs
// a server, including the crypto code they load lazily.
import { expect, test } from '@playwright/test'
import { diagnoseKey, fillPlantProfile, generateKey, PLANT_ID, signAndCheckToken, waitForIdleLoads } from '../support/widget-flows'
import { builtHas, pagesWithWidget } from '../support/widget-pages'

test('key generator and key doctor work offline after the page loaded', async ({ page, context }) => {
  await page.goto('/keys')
  await waitForIdleLoads(page, 'key-generator', 'key-doctor')
  await context.setOffline(true)
  expect(await page.evaluate(() => navigator.onLine)).toBe(false)
  const { privatePem } = await generateKey(page)
  expect(await diagnoseKey(page, privatePem)).toContain('would reject')
  await expect(page.locator('[data-widget="key-doctor"]').getByTestId('doctor-bits')).toHaveText('2048 bits')
})

test('token playground signs and checks offline after the page loaded', async ({ page, context }) => {
  const route = pagesWithWidget('TokenPlayground')[0]
  test.skip(!route, 'no page uses <TokenPlayground /> yet')
  await page.goto('/keys')
  const { privatePem } = await generateKey(page)
  await page.goto(route!)
  test.skip(!(await builtHas(page, 'token-playground')), 'the served build has no token playground yet')
  await waitForIdleLoads(page, 'token-playground')
  await context.setOffline(true)
  expect(await signAndCheckToken(page, privatePem, PLANT_ID)).toMatch(/^eyJ/)
})

test('plant profile fills snippets offline after the page loaded', async ({ page, context }) => {
  const route = pagesWithWidget('PlantProfile')[0]
  test.skip(!route, 'no page uses <PlantProfile /> yet')
  await page.goto(route!)
  test.skip(!(await builtHas(page, 'plant-profile')), 'the served build has no plant profile yet')
  await waitForIdleLoads(page, 'plant-profile')
  await context.setOffline(true)
  await fillPlantProfile(page, PLANT_ID)
  const snippets = page.locator('[data-widget="snippet"]')
  if ((await snippets.count()) > 0) await expect(snippets.first()).toContainText(PLANT_ID)
})
