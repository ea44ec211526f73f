// Does a search query look like something the explainer knows: a client error, a broker log line,
// a CONNACK code, a token or a key? The site's search box asks this on every query to decide
// whether to offer "Explain this" first. Only the cheap part of the explainer is used (splitting
// and the recognisers' patterns, no key or token parsing), so the search box loads little for it.
import { findConnack } from './connack'
import { splitPaste } from './input'
import { recogniseLine } from './recognisers'

export type ExplainableKind = 'error' | 'log line' | 'CONNACK code' | 'token' | 'key'

/** Longest query looked at: a search box holds one paste; the explainer itself reads more. */
const MAX_QUERY_CHARS = 64 * 1024

/** What the query looks like to the explainer, or null when it is ordinary search text. */
export function explainableKind(query: string): ExplainableKind | null {
  const pieces = splitPaste(query.slice(0, MAX_QUERY_CHARS))
  if (pieces.keys.length) return 'key'
  if (pieces.tokens.length) return 'token'
  const bare = pieces.lines.length === 1
  for (const line of pieces.lines) {
    const hit = recogniseLine(line)
    if (hit) return hit.recogniser.kind === 'broker-log' ? 'log line' : 'error'
    if (findConnack(line, bare)) return 'CONNACK code'
  }
  return null
}

/**
 * The captured message of the recogniser that knows the query, or null. The search box searches
 * for it when the query itself finds nothing: pagefind finds pages holding every word of a query,
 * and a pasted line carries numbers and names of its own ("secs: 148", a plant id) that no page has.
 */
export function recognisedMessage(query: string): string | null {
  for (const line of splitPaste(query.slice(0, MAX_QUERY_CHARS)).lines) {
    const hit = recogniseLine(line)
    if (hit) return hit.recogniser.samples[0] ?? null
  }
  return null
}
