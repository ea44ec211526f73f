// A small, bounds-checked DER reader and writer: every tag and length is checked against the
// bytes that are left, and only definite, minimal encodings are accepted (DER, not BER).
import { derError } from './key-errors'

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONTEXT_0: 0xa0,
  CONTEXT_1: 0xa1,
  /** [1] IMPLICIT, primitive: the public key of a PKCS#8 v2 (OneAsymmetricKey). */
  IMPLICIT_1: 0x81,
  CONTEXT_3: 0xa3
} as const

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  dsa: '1.2.840.10040.4.1',
  pbes2: '1.2.840.113549.1.5.13'
} as const

export interface Tlv {
  tag: number
  /** The content octets (a view into the input, not a copy). */
  value: Uint8Array
  /** The whole element, header included. */
  raw: Uint8Array
}

const TAG_NAMES: Record<number, string> = {
  0x02: 'INTEGER',
  0x03: 'BIT STRING',
  0x04: 'OCTET STRING',
  0x05: 'NULL',
  0x06: 'OBJECT IDENTIFIER',
  0x30: 'SEQUENCE'
}
const tagName = (tag: number) => TAG_NAMES[tag] ?? `tag 0x${tag.toString(16).padStart(2, '0')}`

/** Reads consecutive DER elements from a byte range. */
export class DerReader {
  private offset: number

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length
  ) {
    this.offset = start
  }

  get atEnd(): boolean {
    return this.offset >= this.end
  }

  peekTag(): number | undefined {
    return this.atEnd ? undefined : this.bytes[this.offset]
  }

  read(expectedTag?: number): Tlv {
    const start = this.offset
    if (this.end - start < 2) throw derError('DER_TRUNCATED', 'The DER data ends in the middle of an element.')
    const tag = this.bytes[start]!
    if ((tag & 0x1f) === 0x1f) throw derError('DER_UNEXPECTED_TAG', 'The DER data uses a multi-byte tag, which no key format has.')
    if (expectedTag !== undefined && tag !== expectedTag)
      throw derError('DER_UNEXPECTED_TAG', `Expected a ${tagName(expectedTag)} but found a ${tagName(tag)}.`)
    let cursor = start + 1
    const first = this.bytes[cursor++]!
    let length: number
    if (first < 0x80) {
      length = first
    } else if (first === 0x80) {
      throw derError('DER_INDEFINITE_LENGTH', 'The data uses an indefinite length (BER), which DER does not allow.')
    } else {
      const count = first & 0x7f
      if (count > 4) throw derError('DER_BAD_LENGTH', 'An element claims a length of more than 4 GB.')
      if (this.end - cursor < count) throw derError('DER_TRUNCATED', 'The DER data ends inside a length field.')
      length = 0
      for (let i = 0; i < count; i++) length = length * 256 + this.bytes[cursor++]!
      // DER: the shortest form, so long form only from 128 on and without leading zero bytes.
      if (length < 0x80 || this.bytes[cursor - count] === 0)
        throw derError('DER_BAD_LENGTH', 'A length is not in its shortest form (not DER).')
    }
    if (length > this.end - cursor)
      throw derError('DER_TRUNCATED', `An element claims ${length} bytes but only ${this.end - cursor} are left.`)
    this.offset = cursor + length
    return { tag, value: this.bytes.subarray(cursor, cursor + length), raw: this.bytes.subarray(start, cursor + length) }
  }

  /** Reads a constructed element and returns a reader over its contents. */
  enter(expectedTag: number): DerReader {
    const { value } = this.read(expectedTag)
    return new DerReader(value)
  }

  expectEnd(what: string): void {
    if (!this.atEnd) throw derError('DER_TRAILING_BYTES', `Unexpected extra data after the ${what}.`)
  }
}

/** Parses one element that must span the whole input. */
export function readWhole(bytes: Uint8Array, expectedTag: number, what: string): Tlv {
  const reader = new DerReader(bytes)
  const tlv = reader.read(expectedTag)
  reader.expectEnd(what)
  return tlv
}

/** An INTEGER's value as unsigned big-endian bytes; rejects negative and non-minimal encodings. */
export function readUnsignedInteger(reader: DerReader, what: string): Uint8Array {
  const { value } = reader.read(TAG.INTEGER)
  if (value.length === 0) throw derError('DER_BAD_INTEGER', `The ${what} is an empty INTEGER.`)
  if (value[0]! & 0x80) throw derError('DER_BAD_INTEGER', `The ${what} is negative.`)
  if (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80))
    throw derError('DER_BAD_INTEGER', `The ${what} has a superfluous leading zero byte (not DER).`)
  return value[0] === 0 && value.length > 1 ? value.subarray(1) : value
}

export function readSmallInteger(reader: DerReader, what: string): number {
  const bytes = readUnsignedInteger(reader, what)
  if (bytes.length > 4) throw derError('DER_BAD_INTEGER', `The ${what} is unexpectedly large.`)
  return bytes.reduce((n, b) => n * 256 + b, 0)
}

/** The content of a BIT STRING that holds whole bytes (as every key does): no unused bits. */
export function readByteBitString(reader: DerReader, what: string): Uint8Array {
  const { value } = reader.read(TAG.BIT_STRING)
  if (value.length === 0 || value[0] !== 0)
    throw derError('DER_BAD_BIT_STRING', `The ${what} bit string is empty or has unused bits, which no key has.`)
  return value.subarray(1)
}

export function decodeOid(value: Uint8Array): string {
  if (value.length === 0 || value[value.length - 1]! & 0x80) throw derError('DER_BAD_OID', 'An object identifier is malformed.')
  const parts: number[] = []
  let n = 0
  for (let i = 0; i < value.length; i++) {
    if (n === 0 && value[i] === 0x80) throw derError('DER_BAD_OID', 'An object identifier is not minimally encoded.')
    n = n * 128 + (value[i]! & 0x7f)
    if (n > Number.MAX_SAFE_INTEGER / 128) throw derError('DER_BAD_OID', 'An object identifier component is too large.')
    if (!(value[i]! & 0x80)) {
      parts.push(n)
      n = 0
    }
  }
  const first = parts.shift()!
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80]
  return [...head, ...parts].join('.')
}

export function readOid(reader: DerReader): string {
  return decodeOid(reader.read(TAG.OID).value)
}

// ---- Writer -------------------------------------------------------------------------------

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length)
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff)
  return Uint8Array.of(0x80 | bytes.length, ...bytes)
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concat(...contents)
  return concat(Uint8Array.of(tag), encodeLength(body.length), body)
}

/** An INTEGER from unsigned big-endian bytes, minimally encoded. */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  const body = trimmed.length === 0 ? Uint8Array.of(0) : trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed
  return tlv(TAG.INTEGER, body)
}

export function encodeOid(oid: string): Uint8Array {
  const [a, b, ...rest] = oid.split('.').map(Number)
  const body: number[] = []
  for (const n of [a! * 40 + b!, ...rest]) {
    const chunk = [n & 0x7f]
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80)
    body.push(...chunk)
  }
  return tlv(TAG.OID, Uint8Array.from(body))
}

export const derNull = () => tlv(TAG.NULL)
export const sequence = (...items: Uint8Array[]) => tlv(TAG.SEQUENCE, ...items)
export const octetString = (bytes: Uint8Array) => tlv(TAG.OCTET_STRING, bytes)
export const bitString = (bytes: Uint8Array) => tlv(TAG.BIT_STRING, Uint8Array.of(0), bytes)
