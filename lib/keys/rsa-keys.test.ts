// Every conversion equals openssl's bytes exactly, for 2048/3072/4096-bit keys and exponent 3.
import { execFileSync } from 'node:child_process'
import { createPublicKey, createPrivateKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText, RSA_VECTORS } from '../../tests/support/vectors'
import { octetString, sequence, unsignedInteger } from './der'
import { pemEncode } from './pem'
import { keyErrorCode } from '../../tests/support/key-error-code'
import {
  decodePkcs1PrivateKey,
  decodePkcs1PublicKey,
  encodePkcs1PrivateKey,
  encodePkcs1PublicKey,
  jwkToPrivateKey,
  jwkToPublicKey,
  pkcs1PrivateToJwk,
  privateJwkToPkcs1,
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

  it('private JWK ⇄ PKCS#1 private: node:crypto JWK in gives openssl DER out, and back', () => {
    const nodePrivate = createPrivateKey({ key: Buffer.from(keyVector(`${name}.pkcs8.der`)), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' })
    expect(bytes(privateJwkToPkcs1(nodePrivate))).toBe(bytes(keyVector(`${name}.pkcs1.der`)))
    expect(pkcs1PrivateToJwk(keyVector(`${name}.pkcs1.der`))).toEqual(nodePrivate)
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

/** Re-encodes an openssl private key with one number replaced: still valid DER, no longer a key. */
function tamperedPrivateKey(field: 'p' | 'dp' | 'qi'): Uint8Array {
  const key = decodePkcs1PrivateKey(keyVector('rsa2048.pkcs1.der'))
  const changed = Uint8Array.from(key[field])
  changed[changed.length - 1]! ^= 0x02
  return encodePkcs1PrivateKey({ ...key, [field]: changed })
}

describe('refusals with a specific code', () => {
  it('a private key with an altered prime, CRT exponent or coefficient → KEY_PRIVATE_INCONSISTENT', () => {
    for (const field of ['p', 'dp', 'qi'] as const) {
      const der = tamperedPrivateKey(field)
      expect(keyErrorCode(() => decodePkcs1PrivateKey(der))).toBe('KEY_PRIVATE_INCONSISTENT')
    }
    // The same damage is caught by openssl's own consistency check, so the refusal is not over-strict.
    const checked = execFileSync('openssl', ['rsa', '-inform', 'DER', '-check', '-noout'], { input: tamperedPrivateKey('p'), stdio: ['pipe', 'pipe', 'pipe'] }).toString()
    expect(checked).not.toContain('RSA key ok')
  })

  it('a PKCS#8 wrapping that damaged key → KEY_PRIVATE_INCONSISTENT', () => {
    const pkcs8 = Uint8Array.from(keyVector('rsa2048.pkcs8.der'))
    const inner = tamperedPrivateKey('p')
    const rewrapped = sequence(unsignedInteger(Uint8Array.of(0)), pkcs8.subarray(7, 22), octetString(inner))
    expect(keyErrorCode(() => pkcs8ToPkcs1Private(rewrapped))).toBe('KEY_PRIVATE_INCONSISTENT')
  })

  it('a PKCS#8 key with junk after the key → DER_TRAILING_BYTES', () => {
    const pkcs8 = keyVector('rsa2048.pkcs8.der')
    const body = pkcs8.subarray(4) // after 30 82 xx xx
    const junk = sequence(body, unsignedInteger(Uint8Array.of(5)))
    expect(keyErrorCode(() => pkcs8ToPkcs1Private(junk))).toBe('DER_TRAILING_BYTES')
  })

  it('an exponent as large as the modulus → KEY_BAD_EXPONENT, and a megabyte exponent is refused at once', () => {
    const n = new Uint8Array(256).fill(0xab)
    expect(keyErrorCode(() => decodePkcs1PublicKey(sequence(unsignedInteger(n), unsignedInteger(n))))).toBe('KEY_BAD_EXPONENT')
    const started = performance.now()
    expect(keyErrorCode(() => decodePkcs1PublicKey(sequence(unsignedInteger(n), unsignedInteger(new Uint8Array(900_000).fill(0x7f)))))).toBe('KEY_BAD_EXPONENT')
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('a modulus above 16384 bits → KEY_TOO_LARGE (openssl refuses those too)', () => {
    const n = new Uint8Array(2049).fill(0xab)
    expect(keyErrorCode(() => decodePkcs1PublicKey(sequence(unsignedInteger(n), unsignedInteger(Uint8Array.of(1, 0, 1)))))).toBe('KEY_TOO_LARGE')
  })

  it('an RSA-PSS key → KEY_RSA_PSS; an EC or Ed25519 SPKI → KEY_NOT_RSA with the algorithm named', () => {
    const der = (name: string) => Uint8Array.from(createPublicKey(keyVectorText(name)).export({ format: 'der', type: 'spki' }))
    expect(keyErrorCode(() => spkiToPkcs1(der('rsa-pss2048.spki.pem')))).toBe('KEY_RSA_PSS')
    let error: unknown
    try {
      spkiToPkcs1(der('ec-p256.spki.pem'))
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'KEY_NOT_RSA', keyAlgorithm: 'ec' })
    expect(keyErrorCode(() => spkiToPkcs1(der('ed25519.spki.pem')))).toBe('KEY_NOT_RSA')
  })

  it('a certificate for an EC key → KEY_NOT_RSA', () => {
    const certDer = Uint8Array.from(Buffer.from(keyVectorText('ec-p256.cert.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64'))
    expect(keyErrorCode(() => publicKeyFromCertificate(certDer))).toBe('KEY_NOT_RSA')
  })

  it('JWKs: EC → KEY_NOT_RSA, multi-prime → KEY_MULTI_PRIME, missing CRT members → JWK_INVALID', () => {
    const ec = createPublicKey(keyVectorText('ec-p256.spki.pem')).export({ format: 'jwk' })
    expect(keyErrorCode(() => jwkToPublicKey(ec))).toBe('KEY_NOT_RSA')
    const priv = pkcs1PrivateToJwk(keyVector('rsa2048.pkcs1.der'))
    expect(keyErrorCode(() => jwkToPrivateKey({ ...priv, oth: [] }))).toBe('KEY_MULTI_PRIME')
    const { p: _p, q: _q, ...withoutPrimes } = priv
    expect(keyErrorCode(() => jwkToPrivateKey(withoutPrimes))).toBe('JWK_INVALID')
    expect(keyErrorCode(() => jwkToPublicKey({ kty: 'RSA', n: priv.n, e: 'AQAB=' }))).toBe('JWK_INVALID')
  })
})
