// The widget steps the privacy, offline and a11y specs share, driven with clicks and fills:
// generate a key, diagnose a key, sign and check a token, fill the plant profile.
import { expect, type Page } from '@playwright/test'
import { createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'

export const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'

/**
 * Waits until the widgets' lazily loaded code is here (e.g. before going offline): first the named
 * widgets and every other non-deferred one are live (hydrated, so their idle loads are scheduled),
 * then <html data-idle-loads> says every idle load has settled
 * (components/widgets/shared/load-when-idle.ts). No time-based guess: under load, idle can come
 * late, and a test that went offline before it got "Loading chunk … failed". Name the widgets the
 * test uses: one that mounts late (the token playground is itself a lazy chunk) is not yet in the page.
 */
export async function waitForIdleLoads(page: Page, ...widgets: string[]): Promise<void> {
  for (const name of widgets) await liveWidget(page, name)
  await expect(page.locator('[data-widget][data-ready="false"]:not([data-deferred])')).toHaveCount(0, { timeout: 20_000 })
  // No attribute once the widgets are live: nothing on this page loads when idle.
  if ((await page.locator('html').getAttribute('data-idle-loads')) === null) return
  await expect(page.locator('html')).toHaveAttribute('data-idle-loads', 'settled', { timeout: 30_000 })
}

/**
 * A widget once its code is live. Clicks and fills wait by themselves (controls stay disabled
 * until then), but setInputFiles does not: a file chosen before hydration fires no handler.
 */
export async function liveWidget(page: Page, name: string) {
  const widget = page.locator(`[data-widget="${name}"]`).first()
  await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 20_000 })
  return widget
}

/** On /keys: generates a 2048-bit pair and returns jwt-private.pem as the reader downloads it. */
export async function generateKey(page: Page): Promise<{ privatePem: string }> {
  const generator = page.locator('[data-widget="key-generator"]')
  await generator.getByRole('button', { name: /Generate (a new )?key pair/ }).click()
  await expect(generator.getByRole('status')).toContainText('key pair ready', { timeout: 30_000 })
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    generator.getByRole('button', { name: 'Download jwt-private.pem' }).click()
  ])
  const privatePem = readFileSync((await download.path())!, 'utf8')
  expect(privatePem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
  return { privatePem }
}

/** On /keys: pastes a key into the doctor and waits for its verdict. */
export async function diagnoseKey(page: Page, keyText: string): Promise<string> {
  const doctor = page.locator('[data-widget="key-doctor"]')
  await doctor.getByLabel('Key, certificate or key file').fill(keyText)
  const verdict = doctor.getByTestId('doctor-verdict')
  await expect(verdict).toBeVisible()
  return (await verdict.textContent()) ?? ''
}

/**
 * EXTENSION POINT (token playground, components/widgets/token-playground): on a page that has it,
 * signs a token with the given private key, hands it to the check panel and waits for the verdict.
 * Returns the token. Adjust the selectors here when the playground's UI settles.
 */
export async function signAndCheckToken(page: Page, privatePem: string, plantId: string): Promise<string> {
  const playground = page.locator('[data-widget="token-playground"]')
  // The form is server-rendered; typing before hydration would be lost.
  await expect(playground).toHaveAttribute('data-ready', 'true')
  const sign = playground.locator('[data-panel="sign"]')
  await sign.getByLabel('Private key (jwt-private.pem)').fill(privatePem)
  await sign.getByLabel(/Plant id \(sub/).fill(plantId)
  await sign.getByRole('button', { name: 'Sign token' }).click()
  const token = (await sign.getByTestId('signed-token').textContent({ timeout: 15_000 }))?.trim() ?? ''
  expect(token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/)
  await sign.getByRole('button', { name: 'Check this token' }).click()
  // The broker's key file: the public half as PKCS#1 DER (made here by node:crypto, independently).
  const keyFile = createPublicKey(privatePem).export({ type: 'pkcs1', format: 'der' })
  await playground
    .locator('div', { has: page.getByText('Key file as enrolled (jwt-public.der)', { exact: true }) })
    .last()
    .locator('input[type="file"]')
    .setInputFiles({ name: 'jwt-public.der', mimeType: 'application/octet-stream', buffer: keyFile })
  // Decode + verify + verdict: the check panel judges the handed-over token as the broker would.
  await expect(playground.getByTestId('decoded-payload')).toContainText(plantId)
  await expect(playground.getByTestId('verdict')).toHaveAttribute('data-accept', 'true')
  return token
}

/** On a page with <PlantProfile />: types the plant id and switches the environment. */
export async function fillPlantProfile(page: Page, plantId: string): Promise<void> {
  const profile = page.locator('[data-widget="plant-profile"]').first()
  await profile.getByLabel(/Plant id/).fill(plantId)
  await profile.getByLabel('Environment').selectOption('local')
  await expect(profile.getByLabel('Port')).toHaveValue('8884')
}
