// Browser tests: Debian's Chromium against the built static site served on loopback.
import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tests/support/chromium'

const port = Number(process.env.E2E_PORT ?? 4173)
// SITE_DIR lets several people test their own copy of a build side by side (default: out/).
const siteDir = process.env.SITE_DIR ?? 'out'
// E2E_SERVER=nginx serves the site with Debian's nginx and the server block the build wrote, as in
// production (scripts/test.sh does); the default is the project's own node server (npm run serve).
const servers = {
  node: 'scripts/serve-static.mjs',
  nginx: 'scripts/headers/serve-nginx.mjs'
}
const server = (process.env.E2E_SERVER ?? 'node') as keyof typeof servers
if (!servers[server]) throw new Error(`E2E_SERVER must be one of ${Object.keys(servers).join(', ')}, not ${server}`)

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
    command: `node ${servers[server]} ${JSON.stringify(siteDir)}`,
    env: { PORT: String(port), HOST: '127.0.0.1' },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000
  }
})
