// Rust's `{:?}` of a str, as the broker plugin's messages print names and values: quotes,
// backslash, \t \r \n \0 escaped, and every code point Rust cannot print (controls, format
// characters, grapheme extenders …, per the Unicode 14 table in rust-escape-table.ts) as \u{…}.
import { RUST_ESCAPED_PACKED } from './rust-escape-table'

let table: [number, number][] | undefined

function escapedRanges(): [number, number][] {
  if (table) return table
  let end = 0
  table = RUST_ESCAPED_PACKED.split(' ').map((pair) => {
    const [gap, length] = pair.split('.').map((n) => parseInt(n, 36)) as [number, number]
    const start = end + gap
    end = start + length
    return [start, end]
  })
  return table
}

/** Whether Rust's Debug of a str prints this code point as \u{…}. */
function rustEscapes(c: number): boolean {
  if (c < 0x80) return c < 0x20 || c === 0x7f
  const t = escapedRanges()
  let lo = 0
  let hi = t.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const [a, b] = t[mid]!
    if (c < a) hi = mid - 1
    else if (c > b) lo = mid + 1
    else return true
  }
  return false
}

export function rustDebugStr(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c === 0) out += '\\0'
    else if (rustEscapes(c)) out += `\\u{${c.toString(16)}}`
    else out += ch
  }
  return `${out}"`
}
