// The Content-Security-Policy written by scripts/add-csp.mjs: every page carries it, nothing the
// site itself does violates it, and it really blocks what it is for (injected scripts, requests
// to other origins).
import { expect, test } from '@playwright/test'
import { watchCsp } from '../support/csp-watch'
import { sitePages } from '../support/site-pages'

const REQUIRED = ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]

test('every page carries the policy and loads with no CSP violation', async ({ page }) => {
  test.setTimeout(120_000)
  const csp = await watchCsp(page)
  for (const { route } of sitePages()) {
    await page.goto(route)
    await page.waitForLoadState('networkidle')
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    for (const directive of REQUIRED) expect(policy, `${route}: ${directive}`).toContain(directive)
    // Scripts: hashes, never 'unsafe-inline' or 'unsafe-eval' (Playwright's own evaluate ignores the
    // policy, so eval is checked in the policy text rather than by calling it).
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;/)
    expect(policy).not.toMatch(/https?:\/\//) // no third-party origin anywhere
    // The page's own inline scripts ran (their hashes matched): the RSC payload was read.
    expect(await page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true)
  }
  // Search (pagefind's WebAssembly) under the policy.
  await page.goto('/')
  const box = page.getByRole('combobox').or(page.getByPlaceholder(/search/i)).first()
  await box.click()
  await box.fill('PKCS#1')
  await expect(page.getByRole('option').first()).toBeVisible()
  expect(csp.violations).toEqual([])
  expect(csp.consoleRefusals).toEqual([])
})

test('the policy blocks an injected inline script and a request to another origin', async ({ page }) => {
  const csp = await watchCsp(page)
  await page.goto('/keys')
  await page.waitForLoadState('networkidle')
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { injected?: number }
    const script = document.createElement('script')
    script.textContent = 'window.injected = 1'
    document.body.append(script)
    // Another origin: a different loopback address, so only the policy can stop it.
    const foreign = await fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'x' }).then(
      () => 'sent',
      (error: Error) => error.message
    )
    return { injectedRan: w.injected === 1, foreign }
  })
  expect(outcome.injectedRan).toBe(false)
  expect(outcome.foreign).not.toBe('sent')
  // Each policy that blocks reports: the <meta> one, and with a server sending the CSP header
  // (nginx, npm run serve) the header's too. Which directives fired is what counts.
  await expect.poll(() => [...new Set(csp.violations.map((v) => v.directive))].sort()).toEqual(['connect-src', 'script-src-elem'])
})
