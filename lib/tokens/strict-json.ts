// A strict JSON reader for JWT payloads. JSON.parse keeps the last of duplicate members and
// turns 2e9 or 1.0 into numbers; the broker rejects both, so we need the raw number lexemes
// and the member names as written.
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [name: string]: JsonValue }

/** A number with its exact lexeme, so 1732500000 and 1732500000.0 stay different. */
export interface JsonNumber {
  kind: 'number'
  lexeme: string
  value: number
}

export interface StrictObject {
  members: Map<string, JsonValue>
  duplicates: string[]
  /** Every top-level member in document order, repeats included (the broker decodes in this order). */
  entries: [string, JsonValue][]
  /** Index in the text of the closing "}": where serde_json reports typed-decode errors. */
  closeIndex: number
}

export class JsonSyntaxError extends Error {}

const WS = new Set([' ', '\t', '\n', '\r'])

export function isJsonNumber(value: unknown): value is JsonNumber {
  return typeof value === 'object' && value !== null && (value as JsonNumber).kind === 'number'
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * A NumericDate as the broker reads it: an integer lexeme that fits a signed 64-bit integer,
 * nothing else. 1e20 written out in digits is out of range and refused like a float.
 */
export function isIntegerLexeme(value: JsonNumber): boolean {
  // serde_json reads "-0" as the float -0.0, so the broker refuses it like 1.5.
  if (value.lexeme === '-0') return false
  if (!/^-?(0|[1-9][0-9]*)$/.test(value.lexeme) || value.lexeme.length > 20) return false
  const n = BigInt(value.lexeme)
  return n >= INT64_MIN && n <= INT64_MAX
}

class Parser {
  private i = 0
  constructor(private readonly text: string) {}

  private skip() {
    while (this.i < this.text.length && WS.has(this.text[this.i]!)) this.i++
  }
  private fail(what: string): never {
    throw new JsonSyntaxError(`${what} at character ${this.i + 1}`)
  }

  parseTop(): JsonValue {
    this.skip()
    const value = this.value(0)
    this.skip()
    if (this.i !== this.text.length) this.fail('Unexpected text after the JSON value')
    return value
  }

  topObject(): StrictObject | null {
    this.skip()
    if (this.text[this.i] !== '{') {
      this.parseTop()
      return null
    }
    const members = new Map<string, JsonValue>()
    const duplicates: string[] = []
    const entries: [string, JsonValue][] = []
    // The first occurrence wins, as in the broker plugin's lookup (strict_json.c voke_json_get).
    this.object(0, (name, value) => {
      entries.push([name, value])
      if (members.has(name)) duplicates.push(name)
      else members.set(name, value)
    })
    const closeIndex = this.i - 1
    this.skip()
    if (this.i !== this.text.length) this.fail('Unexpected text after the JSON object')
    return { members, duplicates, entries, closeIndex }
  }

  private value(depth: number): JsonValue {
    if (depth > 64) this.fail('JSON nested too deeply')
    this.skip()
    const ch = this.text[this.i]
    if (ch === '{') {
      const obj: { [name: string]: JsonValue } = {}
      this.object(depth, (name, value) => (obj[name] = value))
      return obj
    }
    if (ch === '[') return this.array(depth)
    if (ch === '"') return this.string()
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number()
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length
        return value
      }
    }
    return this.fail('Unexpected character')
  }

  private object(depth: number, onMember: (name: string, value: JsonValue) => void) {
    this.i++ // {
    this.skip()
    if (this.text[this.i] === '}') {
      this.i++
      return
    }
    for (;;) {
      this.skip()
      if (this.text[this.i] !== '"') this.fail('Expected a member name')
      const name = this.string()
      this.skip()
      if (this.text[this.i] !== ':') this.fail('Expected ":"')
      this.i++
      onMember(name, this.value(depth + 1))
      this.skip()
      const next = this.text[this.i++]
      if (next === '}') return
      if (next !== ',') this.fail('Expected "," or "}"')
    }
  }

  private array(depth: number): JsonValue[] {
    this.i++ // [
    const items: JsonValue[] = []
    this.skip()
    if (this.text[this.i] === ']') {
      this.i++
      return items
    }
    for (;;) {
      items.push(this.value(depth + 1))
      this.skip()
      const next = this.text[this.i++]
      if (next === ']') return items
      if (next !== ',') this.fail('Expected "," or "]"')
    }
  }

  private string(): string {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(this.i, this.i + 1_000_000))
    if (!match) this.fail('Invalid string')
    const value = JSON.parse(match[0]) as string
    // serde_json refuses an escaped lone surrogate ("\ud800"): the text is not JSON to the broker.
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) this.fail('Lone surrogate in a string')
    this.i += match[0].length
    return value
  }

  private number(): JsonNumber {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i, this.i + 400))
    if (!match || match[0] === '-') this.fail('Invalid number')
    const value = Number(match[0])
    // serde_json refuses a number beyond f64 ("number out of range"): not JSON to the broker.
    if (!Number.isFinite(value)) this.fail('Number out of range')
    this.i += match[0].length
    return { kind: 'number', lexeme: match[0], value }
  }
}

/** Parses any JSON value; numbers come back as JsonNumber. Throws JsonSyntaxError. */
export function parseStrictJson(text: string): JsonValue {
  return new Parser(text).parseTop()
}

/** The top-level object's members in order, with repeated names listed; null if not an object. */
export function parseTopObject(text: string): StrictObject | null {
  return new Parser(text).topObject()
}

/** Plain JS value for display (numbers as numbers). */
export function toPlain(value: JsonValue): unknown {
  if (isJsonNumber(value)) return value.value
  if (Array.isArray(value)) return value.map(toPlain)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]))
  return value
}
