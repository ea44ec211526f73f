// Keyboard only (Tab, Shift+Tab, Enter, Space, typing; no clicks): generate a key and reach its
// downloads, diagnose a key, and (when present) sign a token. Every control that takes focus shows
// it, and each result is announced through an aria-live region.
import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { PLANT_ID, waitForIdleLoads } from '../support/widget-flows'
import { builtHas, pagesWithWidget } from '../support/widget-pages'

interface Focused {
  name: string
  inWidget: boolean
  visibleFocus: boolean
}

/** What has focus now, and whether the browser draws a focus indicator on it. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return { name: '', inWidget: false, visibleFocus: false }
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    // A box-shadow counts only if some layer is drawn: a non-transparent colour and a non-zero size
    // (utility CSS often sets an invisible "0 0 #0000" shadow on everything).
    const shadow = style.boxShadow.split(/,(?![^(]*\))/).some((layer) => {
      const alpha = /rgba?\(([^)]*)\)/.exec(layer)?.[1]?.split(',')[3]
      const sizes = (layer.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) ?? []).map(parseFloat)
      return layer.trim() !== 'none' && (alpha === undefined || parseFloat(alpha) > 0) && sizes.some((n) => n !== 0)
    })
    const label = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null)
    return {
      name: `${el.tagName.toLowerCase()} ${(label ?? el.textContent ?? '').trim().slice(0, 60)}`,
      inWidget: el.closest('[data-widget]') !== null,
      visibleFocus: outline || shadow
    }
  })
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches; records focus rings on the way. */
async function tabTo(page: Page, name: RegExp, seen: Focused[], backwards = false): Promise<void> {
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    const now = await focused(page)
    seen.push(now)
    if (name.test(now.name)) return
  }
  throw new Error(`Tab never reached ${name}; last: ${seen.slice(-5).map((f) => f.name).join(' | ')}`)
}

const liveText = (page: Page, selector: string) => page.locator(selector).first().innerText()

test('keys page by keyboard: generate, download, diagnose; focus visible, results announced', async ({ page }) => {
  test.setTimeout(90_000)
  const seen: Focused[] = []
  await page.goto('/keys')
  // Both widgets live (keys pressed into the static HTML do nothing) and their code loaded.
  await waitForIdleLoads(page, 'key-generator', 'key-doctor')
  const generatorLive = '[data-widget="key-generator"] [aria-live]'
  expect(await liveText(page, generatorLive)).toBe('')

  await tabTo(page, /^button Generate key pair$/, seen)
  await page.keyboard.press('Enter')
  await expect(page.locator(generatorLive).first()).toContainText('key pair ready', { timeout: 30_000 })

  await tabTo(page, /^button Download jwt-private\.pem$/, seen)
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
  expect(download.suggestedFilename()).toBe('jwt-private.pem')
  const privatePem = readFileSync((await download.path())!, 'utf8')
  await tabTo(page, /^button Download jwt-public\.der$/, seen)
  const [der] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Space')])
  expect(der.suggestedFilename()).toBe('jwt-public.der')
  await tabTo(page, /^button Generate a new key pair$/, seen, true)

  // Key doctor: type the public half of a key pair and hear the verdict.
  const doctorLive = '[data-widget="key-doctor"] [aria-live]'
  const before = await liveText(page, doctorLive)
  await tabTo(page, /^textarea Key, certificate or key file$/, seen)
  await page.keyboard.insertText(privatePem)
  await expect(page.locator(doctorLive).first()).toContainText('The broker would reject every token with this file')
  expect(await liveText(page, doctorLive)).not.toBe(before)
  await tabTo(page, /^button Download jwt-public\.der$/, seen)

  const withoutRing = seen.filter((f) => f.inWidget && !f.visibleFocus).map((f) => f.name)
  expect(seen.filter((f) => f.inWidget).length).toBeGreaterThan(5)
  expect([...new Set(withoutRing)], 'widget controls focused without a visible focus indicator').toEqual([])
})

test('token playground by keyboard: sign a token and hear it announced', async ({ page }) => {
  // EXTENSION POINT: runs once a page carries <TokenPlayground /> in the served build.
  const route = pagesWithWidget('TokenPlayground')[0]
  test.skip(!route, 'no page uses <TokenPlayground /> yet')
  await page.goto(route!)
  test.skip(!(await builtHas(page, 'token-playground')), 'the served build has no token playground yet')
  const seen: Focused[] = []
  const pem = readFileSync(require.resolve('../vectors/keys/rsa2048.pkcs1.pem'), 'utf8')
  await tabTo(page, /^textarea Private key/, seen)
  await page.keyboard.insertText(pem)
  await tabTo(page, /^input Plant id/, seen)
  await page.keyboard.type(PLANT_ID)
  await tabTo(page, /^button Sign token$/, seen)
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-panel="sign"] [role="status"]')).toContainText('Token signed')
  await tabTo(page, /^button Check this token$/, seen)
  await page.keyboard.press('Enter')
  // Without a key file the check can only decode; typing a key file (PEM text, which the broker
  // reads as bytes and refuses) gives the verdict, announced in the live region.
  const announced = await page.getByTestId('verdict-announcement').innerText()
  await tabTo(page, /^textarea Key file as enrolled/, seen)
  await page.keyboard.insertText(readFileSync(require.resolve('../vectors/keys/rsa2048.pkcs1-public.pem'), 'utf8'))
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-accept', 'false')
  await expect(page.getByTestId('verdict-announcement')).not.toHaveText(announced)
  expect([...new Set(seen.filter((f) => f.inWidget && !f.visibleFocus).map((f) => f.name))]).toEqual([])
})
