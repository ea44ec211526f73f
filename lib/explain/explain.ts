// explain(): whatever the reader pasted or dropped → one finding per thing recognised in it (log
// lines of one kind grouped, each token, each key), or an honest "not recognised" with what to
// paste instead. Never throws; bounded work on any input (see input.ts).
import type { RsaPublicKey } from '../keys'
import { findConnack } from './connack'
import { causesOf, excerptOf, type Finding } from './finding'
import { explainKey, isWholeKeyPaste } from './key-piece'
import { bytesToText, looksBinary, MAX_LINES, MAX_PASTE_CHARS, splitPaste, type Pieces } from './input'
import { recogniseLine, recogniserById } from './recognisers'
import { explainToken } from './token-piece'

export interface Explanation {
  findings: Finding[]
  /** Notes about what was read: truncation, skipped lines. */
  notes: string[]
}

export interface ExplainOptions {
  /** Seconds since 1970 to judge exp/iat against (default: this computer's clock). */
  now?: number
  /** A key file given beside the paste (jwt-public.der …): diagnosed, and used to verify pasted tokens. */
  keyFile?: Uint8Array
}

const KIND_ORDER: readonly Finding['kind'][] = ['broker-log', 'library', 'tls', 'network', 'client', 'connack']

/** Lines at most this long on their own may be a bare CONNACK number ("5", "0x87"). */
const BARE_NUMBER_PASTE_LINES = 3

export const NOT_RECOGNISED_NEXT =
  'Paste the exact output of the client (the whole error or traceback), the broker\u2019s jwt-auth: line, the CONNACK code, the token, or the key file (as PEM or base64).'

function notRecognised(excerpt: string, meaning: string): Finding {
  return { kind: 'not-recognised', id: 'not-recognised', excerpt: excerptOf(excerpt), count: 0, meaning, causes: [], next: NOT_RECOGNISED_NEXT }
}

interface LineFindings {
  findings: Finding[]
  unrecognised: string[]
}

function explainLines(pieces: Pieces): LineFindings {
  const byId = new Map<string, Finding>()
  const unrecognised: string[] = []
  const bare = pieces.lines.length <= BARE_NUMBER_PASTE_LINES && pieces.tokens.length === 0 && pieces.keys.length === 0
  for (const line of pieces.lines) {
    const hit = recogniseLine(line)
    if (hit) {
      const { recogniser, match } = hit
      const seen = byId.get(recogniser.id)
      if (seen) {
        seen.count++
        continue
      }
      const detail = recogniser.detail?.(match)
      byId.set(recogniser.id, {
        kind: recogniser.kind,
        id: recogniser.id,
        excerpt: excerptOf(line),
        count: 1,
        meaning: detail ? `${recogniser.meaning} ${detail}` : recogniser.meaning,
        causes: causesOf(recogniser.causes),
        next: recogniser.next,
        capturedFrom: recogniser.capturedFrom
      })
      continue
    }
    const connack = findConnack(line, bare)
    if (connack) {
      const id = connack.inWords ? 'connack-words' : `connack-${connack.connack.code}`
      const seen = byId.get(id)
      if (seen) seen.count++
      else
        byId.set(id, {
          kind: 'connack',
          id,
          excerpt: excerptOf(line),
          count: 1,
          meaning: connack.connack.meaning,
          causes: causesOf(connack.connack.causes),
          next: connack.connack.next,
          capturedFrom: connack.inWords
            ? 'paho-mqtt 2.1.0 and 1.6.1 on MQTT 5 (ReasonCode "Not authorized"), and other clients\u2019 wording'
            : `MQTT ${connack.connack.protocol} CONNACK code table`
        })
      continue
    }
    // A token on this line was taken out already; the line around it needs no answer of its own.
    if (!pieces.tokens.some((token) => line.includes(token.slice(0, 64)))) unrecognised.push(line)
  }
  const matched = new Set(byId.keys())
  const findings = [...byId.values()].filter((f) => !(recogniserById(f.id)?.subsumedBy ?? []).some((id) => matched.has(id)))
  // "Not authorized" in words next to a client or broker line that already says it adds nothing.
  const saidAlready = findings.some((f) => f.kind === 'client' || f.kind === 'broker-log')
  return { findings: saidAlready ? findings.filter((f) => f.id !== 'connack-words') : findings, unrecognised }
}

async function explainPieces(pieces: Pieces, options: ExplainOptions): Promise<Explanation> {
  const notes: string[] = []
  if (pieces.truncated)
    notes.push(`Only the first ${MAX_PASTE_CHARS / 1024} KB of ${(pieces.totalSize / 1024 / 1024).toFixed(1)} MB were read. Paste the lines around the time of the refusal.`)
  if (pieces.skippedLines) notes.push(`Only the first ${MAX_LINES} lines were read (${pieces.skippedLines} more were not).`)

  const findings: Finding[] = []
  let publicKey: RsaPublicKey | undefined
  for (const key of [...(options.keyFile ? [options.keyFile] : []), ...pieces.keys]) {
    const { finding, diagnosis } = await explainKey(key)
    if (diagnosis.reading.ok && !publicKey) publicKey = diagnosis.reading.publicKey
    findings.push(finding)
  }
  const now = options.now ?? Math.floor(Date.now() / 1000)
  for (const token of pieces.tokens)
    findings.push(await explainToken(token, { now, ...(publicKey ? { publicKey } : {}), ...(pieces.username !== undefined ? { username: pieces.username } : {}) }))

  const lines = explainLines(pieces)
  // The broker's own reason first: it names the check; the client's view only narrows it down.
  findings.push(...[...lines.findings].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)))
  if (findings.length === 0) {
    const sample = lines.unrecognised[0] ?? ''
    findings.push(
      notRecognised(
        sample,
        sample
          ? `None of the ${lines.unrecognised.length === 1 ? 'text' : `${lines.unrecognised.length} lines`} matches a broker log line, client error, CONNACK code, token or key the site knows, so it is not explained here rather than guessed at.`
          : 'Nothing to explain: the paste is empty.'
      )
    )
  } else if (lines.unrecognised.length) {
    notes.push(`${lines.unrecognised.length} other line${lines.unrecognised.length === 1 ? ' was' : 's were'} not recognised (ordinary log lines, or output the site does not know).`)
  }
  return { findings, notes }
}

/** Explains a paste (text) or a dropped file (bytes). */
export async function explain(input: string | Uint8Array, options: ExplainOptions = {}): Promise<Explanation> {
  try {
    if (typeof input !== 'string') {
      if (input.length === 0) return explainPieces(splitPaste(''), options)
      if (looksBinary(input)) {
        // A binary file: a DER key, a .p12, a keystore … or something that is none of these.
        const { finding, diagnosis } = await explainKey(input)
        if (diagnosis.reading.ok || diagnosis.reading.format !== 'unknown') return { findings: [finding], notes: [] }
        return { findings: [notRecognised(`${input.length} bytes`, 'This file is binary and not a key, certificate or bundle the site knows.')], notes: [] }
      }
      return explainPieces(splitPaste(bytesToText(input)), options)
    }
    // A .ppk, SSH2 block, hex dump, `-text` output or certificate chain pasted alone: the splitter
    // would cut it apart or miss it, so the doctor reads it whole (and offers a chain's leaf).
    if (isWholeKeyPaste(input)) {
      const { finding } = await explainKey(input)
      return { findings: [finding], notes: [] }
    }
    return explainPieces(splitPaste(input), options)
  } catch {
    // Defensive: a bug must never break the page; say so honestly.
    return { findings: [notRecognised('', 'The explainer hit an internal error on this input.')], notes: [] }
  }
}
