// RSA key structures and conversions: PKCS#1 RSAPublicKey / RSAPrivateKey, SPKI, PKCS#8, the
// public key inside an X.509 certificate, and JWK. Pure byte work, identical to openssl's output.
import { base64UrlDecode, base64UrlEncode } from '../encoding'
import {
  bitString,
  DerReader,
  derNull,
  encodeOid,
  octetString,
  OID,
  readByteBitString,
  readOid,
  readSmallInteger,
  readUnsignedInteger,
  readWhole,
  sequence,
  TAG,
  unsignedInteger
} from './der'
import { KeyFormatError, type KeyAlgorithm } from './key-errors'

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

/** openssl's and WebCrypto's ceiling; larger "keys" are refused before any arithmetic. */
export const MAX_RSA_MODULUS_BITS = 16384

function bitLength(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!))
}

function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16)
  return hex
}

/** Big-endian unsigned bytes as a bigint (hex parsing: linear, unlike shifting byte by byte). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes))
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  return bytes.slice(i)
}

/** Builds the key record without judging it (the broker rules live in broker-key-check). */
export function makePublicKey(n: Uint8Array, e: Uint8Array): RsaPublicKey {
  const nn = stripZeros(n)
  const ee = stripZeros(e)
  return { n: nn, e: ee, modulusBits: bitLength(nn), exponent: bytesToBigInt(ee) }
}

/**
 * A key read from outside: refuses numbers no RSA tool could use, so that nothing downstream
 * (bigint arithmetic, WebCrypto) ever sees a megabyte-sized "modulus" or exponent.
 */
export function publicKeyFromNumbers(n: Uint8Array, e: Uint8Array): RsaPublicKey {
  const nn = stripZeros(n)
  const ee = stripZeros(e)
  if (bitLength(nn) > MAX_RSA_MODULUS_BITS)
    throw new KeyFormatError(
      'KEY_TOO_LARGE',
      `The modulus has ${bitLength(nn)} bits; no RSA tool accepts more than ${MAX_RSA_MODULUS_BITS} (the broker takes at most 8192).`,
      NEW_RSA_KEY_FIX,
      { command: NEW_RSA_KEY_COMMAND }
    )
  if (ee.length > nn.length || (ee.length === nn.length && compareBytes(ee, nn) >= 0))
    throw new KeyFormatError(
      'KEY_BAD_EXPONENT',
      'The public exponent is not smaller than the modulus, so this is not a valid RSA key.',
      NEW_RSA_KEY_FIX,
      { command: NEW_RSA_KEY_COMMAND }
    )
  return makePublicKey(nn, ee)
}

export function describeKey(key: RsaPublicKey): string {
  return `RSA ${key.modulusBits} bits, public exponent ${key.exponent.toString()}`
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

export const NEW_RSA_KEY_COMMAND = 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem'
const NEW_RSA_KEY_FIX = `Use the listener\u2019s private key as Voke\u2019s listener operator gave it (ask them for a fresh copy). On a local broker, make a new RSA key pair with the key generator (Keys page), or: ${NEW_RSA_KEY_COMMAND}`

// ---- PKCS#1 RSAPublicKey --------------------------------------------------------------------

export function encodePkcs1PublicKey(key: RsaPublicKey): Uint8Array {
  return sequence(unsignedInteger(key.n), unsignedInteger(key.e))
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, nothing before or after. */
export function decodePkcs1PublicKey(der: Uint8Array): RsaPublicKey {
  const body = new DerReader(readWhole(der, TAG.SEQUENCE, 'RSA public key').value)
  const n = readUnsignedInteger(body, 'modulus')
  const e = readUnsignedInteger(body, 'public exponent')
  body.expectEnd('RSA public key')
  return publicKeyFromNumbers(n, e)
}

// ---- SPKI (SubjectPublicKeyInfo) --------------------------------------------------------------

const rsaAlgorithm = () => sequence(encodeOid(OID.rsaEncryption), derNull())

/** The algorithm OID of an AlgorithmIdentifier; its parameters are not needed here. */
function readAlgorithm(reader: DerReader): string {
  const alg = reader.enter(TAG.SEQUENCE)
  return readOid(alg)
}

export function keyAlgorithmOf(oid: string): KeyAlgorithm {
  const byOid: Record<string, KeyAlgorithm> = {
    [OID.rsaEncryption]: 'rsa',
    [OID.rsassaPss]: 'rsa-pss',
    [OID.ecPublicKey]: 'ec',
    [OID.ed25519]: 'ed25519',
    [OID.ed448]: 'ed448',
    [OID.x25519]: 'x25519',
    [OID.x448]: 'x448',
    [OID.dsa]: 'dsa'
  }
  return byOid[oid] ?? 'other'
}

const ALGORITHM_NAMES: Record<KeyAlgorithm, string> = {
  rsa: 'an RSA key',
  'rsa-pss': 'an RSA-PSS key',
  ec: 'an elliptic-curve (EC) key',
  ed25519: 'an Ed25519 key',
  ed448: 'an Ed448 key',
  x25519: 'an X25519 key (for key agreement, not signatures)',
  x448: 'an X448 key (for key agreement, not signatures)',
  dsa: 'a DSA key',
  other: 'a key of a type the broker does not know'
}

/** The refusal for any non-RSA key: the broker only verifies RS256, so a new RSA key is the fix. */
export function notRsaError(algorithm: KeyAlgorithm): KeyFormatError {
  if (algorithm === 'rsa-pss')
    return new KeyFormatError(
      'KEY_RSA_PSS',
      'This is an RSA-PSS key: an RSA key whose algorithm (id-RSASSA-PSS) restricts it to PSS signatures (PS256). The broker verifies RS256, RSASSA-PKCS1-v1_5 with SHA-256, and RS256 signing needs a plain RSA key (rsaEncryption): openssl, jose and WebCrypto refuse to sign RS256 with a PSS-restricted key.',
      `The listener\u2019s key must be a plain RSA key: ask Voke\u2019s listener operator for the listener\u2019s own private key. On a local broker, make a plain RSA pair (no -algorithm RSA-PSS) and load its jwt-public.der: ${NEW_RSA_KEY_COMMAND}`,
      { command: NEW_RSA_KEY_COMMAND, keyAlgorithm: algorithm }
    )
  return new KeyFormatError(
    'KEY_NOT_RSA',
    `This is ${ALGORITHM_NAMES[algorithm]}. The broker only accepts RSA keys (tokens are signed with RS256); it cannot be converted.`,
    NEW_RSA_KEY_FIX,
    { command: NEW_RSA_KEY_COMMAND, keyAlgorithm: algorithm }
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
  if (oid !== OID.rsaEncryption) throw notRsaError(keyAlgorithmOf(oid))
  const pkcs1 = readByteBitString(body, 'public key').slice()
  body.expectEnd('public key')
  decodePkcs1PublicKey(pkcs1)
  return pkcs1
}

// ---- PKCS#1 RSAPrivateKey ---------------------------------------------------------------------

/** RSAPrivateKey (RFC 8017 A.1.2), two-prime only, with its numbers checked against each other. */
export function decodePkcs1PrivateKey(der: Uint8Array): RsaPrivateKey {
  const body = new DerReader(readWhole(der, TAG.SEQUENCE, 'RSA private key').value)
  const version = readUnsignedInteger(body, 'version')
  if (version.length !== 1)
    throw new KeyFormatError(
      'KEY_UNREADABLE',
      'This is not an RSA private key: it does not start with a version number (is it a public key?).',
      'Use the private key file, jwt-private.pem (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY).'
    )
  if (version[0] === 1)
    throw new KeyFormatError(
      'KEY_MULTI_PRIME',
      'This is a multi-prime RSA private key, which browsers and the tools here cannot use.',
      `Generate a standard two-prime key: ${NEW_RSA_KEY_COMMAND}`,
      { command: NEW_RSA_KEY_COMMAND }
    )
  if (version[0] !== 0)
    throw new KeyFormatError('KEY_UNREADABLE', `The RSA private key has an unknown version (${version[0]}).`, NEW_RSA_KEY_FIX)
  const names = ['modulus', 'public exponent', 'private exponent', 'prime 1', 'prime 2', 'exponent 1', 'exponent 2', 'coefficient']
  const [n, e, d, p, q, dp, dq, qi] = names.map((name) => readUnsignedInteger(body, name)) as [
    Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array
  ]
  body.expectEnd('RSA private key')
  const key = { ...publicKeyFromNumbers(n, e), d, p, q, dp, dq, qi }
  checkPrivateKeyConsistency(key)
  return key
}

/**
 * A bit flip inside a prime still leaves well-formed DER; without this check the site would
 * derive a public key from the modulus and the private key would then sign garbage.
 */
function checkPrivateKeyConsistency(key: RsaPrivateKey): void {
  // Every private number is smaller than n; checking lengths first keeps hostile sizes out of bigint maths.
  if ([key.d, key.p, key.q, key.dp, key.dq, key.qi].some((part) => part.length > key.n.length)) throw inconsistent()
  const [n, e, d, p, q, dp, dq, qi] = [key.n, key.e, key.d, key.p, key.q, key.dp, key.dq, key.qi].map(bytesToBigInt) as [
    bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint
  ]
  const consistent =
    p > 1n &&
    q > 1n &&
    p * q === n &&
    d % (p - 1n) === dp &&
    d % (q - 1n) === dq &&
    (qi * q) % p === 1n &&
    (e * dp) % (p - 1n) === 1n &&
    (e * dq) % (q - 1n) === 1n
  if (!consistent) throw inconsistent()
}

function inconsistent(): KeyFormatError {
  return new KeyFormatError(
    'KEY_PRIVATE_INCONSISTENT',
    'The numbers inside this RSA private key do not belong together: the key is damaged.',
    'Use an undamaged copy of the private key file (ask Voke\u2019s listener operator for a fresh copy; on a local broker you can make a new key pair).'
  )
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

/** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (RFC 5208) or OneAsymmetricKey (RFC 5958). */
export function pkcs8ToPkcs1Private(pkcs8Der: Uint8Array): Uint8Array {
  const body = new DerReader(readWhole(pkcs8Der, TAG.SEQUENCE, 'private key').value)
  const version = readSmallInteger(body, 'version')
  if (version > 1)
    throw new KeyFormatError('KEY_UNREADABLE', `The PKCS#8 private key has an unknown version (${version}).`, NEW_RSA_KEY_FIX)
  const oid = readAlgorithm(body)
  if (oid !== OID.rsaEncryption) throw notRsaError(keyAlgorithmOf(oid))
  const inner = body.read(TAG.OCTET_STRING).value.slice()
  // Optional attributes [0] and (v2) public key [1] may follow; nothing else may.
  if (body.peekTag() === TAG.CONTEXT_0) body.read()
  if (body.peekTag() === TAG.IMPLICIT_1) body.read()
  body.expectEnd('private key')
  decodePkcs1PrivateKey(inner)
  return inner
}

export function pkcs1PrivateToPkcs8(pkcs1Der: Uint8Array): Uint8Array {
  decodePkcs1PrivateKey(pkcs1Der)
  return sequence(unsignedInteger(Uint8Array.of(0)), rsaAlgorithm(), octetString(pkcs1Der))
}

// ---- X.509 certificate ------------------------------------------------------------------------

/** The parts of a certificate the site reads: issuer and subject Names (raw DER) and the SPKI. */
export function certificateParts(certDer: Uint8Array): { issuerDer: Uint8Array; subjectDer: Uint8Array; spki: Uint8Array } {
  const cert = new DerReader(readWhole(certDer, TAG.SEQUENCE, 'certificate').value)
  const tbs = cert.enter(TAG.SEQUENCE)
  if (tbs.peekTag() === TAG.CONTEXT_0) tbs.read(TAG.CONTEXT_0) // version
  tbs.read(TAG.INTEGER) // serial number
  tbs.read(TAG.SEQUENCE) // signature algorithm
  const issuerDer = tbs.read(TAG.SEQUENCE).raw
  tbs.read(TAG.SEQUENCE) // validity
  const subjectDer = tbs.read(TAG.SEQUENCE).raw
  const spki = tbs.read(TAG.SEQUENCE).raw.slice()
  cert.read(TAG.SEQUENCE) // signature algorithm
  cert.read(TAG.BIT_STRING) // signature
  cert.expectEnd('certificate')
  return { issuerDer, subjectDer, spki }
}

/** The SubjectPublicKeyInfo DER inside a certificate (any key type). */
export function spkiFromCertificate(certDer: Uint8Array): Uint8Array {
  return certificateParts(certDer).spki
}

export function publicKeyFromCertificate(certDer: Uint8Array): RsaPublicKey {
  return decodePkcs1PublicKey(spkiToPkcs1(spkiFromCertificate(certDer)))
}

// ---- JWK (RFC 7517 / RFC 7518 section 6.3) --------------------------------------------------------

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

const OKP_CURVES: Record<string, KeyAlgorithm> = { Ed25519: 'ed25519', Ed448: 'ed448', X25519: 'x25519', X448: 'x448' }

function asJwkObject(jwk: unknown): Record<string, unknown> {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk))
    throw new KeyFormatError('JWK_INVALID', 'The JSON is not a JWK object.', 'Paste a JSON Web Key: an object with "kty": "RSA", "n" and "e".')
  const obj = jwk as Record<string, unknown>
  if (obj.kty === 'EC') throw notRsaError('ec')
  if (obj.kty === 'OKP') throw notRsaError(OKP_CURVES[String(obj.crv)] ?? 'other')
  if (obj.kty !== 'RSA')
    throw new KeyFormatError('JWK_INVALID', 'The JSON has no "kty": "RSA" member, so it is not an RSA JWK.', 'Paste an RSA JSON Web Key.')
  if ('oth' in obj)
    throw new KeyFormatError(
      'KEY_MULTI_PRIME',
      'This JWK is a multi-prime RSA key ("oth" member), which browsers and the tools here cannot use.',
      NEW_RSA_KEY_FIX,
      { command: NEW_RSA_KEY_COMMAND }
    )
  return obj
}

export function jwkToPublicKey(jwk: unknown): RsaPublicKey {
  const obj = asJwkObject(jwk)
  return publicKeyFromNumbers(jwkField(obj, 'n'), jwkField(obj, 'e'))
}

export function isPrivateJwk(jwk: unknown): boolean {
  return !!jwk && typeof jwk === 'object' && 'd' in (jwk as object)
}

/** A private RSA JWK with all CRT members, checked like a PKCS#1 private key. */
export function jwkToPrivateKey(jwk: unknown): RsaPrivateKey {
  const obj = asJwkObject(jwk)
  const f = (name: string) => stripZeros(jwkField(obj, name))
  const key = { ...publicKeyFromNumbers(f('n'), f('e')), d: f('d'), p: f('p'), q: f('q'), dp: f('dp'), dq: f('dq'), qi: f('qi') }
  checkPrivateKeyConsistency(key)
  return key
}

/** Private JWK → PKCS#1 RSAPrivateKey DER (what `openssl rsa -traditional -outform DER` writes). */
export function privateJwkToPkcs1(jwk: unknown): Uint8Array {
  return encodePkcs1PrivateKey(jwkToPrivateKey(jwk))
}

/** PKCS#1 RSAPrivateKey DER → private JWK (what node:crypto's export({ format: 'jwk' }) gives). */
export function pkcs1PrivateToJwk(pkcs1Der: Uint8Array): RsaPrivateJwk {
  return privateKeyToJwk(decodePkcs1PrivateKey(pkcs1Der))
}

// ---- Comparison -----------------------------------------------------------------------------

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

export function publicKeysEqual(a: RsaPublicKey, b: RsaPublicKey): boolean {
  return sameBytes(a.n, b.n) && sameBytes(a.e, b.e)
}
