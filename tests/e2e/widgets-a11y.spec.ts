// axe finds nothing on pages whose widgets are open and filled (a generated key, a diagnosis, a
// signed and checked token, a filled profile), in the light and the dark theme, and at 375 px the
// filled widgets (long keys, tokens and hashes) wrap instead of scrolling sideways.
import { expect, test, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { buildKitAndReadPrivateKey } from '../support/kit-flows'
import { diagnoseKey, fillPlantProfile, generateKey, PLANT_ID, signAndCheckToken } from '../support/widget-flows'
import { builtHas, pagesWithWidget } from '../support/widget-pages'

interface Flow {
  name: string
  /** Route to open, or undefined when no page uses the widget yet. */
  route: () => string | undefined
  widget: string
  fill: (page: Page) => Promise<void>
}

const FLOWS: Flow[] = [
  {
    name: 'key generator and key doctor, filled',
    route: () => '/keys',
    widget: 'key-generator',
    async fill(page) {
      const { privatePem } = await generateKey(page)
      await diagnoseKey(page, privatePem)
      const doctor = page.locator('[data-widget="key-doctor"]')
      await doctor.getByText('Check that a public key and a private key belong together').click()
      await doctor.getByLabel('Second key (the other half of the pair)').fill(privatePem)
      await expect(doctor.getByTestId('doctor-pair')).toBeVisible()
    }
  },
  {
    name: 'token playground, signed and checked',
    route: () => pagesWithWidget('TokenPlayground')[0],
    widget: 'token-playground',
    async fill(page) {
      const url = page.url()
      await page.goto('/keys')
      const { privatePem } = await generateKey(page)
      await page.goto(url)
      await signAndCheckToken(page, privatePem, PLANT_ID)
    }
  },
  {
    name: 'starter kit, built',
    route: () => pagesWithWidget('StarterKit')[0],
    widget: 'starter-kit',
    async fill(page) {
      await buildKitAndReadPrivateKey(page, PLANT_ID)
    }
  },
  {
    name: 'plant profile, filled',
    route: () => pagesWithWidget('PlantProfile')[0],
    widget: 'plant-profile',
    fill: (page) => fillPlantProfile(page, PLANT_ID)
  }
]

async function openFilled(page: Page, flow: Flow): Promise<void> {
  const route = flow.route()
  test.skip(!route, `no page uses the ${flow.widget} widget yet`)
  await page.goto(route!)
  test.skip(!(await builtHas(page, flow.widget)), `the served build has no ${flow.widget} yet`)
  await flow.fill(page)
}

for (const flow of FLOWS) {
  for (const [width, scheme] of [[1280, 'light'], [1280, 'dark'], [375, 'light'], [375, 'dark']] as const) {
    test(`${flow.name}: no axe violations in the ${scheme} theme${width === 375 ? ' at 375 px' : ''}`, async ({ page }) => {
      test.setTimeout(90_000)
      await page.setViewportSize({ width, height: 800 })
      await page.emulateMedia({ colorScheme: scheme })
      await openFilled(page, flow)
      // next-themes follows the system setting: the page really is in the theme under test.
      await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/)
      const results = await new AxeBuilder({ page }).analyze()
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      expect(summary).toEqual([])
    })
  }

  test(`${flow.name}: no horizontal scroll at 375 px`, async ({ page }) => {
    test.setTimeout(90_000)
    await page.setViewportSize({ width: 375, height: 800 })
    await openFilled(page, flow)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    // Usable: every control of the widget fits inside the viewport.
    const outside = await page.locator(`[data-widget="${flow.widget}"]`).first().evaluate((w) =>
      Array.from(w.querySelectorAll('button, input:not([type="file"]), textarea, select'))
        .filter((c) => {
          const r = c.getBoundingClientRect()
          return r.width > 0 && (r.left < 0 || r.right > window.innerWidth)
        })
        .map((c) => c.outerHTML.slice(0, 80))
    )
    expect(outside).toEqual([])
  })
}
