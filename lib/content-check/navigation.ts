// Reads every content/**/_meta.ts the way Nextra does (keys are file or folder names, in order) and
// says whether each entry points at something that exists. (Run under tsx or vitest: _meta is TS.)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface NavEntry {
  /** The key, relative to content/ (e.g. "keys", "docs-team/components"). */
  key: string
  route: string
  exists: boolean
  /** The _meta file, relative to content/, and the key's line in it. */
  metaFile: string
  line: number
  hidden: boolean
}

export function metaFiles(dir: string): string[] {
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
    const source = readFileSync(file, 'utf8')
    const meta = (await import(pathToFileURL(file).href)).default as Record<string, unknown>
    for (const [key, value] of Object.entries(meta)) {
      if (key === '*' || !isPageEntry(value)) continue
      const base = join(dir, key)
      const exists = ['.mdx', '.md'].some((ext) => existsSync(base + ext)) || existsSync(base)
      const rel = relative(contentDir, base).split(sep).join('/')
      const route = '/' + rel.replace(/(^|\/)index$/, '')
      const keyPattern = new RegExp(`^\\s*(['"]?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*:`, 'm')
      const index = source.search(keyPattern)
      entries.push({
        key: rel,
        route: route === '/' ? '/' : route.replace(/\/$/, ''),
        exists,
        metaFile: relative(contentDir, file).split(sep).join('/'),
        line: index < 0 ? 1 : source.slice(0, index).split('\n').length,
        hidden: typeof value === 'object' && (value as { display?: string }).display === 'hidden'
      })
    }
  }
  return entries
}
