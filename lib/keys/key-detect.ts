// Reads whatever a user pastes or drops (PEM, DER, base64, JWK, ssh-rsa, certificate …) and says
// what it is. readKey never throws: unusable input comes back as { ok: false } with a coded error.
import { base64Decode, base64UrlDecode } from '../encoding'
import { DerReader, OID, readOid, TAG } from './der'
import { KeyFormatError, type KeyAlgorithm } from './key-errors'
import { looksLikePem, PEM_LABEL, pemDecodeAll, type PemBlock } from './pem'
import {
  decodePkcs1PrivateKey,
  decodePkcs1PublicKey,
  isPrivateJwk,
  jwkToPublicKey,
  makePublicKey,
  notRsaError,
  pkcs1PrivateToPkcs8,
  pkcs8ToPkcs1Private,
  privateJwkToPkcs1,
  publicKeyFromCertificate,
  spkiToPkcs1,
  type RsaPublicKey
} from './rsa-keys'
import {
  findSshPublicLine,
  looksLikeSsh2PublicBlock,
  readOpensshPrivateHeader,
  readSsh2PublicBlock,
  readSshPublicLine,
  type SshPublicKey
} from './ssh-keys'
import { javaKeystoreError, pkcs12Error, probeJavaKeystore, probePkcs12 } from './pkcs12'

/**
 * What the input is. `-pem` = PEM text with that BEGIN label, `-der` = the binary structure,
 * `base64-der` = bare base64 of a DER structure (the `structure` field says which).
 *
 * - pkcs1-public-*   RSAPublicKey (BEGIN RSA PUBLIC KEY). In DER this is the broker's format.
 * - spki-*           SubjectPublicKeyInfo (BEGIN PUBLIC KEY); jwt-public.pem, jwt-public-spki.der
 * - pkcs1-private-*  RSAPrivateKey (BEGIN RSA PRIVATE KEY); jwt-private.pem
 * - pkcs8-private-*  PrivateKeyInfo (BEGIN PRIVATE KEY); what openssl 3 and WebCrypto write
 * - certificate-*    X.509 certificate (BEGIN CERTIFICATE)
 * - encrypted-private-*  EncryptedPrivateKeyInfo, or a legacy PEM with "Proc-Type: 4,ENCRYPTED"
 * - openssh-private  BEGIN OPENSSH PRIVATE KEY (ssh-keygen's default since OpenSSH 7.8)
 * - putty-private    PuTTY .ppk file
 * - pkcs12           PKCS#12 bundle (.p12 / .pfx): openssl pkcs12 -export, keytool, Windows export
 * - java-keystore    Java KeyStore (JKS / JCEKS), keytool's format before Java 9
 * - jwk-public / jwk-private  RSA JSON Web Key (also a JWK set holding one RSA key)
 * - ssh-rsa-public   one line "ssh-rsa AAAA… comment" (.pub, authorized_keys)
 * - ssh2-public      RFC 4716 block "---- BEGIN SSH2 PUBLIC KEY ----"
 * - ec-key / ed25519-key / non-rsa-key  a key of another algorithm, in any of the forms above
 */
export type KeyFormat =
  | 'pkcs1-public-pem'
  | 'pkcs1-public-der'
  | 'spki-pem'
  | 'spki-der'
  | 'pkcs1-private-pem'
  | 'pkcs1-private-der'
  | 'pkcs8-private-pem'
  | 'pkcs8-private-der'
  | 'certificate-pem'
  | 'certificate-der'
  | 'encrypted-private-pem'
  | 'encrypted-private-der'
  | 'openssh-private'
  | 'putty-private'
  | 'pkcs12'
  | 'java-keystore'
  | 'base64-der'
  | 'jwk-public'
  | 'jwk-private'
  | 'ssh-rsa-public'
  | 'ssh2-public'
  | 'ec-key'
  | 'ed25519-key'
  | 'non-rsa-key'

/** The ASN.1 structure found, whatever the armour (PEM, DER or bare base64). */
export type KeyStructure =
  | 'pkcs1-public'
  | 'spki'
  | 'pkcs1-private'
  | 'pkcs8-private'
  | 'certificate'
  | 'encrypted-pkcs8'
  | 'ec-private'

export type KeyReading =
  | { ok: true; kind: 'public'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey }
  | {
      ok: true
      kind: 'private'
      format: KeyFormat
      structure?: KeyStructure
      publicKey: RsaPublicKey
      /** RSAPrivateKey DER (for jwt-private.pem). */
      pkcs1Der: Uint8Array
      /** PrivateKeyInfo DER (for WebCrypto / jose importKey). */
      pkcs8Der: Uint8Array
    }
  | { ok: true; kind: 'certificate'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey }
  | { ok: false; format: KeyFormat | 'unknown'; structure?: KeyStructure; error: KeyFormatError }

export type KeyReadingOk = Extract<KeyReading, { ok: true }>

/** Far larger than any key or certificate (a 16384-bit private key is ~10 kB); refused before parsing. */
export const MAX_KEY_INPUT_BYTES = 1024 * 1024

type Encoding = 'pem' | 'der' | 'base64'

/** What has been recognised so far, so a failure deep inside can still say what the input was. */
interface Probe {
  format: KeyFormat | 'unknown'
  structure?: KeyStructure
}

function recognise(probe: Probe, structure: KeyStructure, encoding: Encoding): KeyFormat {
  probe.structure = structure
  const format: KeyFormat =
    encoding === 'base64'
      ? 'base64-der'
      : structure === 'encrypted-pkcs8'
        ? `encrypted-private-${encoding}`
        : structure === 'ec-private'
          ? 'ec-key'
          : `${structure}-${encoding}`
  probe.format = format
  return format
}

function privateReading(format: KeyFormat, structure: KeyStructure | undefined, pkcs1Der: Uint8Array): KeyReadingOk {
  const key = decodePkcs1PrivateKey(pkcs1Der)
  return {
    ok: true,
    kind: 'private',
    format,
    ...(structure ? { structure } : {}),
    publicKey: makePublicKey(key.n, key.e),
    pkcs1Der,
    pkcs8Der: pkcs1PrivateToPkcs8(pkcs1Der)
  }
}

const PKCS8_ENCRYPTED_COMMAND = 'openssl pkcs8 -in key.pem -out jwt-private.pem -traditional'
const LEGACY_ENCRYPTED_COMMAND = 'openssl rsa -in key.pem -out jwt-private.pem -traditional'

function encryptedKeyError(legacyPem: boolean): KeyFormatError {
  const command = legacyPem ? LEGACY_ENCRYPTED_COMMAND : PKCS8_ENCRYPTED_COMMAND
  return new KeyFormatError(
    'KEY_ENCRYPTED',
    'This private key is encrypted with a passphrase, so it cannot be read here (and the site never asks for passphrases).',
    `Decrypt a copy on your machine (openssl asks for the passphrase; key.pem is your encrypted file): ${command}`,
    { command }
  )
}

const OPENSSH_COMMAND = 'ssh-keygen -p -m PEM -f jwt-private.pem'

function opensshError(encrypted: boolean): KeyFormatError {
  return new KeyFormatError(
    'KEY_OPENSSH_PRIVATE',
    `This is an RSA key in OpenSSH's own private key format${encrypted ? ', protected by a passphrase' : ''}. Token signers and this site need it as PEM (BEGIN RSA PRIVATE KEY).`,
    `Convert a copy on your machine (cp id_rsa jwt-private.pem first; leave the new passphrase empty): ${OPENSSH_COMMAND}`,
    { command: OPENSSH_COMMAND }
  )
}

const PUTTY_COMMAND = 'puttygen key.ppk -O private-openssh -o jwt-private.pem'

function puttyError(): KeyFormatError {
  return new KeyFormatError(
    'KEY_PUTTY_PRIVATE',
    'This is a PuTTY private key (.ppk). Token signers need it as PEM.',
    `Export it with PuTTYgen (Conversions → Export OpenSSH key), or: ${PUTTY_COMMAND}`,
    { command: PUTTY_COMMAND }
  )
}

function unreadable(message: string): KeyFormatError {
  return new KeyFormatError(
    'KEY_UNREADABLE',
    message,
    'Paste the whole key file, including its -----BEGIN and -----END lines, or drop the file itself (jwt-public.der, jwt-private.pem or a certificate).'
  )
}

// EncryptedPrivateKeyInfo algorithms: PBES2 and the PKCS#5 / PKCS#12 password-based schemes.
const isPasswordBasedEncryption = (oid: string) =>
  oid === OID.pbes2 || oid.startsWith('1.2.840.113549.1.12.') || oid.startsWith('1.2.840.113549.1.5.')

/** Identifies a DER structure by its shape, then decodes it. */
function readDer(der: Uint8Array, encoding: Encoding, probe: Probe): KeyReadingOk {
  // Before the strict reader: a PFX starts like a PKCS#8 key (INTEGER, SEQUENCE) and is often BER.
  const pfx = probePkcs12(der)
  if (pfx) {
    probe.format = 'pkcs12'
    throw pkcs12Error(pfx)
  }
  const outer = new DerReader(der)
  const top = outer.read(TAG.SEQUENCE)
  outer.expectEnd('key')
  const body = new DerReader(top.value)
  const firstTag = body.peekTag()

  if (firstTag === TAG.INTEGER) {
    const first = body.read(TAG.INTEGER)
    const secondTag = body.peekTag()
    if (secondTag === TAG.INTEGER) {
      // Two INTEGERs: RSAPublicKey. Version and eight more: RSAPrivateKey.
      let count = 1
      while (!body.atEnd) {
        body.read()
        count++
      }
      if (count === 2) {
        const format = recognise(probe, 'pkcs1-public', encoding)
        return { ok: true, kind: 'public', format, structure: 'pkcs1-public', publicKey: decodePkcs1PublicKey(der) }
      }
      if (count >= 9) {
        const format = recognise(probe, 'pkcs1-private', encoding)
        return privateReading(format, 'pkcs1-private', der.slice())
      }
    }
    if (secondTag === TAG.SEQUENCE) {
      // PrivateKeyInfo: version, AlgorithmIdentifier, OCTET STRING.
      const format = recognise(probe, 'pkcs8-private', encoding)
      return privateReading(format, 'pkcs8-private', pkcs8ToPkcs1Private(der))
    }
    if (secondTag === TAG.OCTET_STRING && first.value.length === 1 && first.value[0] === 1) {
      recognise(probe, 'ec-private', encoding) // RFC 5915 ECPrivateKey
      throw notRsaError('ec')
    }
  }

  if (firstTag === TAG.SEQUENCE) {
    const items = new DerReader(top.value)
    const algorithm = items.read(TAG.SEQUENCE)
    const nextTag = items.peekTag()
    if (nextTag === TAG.BIT_STRING) {
      const format = recognise(probe, 'spki', encoding)
      return { ok: true, kind: 'public', format, structure: 'spki', publicKey: decodePkcs1PublicKey(spkiToPkcs1(der)) }
    }
    if (nextTag === TAG.OCTET_STRING && isPasswordBasedEncryption(readOid(new DerReader(algorithm.value)))) {
      recognise(probe, 'encrypted-pkcs8', encoding)
      throw encryptedKeyError(false)
    }
    if (nextTag === TAG.SEQUENCE) {
      const format = recognise(probe, 'certificate', encoding)
      return { ok: true, kind: 'certificate', format, structure: 'certificate', publicKey: publicKeyFromCertificate(der) }
    }
  }
  throw unreadable('This is DER data, but not a key or certificate structure the site knows.')
}

const PEM_STRUCTURES: Record<string, KeyStructure> = {
  [PEM_LABEL.rsaPublicKey]: 'pkcs1-public',
  [PEM_LABEL.publicKey]: 'spki',
  [PEM_LABEL.rsaPrivateKey]: 'pkcs1-private',
  [PEM_LABEL.privateKey]: 'pkcs8-private',
  [PEM_LABEL.certificate]: 'certificate',
  'X509 CERTIFICATE': 'certificate'
}
const SPECIAL_LABELS = new Set<string>([PEM_LABEL.encryptedPrivateKey, PEM_LABEL.opensshPrivateKey, PEM_LABEL.ecPrivateKey, 'DSA PRIVATE KEY'])

function readPemBlock(block: PemBlock, probe: Probe): KeyReadingOk {
  const label = block.label
  if (label === PEM_LABEL.encryptedPrivateKey || block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    probe.format = 'encrypted-private-pem'
    throw encryptedKeyError(label !== PEM_LABEL.encryptedPrivateKey)
  }
  if (label === PEM_LABEL.opensshPrivateKey) {
    probe.format = 'openssh-private'
    const header = readOpensshPrivateHeader(block.der)
    if (header.algorithm !== 'rsa') throw notRsaError(header.algorithm)
    throw opensshError(header.encrypted)
  }
  if (label === PEM_LABEL.ecPrivateKey) throw notRsaError('ec')
  if (label === 'DSA PRIVATE KEY') throw notRsaError('dsa')
  const structure = PEM_STRUCTURES[label]!
  recognise(probe, structure, 'pem') // the label says what it should be, even if the DER inside is damaged
  const reading = readDer(block.der, 'pem', probe)
  if (reading.structure !== structure)
    throw new KeyFormatError(
      'PEM_LABEL_MISMATCH',
      `The block is labelled "${label}" but holds a ${reading.structure} structure.`,
      'The label was edited by hand. Export the key again instead of renaming the label.'
    )
  return reading
}

const NOT_A_KEY_LABELS: Record<string, string> = {
  'CERTIFICATE REQUEST': 'a certificate signing request (CSR)',
  'NEW CERTIFICATE REQUEST': 'a certificate signing request (CSR)',
  'X509 CRL': 'a certificate revocation list',
  'EC PARAMETERS': 'EC curve parameters (an EC key, not RSA)',
  PKCS7: 'a PKCS#7 bundle'
}

/** The first block that is a key or certificate (e.g. skipping the EC PARAMETERS block openssl ecparam writes first). */
function readPem(text: string, probe: Probe): KeyReadingOk {
  const blocks = pemDecodeAll(text)
  const block = blocks.find((b) => b.label in PEM_STRUCTURES || SPECIAL_LABELS.has(b.label))
  if (block) return readPemBlock(block, probe)
  const label = blocks[0]!.label
  if (label === 'EC PARAMETERS') throw notRsaError('ec')
  throw new KeyFormatError(
    'PEM_UNKNOWN_LABEL',
    `This PEM block (BEGIN ${label}) is ${NOT_A_KEY_LABELS[label] ?? 'not a key or certificate'}.`,
    'Paste a block labelled PUBLIC KEY, RSA PUBLIC KEY, RSA PRIVATE KEY, PRIVATE KEY or CERTIFICATE.'
  )
}

function sshReading(key: SshPublicKey, format: KeyFormat): KeyReadingOk {
  if (key.algorithm !== 'rsa') throw notRsaError(key.algorithm)
  return { ok: true, kind: 'public', format, publicKey: key.publicKey }
}

/** One RSA JWK, or a JWK set ({"keys": [...]}) holding exactly one RSA key. */
function pickJwk(json: unknown): unknown {
  const keys = json && typeof json === 'object' ? (json as { keys?: unknown }).keys : undefined
  if (!Array.isArray(keys)) return json
  const rsa = keys.filter((k) => k && typeof k === 'object' && (k as { kty?: unknown }).kty === 'RSA')
  if (rsa.length === 1) return rsa[0]
  if (rsa.length === 0 && keys.length > 0) return keys[0] // reports why that key is unusable
  throw new KeyFormatError(
    'JWK_INVALID',
    rsa.length === 0 ? 'The JWK set is empty.' : `The JWK set holds ${rsa.length} RSA keys; the site cannot tell which one you mean.`,
    'Paste the single JWK you want to check (one {"kty": "RSA", …} object).'
  )
}

function readJwk(text: string, probe: Probe): KeyReadingOk {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new KeyFormatError('JWK_INVALID', 'The text starts like JSON but is not valid JSON.', 'Paste the complete JSON Web Key object.')
  }
  const jwk = pickJwk(json)
  if (isPrivateJwk(jwk)) {
    probe.format = 'jwk-private'
    return privateReading('jwk-private', undefined, privateJwkToPkcs1(jwk))
  }
  if (jwk && typeof jwk === 'object' && 'kty' in jwk) probe.format = 'jwk-public'
  return { ok: true, kind: 'public', format: 'jwk-public', publicKey: jwkToPublicKey(jwk) }
}

function emptyError(): KeyFormatError {
  return new KeyFormatError('KEY_EMPTY', 'Nothing to read: the input is empty.', 'Paste a key or certificate, or drop the key file.')
}

function readText(text: string, probe: Probe): KeyReadingOk {
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (!trimmed) throw emptyError()
  if (looksLikePem(trimmed)) return readPem(trimmed, probe)
  if (looksLikeSsh2PublicBlock(trimmed)) {
    probe.format = 'ssh2-public'
    return sshReading(readSsh2PublicBlock(trimmed), 'ssh2-public')
  }
  if (trimmed.startsWith('PuTTY-User-Key-File-')) {
    probe.format = 'putty-private'
    throw puttyError()
  }
  if (trimmed.startsWith('{')) return readJwk(trimmed, probe)
  const sshLine = findSshPublicLine(trimmed)
  if (sshLine !== null) {
    probe.format = 'ssh-rsa-public'
    return sshReading(readSshPublicLine(sshLine), 'ssh-rsa-public')
  }
  const compact = trimmed.replace(/\s+/g, '')
  const der = base64Decode(compact) ?? base64UrlDecode(compact.replace(/=+$/, ''))
  if (der && der.length > 0 && der[0] === TAG.SEQUENCE) return readDer(der, 'base64', probe)
  throw unreadable('This text is not a key: no PEM block, JSON Web Key, ssh-rsa line or base64 DER was found.')
}

/** UTF-8 text without control characters other than whitespace; DER always has some (tags 0x02, 0x03 …). */
function decodeIfText(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeOrNull('utf-16le', bytes) // Windows PowerShell 5 '>' output
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeOrNull('utf-16be', bytes)
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) return null
  return decodeOrNull('utf-8', bytes)
}

function decodeOrNull(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function tooLarge(size: number): KeyFormatError {
  return new KeyFormatError(
    'KEY_INPUT_TOO_LARGE',
    `The input is ${(size / 1024 / 1024).toFixed(1)} MB; a key or certificate is a few kilobytes.`,
    'Choose the key file itself (for example jwt-public.der or jwt-private.pem).'
  )
}

/** Also true for a Uint8Array from another realm (an iframe or worker), where instanceof fails. */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]'
}

function read(input: Uint8Array | string, probe: Probe): KeyReadingOk {
  if (typeof input === 'string') {
    if (input.length > MAX_KEY_INPUT_BYTES) throw tooLarge(input.length)
    return readText(input, probe)
  }
  if (!isBytes(input)) throw unreadable('The input is neither text nor file bytes.')
  if (input.length === 0) throw emptyError()
  if (input.length > MAX_KEY_INPUT_BYTES) throw tooLarge(input.length)
  const text = decodeIfText(input)
  if (text !== null) return readText(text, probe)
  if (input[0] === TAG.SEQUENCE) return readDer(input, 'der', probe)
  const keystore = probeJavaKeystore(input)
  if (keystore) {
    probe.format = 'java-keystore'
    throw javaKeystoreError(keystore)
  }
  throw unreadable('This file is binary but not DER: it is not a key or certificate.')
}

/** Same as readKey, but throws the KeyFormatError (and only ever a KeyFormatError: the fuzz test holds it to that). */
export function readKeyOrThrow(input: Uint8Array | string): KeyReadingOk {
  return read(input, { format: 'unknown' })
}

const FORMAT_OF_ALGORITHM: Partial<Record<KeyAlgorithm, KeyFormat>> = {
  ec: 'ec-key',
  ed25519: 'ed25519-key',
  ed448: 'non-rsa-key',
  x25519: 'non-rsa-key',
  x448: 'non-rsa-key',
  dsa: 'non-rsa-key',
  other: 'non-rsa-key'
}

export function readKey(input: Uint8Array | string): KeyReading {
  const probe: Probe = { format: 'unknown' }
  try {
    return read(input, probe)
  } catch (caught) {
    // Defensive: a bug must still surface as a coded error, never as a crash of the page.
    const error =
      caught instanceof KeyFormatError ? caught : unreadable('The input could not be read as a key.')
    const format = (error.keyAlgorithm && FORMAT_OF_ALGORITHM[error.keyAlgorithm]) || probe.format
    return { ok: false, format, ...(probe.structure ? { structure: probe.structure } : {}), error }
  }
}
