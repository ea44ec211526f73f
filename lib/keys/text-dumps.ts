// Keys pasted as text dumps rather than files: a hex dump of the DER (xxd, xxd -p, plain hex with
// or without colons or spaces) and the text openssl prints with -text (`openssl rsa -text`,
// `openssl rsa -pubin -text`, `openssl x509 -text`, `openssl req -text`): modulus and exponent.
// Both read line by line with anchored patterns, so the work is linear in the input.
import { KeyFormatError } from './key-errors'
import { publicKeyFromNumbers, type RsaPublicKey } from './rsa-keys'

function dumpDamaged(message: string, fix: string): KeyFormatError {
  return new KeyFormatError('TEXT_DUMP_INVALID', message, fix)
}

// xxd's default line: "00000010: d18d b94e 71a1 …  ...Nq.e..." — offset, hex groups, two spaces, ASCII.
const XXD_LINE = /^[0-9a-fA-F]{4,16}:((?: [0-9a-fA-F]{2,4}){1,32})(?:  |$)/
const PLAIN_HEX_LINE = /^(?:0x)?[0-9a-fA-F]{2}(?:[\s:]?[0-9a-fA-F]{2})*[\s:]*$/

/** The bytes of a hex dump, or null when the text is not one (then it is tried as base64 etc.). */
export function hexDumpBytes(text: string): Uint8Array | null {
  let hex = ''
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim()
    if (!line) continue
    const xxd = XXD_LINE.exec(line)
    if (xxd) hex += xxd[1]!.replace(/ /g, '')
    else if (PLAIN_HEX_LINE.test(line)) hex += line.replace(/^0x|[\s:]/g, '')
    else return null
  }
  if (hex.length < 8 || hex.length % 2 !== 0) return null
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

const MODULUS_HEADING = /^\s*(?:modulus|Modulus):\s*$/
const HEX_ROW = /^\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})*:?)\s*$/
const EXPONENT_LINE = /^\s*(?:publicExponent|Exponent):\s*(\d{1,20})\b/

/** A "Modulus:" heading line: openssl's -text output (then a cut-off dump is said to be cut off). */
export function looksLikeOpensslText(text: string): boolean {
  return /^\s*(?:modulus|Modulus):\s*$/m.test(text)
}

/** Modulus and exponent from openssl's -text output (the first key in it). */
export function readOpensslText(text: string): RsaPublicKey {
  const lines = text.split(/\r?\n|\r/)
  const start = lines.findIndex((l) => MODULUS_HEADING.test(l))
  const fix = 'Paste the whole output of openssl … -text, from "Modulus:" to "Exponent:" (or give the key file itself).'
  if (start < 0) throw dumpDamaged('The openssl -text dump has no "Modulus:" section.', fix)
  let hex = ''
  let i = start + 1
  for (; i < lines.length; i++) {
    const row = HEX_ROW.exec(lines[i]!)
    if (!row) break
    hex += row[1]!.replace(/:/g, '')
  }
  const exponent = i < lines.length ? EXPONENT_LINE.exec(lines[i]!) : null
  if (!hex || !exponent) throw dumpDamaged('The openssl -text dump is cut short: the modulus is not followed by the public exponent.', fix)
  const n = Uint8Array.from({ length: hex.length >> 1 }, (_, k) => parseInt(hex.slice(k * 2, k * 2 + 2), 16))
  let e = BigInt(exponent[1]!)
  const eBytes: number[] = []
  for (; e > 0n; e >>= 8n) eBytes.unshift(Number(e & 0xffn))
  if (eBytes.length === 0) throw dumpDamaged('The exponent in the openssl -text dump is 0.', fix)
  return publicKeyFromNumbers(n, Uint8Array.from(eBytes))
}
