// A highlighted snippet as the inner HTML of its <code> element.
// Why a string and not React elements: a long program is thousands of spans, and as elements every
// one of them is created again in the browser to hydrate the page (Connect: ~4,600 DOM nodes, most
// of its main-thread time). As one string the browser keeps the server's markup and React checks
// a single element. Pieces in the block's most common colour carry no span at all: that colour is
// set once on the block (codeColourVars), and the line's text inherits it.
import { quoteValue, type PlantProfile } from './snippets'
import type { SnippetWire, WirePiece } from './snippet-wire'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ESCAPES[c]!)

/** The colour most of the block's text is in (by characters); pieces in it need no span. */
export function plainColour(wire: SnippetWire): number {
  const chars = new Array<number>(wire.colours.length).fill(0)
  for (const line of wire.lines) for (const [text, colour, slot] of line) if (!slot) chars[colour]! += text.length
  let best = 0
  for (let i = 1; i < chars.length; i++) if (chars[i]! > chars[best]!) best = i
  return best
}

/** How many colours a block may use: snippet.module.css maps classes k0 … k{PALETTE_SIZE - 1}. */
export const PALETTE_SIZE = 16

/**
 * The block's colours as CSS custom properties for its style attribute: --k<i>l / --k<i>d per
 * colour pair (the stylesheet turns class k<i> into Shiki's light/dark variables), and the plain
 * colour as Shiki's own variables, which the line text inherits. No per-block <style> or scope.
 */
export function codeColourVars(wire: SnippetWire): Record<string, string> {
  if (wire.colours.length > PALETTE_SIZE) {
    throw new Error(`examples/${wire.file} uses ${wire.colours.length} colours; the snippet stylesheet has classes for ${PALETTE_SIZE}`)
  }
  const vars: Record<string, string> = {}
  const set = (name: string, value: string) => value && (vars[name] = value)
  wire.colours.forEach(([light, dark], i) => {
    set(`--k${i}l`, light)
    set(`--k${i}d`, dark)
  })
  const plain = wire.colours[plainColour(wire)]
  if (plain) {
    set('--shiki-light', plain[0])
    set('--shiki-dark', plain[1])
  }
  return vars
}

/** What a piece shows: its text, or the reader's value in the slot's quoting once they gave one. */
export function pieceValue([text, , slot]: WirePiece, wire: SnippetWire, profile: PlantProfile): { text: string; filled: boolean } {
  const value = slot ? profile[slot.name].trim() : ''
  return value && slot ? { text: quoteValue(wire.language, slot.context, value), filled: true } : { text, filled: false }
}

/**
 * The <code> element's inner HTML: one bare <span> per line (the theme styles `code > span` as a
 * line; like Nextra's own blocks it carries no data-line, which is 13 bytes a line and unused),
 * a span with class k<colour> per coloured piece, filledClass added where the profile filled a slot.
 * Its text content is exactly the code (the copy button copies textContent).
 */
export function codeHtml(wire: SnippetWire, profile: PlantProfile, filledClass: string): string {
  const plain = plainColour(wire)
  return wire.lines
    .map((line, i) => {
      const pieces = line.map((piece) => {
        const { text, filled } = pieceValue(piece, wire, profile)
        if (!filled && !piece[2] && piece[1] === plain) return escapeHtml(text)
        return `<span class="k${piece[1]}${filled ? ` ${filledClass}` : ''}">${escapeHtml(text)}</span>`
      })
      return `<span>${pieces.join('')}${i < wire.lines.length - 1 ? '\n' : ''}</span>`
    })
    .join('')
}
