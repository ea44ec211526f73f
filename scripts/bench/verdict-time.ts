// Token playground speed: from an edit of the token until the verdict on the page has changed
// (DOM updated), alternating a valid token and one with a broken signature so every edit really
// changes the verdict. Also the bare brokerVerdict() call in the same browser, for comparison.
import type { Browser } from '@playwright/test'
import { generateKeyPairSync, createSign } from 'node:crypto'
import { join } from 'node:path'
import { build } from 'esbuild'
import { spread, type Spread } from './stats'

const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'

function material() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 })
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: PLANT_ID, iat: now, exp: now + 3600 })}`
  const token = `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`
  const broken = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
  return { token, broken, keyDer: publicKey.export({ type: 'pkcs1', format: 'der' }) }
}

/** undefined when the served /tokens page has no playground yet. */
export async function playgroundVerdictTimes(browser: Browser, siteUrl: string, runs: number): Promise<Spread | undefined> {
  const page = await browser.newPage()
  try {
    await page.goto(`${siteUrl}/tokens`, { waitUntil: 'networkidle' })
    const widget = page.locator('[data-widget="token-playground"]').first()
    if ((await widget.count()) === 0) return undefined
    // Typing into the server-rendered form before hydration would be lost: wait until it is live.
    await page.locator('[data-widget="token-playground"][data-ready="true"]').first().waitFor()
    const m = material()
    const check = widget.locator('section').filter({ has: page.getByLabel('Token (the MQTT password)') }).first()
    await check.locator('input[type="file"]').first().setInputFiles({ name: 'jwt-public.der', mimeType: 'application/octet-stream', buffer: m.keyDer })
    await check.getByLabel('MQTT username').fill(PLANT_ID)
    await check.getByLabel('Token (the MQTT password)').fill(m.token)
    await page.getByTestId('verdict').first().waitFor()
    const times: number[] = []
    for (let i = 0; i < runs + 3; i++) {
      const next = i % 2 === 0 ? m.broken : m.token
      const ms = await page.evaluate((value) => {
        return new Promise<number>((resolve) => {
          const area = Array.from(document.querySelectorAll('textarea')).find((t) => t.labels?.[0]?.textContent?.includes('Token (the MQTT password)'))!
          const before = document.querySelector('[data-testid="verdict"]')?.getAttribute('data-rule')
          const observer = new MutationObserver(() => {
            const rule = document.querySelector('[data-testid="verdict"]')?.getAttribute('data-rule')
            if (rule && rule !== before) {
              observer.disconnect()
              resolve(performance.now() - t0)
            }
          })
          observer.observe(document.querySelector('[data-widget="token-playground"]')!, { subtree: true, childList: true, attributes: true, characterData: true })
          const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!
          const t0 = performance.now()
          setValue.call(area, value)
          area.dispatchEvent(new Event('input', { bubbles: true }))
        })
      }, next)
      if (i >= 3) times.push(ms) // the first edits include loading the token code
    }
    return spread(times)
  } finally {
    await page.close()
  }
}

/** brokerVerdict() itself, bundled with esbuild and run in a blank page of the same browser. */
export async function libraryVerdictTimes(browser: Browser, root: string, runs: number): Promise<Spread> {
  const bundle = await build({
    stdin: {
      contents: `import { brokerVerdict } from './lib/tokens'; globalThis.brokerVerdict = brokerVerdict`,
      resolveDir: root,
      loader: 'ts'
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent'
  })
  const m = material()
  const page = await browser.newPage()
  await page.setContent('<!doctype html><title>verdict bench</title>')
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text })
  const times = await page.evaluate(
    async ({ token, broken, key, plant, runs }) => {
      const verdict = (globalThis as unknown as { brokerVerdict: (i: unknown) => Promise<{ rule: string }> }).brokerVerdict
      const keyFile = new Uint8Array(key)
      const out: number[] = []
      for (let i = 0; i < runs + 3; i++) {
        const t0 = performance.now()
        await verdict({ token: i % 2 ? token : broken, keyFile, username: plant, protocol: '5', now: Math.floor(Date.now() / 1000) })
        if (i >= 3) out.push(performance.now() - t0)
      }
      return out
    },
    { token: m.token, broken: m.broken, key: Array.from(m.keyDer), plant: PLANT_ID, runs }
  )
  await page.close()
  return spread(times)
}
