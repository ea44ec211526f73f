// Builds the site's search index with pagefind's Node API (was the `pagefind --site out` CLI).
// Usage: tsx scripts/build-search-index.mts [site folder, default out]
//
// Why more than the CLI: readers paste the error they got into the search box. The pages quote
// some messages, but a message such as PyJWT's "Could not parse the provided public key" appears
// nowhere, and a section that names the check ("Token expired") does not say the words the client
// printed. So besides every page, the index gets one custom record per section the explainer links
// to, whose text is every message the explainer recognises for that section (lib/explain's
// recognisers and their captured samples), and whose URL is that section's anchor. A pasted
// message then finds the section that explains it, by pagefind's own ranking.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as pagefind from 'pagefind'
import { CAUSES, RECOGNISERS } from '../lib/explain'
import { messageRecords, type SectionTitles } from './search-index/message-records'

const site = process.argv[2] ?? 'out'

/** The text of heading `id` on page `path` of the export (Nextra appends a permalink <a> to it). */
function headingTitles(): SectionTitles {
  const cache = new Map<string, string>()
  return (path, id) => {
    const file = join(site, `${path.replace(/^\//, '') || 'index'}.html`)
    if (!cache.has(file)) cache.set(file, readFileSync(file, 'utf8'))
    const html = cache.get(file)!
    const heading = new RegExp(`<h[1-6][^>]*\\sid="${id}"[^>]*>(.*?)</h[1-6]>`).exec(html)
    const page = /<h1[^>]*>(.*?)<\/h1>/.exec(html)
    const text = (s: string | undefined) => (s ?? '').replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").trim()
    if (!heading) throw new Error(`${path}#${id}: no such heading in ${file}; a cause in lib/explain/causes.ts links to it`)
    return `${text(page?.[1])}: ${text(heading[1])}`
  }
}

async function main() {
  const { index, errors } = await pagefind.createIndex({})
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`)
  const added = await index.addDirectory({ path: site })
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`)
  const records = messageRecords(RECOGNISERS, CAUSES, headingTitles())
  for (const record of records) {
    const result = await index.addCustomRecord(record)
    if (result.errors.length) throw new Error(`pagefind: ${record.url}: ${result.errors.join('; ')}`)
  }
  const written = await index.writeFiles({ outputPath: join(site, '_pagefind') })
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`)
  console.log(`search index: ${added.page_count} pages and ${records.length} sections' messages (${RECOGNISERS.length} recognisers) in ${join(site, '_pagefind')}`)
  await pagefind.close()
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
