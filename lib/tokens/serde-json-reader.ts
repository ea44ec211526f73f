// serde_json 1.0.87's reader (from_slice, default features) as the broker plugin runs it: the JSON
// text becomes serde's buffered Content (what #[serde(flatten)] structs read first), or the exact
// syntax error serde_json reports, with its message and the index its line/column is counted to.
// Ported from serde_json's de.rs/read.rs rather than re-derived, so the edge cases (which byte an
// error points at, how 1e400 or 20 digits become a float, -0) are the broker's, not JSON.parse's.
import { rustDebugStr } from './rust-debug'

/** serde's Content: the value as serde_json hands it to a buffered (flattened) struct. */
export type Content =
  | { t: 'unit' }
  | { t: 'bool'; v: boolean }
  | { t: 'u64'; v: bigint }
  | { t: 'i64'; v: bigint }
  | { t: 'f64'; v: number }
  | { t: 'str'; v: string }
  | { t: 'seq'; items: Content[] }
  | { t: 'map'; entries: [Content, Content][] }

/** A serde_json error: its message and the byte index its position is computed at. */
export class SerdeError {
  constructor(
    readonly message: string,
    /** Set by the reader for errors found while typing: just after the object's closing brace. */
    public index: number
  ) {}
}

const POW10 = Array.from({ length: 309 }, (_, i) => Number(`1e${i}`))
const U64_MAX = 2n ** 64n - 1n

const ESCAPE = (b: number) => b === 0x22 || b === 0x5c || b < 0x20

class Reader {
  i = 0
  depth = 128
  constructor(readonly s: Uint8Array) {}

  peek(): number | undefined {
    return this.i < this.s.length ? this.s[this.i] : undefined
  }
  /** serde_json's error(): the position of what was consumed. */
  error(message: string): SerdeError {
    return new SerdeError(message, this.i)
  }
  /** serde_json's peek_error(): one byte further (capped at the end). */
  peekError(message: string): SerdeError {
    return new SerdeError(message, Math.min(this.s.length, this.i + 1))
  }
  whitespace(): number | undefined {
    for (;;) {
      const b = this.peek()
      if (b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d) this.i++
      else return b
    }
  }
  ident(rest: string): void {
    for (const ch of rest) {
      if (this.i >= this.s.length) throw this.error('EOF while parsing a value')
      const b = this.s[this.i++]
      if (b !== ch.charCodeAt(0)) throw this.error('expected ident')
    }
  }

  // ---- numbers (the non-float_roundtrip path) ----
  integer(positive: boolean): Content {
    if (this.i >= this.s.length) throw this.error('EOF while parsing a value')
    const next = this.s[this.i++]!
    if (next === 0x30) {
      const p = this.peek()
      if (p !== undefined && p >= 0x30 && p <= 0x39) throw this.peekError('invalid number')
      return this.number(positive, 0n)
    }
    if (next >= 0x31 && next <= 0x39) {
      let significand = BigInt(next - 0x30)
      for (;;) {
        const c = this.peek()
        if (c !== undefined && c >= 0x30 && c <= 0x39) {
          const grown = significand * 10n + BigInt(c - 0x30)
          if (grown > U64_MAX) return { t: 'f64', v: this.longInteger(positive, significand) }
          this.i++
          significand = grown
        } else return this.number(positive, significand)
      }
    }
    throw this.error('invalid number')
  }
  number(positive: boolean, significand: bigint): Content {
    const p = this.peek()
    if (p === 0x2e) return { t: 'f64', v: this.decimal(positive, significand, 0) }
    if (p === 0x65 || p === 0x45) return { t: 'f64', v: this.exponent(positive, significand, 0) }
    if (positive) return { t: 'u64', v: significand }
    // (significand as i64).wrapping_neg(): a float on underflow and on -0.
    const neg = BigInt.asIntN(64, -BigInt.asIntN(64, significand))
    return neg >= 0n ? { t: 'f64', v: -Number(significand) } : { t: 'i64', v: neg }
  }
  decimal(positive: boolean, significand: bigint, exponent: number): number {
    this.i++
    for (;;) {
      const c = this.peek()
      if (c === undefined || c < 0x30 || c > 0x39) break
      const grown = significand * 10n + BigInt(c - 0x30)
      if (grown > U64_MAX) return this.decimalOverflow(positive, significand, exponent)
      this.i++
      significand = grown
      exponent--
    }
    if (exponent === 0) throw this.peek() !== undefined ? this.peekError('invalid number') : this.peekError('EOF while parsing a value')
    const p = this.peek()
    return p === 0x65 || p === 0x45 ? this.exponent(positive, significand, exponent) : this.fromParts(positive, significand, exponent)
  }
  decimalOverflow(positive: boolean, significand: bigint, exponent: number): number {
    for (let c = this.peek(); c !== undefined && c >= 0x30 && c <= 0x39; c = this.peek()) this.i++
    const p = this.peek()
    return p === 0x65 || p === 0x45 ? this.exponent(positive, significand, exponent) : this.fromParts(positive, significand, exponent)
  }
  longInteger(positive: boolean, significand: bigint): number {
    let exponent = 0
    for (;;) {
      const c = this.peek()
      if (c !== undefined && c >= 0x30 && c <= 0x39) {
        this.i++
        exponent++
      } else if (c === 0x2e) return this.decimal(positive, significand, exponent)
      else if (c === 0x65 || c === 0x45) return this.exponent(positive, significand, exponent)
      else return this.fromParts(positive, significand, exponent)
    }
  }
  exponent(positive: boolean, significand: bigint, starting: number): number {
    this.i++
    let positiveExp = true
    const sign = this.peek()
    if (sign === 0x2b) this.i++
    else if (sign === 0x2d) {
      this.i++
      positiveExp = false
    }
    if (this.i >= this.s.length) throw this.error('EOF while parsing a value')
    const next = this.s[this.i++]!
    if (next < 0x30 || next > 0x39) throw this.error('invalid number')
    let exp = next - 0x30
    for (;;) {
      const c = this.peek()
      if (c === undefined || c < 0x30 || c > 0x39) break
      this.i++
      const grown = exp * 10 + (c - 0x30)
      if (grown > 0x7fffffff) {
        if (significand !== 0n && positiveExp) throw this.error('number out of range')
        for (let d = this.peek(); d !== undefined && d >= 0x30 && d <= 0x39; d = this.peek()) this.i++
        return positive ? 0 : -0
      }
      exp = grown
    }
    // i32 saturating add/sub.
    const final = Math.max(-0x80000000, Math.min(0x7fffffff, positiveExp ? starting + exp : starting - exp))
    return this.fromParts(positive, significand, final)
  }
  fromParts(positive: boolean, significand: bigint, exponent: number): number {
    let f = Number(significand)
    for (;;) {
      const pow = POW10[Math.abs(exponent)]
      if (pow !== undefined) {
        if (exponent >= 0) {
          f *= pow
          if (!Number.isFinite(f)) throw this.error('number out of range')
        } else f /= pow
        break
      }
      if (f === 0) break
      if (exponent >= 0) throw this.error('number out of range')
      f /= 1e308
      exponent += 308
    }
    return positive ? f : -f
  }

  // ---- strings ----
  string(): string {
    const bytes: number[] = []
    let start = this.i
    for (;;) {
      while (this.i < this.s.length && !ESCAPE(this.s[this.i]!)) this.i++
      if (this.i === this.s.length) throw this.error('EOF while parsing a string')
      const b = this.s[this.i]!
      if (b === 0x22) {
        for (let k = start; k < this.i; k++) bytes.push(this.s[k]!)
        this.i++
        try {
          return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes))
        } catch {
          throw this.error('invalid unicode code point')
        }
      }
      if (b === 0x5c) {
        for (let k = start; k < this.i; k++) bytes.push(this.s[k]!)
        this.i++
        this.escape(bytes)
        start = this.i
      } else {
        this.i++
        throw this.error('control character (\\u0000-\\u001F) found while parsing a string')
      }
    }
  }
  hex4(): number {
    if (this.i + 4 > this.s.length) {
      this.i = this.s.length
      throw this.error('EOF while parsing a string')
    }
    let n = 0
    for (let k = 0; k < 4; k++) {
      const c = String.fromCharCode(this.s[this.i++]!)
      const v = /[0-9a-fA-F]/.test(c) ? parseInt(c, 16) : -1
      if (v < 0) throw this.error('invalid escape')
      n = n * 16 + v
    }
    return n
  }
  escape(out: number[]): void {
    if (this.i >= this.s.length) throw this.error('EOF while parsing a string')
    const ch = this.s[this.i++]!
    const simple: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 }
    if (simple[ch] !== undefined) {
      out.push(simple[ch]!)
      return
    }
    if (ch !== 0x75) throw this.error('invalid escape')
    const n1 = this.hex4()
    let code = n1
    if (n1 >= 0xdc00 && n1 <= 0xdfff) throw this.error('lone leading surrogate in hex escape')
    if (n1 >= 0xd800 && n1 <= 0xdbff) {
      if (this.i >= this.s.length) throw this.error('EOF while parsing a string')
      if (this.s[this.i] !== 0x5c) {
        this.i++
        throw this.error('unexpected end of hex escape')
      }
      this.i++
      if (this.i >= this.s.length) throw this.error('EOF while parsing a string')
      if (this.s[this.i] !== 0x75) {
        this.i++
        throw this.error('unexpected end of hex escape')
      }
      this.i++
      const n2 = this.hex4()
      if (n2 < 0xdc00 || n2 > 0xdfff) throw this.error('lone leading surrogate in hex escape')
      code = (((n1 - 0xd800) << 10) | (n2 - 0xdc00)) + 0x10000
    }
    out.push(...new TextEncoder().encode(String.fromCodePoint(code)))
  }

  // ---- values (deserialize_any into Content) ----
  nest<T>(read: () => T): T {
    if (--this.depth === 0) throw this.peekError('recursion limit exceeded')
    this.i++
    const value = read()
    this.depth++
    return value
  }
  value(): Content {
    const peek = this.whitespace()
    if (peek === undefined) throw this.peekError('EOF while parsing a value')
    switch (peek) {
      case 0x6e:
        this.i++
        this.ident('ull')
        return { t: 'unit' }
      case 0x74:
        this.i++
        this.ident('rue')
        return { t: 'bool', v: true }
      case 0x66:
        this.i++
        this.ident('alse')
        return { t: 'bool', v: false }
      case 0x2d:
        this.i++
        return this.integer(false)
      case 0x22:
        this.i++
        return { t: 'str', v: this.string() }
      case 0x5b:
        return this.nest(() => {
          const items = this.seqItems()
          this.endSeq()
          return { t: 'seq', items } as Content
        })
      case 0x7b:
        return this.nest(() => {
          const entries = this.mapEntries()
          this.endMap()
          return { t: 'map', entries } as Content
        })
      default:
        if (peek >= 0x30 && peek <= 0x39) return this.integer(true)
        throw this.peekError('expected value')
    }
  }
  /**
   * serde_json's SeqAccess/MapAccess loop: elements separated by commas up to the closing byte,
   * with its errors for a missing comma, a trailing comma and the end of the input.
   */
  elements(close: number, commaOrEnd: string, eof: string, readOne: (peek: number) => void): void {
    let first = true
    for (;;) {
      let peek = this.whitespace()
      if (peek === close) return
      if (peek === 0x2c && !first) {
        this.i++
        peek = this.whitespace()
      } else if (peek !== undefined) {
        if (!first) throw this.peekError(commaOrEnd)
        first = false
      } else throw this.peekError(eof)
      if (peek === close) throw this.peekError('trailing comma')
      if (peek === undefined) throw this.peekError('EOF while parsing a value')
      readOne(peek)
    }
  }
  seqItems(): Content[] {
    const items: Content[] = []
    this.elements(0x5d, 'expected `,` or `]`', 'EOF while parsing a list', () => items.push(this.value()))
    return items
  }
  endSeq(): void {
    const peek = this.whitespace()
    if (peek === 0x5d) {
      this.i++
      return
    }
    if (peek === 0x2c) {
      this.i++
      throw this.whitespace() === 0x5d ? this.peekError('trailing comma') : this.peekError('trailing characters')
    }
    throw peek === undefined ? this.peekError('EOF while parsing a list') : this.peekError('trailing characters')
  }
  mapEntries(): [Content, Content][] {
    const entries: [Content, Content][] = []
    this.elements(0x7d, 'expected `,` or `}`', 'EOF while parsing an object', (peek) => {
      if (peek !== 0x22) throw this.peekError('key must be a string')
      this.i++
      const key: Content = { t: 'str', v: this.string() }
      const colon = this.whitespace()
      if (colon === 0x3a) this.i++
      else throw colon === undefined ? this.peekError('EOF while parsing an object') : this.peekError('expected `:`')
      entries.push([key, this.value()])
    })
    return entries
  }
  endMap(): void {
    const peek = this.whitespace()
    if (peek === 0x7d) {
      this.i++
      return
    }
    if (peek === 0x2c) throw this.peekError('trailing comma')
    throw peek === undefined ? this.peekError('EOF while parsing an object') : this.peekError('trailing characters')
  }

  /** peek_invalid_type: what a non-object top-level value is, read as far as serde_json reads it. */
  invalidTop(expected: string): SerdeError {
    const b = this.peek() ?? 0
    let unexpected: string
    if (b === 0x6e || b === 0x74 || b === 0x66) {
      this.i++
      this.ident(b === 0x6e ? 'ull' : b === 0x74 ? 'rue' : 'alse')
      unexpected = b === 0x6e ? 'null' : `boolean \`${b === 0x74}\``
    } else if (b === 0x2d || (b >= 0x30 && b <= 0x39)) {
      if (b === 0x2d) this.i++
      unexpected = describeContent(this.integer(b !== 0x2d))
    } else if (b === 0x22) {
      this.i++
      unexpected = describeContent({ t: 'str', v: this.string() })
    } else if (b === 0x5b) unexpected = 'sequence'
    else return this.peekError('expected value')
    return this.error(`invalid type: ${unexpected}, expected ${expected}`)
  }
}

/**
 * serde_json::from_slice into a struct read through deserialize_map (every #[serde(flatten)]
 * struct): the top-level members, or the syntax error. `type` then runs on the members, and its
 * error is placed after the closing brace (serde_json consumes it before fixing the position);
 * only then are trailing characters looked at.
 */
export function readFlattenedStruct<T>(bytes: Uint8Array, struct: string, type: (entries: [Content, Content][]) => T | SerdeError): T | SerdeError {
  const r = new Reader(bytes)
  try {
    const peek = r.whitespace()
    if (peek === undefined) return r.peekError('EOF while parsing a value')
    if (peek !== 0x7b) return r.invalidTop(`struct ${struct}`)
    const entries = r.nest(() => r.mapEntries())
    r.endMap()
    const typed = type(entries)
    if (typed instanceof SerdeError) {
      typed.index = r.i
      return typed
    }
    if (r.whitespace() !== undefined) return r.peekError('trailing characters')
    return typed
  } catch (error) {
    if (error instanceof SerdeError) return error
    throw error
  }
}

/** serde's Unexpected for a Content, as it prints in "invalid type: …". */
export function describeContent(c: Content): string {
  switch (c.t) {
    case 'unit':
      return 'null'
    case 'bool':
      return `boolean \`${c.v}\``
    case 'u64':
    case 'i64':
      return `integer \`${c.v}\``
    case 'f64':
      return `floating point \`${rustFloatDisplay(c.v)}\``
    case 'str':
      return `string ${rustDebugStr(c.v)}`
    case 'seq':
      return 'sequence'
    case 'map':
      return 'map'
  }
}

/**
 * Rust's `{}` of an f64 as serde ≤ 1.0.152 prints it in an error: shortest round-trip digits,
 * never an exponent, no forced ".0" (1796229547, -0, 0.000001).
 */
export function rustFloatDisplay(x: number): string {
  if (Object.is(x, -0)) return '-0'
  const s = String(x)
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const sign = m[1]!
  const digits = m[2]! + (m[3] ?? '')
  const point = m[2]!.length + Number(m[4])
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}
