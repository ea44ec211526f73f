// Build time only: every example file the site can show whole, and the URL its snippet data is
// published at. Whole programs are hundreds of highlighted lines; pages fetch them when the reader
// opens them instead of carrying them in every page's HTML and React payload.
import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { examplesDir } from './example-source'

const SHOWABLE = /\.(py|ts|sh|c|js|mjs|json)$/

/** Paths under examples/ ("plc/mqtt_jwt.py"), sorted, that a <Snippet file="…" /> may show. */
export function exampleFiles(dir = examplesDir): string[] {
  const out: string[] = []
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (SHOWABLE.test(entry.name)) out.push(relative(dir, path).split(sep).join('/'))
    }
  }
  walk(dir)
  return out.sort()
}

/** Where the browser fetches a whole file's snippet data (a static JSON file in the export). */
export function snippetDataUrl(file: string): string {
  return `/snippet-data/${file}.json`
}
