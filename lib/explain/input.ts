// Turns whatever was pasted or dropped into bounded pieces: lines to match, tokens, key blocks.
// Everything here is linear in the input and capped, so a 10 MB paste or binary junk answers at
// once: only the first MAX_PASTE_CHARS are read, lines are cut to MAX_LINE_CHARS for matching,
// and at most MAX_LINES lines, MAX_TOKENS tokens and MAX_KEYS keys are looked at.

export const MAX_PASTE_CHARS = 512 * 1024
export const MAX_LINES = 5000
export const MAX_LINE_CHARS = 2000
export const MAX_TOKENS = 5
export const MAX_KEYS = 3
/** A whole key file (the largest RSA private key PEM is ~13 kB). */
const MAX_KEY_BLOCK_CHARS = 64 * 1024

export interface Pieces {
  lines: string[]
  tokens: string[]
  /** PEM blocks, ssh-rsa lines, JWKs or bare base64 DER, each as text for the key doctor. */
  keys: string[]
  /** A username the paste names (mosquitto_pub -u, username=…), to check a token's sub against. */
  username?: string
  /** The input was longer than what was read. */
  truncated: boolean
  /** Size of the whole input, in characters (text) or bytes (a file). */
  totalSize: number
  /** Lines beyond MAX_LINES that were not read. */
  skippedLines: number
}

/** Bytes to text: UTF-16 by BOM, else UTF-8 with bad sequences replaced (mixed encodings survive). */
export function bytesToText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, MAX_PASTE_CHARS * 2)
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head)
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head)
  return new TextDecoder('utf-8').decode(head)
}

/** Binary rather than text: NUL bytes or many control bytes in the first kilobytes (DER, .p12, images). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return false
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return false
  const sample = bytes.subarray(0, 4096)
  let control = 0
  for (const b of sample) {
    if (b === 0) return true
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++
  }
  return control > sample.length / 20
}

// ANSI colour codes (journalctl, docker logs) and control characters other than tab and line ends.
const ANSI = /\x1b\[[0-9;]{0,20}[A-Za-z]/g
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g

function cleanText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(ANSI, '').replace(CONTROL, ' ')
}

/** PEM blocks, found with indexOf (linear even with many BEGIN lines and no END). */
function takePemBlocks(text: string, keys: string[]): string {
  let rest = ''
  let from = 0
  while (keys.length < MAX_KEYS) {
    const begin = text.indexOf('-----BEGIN ', from)
    if (begin < 0) break
    const endMarker = text.indexOf('-----END ', begin)
    const close = endMarker < 0 ? -1 : text.indexOf('-----', endMarker + 9)
    if (close < 0 || close + 5 - begin > MAX_KEY_BLOCK_CHARS) {
      // Half a block: give what there is to the key doctor, which says it is cut off.
      const stop = Math.min(text.length, begin + MAX_KEY_BLOCK_CHARS)
      keys.push(text.slice(begin, stop))
      rest += text.slice(from, begin)
      from = stop
      continue
    }
    keys.push(text.slice(begin, close + 5))
    rest += text.slice(from, begin) + '\n'
    from = close + 5
  }
  return rest + text.slice(from)
}

// A JWT: three runs of base64url (and the base64 characters + / = the broker refuses, so the
// reader is told), the first starting with eyJ ('{"' encoded). Each run excludes '.', so matching
// is linear; the look-behind starts a match only where a run starts. A "Bearer " right before it is kept: that is one of the faults to report.
const TOKEN = /(?:\bBearer\s{1,4}|(?<![\w+/=-]))eyJ[\w+/=-]{2,65535}\.[\w+/=-]{0,65535}\.[\w+/=-]{0,65535}/g
const SSH_RSA = /^\s{0,8}ssh-rsa AAAA[\w+/=]{100,16384}(?:\s[^\n]{0,200})?$/
const BASE64_DER = /^\s{0,8}(MI[\w+/]{100,65535}={0,2})\s*$/
const USERNAME = /(?:\s-u|--username)\s{1,4}(['"]?)([^\s'"]{1,200})\1|\busername\s{0,2}[=:]\s{0,2}['"]?([^\s'",)]{1,200})/i

function takeTokens(line: string, tokens: string[]): void {
  if (tokens.length >= MAX_TOKENS || !line.includes('eyJ')) return
  for (const match of line.matchAll(TOKEN)) {
    const token = match[0]
    if (!tokens.includes(token)) tokens.push(token)
    if (tokens.length >= MAX_TOKENS) return
  }
}

export function splitPaste(input: string): Pieces {
  const totalSize = input.length
  const truncated = totalSize > MAX_PASTE_CHARS
  let text = cleanText(truncated ? input.slice(0, MAX_PASTE_CHARS) : input)
  const keys: string[] = []
  const trimmed = text.trim()
  // A JSON Web Key (or set) pasted on its own.
  if (trimmed.startsWith('{') && trimmed.length <= MAX_KEY_BLOCK_CHARS && /"kty"\s{0,4}:/.test(trimmed)) {
    keys.push(trimmed)
    text = ''
  }
  text = takePemBlocks(text, keys)

  const allLines = text.split(/\r\n|\r|\n/)
  const lines: string[] = []
  const tokens: string[] = []
  let username: string | undefined
  let seen = 0
  for (const raw of allLines) {
    if (!raw.trim()) continue
    if (seen >= MAX_LINES) break
    seen++
    takeTokens(raw, tokens)
    const short = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw
    if (keys.length < MAX_KEYS && (SSH_RSA.test(short) || BASE64_DER.test(raw.length > 70000 ? '' : raw))) {
      keys.push(raw.trim())
      continue
    }
    if (username === undefined) {
      const named = USERNAME.exec(short)
      if (named) username = named[2] ?? named[3]
    }
    lines.push(short)
  }
  const nonEmpty = allLines.reduce((n, l) => (l.trim() ? n + 1 : n), 0)
  return {
    lines,
    tokens,
    keys,
    ...(username !== undefined ? { username } : {}),
    truncated,
    totalSize,
    skippedLines: Math.max(0, nonEmpty - seen)
  }
}
