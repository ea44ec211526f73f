// Where Turbopack's time went, from the trace `NEXT_TURBOPACK_TRACING=1 next dev --turbopack` writes
// to `.next/trace-turbopack`, printed as plain text. Why it exists: Next's own viewer is a web page
// (trace.nextjs.org) that needs the internet, and the websocket protocol of the trace server Next
// bundles changes between versions; the file format is small, so it is read here directly (a row
// kind this script does not know stops it with a message).
//   npx tsx scripts/bench/turbopack-trace.ts <trace-turbopack> [--top N]
// (`npx tsx scripts/bench/dev-time.ts --trace <dir>` records one for the site and stock Nextra.)
//
// Format (vercel/next.js turbopack-trace-utils `TraceRow`, read by turbopack-trace-server
// `reader/turbopack.rs`): the bytes `TRACEv0`, then postcard-encoded rows: a varint variant index,
// then the fields; integers are LEB128 varints (i64 zigzag), strings and vectors length-prefixed,
// Option a 0/1 byte. Timestamps are microseconds.
import { readFileSync } from 'node:fs'

export type TraceValue = string | number | boolean
export type TraceRow =
  | { kind: 'start'; ts: number; id: number; parent: number | undefined; name: string; target: string; values: [string, TraceValue][] }
  | { kind: 'end'; ts: number; id: number }
  | { kind: 'enter' | 'exit'; ts: number; id: number; thread: number }
  | { kind: 'event'; ts: number; parent: number | undefined; values: [string, TraceValue][] }
  | { kind: 'record'; id: number; values: [string, TraceValue][] }
  | { kind: 'allocation' | 'allocation-counters' }

const MAGIC = 'TRACEv0'

class Truncated extends Error {}

class Reader {
  pos = 0
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Truncated()
    return this.bytes[this.pos++]!
  }
  /** LEB128; arithmetic rather than bit shifts, which JS does in 32 bits (timestamps fit in 2^53). */
  varint(): number {
    let value = 0
    let scale = 1
    for (;;) {
      const b = this.byte()
      value += (b & 0x7f) * scale
      if (b < 0x80) return value
      scale *= 128
    }
  }
  zigzag(): number {
    const n = this.varint()
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2
  }
  string(): string {
    const length = this.varint()
    if (this.pos + length > this.bytes.length) throw new Truncated()
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, length).toString('utf8')
    this.pos += length
    return text
  }
  option(): number | undefined {
    return this.byte() === 0 ? undefined : this.varint()
  }
  value(): TraceValue {
    const tag = this.varint()
    switch (tag) {
      case 0:
        return this.string()
      case 1:
        return this.byte() !== 0
      case 2:
        return this.varint()
      case 3:
        return this.zigzag()
      case 4: {
        if (this.pos + 8 > this.bytes.length) throw new Truncated()
        const f = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).readDoubleLE(0)
        this.pos += 8
        return f
      }
      default:
        throw new Error(`unknown TraceValue variant ${tag} at byte ${this.pos}: a trace format this script does not know`)
    }
  }
  values(): [string, TraceValue][] {
    const n = this.varint()
    const out: [string, TraceValue][] = []
    for (let i = 0; i < n; i++) out.push([this.string(), this.value()])
    return out
  }
  row(): TraceRow {
    const at = this.pos
    const tag = this.varint()
    switch (tag) {
      case 0:
        return { kind: 'start', ts: this.varint(), id: this.varint(), parent: this.option(), name: this.string(), target: this.string(), values: this.values() }
      case 1:
        return { kind: 'end', ts: this.varint(), id: this.varint() }
      case 2:
      case 3:
        return { kind: tag === 2 ? 'enter' : 'exit', ts: this.varint(), id: this.varint(), thread: this.varint() }
      case 4:
        return { kind: 'event', ts: this.varint(), parent: this.option(), values: this.values() }
      case 5:
        return { kind: 'record', id: this.varint(), values: this.values() }
      case 6:
      case 7:
        for (let i = 0; i < 6; i++) this.varint() // ts, thread, (de)allocation bytes and counts
        return { kind: tag === 6 ? 'allocation' : 'allocation-counters' }
      default:
        throw new Error(`unknown TraceRow variant ${tag} at byte ${at}: a trace format this script does not know`)
    }
  }
}

/** Every complete row; a row cut off at the end (the server was stopped mid-write) is left out and counted. */
export function decodeTrace(bytes: Uint8Array): { rows: TraceRow[]; truncatedBytes: number } {
  if (Buffer.from(bytes.subarray(0, MAGIC.length)).toString('latin1') !== MAGIC) throw new Error(`not a Turbopack trace: it does not start with ${MAGIC}`)
  const reader = new Reader(bytes)
  reader.pos = MAGIC.length
  const rows: TraceRow[] = []
  for (;;) {
    const at = reader.pos
    if (at === bytes.length) return { rows, truncatedBytes: 0 }
    try {
      rows.push(reader.row())
    } catch (error) {
      if (error instanceof Truncated) return { rows, truncatedBytes: bytes.length - at }
      throw error
    }
  }
}

export interface Span {
  name: string
  target: string
  args: Map<string, string>
  parent: Span | undefined
  start: number
  end: number | undefined
  /** µs this span was entered on some thread while none of its children was entered on that thread. */
  self: number
  /** self + every descendant's self. */
  total: number
  /** self, each moment divided by how many spans were in self time at that moment (on any thread). */
  fairSelf: number
  /** fairSelf + every descendant's fairSelf: these add up to the busy wall time. */
  fairTotal: number
}

/**
 * Spans with self and total time, computed as Next's trace server does (reader/turbopack.rs): per
 * thread, a stack of entered spans; entering a child pauses its parent's self time on that thread.
 * Each thread's rows are in order, but threads' buffers reach the file in turns, so a span may be
 * entered, or be a parent, rows before its Start: all spans are made first, then the rows replayed.
 */
export function spansOf(rows: TraceRow[]): { spans: Span[]; first: number; last: number; busyBetween: (from: number, to: number) => number } {
  let first = Infinity
  let last = -Infinity
  const spans: Span[] = []
  const byId = new Map<number, Span>()
  const parentIds = new Map<Span, number>()
  for (const row of rows) {
    if ('ts' in row) {
      first = Math.min(first, row.ts)
      last = Math.max(last, row.ts)
    }
    if (row.kind !== 'start') continue
    // The trace server also reads a reused id as a new span; Next 15.5's traces have none (checked on
    // real ones), and replaying rows out of order would need the order this file does not keep.
    if (byId.has(row.id)) throw new Error(`span id ${row.id} started twice: a trace format this script does not know`)
    const span: Span = { name: row.name, target: row.target, args: new Map(row.values.map(([k, v]) => [k, String(v)])), parent: undefined, start: row.ts, end: undefined, self: 0, total: 0, fairSelf: 0, fairTotal: 0 }
    byId.set(row.id, span)
    if (row.parent !== undefined) parentIds.set(span, row.parent)
    spans.push(span)
  }
  for (const [span, parentId] of parentIds) span.parent = byId.get(parentId)
  const stacks = new Map<number, Span[]>()
  const selfStarted = new Map<Span, Map<number, number>>() // span → thread → ts
  const startSelf = (span: Span, thread: number, ts: number) => {
    let byThread = selfStarted.get(span)
    if (!byThread) selfStarted.set(span, (byThread = new Map()))
    byThread.set(thread, ts)
  }
  const intervals: { span: Span; start: number; end: number }[] = []
  const stopSelf = (span: Span, thread: number, ts: number) => {
    const started = selfStarted.get(span)?.get(thread)
    if (started === undefined) return
    selfStarted.get(span)!.delete(thread)
    span.self += Math.max(0, ts - started)
    if (ts > started) intervals.push({ span, start: started, end: ts })
  }
  for (const row of rows) {
    switch (row.kind) {
      case 'record': {
        const span = byId.get(row.id)
        for (const [k, v] of row.values) span?.args.set(k, String(v))
        break
      }
      case 'end': {
        const span = byId.get(row.id)
        if (span) span.end = row.ts
        break
      }
      case 'enter': {
        const span = byId.get(row.id)
        if (!span) break
        const stack = stacks.get(row.thread) ?? []
        stacks.set(row.thread, stack)
        const outer = stack.at(-1)
        if (outer) stopSelf(outer, row.thread, row.ts)
        stack.push(span)
        startSelf(span, row.thread, row.ts)
        break
      }
      case 'exit': {
        const span = byId.get(row.id)
        if (!span) break
        const stack = stacks.get(row.thread) ?? []
        const at = stack.lastIndexOf(span)
        if (at !== -1) {
          stack.splice(at, 1)
          if (at > 0) startSelf(stack[at - 1]!, row.thread, row.ts)
        }
        stopSelf(span, row.thread, row.ts)
        break
      }
    }
  }
  const busyBetween = shareOutConcurrency(intervals)
  // Deepest spans first, so each subtree is summed before its parent (file order does not ensure that).
  const depth = new Map<Span, number>()
  const depthOf = (span: Span): number => {
    let d = depth.get(span)
    if (d === undefined) depth.set(span, (d = span.parent ? depthOf(span.parent) + 1 : 0))
    return d
  }
  for (const span of [...spans].sort((a, b) => depthOf(b) - depthOf(a))) {
    span.total += span.self
    span.fairTotal += span.fairSelf
    if (span.parent) {
      span.parent.total += span.total
      span.parent.fairTotal += span.fairTotal
    }
  }
  return { spans, first, last, busyBetween }
}

/**
 * Turbopack runs ~120 threads on this machine's 2 cores, and a thread waiting for a core (or a
 * blocking read) still counts as "entered": self times add up to far more than the wall time.
 * As the trace server's "corrected" time does, each moment is shared out among the spans in self
 * time then: F(t) = ∫ dt / (spans in self time at t), and an interval [a, b] gets F(b) - F(a).
 * Returns the busy time (some span in self time) between two moments; the fair shares add up to it.
 */
function shareOutConcurrency(intervals: { span: Span; start: number; end: number }[]): (from: number, to: number) => number {
  const starts = Float64Array.from(intervals, (i) => i.start).sort()
  const ends = Float64Array.from(intervals, (i) => i.end).sort()
  const times: number[] = []
  const shared: number[] = [] // F at times[k]
  const busy: number[] = [] // time with some span in self time, up to times[k]
  let active = 0
  let f = 0
  let b = 0
  let i = 0
  let j = 0
  while (i < starts.length || j < ends.length) {
    const t = j >= ends.length || (i < starts.length && starts[i]! < ends[j]!) ? starts[i]! : ends[j]!
    if (times.length && active) {
      f += (t - times.at(-1)!) / active
      b += t - times.at(-1)!
    }
    if (times.at(-1) !== t) {
      times.push(t)
      shared.push(f)
      busy.push(b)
    }
    while (i < starts.length && starts[i] === t) (active++, i++)
    while (j < ends.length && ends[j] === t) (active--, j++)
  }
  /** A cumulative series at t: its value at the last event point ≤ t, plus its slope after that point. */
  const at = (series: number[], t: number) => {
    if (!times.length || t <= times[0]!) return 0
    let lo = 0
    let hi = times.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (times[mid]! <= t) lo = mid
      else hi = mid - 1
    }
    if (lo + 1 === times.length) return series[lo]!
    return series[lo]! + ((series[lo + 1]! - series[lo]!) * (t - times[lo]!)) / (times[lo + 1]! - times[lo]!)
  }
  for (const i of intervals) i.span.fairSelf += at(shared, i.end) - at(shared, i.start)
  return (from, to) => at(busy, to) - at(busy, from)
}

/** Which part of the project or which package a span's work is for, from the file path it names (if any). */
export function spanOwner(span: Span): string | undefined {
  for (let s: Span | undefined = span; s; s = s.parent) {
    for (const value of s.args.values()) {
      const owner = ownerOfPath(value)
      if (owner) return owner
    }
  }
  return undefined
}

export function ownerOfPath(text: string): string | undefined {
  // Next bundles React and others in next/dist/compiled: those are named apart.
  const compiled = /node_modules\/next\/dist\/compiled\/((?:@[^/\s]+\/)?[^/\s]+)/.exec(text)
  if (compiled) return `next/dist/compiled/${compiled[1]}`
  const inModules = /node_modules\/((?:@[^/\s]+\/)?[^/\s]+)/.exec(text)
  if (inModules) return inModules[1]!.startsWith('@shikijs/') ? '@shikijs/*' : inModules[1]!
  const inProject = /(?:^|[\s/\]])(content|components|app|lib|examples|public)\/([^\s/]+)/.exec(text)
  if (!inProject) return undefined
  // Nextra's loader turns content/x.mdx into a module content/x.mdx.tsx: both are the page.
  if (inProject[1] === 'content') return /\.mdx\b/.test(inProject[2]!) ? 'content/*.mdx' : 'content/'
  return `${inProject[1]}/`
}

interface Total {
  /** fair self time (µs): see shareOutConcurrency */
  self: number
  /** fair total time of the outermost spans (µs) */
  total: number
  /** self time as entered on threads, waiting for a core included (µs) */
  entered: number
  count: number
}

function add(map: Map<string, Total>, key: string, span: Span, counted: boolean) {
  const t = map.get(key) ?? { self: 0, total: 0, entered: 0, count: 0 }
  t.self += span.fairSelf
  t.total += counted ? span.fairTotal : 0
  t.entered += span.self
  t.count++
  map.set(key, t)
}

/** By span name: self time summed; total time summed over the outermost span of each name only (a recursion is not counted twice). */
export function byName(spans: Span[]): Map<string, Total> {
  const out = new Map<string, Total>()
  for (const span of spans) {
    const name = span.name
    let nested = false
    for (let p = span.parent; p && !nested; p = p.parent) nested = p.name === name
    add(out, name, span, !nested)
  }
  return out
}

/** By owner (package or project folder): self time of every span whose path (or whose parent's) names it. */
export function byOwner(spans: Span[]): Map<string, Total> {
  const out = new Map<string, Total>()
  for (const span of spans) add(out, spanOwner(span) ?? '(no file named)', span, false)
  return out
}

/** The owners in four groups: what Next brings, the other packages, the project's own folders, and work no file is named for. */
export function byGroup(spans: Span[]): Map<string, Total> {
  const out = new Map<string, Total>()
  for (const span of spans) {
    const owner = spanOwner(span)
    const group = !owner
      ? 'no file named (module graph, chunking, emitting)'
      : owner === 'next' || owner.startsWith('next/dist/compiled/')
        ? 'Next + React (next, next/dist/compiled/*)'
        : owner.endsWith('/') || owner === 'content/*.mdx'
          ? "the project's own folders"
          : 'other packages in node_modules'
    add(out, group, span, false)
  }
  return out
}

export function report(bytes: Uint8Array, top = 25): string {
  const { rows, truncatedBytes } = decodeTrace(bytes)
  const { spans, first, last, busyBetween } = spansOf(rows)
  const busy = busyBetween(first, last)
  const entered = spans.reduce((sum, s) => sum + s.self, 0)
  const s = (us: number) => (us / 1e6).toFixed(2).padStart(7)
  const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`
  const table = (title: string, map: Map<string, Total>, key: 'self' | 'total') => {
    const lines = [title, `${'s'.padStart(7)}  share  entered s  count  name`]
    for (const [name, t] of [...map].sort((a, b) => b[1][key] - a[1][key]).slice(0, top)) {
      lines.push(`${s(t[key])} ${share(t[key])} ${key === 'self' ? s(t.entered).padStart(10) : ''.padStart(10)} ${String(t.count).padStart(6)}  ${name}`)
    }
    return lines.join('\n')
  }
  // The page compile: the longest span no other span contains (Next's `endpoint_write_to_disk`).
  const roots = spans.filter((x) => !x.parent && x.end !== undefined).sort((a, b) => b.end! - b.start - (a.end! - a.start))
  const page = roots[0]
  const pageLine = page
    ? `longest root span: ${page.name}, ${s(page.end! - page.start).trim()} s wall from ${s(page.start - first).trim()} s; Turbopack busy ${s(busyBetween(page.start, page.end!)).trim()} s of it, the rest waiting (on Node.js: webpack loaders, the render)`
    : 'no span ended'
  // Waiting shows as wall time of a module whose own work is small: a webpack loader running in Node.js.
  const slowModules = new Map<string, { wall: number; fair: number }>()
  for (const x of spans) {
    if (x.name !== 'process module' || x.end === undefined) continue
    const name = (x.args.get('name') ?? '?').replace(/^\[project\]\//, '')
    const m = slowModules.get(name) ?? { wall: 0, fair: 0 }
    m.wall = Math.max(m.wall, x.end - x.start)
    m.fair += x.fairTotal
    slowModules.set(name, m)
  }
  const slowLines = [`Modules by wall time of their slowest "process module" span (waiting for a loader included; top ${top})`, `${'wall s'.padStart(7)}  fair s  module`]
  for (const [name, m] of [...slowModules].sort((a, b) => b[1].wall - a[1].wall).slice(0, top)) slowLines.push(`${s(m.wall)} ${s(m.fair)}  ${name}`)
  return [
    `${rows.length} rows, ${spans.length} spans${truncatedBytes ? `, ${truncatedBytes} bytes of a cut-off last row left out` : ''}`,
    `wall: ${s(last - first).trim()} s from the first row to the last, Turbopack busy (some span in self time) ${s(busy).trim()} s of it;`,
    `entered: ${s(entered).trim()} s summed over threads (a thread waiting for one of the cores counts too).`,
    'Times (s) are fair shares: each moment divided among the spans in self time then, so they add up to the busy time; share = of the busy time.',
    pageLine,
    '',
    table(`Self time by span name (top ${top})`, byName(spans), 'self'),
    '',
    table(`Total time by span name, outermost of each name (top ${top}; different names nest, so these overlap)`, byName(spans), 'total'),
    '',
    table('Self time by group of what the span (or its parent) names', byGroup(spans), 'self'),
    '',
    table(`Self time by the package or project folder a span (or its parent) names (top ${top})`, byOwner(spans), 'self'),
    '',
    slowLines.join('\n')
  ].join('\n')
}

if (require.main === module) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: npx tsx scripts/bench/turbopack-trace.ts <path to .next/trace-turbopack> [--top N]')
    process.exit(2)
  }
  const i = process.argv.indexOf('--top')
  console.log(report(readFileSync(file), i === -1 ? undefined : Number(process.argv[i + 1])))
}
