// The guide as the checks see it: every page under content/ parsed, with its URL.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { parsePage, type ParsedPage } from './parse-page'

export interface SitePage extends ParsedPage {
  /** URL path, e.g. "/" or "/keys". */
  route: string
}

export interface Site {
  root: string
  contentDir: string
  pages: SitePage[]
  byRoute: Map<string, SitePage>
}

export function walkFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? walkFiles(full) : [full]
  })
}

export function routeOf(contentRelative: string): string {
  const route = '/' + contentRelative.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '')
  return route === '/' ? '/' : route.replace(/\/$/, '')
}

export function readSite(root: string): Site {
  const contentDir = join(root, 'content')
  const pages = walkFiles(contentDir)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()
    .map((full) => {
      const rel = relative(contentDir, full).split(sep).join('/')
      return { ...parsePage(`content/${rel}`, readFileSync(full, 'utf8')), route: routeOf(rel) }
    })
  return { root, contentDir, pages, byRoute: new Map(pages.map((p) => [p.route, p])) }
}
