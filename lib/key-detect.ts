// Reads whatever a user pastes or drops (PEM, DER, base64, JWK, ssh-rsa, certificate …) and says
// what it is. Never throws: unusable input comes back as { ok: false } with a coded error.
import { base64Decode } from './base64'
import { DerReader, OID, readOid, TAG } from './der'
import { KeyFormatError } from './key-errors'
import { looksLikePem, pemDecodeAll, type PemBlock } from './pem'
import {
  decodePkcs1PrivateKey,
  decodePkcs1PublicKey,
  isPrivateJwk,
  jwkToPrivateKey,
  jwkToPublicKey,
  encodePkcs1PrivateKey,
  makePublicKey,
  notRsaError,
  pkcs1PrivateToPkcs8,
  pkcs8ToPkcs1Private,
  publicKeyFromCertificate,
  spkiToPkcs1,
  type RsaPublicKey
} from './rsa-keys'

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
  | 'ec-private-pem'
  | 'ec-private-der'
  | 'jwk-public'
  | 'jwk-private'
  | 'ssh-rsa-public'
  | 'ssh-other-public'
  | 'base64-der'

/** The ASN.1 structure found, whatever the armour (PEM, DER or bare base64). */
export type KeyStructure = 'pkcs1-public' | 'spki' | 'pkcs1-private' | 'pkcs8-private' | 'certificate'

export type KeyReading =
  | { ok: true; kind: 'public'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey }
  | {
      ok: true
      kind: 'private'
      format: KeyFormat
      structure?: KeyStructure
      publicKey: RsaPublicKey
      pkcs1Der: Uint8Array
      pkcs8Der: Uint8Array
    }
  | { ok: true; kind: 'certificate'; format: KeyFormat; structure?: KeyStructure; publicKey: RsaPublicKey }
  | { ok: false; format: KeyFormat | 'unknown'; error: KeyFormatError }

/** Far larger than any key or certificate; above it we refuse before parsing. */
export const MAX_KEY_INPUT_BYTES = 1024 * 1024

type Encoding = 'pem' | 'der' | 'base64'

function formatFor(structure: KeyStructure, encoding: Encoding): KeyFormat {
  if (encoding === 'base64') return 'base64-der'
  const names: Record<KeyStructure, string> = {
    'pkcs1-public': 'pkcs1-public',
    spki: 'spki',
    'pkcs1-private': 'pkcs1-private',
    'pkcs8-private': 'pkcs8-private',
    certificate: 'certificate'
  }
  return `${names[structure]}-${encoding}` as KeyFormat
}

function privateReading(format: KeyFormat, structure: KeyStructure, pkcs1Der: Uint8Array): KeyReading {
  const key = decodePkcs1PrivateKey(pkcs1Der)
  return {
    ok: true,
    kind: 'private',
    format,
    structure,
    publicKey: makePublicKey(key.n, key.e),
    pkcs1Der,
    pkcs8Der: pkcs1PrivateToPkcs8(pkcs1Der)
  }
}

function encryptedKeyError(): KeyFormatError {
  return new KeyFormatError(
    'KEY_ENCRYPTED',
    'This private key is encrypted with a passphrase, so it cannot be read here (and the site never asks for passphrases).',
    'Decrypt it on your machine first: openssl rsa -in encrypted-key.pem -out jwt-private.pem, then use jwt-private.pem.'
  )
}

function ecPrivateError(): KeyFormatError {
  return notRsaError(OID.ecPublicKey)
}

/** Identifies a DER structure by its shape, then decodes it. */
function readDer(der: Uint8Array, encoding: Encoding): KeyReading {
  const outer = new DerReader(der)
  const top = outer.read(TAG.SEQUENCE)
  outer.expectEnd('key')
  const body = new DerReader(top.value)
  const firstTag = body.peekTag()

  if (firstTag === TAG.INTEGER) {
    const first = body.read(TAG.INTEGER)
    const secondTag = body.peekTag()
    if (secondTag === TAG.INTEGER) {
      // Two integers: RSAPublicKey. Nine (version 0 first): RSAPrivateKey.
      let count = 2
      body.read(TAG.INTEGER)
      while (!body.atEnd) {
        body.read()
        count++
      }
      if (count === 2) {
        return { ok: true, kind: 'public', format: formatFor('pkcs1-public', encoding), structure: 'pkcs1-public', publicKey: decodePkcs1PublicKey(der) }
      }
      return privateReading(formatFor('pkcs1-private', encoding), 'pkcs1-private', der.slice())
    }
    if (secondTag === TAG.SEQUENCE) {
      // PrivateKeyInfo: version, AlgorithmIdentifier, OCTET STRING.
      const pkcs1 = pkcs8ToPkcs1Private(der)
      return privateReading(formatFor('pkcs8-private', encoding), 'pkcs8-private', pkcs1)
    }
    if (secondTag === TAG.OCTET_STRING && first.value.length === 1 && first.value[0] === 1) {
      throw ecPrivateError() // RFC 5915 ECPrivateKey
    }
  }

  if (firstTag === TAG.SEQUENCE) {
    const second = new DerReader(top.value)
    const firstSeq = second.read(TAG.SEQUENCE)
    const nextTag = second.peekTag()
    if (nextTag === TAG.BIT_STRING) {
      // SubjectPublicKeyInfo
      return {
        ok: true,
        kind: 'public',
        format: formatFor('spki', encoding),
        structure: 'spki',
        publicKey: decodePkcs1PublicKey(spkiToPkcs1(der))
      }
    }
    if (nextTag === TAG.OCTET_STRING) {
      // EncryptedPrivateKeyInfo: AlgorithmIdentifier (e.g. PBES2), encrypted data.
      const oid = readOid(new DerReader(firstSeq.value))
      if (oid === OID.pbes2 || oid.startsWith('1.2.840.113549.1.12.') || oid.startsWith('1.2.840.113549.1.5.')) throw encryptedKeyError()
    }
    if (nextTag === TAG.SEQUENCE) {
      return { ok: true, kind: 'certificate', format: formatFor('certificate', encoding), structure: 'certificate', publicKey: publicKeyFromCertificate(der) }
    }
  }
  throw new KeyFormatError(
    'KEY_UNREADABLE',
    'This is DER data, but not a key or certificate structure the site knows.',
    'Use the public key file (jwt-public.der), the private key (jwt-private.pem) or a certificate.'
  )
}

const PEM_LABELS: Record<string, { structure?: KeyStructure; special?: 'encrypted' | 'openssh' | 'ec' }> = {
  'RSA PUBLIC KEY': { structure: 'pkcs1-public' },
  'PUBLIC KEY': { structure: 'spki' },
  'RSA PRIVATE KEY': { structure: 'pkcs1-private' },
  'PRIVATE KEY': { structure: 'pkcs8-private' },
  CERTIFICATE: { structure: 'certificate' },
  'X509 CERTIFICATE': { structure: 'certificate' },
  'TRUSTED CERTIFICATE': { structure: 'certificate' },
  'ENCRYPTED PRIVATE KEY': { special: 'encrypted' },
  'OPENSSH PRIVATE KEY': { special: 'openssh' },
  'EC PRIVATE KEY': { special: 'ec' }
}

function readPemBlock(block: PemBlock): KeyReading {
  const known = PEM_LABELS[block.label]
  if (!known)
    throw new KeyFormatError(
      'PEM_UNKNOWN_LABEL',
      `A PEM block labelled "${block.label}" is not a key or certificate.`,
      'Paste a block labelled PUBLIC KEY, RSA PUBLIC KEY, RSA PRIVATE KEY, PRIVATE KEY or CERTIFICATE.'
    )
  if (known.special === 'encrypted' || block.headers['Proc-Type']?.includes('ENCRYPTED')) throw encryptedKeyError()
  if (known.special === 'openssh')
    throw new KeyFormatError(
      'KEY_OPENSSH_PRIVATE',
      'This is an OpenSSH private key. Token signers need it in PEM form.',
      'Convert a copy on your machine: ssh-keygen -p -m PEM -f id_rsa_copy (it rewrites the file as BEGIN RSA PRIVATE KEY).'
    )
  if (known.special === 'ec') throw ecPrivateError()
  const reading = readDer(block.der, 'pem')
  if (reading.ok && reading.structure !== known.structure)
    throw new KeyFormatError(
      'PEM_LABEL_MISMATCH',
      `The block is labelled "${block.label}" but holds a ${reading.structure} structure.`,
      'The label was edited by hand. Export the key again instead of renaming the label.'
    )
  return reading
}

function readSshPublicLine(line: string): KeyReading {
  const [type, data] = line.trim().split(/\s+/)
  if (type !== 'ssh-rsa') {
    return {
      ok: false,
      format: 'ssh-other-public',
      error: notRsaError(type?.startsWith('ecdsa') ? OID.ecPublicKey : type === 'ssh-ed25519' ? OID.ed25519 : `ssh:${type}`)
    }
  }
  const bytes = data ? base64Decode(data) : null
  const fail = () =>
    new KeyFormatError('SSH_KEY_INVALID', 'The ssh-rsa line is damaged.', 'Copy the whole line from the .pub file again.')
  if (!bytes) throw fail()
  const fields: Uint8Array[] = []
  let offset = 0
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) throw fail()
    const length = ((bytes[offset]! << 24) >>> 0) + (bytes[offset + 1]! << 16) + (bytes[offset + 2]! << 8) + bytes[offset + 3]!
    offset += 4
    if (length > bytes.length - offset) throw fail()
    fields.push(bytes.subarray(offset, offset + length))
    offset += length
  }
  if (fields.length !== 3 || new TextDecoder().decode(fields[0]) !== 'ssh-rsa') throw fail()
  return { ok: true, kind: 'public', format: 'ssh-rsa-public', publicKey: makePublicKey(fields[2]!, fields[1]!) }
}

function readJwk(text: string): KeyReading {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new KeyFormatError('JWK_INVALID', 'The text starts like JSON but is not valid JSON.', 'Paste the complete JSON Web Key object.')
  }
  if (isPrivateJwk(json)) {
    const pkcs1 = encodePkcs1PrivateKey(jwkToPrivateKey(json))
    return privateReading('jwk-private', 'pkcs1-private', pkcs1)
  }
  return { ok: true, kind: 'public', format: 'jwk-public', publicKey: jwkToPublicKey(json) }
}

function readText(text: string): KeyReading {
  const trimmed = text.trim()
  if (!trimmed) throw emptyError()
  if (looksLikePem(trimmed)) return readPemBlock(pemDecodeAll(trimmed)[0]!)
  if (trimmed.startsWith('{')) return readJwk(trimmed)
  if (/^(ssh-|ecdsa-sha2-)/.test(trimmed)) return readSshPublicLine(trimmed)
  const der = base64Decode(trimmed)
  if (der && der.length > 0 && der[0] === TAG.SEQUENCE) return readDer(der, 'base64')
  throw new KeyFormatError(
    'KEY_UNREADABLE',
    'This text is not a key: no PEM block, JSON Web Key, ssh-rsa line or base64 DER was found.',
    'Paste the whole key file, including its -----BEGIN and -----END lines, or drop the file itself.'
  )
}

function emptyError(): KeyFormatError {
  return new KeyFormatError('KEY_EMPTY', 'Nothing to read: the input is empty.', 'Paste a key or certificate, or drop the key file.')
}

function guessFormat(error: KeyFormatError): KeyFormat | 'unknown' {
  if (error.code === 'KEY_ENCRYPTED') return 'encrypted-private-pem'
  if (error.code === 'KEY_OPENSSH_PRIVATE') return 'openssh-private'
  return 'unknown'
}

function readUnsafe(input: Uint8Array | string): KeyReading {
  const size = typeof input === 'string' ? input.length : input.length
  if (size === 0) throw emptyError()
  if (size > MAX_KEY_INPUT_BYTES)
    throw new KeyFormatError(
      'KEY_INPUT_TOO_LARGE',
      `The input is ${(size / 1024 / 1024).toFixed(1)} MB; a key or certificate is a few kilobytes.`,
      'Choose the key file itself (for example jwt-public.der or jwt-private.pem).'
    )
  if (typeof input === 'string') return readText(input)
  if (input[0] === TAG.SEQUENCE) return readDer(input, 'der')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input)
  } catch {
    throw new KeyFormatError(
      'KEY_UNREADABLE',
      'This file is binary but not DER: it is not a key or certificate.',
      'Choose the key file itself (jwt-public.der, jwt-private.pem) or a certificate.'
    )
  }
  return readText(text)
}

export function readKey(input: Uint8Array | string): KeyReading {
  try {
    return readUnsafe(input)
  } catch (error) {
    if (error instanceof KeyFormatError) return { ok: false, format: guessFormat(error), error }
    // Defensive: a bug must still surface as a coded error, never as a crash of the page.
    return {
      ok: false,
      format: 'unknown',
      error: new KeyFormatError('KEY_UNREADABLE', 'The input could not be read as a key.', 'Paste the whole key file or drop the file itself.')
    }
  }
}
