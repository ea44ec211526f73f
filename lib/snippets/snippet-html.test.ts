// The HTML string a snippet renders as is read back by an independent HTML parser (hast, the
// parser the MDX pipeline uses): its text is the code exactly, escaping included, plain-coloured
// text carries no span, and filled slots are marked.
import { fromHtml } from 'hast-util-from-html'
import { toText } from 'hast-util-to-text'
import type { Element, Root } from 'hast'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { codeColourVars, codeHtml, PALETTE_SIZE, plainColour } from './snippet-html'
import { toWire, wireText, type WireInputPiece } from './snippet-wire'
import { SLOT_DEFAULTS } from './snippets'

const PLAIN = { light: '#111111', dark: '#eeeeee' }
const KEYWORD = { light: '#aa0000', dark: '#ff8888' }
const slot = { name: 'plantId' as const, context: { quote: '"' as const, inUrl: false } }
const lines: WireInputPiece[][] = [
  [{ text: 'if', ...KEYWORD }, { text: ' a < b && c > d:', ...PLAIN }],
  [{ text: '    id = "', ...PLAIN }, { text: 'REPLACE-WITH-YOUR-PLANT-ID', ...PLAIN, slot }, { text: '"  # </code><script>x</script>', ...PLAIN }],
  []
]
const wire = toWire('plc/example.py', 'python', lines)
const empty = { plantId: '', host: '', port: '', privateKeyPath: '' }

function parse(html: string): Root {
  return fromHtml(`<code>${html}</code>`, { fragment: true })
}
function elements(node: Root | Element, tag: string): Element[] {
  const found: Element[] = []
  const walk = (n: Root | Element) => {
    for (const child of n.children) if (child.type === 'element') (child.tagName === tag && found.push(child), walk(child))
  }
  walk(node)
  return found
}
const code = (tree: Root) => tree.children[0] as Element
/** The line spans: the <code> element's own children, as the theme styles them (code > span). */
function lineSpans(tree: Root): Element[] {
  return code(tree).children.filter((child): child is Element => child.type === 'element')
}

describe('snippet as an HTML string', () => {
  it('reads back as the code exactly, markup in the code escaped', () => {
    const tree = parse(codeHtml(wire, empty, 'filled'))
    expect(toText(tree, { whitespace: 'pre' })).toBe(wireText(wire))
    expect(elements(tree, 'script')).toHaveLength(0)
    const rows = lineSpans(tree)
    expect(rows.map((row) => [row.tagName, Object.keys(row.properties)])).toEqual([['span', []], ['span', []], ['span', []]])
    expect(code(tree).children.every((child) => child.type === 'element')).toBe(true)
  })

  it('gives the most-used colour no span and every other piece its colour class', () => {
    expect(wire.colours[plainColour(wire)]).toEqual(['#111111', '#eeeeee'])
    const tree = parse(codeHtml(wire, empty, 'filled'))
    const coloured = lineSpans(tree).flatMap((row) => elements(row, 'span'))
    // "if" in the keyword colour, and the slot (kept in a span so it can be marked when filled).
    expect(coloured.map((s) => [toText(s), s.properties.className])).toEqual([
      ['if', ['k0']],
      ['REPLACE-WITH-YOUR-PLANT-ID', ['k1']]
    ])
  })

  it('fills a slot from the profile, quoted for the language, and marks it', () => {
    const profile = { ...empty, plantId: 'plant "7"' }
    const tree = parse(codeHtml(wire, profile, 'filled'))
    expect(toText(tree, { whitespace: 'pre' })).toContain('id = "plant \\"7\\""')
    const marked = elements(tree, 'span').filter((s) => (s.properties.className as string[] | undefined)?.includes('filled'))
    expect(marked.map((s) => toText(s))).toEqual(['plant \\"7\\"'])
    // A value of only spaces is no value: the default stays, unmarked.
    const blank = parse(codeHtml(wire, { ...SLOT_DEFAULTS, plantId: '   ' }, 'filled'))
    expect(toText(blank, { whitespace: 'pre' })).toBe(wireText(wire))
    expect(elements(blank, 'span').some((s) => (s.properties.className as string[] | undefined)?.includes('filled'))).toBe(false)
  })

  it('gives the block its colours as variables: one pair per class k<i>, the plain colour as Shiki’s own', () => {
    const vars = codeColourVars(wire)
    expect(vars['--shiki-light']).toBe('#111111')
    expect(vars['--shiki-dark']).toBe('#eeeeee')
    expect(vars['--k0l']).toBe('#aa0000')
    expect(vars['--k0d']).toBe('#ff8888')
    expect(Object.keys(vars).filter((k) => k.startsWith('--k'))).toHaveLength(wire.colours.length * 2)
  })

  it('refuses a block with more colours than the stylesheet has classes for', () => {
    const many = { ...wire, colours: Array.from({ length: PALETTE_SIZE + 1 }, (_, i) => [`#0000${i.toString(16).padStart(2, '0')}`, '#ffffff'] as [string, string]) }
    expect(() => codeColourVars(many)).toThrow(/colours/)
  })

  it('the stylesheet maps every class k0 … k<PALETTE_SIZE - 1> to its pair of variables', () => {
    const css = readFileSync(join(__dirname, '../../components/widgets/snippet/snippet.module.css'), 'utf8')
    for (let i = 0; i < PALETTE_SIZE; i++) {
      expect(css).toMatch(new RegExp(`\\.code :global\\(\\.k${i}\\)\\s*\\{\\s*--shiki-light: var\\(--k${i}l\\);\\s*--shiki-dark: var\\(--k${i}d\\);?\\s*\\}`))
    }
  })
})
