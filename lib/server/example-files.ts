// Build time only: every example file the site can show whole, and the URL its snippet data is
// published at. Whole programs are hundreds of highlighted lines; pages fetch them when the reader
// opens them instead of carrying them in every page's HTML and React payload.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { regionNames } from '../snippets'
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

/** Every snippet the export publishes: each showable file whole, and each of its regions. */
export function publishedSnippets(dir = examplesDir): { file: string; region?: string }[] {
  return exampleFiles(dir).flatMap((file) => [
    { file },
    ...regionNames(readFileSync(join(dir, file), 'utf8')).map((region) => ({ file, region }))
  ])
}

/**
 * Where the browser fetches a snippet's data (a static JSON file in the export):
 * /snippet-data/plc/mqtt_jwt.py.json for the whole file, /snippet-data/plc/mqtt_jwt.py/connect.json
 * for its region "connect".
 */
export function snippetDataUrl(file: string, region?: string): string {
  return region === undefined ? `/snippet-data/${file}.json` : `/snippet-data/${file}/${region}.json`
}

/** The inverse of snippetDataUrl for the route's path segments. */
export function snippetOfPath(segments: string[]): { file: string; region?: string } {
  const last = segments[segments.length - 1]!.replace(/\.json$/, '')
  const known = new Set(exampleFiles())
  const whole = [...segments.slice(0, -1), last].join('/')
  if (known.has(whole)) return { file: whole }
  return { file: segments.slice(0, -1).join('/'), region: last }
}
