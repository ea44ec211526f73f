// One thing a content check found: where (file:line), what is wrong, and how to fix it.
export interface Finding {
  check: 'front-matter' | 'navigation' | 'links' | 'fences' | 'tags' | 'tables' | 'facts' | 'names' | 'integrator-path' | 'mdx'
  /** Path relative to the repository, e.g. content/keys.mdx. */
  file: string
  line: number
  problem: string
  fix: string
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.problem}\n  fix: ${f.fix}`
}

/** The 1-based line of the first match of `pattern` in `source`, or 1. */
export function lineOf(source: string, pattern: RegExp | string): number {
  const index = typeof pattern === 'string' ? source.indexOf(pattern) : source.search(pattern)
  return index < 0 ? 1 : source.slice(0, index).split('\n').length
}
