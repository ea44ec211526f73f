// The title a page must show: its frontmatter `title`, else its first `# ` heading.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { contentDir } from './site-pages'

export function expectedTitle(file: string): string {
  const source = readFileSync(join(contentDir, file), 'utf8')
  const front = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? ''
  const fromFront = /^title:\s*(.+)$/m.exec(front)?.[1]?.trim().replace(/^['"]|['"]$/g, '')
  const fromHeading = /^#\s+(.+)$/m.exec(source)?.[1]?.trim()
  const title = fromFront ?? fromHeading
  if (!title) throw new Error(`content/${file} has neither a frontmatter title nor a # heading`)
  return title
}
