// The DER reader rejects every malformed encoding with a specific code, and writes minimal DER.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { keyVector } from '../../tests/support/vectors'
import { decodeOid, DerReader, encodeOid, octetString, OID, readByteBitString, readUnsignedInteger, sequence, TAG, tlv, unsignedInteger } from './der'
import { decodePkcs1PublicKey } from './rsa-keys'
import { keyErrorCode } from '../../tests/support/key-error-code'

const valid = keyVector('rsa2048.pkcs1-public.der')

describe('malformed DER corpus', () => {
  const corpus: [string, Uint8Array, string][] = [
    ['empty input', new Uint8Array(), 'DER_TRUNCATED'],
    ['a lone tag', Uint8Array.of(0x30), 'DER_TRUNCATED'],
    ['truncated key (last byte cut)', valid.slice(0, -1), 'DER_TRUNCATED'],
    ['truncated key (half)', valid.slice(0, valid.length / 2), 'DER_TRUNCATED'],
    ['length past the end', Uint8Array.of(0x30, 0x05, 0x02, 0x01, 0x01), 'DER_TRUNCATED'],
    ['indefinite length (BER)', Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00), 'DER_INDEFINITE_LENGTH'],
    ['long-form length for a short value', Uint8Array.of(0x30, 0x81, 0x03, 0x02, 0x01, 0x01), 'DER_BAD_LENGTH'],
    ['length with a leading zero byte', Uint8Array.of(0x30, 0x82, 0x00, 0x83, ...new Uint8Array(0x83)), 'DER_BAD_LENGTH'],
    ['a 5-byte length field', Uint8Array.of(0x30, 0x85, 1, 0, 0, 0, 0), 'DER_BAD_LENGTH'],
    ['wrong outer tag (SET)', Uint8Array.of(0x31, ...valid.slice(1)), 'DER_UNEXPECTED_TAG'],
    ['multi-byte tag', Uint8Array.of(0x1f, 0x81, 0x01, 0x00), 'DER_UNEXPECTED_TAG'],
    ['trailing bytes', Uint8Array.of(...valid, 0x00), 'DER_TRAILING_BYTES'],
    ['integer with a superfluous leading zero', Uint8Array.of(0x30, 0x08, 0x02, 0x02, 0x00, 0x01, 0x02, 0x02, 0x01, 0x03), 'DER_BAD_INTEGER'],
    ['negative modulus', Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x03), 'DER_BAD_INTEGER'],
    ['empty integer', Uint8Array.of(0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x03), 'DER_BAD_INTEGER']
  ]
  for (const [name, bytes, code] of corpus) {
    it(`${name} → ${code}`, () => expect(keyErrorCode(() => decodePkcs1PublicKey(bytes))).toBe(code))
  }
})

describe('malformed pieces below the key level', () => {
  it('a BIT STRING with unused bits → DER_BAD_BIT_STRING', () => {
    expect(keyErrorCode(() => readByteBitString(new DerReader(Uint8Array.of(0x03, 0x02, 0x01, 0xfe)), 'key'))).toBe('DER_BAD_BIT_STRING')
    expect(keyErrorCode(() => readByteBitString(new DerReader(Uint8Array.of(0x03, 0x00)), 'key'))).toBe('DER_BAD_BIT_STRING')
  })
  it('malformed OIDs → DER_BAD_OID', () => {
    expect(keyErrorCode(() => decodeOid(new Uint8Array()))).toBe('DER_BAD_OID')
    expect(keyErrorCode(() => decodeOid(Uint8Array.of(0x2a, 0x86)))).toBe('DER_BAD_OID') // last byte continues
    expect(keyErrorCode(() => decodeOid(Uint8Array.of(0x2a, 0x80, 0x01)))).toBe('DER_BAD_OID') // padded component
    expect(keyErrorCode(() => decodeOid(Uint8Array.of(0x2a, ...new Array(12).fill(0xff), 0x7f)))).toBe('DER_BAD_OID') // > 2^53
  })
  it('reading past the end of an inner element is DER_TRUNCATED, not a read of the next one', () => {
    const reader = new DerReader(sequence(unsignedInteger(Uint8Array.of(1))))
    const inner = reader.enter(TAG.SEQUENCE)
    inner.read(TAG.INTEGER)
    expect(keyErrorCode(() => inner.read())).toBe('DER_TRUNCATED')
  })
})

describe('DER writer', () => {
  it('writes short and long-form lengths that openssl asn1parse reads back', () => {
    for (const size of [0, 127, 128, 255, 256, 65535, 65536]) {
      const der = octetString(new Uint8Array(size).fill(0x41))
      const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: der }).toString()
      expect(parsed).toMatch(new RegExp(`l=\\s*${size} prim: OCTET STRING`))
      const read = new DerReader(der).read(TAG.OCTET_STRING)
      expect(read.value.length).toBe(size)
    }
    expect([...tlv(TAG.OCTET_STRING, new Uint8Array(200)).subarray(0, 3)]).toEqual([0x04, 0x81, 200])
  })

  it('writes minimal INTEGERs: sign byte only when the high bit is set', () => {
    expect([...unsignedInteger(Uint8Array.of(0x7f))]).toEqual([0x02, 0x01, 0x7f])
    expect([...unsignedInteger(Uint8Array.of(0x80))]).toEqual([0x02, 0x02, 0x00, 0x80])
    expect([...unsignedInteger(Uint8Array.of(0x00, 0x00, 0x05))]).toEqual([0x02, 0x01, 0x05])
  })

  it('round-trips OIDs, matching the rsaEncryption bytes openssl writes', () => {
    expect(Buffer.from(encodeOid(OID.rsaEncryption)).toString('hex')).toBe('06092a864886f70d010101')
    for (const oid of Object.values(OID)) expect(decodeOid(encodeOid(oid).subarray(2))).toBe(oid)
  })

  it('reads back the integers it writes', () => {
    const reader = new DerReader(unsignedInteger(Uint8Array.of(0xff, 0x01)))
    expect([...readUnsignedInteger(reader, 'x')]).toEqual([0xff, 0x01])
    expect(reader.atEnd).toBe(true)
    expect(TAG.INTEGER).toBe(2)
  })
})
