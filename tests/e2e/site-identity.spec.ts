// The site's icons: the tab shows the favicon and a phone's home screen the touch icon. Every icon
// the page names, and /favicon.ico that some clients ask for by name, answers 200 with an image.
import { expect, test } from '@playwright/test'

test('the page links an SVG favicon, an ICO fallback and an apple touch icon, and each loads', async ({ page, request }) => {
  const failed: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`)
  })
  await page.goto('/')
  await page.waitForLoadState('networkidle')
  const links = await page.locator('head link[rel="icon"], head link[rel="apple-touch-icon"]').evaluateAll((els) =>
    els.map((el) => ({ rel: el.getAttribute('rel'), href: el.getAttribute('href'), type: el.getAttribute('type') }))
  )
  expect(links.map((l) => `${l.rel} ${l.href?.replace(/\?.*$/, '')}`).sort()).toEqual([
    'apple-touch-icon /apple-touch-icon.png',
    'icon /favicon.ico',
    'icon /favicon.svg'
  ])
  for (const path of [...links.map((l) => l.href!), '/favicon.ico']) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['content-type'], path).toMatch(/^image\//)
    expect((await response.body()).length, path).toBeGreaterThan(100)
  }
  expect(failed).toEqual([])
})
