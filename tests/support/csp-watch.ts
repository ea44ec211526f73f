// Collects every Content-Security-Policy violation a page reports (the `securitypolicyviolation`
// DOM event, forwarded to the test) plus the browser's own "Refused to …" console messages.
import type { Page } from '@playwright/test'

export interface CspViolation {
  directive: string
  blocked: string
  source: string
}

export async function watchCsp(page: Page): Promise<{ violations: CspViolation[]; consoleRefusals: string[] }> {
  const violations: CspViolation[] = []
  const consoleRefusals: string[] = []
  // exposeFunction survives navigations, so the list covers the whole session, not one document.
  await page.exposeFunction('__reportCspViolation', (v: CspViolation) => violations.push(v))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (v: unknown) => void }).__reportCspViolation
      report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` })
    })
  })
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (load|execute|connect|apply|evaluate|compile)/i.test(msg.text())) consoleRefusals.push(msg.text())
  })
  return { violations, consoleRefusals }
}
