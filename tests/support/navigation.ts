// Reads every content/**/_meta.ts the way Nextra does (keys are file or folder names, in order) and
// says whether each entry points at something that exists.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface NavEntry {
  key: string
  route: string
  exists: boolean
}

function metaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return metaFiles(full)
    return /^_meta\.(ts|tsx|js|mjs|json)$/.test(name) ? [full] : []
  })
}

function isPageEntry(value: unknown): boolean {
  if (typeof value === 'string') return true
  if (!value || typeof value !== 'object') return false
  const v = value as { type?: string; href?: string }
  // Separators, menus and external links are not files.
  return !v.href && (v.type === undefined || v.type === 'page' || v.type === 'doc')
}

export async function readNavigation(contentDir: string): Promise<NavEntry[]> {
  const entries: NavEntry[] = []
  for (const file of metaFiles(contentDir)) {
    const dir = join(file, '..')
    const meta = (await import(pathToFileURL(file).href)).default as Record<string, unknown>
    for (const [key, value] of Object.entries(meta)) {
      if (key === '*' || !isPageEntry(value)) continue
      const base = join(dir, key)
      const exists = ['.mdx', '.md'].some((ext) => existsSync(base + ext)) || existsSync(base)
      const rel = relative(contentDir, base).split(sep).join('/')
      const route = '/' + rel.replace(/(^|\/)index$/, '')
      entries.push({ key: relative(contentDir, base), route: route === '/' ? '/' : route.replace(/\/$/, ''), exists })
    }
  }
  return entries
}
