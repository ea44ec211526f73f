// The Voke JWT listener's decision, as a pure function: the checks of ../shared/broker-rules.md in
// the real plugin's order (username, password, parts, signature part, signature, header, alg,
// typed claims, exp, nbf/iat, sub), the first failing rule, the CONNACK a client sees, the lines
// the broker's log shows, and the fix. Tokens that crash the real broker get their own outcome.
import { checkBrokerKeyFile } from '../keys'
import { decodeToken, MAX_TOKEN_LENGTH, type DecodedToken } from './jwt-decode'
import { decodeBase64UrlNoPad, LOG, positionOf, serdeI64, serdeUnexpected, utf8Failure, utf8Index, type Base64Failure, type SerdeValue } from './broker-log'
import { verifySignature } from './jwt-verify'
import { CHRONO_MAX_TIMESTAMP, expiryPhrase, inChronoRange } from './numeric-date'
import { JsonSyntaxError, parseTopObject, type JsonValue, type StrictObject } from './strict-json'

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
const KNOWN_ALGS = ['none', 'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']
const ASCII_SPACE = /[ \t\n\r\v\f]/
const UNKNOWN_CLIENT = '<client id>'

interface Context {
  input: VerdictInput
  clientId: string
  shown?: DecodedToken
}

function refusal(ctx: Context, stage: VerdictStage, rule: string, jwtAuthLine: string, explanation: string, fix: string): Verdict {
  const lines = [jwtAuthLine, LOG.disconnected]
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
  if (alg !== undefined && alg !== 'RS256' && KNOWN_ALGS.includes(alg))
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
    'Enrol the public key of the private key that signs the tokens (the key doctor checks a pair), then restart the broker.'
  )
}

/** The header's alg when the header part is a readable JSON object with a string alg. */
function headerAlg(part: string): string | undefined {
  const decoded = decodeBase64UrlNoPad(part)
  if (!decoded.ok) return undefined
  const parsed = readJson(decoded.bytes)
  const alg = parsed.object?.members.get('alg')
  return typeof alg === 'string' ? alg : undefined
}

type JsonReading = { object: StrictObject; text: string; bytes: Uint8Array } | { object?: undefined; syntax: true; bytes: Uint8Array } | { object?: undefined; syntax: false; text: string; bytes: Uint8Array }

function readJson(bytes: Uint8Array): JsonReading {
  let text: string
  try {
    // ignoreBOM: a BOM is a character to the broker's JSON reader, not a marker to drop.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return { syntax: true, bytes }
  }
  try {
    const object = parseTopObject(text)
    return object ? { object, text, bytes } : { syntax: false, text, bytes }
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    return { syntax: true, bytes }
  }
}

/** serde_json's line for JSON that is not an object of the wanted struct, where it can be known. */
function notJsonLine(reading: JsonReading): string {
  const first = reading.bytes.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)
  // A first character no JSON value starts with (a BOM, a letter): "expected value" there.
  if (first >= 0 && !'{["-0123456789tfn'.includes(String.fromCharCode(reading.bytes[first]!)))
    return LOG.json('expected value', positionOf(reading.bytes, first + 1))
  return LOG.jsonSyntax
}

function notObjectLine(reading: JsonReading, struct: string): string {
  const first = reading.bytes.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)
  if (reading.bytes[first] === 0x5b) return LOG.json(`invalid type: sequence, expected struct ${struct}`, positionOf(reading.bytes, first))
  return `jwt-auth: error decoding jwt: JsonError(Error("invalid type: …, expected struct ${struct}", line: L, column: C))`
}

/** Where serde_json reports errors found while typing a flattened struct: at its closing brace. */
function typedLine(reading: { object: StrictObject; text: string; bytes: Uint8Array }, message: string): string {
  return LOG.json(message, positionOf(reading.bytes, utf8Index(reading.text, reading.object.closeIndex)))
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

function checkHeader(ctx: Context, parts: string[]): Verdict | string {
  const decoded = decodeBase64UrlNoPad(parts[0]!)
  if (!decoded.ok) return shapeFailure(ctx, 'header', 'header', parts[0]!, decoded)
  const reading = readJson(decoded.bytes)
  if (!reading.object) {
    return reading.syntax
      ? refusal(ctx, 'header', 'TOKEN_HEADER_NOT_JSON', notJsonLine(reading), 'The signature is right, but the header is not valid JSON (a BOM or hand-made text?).', 'Issue a new token with a JWT library.')
      : refusal(ctx, 'header', 'TOKEN_HEADER_NOT_OBJECT', notObjectLine(reading, 'Header'), 'The signature is right, but the header is JSON that is not an object.', 'Issue a new token with a JWT library.')
  }
  // The broker types the header member by member, in the order written.
  const seen = new Set<string>()
  let alg: string | undefined
  for (const [name, value] of reading.object.entries) {
    if (seen.has(name))
      return refusal(
        ctx,
        'header',
        'HEADER_DUPLICATE',
        typedLine(reading, `duplicate field \`${name}\``),
        `The header has "${name}" more than once; the broker refuses such a token.`,
        'Write each header member once: let the JWT library build the header.'
      )
    seen.add(name)
    if (name !== 'alg') continue
    if (typeof value !== 'string')
      return refusal(ctx, 'header', 'ALG_NOT_RS256', typedLine(reading, `invalid type: ${serdeUnexpected(value as SerdeValue)}, expected string or map`), 'The header\u2019s alg is not a string.', 'Sign with RS256: the header must say "alg": "RS256".')
    if (!KNOWN_ALGS.includes(value))
      return refusal(
        ctx,
        'header',
        'ALG_NOT_RS256',
        typedLine(reading, `unknown variant \`${value}\`, expected one of ${KNOWN_ALGS.map((a) => `\`${a}\``).join(', ')}`),
        `The header says alg ${JSON.stringify(value)}, which is no algorithm name the broker knows (names are case-sensitive: only "RS256" is accepted).`,
        'Sign with RS256 (PyJWT: algorithm="RS256"; jose: setProtectedHeader({ alg: "RS256" })).'
      )
    alg = value
  }
  if (alg === undefined)
    return refusal(ctx, 'header', 'ALG_NOT_RS256', typedLine(reading, 'missing field `alg`'), 'The header has no alg.', 'Sign with RS256: the header must say "alg": "RS256".')
  return alg
}

interface Claims {
  exp?: number
  nbf?: number
  iat?: number
  sub?: string
}

function checkClaimTypes(ctx: Context, part: string): Verdict | Claims {
  const decoded = decodeBase64UrlNoPad(part)
  if (!decoded.ok) return shapeFailure(ctx, 'claims', 'payload', part, decoded)
  const reading = readJson(decoded.bytes)
  if (!reading.object)
    return reading.syntax
      ? refusal(ctx, 'claims', 'TOKEN_PAYLOAD_NOT_JSON', notJsonLine(reading), 'The payload is not valid JSON (a BOM, a cut-off or hand-made text?).', 'Issue a new token with a JWT library.')
      : refusal(ctx, 'claims', 'TOKEN_PAYLOAD_NOT_OBJECT', notObjectLine(reading, 'ClaimsSet'), 'The payload is JSON but not an object of claims.', 'Put the claims (sub, iat, exp) in a JSON object.')
  const seen = new Set<string>()
  const claims: Claims = {}
  // serde types each claim in the order written: the first bad one is reported (or crashes).
  for (const [name, value] of reading.object.entries) {
    if (seen.has(name))
      return refusal(
        ctx,
        'claims',
        'CLAIM_DUPLICATE',
        typedLine(reading, `duplicate field \`${name}\``),
        `The payload has the member "${name}" more than once; the broker refuses such a token.`,
        'Write each claim once. Hand-built JSON is the usual cause: use a JWT library.'
      )
    seen.add(name)
    if (value === null) continue // null counts as absent
    if (name === 'sub') {
      if (typeof value !== 'string')
        return refusal(ctx, 'claims', 'SUB_NOT_STRING', typedLine(reading, `invalid type: ${serdeUnexpected(value as SerdeValue)}, expected a string`), 'The sub claim is not a string.', 'Write the plant id as a JSON string: "sub": "<plant id>".')
      claims.sub = value
    }
    if (name === 'exp' || name === 'nbf' || name === 'iat') {
      const upper = name.toUpperCase()
      const read = serdeI64(value as SerdeValue)
      if (!read.ok)
        return refusal(
          ctx,
          'claims',
          `${upper}_NOT_INTEGER`,
          typedLine(reading, read.message),
          `${name} is ${lexemeOf(value)}, not a whole number of seconds in the 64-bit range.`,
          `Write ${name} as an integer NumericDate, e.g. 1732503600 (no quotes, no decimals, no exponent).`
        )
      if (!inChronoRange(read.value))
        return crash(
          ctx,
          'claims',
          `${upper}_OUT_OF_RANGE`,
          LOG.dateCrash,
          `${name} is ${read.value}, beyond the plugin's date range (years -262144 to 262143, i.e. ${CHRONO_MAX_TIMESTAMP.toLocaleString('en')} s at most). The real plugin panics on it and the whole broker dies, dropping every plant, even though the signature is valid. A microsecond timestamp does this.`,
          DATE_FIX
        )
      claims[name] = Number(read.value)
    }
  }
  return claims
}

function lexemeOf(value: JsonValue): string {
  return typeof value === 'object' && value !== null && 'lexeme' in value ? String(value.lexeme) : JSON.stringify(value)
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
      name === 'iat' ? 'Synchronise the device clock (NTP), or set iat a few seconds in the past.' : 'Set nbf to now or earlier, and synchronise the device clock.'
    )
  }
  return null
}

function checkSub(ctx: Context, claims: Claims): Verdict | null {
  const username = ctx.input.username
  if (claims.sub === undefined)
    return refusal(ctx, 'sub', 'SUB_MISSING', LOG.subMissing, 'The token has no sub claim (or "sub": null); the broker compares sub with the MQTT username.', 'Add "sub": "<plant id>" to the claims.')
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

export async function brokerVerdict(input: VerdictInput): Promise<Verdict> {
  const ctx: Context = { input, clientId: input.clientId || UNKNOWN_CLIENT }
  // 0. Mosquitto and the plugin's C-string glue: a non-UTF-8 password crashes the broker.
  const text = passwordText(ctx)
  if (typeof text !== 'string') return text
  ctx.shown = tryDecodeForDisplay(text)

  // 1. Username, then a password at all (a zero-length password reaches the plugin as none).
  if (!input.username)
    return refusal(ctx, 'username', 'USERNAME_EMPTY', LOG.usernameNotSet, 'The MQTT username is empty (or not sent). The broker refuses before it looks at the token.', 'Send the plant id as the MQTT username.')
  if (input.token.length === 0)
    return refusal(
      ctx,
      'password',
      'PASSWORD_EMPTY',
      LOG.tokenNotGiven,
      'No password was sent (the plugin also prints a debug line of two raw pointers, like 0x55f1f8edfa10 0x0, just before).',
      'Send the signed JWT as the MQTT password.'
    )
  if (new TextEncoder().encode(text).length > MAX_TOKEN_LENGTH)
    return refusal(
      ctx,
      'password',
      'TOKEN_TOO_LONG',
      '(no jwt-auth line: an MQTT password holds at most 65,535 bytes, so the client cannot send this one)',
      'The password is longer than the 65,535 bytes an MQTT password can hold; a JWT is a few hundred characters.',
      'Paste only the token itself.'
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

  // 5. The claims, typed; 6. exp, then nbf and iat; 7. sub.
  const claims = checkClaimTypes(ctx, parts[1]!)
  if ('outcome' in claims) return claims
  const failure = checkTimes(ctx, claims) ?? checkSub(ctx, claims)
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
