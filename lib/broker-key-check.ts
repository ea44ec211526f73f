// The broker's view of a key file: the JWT plugin reads the file's raw bytes as a PKCS#1
// RSAPublicKey DER and ring accepts 2048–8192-bit moduli with an odd exponent 3 ≤ e < 2^33.
// Anything else makes every token fail with InvalidSignature (../shared/broker-rules.md).
import { decodePkcs1PublicKey, type RsaPublicKey } from './rsa-keys'
import { readKey } from './key-detect'
import { KeyFormatError, type KeyErrorCode } from './key-errors'

export type BrokerKeyCheck =
  | { ok: true; publicKey: RsaPublicKey }
  | { ok: false; code: KeyErrorCode; message: string; fix: string; publicKey?: RsaPublicKey }

export const MIN_MODULUS_BITS = 2048
export const MAX_MODULUS_BITS = 8192
const MAX_EXPONENT = 2n ** 33n

const CONVERT_FIX =
  'Enrol the PKCS#1 DER form instead: download the fixed jwt-public.der from the key doctor, or run openssl rsa -pubin -in jwt-public.pem -RSAPublicKey_out -outform DER -out jwt-public.der'
const NEW_KEY_FIX =
  'Generate a new 2048-bit (or larger) key pair with the key generator, or: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem'

function refuse(code: KeyErrorCode, message: string, fix: string, publicKey?: RsaPublicKey): BrokerKeyCheck {
  return { ok: false, code, message, fix, ...(publicKey ? { publicKey } : {}) }
}

/** Size and exponent rules ring applies to an RSA public key. */
export function checkKeyStrength(key: RsaPublicKey): BrokerKeyCheck {
  if (key.modulusBits < MIN_MODULUS_BITS)
    return refuse('KEY_TOO_SMALL', `The key is ${key.modulusBits} bits; the broker needs at least ${MIN_MODULUS_BITS}.`, NEW_KEY_FIX, key)
  if (key.modulusBits > MAX_MODULUS_BITS)
    return refuse('KEY_TOO_LARGE', `The key is ${key.modulusBits} bits; the broker accepts at most ${MAX_MODULUS_BITS}.`, NEW_KEY_FIX, key)
  const e = key.exponent
  if (e < 3n || e % 2n === 0n || e >= MAX_EXPONENT)
    return refuse(
      'KEY_BAD_EXPONENT',
      `The public exponent ${e} is not accepted: it must be odd, at least 3 and below 2^33 (65537 is usual).`,
      NEW_KEY_FIX,
      key
    )
  return { ok: true, publicKey: key }
}

export function checkBrokerKeyFile(fileBytes: Uint8Array): BrokerKeyCheck {
  if (fileBytes.length === 0)
    return refuse('KEY_EMPTY', 'The key file is empty.', 'Mount jwt-public.der from the key generator or the platform script.')
  try {
    return checkKeyStrength(decodePkcs1PublicKey(fileBytes))
  } catch (error) {
    if (!(error instanceof KeyFormatError)) throw error
  }
  // Not a PKCS#1 DER public key: find out what it is, to say exactly what to change.
  const reading = readKey(fileBytes)
  if (!reading.ok) return refuse(reading.error.code, reading.error.message, reading.error.fix)
  const key = reading.publicKey
  const structure = reading.structure
  const isPem = reading.format.endsWith('-pem')
  if (reading.kind === 'private')
    return refuse(
      'KEY_IS_PRIVATE',
      'This is a private key. The broker needs the public key, and a private key must never be mounted on the broker.',
      'Mount the public key made from it: the key doctor offers jwt-public.der for this private key.',
      key
    )
  if (reading.kind === 'certificate')
    return refuse(
      'KEY_IS_CERTIFICATE',
      'This is an X.509 certificate. The broker reads a bare RSA public key, not a certificate.',
      'Extract its key as PKCS#1 DER: openssl x509 -in cert.pem -pubkey -noout | openssl rsa -pubin -RSAPublicKey_out -outform DER -out jwt-public.der',
      key
    )
  if (structure === 'spki' && !isPem)
    return refuse(
      'KEY_SPKI_NOT_PKCS1',
      'This is an SPKI DER public key (like jwt-public-spki.der). The broker expects PKCS#1 DER and would reject every token with InvalidSignature.',
      CONVERT_FIX.replace('-in jwt-public.pem', '-inform DER -in jwt-public-spki.der'),
      key
    )
  if (isPem)
    return refuse(
      'KEY_PEM_NOT_DER',
      `This is a PEM text file (${structure === 'pkcs1-public' ? 'BEGIN RSA PUBLIC KEY' : 'BEGIN PUBLIC KEY'}). The broker reads binary DER only.`,
      CONVERT_FIX,
      key
    )
  return refuse(
    'KEY_WRONG_FORMAT',
    'This key is not in the broker\u2019s format (PKCS#1 DER).',
    'Download the fixed jwt-public.der from the key doctor.',
    key
  )
}
