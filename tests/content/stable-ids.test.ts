// No React-generated id (useId: `_R_…_` in React 19.1+, `«r1»` in 19.0, `:r1:` in 18) anywhere in the
// static export: not in the HTML (ids, labels, aria references, links, the RSC payload) and not in
// the search index. Such ids change whenever the component tree changes, so a search result or a
// shared link that carries one breaks with the next build (issue 25: 18 of 30 result lists linked to
// `/troubleshooting#_R_107jklubtelb_-title`).
//
// The one exception is markup the Nextra theme renders itself and offers no prop for (its sidebar's
// <aside> and headlessui's search box and theme switch): never a heading, a link target or indexed
// text. Each such id is allowed only on that element and in the aria attributes that point to it.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { outDir } from '../support/built-site'

// React 18's `:r1:` is matched only where it stands alone: Tailwind variants such as `x:rtl:` look alike.
const REACT_ID = /_R_[0-9A-Za-z]{1,40}_|«r[0-9a-z]{1,20}»|(?<![\w-]):[rR][0-9A-Za-z]{1,20}:(?![\w-])/g

/** Elements the theme renders with a useId of its own; the capture group is the generated id. */
const THEME_OWNED = [/<aside id="(_R_[0-9A-Za-z]{1,40}_)" class="nextra-sidebar/g, /id="headlessui-(?:combobox-input|listbox-button)-(_R_[0-9A-Za-z]{1,40}_)"/g]

function files(dir: string, ending: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ending))
    .map((f) => join(dir, f))
}

/** Every React-style id in `text` that is not one of the allowed ones, with a little context. */
function offending(text: string, allowed: Set<string>): string[] {
  const found: string[] = []
  for (const match of text.matchAll(REACT_ID)) {
    if (allowed.has(match[0])) continue
    const at = match.index
    found.push(text.slice(Math.max(0, at - 80), at + match[0].length + 20).replace(/\s+/g, ' '))
  }
  return found
}

const htmlFiles = files(outDir, '.html')
const fragments = files(join(outDir, '_pagefind', 'fragment'), '.pf_fragment')

describe('no React-generated id in the export', () => {
  it('the export and its search index were built (run `npm run build` first)', () => {
    expect(htmlFiles.length).toBeGreaterThan(5)
    expect(fragments.length).toBeGreaterThan(5)
  })

  it('the pattern finds the ids React makes (so an empty result means something)', () => {
    const sample = '<h3 id="_R_107jklubtelb_-title"></h3><label for="«r1»"></label><div aria-labelledby=":r2:"></div>'
    expect(offending(sample, new Set())).toHaveLength(3)
    expect(offending('<svg class="x:rtl:rotate-180 x:ms-2"></svg>', new Set())).toEqual([])
  })

  for (const file of htmlFiles)
    it(`${relative(outDir, file)}: none outside the theme's own sidebar and headlessui controls`, () => {
      const html = readFileSync(file, 'utf8')
      const allowed = new Set(THEME_OWNED.flatMap((owned) => [...html.matchAll(owned)].map((m) => m[1]!)))
      expect(offending(html, allowed)).toEqual([])
    })

  it('the search index fragments (urls, anchors, text) hold none at all', () => {
    const found = fragments.flatMap((file) => {
      // A pagefind fragment is gzip'd "pagefind_dcd" followed by the page's JSON.
      const json = gunzipSync(readFileSync(file)).toString('utf8').replace(/^pagefind_dcd/, '')
      return offending(json, new Set()).map((context) => `${relative(outDir, file)}: ${context}`)
    })
    expect(found).toEqual([])
  })
})
