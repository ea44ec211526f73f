// One reader session through every widget with real key and token material, then a search for
// that material in everything the session sent or left behind: it must be nowhere but the page.
import { expect, test } from '@playwright/test'
import { watchCsp } from '../support/csp-watch'
import { findSecrets, pemSecret, recordRequests, scanSession, tokenSecret, type Secret } from '../support/secret-scan'
import { buildKitAndReadPrivateKey } from '../support/kit-flows'
import { diagnoseKey, fillPlantProfile, generateKey, PLANT_ID, signAndCheckToken } from '../support/widget-flows'
import { builtHas, pagesWithWidget } from '../support/widget-pages'

test('a full session sends nothing anywhere and leaves no key or token behind', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000)
  const origin = new URL(baseURL!).origin
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
  const requests = recordRequests(context)
  const consoleLines: string[] = []
  page.on('console', (msg) => consoleLines.push(msg.text()))
  page.on('pageerror', (err) => consoleLines.push(err.message))
  const csp = await watchCsp(page)
  const secrets: Secret[] = []

  // Keys: generate a pair, copy the SHA-256 line, diagnose the private key in the doctor.
  await page.goto('/keys')
  const { privatePem } = await generateKey(page)
  secrets.push(pemSecret('generated private key', privatePem))
  await page.locator('[data-widget="key-generator"]').getByRole('button', { name: 'Copy SHA-256 of jwt-public.der' }).click()
  expect(await diagnoseKey(page, privatePem)).toContain('would reject') // a private key is not the broker's file
  await expect(page.locator('[data-widget="key-doctor"]')).toContainText('Public files from this private key')

  // Tokens: sign, decode, verify and get the verdict (only once the playground is on a page).
  for (const route of pagesWithWidget('TokenPlayground').slice(0, 1)) {
    await page.goto(route)
    if (!(await builtHas(page, 'token-playground'))) continue
    const token = await signAndCheckToken(page, privatePem, PLANT_ID)
    secrets.push(tokenSecret('signed token', token))
  }

  // Plant profile, language switch and snippet copy (only once they are on a page).
  for (const route of pagesWithWidget('PlantProfile').slice(0, 1)) {
    await page.goto(route)
    if (!(await builtHas(page, 'plant-profile'))) continue
    await fillPlantProfile(page, PLANT_ID)
  }
  // Starter kit: build an Option B kit (a key made for it) and take its private key out of the zip.
  for (const route of pagesWithWidget('StarterKit').slice(0, 1)) {
    await page.goto(route)
    if (!(await builtHas(page, 'starter-kit'))) continue
    secrets.push(pemSecret('starter kit private key', await buildKitAndReadPrivateKey(page, PLANT_ID)))
  }
  for (const route of [...pagesWithWidget('Snippets'), ...pagesWithWidget('Snippet')].slice(0, 1)) {
    await page.goto(route)
    if (!(await builtHas(page, 'snippet'))) continue
    const snippet = page.locator('[data-widget="snippet"]').first()
    const tabs = snippet.getByRole('group', { name: 'Code language' }).getByRole('button')
    if ((await tabs.count()) > 1) {
      await tabs.nth(1).click()
      await expect(tabs.nth(1)).toHaveAttribute('aria-pressed', 'true')
    }
    await snippet.getByRole('button', { name: /copy/i }).first().click()
  }
  await page.waitForLoadState('networkidle')

  // Nothing went to another origin, and no request carried the key or the token.
  const foreign = requests.map((r) => r.url).filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin)
  expect(foreign, 'requests to other origins').toEqual([])
  expect(requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`), 'non-GET requests').toEqual([])

  // The clipboard holds what was last copied: a check that copying really ran.
  expect(await page.evaluate(() => navigator.clipboard.readText())).not.toBe('')

  // Storage holds at most the plant profile and the language, never key or token material.
  const keys = await page.evaluate(() => Object.keys(localStorage))
  expect(keys.filter((k) => !['voke-docs:plant-profile', 'voke-docs:snippet-language', 'theme'].includes(k))).toEqual([])
  expect(await scanSession(page, secrets, { console: consoleLines, requests })).toEqual([])
  expect(csp.violations, 'CSP violations').toEqual([])
  expect(csp.consoleRefusals, 'CSP refusals in the console').toEqual([])
})

test('the scanner finds key and token material planted in each place it looks', async ({ page, context }) => {
  // Proves the check above can fail: the same scanner, pointed at a session that does leak.
  const requests = recordRequests(context)
  const consoleLines: string[] = []
  page.on('console', (msg) => consoleLines.push(msg.text()))
  await page.goto('/keys')
  const { privatePem } = await generateKey(page)
  const line = privatePem.split('\n')[5]!
  const fakeToken = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${line.replace(/\+/g, '-').replace(/\//g, '_')}`
  const secrets = [pemSecret('key', privatePem), tokenSecret('token', fakeToken)]
  expect(await scanSession(page, secrets, { console: consoleLines, requests })).toEqual([])

  await page.evaluate(
    async ({ pem, token }) => {
      localStorage.setItem('leak', pem)
      sessionStorage.setItem('leak', token)
      document.cookie = `leak=${encodeURIComponent(token)}`
      console.log(`debug ${pem.replace(/\n/g, '\\n')}`)
      await new Promise<void>((resolve) => {
        const open = indexedDB.open('leak-db')
        open.onupgradeneeded = () => open.result.createObjectStore('s', { autoIncrement: true })
        open.onsuccess = () => {
          const tx = open.result.transaction('s', 'readwrite')
          tx.objectStore('s').add(new TextEncoder().encode(pem))
          tx.oncomplete = () => resolve()
        }
      })
      await fetch(`/?t=${encodeURIComponent(token)}`, { method: 'POST', body: pem }).catch(() => undefined)
      history.replaceState(null, '', `#${token}`)
    },
    { pem: privatePem, token: fakeToken }
  )
  const found = await scanSession(page, secrets, { console: consoleLines, requests })
  for (const where of ['key in localStorage', 'token in sessionStorage', 'token in cookie', 'key in indexedDB', 'key in console', 'token in url', 'token in cookies'])
    expect(found, where).toContain(where)
  expect(found.some((f) => f.startsWith('key in request POST'))).toBe(true)
  expect(found.some((f) => f.startsWith('token in request POST'))).toBe(true)
  expect(findSecrets('x', 'nothing secret here', secrets)).toEqual([])
})
