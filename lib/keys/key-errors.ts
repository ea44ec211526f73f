// Every way a key input or key file can be wrong, as stable codes the UI and tests switch on.
import { CodedError } from '../errors'

/** Every code, in one list so tests can check that nothing else ever comes out. */
export const KEY_ERROR_CODES = [
  // Reading bytes at all
  'KEY_EMPTY', // nothing given
  'KEY_INPUT_TOO_LARGE', // over MAX_KEY_INPUT_BYTES; refused before any parsing
  'KEY_UNREADABLE', // not any format the site knows
  'DER_TRUNCATED', // an element claims more bytes than are left
  'DER_INDEFINITE_LENGTH', // BER indefinite length (0x80), not DER
  'DER_BAD_LENGTH', // non-minimal or over-long length field
  'DER_UNEXPECTED_TAG', // the structure has the wrong element here
  'DER_TRAILING_BYTES', // extra data after a complete structure
  'DER_BAD_INTEGER', // empty, negative or non-minimal INTEGER
  'DER_BAD_OID', // malformed OBJECT IDENTIFIER
  'DER_BAD_BIT_STRING', // a key BIT STRING with unused bits
  'PEM_MALFORMED', // broken armour or base64 body
  'PEM_UNKNOWN_LABEL', // a PEM block that holds no key (e.g. CERTIFICATE REQUEST)
  'PEM_LABEL_MISMATCH', // BEGIN/END differ, or the label does not match the contents
  'JWK_INVALID', // JSON that is not a usable RSA JWK
  'SSH_KEY_INVALID', // a damaged ssh-rsa line, SSH2 public key block or ssh.com private key
  'PUTTY_KEY_INVALID', // a damaged PuTTY .ppk file
  'OPENPGP_KEY_INVALID', // a damaged OpenPGP key (armour, checksum or packets)
  'TEXT_DUMP_INVALID', // a hex dump or openssl -text dump that is cut short or damaged
  // Keys the site recognises but cannot use
  'KEY_NOT_RSA', // EC, Ed25519, DSA …: the broker verifies RS256 only
  'KEY_RSA_PSS', // RSA-PSS restricted key
  'KEY_ENCRYPTED', // passphrase-protected private key
  'KEY_OPENSSH_PRIVATE', // OpenSSH's own private key format
  'KEY_PUTTY_PRIVATE', // PuTTY .ppk private key
  'KEY_SSHCOM_PRIVATE', // ssh.com / SECSH private key (BEGIN SSH2 ENCRYPTED PRIVATE KEY)
  'KEY_OPENPGP_PRIVATE', // OpenPGP secret key (gpg --export-secret-keys)
  'KEY_PKCS12', // PKCS#12 bundle (.p12 / .pfx): key and certificate in a password-protected container
  'KEY_JAVA_KEYSTORE', // Java KeyStore (JKS / JCEKS)
  'KEY_MULTI_PRIME', // RSA with more than two primes
  'KEY_PRIVATE_INCONSISTENT', // private key numbers that do not belong together (damaged key)
  // The broker's view of a key file (broker-key-check.ts)
  'KEY_SPKI_NOT_PKCS1', // SPKI DER (jwt-public-spki.der) instead of PKCS#1 DER
  'KEY_PEM_NOT_DER', // PEM text instead of binary DER
  'KEY_BASE64_NOT_DER', // bare base64 text instead of binary DER
  'KEY_TRAILING_DATA', // the right DER followed by extra bytes
  'KEY_IS_PRIVATE', // a private key mounted as the public key
  'KEY_IS_CERTIFICATE', // an X.509 certificate
  'KEY_WRONG_FORMAT', // another readable RSA form (JWK, ssh-rsa …)
  'KEY_TOO_SMALL', // modulus below 2048 bits
  'KEY_TOO_LARGE', // modulus above 8192 bits (or above 16384: no tool takes it)
  'KEY_BAD_EXPONENT', // e even, below 3, 2^33 or more, or not below n
  'KEY_BAD_MODULUS' // even modulus: not a real RSA key
] as const

export type KeyErrorCode = (typeof KEY_ERROR_CODES)[number]

/** The key algorithm found, when the input is a key of a type the site refuses. */
export type KeyAlgorithm = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'x25519' | 'x448' | 'dsa' | 'other'

export interface KeyErrorDetails {
  /** One shell command that fixes the problem, exactly as it appears in `fix` (tests run it). */
  command?: string
  /** Several commands run in order (the first is `command`), each exactly as in `fix`. */
  commands?: string[]
  keyAlgorithm?: KeyAlgorithm
}

export class KeyFormatError extends CodedError<KeyErrorCode> {
  readonly command?: string
  readonly commands?: string[]
  readonly keyAlgorithm?: KeyAlgorithm

  constructor(code: KeyErrorCode, message: string, fix: string, details: KeyErrorDetails = {}) {
    super(code, message, fix)
    if (details.command !== undefined) this.command = details.command
    if (details.commands !== undefined) this.commands = details.commands
    if (details.keyAlgorithm !== undefined) this.keyAlgorithm = details.keyAlgorithm
  }
}

/** Errors of the DER layer: the bytes are not well-formed DER at all. */
export function derError(code: KeyErrorCode, message: string): KeyFormatError {
  return new KeyFormatError(
    code,
    message,
    'The data is damaged or not a key. Export the key again (e.g. with openssl) and use the whole file.'
  )
}
