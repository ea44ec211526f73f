// PEM armour: "-----BEGIN LABEL-----", base64 body, "-----END LABEL-----", as openssl writes it.
import { base64Decode, base64Encode } from './base64'
import { KeyFormatError } from './key-errors'

export interface PemBlock {
  label: string
  der: Uint8Array
  /** RFC 1421 headers (e.g. "Proc-Type: 4,ENCRYPTED" on legacy encrypted keys). */
  headers: Record<string, string>
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g

export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ')
}

/** Every PEM block in the text, in order. Throws KeyFormatError if a block is damaged. */
export function pemDecodeAll(text: string): PemBlock[] {
  const blocks: PemBlock[] = []
  for (const match of text.matchAll(BLOCK)) {
    const [, begin, body, end] = match
    if (begin !== end)
      throw new KeyFormatError(
        'PEM_LABEL_MISMATCH',
        `The PEM block starts with BEGIN ${begin} but ends with END ${end}.`,
        'Copy the whole block again, from its BEGIN line to its matching END line.'
      )
    const headers: Record<string, string> = {}
    const lines = body!.split(/\r?\n/)
    const bodyLines = lines.filter((line) => {
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim())
      if (header) headers[header[1]!] = header[2]!
      return !header
    })
    const der = base64Decode(bodyLines.join(''))
    if (!der || der.length === 0)
      throw new KeyFormatError(
        'PEM_MALFORMED',
        `The body of the ${begin} block is not valid base64.`,
        'The key was changed while copying (a character lost or added). Copy the file again unchanged.'
      )
    blocks.push({ label: begin!, der, headers })
  }
  if (blocks.length === 0)
    throw new KeyFormatError(
      'PEM_MALFORMED',
      'The text has a BEGIN line but no complete PEM block.',
      'Include everything from the -----BEGIN line to the -----END line.'
    )
  return blocks
}

/** PEM text exactly as openssl writes it: 64 characters a line and a final newline. */
export function pemEncode(label: string, der: Uint8Array): string {
  const body = base64Encode(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
}
