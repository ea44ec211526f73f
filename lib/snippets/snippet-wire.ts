// The snippet as it travels to the browser. Every piece of a highlighted example would otherwise
// carry both theme colours as strings, and the page ships that data twice (HTML and the React
// payload): the Connect page's full programs came to ~1 MB of HTML. Here each colour pair is
// listed once per snippet and a piece is [text, colour index], with its slot when it has one;
// neighbouring pieces of one colour are merged, and blank text joins a neighbour whatever its
// colour, so the page also renders fewer spans.
import type { SlotContext, SlotName, SnippetLanguage } from './snippets'

export interface WireSlot {
  name: SlotName
  context: SlotContext
}

/** [text, index into colours] or, for a slot default the profile replaces, [text, index, slot]. */
export type WirePiece = [text: string, colour: number] | [text: string, colour: number, slot: WireSlot]

export interface SnippetWire {
  /** Path under examples/. */
  file: string
  language: SnippetLanguage
  /** [light, dark] theme colours; an empty string where the theme gives none. */
  colours: [light: string, dark: string][]
  lines: WirePiece[][]
}

export interface WireInputPiece {
  text: string
  light?: string
  dark?: string
  slot?: WireSlot
}

export function toWire(file: string, language: SnippetLanguage, lines: WireInputPiece[][]): SnippetWire {
  const colours: [string, string][] = []
  const index = new Map<string, number>()
  const colourOf = (light = '', dark = ''): number => {
    const key = `${light}|${dark}`
    let i = index.get(key)
    if (i === undefined) {
      i = colours.push([light, dark]) - 1
      index.set(key, i)
    }
    return i
  }
  const wireLines = lines.map((line) => {
    const out: WirePiece[] = []
    // Blank text shows no colour, so it joins a neighbour instead of being a piece of its own:
    // the previous piece, or (at the start of a line or after a slot) the next one.
    let blank = ''
    for (const piece of line) {
      const last = out[out.length - 1]
      if (!piece.slot && piece.text.trim() === '') {
        if (last && last.length === 2) last[0] += piece.text
        else blank += piece.text
        continue
      }
      const colour = colourOf(piece.light, piece.dark)
      if (piece.slot) {
        if (blank) out.push([blank, colour])
        out.push([piece.text, colour, piece.slot])
      } else if (last && last.length === 2 && last[1] === colour) last[0] += blank + piece.text
      else out.push([blank + piece.text, colour])
      blank = ''
    }
    if (blank) {
      const last = line[line.length - 1]!
      out.push([blank, colourOf(last.light, last.dark)])
    }
    return out
  })
  return { file, language, colours, lines: wireLines }
}

/** The code exactly as in the example file: what the copy button gives with an empty profile. */
export function wireText(wire: SnippetWire): string {
  return wire.lines.map((line) => line.map((piece) => piece[0]).join('')).join('\n')
}

export function usesSlot(wire: SnippetWire, name: SlotName): boolean {
  return wire.lines.some((line) => line.some((piece) => piece[2]?.name === name))
}
