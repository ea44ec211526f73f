// Snippets come from the example programs and are filled from one plant profile: the profile
// entered on one page fills the code on another, the language choice survives a reload, the copy
// button copies exactly the example region with the profile's values (quoted for the language),
// and the browser never downloads a highlighter.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { waitForIdleLoads } from '../support/widget-flows'
import { extractRegion, fillSlots, languageOf, withoutRegionMarkers, type PlantProfile } from '../../lib/snippets'

const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
// Quotes, a dollar and a backslash: each language must quote these differently to stay valid.
const AWKWARD_PLANT_ID = `plant"o'$x\\y`

function expectedRegion(file: string, region: string, profile: Partial<PlantProfile>): string {
  const source = readFileSync(join('examples', file), 'utf8')
  return fillSlots(extractRegion(source, region, file), languageOf(file), profile)
}

async function fillProfile(page: Page, plantId: string, environment: 'production' | 'local') {
  const profile = page.locator('[data-widget="plant-profile"]').first()
  await profile.getByLabel(/^Plant id/).fill(plantId)
  await profile.getByLabel('Environment').selectOption(environment)
}

function snippetWith(page: Page, file: string): Locator {
  return page.locator('[data-widget="snippet"]').filter({ has: page.locator(`[data-file="examples/${file}"]`) }).first()
}

async function chooseLanguage(snippet: Locator, label: string) {
  await snippet.getByRole('group', { name: 'Code language' }).getByRole('button', { name: label, exact: true }).click()
}

test('a profile filled on the Tokens page fills the connect code on the Connect page', async ({ page }) => {
  await page.goto('/tokens')
  await fillProfile(page, PLANT_ID, 'local')
  await page.goto('/connect')
  const snippet = page.locator('[data-widget="snippet"]').first()
  await chooseLanguage(snippet, 'Python')
  const code = snippet.locator('pre code')
  await expect(code).toContainText(`"${PLANT_ID}"`)
  await expect(code).toContainText('8884')
  await expect(code).not.toContainText('REPLACE-WITH-YOUR-PLANT-ID')
  // The profile field on this page shows the same profile.
  await expect(page.locator('[data-widget="plant-profile"]').first().getByLabel(/^Plant id/)).toHaveValue(PLANT_ID)
})

test('the chosen language holds after a reload and on other pages', async ({ page }) => {
  await page.goto('/connect')
  const snippet = page.locator('[data-widget="snippet"]').first()
  await chooseLanguage(snippet, 'TypeScript')
  await expect(snippet.locator('pre')).toHaveAttribute('data-file', 'examples/plc/mqtt-jwt.ts')
  await page.reload()
  const group = page.locator('[data-widget="snippet"]').first().getByRole('group', { name: 'Code language' })
  await expect(group.getByRole('button', { name: 'TypeScript' })).toHaveAttribute('aria-pressed', 'true')
  await page.goto('/tokens')
  const tokensSnippet = snippetWith(page, 'plc/mqtt-jwt.ts')
  await expect(tokensSnippet).toBeVisible()
})

for (const [file, region, label] of [
  ['plc/mqtt_jwt.py', 'config', 'Python'],
  ['plc/mqtt-jwt.ts', 'config', 'TypeScript'],
  ['c/voke_connect.c', 'config', 'C'],
  ['node-red/voke-connection.js', 'config', 'Node-RED'],
  ['cli/mosquitto-pub.sh', 'publish', 'mosquitto_pub']
] as const) {
  test(`copying the ${label} settings on Connect gives the example region filled with the profile`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto('/connect')
    await fillProfile(page, AWKWARD_PLANT_ID, 'production')
    const snippet = page.locator('[data-widget="snippet"]').first()
    await chooseLanguage(snippet, label)
    await expect(snippet.locator('pre')).toHaveAttribute('data-file', `examples/${file}`)
    await snippet.locator('pre').hover()
    await snippet.getByRole('button', { name: 'Copy code' }).click()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(expectedRegion(file, region, { plantId: AWKWARD_PLANT_ID, host: 'mqtt.voke.lovinka.com', port: '8887' }))
    expect(copied).not.toContain('REPLACE-WITH-YOUR-PLANT-ID')
  })
}

test('the highlighted code ships no highlighter: no shiki, grammar or regex engine in any script', async ({ page }) => {
  // Each script's whole text, awaited before the checks (a handler still reading would be missed).
  const reads: Promise<string>[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') reads.push(response.text())
  })
  await page.goto('/connect')
  await waitForIdleLoads(page) // the scripts the widgets load when idle count too
  // Colours come from the build-time palette: a class per colour pair, whose values the block sets.
  const coloured = page.locator('[data-widget="snippet"] pre code span[class^="k"]').first()
  await expect(coloured).toBeAttached()
  const shown = await coloured.evaluate((el) => {
    const style = getComputedStyle(el)
    const [light, block] = [style.getPropertyValue('--shiki-light'), getComputedStyle(el.closest('code')!).color]
    return { light, color: style.color, block }
  })
  expect(shown.light).toMatch(/^#[0-9a-f]{6}$/i)
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`
  expect(shown.color).toBe(rgb(shown.light)) // the piece is drawn in its pair's light colour
  expect(shown.color).not.toBe(shown.block) // … which is not the block's plain colour
  const scripts = await Promise.all(reads)
  expect(scripts.length).toBeGreaterThan(0)
  for (const source of scripts) {
    expect(source).not.toMatch(/"scopeName"\s*:\s*"source\.(python|ts|shell)"/)
    expect(source).not.toMatch(/onig(uruma)?[_-]?(scanner|wasm)/i)
    expect(source).not.toMatch(/createHighlighter|codeToHast/)
  }
})

// Every page the guide puts snippets on shows them filled: Option A in curl on Tokens, the refresh
// loop on Rotation, and the local broker's host and port on Local development.
test('the profile fills the snippets on Tokens, Rotation and Local development', async ({ page }) => {
  await page.goto('/connect')
  await fillProfile(page, PLANT_ID, 'local')

  await page.goto('/tokens')
  const fetch = snippetWith(page, 'token-api/fetch-token.sh')
  await expect(fetch.locator('pre code')).toContainText(PLANT_ID)
  await expect(fetch.getByRole('group', { name: 'Code language' }).getByRole('button')).toHaveText(['curl', 'Python', 'TypeScript'])

  await page.goto('/rotation')
  await expect(page.locator('[data-widget="snippet"] pre[data-file^="examples/plc/"]').first()).toContainText('refresh')

  await page.goto('/local-development')
  const publish = page.locator('[data-widget="snippet"]').first()
  await chooseLanguage(publish, 'mosquitto_pub')
  await expect(publish.locator('pre code')).toContainText('localhost')
  await expect(publish.locator('pre code')).toContainText('8884')
  await expect(publish.locator('pre code')).toContainText(PLANT_ID)
})

// Whole programs are not in the page's HTML: they load from the static export when the reader
// opens them, then show the same file (without region markers), filled with the profile.
test('a whole program on Connect loads when opened and is the example file, filled', async ({ page }) => {
  const html = await (await page.request.get('/connect')).text()
  expect(html).not.toContain('def on_connect') // the program's code is not carried by the page
  const shown = await openWholeFile(page, 'plc/mqtt_jwt.py', PLANT_ID, 'def on_connect')
  expect(shown).toBe(fillSlots(withoutRegionMarkers(readFileSync(join('examples', 'plc/mqtt_jwt.py'), 'utf8')), 'python', { plantId: PLANT_ID }))
})

/** Opens the whole-file snippet of `file` on `route` with the profile's plant id; its text once loaded. */
async function openWholeFile(page: Page, file: string, plantId: string, loadedText: string, route = '/connect'): Promise<string> {
  await page.goto(route)
  await fillProfile(page, plantId, 'production')
  const details = page.locator('details').filter({ hasText: file.split('/').at(-1)! }).first()
  await details.locator('summary').click()
  const program = details.locator('[data-widget="snippet"]')
  await expect(program.locator('pre code')).toContainText(loadedText)
  return (await program.locator('pre code').textContent())!
}

// The Node-RED flow is imported by pasting it: filled with an awkward plant id it must still be
// JSON, and the function node's default plant id must be exactly that id.
test('the Node-RED flow, filled with an awkward plant id, is valid JSON with that id as the default', async ({ page }) => {
  const shown = await openWholeFile(page, 'node-red/flow.json', AWKWARD_PLANT_ID, '"type": "mqtt-broker"', '/node-red')
  expect(shown).toBe(fillSlots(withoutRegionMarkers(readFileSync(join('examples', 'node-red/flow.json'), 'utf8')), 'json', { plantId: AWKWARD_PLANT_ID }))
  const flow = JSON.parse(shown) as { name?: string; func?: string }[]
  const func = flow.find((n) => n.name === 'Voke connection')!.func!
  const config = new Function('env', `${func.slice(func.indexOf('const config'), func.indexOf('// #endregion config'))}\nreturn config`)({ get: () => undefined }) as { plantId: string }
  expect(config.plantId).toBe(AWKWARD_PLANT_ID)
})
