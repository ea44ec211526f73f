// A pasted token → the broker's verdict (lib/tokens brokerVerdict) when a key came with it; without
// a key the signature cannot be checked, so the token's own faults are reported (shape, header,
// claims, times) and the reader is asked for the key file.
import { encodePkcs1PublicKey, type RsaPublicKey } from '../keys'
import { brokerVerdict, decodeToken, isIntegerLexeme, isJsonNumber, TokenError, type Verdict } from '../tokens'
import type { CauseCode } from './causes'
import { causesOf, secretExcerpt, type Finding } from './finding'

/** Verdict rules and token error codes → the explainer's causes. */
const RULE_CAUSES: Record<string, CauseCode> = {
  SIGNATURE_MISMATCH: 'KEY_PAIR_MISMATCH',
  KEY_TOO_SMALL: 'KEY_TOO_SMALL',
  KEY_BAD_EXPONENT: 'KEY_TOO_SMALL',
  TOKEN_BEARER_PREFIX: 'TOKEN_NOT_BARE',
  TOKEN_WHITESPACE: 'TOKEN_NOT_BARE',
  TOKEN_PADDING: 'TOKEN_BASE64',
  TOKEN_BASE64_ALPHABET: 'TOKEN_BASE64',
  TOKEN_BASE64URL: 'TOKEN_BASE64',
  TOKEN_PARTS: 'TOKEN_PARTS',
  PASSWORD_EMPTY: 'PASSWORD_NOT_SENT',
  TOKEN_EMPTY: 'PASSWORD_NOT_SENT',
  TOKEN_TOO_LONG: 'PASSWORD_TOO_LONG',
  ALG_NOT_RS256: 'WRONG_ALGORITHM',
  TOKEN_HEADER_NOT_JSON: 'HEADER_MALFORMED',
  TOKEN_HEADER_NOT_OBJECT: 'HEADER_MALFORMED',
  TOKEN_PAYLOAD_NOT_JSON: 'PAYLOAD_NOT_OBJECT',
  TOKEN_PAYLOAD_NOT_OBJECT: 'PAYLOAD_NOT_OBJECT',
  SUB_MISSING: 'SUB_MISSING',
  SUB_NOT_STRING: 'SUB_NOT_STRING',
  SUB_MISMATCH: 'SUB_MISMATCH',
  USERNAME_EMPTY: 'USERNAME_NOT_SET',
  EXPIRED: 'TOKEN_EXPIRED',
  IAT_IN_FUTURE: 'CLOCK_AHEAD',
  NBF_IN_FUTURE: 'CLOCK_AHEAD',
  EXP_NOT_INTEGER: 'TIME_NOT_INTEGER',
  IAT_NOT_INTEGER: 'TIME_NOT_INTEGER',
  NBF_NOT_INTEGER: 'TIME_NOT_INTEGER',
  CLAIM_DUPLICATE: 'DUPLICATE_CLAIM',
  PASSWORD_NOT_UTF8: 'BROKER_CRASH_UTF8'
}

function causeOfRule(verdict: Pick<Verdict, 'rule' | 'connack'>): CauseCode | undefined {
  if (RULE_CAUSES[verdict.rule]) return RULE_CAUSES[verdict.rule]
  if (verdict.connack === null) return 'BROKER_CRASH_DATE' // the other way the plugin takes the broker down
  if (verdict.rule.startsWith('KEY_')) return 'KEY_FILE_FORMAT'
  return undefined
}

export interface TokenContext {
  /** The public key that came with the paste (from any key form the key doctor read). */
  publicKey?: RsaPublicKey
  username?: string
  now: number
}

async function withKey(token: string, ctx: TokenContext & { publicKey: RsaPublicKey }): Promise<Finding> {
  const sub = subOf(token)
  const username = ctx.username ?? sub ?? ''
  const verdict = await brokerVerdict({ token, keyFile: encodePkcs1PublicKey(ctx.publicKey), username, protocol: '5', now: ctx.now })
  const cause = causeOfRule(verdict)
  const details = [
    `CONNACK: ${verdict.connackText} (MQTT 3.1.1: ${verdict.accept ? '0' : verdict.connack === null ? 'none' : '5'})`,
    `Broker log: ${verdict.brokerLog}`,
    ...verdict.warnings.map((w) => `Warning: ${w.message}`)
  ]
  if (ctx.username === undefined) details.push(`Username: assumed to be the token's sub${sub ? ` (${sub})` : ''}; the paste names none.`)
  return {
    kind: 'token',
    id: 'token',
    excerpt: secretExcerpt(token),
    count: 1,
    meaning: verdict.accept
      ? `The broker accepts this token with the key that came with it. ${verdict.explanation}`
      : `The broker refuses this token (${verdict.rule}): ${verdict.explanation}`,
    causes: cause ? causesOf([cause]) : [],
    next: verdict.accept
      ? 'If the device is still refused, the key enrolled on the broker is not this one, or the device sends another token: ask the operator for the jwt-auth: line.'
      : verdict.fix,
    details
  }
}

function subOf(token: string): string | undefined {
  try {
    const sub = decodeToken(token.replace(/^Bearer\s+/i, '')).payload.sub
    return typeof sub === 'string' ? sub : undefined
  } catch {
    return undefined
  }
}

/** The token's own faults, in the broker's order, skipping the signature. */
function faultsWithoutKey(token: string, ctx: TokenContext): { cause?: CauseCode; message: string; fix: string } {
  let decoded
  try {
    decoded = decodeToken(token)
  } catch (error) {
    if (error instanceof TokenError) return { cause: RULE_CAUSES[error.code], message: error.message, fix: error.fix }
    throw error
  }
  if (decoded.header.alg !== 'RS256')
    return { cause: 'WRONG_ALGORITHM', message: `The header says alg ${JSON.stringify(decoded.header.alg ?? null)}; only "RS256" is accepted.`, fix: 'Sign with RS256.' }
  const { members, duplicates } = decoded.claims
  if (duplicates.length) return { cause: 'DUPLICATE_CLAIM', message: `The payload has "${duplicates[0]}" twice.`, fix: 'Write each claim once.' }
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = members.get(name)
    if (value === undefined || value === null) continue
    if (!isJsonNumber(value) || !isIntegerLexeme(value))
      return { cause: 'TIME_NOT_INTEGER', message: `${name} is ${isJsonNumber(value) ? value.lexeme : JSON.stringify(value)}, not an integer.`, fix: 'Write whole seconds.' }
    if (name === 'exp' && value.value <= ctx.now)
      return { cause: 'TOKEN_EXPIRED', message: `exp ${value.lexeme} is ${ctx.now - value.value} s in the past.`, fix: 'Issue a fresh token.' }
    if (name !== 'exp' && value.value > ctx.now)
      return { cause: 'CLOCK_AHEAD', message: `${name} ${value.lexeme} is ${value.value - ctx.now} s in the future (this computer\u2019s clock).`, fix: 'Synchronise the device clock.' }
  }
  const sub = members.get('sub')
  if (sub === undefined || sub === null) return { cause: 'SUB_MISSING', message: 'The token has no sub claim.', fix: 'Add "sub": "<plant id>".' }
  if (typeof sub !== 'string') return { cause: 'SUB_NOT_STRING', message: 'sub is not a string.', fix: 'Write the plant id as a string.' }
  if (ctx.username !== undefined && sub !== ctx.username)
    return { cause: 'SUB_MISMATCH', message: `sub is "${sub}" but the paste uses the username "${ctx.username}".`, fix: 'Use sub exactly as the username.' }
  return { message: 'Nothing is wrong with the token itself (shape, alg RS256, integer times, not expired, sub present).', fix: '' }
}

export async function explainToken(token: string, ctx: TokenContext): Promise<Finding> {
  if (ctx.publicKey) return withKey(token, { ...ctx, publicKey: ctx.publicKey })
  const fault = faultsWithoutKey(token, ctx)
  return {
    kind: 'token',
    id: 'token',
    excerpt: secretExcerpt(token),
    count: 1,
    meaning: fault.cause
      ? `The broker refuses this token: ${fault.message} (The signature was not checked: no key came with the paste.)`
      : `${fault.message} The signature was not checked: no key came with the paste.`,
    causes: fault.cause ? causesOf([fault.cause]) : causesOf(['KEY_PAIR_MISMATCH', 'KEY_FILE_FORMAT', 'SUB_MISMATCH']),
    next: fault.cause
      ? fault.fix
      : 'Paste the enrolled public key (jwt-public.der as base64, or its PEM) with the token to check the signature as the broker does, and the username the device uses.'
  }
}
