// Records what a page did wrong while a test drove it: console errors, uncaught exceptions,
// failed or error responses, and any request that left the site's own origin.
import type { Page } from '@playwright/test'

export interface PageProblems {
  consoleErrors: string[]
  failedRequests: string[]
  foreignRequests: string[]
}

export function watchPage(page: Page, siteOrigin: string): PageProblems {
  const problems: PageProblems = { consoleErrors: [], failedRequests: [], foreignRequests: [] }
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text())
  })
  page.on('pageerror', (err) => problems.consoleErrors.push(`uncaught: ${err.message}`))
  page.on('request', (req) => {
    const url = req.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    if (new URL(url).origin !== siteOrigin) problems.foreignRequests.push(url)
  })
  page.on('requestfailed', (req) => problems.failedRequests.push(`${req.url()} (${req.failure()?.errorText})`))
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()} (HTTP ${res.status()})`)
  })
  return problems
}
