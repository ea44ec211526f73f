// Reads the static export in out/ for content checks: which files exist, each page's ids and links.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const outDir = join(__dirname, '..', '..', 'out')

/** The HTML file a static host serves for a URL path (in `dir`, out/ by default), or undefined if there is none. */
export function htmlFileFor(route: string, dir = outDir): string | undefined {
  const clean = route.replace(/\/$/, '')
  const options = clean === '' ? ['index.html'] : [`${clean}.html`, `${clean}/index.html`, clean]
  return options.map((p) => join(dir, p)).find((p) => existsSync(p))
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}

/** Only the server-rendered markup: the RSC payload after it repeats hrefs in JSON form. */
function markup(html: string): string {
  const end = html.indexOf('<script')
  return end === -1 ? html : html.slice(0, end)
}

export interface PageLinks {
  ids: string[]
  headingIds: string[]
  hrefs: string[]
}

export function readPage(file: string): PageLinks {
  const html = readFileSync(file, 'utf8')
  const body = markup(html.slice(html.indexOf('<body')))
  const ids = [...body.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1]!))
  const headingIds = [...body.matchAll(/<h[1-6][^>]*\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1]!))
  const hrefs = [...body.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => decodeEntities(m[1]!))
  return { ids, headingIds, hrefs }
}
