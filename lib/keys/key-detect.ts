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
import { encryptedKeyError, openpgpPrivateError, opensshError, puttyError, sshcomError } from './private-file-fixes'
import { javaKeystoreError, pkcs12Error, probeJavaKeystore, probePkcs12 } from './pkcs12'
import { certificateChoices, looksLikeCsrInfo, pkcs7Certificates, readCsr } from './cert-bundles'
import { chosenKey, pickChoice, type KeyChoices } from './key-choices'
import { dearmorPgp, looksLikePgpArmor, looksLikePgpBinary, pgpChoices, readPgpKeys } from './openpgp-keys'
import { looksLikePutty, looksLikeSshcomPrivate, readPuttyKey, readSshcomPrivateKey } from './putty-keys'
import { hexDumpBytes, looksLikeOpensslText, readOpensslText } from './text-dumps'

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
 * - sshcom-private  ssh.com / SECSH private key (BEGIN SSH2 ENCRYPTED PRIVATE KEY; PuTTYgen -O private-sshcom)
 * - csr-*            PKCS#10 certificate signing request (BEGIN CERTIFICATE REQUEST)
 * - pkcs7-*          PKCS#7 certificate bundle (.p7b, BEGIN PKCS7)
 * - certificate-chain  several PEM certificates in one file
 * - openpgp-public / openpgp-private  OpenPGP key (gpg --export / --export-secret-keys), armoured or binary
 * - hex-der          a hex dump of DER (xxd, xxd -p, hex with colons or spaces)
 * - openssl-text     the text openssl prints with -text (modulus and exponent)
 * - ec-key / ed25519-key / dsa-key / rsa-pss-key / non-rsa-key  a key RS256 cannot use, in any of the forms above
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
  | 'sshcom-private'
  | 'csr-pem'
  | 'csr-der'
  | 'pkcs7-pem'
  | 'pkcs7-der'
  | 'certificate-chain'
  | 'openpgp-public'
  | 'openpgp-private'
  | 'hex-der'
  | 'openssl-text'
  | 'ec-key'
  | 'ed25519-key'
  | 'dsa-key'
  | 'rsa-pss-key'
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
  | 'csr'
  | 'pkcs7'

/** A PEM block whose BEGIN label names another structure than the one inside (a hand-edited header). */
export interface LabelWrong {
  label: string
  /** The PEM label the contents call for. */
  expected: string
}

/** What some readings carry besides the key: the entries to pick from, a wrong label. */
interface ReadingExtras {
  choices?: KeyChoices
  labelWrong?: LabelWrong
}

export type KeyReading =
  | ({ ok: true; kind: 'public'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey } & ReadingExtras)
  | ({
      ok: true
      kind: 'private'
      format: KeyFormat
      structure?: KeyStructure
      publicKey: RsaPublicKey
      /** RSAPrivateKey DER (for jwt-private.pem). */
      pkcs1Der: Uint8Array
      /** PrivateKeyInfo DER (for WebCrypto / jose importKey). */
      pkcs8Der: Uint8Array
    } & ReadingExtras)
  | ({ ok: true; kind: 'certificate'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey } & ReadingExtras)
  /** A certificate signing request: the RSA public key it asks a CA to certify. */
  | ({ ok: true; kind: 'request'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey; subject: string } & ReadingExtras)
  /**
   * A private key file in a tool's own format (PuTTY, OpenSSH, ssh.com, OpenPGP) whose public half
   * is read from the part the format keeps in clear; the private half is never read.
   */
  | ({
      ok: true
      kind: 'private-file'
      format: KeyFormat
      structure?: KeyStructure
      publicKey: RsaPublicKey
      /** The private half is protected by a passphrase. */
      encrypted: boolean
      /** How to turn the file into the PEM a token signer reads (its command included). */
      toSigningPem: KeyFormatError
    } & ReadingExtras)
  | ({ ok: false; format: KeyFormat | 'unknown'; structure?: KeyStructure; error: KeyFormatError } & ReadingExtras)

export interface ReadKeyOptions {
  /** Index of the entry to use in a file holding several keys (a certificate chain, an OpenPGP key with subkeys). */
  choice?: number
  /**
   * Read the public half of a private key file in a tool's own format (PuTTY, OpenSSH, ssh.com,
   * OpenPGP) as a 'private-file' reading. Off by default: a token signer needs the private key,
   * and gets the coded error that says how to convert the file.
   */
  publicPartOfPrivateFiles?: boolean
}

export type KeyReadingOk = Extract<KeyReading, { ok: true }>

/** Far larger than any key or certificate (a 16384-bit private key is ~10 kB); refused before parsing. */
export const MAX_KEY_INPUT_BYTES = 1024 * 1024

type Encoding = 'pem' | 'der' | 'base64' | 'hex'

/** What has been recognised so far, so a failure deep inside can still say what the input was. */
interface Probe {
  format: KeyFormat | 'unknown'
  structure?: KeyStructure
  choices?: KeyChoices
  options: ReadKeyOptions
}

function recognise(probe: Probe, structure: KeyStructure, encoding: Encoding): KeyFormat {
  probe.structure = structure
  const format: KeyFormat =
    encoding === 'base64'
      ? 'base64-der'
      : encoding === 'hex'
        ? 'hex-der'
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

/** The reading of a file holding several keys: the chosen entry (or the reader's pick). */
function withChoices(probe: Probe, choices: KeyChoices): { publicKey: RsaPublicKey; choices: KeyChoices } {
  const picked = pickChoice(choices, probe.options.choice)
  probe.choices = picked
  return { publicKey: chosenKey(picked), choices: picked }
}

function certificatesReading(certs: Uint8Array[], format: KeyFormat, structure: KeyStructure, probe: Probe): KeyReadingOk {
  probe.format = format
  return { ok: true, kind: 'certificate', format, structure, ...withChoices(probe, certificateChoices(certs)) }
}

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

  if (firstTag === TAG.OID) {
    // ContentInfo: a PKCS#7 bundle of certificates (.p7b).
    const format = recognise(probe, 'pkcs7', encoding)
    return certificatesReading(pkcs7Certificates(der), format, 'pkcs7', probe)
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
    if (nextTag === TAG.SEQUENCE && looksLikeCsrInfo(algorithm.value)) {
      const format = recognise(probe, 'csr', encoding)
      const csr = readCsr(der)
      return { ok: true, kind: 'request', format, structure: 'csr', subject: csr.subject, publicKey: decodePkcs1PublicKey(spkiToPkcs1(csr.spki)) }
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
  'X509 CERTIFICATE': 'certificate',
  'CERTIFICATE REQUEST': 'csr',
  'NEW CERTIFICATE REQUEST': 'csr',
  PKCS7: 'pkcs7'
}
/** The label each structure is written under (the first of its labels above). */
const LABEL_OF_STRUCTURE = new Map<KeyStructure, string>()
for (const [label, structure] of Object.entries(PEM_STRUCTURES)) if (!LABEL_OF_STRUCTURE.has(structure)) LABEL_OF_STRUCTURE.set(structure, label)

const SPECIAL_LABELS = new Set<string>([PEM_LABEL.encryptedPrivateKey, PEM_LABEL.opensshPrivateKey, PEM_LABEL.ecPrivateKey, 'DSA PRIVATE KEY', 'RSA-PSS PRIVATE KEY'])
const isCertificateLabel = (label: string) => PEM_STRUCTURES[label] === 'certificate'

function privateFileReading(
  probe: Probe,
  format: KeyFormat,
  publicKey: RsaPublicKey,
  encrypted: boolean,
  toSigningPem: KeyFormatError,
  choices?: KeyChoices
): KeyReadingOk {
  probe.format = format
  if (!probe.options.publicPartOfPrivateFiles) throw toSigningPem
  return { ok: true, kind: 'private-file', format, publicKey, encrypted, toSigningPem, ...(choices ? { choices } : {}) }
}

function readPemBlock(block: PemBlock, probe: Probe): KeyReadingOk {
  const label = block.label
  if (label === PEM_LABEL.encryptedPrivateKey || block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    probe.format = 'encrypted-private-pem'
    throw encryptedKeyError(label !== PEM_LABEL.encryptedPrivateKey)
  }
  if (label === PEM_LABEL.opensshPrivateKey) {
    probe.format = 'openssh-private'
    const header = readOpensshPrivateHeader(block.der)
    if (header.publicKey.algorithm !== 'rsa') throw notRsaError(header.algorithm)
    return privateFileReading(probe, 'openssh-private', header.publicKey.publicKey, header.encrypted, opensshError(header.encrypted))
  }
  if (label === PEM_LABEL.ecPrivateKey) throw notRsaError('ec')
  if (label === 'DSA PRIVATE KEY') throw notRsaError('dsa')
  if (label === 'RSA-PSS PRIVATE KEY') throw notRsaError('rsa-pss') // openssl rsa -traditional on an RSA-PSS key
  const structure = PEM_STRUCTURES[label]!
  recognise(probe, structure, 'pem') // the label says what it should be, even if the DER inside is damaged
  const reading = readDer(block.der, 'pem', probe)
  if (reading.structure === structure) return reading
  // A sound structure under another structure's label: the key is usable, the label is not.
  const expected = LABEL_OF_STRUCTURE.get(reading.structure!)!
  return { ...reading, labelWrong: { label, expected } }
}

const NOT_A_KEY_LABELS: Record<string, string> = {
  'X509 CRL': 'a certificate revocation list',
  'EC PARAMETERS': 'EC curve parameters (an EC key, not RSA)',
  'DSA PARAMETERS': 'DSA parameters (for a DSA key, not RSA)'
}

/** The first block that is a key or certificate (e.g. skipping the EC PARAMETERS block openssl ecparam writes first). */
function readPem(text: string, probe: Probe): KeyReadingOk {
  const blocks = pemDecodeAll(text)
  const block = blocks.find((b) => b.label in PEM_STRUCTURES || SPECIAL_LABELS.has(b.label))
  if (block) {
    const certificates = isCertificateLabel(block.label) ? blocks.filter((b) => isCertificateLabel(b.label)) : []
    if (certificates.length > 1) {
      probe.structure = 'certificate'
      return certificatesReading(certificates.map((b) => b.der), 'certificate-chain', 'certificate', probe)
    }
    return readPemBlock(block, probe)
  }
  const label = blocks[0]!.label
  if (label === 'EC PARAMETERS') throw notRsaError('ec')
  if (label === 'DSA PARAMETERS') throw notRsaError('dsa')
  throw new KeyFormatError(
    'PEM_UNKNOWN_LABEL',
    `This PEM block (BEGIN ${label}) is ${NOT_A_KEY_LABELS[label] ?? 'not a key or certificate'}.`,
    'Paste a block labelled PUBLIC KEY, RSA PUBLIC KEY, RSA PRIVATE KEY, PRIVATE KEY, CERTIFICATE, CERTIFICATE REQUEST or PKCS7.'
  )
}

function sshReading(key: SshPublicKey, format: KeyFormat): KeyReadingOk {
  if (key.algorithm !== 'rsa') throw notRsaError(key.algorithm)
  return { ok: true, kind: 'public', format, publicKey: key.publicKey }
}

function readPgp(bytes: Uint8Array, probe: Probe): KeyReadingOk {
  const ring = readPgpKeys(bytes)
  const format: KeyFormat = ring.secret ? 'openpgp-private' : 'openpgp-public'
  probe.format = format
  const { publicKey, choices } = withChoices(probe, pgpChoices(ring, notRsaError))
  if (ring.secret) return privateFileReading(probe, format, publicKey, false, openpgpPrivateError(), choices)
  return { ok: true, kind: 'public', format, publicKey, choices }
}

function readPutty(text: string, probe: Probe): KeyReadingOk {
  probe.format = 'putty-private'
  const ppk = readPuttyKey(text)
  if (ppk.key.algorithm !== 'rsa') throw notRsaError(ppk.key.algorithm)
  return privateFileReading(probe, 'putty-private', ppk.key.publicKey, ppk.encrypted, puttyError(ppk.encrypted))
}

function readSshcom(text: string, probe: Probe): KeyReadingOk {
  probe.format = 'sshcom-private'
  const key = readSshcomPrivateKey(text)
  if (key.algorithm !== 'rsa') throw notRsaError(key.algorithm)
  if (!key.publicKey) {
    const error = sshcomError(true)
    throw new KeyFormatError('KEY_ENCRYPTED', error.message, error.fix, { command: error.command! })
  }
  return privateFileReading(probe, 'sshcom-private', key.publicKey, false, sshcomError(false))
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
  if (looksLikePgpArmor(trimmed)) {
    // A signature or message block is armoured the same way: only key blocks are named as keys.
    if (trimmed.includes('-----BEGIN PGP PRIVATE KEY BLOCK')) probe.format = 'openpgp-private'
    else if (trimmed.includes('-----BEGIN PGP PUBLIC KEY BLOCK')) probe.format = 'openpgp-public'
    return readPgp(dearmorPgp(trimmed), probe)
  }
  if (looksLikePem(trimmed)) return readPem(trimmed, probe)
  if (looksLikeSshcomPrivate(trimmed)) return readSshcom(trimmed, probe)
  if (looksLikeSsh2PublicBlock(trimmed)) {
    probe.format = 'ssh2-public'
    return sshReading(readSsh2PublicBlock(trimmed), 'ssh2-public')
  }
  if (looksLikePutty(trimmed)) return readPutty(trimmed, probe)
  if (trimmed.startsWith('{')) return readJwk(trimmed, probe)
  const sshLine = findSshPublicLine(trimmed)
  if (sshLine !== null) {
    probe.format = 'ssh-rsa-public'
    return sshReading(readSshPublicLine(sshLine), 'ssh-rsa-public')
  }
  if (looksLikeOpensslText(trimmed)) {
    probe.format = 'openssl-text'
    return { ok: true, kind: 'public', format: 'openssl-text', publicKey: readOpensslText(trimmed) }
  }
  const hex = hexDumpBytes(trimmed)
  if (hex && hex[0] === TAG.SEQUENCE) return readDer(hex, 'hex', probe)
  const compact = trimmed.replace(/\s+/g, '')
  const der = base64Decode(compact) ?? base64UrlDecode(compact.replace(/=+$/, ''))
  if (der && der.length > 0 && der[0] === TAG.SEQUENCE) return readDer(der, 'base64', probe)
  throw unreadable('This text is not a key: no PEM block, JSON Web Key, ssh-rsa line, hex dump or base64 DER was found.')
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
  if (looksLikePgpBinary(input)) {
    probe.format = 'openpgp-public'
    return readPgp(input, probe)
  }
  const keystore = probeJavaKeystore(input)
  if (keystore) {
    probe.format = 'java-keystore'
    throw javaKeystoreError(keystore)
  }
  throw unreadable('This file is binary but not DER: it is not a key or certificate.')
}

/** Same as readKey, but throws the KeyFormatError (and only ever a KeyFormatError: the fuzz test holds it to that). */
export function readKeyOrThrow(input: Uint8Array | string, options: ReadKeyOptions = {}): KeyReadingOk {
  return read(input, { format: 'unknown', options })
}

const FORMAT_OF_ALGORITHM: Partial<Record<KeyAlgorithm, KeyFormat>> = {
  ec: 'ec-key',
  ed25519: 'ed25519-key',
  ed448: 'non-rsa-key',
  x25519: 'non-rsa-key',
  x448: 'non-rsa-key',
  dsa: 'dsa-key',
  'rsa-pss': 'rsa-pss-key',
  other: 'non-rsa-key'
}

export function readKey(input: Uint8Array | string, options: ReadKeyOptions = {}): KeyReading {
  const probe: Probe = { format: 'unknown', options }
  try {
    return read(input, probe)
  } catch (caught) {
    // Defensive: a bug must still surface as a coded error, never as a crash of the page.
    const error =
      caught instanceof KeyFormatError ? caught : unreadable('The input could not be read as a key.')
    // A bundle keeps its own name (and its entries) when the chosen entry is not RSA.
    const format = (!probe.choices && error.keyAlgorithm && FORMAT_OF_ALGORITHM[error.keyAlgorithm]) || probe.format
    return {
      ok: false,
      format,
      ...(probe.structure ? { structure: probe.structure } : {}),
      ...(probe.choices ? { choices: probe.choices } : {}),
      error
    }
  }
}
