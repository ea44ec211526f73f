// PuTTY's .ppk private key files (versions 2 and 3) and ssh.com's SECSH private keys, as PuTTYgen
// writes them. A .ppk keeps its public half in clear ("Public-Lines"), even under a passphrase,
// so the public key is read without ever touching the private lines.
//
// .ppk:   "PuTTY-User-Key-File-<v>: <type>", "Encryption: …", "Comment: …", "Public-Lines: N",
//         N lines of base64 (the SSH public key blob), then the private lines and a MAC.
// ssh.com: "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----" around base64 of: uint32 magic 0x3f6ff9eb,
//         uint32 total size, string key type, string cipher, string data. With cipher "none" the
//         data is one string holding, for RSA, e, d, n, u, p, q as ssh.com mpints (uint32 bit
//         count, then the bytes). Layout as documented in PuTTY's import.c.
import { base64Decode } from '../encoding'
import { KeyFormatError, type KeyAlgorithm } from './key-errors'
import { publicKeyFromNumbers, type RsaPublicKey } from './rsa-keys'
import { ascii, damaged, decodeSshPublicKeyBlob, secshBody, sshKeyAlgorithm, SshReader, type SshPublicKey } from './ssh-keys'

export const PUTTY_MAGIC = 'PuTTY-User-Key-File-'
export const SSHCOM_PRIVATE = 'ENCRYPTED PRIVATE KEY'
const SSHCOM_BEGIN = `---- BEGIN SSH2 ${SSHCOM_PRIVATE} ----`
/** A 16384-bit key's blob is ~2.8 kB: 64 lines of 64 characters. More is not a key. */
const MAX_PUBLIC_LINES = 128

export interface PuttyKey {
  version: number
  encrypted: boolean
  key: SshPublicKey
}

function puttyDamaged(message: string): KeyFormatError {
  return new KeyFormatError('PUTTY_KEY_INVALID', `The PuTTY key file is damaged: ${message}`, 'Use the .ppk file exactly as PuTTYgen saved it (open it in PuTTYgen and save it again if unsure).')
}

export function looksLikePutty(text: string): boolean {
  return text.startsWith(PUTTY_MAGIC)
}

/** The public half of a .ppk file, and whether its private half is passphrase-protected. */
export function readPuttyKey(text: string): PuttyKey {
  const lines = text.split(/\r?\n|\r/)
  const first = /^PuTTY-User-Key-File-(\d{1,3}): ([\x21-\x7e]{1,64})$/.exec(lines[0]!.trim())
  if (!first) throw puttyDamaged('its first line is not "PuTTY-User-Key-File-<version>: <key type>".')
  const version = Number(first[1])
  if (version < 2 || version > 3)
    throw puttyDamaged(`it is version ${version}; PuTTYgen writes versions 2 and 3 (open it in a current PuTTYgen and save it again).`)
  const headers = new Map<string, string>()
  let i = 1
  for (; i < lines.length && i < 8; i++) {
    const header = /^([A-Za-z-]{1,32}): ?(.*)$/.exec(lines[i]!.trim())
    if (!header) throw puttyDamaged(`line ${i + 1} is not a "Name: value" header.`)
    headers.set(header[1]!, header[2]!)
    if (header[1] === 'Public-Lines') break
  }
  const count = Number(headers.get('Public-Lines'))
  if (!Number.isInteger(count) || count < 1 || count > MAX_PUBLIC_LINES) throw puttyDamaged('it has no valid "Public-Lines" count.')
  if (i + count >= lines.length) throw puttyDamaged('it ends inside its public key lines.')
  const blob = base64Decode(lines.slice(i + 1, i + 1 + count).map((l) => l.trim()).join(''))
  if (!blob) throw puttyDamaged('its public key lines are not base64.')
  const key = decodeSshPublicKeyBlob(blob)
  const type = first[2]!
  if (key.algorithm === 'rsa' ? type !== 'ssh-rsa' : key.type !== type) throw puttyDamaged(`its header says ${type} but its public key is another type.`)
  const encryption = headers.get('Encryption')
  if (encryption === undefined) throw puttyDamaged('it has no "Encryption" line.')
  return { version, encrypted: encryption !== 'none', key }
}

export function looksLikeSshcomPrivate(text: string): boolean {
  return text.includes(SSHCOM_BEGIN)
}

export interface SshcomPrivateKey {
  algorithm: KeyAlgorithm
  /** The RSA public key: only when the file is not passphrase-protected (the format has no clear public part). */
  publicKey?: RsaPublicKey
  encrypted: boolean
}

const SSHCOM_MAGIC = 0x3f6ff9eb

/** ssh.com's mpint: a 32-bit count of bits, then that many bits as whole bytes. */
function sshcomMpint(reader: SshReader): Uint8Array {
  const bits = reader.uint32()
  return reader.take(Math.ceil(bits / 8))
}

function sshcomAlgorithm(type: string): KeyAlgorithm {
  if (type.startsWith('if-modn{sign{rsa')) return 'rsa'
  if (type.startsWith('dl-modp{sign{dsa')) return 'dsa'
  return sshKeyAlgorithm(type)
}

export function readSshcomPrivateKey(text: string): SshcomPrivateKey {
  const reader = new SshReader(secshBody(text, SSHCOM_PRIVATE))
  if (reader.uint32() !== SSHCOM_MAGIC) throw damaged()
  reader.uint32() // total size
  const algorithm = sshcomAlgorithm(ascii(reader.string()))
  const cipher = ascii(reader.string())
  const data = reader.string()
  if (cipher !== 'none' || algorithm !== 'rsa') return { algorithm, encrypted: cipher !== 'none' }
  const payload = new SshReader(new SshReader(data).string())
  const e = sshcomMpint(payload)
  sshcomMpint(payload) // d: never used
  const n = sshcomMpint(payload)
  return { algorithm, encrypted: false, publicKey: publicKeyFromNumbers(n, e) }
}
