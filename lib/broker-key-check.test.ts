// The broker takes only a PKCS#1 DER RSA public key of 2048–8192 bits with an odd exponent
// 3 ≤ e < 2^33; every other file gets its own code, sentence and fix.
import { describe, expect, it } from 'vitest'
import { keyVector } from '../tests/support/vectors'
import { checkBrokerKeyFile, checkKeyStrength } from './broker-key-check'
import { makePublicKey } from './rsa-keys'

describe('checkBrokerKeyFile', () => {
  it('accepts PKCS#1 DER of 2048, 3072 and 4096 bits and exponent 3', () => {
    for (const name of ['rsa2048', 'rsa3072', 'rsa4096', 'rsa2048-e3']) {
      expect(checkBrokerKeyFile(keyVector(`${name}.pkcs1-public.der`))).toMatchObject({ ok: true })
    }
  })

  const refusals: [string, string, string][] = [
    ['SPKI DER is refused with KEY_SPKI_NOT_PKCS1', 'rsa2048.spki.der', 'KEY_SPKI_NOT_PKCS1'],
    ['SPKI PEM is refused with KEY_PEM_NOT_DER', 'rsa2048.spki.pem', 'KEY_PEM_NOT_DER'],
    ['PKCS#1 PEM is refused with KEY_PEM_NOT_DER', 'rsa2048.pkcs1-public.pem', 'KEY_PEM_NOT_DER'],
    ['a private key is refused with KEY_IS_PRIVATE', 'rsa2048.pkcs1.pem', 'KEY_IS_PRIVATE'],
    ['a private key in DER is refused with KEY_IS_PRIVATE', 'rsa2048.pkcs8.der', 'KEY_IS_PRIVATE'],
    ['a certificate is refused with KEY_IS_CERTIFICATE', 'rsa2048.cert.der', 'KEY_IS_CERTIFICATE'],
    ['a 1024-bit key is refused with KEY_TOO_SMALL', 'rsa1024.pkcs1-public.der', 'KEY_TOO_SMALL'],
    ['an EC key is refused with KEY_NOT_RSA', 'ec-p256.spki.pem', 'KEY_NOT_RSA']
  ]
  for (const [name, file, code] of refusals) {
    it(name, () => {
      const check = checkBrokerKeyFile(keyVector(file))
      expect(check).toMatchObject({ ok: false, code })
      if (!check.ok) expect(check.fix.length).toBeGreaterThan(10)
    })
  }

  it('offers the key inside a wrong-format file so a UI can write the fixed one', () => {
    const check = checkBrokerKeyFile(keyVector('rsa2048.spki.der'))
    expect(!check.ok && check.publicKey?.modulusBits).toBe(2048)
  })

  it('refuses an empty file with KEY_EMPTY', () => {
    expect(checkBrokerKeyFile(new Uint8Array())).toMatchObject({ ok: false, code: 'KEY_EMPTY' })
  })
})

describe('checkKeyStrength (ring RSA_PKCS1_2048_8192 rules)', () => {
  const n = (bits: number) => {
    const bytes = new Uint8Array(Math.ceil(bits / 8)).fill(0xff)
    if (bits % 8) bytes[0] = (1 << bits % 8) - 1
    return bytes
  }
  const e = (value: bigint) => {
    const hex = value.toString(16)
    return Uint8Array.from(Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex'))
  }
  const strength = (bits: number, exponent: bigint) => checkKeyStrength(makePublicKey(n(bits), e(exponent)))

  it('accepts the bounds 2048 and 8192 bits', () => {
    expect(strength(2048, 65537n).ok).toBe(true)
    expect(strength(8192, 65537n).ok).toBe(true)
  })
  it('refuses 2047 and 8193 bits', () => {
    expect(strength(2047, 65537n)).toMatchObject({ code: 'KEY_TOO_SMALL' })
    expect(strength(8193, 65537n)).toMatchObject({ code: 'KEY_TOO_LARGE' })
  })
  it('refuses exponents 1, even, and 2^33; accepts 3 and 2^33 - 1', () => {
    expect(strength(2048, 1n)).toMatchObject({ code: 'KEY_BAD_EXPONENT' })
    expect(strength(2048, 65536n)).toMatchObject({ code: 'KEY_BAD_EXPONENT' })
    expect(strength(2048, 2n ** 33n + 1n)).toMatchObject({ code: 'KEY_BAD_EXPONENT' })
    expect(strength(2048, 3n).ok).toBe(true)
    expect(strength(2048, 2n ** 33n - 1n).ok).toBe(true)
  })
})
