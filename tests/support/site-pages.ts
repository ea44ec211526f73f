// The list of guide pages, read from content/ (the single source the docs team edits), so tests
// cover a new page the moment it is added.
import { readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export const contentDir = join(__dirname, '..', '..', 'content')

export interface SitePage {
  /** URL path, e.g. "/" or "/keys". */
  route: string
  /** Source file relative to content/. */
  file: string
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? walk(full) : [full]
  })
}

export function sitePages(): SitePage[] {
  return walk(contentDir)
    .filter((file) => /\.mdx?$/.test(file))
    .map((file) => {
      const rel = relative(contentDir, file).split(sep).join('/')
      const route = '/' + rel.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '')
      return { route: route === '/' ? '/' : route.replace(/\/$/, ''), file: rel }
    })
    .sort((a, b) => a.route.localeCompare(b.route))
}
