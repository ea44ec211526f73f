// Every conversion equals openssl's bytes exactly, for 2048/3072/4096-bit keys and exponent 3.
import { createPublicKey, createPrivateKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText, RSA_VECTORS } from '../tests/support/vectors'
import { pemEncode } from './pem'
import {
  decodePkcs1PrivateKey,
  decodePkcs1PublicKey,
  encodePkcs1PrivateKey,
  encodePkcs1PublicKey,
  jwkToPrivateKey,
  jwkToPublicKey,
  pkcs1PrivateToPkcs8,
  pkcs1ToSpki,
  pkcs8ToPkcs1Private,
  privateKeyToJwk,
  publicKeyFromCertificate,
  publicKeyFromPkcs1Private,
  publicKeysEqual,
  publicKeyToJwk,
  spkiToPkcs1
} from './rsa-keys'

const bytes = (a: Uint8Array) => Buffer.from(a).toString('hex')

describe.each(RSA_VECTORS)('%s (openssl vectors)', (name) => {
  it('SPKI DER → PKCS#1 DER equals `openssl rsa -pubin -RSAPublicKey_out -outform DER`', () => {
    expect(bytes(spkiToPkcs1(keyVector(`${name}.spki.der`)))).toBe(bytes(keyVector(`${name}.pkcs1-public.der`)))
  })

  it('PKCS#1 DER → SPKI DER equals `openssl rsa -pubout -outform DER`', () => {
    expect(bytes(pkcs1ToSpki(keyVector(`${name}.pkcs1-public.der`)))).toBe(bytes(keyVector(`${name}.spki.der`)))
  })

  it('PKCS#8 → PKCS#1 private equals `openssl rsa -traditional -outform DER`', () => {
    expect(bytes(pkcs8ToPkcs1Private(keyVector(`${name}.pkcs8.der`)))).toBe(bytes(keyVector(`${name}.pkcs1.der`)))
  })

  it('PKCS#1 → PKCS#8 private equals `openssl pkcs8 -topk8 -nocrypt -outform DER`', () => {
    expect(bytes(pkcs1PrivateToPkcs8(keyVector(`${name}.pkcs1.der`)))).toBe(bytes(keyVector(`${name}.pkcs8.der`)))
  })

  it('PEM armour equals openssl PEM text', () => {
    expect(pemEncode('RSA PRIVATE KEY', keyVector(`${name}.pkcs1.der`))).toBe(keyVectorText(`${name}.pkcs1.pem`))
    expect(pemEncode('PUBLIC KEY', keyVector(`${name}.spki.der`))).toBe(keyVectorText(`${name}.spki.pem`))
    expect(pemEncode('RSA PUBLIC KEY', keyVector(`${name}.pkcs1-public.der`))).toBe(keyVectorText(`${name}.pkcs1-public.pem`))
  })

  it('public key from the private key re-encodes to openssl’s PKCS#1 public DER', () => {
    expect(bytes(encodePkcs1PublicKey(publicKeyFromPkcs1Private(keyVector(`${name}.pkcs1.der`))))).toBe(
      bytes(keyVector(`${name}.pkcs1-public.der`))
    )
  })

  it('private key decodes and re-encodes byte for byte', () => {
    const der = keyVector(`${name}.pkcs1.der`)
    expect(bytes(encodePkcs1PrivateKey(decodePkcs1PrivateKey(der)))).toBe(bytes(der))
  })

  it('JWK export matches node:crypto, and JWK import round-trips', () => {
    const nodeJwk = createPublicKey({ key: Buffer.from(keyVector(`${name}.spki.der`)), format: 'der', type: 'spki' }).export({ format: 'jwk' })
    const key = decodePkcs1PublicKey(keyVector(`${name}.pkcs1-public.der`))
    expect(publicKeyToJwk(key)).toEqual({ kty: 'RSA', n: nodeJwk.n, e: nodeJwk.e })
    expect(publicKeysEqual(jwkToPublicKey(nodeJwk), key)).toBe(true)

    const nodePrivate = createPrivateKey({ key: Buffer.from(keyVector(`${name}.pkcs8.der`)), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' })
    const priv = decodePkcs1PrivateKey(keyVector(`${name}.pkcs1.der`))
    expect(privateKeyToJwk(priv)).toEqual(nodePrivate)
    expect(bytes(encodePkcs1PrivateKey(jwkToPrivateKey(nodePrivate)))).toBe(bytes(keyVector(`${name}.pkcs1.der`)))
  })
})

describe('key facts', () => {
  it('reads modulus size and exponent like openssl', () => {
    expect(decodePkcs1PublicKey(keyVector('rsa3072.pkcs1-public.der')).modulusBits).toBe(3072)
    expect(decodePkcs1PublicKey(keyVector('rsa2048-e3.pkcs1-public.der')).exponent).toBe(3n)
    expect(decodePkcs1PublicKey(keyVector('rsa4096.pkcs1-public.der')).exponent).toBe(65537n)
  })

  it('extracts the public key of an X.509 certificate (openssl req -x509)', () => {
    const fromCert = publicKeyFromCertificate(keyVector('rsa2048.cert.der'))
    expect(bytes(encodePkcs1PublicKey(fromCert))).toBe(bytes(keyVector('rsa2048.pkcs1-public.der')))
  })

  it('tells different keys apart', () => {
    const a = decodePkcs1PublicKey(keyVector('rsa2048.pkcs1-public.der'))
    const b = decodePkcs1PublicKey(keyVector('rsa2048-e3.pkcs1-public.der'))
    expect(publicKeysEqual(a, b)).toBe(false)
  })

  it('refuses trailing bytes after a PKCS#1 public key', () => {
    const der = keyVector('rsa2048.pkcs1-public.der')
    expect(() => decodePkcs1PublicKey(new Uint8Array([...der, 0]))).toThrow(expect.objectContaining({ code: 'DER_TRAILING_BYTES' }))
  })
})
