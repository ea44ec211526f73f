// Key generator speed: from the click on "Generate key pair" until the four files are offered,
// against a bare crypto.subtle.generateKey in the same browser page. RSA key generation is a
// random prime search, so single runs vary a lot: runs alternate and we report medians + spread.
import type { Browser } from '@playwright/test'
import { spread, type Spread } from './stats'

export interface KeygenTimes {
  widget: Spread
  raw: Spread
  ratio: number
}

export async function keygenTimes(browser: Browser, siteUrl: string, runs: number): Promise<KeygenTimes> {
  const page = await browser.newPage()
  await page.goto(`${siteUrl}/keys`, { waitUntil: 'networkidle' })

  const widgetRun = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = document.querySelector('[data-widget="key-generator"]')!
          const button = Array.from(w.querySelectorAll('button')).find((b) => /Generate/.test(b.textContent ?? ''))!
          let sawWorking = false
          const observer = new MutationObserver(() => {
            const status = w.querySelector('[role="status"]')?.textContent ?? ''
            if (status.includes('Generating')) sawWorking = true
            const files = Array.from(w.querySelectorAll('button')).some((b) => b.textContent === 'Download jwt-private.pem')
            if (sawWorking && status.includes('key pair ready') && files) {
              observer.disconnect()
              resolve(performance.now() - t0)
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
  const raw: number[] = []
  for (let i = 0; i < runs; i++) {
    widget.push(await widgetRun())
    raw.push(await rawRun())
  }
  await page.close()
  const w = spread(widget)
  const r = spread(raw)
  return { widget: w, raw: r, ratio: w.median / r.median }
}
