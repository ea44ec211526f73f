// OpenSSH's formats: the one-line public key ("ssh-rsa AAAA… comment"), the RFC 4716 SSH2 public
// key block (ssh-keygen -e, PuTTYgen), and the header of an OpenSSH private key, which is enough
// to say which algorithm it holds. The wire format is length-prefixed (RFC 4251 section 5).
import { base64Decode } from '../encoding'
import { KeyFormatError, type KeyAlgorithm } from './key-errors'
import { publicKeyFromNumbers, type RsaPublicKey } from './rsa-keys'

export type SshPublicKey = { algorithm: 'rsa'; publicKey: RsaPublicKey } | { algorithm: Exclude<KeyAlgorithm, 'rsa'>; type: string }

const OPENSSH_MAGIC = 'openssh-key-v1\0'
const SSH2_BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----'

/** Cursor over the SSH wire format; every length is checked against what is left. */
export class SshReader {
  private offset = 0
  constructor(private readonly bytes: Uint8Array) {}

  get atEnd(): boolean {
    return this.offset === this.bytes.length
  }

  uint32(): number {
    if (this.bytes.length - this.offset < 4) throw damaged()
    const b = this.bytes
    const o = this.offset
    this.offset += 4
    return b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!)
  }

  string(): Uint8Array {
    return this.take(this.uint32())
  }

  /** The next `length` bytes, checked against what is left. */
  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) throw damaged()
    const value = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return value
  }

  /** An mpint (two's complement); RSA numbers are positive. */
  positiveMpint(): Uint8Array {
    const value = this.string()
    if (value.length === 0 || value[0]! & 0x80) throw damaged()
    return value
  }
}

export function damaged(): KeyFormatError {
  return new KeyFormatError(
    'SSH_KEY_INVALID',
    'The SSH key is damaged: its encoded data is cut short or malformed.',
    'Copy the whole line (or block) from the .pub file again, unchanged.'
  )
}

export const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 64))

export function sshKeyAlgorithm(type: string): KeyAlgorithm {
  if (type === 'ssh-rsa') return 'rsa'
  if (type === 'ssh-ed25519' || type.startsWith('sk-ssh-ed25519')) return 'ed25519'
  if (type.startsWith('ecdsa-sha2-') || type.startsWith('sk-ecdsa-sha2-')) return 'ec'
  if (type === 'ssh-dss') return 'dsa'
  return 'other'
}

/** Decodes a public key blob: string type, then (for ssh-rsa) mpint e, mpint n and nothing else. */
export function decodeSshPublicKeyBlob(blob: Uint8Array): SshPublicKey {
  const reader = new SshReader(blob)
  const type = ascii(reader.string())
  const algorithm = sshKeyAlgorithm(type)
  if (algorithm !== 'rsa') return { algorithm, type }
  const e = reader.positiveMpint()
  const n = reader.positiveMpint()
  if (!reader.atEnd) throw damaged()
  return { algorithm, publicKey: publicKeyFromNumbers(n, e) }
}

const KEY_TYPE = String.raw`(?:ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)`
const LINE_STARTING_WITH_TYPE = new RegExp(String.raw`^${KEY_TYPE}\s`)
const KEY_AFTER_OPTIONS = new RegExp(String.raw`\s(${KEY_TYPE}\s+AAAA.*)$`)

/**
 * The "type AAAA…" part of the first line, which may start with the type (.pub file) or with
 * authorized_keys options (from="…",no-pty ssh-rsa AAAA…). null when it is no such line.
 */
export function findSshPublicLine(text: string): string | null {
  const firstLine = text.split(/\r?\n/, 1)[0]!
  if (LINE_STARTING_WITH_TYPE.test(firstLine)) return firstLine
  const afterOptions = KEY_AFTER_OPTIONS.exec(firstLine)
  return afterOptions ? afterOptions[1]! : null
}

/** "ssh-rsa AAAA… comment": the type word must match the type inside the base64 blob. */
export function readSshPublicLine(line: string): SshPublicKey {
  const [type, data] = line.trim().split(/\s+/)
  const blob = data ? base64Decode(data) : null
  if (!type || !blob) throw damaged()
  const key = decodeSshPublicKeyBlob(blob)
  if (key.algorithm === 'rsa' ? type !== 'ssh-rsa' : type !== key.type) throw damaged()
  return key
}

export function looksLikeSsh2PublicBlock(text: string): boolean {
  return text.includes(SSH2_BEGIN)
}

/**
 * The base64 body of an RFC 4716 block, "---- BEGIN SSH2 <what> ----": headers ("Comment: …",
 * continued by a trailing backslash), then base64. ssh.com's private keys use the same armour.
 */
export function secshBody(text: string, what: string): Uint8Array {
  const beginLine = `---- BEGIN SSH2 ${what} ----`
  const begin = text.indexOf(beginLine)
  const end = begin < 0 ? -1 : text.indexOf(`---- END SSH2 ${what} ----`, begin)
  if (end < 0) throw damaged()
  const body: string[] = []
  let continued = false
  for (const line of text.slice(begin + beginLine.length, end).split(/\r?\n|\r/)) {
    const isHeader: boolean = continued || /^[\x21-\x39\x3b-\x7e]{1,64}:/.test(line)
    continued = isHeader && line.endsWith('\\')
    if (!isHeader) body.push(line)
  }
  const blob = base64Decode(body.join(''))
  if (!blob || blob.length === 0) throw damaged()
  return blob
}

/** RFC 4716 public key block (ssh-keygen -e, PuTTYgen's "public" export). */
export function readSsh2PublicBlock(text: string): SshPublicKey {
  return decodeSshPublicKeyBlob(secshBody(text, 'PUBLIC KEY'))
}

export interface OpensshPrivateHeader {
  algorithm: KeyAlgorithm
  type: string
  encrypted: boolean
  /** The first key's public half, which the format keeps in clear even under a passphrase. */
  publicKey: SshPublicKey
}

/**
 * The unencrypted header of an "OPENSSH PRIVATE KEY" block: magic, cipher, kdf, kdf options,
 * key count and the first public key. The private part is never touched.
 */
export function readOpensshPrivateHeader(der: Uint8Array): OpensshPrivateHeader {
  if (der.length < OPENSSH_MAGIC.length || ascii(der.subarray(0, OPENSSH_MAGIC.length)) !== OPENSSH_MAGIC) throw damaged()
  const reader = new SshReader(der.subarray(OPENSSH_MAGIC.length))
  const cipher = ascii(reader.string())
  reader.string() // kdf name
  reader.string() // kdf options
  if (reader.uint32() < 1) throw damaged()
  const blob = reader.string()
  const type = ascii(new SshReader(blob).string())
  return { algorithm: sshKeyAlgorithm(type), type, encrypted: cipher !== 'none', publicKey: decodeSshPublicKeyBlob(blob) }
}
