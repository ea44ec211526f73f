// Each table scrolls inside a region that screen readers name after its header row
// (components/ui/scroll-table.tsx); two tables with the same header row on one page would be two
// regions with one name (axe: landmark-unique), and a reader could not tell them apart.
import type { Finding } from '../finding'
import type { SitePage } from '../site'

export function checkTables(pages: readonly SitePage[]): Finding[] {
  const findings: Finding[] = []
  for (const page of pages) {
    const seen = new Map<string, number>()
    for (const table of page.tables) {
      const key = table.header.join(' | ')
      const first = seen.get(key)
      if (first === undefined) seen.set(key, table.line)
      else
        findings.push({
          check: 'tables',
          file: page.file,
          line: table.line,
          problem: `this table's header row (${key}) repeats the one of the table on line ${first}`,
          fix: 'make the header rows differ (they name each table for screen readers), or merge the two tables'
        })
    }
  }
  return findings
}
