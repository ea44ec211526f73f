// Internal links and #anchors: the page must exist and the anchor must be a heading id on it
// (ids made as Nextra makes them, see heading-ids.ts) or an id="…" written in the MDX.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Finding } from '../finding'
import type { Site, SitePage } from '../site'

function anchorsOf(page: SitePage): Set<string> {
  const ids = new Set(page.headings.map((h) => h.id).filter(Boolean))
  for (const tag of page.tags) for (const a of tag.attributes) if (a.name === 'id' && a.value) ids.add(a.value)
  return ids
}

function nearest(wanted: string, options: Iterable<string>): string | undefined {
  const words = new Set(wanted.split('-'))
  let best: string | undefined
  let bestScore = 0
  for (const option of options) {
    const score = option.split('-').filter((w) => words.has(w)).length
    if (score > bestScore) [best, bestScore] = [option, score]
  }
  return best
}

export function checkLinks(site: Site): Finding[] {
  const findings: Finding[] = []
  const anchorCache = new Map<string, Set<string>>()
  const anchors = (p: SitePage) => anchorCache.get(p.route) ?? anchorCache.set(p.route, anchorsOf(p)).get(p.route)!
  for (const page of site.pages) {
    for (const { href, line } of page.links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue // https:, mailto: …
      const url = new URL(href, `http://site${page.route === '/' ? '/' : page.route}`)
      const path = decodeURIComponent(url.pathname).replace(/\/$/, '') || '/'
      const at = (problem: string, fix: string) => findings.push({ check: 'links', file: page.file, line, problem, fix })
      const target = site.byRoute.get(path.replace(/\.mdx?$/, ''))
      if (!target) {
        if (existsSync(join(site.root, 'public', path))) continue // a file in public/, e.g. /favicon.svg
        const routes = [...site.byRoute.keys()]
        at(`the link ${href} points to ${path}, which is not a page`, `link to one of the pages: ${routes.join(', ')} (a page's address is its file name in content/ without .mdx)`)
        continue
      }
      const anchor = decodeURIComponent(url.hash.slice(1))
      if (target.parseError) continue // reported once, as the page's own finding
      if (!anchor || anchors(target).has(anchor)) continue
      const guess = nearest(anchor, anchors(target))
      at(
        `the link ${href} names #${anchor}, but ${target.file} has no heading with that id`,
        `${guess ? `use #${guess} (closest heading id on that page)` : 'link to a heading that exists'}; a heading's id is its text in lower case with spaces as -, e.g. "## Token expired" → #token-expired`
      )
    }
  }
  return findings
}
