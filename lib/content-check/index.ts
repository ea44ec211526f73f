// `npm run check:content`: the docs team's quick check of content/ (no browser, no build).
// Front matter, navigation, links and #anchors, code fence languages, MDX tags and props, product
// facts, invented cookie or portal names, and operator steps on the integrator's path; each
// finding says file:line, what is wrong and how to fix it.
import { existsSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { checkFacts } from './checks/facts'
import { checkFences } from './checks/fences'
import { checkFrontMatter } from './checks/front-matter'
import { checkIntegratorPath } from './checks/integrator-path'
import { checkInventedNames } from './checks/invented-names'
import { checkLinks } from './checks/links'
import { checkNavigation } from './checks/navigation'
import { checkTables } from './checks/tables'
import { checkTags } from './checks/tags'
import type { Finding } from './finding'
import { readSite, walkFiles, type Site } from './site'

export { formatFinding, type Finding } from './finding'
export { headingIds } from './heading-ids'
export { parsePage, type ParsedPage, type PageFence } from './parse-page'
export { fenceMetaEntries, parseFenceMeta, TEST_META_KEYS, type FenceMeta } from './fence-meta'
export { readSite, routeOf, type Site, type SitePage } from './site'
export { readNavigation, type NavEntry } from './navigation'

/** The text files under `dir` (relative to the repository) whose names pass `keep`. */
function textFiles(root: string, dir: string, keep: (file: string) => boolean) {
  const full = join(root, dir)
  if (!existsSync(full)) return []
  return walkFiles(full)
    .filter((f) => keep(f) && !f.includes(`${sep}node_modules${sep}`))
    .map((f) => ({ file: relative(root, f).split(sep).join('/'), source: readFileSync(f, 'utf8') }))
}

/** Example programs whose facts (ports, hosts, paths) are checked along with the pages. */
const exampleFiles = (root: string) => textFiles(root, 'examples', (f) => /\.(py|ts|sh|js|mjs)$/.test(f))

/** The starter kit's text (README, run.sh, settings) goes to readers too: no invented names there. */
const kitFiles = (root: string) => textFiles(root, join('lib', 'kit'), (f) => /\.(ts|sh|md|txt)$/.test(f) && !/\.test\.ts$/.test(f))

export async function checkContent(root: string, site: Site = readSite(root)): Promise<Finding[]> {
  const parseFindings: Finding[] = site.pages.flatMap((p) =>
    p.parseError
      ? [{ check: 'mdx' as const, file: p.file, line: p.parseError.line, problem: `the MDX does not parse: ${p.parseError.message}`, fix: 'close every tag (<Tag … /> or <Tag>…</Tag>), escape a literal < or { as \\< or \\{' }]
      : []
  )
  const findings = [
    ...parseFindings,
    ...checkFrontMatter(site.pages),
    ...(await checkNavigation(site)),
    ...checkLinks(site),
    ...checkFences(site.pages),
    ...checkTags(root, site.pages),
    ...checkTables(site.pages),
    ...checkFacts([...site.pages, ...exampleFiles(root)]),
    ...checkInventedNames([...site.pages, ...exampleFiles(root), ...kitFiles(root)]),
    ...checkIntegratorPath(site.pages)
  ]
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}
