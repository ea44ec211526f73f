// Every page needs a title and a description in its front matter: the title is the browser tab
// and the search result, the description the snippet under it (and the <meta name=description>).
import type { Finding } from '../finding'
import type { SitePage } from '../site'

const EXAMPLE = '---\ntitle: Keys\ndescription: One sentence on what the reader gets from this page.\n---'

export function checkFrontMatter(pages: readonly SitePage[]): Finding[] {
  const findings: Finding[] = []
  for (const page of pages) {
    if (page.parseError) continue
    const at = (problem: string, fix: string, line = 1) => findings.push({ check: 'front-matter', file: page.file, line, problem, fix })
    if (!page.frontMatter) {
      at('the page has no front matter (title and description)', `start the file with:\n${EXAMPLE}`)
      continue
    }
    if (page.frontMatterError) {
      at(`the front matter is not valid YAML: ${page.frontMatterError.split('\n')[0]}`, 'put values that contain ": " in quotes, e.g. description: "Ports: 8887 and 8884"')
      continue
    }
    for (const key of ['title', 'description'] as const) {
      const value = page.frontMatter[key]
      const line = lineOfKey(page.source, key)
      if (value === undefined) at(`the front matter has no ${key}`, `add a line "${key}: …" between the --- lines (example:\n${EXAMPLE})`)
      else if (typeof value !== 'string' || value.trim() === '') at(`the front matter's ${key} is empty or not text`, `write the ${key} as one line of text after "${key}: "`, line)
    }
  }
  return findings
}

function lineOfKey(source: string, key: string): number {
  const lines = source.split('\n')
  const index = lines.findIndex((l, i) => i > 0 && l.startsWith(`${key}:`))
  return index < 0 ? 1 : index + 1
}
