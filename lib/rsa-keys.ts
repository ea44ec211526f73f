// RSA key structures and conversions: PKCS#1 RSAPublicKey / RSAPrivateKey, SPKI, PKCS#8, the
// public key inside an X.509 certificate, and JWK. Pure byte work, identical to openssl's output.
import { base64UrlDecode, base64UrlEncode } from './base64'
import {
  bitString,
  DerReader,
  derNull,
  encodeOid,
  octetString,
  OID,
  readOid,
  readSmallInteger,
  readUnsignedInteger,
  readWhole,
  sequence,
  TAG,
  unsignedInteger
} from './der'
import { KeyFormatError } from './key-errors'

export interface RsaPublicKey {
  /** Modulus, unsigned big-endian, no leading zero bytes. */
  n: Uint8Array
  /** Public exponent, unsigned big-endian, no leading zero bytes. */
  e: Uint8Array
  modulusBits: number
  exponent: bigint
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: Uint8Array
  p: Uint8Array
  q: Uint8Array
  dp: Uint8Array
  dq: Uint8Array
  qi: Uint8Array
}

function bitLength(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!))
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  return n
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  return bytes.slice(i)
}

export function makePublicKey(n: Uint8Array, e: Uint8Array): RsaPublicKey {
  const nn = stripZeros(n)
  const ee = stripZeros(e)
  return { n: nn, e: ee, modulusBits: bitLength(nn), exponent: toBigInt(ee) }
}

// ---- PKCS#1 RSAPublicKey --------------------------------------------------------------------

export function encodePkcs1PublicKey(key: RsaPublicKey): Uint8Array {
  return sequence(unsignedInteger(key.n), unsignedInteger(key.e))
}

export function decodePkcs1PublicKey(der: Uint8Array): RsaPublicKey {
  const body = new DerReader(readWhole(der, TAG.SEQUENCE, 'RSA public key').value)
  const n = readUnsignedInteger(body, 'modulus')
  const e = readUnsignedInteger(body, 'public exponent')
  body.expectEnd('RSA public key')
  return makePublicKey(n, e)
}

// ---- SPKI (SubjectPublicKeyInfo) --------------------------------------------------------------

const rsaAlgorithm = () => sequence(encodeOid(OID.rsaEncryption), derNull())

/** The algorithm OID of an AlgorithmIdentifier and the reader positioned after it. */
function readAlgorithm(reader: DerReader): string {
  const alg = reader.enter(TAG.SEQUENCE)
  const oid = readOid(alg)
  return oid
}

export function notRsaError(oid: string): KeyFormatError {
  const kind =
    oid === OID.ecPublicKey
      ? 'an elliptic-curve (EC) key'
      : oid === OID.ed25519 || oid === OID.ed448
        ? 'an Ed25519/Ed448 key'
        : oid === OID.dsa
          ? 'a DSA key'
          : `a key of another type (algorithm ${oid})`
  if (oid === OID.rsassaPss)
    return new KeyFormatError(
      'KEY_RSA_PSS',
      'This is an RSA-PSS key; the broker verifies RS256 (RSASSA-PKCS1-v1_5) with a plain RSA key.',
      'Generate a plain RSA key: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem'
    )
  return new KeyFormatError(
    'KEY_NOT_RSA',
    `This is ${kind}. The broker only accepts RSA keys (tokens are signed with RS256).`,
    'Generate a new RSA key pair with the key generator on this page, or: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem'
  )
}

export function pkcs1ToSpki(pkcs1Der: Uint8Array): Uint8Array {
  decodePkcs1PublicKey(pkcs1Der) // validates before wrapping
  return sequence(rsaAlgorithm(), bitString(pkcs1Der))
}

/** The RSAPublicKey bytes inside an SPKI, after checking it is an RSA SPKI. */
export function spkiToPkcs1(spkiDer: Uint8Array): Uint8Array {
  const body = new DerReader(readWhole(spkiDer, TAG.SEQUENCE, 'public key').value)
  const oid = readAlgorithm(body)
  if (oid !== OID.rsaEncryption) throw notRsaError(oid)
  const bits = body.read(TAG.BIT_STRING).value
  body.expectEnd('public key')
  if (bits[0] !== 0) throw new KeyFormatError('DER_BAD_LENGTH', 'The key bit string has unused bits.', 'Export the key again.')
  const pkcs1 = bits.slice(1)
  decodePkcs1PublicKey(pkcs1)
  return pkcs1
}

// ---- PKCS#1 RSAPrivateKey ---------------------------------------------------------------------

export function decodePkcs1PrivateKey(der: Uint8Array): RsaPrivateKey {
  const body = new DerReader(readWhole(der, TAG.SEQUENCE, 'RSA private key').value)
  const version = readSmallInteger(body, 'version')
  if (version !== 0)
    throw new KeyFormatError(
      'KEY_MULTI_PRIME',
      'This is a multi-prime RSA private key, which browsers and the tools here cannot use.',
      'Generate a standard two-prime key: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem'
    )
  const names = ['modulus', 'public exponent', 'private exponent', 'prime 1', 'prime 2', 'exponent 1', 'exponent 2', 'coefficient']
  const [n, e, d, p, q, dp, dq, qi] = names.map((name) => readUnsignedInteger(body, name)) as [
    Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array
  ]
  body.expectEnd('RSA private key')
  return { ...makePublicKey(n, e), d, p, q, dp, dq, qi }
}

export function encodePkcs1PrivateKey(key: RsaPrivateKey): Uint8Array {
  return sequence(
    unsignedInteger(Uint8Array.of(0)),
    ...[key.n, key.e, key.d, key.p, key.q, key.dp, key.dq, key.qi].map(unsignedInteger)
  )
}

export function publicKeyFromPkcs1Private(pkcs1PrivDer: Uint8Array): RsaPublicKey {
  const { n, e } = decodePkcs1PrivateKey(pkcs1PrivDer)
  return makePublicKey(n, e)
}

// ---- PKCS#8 PrivateKeyInfo --------------------------------------------------------------------

export function pkcs8ToPkcs1Private(pkcs8Der: Uint8Array): Uint8Array {
  const body = new DerReader(readWhole(pkcs8Der, TAG.SEQUENCE, 'private key').value)
  const version = readSmallInteger(body, 'version')
  if (version > 1) throw new KeyFormatError('DER_UNEXPECTED_TAG', 'Unknown private key version.', 'Export the key again.')
  const oid = readAlgorithm(body)
  if (oid !== OID.rsaEncryption) throw notRsaError(oid)
  const inner = body.read(TAG.OCTET_STRING).value.slice()
  // Optional attributes [0] and public key [1] (PKCS#8 v2) are allowed and ignored.
  decodePkcs1PrivateKey(inner)
  return inner
}

export function pkcs1PrivateToPkcs8(pkcs1Der: Uint8Array): Uint8Array {
  decodePkcs1PrivateKey(pkcs1Der)
  return sequence(unsignedInteger(Uint8Array.of(0)), rsaAlgorithm(), octetString(pkcs1Der))
}

// ---- X.509 certificate ------------------------------------------------------------------------

/** The SubjectPublicKeyInfo DER inside a certificate (any key type). */
export function spkiFromCertificate(certDer: Uint8Array): Uint8Array {
  const cert = new DerReader(readWhole(certDer, TAG.SEQUENCE, 'certificate').value)
  const tbs = cert.enter(TAG.SEQUENCE)
  if (tbs.peekTag() === TAG.CONTEXT_0) tbs.read(TAG.CONTEXT_0) // version
  tbs.read(TAG.INTEGER) // serial number
  tbs.read(TAG.SEQUENCE) // signature algorithm
  tbs.read(TAG.SEQUENCE) // issuer
  tbs.read(TAG.SEQUENCE) // validity
  tbs.read(TAG.SEQUENCE) // subject
  const spki = tbs.read(TAG.SEQUENCE).raw.slice()
  cert.read(TAG.SEQUENCE) // signature algorithm
  cert.read(TAG.BIT_STRING) // signature
  cert.expectEnd('certificate')
  return spki
}

export function publicKeyFromCertificate(certDer: Uint8Array): RsaPublicKey {
  return decodePkcs1PublicKey(spkiToPkcs1(spkiFromCertificate(certDer)))
}

// ---- JWK ----------------------------------------------------------------------------------------

export interface RsaPublicJwk {
  kty: 'RSA'
  n: string
  e: string
}
export interface RsaPrivateJwk extends RsaPublicJwk {
  d: string
  p: string
  q: string
  dp: string
  dq: string
  qi: string
}

export function publicKeyToJwk(key: RsaPublicKey): RsaPublicJwk {
  return { kty: 'RSA', n: base64UrlEncode(key.n), e: base64UrlEncode(key.e) }
}

export function privateKeyToJwk(key: RsaPrivateKey): RsaPrivateJwk {
  const b = base64UrlEncode
  return { kty: 'RSA', n: b(key.n), e: b(key.e), d: b(key.d), p: b(key.p), q: b(key.q), dp: b(key.dp), dq: b(key.dq), qi: b(key.qi) }
}

function jwkField(jwk: Record<string, unknown>, name: string): Uint8Array {
  const value = jwk[name]
  const bytes = typeof value === 'string' ? base64UrlDecode(value) : null
  if (!bytes || bytes.length === 0)
    throw new KeyFormatError(
      'JWK_INVALID',
      `The JWK's "${name}" member is missing or not base64url.`,
      'Export the JWK again with all members; RSA JWKs need "n" and "e" (and d, p, q, dp, dq, qi for a private key).'
    )
  return bytes
}

function asJwkObject(jwk: unknown): Record<string, unknown> {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk))
    throw new KeyFormatError('JWK_INVALID', 'The JSON is not a JWK object.', 'Paste a JSON Web Key: an object with "kty": "RSA", "n" and "e".')
  const obj = jwk as Record<string, unknown>
  if (obj.kty !== 'RSA') {
    if (obj.kty === 'EC' || obj.kty === 'OKP')
      throw notRsaError(obj.kty === 'EC' ? OID.ecPublicKey : OID.ed25519)
    throw new KeyFormatError('JWK_INVALID', 'The JSON has no "kty": "RSA" member, so it is not an RSA JWK.', 'Paste an RSA JSON Web Key.')
  }
  return obj
}

export function jwkToPublicKey(jwk: unknown): RsaPublicKey {
  const obj = asJwkObject(jwk)
  return makePublicKey(jwkField(obj, 'n'), jwkField(obj, 'e'))
}

export function isPrivateJwk(jwk: unknown): boolean {
  return !!jwk && typeof jwk === 'object' && 'd' in (jwk as object)
}

export function jwkToPrivateKey(jwk: unknown): RsaPrivateKey {
  const obj = asJwkObject(jwk)
  const f = (name: string) => stripZeros(jwkField(obj, name))
  return { ...makePublicKey(f('n'), f('e')), d: f('d'), p: f('p'), q: f('q'), dp: f('dp'), dq: f('dq'), qi: f('qi') }
}

// ---- Comparison -----------------------------------------------------------------------------

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

export function publicKeysEqual(a: RsaPublicKey, b: RsaPublicKey): boolean {
  return sameBytes(a.n, b.n) && sameBytes(a.e, b.e)
}
