// The trace reader on the head of a real trace (tests/vectors/turbopack-trace: Next 15.5.29 wrote it).
// Its checks come from the bytes and from what must hold of any trace, not from the reader's output:
// a reader that lost the row framing would find other span names, odd timestamps or unbalanced
// enters and exits.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeTrace, ownerOfPath, report, spansOf, type TraceRow } from '../../scripts/bench/turbopack-trace'

const bytes = readFileSync(join(__dirname, '..', 'vectors', 'turbopack-trace', 'stock-nextra-head.trace'))
const { rows, truncatedBytes } = decodeTrace(bytes)
const starts = rows.filter((r): r is Extract<TraceRow, { kind: 'start' }> => r.kind === 'start')

/** Occurrences of a postcard string (length byte, then UTF-8) followed by another, in the raw bytes. */
function countPair(a: string, b: string): number {
  const needle = Buffer.concat([Buffer.from([a.length]), Buffer.from(a), Buffer.from([b.length]), Buffer.from(b)])
  let n = 0
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++
  return n
}

describe('decodeTrace', () => {
  it('reads rows up to a cut-off last row', () => {
    expect(rows.length).toBeGreaterThan(10_000)
    expect(truncatedBytes).toBeGreaterThan(0) // head -c cut this file inside a row
    expect(truncatedBytes).toBeLessThan(200)
  })

  it('finds every span start the bytes hold: each (name, target) pair, counted in the raw file', () => {
    const decoded = new Map<string, number>()
    for (const r of starts) decoded.set(`${r.name}\0${r.target}`, (decoded.get(`${r.name}\0${r.target}`) ?? 0) + 1)
    expect(decoded.size).toBeGreaterThan(10)
    for (const [pair, n] of decoded) {
      const [name, target] = pair.split('\0') as [string, string]
      expect(countPair(name, target), `${name} (${target})`).toBe(n)
    }
  })

  it('gives timestamps within one dev-server run and enters matched by exits', () => {
    const ts = rows.flatMap((r) => ('ts' in r ? [r.ts] : []))
    const first = Math.min(...ts)
    expect(Math.max(...ts) - first).toBeLessThan(600e6) // µs: well under the 10 minutes of a slow first page
    const enters = rows.filter((r) => r.kind === 'enter').length
    const exits = rows.filter((r) => r.kind === 'exit').length
    const threads = new Set(rows.flatMap((r) => (r.kind === 'enter' ? [r.thread] : []))).size
    expect(enters).toBeGreaterThan(1000)
    expect(Math.abs(enters - exits)).toBeLessThanOrEqual(threads)
  })

  it('rejects a file that is not a trace', () => {
    expect(() => decodeTrace(Buffer.from('{"traceEvents":[]}'))).toThrow(/not a Turbopack trace/)
  })
})

describe('spansOf', () => {
  const { spans, first, last, busyBetween } = spansOf(rows)

  it('keeps times consistent: fair shares add up to the busy time, which fits in the wall time', () => {
    const fair = spans.reduce((sum, s) => sum + s.fairSelf, 0)
    const busy = busyBetween(first, last)
    expect(busy).toBeGreaterThan(0)
    expect(Math.abs(fair - busy)).toBeLessThan(1)
    expect(busy).toBeLessThanOrEqual(last - first)
    for (const s of spans) {
      expect(s.fairSelf).toBeLessThanOrEqual(s.self + 1e-6)
      expect(s.total).toBeGreaterThanOrEqual(s.self)
      if (s.parent) expect(s.start).toBeGreaterThanOrEqual(s.parent.start)
    }
  })

  it('counts a thread busy once, however deep its entered spans nest', () => {
    // Per thread, the time during which some started span is entered, from the rows alone.
    const known = new Set(starts.map((r) => r.id))
    const entered = new Map<number, Set<number>>()
    const since = new Map<number, number>()
    let busy = 0
    for (const r of rows) {
      if ((r.kind !== 'enter' && r.kind !== 'exit') || !known.has(r.id)) continue
      const open = entered.get(r.thread) ?? new Set<number>()
      entered.set(r.thread, open)
      if (r.kind === 'enter') {
        if (open.size === 0) since.set(r.thread, r.ts)
        open.add(r.id)
      } else if (open.delete(r.id) && open.size === 0) busy += r.ts - since.get(r.thread)!
    }
    expect(busy).toBeGreaterThan(0)
    expect(spans.reduce((sum, s) => sum + s.self, 0)).toBeCloseTo(busy, 0)
  })

  it('charges module work to the package whose file the span names', () => {
    const processed = spans.filter((s) => s.name === 'process module')
    expect(processed.length).toBeGreaterThan(0)
    expect(report(bytes)).toContain('process module')
  })
})

describe('ownerOfPath', () => {
  it('names packages, Next-bundled ones and project folders', () => {
    expect(ownerOfPath('[project]/node_modules/@shikijs/langs/dist/ts.mjs [app-rsc] (ecmascript)')).toBe('@shikijs/*')
    expect(ownerOfPath('/tmp/x/node_modules/next/dist/compiled/react-dom/cjs/react-dom-client.development.js')).toBe('next/dist/compiled/react-dom')
    expect(ownerOfPath('[project]/node_modules/nextra-theme-docs/dist/index.js')).toBe('nextra-theme-docs')
    expect(ownerOfPath('[project]/content/keys.mdx.tsx')).toBe('content/*.mdx')
    expect(ownerOfPath('[project]/components/widgets/key-doctor.tsx')).toBe('components/')
    expect(ownerOfPath('read file')).toBeUndefined()
  })
})
