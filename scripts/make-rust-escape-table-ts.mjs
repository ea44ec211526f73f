// Writes lib/tokens/rust-escape-table.ts from broker/plugin/rust_escape_table.h (itself made by
// broker/tools/make-rust-escape-table.py from Unicode 14.0): the code points Rust's `{:?}` of a
// str prints as \u{…}, for brokerVerdict's copy of serde's messages. One table, two languages:
// re-run this after the Python script.   node scripts/make-rust-escape-table-ts.mjs
import { readFileSync, writeFileSync } from 'node:fs'

const header = readFileSync(new URL('../broker/plugin/rust_escape_table.h', import.meta.url), 'utf8')
const ranges = [...header.matchAll(/\{ 0x([0-9A-F]+), 0x([0-9A-F]+) \}/g)].map((m) => [parseInt(m[1], 16), parseInt(m[2], 16)])
if (ranges.length < 100) throw new Error('rust_escape_table.h: too few ranges read')
// Delta-encoded in base 36 (start minus the previous end, then the length), to keep the bundle small.
let previous = 0
const packed = ranges.map(([a, b]) => {
  const s = `${(a - previous).toString(36)}.${(b - a).toString(36)}`
  previous = b
  return s
})
writeFileSync(
  new URL('../lib/tokens/rust-escape-table.ts', import.meta.url),
  `// Made by scripts/make-rust-escape-table-ts.mjs from broker/plugin/rust_escape_table.h (Unicode 14.0):
// the code points from U+0080 that Rust's \`{:?}\` of a str prints as \\u{…}, as inclusive ranges,
// each "gap.length" in base 36 from the end of the previous one (rust-debug.ts reads it). Do not edit by hand.
export const RUST_ESCAPED_PACKED = '${packed.join(' ')}'
`
)
console.log(`lib/tokens/rust-escape-table.ts: ${ranges.length} ranges`)
