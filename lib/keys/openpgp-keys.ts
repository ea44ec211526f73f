// OpenPGP keys (RFC 4880, RFC 9580) as gpg exports them: ASCII armour ("-----BEGIN PGP PUBLIC KEY
// BLOCK-----", headers, a blank line, base64, "=" and a CRC-24 checksum) or binary packets.
// Only key packets and user ids are read. A secret key packet starts with the same public fields
// as a public one, in clear whether or not a passphrase protects the secret part that follows.
import { base64Decode } from '../encoding'
import { KeyFormatError, type KeyAlgorithm } from './key-errors'
import { describeKey, publicKeyFromNumbers, type RsaPublicKey } from './rsa-keys'
import { choiceKeyLine, type KeyChoice, type KeyChoices } from './key-choices'

const ARMOR_BEGIN = '-----BEGIN PGP '
const TAG_SECRET_KEY = 5
const TAG_PUBLIC_KEY = 6
const TAG_SECRET_SUBKEY = 7
const TAG_USER_ID = 13
const TAG_PUBLIC_SUBKEY = 14
const KEY_TAGS = new Set([TAG_SECRET_KEY, TAG_PUBLIC_KEY, TAG_SECRET_SUBKEY, TAG_PUBLIC_SUBKEY])
/** Far more than a key with many user ids, subkeys and signatures has. */
const MAX_PACKETS = 2000

function invalid(message: string): KeyFormatError {
  return new KeyFormatError('OPENPGP_KEY_INVALID', `The OpenPGP key is damaged: ${message}`, 'Export the key again (gpg --armor --export KEY-ID) and paste all of it, from its BEGIN line to its END line.')
}

export function looksLikePgpArmor(text: string): boolean {
  return text.includes(ARMOR_BEGIN)
}

/** CRC-24 of RFC 4880 section 6.1. */
function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce
  for (const b of bytes) {
    crc ^= b << 16
    for (let i = 0; i < 8; i++) {
      crc <<= 1
      if (crc & 0x1000000) crc ^= 0x1864cfb
    }
  }
  return crc & 0xffffff
}

/** The binary packets inside the first armoured block; the checksum, when present, must match. */
export function dearmorPgp(text: string): Uint8Array {
  const begin = text.indexOf(ARMOR_BEGIN)
  const labelEnd = text.indexOf('-----', begin + ARMOR_BEGIN.length)
  if (labelEnd < 0) throw invalid('its BEGIN line is cut off.')
  const label = text.slice(begin + ARMOR_BEGIN.length, labelEnd)
  const endLine = `-----END PGP ${label}-----`
  const end = text.indexOf(endLine, labelEnd)
  if (end < 0) throw invalid(`it has no "${endLine}" line.`)
  const lines = text.slice(labelEnd + 5, end).split(/\r?\n|\r/).map((l) => l.trim())
  let i = 0
  while (i < lines.length && lines[i] === '') i++
  // Armour headers ("Version: …", "Comment: …") end at the first blank line.
  while (i < lines.length && /^[A-Za-z][\w-]{0,63}: /.test(lines[i]!)) i++
  const body: string[] = []
  let checksum: string | undefined
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('=') && line.length === 5) checksum = line.slice(1)
    else if (line !== '') body.push(line)
  }
  const bytes = base64Decode(body.join(''))
  if (!bytes || bytes.length === 0) throw invalid('its body is not base64.')
  if (checksum !== undefined) {
    const sum = base64Decode(checksum)
    if (!sum || sum.length !== 3 || ((sum[0]! << 16) | (sum[1]! << 8) | sum[2]!) !== crc24(bytes))
      throw invalid('its checksum does not match (a character was changed while copying).')
  }
  return bytes
}

interface Packet {
  tag: number
  body: Uint8Array
}

/** Packet headers, old and new format (RFC 4880 section 4.2), each length checked against what is left. */
function readPackets(bytes: Uint8Array): Packet[] {
  const packets: Packet[] = []
  let at = 0
  while (at < bytes.length) {
    if (packets.length >= MAX_PACKETS) throw invalid('it holds more packets than any key.')
    const header = bytes[at++]!
    if (!(header & 0x80)) throw invalid('a packet header is malformed.')
    let tag: number
    let length: number
    const need = (n: number) => {
      if (bytes.length - at < n) throw invalid('it ends inside a packet header.')
    }
    if (header & 0x40) {
      tag = header & 0x3f
      need(1)
      const first = bytes[at++]!
      if (first < 192) length = first
      else if (first < 224) {
        need(1)
        length = ((first - 192) << 8) + bytes[at++]! + 192
      } else if (first === 255) {
        need(4)
        length = bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!)
        at += 4
      } else throw invalid('it uses partial packet lengths, which key packets never have.')
    } else {
      tag = (header >> 2) & 0x0f
      const type = header & 3
      if (type === 3) length = bytes.length - at
      else {
        const size = 1 << type
        need(size)
        length = 0
        for (let i = 0; i < size; i++) length = length * 256 + bytes[at++]!
      }
    }
    if (length > bytes.length - at) throw invalid(`a packet claims ${length} bytes but only ${bytes.length - at} are left.`)
    packets.push({ tag, body: bytes.subarray(at, at + length) })
    at += length
  }
  return packets
}

const ALGORITHMS: Record<number, KeyAlgorithm> = { 1: 'rsa', 2: 'rsa', 3: 'rsa', 16: 'other', 17: 'dsa', 18: 'ec', 19: 'ec', 20: 'other', 22: 'ed25519', 25: 'x25519', 26: 'x448', 27: 'ed25519', 28: 'ed448' }

export interface PgpKeyPacket {
  primary: boolean
  secret: boolean
  algorithm: KeyAlgorithm
  publicKey?: RsaPublicKey
}

/** An MPI: two bytes of bit count, then the bytes (RFC 4880 section 3.2). */
function readMpi(body: Uint8Array, at: number): { value: Uint8Array; next: number } {
  if (body.length - at < 2) throw invalid('a key packet is cut short.')
  const bytes = Math.ceil(((body[at]! << 8) | body[at + 1]!) / 8)
  if (body.length - at - 2 < bytes) throw invalid('a key number runs past the end of its packet.')
  return { value: body.subarray(at + 2, at + 2 + bytes), next: at + 2 + bytes }
}

/** Version 3 and 4 keys: version, time, [v3: validity], algorithm, fields. Versions 5 and 6 add a 4-byte field length. */
function readKeyPacket(packet: Packet): PgpKeyPacket {
  const body = packet.body
  const version = body[0]
  const fieldsAt = version === 3 ? 8 : version === 4 ? 6 : version === 5 || version === 6 ? 10 : -1
  if (fieldsAt < 0) throw invalid(`a key packet has version ${version ?? 'none'}, which OpenPGP does not define.`)
  if (body.length < fieldsAt) throw invalid('a key packet is cut short.')
  const algorithm = ALGORITHMS[body[version === 3 ? 7 : 5]!] ?? 'other'
  const primary = packet.tag === TAG_PUBLIC_KEY || packet.tag === TAG_SECRET_KEY
  const secret = packet.tag === TAG_SECRET_KEY || packet.tag === TAG_SECRET_SUBKEY
  if (algorithm !== 'rsa') return { primary, secret, algorithm }
  const n = readMpi(body, fieldsAt)
  const e = readMpi(body, n.next)
  return { primary, secret, algorithm, publicKey: publicKeyFromNumbers(n.value, e.value) }
}

export interface PgpKeyring {
  secret: boolean
  userId?: string
  keys: PgpKeyPacket[]
}

/** The key packets of a transferable key (gpg --export or --export-secret-keys), primary first. */
export function readPgpKeys(bytes: Uint8Array): PgpKeyring {
  const packets = readPackets(bytes)
  const keys = packets.filter((p) => KEY_TAGS.has(p.tag)).map(readKeyPacket)
  if (keys.length === 0) throw invalid('it holds no key packet (is it a signature or a message?).')
  const userId = packets.find((p) => p.tag === TAG_USER_ID)
  return {
    secret: keys.some((k) => k.secret),
    keys,
    ...(userId ? { userId: new TextDecoder('utf-8').decode(userId.body.subarray(0, 256)) } : {})
  }
}

/** True when binary input starts with an OpenPGP key packet (public or secret, old or new header). */
export function looksLikePgpBinary(bytes: Uint8Array): boolean {
  const header = bytes[0]
  if (header === undefined || !(header & 0x80)) return false
  const tag = header & 0x40 ? header & 0x3f : (header >> 2) & 0x0f
  return tag === TAG_PUBLIC_KEY || tag === TAG_SECRET_KEY
}

const PGP_ALGORITHM_NAMES: Record<KeyAlgorithm, string> = {
  rsa: 'RSA',
  'rsa-pss': 'RSA-PSS',
  ec: 'ECDSA/ECDH',
  ed25519: 'EdDSA (Ed25519)',
  ed448: 'Ed448',
  x25519: 'X25519 (encryption)',
  x448: 'X448 (encryption)',
  dsa: 'DSA',
  other: 'Elgamal or another non-RSA algorithm'
}

/** The primary key offered; each RSA subkey is a choice too. */
export function pgpChoices(ring: PgpKeyring, problemOf: (algorithm: KeyAlgorithm) => KeyFormatError): KeyChoices {
  let subkey = 0
  const items: KeyChoice[] = ring.keys.map((key) => {
    const title = key.primary ? `Primary key${ring.userId ? ` of ${ring.userId}` : ''}` : `Subkey ${++subkey}`
    const problem = key.publicKey ? undefined : problemOf(key.algorithm)
    const keyLine = key.publicKey ? choiceKeyLine(key.publicKey, undefined) : `Key: ${PGP_ALGORITHM_NAMES[key.algorithm]}, not RSA`
    return { title, details: [keyLine], ...(key.publicKey ? { publicKey: key.publicKey } : {}), ...(problem ? { problem } : {}) }
  })
  const primary = ring.keys[0]!
  return {
    items,
    chosen: 0,
    reason: primary.publicKey
      ? `The primary key (${describeKey(primary.publicKey)}), the one gpg signs with by default.`
      : 'The primary key, which is not RSA; pick an RSA subkey if there is one.'
  }
}
