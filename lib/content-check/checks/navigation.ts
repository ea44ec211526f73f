// The sidebar (content/**/_meta.ts) against the files: every entry has a page, every page an entry
// (a page missing from _meta would still be built, but sorted last and titled from its file name).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Finding } from '../finding'
import { readNavigation } from '../navigation'
import type { Site } from '../site'

export async function checkNavigation(site: Site): Promise<Finding[]> {
  const findings: Finding[] = []
  const nav = await readNavigation(site.contentDir)
  for (const entry of nav.filter((e) => !e.exists))
    findings.push({
      check: 'navigation',
      file: `content/${entry.metaFile}`,
      line: entry.line,
      problem: `the sidebar lists "${entry.key.split('/').pop()}" but there is no content/${entry.key}.mdx`,
      fix: `create content/${entry.key}.mdx, or fix the name (it must equal the file name without .mdx), or remove the line`
    })
  const listed = new Set(nav.map((e) => e.route))
  for (const page of site.pages) {
    if (listed.has(page.route)) continue
    const folder = page.file.replace(/^content\//, '').split('/').slice(0, -1).join('/')
    const metaFile = folder ? `content/${folder}/_meta.ts` : 'content/_meta.ts'
    const name = page.file.split('/').pop()!.replace(/\.mdx?$/, '')
    findings.push({
      check: 'navigation',
      file: page.file,
      line: 1,
      problem: `the page is not in the sidebar: ${metaFile} has no "${name}" entry`,
      fix: existsSync(join(site.root, metaFile))
        ? `add  ${/^[a-z_$][\w$]*$/i.test(name) ? name : `'${name}'`}: 'Its sidebar title',  to ${metaFile} where it should appear (or { display: 'hidden' } to keep it out of the sidebar)`
        : `create ${metaFile} with  export default { ${name}: 'Its sidebar title' }`
    })
  }
  return findings
}
