// Reads one MDX page the way Nextra's compiler sees it (remark + MDX + GFM + front matter) and
// keeps what the content checks need, each with its line in the source file.
import type { Code, Heading, Link, Root, RootContent, Table } from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMdx from 'remark-mdx'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { parse as parseYaml } from 'yaml'
import { headingIds } from './heading-ids'
import { parseFenceMeta, type FenceMeta } from './fence-meta'

export interface PageHeading {
  depth: number
  text: string
  /** Set by a trailing `[#custom-id]`, as Nextra allows. */
  customId?: string
  id: string
  line: number
}

export interface PageFence {
  lang: string | null
  meta: FenceMeta
  rawMeta: string
  value: string
  /** Line of the opening ``` fence. */
  line: number
}

export interface PageTagAttribute {
  name: string
  /** A string literal value; null for an expression ({…}) or a bare attribute. */
  value: string | null
  expression: boolean
}

export interface PageTag {
  name: string
  attributes: PageTagAttribute[]
  /** Names of the tags directly inside this one. */
  childTags: string[]
  line: number
}

export interface PageLink {
  href: string
  line: number
}

export interface PageTable {
  /** The header row's cell texts. */
  header: string[]
  line: number
}

export interface ParsedPage {
  /** Path relative to the repository, e.g. content/keys.mdx. */
  file: string
  source: string
  frontMatter: Record<string, unknown> | null
  frontMatterError?: string
  headings: PageHeading[]
  fences: PageFence[]
  tags: PageTag[]
  links: PageLink[]
  tables: PageTable[]
  /** Names bound by import statements (e.g. Callout from nextra/components). */
  imports: Set<string>
  /** Set when the MDX does not parse at all; nothing else is filled then. */
  parseError?: { message: string; line: number }
}

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter).use(remarkGfm)

// Same flattening as Nextra's remark-headings: text and inline code values, nothing else.
function flatten(node: RootContent | Root): string {
  if ('children' in node) return (node.children as RootContent[]).map(flatten).join('')
  return 'value' in node && typeof node.value === 'string' ? node.value : ''
}

type JsxNode = {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement'
  name: string | null
  attributes: { type: string; name?: string; value?: unknown }[]
  children: RootContent[]
  position?: { start: { line: number } }
}

export function parsePage(file: string, source: string): ParsedPage {
  const page: ParsedPage = { file, source, frontMatter: null, headings: [], fences: [], tags: [], links: [], tables: [], imports: new Set() }
  let tree: Root
  try {
    tree = processor.parse(source) as Root
  } catch (error) {
    const e = error as { message?: string; line?: number; place?: { line?: number; start?: { line?: number } } }
    const message = String(e.message ?? error)
    // micromark's errors carry the place only in the message: "… (7:1-7:31)".
    const fromMessage = Number(message.match(/\((\d+):\d+(?:-\d+:\d+)?\)$/)?.[1])
    page.parseError = { message, line: e.line ?? e.place?.line ?? e.place?.start?.line ?? (fromMessage || 1) }
    return page
  }

  const rawHeadings: Omit<PageHeading, 'id'>[] = []
  visit(tree, (node) => {
    const line = node.position?.start.line ?? 1
    switch (node.type) {
      case 'yaml': {
        try {
          const data = parseYaml((node as { value: string }).value) as unknown
          page.frontMatter = data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
        } catch (error) {
          page.frontMatter = {}
          page.frontMatterError = (error as Error).message
        }
        break
      }
      case 'heading': {
        const heading = node as Heading
        let text = flatten(heading)
        let customId: string | undefined
        const custom = text.match(/\s*\[#([^]+?)]\s*$/)
        if (custom) {
          customId = custom[1]
          text = text.slice(0, custom.index)
        }
        rawHeadings.push({ depth: heading.depth, text, customId, line })
        break
      }
      case 'code': {
        const code = node as Code
        page.fences.push({ lang: code.lang ?? null, rawMeta: code.meta ?? '', meta: parseFenceMeta(code.meta ?? ''), value: code.value, line })
        break
      }
      case 'link':
        page.links.push({ href: (node as Link).url, line })
        break
      case 'table': {
        const firstRow = (node as Table).children[0]
        page.tables.push({ header: firstRow ? firstRow.children.map((cell) => flatten(cell).trim()) : [], line })
        break
      }
      case 'mdxjsEsm': {
        const value = (node as { value: string }).value
        for (const m of value.matchAll(/import\s*\{([^}]*)\}\s*from/g))
          for (const name of m[1]!.split(',')) {
            const local = name.trim().split(/\s+as\s+/).pop()
            if (local) page.imports.add(local)
          }
        for (const m of value.matchAll(/import\s+([A-Za-z_$][\w$]*)\s*(?:,|from)/g)) page.imports.add(m[1]!)
        break
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const jsx = node as unknown as JsxNode
        if (!jsx.name) break
        const attributes = jsx.attributes.map((a) =>
          a.type === 'mdxJsxAttribute'
            ? { name: a.name!, value: typeof a.value === 'string' ? a.value : null, expression: a.value != null && typeof a.value !== 'string' }
            : { name: '{…spread}', value: null, expression: true }
        )
        const childTags = jsx.children.flatMap((c) => ((c.type as string).startsWith('mdxJsx') ? [(c as unknown as JsxNode).name ?? ''] : []))
        page.tags.push({ name: jsx.name, attributes, childTags, line })
        // <a href> and other tags with href count as links too.
        const href = attributes.find((a) => a.name === 'href' && a.value)
        if (href) page.links.push({ href: href.value!, line })
        break
      }
    }
  })
  const ids = headingIds(rawHeadings)
  page.headings = rawHeadings.map((h, i) => ({ ...h, id: ids[i]! }))
  return page
}
