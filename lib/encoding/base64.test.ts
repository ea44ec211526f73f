// base64 and base64url agree with Node's Buffer on every byte string, and refuse what is not canonical.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { base64Decode, base64Encode, base64UrlDecode, base64UrlEncode } from './base64'

describe('against node Buffer', () => {
  it('base64 encode/decode equals Buffer for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64')
        expect(base64Encode(bytes)).toBe(expected)
        expect(Buffer.from(base64Decode(expected)!).equals(Buffer.from(bytes))).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('base64url encode/decode equals Buffer for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64url')
        expect(base64UrlEncode(bytes)).toBe(expected)
        expect(Buffer.from(base64UrlDecode(expected)!).equals(Buffer.from(bytes))).toBe(true)
      }),
      { numRuns: 500 }
    )
  })
})

describe('base64 (PEM bodies) is tolerant of whitespace only', () => {
  it('ignores line breaks, CRLF and spaces as PEM allows', () => {
    expect([...base64Decode('AQID\r\nBA==\n')!]).toEqual([1, 2, 3, 4])
    expect([...base64Decode(' AQ ID BA ')!]).toEqual([1, 2, 3, 4])
  })
  it('accepts missing padding but not wrong padding', () => {
    expect([...base64Decode('AQIDBA')!]).toEqual([1, 2, 3, 4])
    expect(base64Decode('AQIDBA=')).toBeNull()
    expect(base64Decode('AQIDBA===')).toBeNull()
    expect(base64Decode('AQ==ID')).toBeNull()
  })
  it('refuses characters outside the alphabet, base64url characters and a dangling sixth', () => {
    expect(base64Decode('AQ*D')).toBeNull()
    expect(base64Decode('AQ-_')).toBeNull()
    expect(base64Decode('AQIDB')).toBeNull()
    expect(base64Decode('Ä')).toBeNull()
  })
  it('refuses non-canonical encodings (non-zero leftover bits)', () => {
    expect(base64Decode('AR==')).toBeNull() // 'AQ==' is the canonical form of 0x01
  })
})

describe('base64url (JWK members) is strict', () => {
  it('refuses padding, whitespace and the + / alphabet', () => {
    expect(base64UrlDecode('AQAB')).not.toBeNull()
    expect(base64UrlDecode('AQ==')).toBeNull()
    expect(base64UrlDecode('AQ AB')).toBeNull()
    expect(base64UrlDecode('a+b/')).toBeNull()
  })
})
