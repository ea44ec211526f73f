// Key generator speed: from the click on "Generate key pair" until the four files are offered,
// against a bare crypto.subtle.generateKey in the same browser page. RSA key generation is a
// random prime search, so single runs vary a lot (one key takes 40 ms, the next 200 ms). The
// headline ratio is therefore paired: each click's total time over the generateKey call inside
// that same click (timed by wrapping SubtleCrypto.generateKey in the page). Separate bare
// generateKey runs, alternating with the clicks, are reported as context.
import type { Browser, Page } from '@playwright/test'
import { spread, type Spread } from './stats'

export interface KeygenTimes {
  widget: Spread
  raw: Spread
  /** Median over clicks of (click-to-files time ÷ that click's own generateKey time). */
  ratio: number
  pairedRatios: Spread
}

export async function keygenTimes(browser: Browser, siteUrl: string, runs: number): Promise<KeygenTimes> {
  const page = await browser.newPage()
  await page.goto(`${siteUrl}/keys`, { waitUntil: 'networkidle' })
  // The widget's controls stay disabled until its code has loaded: a click before that does nothing.
  await page.locator('[data-widget="key-generator"][data-ready="true"]').waitFor()
  await timeGenerateKeyCalls(page)

  const widgetRun = () =>
    page.evaluate(
      () =>
        new Promise<{ total: number; generateKey: number }>((resolve, reject) => {
          setTimeout(() => reject(new Error('the key generator did not offer the four files within 60 s')), 60_000)
          const w = document.querySelector('[data-widget="key-generator"]')!
          const button = Array.from(w.querySelectorAll('button')).find((b) => /Generate/.test(b.textContent ?? ''))!
          let sawWorking = false
          const observer = new MutationObserver(() => {
            const status = w.querySelector('[role="status"]')?.textContent ?? ''
            if (status.includes('Generating')) sawWorking = true
            const files = Array.from(w.querySelectorAll('button')).some((b) => b.textContent === 'Download jwt-private.pem')
            if (sawWorking && status.includes('key pair ready') && files) {
              observer.disconnect()
              resolve({ total: performance.now() - t0, generateKey: (window as unknown as { __generateKeyMs: number }).__generateKeyMs })
            }
          })
          observer.observe(w, { subtree: true, childList: true, characterData: true })
          const t0 = performance.now()
          button.click()
        })
    )
  const rawRun = () =>
    page.evaluate(async () => {
      const t0 = performance.now()
      await crypto.subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        ['sign', 'verify']
      )
      return performance.now() - t0
    })

  // Warm-up: the first click loads the key code (if the idle prefetch has not yet).
  await widgetRun()
  await rawRun()
  const widget: number[] = []
  const paired: number[] = []
  const raw: number[] = []
  for (let i = 0; i < runs; i++) {
    const click = await widgetRun()
    widget.push(click.total)
    paired.push(click.total / click.generateKey)
    raw.push(await rawRun())
  }
  await page.close()
  const pairedRatios = spread(paired)
  return { widget: spread(widget), raw: spread(raw), ratio: pairedRatios.median, pairedRatios }
}

/** Wraps SubtleCrypto.generateKey in the page so each call's duration lands in window.__generateKeyMs. */
export async function timeGenerateKeyCalls(page: Page): Promise<void> {
  await page.evaluate(() => {
    const original = SubtleCrypto.prototype.generateKey
    SubtleCrypto.prototype.generateKey = async function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['generateKey']>) {
      const t0 = performance.now()
      try {
        return await (original as (...a: unknown[]) => Promise<CryptoKeyPair>).apply(this, args)
      } finally {
        ;(window as unknown as { __generateKeyMs: number }).__generateKeyMs = performance.now() - t0
      }
    } as SubtleCrypto['generateKey']
  })
}
