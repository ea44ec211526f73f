// PEM armour (RFC 7468): "-----BEGIN LABEL-----", base64 body, "-----END LABEL-----", as openssl
// writes it. Parsing is a single forward scan (indexOf), so hostile input cannot make it slow.
import { base64Decode, base64Encode } from '../encoding'
import { KeyFormatError } from './key-errors'

export interface PemBlock {
  label: string
  der: Uint8Array
  /** RFC 1421 headers (e.g. "Proc-Type: 4,ENCRYPTED" on legacy encrypted keys). */
  headers: Record<string, string>
}

/** The labels a key file may carry; anything else is reported as "not a key". */
export const PEM_LABEL = {
  rsaPublicKey: 'RSA PUBLIC KEY',
  publicKey: 'PUBLIC KEY',
  rsaPrivateKey: 'RSA PRIVATE KEY',
  privateKey: 'PRIVATE KEY',
  certificate: 'CERTIFICATE',
  encryptedPrivateKey: 'ENCRYPTED PRIVATE KEY',
  opensshPrivateKey: 'OPENSSH PRIVATE KEY',
  ecPrivateKey: 'EC PRIVATE KEY'
} as const

const BEGIN = '-----BEGIN '
const END = '-----END '
const DASHES = '-----'
// Every real label ("RSA PRIVATE KEY", "X509 CRL", …): words joined by single spaces or hyphens.
const LABEL = /^[A-Z0-9]+(?:[ -][A-Z0-9]+)*$/
const MAX_LABEL = 64

export function looksLikePem(text: string): boolean {
  return text.includes(BEGIN)
}

function malformed(message: string, fix: string): KeyFormatError {
  return new KeyFormatError('PEM_MALFORMED', message, fix)
}

/** Reads "LABEL-----" starting at `from`; returns the label and where the line's dashes end. */
function readLabel(text: string, from: number): { label: string; after: number } {
  const close = text.indexOf(DASHES, from)
  const label = close < 0 ? '' : text.slice(from, close)
  if (close < 0 || label.length > MAX_LABEL || !LABEL.test(label))
    throw malformed('A PEM BEGIN or END line is damaged.', 'Copy the whole key again, including the -----BEGIN and -----END lines unchanged.')
  return { label, after: close + DASHES.length }
}

/** Every PEM block in the text, in order. Throws KeyFormatError if a block is damaged. */
export function pemDecodeAll(text: string): PemBlock[] {
  const blocks: PemBlock[] = []
  let position = 0
  for (;;) {
    const begin = text.indexOf(BEGIN, position)
    if (begin < 0) break
    const { label, after: bodyStart } = readLabel(text, begin + BEGIN.length)
    const end = text.indexOf(END, bodyStart)
    if (end < 0)
      throw malformed(`The ${label} block has no -----END ${label}----- line.`, 'Include everything from the -----BEGIN line to the -----END line.')
    const { label: endLabel, after } = readLabel(text, end + END.length)
    if (endLabel !== label)
      throw new KeyFormatError(
        'PEM_LABEL_MISMATCH',
        `The PEM block starts with BEGIN ${label} but ends with END ${endLabel}.`,
        'Copy the whole block again, from its BEGIN line to its matching END line.'
      )
    const body = text.slice(bodyStart, end)
    if (body.includes(BEGIN))
      throw malformed(`The ${label} block has no END line before the next BEGIN line.`, 'Copy each block whole, from its BEGIN line to its END line.')
    blocks.push({ label, ...decodeBody(label, body) })
    position = after
  }
  if (blocks.length === 0)
    throw malformed('The text has a BEGIN line but no complete PEM block.', 'Include everything from the -----BEGIN line to the -----END line.')
  return blocks
}

function decodeBody(label: string, body: string): { der: Uint8Array; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  const bodyLines: string[] = []
  for (const line of body.split(/\r?\n|\r/)) {
    const header = /^\s*([A-Za-z][A-Za-z0-9-]*):\s*(.*?)\s*$/.exec(line)
    if (header) headers[header[1]!] = header[2]!
    else bodyLines.push(line)
  }
  const der = base64Decode(bodyLines.join(''))
  if (!der || der.length === 0)
    throw malformed(
      `The body of the ${label} block is not valid base64.`,
      'The key was changed while copying (a character lost or added). Copy the file again unchanged.'
    )
  return { der, headers }
}

/** PEM text exactly as openssl writes it: 64 characters a line and a final newline. */
export function pemEncode(label: string, der: Uint8Array): string {
  const body = base64Encode(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
}
