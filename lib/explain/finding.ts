// One explained piece of a paste, whatever it was: a log line (or many like it), a client error,
// a CONNACK code, a token or a key. The widget renders these; tests assert on `causes`.
import { CAUSES, type Cause, type CauseCode } from './causes'

export type FindingKind = 'broker-log' | 'client' | 'tls' | 'network' | 'library' | 'connack' | 'token' | 'key' | 'not-recognised'

export interface ExplainedCause extends Cause {
  code: CauseCode
}

export interface Finding {
  kind: FindingKind
  /** The recogniser id, or 'connack', 'token', 'key', 'not-recognised'. */
  id: string
  /** The first line (or piece) it was found in, shortened for display. */
  excerpt: string
  /** How many lines said the same. */
  count: number
  meaning: string
  /** Likely causes, most likely first. Empty when the piece is fine or nothing specific is known. */
  causes: ExplainedCause[]
  next: string
  /** The tool and version this kind of output was captured from. */
  capturedFrom?: string
  /** Verdict facts (CONNACK, broker log line, warnings) for tokens and keys. */
  details?: string[]
}

export function causesOf(codes: readonly CauseCode[]): ExplainedCause[] {
  return codes.map((code) => ({ code, ...CAUSES[code] }))
}

const MAX_EXCERPT = 240

export function excerptOf(text: string): string {
  const single = text.trim()
  return single.length > MAX_EXCERPT ? `${single.slice(0, MAX_EXCERPT - 1)}\u2026` : single
}

/** A token or key shown in a finding: enough to tell which one, never the whole secret. */
export function secretExcerpt(text: string): string {
  const single = text.trim().replace(/\s+/g, ' ')
  return single.length > 48 ? `${single.slice(0, 24)}\u2026${single.slice(-12)}` : single
}
