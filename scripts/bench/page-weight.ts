// Benchmark: gzip JS each guide page makes the browser load, against a bare Nextra page built in
// the same run, plus `next build` + search index time. Prints a table; asserts nothing.
// Usage: npx tsx scripts/bench/page-weight.ts [--no-build]
import { execSync } from 'node:child_process'
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../../tests/support/chromium'
import { sitePages } from '../../tests/support/site-pages'
import { serveDir } from './serve'

const root = join(__dirname, '..', '..')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

function timed(command: string, cwd: string): number {
  const start = performance.now()
  execSync(command, { cwd, env, stdio: 'ignore' })
  return (performance.now() - start) / 1000
}

function buildBareNextra(): { dir: string; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bare-nextra-'))
  cpSync(join(__dirname, 'bare-nextra'), dir, { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }))
  return { dir, seconds: timed('npx next build', dir) }
}

/** gzip bytes of every script the page loads until the network is idle. */
async function pageJs(browser: import('@playwright/test').Browser, url: string): Promise<number> {
  const page = await browser.newPage()
  const sizes: Promise<number>[] = []
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') sizes.push(res.body().then((b) => gzipSync(b, { level: 9 }).length))
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.close()
  return (await Promise.all(sizes)).reduce((a, b) => a + b, 0)
}

async function main() {
  const build = process.argv.includes('--no-build')
    ? undefined
    : { next: timed('npx next build', root), search: timed('npx pagefind --site out --output-path out/_pagefind', root) }
  const bare = buildBareNextra()
  const site = await serveDir(join(root, 'out'), 4311)
  const baseline = await serveDir(join(bare.dir, 'out'), 4312)
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    const bareJs = await pageJs(browser, `${baseline.url}/`)
    const rows: [string, string, string][] = [['bare Nextra page (baseline)', (bareJs / 1024).toFixed(1), '1.00']]
    for (const { route } of sitePages()) {
      const js = await pageJs(browser, `${site.url}${route}`)
      rows.push([route, (js / 1024).toFixed(1), (js / bareJs).toFixed(3)])
    }
    console.log('\n| page | gzip JS loaded (KiB) | ratio to bare Nextra |\n|---|---:|---:|')
    for (const row of rows) console.log(`| ${row.join(' | ')} |`)
    console.log(`\nbare Nextra next build: ${bare.seconds.toFixed(1)} s`)
    if (build) console.log(`site next build: ${build.next.toFixed(1)} s, pagefind index: ${build.search.toFixed(1)} s`)
  } finally {
    await browser.close()
    site.stop()
    baseline.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
