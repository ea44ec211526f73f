// The broker's view of a key file: the JWT plugin reads the file's raw bytes as a PKCS#1
// RSAPublicKey DER and ring accepts 2048–8192-bit moduli with an odd exponent 3 ≤ e < 2^33.
// Anything else makes every token fail with InvalidSignature (../shared/broker-rules.md).
import { DerReader, TAG } from './der'
import { isBytes, MAX_KEY_INPUT_BYTES, readKey, type KeyReadingOk } from './key-detect'
import { KeyFormatError, type KeyErrorCode } from './key-errors'
import { decodePkcs1PublicKey, NEW_RSA_KEY_COMMAND, type RsaPublicKey } from './rsa-keys'

export type BrokerKeyCheck =
  | { ok: true; publicKey: RsaPublicKey }
  | {
      ok: false
      code: KeyErrorCode
      message: string
      fix: string
      /** The one shell command in `fix`, when there is one (tests run each as written). */
      command?: string
      /** The key inside, when it could be read, so a UI can offer the fixed file. */
      publicKey?: RsaPublicKey
    }

export type BrokerKeyRefusal = Extract<BrokerKeyCheck, { ok: false }>

export const MIN_MODULUS_BITS = 2048
export const MAX_MODULUS_BITS = 8192
/** ring measures the modulus in whole bytes (256 to 1024), so 2041-2047-bit keys pass like 2048. */
export const MIN_MODULUS_BYTES = 256
export const MAX_MODULUS_BYTES = 1024
const MAX_EXPONENT = 2n ** 33n

const KEY_DOCTOR = 'use the key doctor (Keys page) to get jwt-public.der'
const CSR_COMMAND = 'openssl req -in request.csr -pubkey -noout | openssl rsa -pubin -RSAPublicKey_out -outform DER -out jwt-public.der'
const NEW_KEY_FIX = `The listener needs a key pair of 2048 bits or more, which only its operator makes and enrols: ask Voke\u2019s listener operator. On a local broker, make a new 2048-bit (or larger) pair with the key generator, or: ${NEW_RSA_KEY_COMMAND}`
// Who puts a corrected key file on the broker: Voke's listener operator, or the reader on a local broker.
const WHO_LOADS = 'On a local broker, load that file and stop and start the broker; if this is the key file of Voke\u2019s listener, ask Voke\u2019s listener operator to load its PKCS#1 DER form.'

function refuse(code: KeyErrorCode, message: string, fix: string, extra: { command?: string; publicKey?: RsaPublicKey } = {}): BrokerKeyRefusal {
  return {
    ok: false,
    code,
    message,
    fix,
    ...(extra.command ? { command: extra.command } : {}),
    ...(extra.publicKey ? { publicKey: extra.publicKey } : {})
  }
}

/** A fix sentence that offers the key doctor first and the exact openssl command second. */
function convert(code: KeyErrorCode, message: string, command: string, publicKey: RsaPublicKey): BrokerKeyRefusal {
  return refuse(code, message, `The broker needs the PKCS#1 DER form: ${KEY_DOCTOR}, or run: ${command}. ${WHO_LOADS}`, { command, publicKey })
}

/** Size and exponent rules ring applies to an RSA public key (RSA_PKCS1_2048_8192_SHA256). */
export function checkKeyStrength(key: RsaPublicKey): BrokerKeyCheck {
  const withKey = { command: NEW_RSA_KEY_COMMAND, publicKey: key }
  const bytes = Math.ceil(key.modulusBits / 8)
  if (bytes < MIN_MODULUS_BYTES)
    return refuse(
      'KEY_TOO_SMALL',
      `The key is ${key.modulusBits} bits; the broker needs a modulus of at least ${MIN_MODULUS_BYTES} bytes (2041 bits or more; ${MIN_MODULUS_BITS} is the normal size).`,
      NEW_KEY_FIX,
      withKey
    )
  if (bytes > MAX_MODULUS_BYTES)
    return refuse('KEY_TOO_LARGE', `The key is ${key.modulusBits} bits; the broker accepts at most ${MAX_MODULUS_BITS}.`, NEW_KEY_FIX, withKey)
  if ((key.n[key.n.length - 1]! & 1) === 0)
    return refuse('KEY_BAD_MODULUS', 'The modulus is even, so this is not a real RSA key (the file is damaged or made up).', NEW_KEY_FIX, withKey)
  const e = key.exponent
  if (e < 3n || e % 2n === 0n || e >= MAX_EXPONENT)
    return refuse(
      'KEY_BAD_EXPONENT',
      `The public exponent ${e < 2n ** 64n ? e.toString() : '(huge)'} is not accepted: it must be odd, at least 3 and below 2^33 (65537 is usual).`,
      NEW_KEY_FIX,
      withKey
    )
  return { ok: true, publicKey: key }
}

/** A complete RSAPublicKey followed by extra bytes (an editor's newline, two files glued together). */
function pkcs1WithTrailingBytes(bytes: Uint8Array): { key: RsaPublicKey; extra: number } | null {
  try {
    const reader = new DerReader(bytes)
    const { raw } = reader.read(TAG.SEQUENCE)
    return { key: decodePkcs1PublicKey(raw), extra: bytes.length - raw.length }
  } catch (error) {
    if (error instanceof KeyFormatError) return null
    throw error
  }
}

/** Keys mounted as the text a tool printed about them. */
const TEXT_DUMPS = {
  'hex-der': { message: 'This is a hex dump (text). The broker reads the binary DER bytes, not their hex form.', doctor: 'it turns the hex back into bytes' },
  'openssl-text': { message: 'This is the text openssl prints with -text. The broker reads a binary PKCS#1 DER key file.', doctor: 'it builds the file from the modulus and exponent' }
} as const

/** What to tell someone who mounted a readable key in the wrong form. */
function wrongForm(reading: KeyReadingOk): BrokerKeyRefusal {
  const key = reading.publicKey
  if (reading.labelWrong)
    return refuse(
      'KEY_PEM_NOT_DER',
      `This is a PEM text file, and its label is wrong: it says BEGIN ${reading.labelWrong.label} but holds a ${reading.labelWrong.expected} structure (the header was edited by hand), so openssl refuses it. The broker reads binary PKCS#1 DER only.`,
      `The broker needs the PKCS#1 DER form of the key inside: ${KEY_DOCTOR}. ${WHO_LOADS}`,
      { publicKey: key }
    )
  if (reading.kind === 'private-file')
    return refuse(
      'KEY_IS_PRIVATE',
      `This is a private key file (${reading.format}). The broker needs the public key, and a private key must never be mounted on the broker.`,
      `The broker needs the public key: ${KEY_DOCTOR} (it reads the public half this file keeps in clear). ${WHO_LOADS}`,
      { publicKey: key }
    )
  if (reading.kind === 'request')
    return refuse(
      'KEY_WRONG_FORMAT',
      'This is a certificate signing request (CSR). The broker reads a bare RSA public key.',
      `The broker needs the key it holds as PKCS#1 DER: ${KEY_DOCTOR}, or run: ${CSR_COMMAND}. ${WHO_LOADS}`,
      { command: CSR_COMMAND, publicKey: key }
    )
  if (reading.choices && reading.kind === 'certificate')
    return refuse(
      'KEY_IS_CERTIFICATE',
      `This file holds ${reading.choices.items.length} certificates. The broker reads one bare RSA public key: the device's own.`,
      `The broker needs the device certificate's key as PKCS#1 DER: ${KEY_DOCTOR} (it names each certificate and offers the leaf). ${WHO_LOADS}`,
      { publicKey: key }
    )
  // openssl reads the PEM and binary forms; bare base64 and JWK have no one-line command.
  const armour = reading.format.endsWith('-pem') ? 'pem' : reading.format.endsWith('-der') && reading.format !== 'base64-der' ? 'der' : null
  const inform = armour === 'der' ? '-inform DER ' : ''
  if (reading.kind === 'private') {
    const command = armour && `openssl rsa ${inform}-in jwt-private.${armour} -RSAPublicKey_out -outform DER -out jwt-public.der`
    return refuse(
      'KEY_IS_PRIVATE',
      'This is a private key. The broker needs the public key, and a private key must never be mounted on the broker.',
      `Mount the public key made from it: ${KEY_DOCTOR}${command ? `, or run: ${command}` : '.'}`,
      { ...(command ? { command } : {}), publicKey: key }
    )
  }
  if (reading.kind === 'certificate') {
    const command =
      armour && `openssl x509 ${inform}-in cert.${armour} -pubkey -noout | openssl rsa -pubin -RSAPublicKey_out -outform DER -out jwt-public.der`
    return refuse(
      'KEY_IS_CERTIFICATE',
      'This is an X.509 certificate. The broker reads a bare RSA public key, not a certificate.',
      `Extract its key as PKCS#1 DER: ${KEY_DOCTOR}${command ? `, or run: ${command}` : '.'}`,
      { ...(command ? { command } : {}), publicKey: key }
    )
  }
  switch (reading.format) {
    case 'spki-der':
      return convert(
        'KEY_SPKI_NOT_PKCS1',
        'This is an SPKI DER public key (like jwt-public-spki.der). The broker expects PKCS#1 DER and would reject every token with InvalidSignature.',
        'openssl rsa -pubin -inform DER -in jwt-public-spki.der -RSAPublicKey_out -outform DER -out jwt-public.der',
        key
      )
    case 'spki-pem':
      return convert(
        'KEY_PEM_NOT_DER',
        'This is a PEM text file (BEGIN PUBLIC KEY). The broker reads binary PKCS#1 DER only.',
        'openssl rsa -pubin -in jwt-public.pem -RSAPublicKey_out -outform DER -out jwt-public.der',
        key
      )
    case 'pkcs1-public-pem':
      return convert(
        'KEY_PEM_NOT_DER',
        'This is a PEM text file (BEGIN RSA PUBLIC KEY). The broker reads binary DER only.',
        'openssl rsa -RSAPublicKey_in -in jwt-public.pem -RSAPublicKey_out -outform DER -out jwt-public.der',
        key
      )
    case 'base64-der':
      return refuse(
        'KEY_BASE64_NOT_DER',
        'This is base64 text. The broker reads the binary DER bytes, not their base64 form.',
        `The broker needs the binary PKCS#1 DER file: ${KEY_DOCTOR}. ${WHO_LOADS}`,
        { publicKey: key }
      )
    case 'hex-der':
    case 'openssl-text':
      return refuse('KEY_WRONG_FORMAT', TEXT_DUMPS[reading.format].message, `The broker needs the key as PKCS#1 DER: ${KEY_DOCTOR} (${TEXT_DUMPS[reading.format].doctor}). ${WHO_LOADS}`, { publicKey: key })
    case 'ssh-rsa-public':
    case 'ssh2-public':
      return refuse(
        'KEY_WRONG_FORMAT',
        'This is an SSH public key. The broker reads a PKCS#1 DER RSA public key.',
        `Convert it: ${KEY_DOCTOR}, or run: ssh-keygen -e -m PEM -f id_rsa.pub > jwt-public.pem, then: openssl rsa -RSAPublicKey_in -in jwt-public.pem -RSAPublicKey_out -outform DER -out jwt-public.der. ${WHO_LOADS}`,
        { publicKey: key }
      )
    default:
      return refuse(
        'KEY_WRONG_FORMAT',
        `This key (${reading.format}) is not in the broker\u2019s format (PKCS#1 DER).`,
        `The broker needs the PKCS#1 DER form: ${KEY_DOCTOR}. ${WHO_LOADS}`,
        { publicKey: key }
      )
  }
}

function check(fileBytes: Uint8Array): BrokerKeyCheck {
  if (!isBytes(fileBytes) || fileBytes.length === 0)
    return refuse('KEY_EMPTY', 'The key file is empty.', `The broker needs jwt-public.der, the public half of the listener\u2019s key pair: ask Voke\u2019s listener operator for it (or its SHA-256). On a local broker, mount jwt-public.der from the key generator or the platform script; ${KEY_DOCTOR}.`)
  if (fileBytes.length > MAX_KEY_INPUT_BYTES) {
    const reading = readKey(fileBytes, { publicPartOfPrivateFiles: true })
    if (!reading.ok) return refuse(reading.error.code, reading.error.message, reading.error.fix)
  }
  try {
    return checkKeyStrength(decodePkcs1PublicKey(fileBytes))
  } catch (error) {
    if (!(error instanceof KeyFormatError)) throw error
  }
  const trailing = pkcs1WithTrailingBytes(fileBytes)
  if (trailing)
    return refuse(
      'KEY_TRAILING_DATA',
      `The file holds a PKCS#1 DER key followed by ${trailing.extra} extra byte${trailing.extra === 1 ? '' : 's'} (an editor may have added a newline). The broker refuses the whole file.`,
      `The broker needs the key bytes alone: ${KEY_DOCTOR} (the original file from the key generator or openssl is already right). ${WHO_LOADS}`,
      { publicKey: trailing.key }
    )
  // Not a PKCS#1 DER public key: find out what it is, to say exactly what to change.
  const reading = readKey(fileBytes, { publicPartOfPrivateFiles: true })
  if (!reading.ok) {
    const { code, message, fix, command } = reading.error
    return refuse(code, message, fix, command ? { command } : {})
  }
  return wrongForm(reading)
}

/** Never throws: whatever the bytes, the answer is ok or a coded refusal. */
export function checkBrokerKeyFile(fileBytes: Uint8Array): BrokerKeyCheck {
  try {
    return check(fileBytes)
  } catch {
    return refuse('KEY_UNREADABLE', 'The file could not be read as a key.', `Mount jwt-public.der; ${KEY_DOCTOR}.`)
  }
}

/** Internal path for the fuzz test: throws whatever the parser throws (it must only be KeyFormatError). */
export function checkBrokerKeyFileOrThrow(fileBytes: Uint8Array): BrokerKeyCheck {
  return check(fileBytes)
}
