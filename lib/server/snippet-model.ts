// Build time only: everything the browser needs to show and fill one snippet, as plain data.
import { findSlots, languageOf, type SlotContext, type SlotName } from '../snippets'
import { toWire, type SnippetWire } from '../snippets'
import { readExampleRegion } from './example-source'
import { highlightLines, type ColouredToken } from './highlight'

export interface SnippetPiece extends ColouredToken {
  /** Set where the piece is a slot default the reader's profile replaces. */
  slot?: { name: SlotName; context: SlotContext }
}

/** Splits coloured tokens so each slot default is a piece of its own, carrying its quoting context. */
export function markSlots(code: string, lines: ColouredToken[][]): SnippetPiece[][] {
  const slots = findSlots(code)
  let offset = 0
  return lines.map((line) => {
    const pieces: SnippetPiece[] = []
    for (const token of line) {
      let start = 0
      while (start < token.text.length) {
        const at = offset + start
        const inside = slots.find((s) => s.index <= at && at < s.index + s.length)
        const next = slots.find((s) => s.index > at)
        if (inside) {
          const end = Math.min(token.text.length, inside.index + inside.length - offset)
          // A slot split across tokens is kept whole in its first piece.
          if (inside.index >= offset) pieces.push({ ...token, text: code.slice(inside.index, inside.index + inside.length), slot: { name: inside.slot, context: inside.context } })
          start = end
        } else {
          const end = next ? Math.min(token.text.length, next.index - offset) : token.text.length
          pieces.push({ ...token, text: token.text.slice(start, end) })
          start = end
        }
      }
      offset += token.text.length
    }
    offset += 1 // the newline between lines
    return pieces
  })
}

/** One region (or the whole file) read, highlighted and slot-marked, in the form the browser gets. */
export async function buildSnippet(file: string, region?: string): Promise<SnippetWire> {
  const code = readExampleRegion(file, region)
  const language = languageOf(file)
  return toWire(file, language, markSlots(code, await highlightLines(code, language)))
}
