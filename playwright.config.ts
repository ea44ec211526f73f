// Browser tests: Debian's Chromium against the built static site served on loopback.
import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tests/support/chromium'

const port = Number(process.env.E2E_PORT ?? 4173)
// SITE_DIR lets several people test their own copy of a build side by side (default: out/).
const siteDir = process.env.SITE_DIR ?? 'out'

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'off'
  },
  webServer: {
    command: `node scripts/serve-static.mjs ${JSON.stringify(siteDir)}`,
    env: { PORT: String(port), HOST: '127.0.0.1' },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000
  }
})
