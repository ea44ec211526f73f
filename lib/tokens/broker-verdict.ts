// The Voke JWT listener's decision, as a pure function: the real plugin's checks in its order
// (password, parts, signature part, signature, header typed as biscuit's Header, alg, claims typed
// as ClaimsSet, exp, nbf/iat, sub against the username, publ/subs as topic filters), the first
// failing rule, the CONNACK a client sees, the lines the broker's log shows, and the fix. Tokens
// that crash the real broker get their own outcome. scripts/check-real-plugin holds it to the real
// plugin over thousands of generated tokens.
import { checkBrokerKeyFile } from '../keys'
import { decodeToken, MAX_TOKEN_LENGTH, type DecodedToken } from './jwt-decode'
import { decodeBase64UrlNoPad, LOG, positionOf, utf8Failure, type Base64Failure } from './broker-log'
import { DateOutOfRange, SIGNATURE_ALGORITHMS, typeClaims, typeHeader, TypedError, type TypedClaims } from './biscuit-types'
import { verifySignature } from './jwt-verify'
import { CHRONO_MAX_TIMESTAMP, expiryPhrase } from './numeric-date'
import { rustDebugStr } from './rust-debug'
import { readFlattenedStruct, SerdeError } from './serde-json-reader'
import { topicFilterError } from './topic-filter'

export type MqttProtocol = '3.1.1' | '5'

export interface VerdictInput {
  /** The MQTT password as sent: normally text; bytes to model a non-UTF-8 password. */
  token: string | Uint8Array
  /** The key file as mounted on the broker (plugin_opt_jwt_sec_file), raw bytes. */
  keyFile: Uint8Array
  username: string
  protocol: MqttProtocol
  /** Broker time, seconds since 1970. */
  now: number
  /** Shown in Mosquitto's log line; "<client id>" when not given. */
  clientId?: string
}

/** accept: CONNACK 0. refuse: CONNACK 5/135. crash: no CONNACK, the whole real broker dies. */
export type VerdictOutcome = 'accept' | 'refuse' | 'crash'

export type VerdictStage = 'password' | 'username' | 'shape' | 'signature' | 'header' | 'algorithm' | 'claims' | 'time' | 'sub' | 'accepted'

export type WarningCode = 'NO_EXP' | 'LIFETIME_OVER_24H' | 'EXP_IN_MILLISECONDS' | 'CLIENT_ID_DIFFERS' | 'PLANT_ID_NOT_UUID'

export interface VerdictWarning {
  code: WarningCode
  message: string
}

export interface Verdict {
  outcome: VerdictOutcome
  accept: boolean
  /** 'OK', or the first failing rule: a token, key or claim code. */
  rule: string
  stage: VerdictStage
  /** CONNACK return code (3.1.1) or reason code (5); null when the broker crashes instead. */
  connack: 0 | 5 | 135 | null
  connackText: string
  /** The broker's stderr for this CONNECT, line by line, as the real plugin and Mosquitto print it. */
  brokerLogLines: string[]
  /** brokerLogLines joined with newlines. */
  brokerLog: string
  explanation: string
  fix: string
  warnings: VerdictWarning[]
  /** The decoded token, when it could be decoded. */
  token?: DecodedToken
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ASCII_SPACE = /[ \t\n\r\v\f]/
const UNKNOWN_CLIENT = '<client id>'

interface Context {
  input: VerdictInput
  clientId: string
  shown?: DecodedToken
}

function refusal(ctx: Context, stage: VerdictStage, rule: string, jwtAuthLine: string, explanation: string, fix: string): Verdict {
  // A sub or username holding a line break prints over several lines, as eprintln! writes it.
  const lines = [...jwtAuthLine.split('\n'), LOG.disconnected]
  const five = ctx.input.protocol === '5'
  return {
    outcome: 'refuse',
    accept: false,
    connack: five ? 135 : 5,
    connackText: five ? 'CONNACK reason code 135 (0x87, Not authorized)' : 'CONNACK return code 5 (Connection Refused, not authorized)',
    rule,
    stage,
    brokerLogLines: lines,
    brokerLog: lines.join('\n'),
    explanation,
    fix,
    warnings: [],
    token: ctx.shown
  }
}

function crash(ctx: Context, stage: VerdictStage, rule: string, lines: readonly string[], explanation: string, fix: string): Verdict {
  return {
    outcome: 'crash',
    accept: false,
    connack: null,
    connackText: 'No CONNACK: the whole broker crashes, and every connected plant drops',
    rule,
    stage,
    brokerLogLines: [...lines],
    brokerLog: lines.join('\n'),
    explanation,
    fix,
    warnings: [],
    token: ctx.shown
  }
}

/** Which mistake a bad character in a part is, for the rule code and the fix. */
function shapeRule(part: string, failure: Base64Failure): string {
  if (failure.kind === 'Length') return part.includes('=') ? 'TOKEN_PADDING' : 'TOKEN_BASE64URL'
  if (failure.kind === 'Trailing') return 'TOKEN_BASE64URL'
  const ch = String.fromCharCode(new TextEncoder().encode(part)[failure.position]!)
  if (ch === '=') return 'TOKEN_PADDING'
  if (ASCII_SPACE.test(ch)) return 'TOKEN_WHITESPACE'
  if (ch === '+' || ch === '/') return 'TOKEN_BASE64_ALPHABET'
  return 'TOKEN_BASE64URL'
}

const SHAPE_TEXT: Record<string, { why: string; fix: string }> = {
  TOKEN_PADDING: {
    why: 'has "=" padding; JWTs use base64url without padding',
    fix: 'Remove the trailing "=" characters, or have a JWT library produce the token.'
  },
  TOKEN_WHITESPACE: {
    why: 'contains a space or line end (e.g. the newline of echo or of a file read with its line end); the broker reads the password exactly as sent',
    fix: 'Strip whitespace before sending: in a shell, TOKEN=$(tr -d "[:space:]" < token.txt); in code, token.strip() / token.trim().'
  },
  TOKEN_BASE64_ALPHABET: {
    why: 'uses "+" or "/", the standard base64 alphabet; JWTs use base64url ("-" and "_")',
    fix: 'Encode with base64url (replace "+" by "-" and "/" by "_"), or use a JWT library instead of hand-made encoding.'
  },
  TOKEN_BASE64URL: {
    why: 'is not valid base64url (a character outside A-Z a-z 0-9 - _, such as an invisible byte order mark or no-break space picked up while copying, or a part cut short)',
    fix: 'Copy the token again as plain text, in full.'
  }
}

function shapeFailure(ctx: Context, stage: VerdictStage, which: string, part: string, failure: Base64Failure): Verdict {
  const rule = shapeRule(part, failure)
  const text = SHAPE_TEXT[rule]!
  return refusal(
    ctx,
    stage,
    rule,
    LOG.base64(failure),
    `The ${which} part ${text.why}. The broker fails to decode it at byte ${failure.position} of that part.`,
    text.fix
  )
}

/** Why a signature does not verify, named as precisely as the token shows it. */
function signatureCause(ctx: Context, text: string, parts: string[]): Verdict {
  const signed = `${parts[0]}.${parts[1]}`
  const log = LOG.invalidSignature
  const because = 'The broker verifies the RS256 signature over the header and payload text exactly as sent, before it decodes anything, so this fails as InvalidSignature'
  if (/^bearer[ \t\n\r\v\f]/i.test(text))
    return refusal(ctx, 'signature', 'TOKEN_BEARER_PREFIX', log, `The password starts with "Bearer ", copied from an HTTP Authorization header. ${because}.`, 'Remove "Bearer " and send only the token, starting with "eyJ".')
  if (ASCII_SPACE.test(signed))
    return refusal(ctx, 'signature', 'TOKEN_WHITESPACE', log, `The token contains a space or line break before its signature. ${because}.`, SHAPE_TEXT.TOKEN_WHITESPACE!.fix)
  for (const rule of ['TOKEN_PADDING', 'TOKEN_BASE64_ALPHABET', 'TOKEN_BASE64URL'] as const) {
    const failing = parts.slice(0, 2).find((p) => {
      const r = decodeBase64UrlNoPad(p)
      return !r.ok && shapeRule(p, r) === rule
    })
    if (failing !== undefined)
      return refusal(ctx, 'signature', rule, log, `A part of the token ${SHAPE_TEXT[rule]!.why}. ${because}.`, SHAPE_TEXT[rule]!.fix)
  }
  const alg = headerAlg(parts[0]!)
  if (alg !== undefined && alg !== 'RS256' && SIGNATURE_ALGORITHMS.includes(alg))
    return refusal(
      ctx,
      'signature',
      'ALG_NOT_RS256',
      log,
      `The header says alg ${JSON.stringify(alg)}: the token was signed with another algorithm, so its signature is not an RS256 signature of the enrolled key.`,
      'Sign with RS256 (PyJWT: algorithm="RS256"; jose: setProtectedHeader({ alg: "RS256" })).'
    )
  return refusal(
    ctx,
    'signature',
    'SIGNATURE_MISMATCH',
    log,
    'The signature does not verify with the enrolled public key: the token was signed with a different private key, or changed after signing.',
    'Sign with the listener\u2019s own private key (Option B: the one Voke\u2019s operator gives you; the key doctor checks a pair). If that key and the broker\u2019s jwt-public.der belong together and tokens still fail, ask Voke\u2019s listener operator whether the broker was started again since the key file changed.'
  )
}

/** The header's alg, when the header is JSON with a string alg (other members are not typed here). */
function headerAlg(part: string): string | undefined {
  const decoded = decodeBase64UrlNoPad(part)
  if (!decoded.ok) return undefined
  const alg = readFlattenedStruct(decoded.bytes, 'Header', (entries) => {
    const value = entries.find(([name]) => name.t === 'str' && name.v === 'alg')?.[1]
    return value?.t === 'str' ? value.v : undefined
  })
  return typeof alg === 'string' ? alg : undefined
}

function tryDecodeForDisplay(text: string): DecodedToken | undefined {
  try {
    return decodeToken(text)
  } catch {
    return undefined
  }
}

const DATE_FIX =
  'Write exp, nbf and iat as whole seconds since 1970 (10 digits today), not milliseconds or microseconds: int(time.time()) in Python, Math.floor(Date.now() / 1000) in JavaScript.'

/** serde_json's line for an error in a part's JSON, at the position it reports. */
function jsonLine(bytes: Uint8Array, error: SerdeError): string {
  return LOG.json(error.message, positionOf(bytes, error.index))
}

/** A part whose JSON is not even an object of members: syntax, or a top-level value of another type. */
function jsonShapeRefusal(ctx: Context, which: 'header' | 'payload', bytes: Uint8Array, error: SerdeError): Verdict {
  const notObject = error.message.startsWith('invalid type:')
  const head = which === 'header' ? 'TOKEN_HEADER' : 'TOKEN_PAYLOAD'
  return refusal(
    ctx,
    which === 'header' ? 'header' : 'claims',
    notObject ? `${head}_NOT_OBJECT` : `${head}_NOT_JSON`,
    jsonLine(bytes, error),
    notObject
      ? `The signature is right, but the ${which} is JSON that is not an object.`
      : `The signature is right, but the ${which} is not valid JSON (serde_json: ${error.message}): a BOM, a cut-off or hand-made text?`,
    which === 'header' ? 'Issue a new token with a JWT library.' : 'Put the claims (sub, iat, exp) in one JSON object, written by a JWT library.'
  )
}

function checkHeader(ctx: Context, parts: string[]): Verdict | string {
  const decoded = decodeBase64UrlNoPad(parts[0]!)
  if (!decoded.ok) return shapeFailure(ctx, 'header', 'header', parts[0]!, decoded)
  const bytes = decoded.bytes
  const typed = readFlattenedStruct(bytes, 'Header', typeHeader)
  if (!(typed instanceof SerdeError)) return typed.alg
  if (!(typed instanceof TypedError)) return jsonShapeRefusal(ctx, 'header', bytes, typed)
  const line = jsonLine(bytes, typed)
  if (typed.kind === 'duplicate')
    return refusal(ctx, 'header', 'HEADER_DUPLICATE', line, `The header has "${typed.member}" more than once; the broker refuses such a token.`, 'Write each header member once: let the JWT library build the header.')
  if (typed.member === 'alg')
    return refusal(
      ctx,
      'header',
      'ALG_NOT_RS256',
      line,
      typed.kind === 'missing' ? 'The header has no alg.' : `The header's alg is not an algorithm name the broker knows (${typed.message}); names are case-sensitive and only "RS256" is accepted.`,
      'Sign with RS256 (PyJWT: algorithm="RS256"; jose: setProtectedHeader({ alg: "RS256" })).'
    )
  return refusal(
    ctx,
    'header',
    'HEADER_MEMBER_TYPE',
    line,
    `The header member "${typed.member}" has the wrong JSON type for the broker (${typed.message}). The broker types every registered header member (typ, cty, kid, jku, x5u, x5t as strings; x5c and crit as lists of strings; jwk as a key), even those it does not use.`,
    `Write "${typed.member}" with its registered type, or leave it out: let the JWT library build the header.`
  )
}

interface Claims {
  exp?: number
  nbf?: number
  iat?: number
  sub?: string
  publ?: string[]
  subs?: string[]
}

const CLAIM_RULES: Record<string, { rule: string; fix: string }> = {
  sub: { rule: 'SUB_NOT_STRING', fix: 'Write the plant id as a JSON string: "sub": "<plant id>".' },
  exp: { rule: 'EXP_NOT_INTEGER', fix: 'Write exp as an integer NumericDate, e.g. 1732503600 (no quotes, no decimals, no exponent).' },
  nbf: { rule: 'NBF_NOT_INTEGER', fix: 'Write nbf as an integer NumericDate, e.g. 1732503600 (no quotes, no decimals, no exponent).' },
  iat: { rule: 'IAT_NOT_INTEGER', fix: 'Write iat as an integer NumericDate, e.g. 1732503600 (no quotes, no decimals, no exponent).' },
  publ: { rule: 'CLAIM_TYPE', fix: 'Write publ as a list of topic filters: "publ": ["cpi/<plant id>/#"].' },
  subs: { rule: 'CLAIM_TYPE', fix: 'Write subs as a list of topic filters: "subs": ["cpi/<plant id>/#"].' }
}

function checkClaimTypes(ctx: Context, part: string): Verdict | Claims {
  const decoded = decodeBase64UrlNoPad(part)
  if (!decoded.ok) return shapeFailure(ctx, 'claims', 'payload', part, decoded)
  const bytes = decoded.bytes
  let typed: TypedClaims | SerdeError
  try {
    typed = readFlattenedStruct(bytes, 'ClaimsSet', typeClaims)
  } catch (error) {
    if (!(error instanceof DateOutOfRange)) throw error
    const name = error.claim
    return crash(
      ctx,
      'claims',
      `${name.toUpperCase()}_OUT_OF_RANGE`,
      LOG.dateCrash,
      `${name} is ${error.value}, beyond the plugin's date range (years -262144 to 262143, i.e. ${CHRONO_MAX_TIMESTAMP.toLocaleString('en')} s at most). The real plugin panics on it and the whole broker dies, dropping every plant, even though the signature is valid. A microsecond timestamp does this.`,
      DATE_FIX
    )
  }
  if (!(typed instanceof SerdeError))
    return {
      sub: typed.sub,
      exp: typed.exp === undefined ? undefined : Number(typed.exp),
      nbf: typed.nbf === undefined ? undefined : Number(typed.nbf),
      iat: typed.iat === undefined ? undefined : Number(typed.iat),
      publ: typed.publ,
      subs: typed.subs
    }
  if (!(typed instanceof TypedError)) return jsonShapeRefusal(ctx, 'payload', bytes, typed)
  const line = jsonLine(bytes, typed)
  if (typed.kind === 'duplicate')
    return refusal(ctx, 'claims', 'CLAIM_DUPLICATE', line, `The payload has the member "${typed.member}" more than once; the broker refuses such a token.`, 'Write each claim once. Hand-built JSON is the usual cause: use a JWT library.')
  const known = CLAIM_RULES[typed.member]
  return refusal(
    ctx,
    'claims',
    known?.rule ?? 'CLAIM_TYPE',
    line,
    `The claim "${typed.member}" has a type the broker cannot read (${typed.message}). The broker types every claim it knows (iss, sub, aud, exp, nbf, iat, jti, publ, subs) in the order written, and refuses at the first bad one.`,
    known?.fix ?? `Write "${typed.member}" as a string (aud: a string or a list of strings), or leave it out.`
  )
}

function checkTimes(ctx: Context, claims: Claims): Verdict | null {
  const now = ctx.input.now
  if (claims.exp !== undefined && claims.exp <= now)
    return refusal(
      ctx,
      'time',
      'EXPIRED',
      LOG.expired(now - claims.exp),
      `The token ${expiryPhrase(claims.exp, now)} (exp ${claims.exp}). The broker allows no leeway.`,
      'Issue a fresh token, and refresh before exp (at about 80 % of the lifetime).'
    )
  for (const name of ['nbf', 'iat'] as const) {
    const value = claims[name]
    if (value === undefined || value <= now) continue
    // chrono prints value - (now + the broker's fraction of a second): one whole second less.
    return refusal(
      ctx,
      'time',
      `${name.toUpperCase()}_IN_FUTURE`,
      LOG.notYetValid(value - now - 1),
      `${name} is ${value - now} s in the broker's future: the device's clock is ahead of the broker's, and the broker allows no leeway.`,
      name === 'iat' ? 'Synchronise the device clock (NTP), and set iat one minute in the past (now \u2212 60), as the examples do.' : 'Set nbf to now or earlier, and synchronise the device clock.'
    )
  }
  return null
}

function checkSub(ctx: Context, claims: Claims): Verdict | null {
  const username = ctx.input.username
  if (claims.sub === undefined)
    return refusal(ctx, 'sub', 'SUB_MISSING', LOG.subMissing, 'The token has no sub claim (or "sub": null); the broker compares sub with the MQTT username.', 'Add "sub": "<plant id>" to the claims.')
  // Mosquitto hands an empty username to the plugin as none; the plugin looks at it only here.
  if (!username)
    return refusal(
      ctx,
      'username',
      'USERNAME_EMPTY',
      LOG.usernameNotSet,
      'The MQTT username is empty (or not sent). The broker checks everything else in the token first, and refuses here, where it compares sub with the username.',
      'Send the plant id as the MQTT username.'
    )
  const sub = claims.sub
  if (sub === username) return null
  const caseOnly = sub.toLowerCase() === username.toLowerCase()
  const spaceOnly = sub.trim() === username.trim()
  return refusal(
    ctx,
    'sub',
    'SUB_MISMATCH',
    LOG.subMismatch(sub, username),
    `The MQTT username ${JSON.stringify(username)} is not the token's sub ${JSON.stringify(sub)}${caseOnly ? ' (they differ only in upper/lower case, and the broker compares case-sensitively)' : spaceOnly ? ' (they differ only in spaces, and the broker does not trim)' : ''}.`,
    'Use the plant id from the token\u2019s sub, character for character, as the MQTT username (and client id).'
  )
}

/** Last, the plugin reads publ then subs as topic filters; a filter it cannot parse refuses the token. */
function checkTopicFilters(ctx: Context, claims: Claims): Verdict | null {
  for (const name of ['publ', 'subs'] as const) {
    for (const filter of claims[name] ?? []) {
      const error = topicFilterError(filter)
      if (error === null) continue
      const debug = error.kind === 'InvalidTopicName' ? `InvalidTopicName(${rustDebugStr(error.level)})` : error.kind
      return refusal(
        ctx,
        'sub',
        'TOPIC_FILTER_INVALID',
        LOG.topicFilter(debug),
        `The ${name} claim holds the topic filter ${JSON.stringify(filter)}, which the broker cannot parse (${error.kind}): ${error.kind === 'TopicAfterMultiLevelWildcard' ? '"#" must be the last level' : `the level ${JSON.stringify(error.level)} mixes "+" or "#" with other characters`}.`,
        'Write each filter with "+" or "#" only as a whole level, and "#" only last: cpi/<plant id>/#.'
      )
    }
  }
  return null
}

function warningsFor(input: VerdictInput, claims: Claims): VerdictWarning[] {
  const warnings: VerdictWarning[] = []
  if (claims.exp === undefined)
    warnings.push({ code: 'NO_EXP', message: 'No exp claim: the broker accepts this token forever. Always set exp (1 h is recommended).' })
  else if (claims.exp > 100_000_000_000)
    warnings.push({ code: 'EXP_IN_MILLISECONDS', message: 'exp looks like milliseconds, not seconds: the broker reads it as a date thousands of years ahead, so this token never expires. Write seconds.' })
  else if (claims.exp - (claims.iat ?? input.now) > 24 * 3600)
    warnings.push({ code: 'LIFETIME_OVER_24H', message: 'The lifetime is over 24 hours, longer than Voke\u2019s token endpoint issues. Prefer 1 hour and refresh.' })
  if (input.clientId !== undefined && input.clientId !== input.username)
    warnings.push({ code: 'CLIENT_ID_DIFFERS', message: 'The client id differs from the plant id. The broker does not check it, but Voke\u2019s examples use the plant id.' })
  if (!UUID.test(input.username))
    warnings.push({ code: 'PLANT_ID_NOT_UUID', message: 'The username is not a UUID. Voke plant ids are UUIDs: check it is the plant id, not a name.' })
  return warnings
}

/** The password as the plugin receives it: Mosquitto hands over a C string, cut at the first NUL. */
function passwordText(ctx: Context): string | Verdict {
  const raw = ctx.input.token
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw
  const nul = bytes.indexOf(0)
  const cut = nul >= 0 ? bytes.subarray(0, nul) : bytes
  const bad = utf8Failure(cut)
  if (bad)
    return crash(
      ctx,
      'password',
      'PASSWORD_NOT_UTF8',
      LOG.utf8Crash(bad),
      `The password is not valid UTF-8 (byte ${bad.validUpTo} starts an invalid sequence). The real plugin panics on such a password before any check and takes the whole broker down, dropping every plant (a known defect).`,
      'Send the token as plain ASCII text. Never send binary data as the password.'
    )
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(cut)
}

/** The password's length in bytes as a client sends it, without encoding a huge paste when its length alone decides. */
function sentBytes(token: string | Uint8Array): number {
  if (typeof token !== 'string') return token.length
  if (token.length > MAX_TOKEN_LENGTH || token.length * 3 <= MAX_TOKEN_LENGTH) return token.length
  return new TextEncoder().encode(token).length
}

export async function brokerVerdict(input: VerdictInput): Promise<Verdict> {
  const ctx: Context = { input, clientId: input.clientId || UNKNOWN_CLIENT }
  // A password longer than MQTT allows never reaches the broker: said before reading a 10 MB paste.
  if (sentBytes(input.token) > MAX_TOKEN_LENGTH)
    return refusal(
      ctx,
      'password',
      'TOKEN_TOO_LONG',
      '(no jwt-auth line: an MQTT password holds at most 65,535 bytes, so the client cannot send this one)',
      'The password is longer than the 65,535 bytes an MQTT password can hold; a JWT is a few hundred characters.',
      'Paste only the token itself.'
    )

  // 0. Mosquitto and the plugin's C-string glue: a non-UTF-8 password crashes the broker.
  const text = passwordText(ctx)
  if (typeof text !== 'string') return text
  ctx.shown = tryDecodeForDisplay(text)

  // 1. A password at all (a zero-length password reaches the plugin as none).
  if (input.token.length === 0)
    return refusal(
      ctx,
      'password',
      'PASSWORD_EMPTY',
      LOG.tokenNotGiven,
      'No password was sent (the plugin also prints a debug line of two raw pointers, like 0x55f1f8edfa10 0x0, just before).',
      'Send the signed JWT as the MQTT password.'
    )

  // 2. Three parts, and the signature part as base64url.
  const parts = text.split('.')
  if (parts.length !== 3)
    return refusal(
      ctx,
      'shape',
      'TOKEN_PARTS',
      LOG.parts(parts.length),
      `A JWT has three parts separated by dots (header.payload.signature); this has ${parts.length}.`,
      parts.length === 5 ? 'This looks like an encrypted JWE. The broker needs a signed JWS: sign the claims with RS256.' : 'Copy the complete token, or check it is a JWT at all.'
    )
  const signature = decodeBase64UrlNoPad(parts[2]!)
  if (!signature.ok) return shapeFailure(ctx, 'shape', 'signature', parts[2]!, signature)

  // 3. The signature over the raw text, with the key file as the broker loaded it.
  const keyCheck = checkBrokerKeyFile(input.keyFile)
  if (!keyCheck.ok) return refusal(ctx, 'signature', keyCheck.code, LOG.invalidSignature, `The broker's key file is wrong, so every token fails here: ${keyCheck.message}`, keyCheck.fix)
  if (!(await verifySignature({ signature: signature.bytes, signingInput: `${parts[0]}.${parts[1]}` }, keyCheck.publicKey))) return signatureCause(ctx, text, parts)

  // 4. The header, typed; then its alg must be RS256.
  const alg = checkHeader(ctx, parts)
  if (typeof alg !== 'string') return alg
  if (alg !== 'RS256')
    return refusal(
      ctx,
      'algorithm',
      'ALG_NOT_RS256',
      LOG.wrongAlgorithm,
      `The header says alg ${JSON.stringify(alg)}; only "RS256" is accepted, even over a valid RS256 signature of the right key.`,
      'Sign with RS256 (PyJWT: algorithm="RS256"; jose: setProtectedHeader({ alg: "RS256" })).'
    )

  // 5. The claims, typed; 6. exp, then nbf and iat; 7. sub against the username; 8. publ/subs.
  const claims = checkClaimTypes(ctx, parts[1]!)
  if ('outcome' in claims) return claims
  const failure = checkTimes(ctx, claims) ?? checkSub(ctx, claims) ?? checkTopicFilters(ctx, claims)
  if (failure) return failure

  const warnings = warningsFor(input, claims)
  const lines = [LOG.connected(ctx.clientId, input.protocol, input.username)]
  return {
    outcome: 'accept',
    accept: true,
    connack: 0,
    connackText: input.protocol === '5' ? 'CONNACK reason code 0 (Success)' : 'CONNACK return code 0 (Connection Accepted)',
    rule: 'OK',
    stage: 'accepted',
    brokerLogLines: lines,
    brokerLog: lines.join('\n'),
    explanation: warnings.length ? 'The broker accepts this token, with warnings.' : 'The broker accepts this token.',
    fix: '',
    warnings,
    token: ctx.shown
  }
}
