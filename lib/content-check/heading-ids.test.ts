// The checks' heading ids are the ones Nextra 4 puts on the page: every content page is compiled
// with Nextra's own compiler and its table of contents compared with parsePage's headings.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileMdx } from 'nextra/compile'
import { describe, expect, it } from 'vitest'
import { headingIds } from './heading-ids'
import { parsePage } from './parse-page'
import { readSite } from './site'

const root = join(__dirname, '..', '..')

/** The heading ids in the compiled page's table of contents (function useTOC), in page order. */
async function nextraIds(source: string): Promise<string[]> {
  const js = await compileMdx(source, { filePath: 'page.mdx' })
  const toc = js.slice(js.indexOf('function useTOC'), js.indexOf('toc = useTOC'))
  return [...toc.matchAll(/\bid: "([^"]+)"/g)].map((m) => m[1]!)
}

describe('heading ids match Nextra 4', () => {
  it('repeats get -1, custom [#ids] win, inline code and punctuation are slugged like github-slugger', () => {
    const ids = headingIds([
      { depth: 1, text: 'Keys' },
      { depth: 2, text: 'Token expired' },
      { depth: 3, text: 'Token expired' },
      { depth: 2, text: 'The `sub` claim: doesn\u2019t match (rc=5)' },
      { depth: 2, text: 'Anything', customId: 'my-id' }
    ])
    expect(ids).toEqual(['', 'token-expired', 'token-expired-1', 'the-sub-claim-doesnt-match-rc5', 'my-id'])
  })

  for (const page of readSite(root).pages)
    it(`${page.file}`, async () => {
      const source = readFileSync(join(root, page.file), 'utf8')
      const ours = parsePage(page.file, source).headings.map((h) => h.id).filter(Boolean)
      expect(ours).toEqual(await nextraIds(source))
    }, 60_000) // the first compile loads every shiki grammar (~9 s on 2 cores)
})
