// Checks on the built site: every internal link and #anchor resolves, heading ids are unique,
// and every page the navigation lists exists (and every page is listed).
import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sitePages, contentDir } from '../support/site-pages'
import { htmlFileFor, outDir, readPage } from '../support/built-site'
import { readNavigation } from '../support/navigation'

const pages = sitePages()

describe('built site', () => {
  it('was built (run `npm run build` first)', () => {
    expect(existsSync(join(outDir, 'index.html'))).toBe(true)
  })

  for (const { route } of pages) {
    describe(`page ${route}`, () => {
      const file = htmlFileFor(route)

      it('exists in the static export', () => {
        expect(file, `no HTML for ${route}`).toBeDefined()
      })

      it('has unique heading ids', () => {
        const { headingIds } = readPage(file!)
        const dupes = headingIds.filter((id, i) => headingIds.indexOf(id) !== i)
        expect(dupes).toEqual([])
      })

      it('links only to pages and anchors that exist', () => {
        const broken: string[] = []
        for (const href of readPage(file!).hrefs) {
          if (/^(https?:|mailto:|tel:)/.test(href)) continue
          const url = new URL(href, `http://site${route === '/' ? '/' : route}`)
          const target = htmlFileFor(decodeURIComponent(url.pathname))
          if (!target) {
            broken.push(`${href} (no page)`)
            continue
          }
          const anchor = decodeURIComponent(url.hash.slice(1))
          if (anchor && !readPage(target).ids.includes(anchor)) broken.push(`${href} (no #${anchor})`)
        }
        expect(broken).toEqual([])
      })
    })
  }
})

describe('navigation (_meta files)', () => {
  it('lists only pages that exist', async () => {
    const missing = (await readNavigation(contentDir)).filter((entry) => !entry.exists).map((e) => e.key)
    expect(missing).toEqual([])
  })

  it('lists every page, so none is hidden by accident', async () => {
    const listed = new Set((await readNavigation(contentDir)).map((e) => e.route))
    const unlisted = pages.map((p) => p.route).filter((route) => !listed.has(route))
    expect(unlisted).toEqual([])
  })
})
