// THE table of broker cases: one row per rule, edge and multi-fault combination of
// ../shared/broker-rules.md and per class the differential check (scripts/check-real-plugin)
// found, for both MQTT versions, each with the outcome and the exact broker log lines the real
// plugin prints (written out here from the real plugin's output, not computed by the code under
// test; `npm run check:real-plugin -- --plugin PATH --cases` holds every row to the real plugin). brokerVerdict's unit tests, the local Mosquitto broker tests and
// check_token.py's tests all run every row, so none of them can drift from the real broker.
import { createHmac, createPublicKey, createSign, generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { keyVector, keyVectorText } from '../support/vectors'

export const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'

const CASE_KEYS = join(__dirname, 'keys')
const caseKey = (name: string) => new Uint8Array(readFileSync(join(CASE_KEYS, name)))

/** The key file mounted on the broker (plugin_opt_jwt_sec_file). */
export const KEY_FILES = {
  'pkcs1-der': () => keyVector('rsa2048.pkcs1-public.der'),
  'spki-der': () => keyVector('rsa2048.spki.der'),
  'pkcs1-pem': () => keyVector('rsa2048.pkcs1-public.pem'),
  'spki-pem': () => keyVector('rsa2048.spki.pem'),
  'private-pem': () => keyVector('rsa2048.pkcs1.pem'),
  'certificate-der': () => keyVector('rsa2048.cert.der'),
  'rsa1024-pkcs1-der': () => keyVector('rsa1024.pkcs1-public.der'),
  // Odd sizes (tests/cases/keys, made by openssl genpkey): ring counts the modulus in whole bytes.
  'rsa2047-pkcs1-der': () => caseKey('rsa2047.pkcs1-public.der'),
  'rsa2041-pkcs1-der': () => caseKey('rsa2041.pkcs1-public.der'),
  'rsa2040-pkcs1-der': () => caseKey('rsa2040.pkcs1-public.der')
} as const
export type KeyFileVariant = keyof typeof KEY_FILES

/** Private keys tokens are signed with: the enrolled pair, an unrelated one, and odd sizes. */
const SIGNING_KEYS = {
  main: () => keyVectorText('rsa2048.pkcs8.pem'),
  other: () => keyVectorText('rsa2048-e3.pkcs8.pem'),
  rsa1024: () => keyVectorText('rsa1024.pkcs8.pem'),
  rsa2047: () => readFileSync(join(CASE_KEYS, 'rsa2047.pkcs8.pem'), 'utf8'),
  rsa2041: () => readFileSync(join(CASE_KEYS, 'rsa2041.pkcs8.pem'), 'utf8'),
  rsa2040: () => readFileSync(join(CASE_KEYS, 'rsa2040.pkcs8.pem'), 'utf8')
} as const

/** The enrolled public key as a JWK, as node:crypto exports it (for a header's jwk member). */
const enrolledJwk = () => createPublicKey(SIGNING_KEYS.main()).export({ format: 'jwk' }) as Record<string, string>
/** An Ed25519 public key as a JWK (kty OKP), made by node:crypto. */
const okpJwk = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as Record<string, string>

type Claim = unknown | { rel: number }
type Mangle =
  | 'bearer'
  | 'leading-space'
  | 'padding'
  | 'trailing-newline'
  | 'std-alphabet'
  | 'two-parts'
  | 'four-parts'
  | 'empty'
  | 'non-utf8'
  | 'bom-prefix'

export interface TokenRecipe {
  /** Header alg written (default RS256). */
  alg?: string
  /** How the signature is made (default rs256 with the main key). */
  sign?: 'rs256' | 'rs384' | 'hs256' | 'none'
  signingKey?: keyof typeof SIGNING_KEYS
  extraHeader?: Record<string, unknown>
  /** The header JSON exactly (a BOM, a repeated member, bytes that are not UTF-8); replaces alg/extraHeader. */
  rawHeader?: string | Uint8Array
  /** Appended to the encoded header BEFORE signing (a signed, padded header). */
  headerSuffix?: string
  /** Claims; { rel: n } means now + n seconds. Default: sub, iat now-5, exp now+3600. */
  claims?: Record<string, Claim>
  /** The payload JSON exactly, for what JSON.stringify cannot write ({now±n} is replaced). */
  rawPayload?: string
  mangle?: Mangle
}

/** What a row's expected log lines may depend on: the token as built and who connects. */
export interface LogContext {
  now: number
  username: string
  clientId: string
  /** The password's dot-separated parts (text tokens only). */
  parts: string[]
  /** The decoded header and payload JSON text. */
  header: string
  payload: string
}

type JwtAuthLine = string | ((ctx: LogContext) => string)

export interface BrokerCase {
  name: string
  keyFile: KeyFileVariant
  protocol: '3.1.1' | '5'
  token: TokenRecipe
  username?: string
  clientId?: string
  expectRule: string
  /** null: the real broker crashes (no CONNACK). */
  expectConnack: 0 | 5 | 135 | null
  /** The broker's stderr lines for this CONNECT, as the real plugin and Mosquitto print them. */
  expectLog: (ctx: LogContext) => string[]
  /** Rows the real broker cannot run: it would crash, or the timing is too tight to test live. */
  skipOnRealBroker?: string
}

// The real plugin's lines, as it prints them.
const L = {
  sig: 'jwt-auth: error decoding jwt: ValidationError(InvalidSignature)',
  wrongAlg: 'jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)',
  subMissing: "jwt-auth: claim 'sub' is missing",
  usernameNotSet: 'jwt-auth: username not set',
  tokenNotGiven: 'jwt-auth: token not given',
  parts: (n: number) => `jwt-auth: error decoding jwt: DecodeError(PartsLengthError { expected: 3, actual: ${n} })`,
  b64: (n: number, kind = 'Symbol') => `jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: ${n}, kind: ${kind} })`,
  json: (message: string, column: number) => `jwt-auth: error decoding jwt: JsonError(Error("${message}", line: 1, column: ${column}))`,
  expired: (secs: number) => `jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: ${secs}, nanos: N }))`,
  notYet: (secs: number) => `jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: ${secs}, nanos: N }))`,
  mismatch: (sub: string, username: string) => `jwt-auth: claim 'sub': '${sub}' doesn't match username: '${username}'`
}
const ALGS = '`none`, `HS256`, `HS384`, `HS512`, `RS256`, `RS384`, `RS512`, `ES256`, `ES384`, `ES512`, `PS256`, `PS384`, `PS512`'
const DATE_CRASH = [
  "thread '<unnamed>' (PID) panicked at …/chrono-0.4.23/src/naive/datetime/mod.rs:128:18:",
  'invalid or out-of-range datetime',
  '…',
  'thread caused non-unwinding panic. aborting.'
]
const UTF8_CRASH = [
  "thread '<unnamed>' (PID) panicked at src/mosquitto_sys.rs:155:55:",
  'called `Result::unwrap()` on an `Err` value: Utf8Error { valid_up_to: 2, error_len: Some(1) }',
  '…',
  'thread caused non-unwinding panic. aborting.'
]
/** serde_json reports typed-decode errors just after the closing brace of the (one-line) JSON object. */
const atPayloadEnd = (message: string) => (ctx: LogContext) => L.json(message, ctx.payload.lastIndexOf('}') + 1)
const atHeaderEnd = (message: string) => (ctx: LogContext) => L.json(message, ctx.header.lastIndexOf('}') + 1)
const signaturePart = (ctx: LogContext) => ctx.parts[2] ?? ''

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')
const defaultClaims = (): Record<string, Claim> => ({ sub: PLANT_ID, iat: { rel: -5 }, exp: { rel: 3600 } })

function resolveClaims(claims: Record<string, Claim>, now: number): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, v && typeof v === 'object' && 'rel' in (v as object) ? now + (v as { rel: number }).rel : v])
  )
}

function buildToken(recipe: TokenRecipe, now: number): string | Uint8Array {
  if (recipe.mangle === 'empty') return ''
  if (recipe.mangle === 'non-utf8') return Uint8Array.of(0x65, 0x79, 0xff, 0xfe, 0x2e, 0x80)
  const header = { alg: recipe.alg ?? 'RS256', typ: 'JWT', ...recipe.extraHeader }
  const payload = recipe.rawPayload
    ? recipe.rawPayload.replace(/\{now([+-]\d+)?\}/g, (_, d: string | undefined) => String(now + Number(d ?? 0)))
    : JSON.stringify(resolveClaims(recipe.claims ?? defaultClaims(), now))
  const input = `${b64url(typeof recipe.rawHeader === 'object' ? Buffer.from(recipe.rawHeader) : (recipe.rawHeader ?? JSON.stringify(header)))}${recipe.headerSuffix ?? ''}.${b64url(payload)}`
  const key = SIGNING_KEYS[recipe.signingKey ?? 'main']()
  const sign = recipe.sign ?? 'rs256'
  const signature =
    sign === 'none'
      ? ''
      : sign === 'hs256'
        ? b64url(createHmac('sha256', 'a-shared-secret').update(input).digest())
        : b64url(createSign(sign === 'rs384' ? 'RSA-SHA384' : 'RSA-SHA256').update(input).sign(key))
  const token = `${input}.${signature}`
  switch (recipe.mangle) {
    case 'bearer':
      return `Bearer ${token}`
    case 'leading-space':
      return ` ${token}`
    case 'padding':
      return `${token}==`
    case 'trailing-newline':
      return `${token}\n`
    case 'two-parts':
      return input
    case 'four-parts':
      return `${token}.${signature}`
    case 'bom-prefix':
      return Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(token)])
    case 'std-alphabet': {
      const std = token.replace(/-/g, '+').replace(/_/g, '/')
      if (std === token) throw new Error('std-alphabet case: token has no - or _ to replace; re-run')
      return std
    }
    default:
      return token
  }
}

type Outcome = { accept: true } | { crash: readonly string[] } | { log: JwtAuthLine }
type CaseSpec = Omit<BrokerCase, 'protocol' | 'expectConnack' | 'keyFile' | 'expectLog'> & { keyFile?: KeyFileVariant } & Outcome

const P = PLANT_ID
const CHRONO_MAX = 8_210_298_412_799 // 262143-12-31T23:59:59Z, the last second chrono 0.4.23 can represent
const CHRONO_MIN = -8_334_632_851_200 // -262144-01-01T00:00:00Z, the first
const OK = { accept: true } as const

// One spec per case; each becomes a 3.1.1 row (CONNACK 5) and an MQTT 5 row (CONNACK 135).
const specs: CaseSpec[] = [
  // Accepted.
  { name: 'a valid token is accepted', token: {}, expectRule: 'OK', ...OK },
  { name: 'a token without exp is accepted and never expires', token: { claims: { sub: P, iat: { rel: -5 } } }, expectRule: 'OK', ...OK },
  { name: 'exp: null counts as absent', token: { claims: { sub: P, iat: { rel: -5 }, exp: null } }, expectRule: 'OK', ...OK },
  { name: 'a 48 h lifetime is accepted (with a warning)', token: { claims: { sub: P, iat: { rel: -5 }, exp: { rel: 48 * 3600 } } }, expectRule: 'OK', ...OK },
  { name: 'a client id other than the plant id is not checked', token: {}, clientId: 'some-other-client', expectRule: 'OK', ...OK },
  { name: 'kid, typ, jku and crit in the header are ignored', token: { extraHeader: { kid: 'k1', jku: 'https://example.invalid/jwks', crit: ['exp'] } }, expectRule: 'OK', ...OK },
  { name: 'publ/subs claims are not checked', token: { claims: { sub: P, iat: { rel: -5 }, exp: { rel: 3600 }, publ: ['x/#'], subs: [] } }, expectRule: 'OK', ...OK },
  { name: 'whitespace inside the payload JSON is fine', token: { rawPayload: `{ "sub" : "${P}" ,\n "iat": {now-5}, "exp": {now+3600} }` }, expectRule: 'OK', ...OK },
  // The key file.
  { name: 'SPKI DER key file rejects every token', keyFile: 'spki-der', token: {}, expectRule: 'KEY_SPKI_NOT_PKCS1', log: L.sig },
  { name: 'PKCS#1 PEM key file rejects every token', keyFile: 'pkcs1-pem', token: {}, expectRule: 'KEY_PEM_NOT_DER', log: L.sig },
  { name: 'SPKI PEM key file rejects every token', keyFile: 'spki-pem', token: {}, expectRule: 'KEY_PEM_NOT_DER', log: L.sig },
  { name: 'a private key as key file rejects every token', keyFile: 'private-pem', token: {}, expectRule: 'KEY_IS_PRIVATE', log: L.sig },
  { name: 'a certificate as key file rejects every token', keyFile: 'certificate-der', token: {}, expectRule: 'KEY_IS_CERTIFICATE', log: L.sig },
  { name: 'a 1024-bit key is rejected', keyFile: 'rsa1024-pkcs1-der', token: { signingKey: 'rsa1024' }, expectRule: 'KEY_TOO_SMALL', log: L.sig },
  { name: 'a 2047-bit key is accepted (256 bytes)', keyFile: 'rsa2047-pkcs1-der', token: { signingKey: 'rsa2047' }, expectRule: 'OK', ...OK },
  { name: 'a 2041-bit key is accepted (256 bytes)', keyFile: 'rsa2041-pkcs1-der', token: { signingKey: 'rsa2041' }, expectRule: 'OK', ...OK },
  { name: 'a 2040-bit key is rejected (255 bytes)', keyFile: 'rsa2040-pkcs1-der', token: { signingKey: 'rsa2040' }, expectRule: 'KEY_TOO_SMALL', log: L.sig },
  // Username and password.
  { name: 'an empty username is refused where sub is compared with it', token: {}, username: '', expectRule: 'USERNAME_EMPTY', log: L.usernameNotSet },
  { name: 'no password is rejected', token: { mangle: 'empty' }, expectRule: 'PASSWORD_EMPTY', log: L.tokenNotGiven },
  {
    name: 'a non-UTF-8 password crashes the real broker',
    token: { mangle: 'non-utf8' },
    expectRule: 'PASSWORD_NOT_UTF8',
    crash: UTF8_CRASH,
    skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead'
  },
  // Parts and the signature part's base64url.
  { name: 'two parts instead of three are rejected', token: { mangle: 'two-parts' }, expectRule: 'TOKEN_PARTS', log: L.parts(2) },
  { name: 'four parts are rejected', token: { mangle: 'four-parts' }, expectRule: 'TOKEN_PARTS', log: L.parts(4) },
  { name: '"=" padding is rejected', token: { mangle: 'padding' }, expectRule: 'TOKEN_PADDING', log: (c) => L.b64(signaturePart(c).length - 2) },
  { name: 'a trailing newline is rejected', token: { mangle: 'trailing-newline' }, expectRule: 'TOKEN_WHITESPACE', log: (c) => L.b64(signaturePart(c).length - 1) },
  {
    name: 'the standard base64 alphabet (+ /) is rejected',
    token: { mangle: 'std-alphabet' },
    expectRule: 'TOKEN_BASE64_ALPHABET',
    // The signature part is decoded first; only if it happens to have no + or / does the signature fail.
    log: (c) => (/[+/]/.test(signaturePart(c)) ? L.b64(signaturePart(c).search(/[+/]/)) : L.sig)
  },
  // The signature, over the raw text.
  { name: 'a "Bearer " prefix fails the signature', token: { mangle: 'bearer' }, expectRule: 'TOKEN_BEARER_PREFIX', log: L.sig },
  { name: 'a leading space fails the signature', token: { mangle: 'leading-space' }, expectRule: 'TOKEN_WHITESPACE', log: L.sig },
  { name: 'a BOM before the password fails the signature', token: { mangle: 'bom-prefix' }, expectRule: 'TOKEN_BASE64URL', log: L.sig },
  { name: 'a token signed with another key is rejected', token: { signingKey: 'other' }, expectRule: 'SIGNATURE_MISMATCH', log: L.sig },
  { name: 'an HS256 token is rejected at the signature', token: { alg: 'HS256', sign: 'hs256' }, expectRule: 'ALG_NOT_RS256', log: L.sig },
  { name: 'an RS384 token from the same key is rejected at the signature', token: { alg: 'RS384', sign: 'rs384' }, expectRule: 'ALG_NOT_RS256', log: L.sig },
  { name: 'alg "none" without a signature is rejected at the signature', token: { alg: 'none', sign: 'none' }, expectRule: 'ALG_NOT_RS256', log: L.sig },
  // The header, typed.
  { name: 'a signed header with "=" padding fails to decode (Length)', token: { rawHeader: '{"alg":"RS256"}', headerSuffix: '=' }, expectRule: 'TOKEN_PADDING', log: L.b64(20, 'Length') },
  { name: 'a BOM before the header JSON is rejected', token: { rawHeader: '\uFEFF{"alg":"RS256","typ":"JWT"}' }, expectRule: 'TOKEN_HEADER_NOT_JSON', log: L.json('expected value', 1) },
  { name: 'a broken header with a valid signature fails on the header', token: { rawHeader: '{"alg":"RS256",' }, expectRule: 'TOKEN_HEADER_NOT_JSON', log: L.json('EOF while parsing a value', 15) },
  { name: 'a header that is not an object is rejected', token: { rawHeader: '["RS256"]' }, expectRule: 'TOKEN_HEADER_NOT_OBJECT', log: L.json('invalid type: sequence, expected struct Header', 0) },
  { name: 'alg "rs256" in lower case is an unknown variant', token: { alg: 'rs256' }, expectRule: 'ALG_NOT_RS256', log: atHeaderEnd(`unknown variant \`rs256\`, expected one of ${ALGS}`) },
  { name: 'a header without alg is rejected', token: { rawHeader: '{"typ":"JWT"}' }, expectRule: 'ALG_NOT_RS256', log: L.json('missing field `alg`', 13) },
  { name: 'a repeated kid in the header is rejected', token: { rawHeader: '{"alg":"RS256","kid":"a","kid":"b"}' }, expectRule: 'HEADER_DUPLICATE', log: atHeaderEnd('duplicate field `kid`') },
  { name: 'a repeated alg in the header (RS256 twice) is rejected', token: { rawHeader: '{"alg":"RS256","typ":"JWT","alg":"RS256"}' }, expectRule: 'HEADER_DUPLICATE', log: atHeaderEnd('duplicate field `alg`') },
  { name: 'a repeated alg in the header (HS256 then RS256) is rejected', token: { rawHeader: '{"alg":"HS256","typ":"JWT","alg":"RS256"}' }, expectRule: 'HEADER_DUPLICATE', log: atHeaderEnd('duplicate field `alg`') },
  // alg must be RS256.
  { name: 'a valid RS256 signature under an HS256 header is WrongAlgorithmHeader', token: { alg: 'HS256' }, expectRule: 'ALG_NOT_RS256', log: L.wrongAlg },
  { name: 'a valid RS256 signature under alg "none" is WrongAlgorithmHeader', token: { alg: 'none' }, expectRule: 'ALG_NOT_RS256', log: L.wrongAlg },
  // The claims, typed, in the order written.
  { name: 'a payload that is not an object is rejected', token: { rawPayload: `["${P}"]` }, expectRule: 'TOKEN_PAYLOAD_NOT_OBJECT', log: L.json('invalid type: sequence, expected struct ClaimsSet', 0) },
  { name: 'a BOM before the payload JSON is rejected', token: { rawPayload: `\uFEFF{"sub":"${P}","iat":{now-5},"exp":{now+3600}}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('expected value', 1) },
  { name: 'a broken payload with a valid RS256 signature fails on the payload', token: { rawPayload: `{"sub":"${P}",` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('EOF while parsing a value', 46) },
  { name: 'a duplicate sub member is rejected', token: { rawPayload: `{"sub":"${P}","sub":"${P}","iat":{now-5},"exp":{now+3600}}` }, expectRule: 'CLAIM_DUPLICATE', log: atPayloadEnd('duplicate field `sub`') },
  { name: 'a numeric sub is rejected', token: { claims: { sub: 12345, iat: { rel: -5 }, exp: { rel: 3600 } } }, username: '12345', expectRule: 'SUB_NOT_STRING', log: atPayloadEnd('invalid type: integer `12345`, expected a string') },
  { name: 'a float exp is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":{now+3600}.5}` }, expectRule: 'EXP_NOT_INTEGER', log: (c) => atPayloadEnd(`invalid type: floating point \`${c.now + 3600}.5\`, expected i64`)(c) },
  { name: 'a string exp is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":"{now+3600}"}` }, expectRule: 'EXP_NOT_INTEGER', log: (c) => atPayloadEnd(`invalid type: string \\"${c.now + 3600}\\", expected i64`)(c) },
  { name: 'an exp written as 2e9 is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":2e9}` }, expectRule: 'EXP_NOT_INTEGER', log: atPayloadEnd('invalid type: floating point `2000000000`, expected i64') },
  { name: 'an exp written as 2000000000.0 is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":2000000000.0}` }, expectRule: 'EXP_NOT_INTEGER', log: atPayloadEnd('invalid type: floating point `2000000000`, expected i64') },
  { name: 'an exp of -0 is a float to the broker', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":-0}` }, expectRule: 'EXP_NOT_INTEGER', log: atPayloadEnd('invalid type: floating point `-0`, expected i64') },
  { name: 'a float iat is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5}.5,"exp":{now+3600}}` }, expectRule: 'IAT_NOT_INTEGER', log: (c) => atPayloadEnd(`invalid type: floating point \`${c.now - 5}.5\`, expected i64`)(c) },
  { name: 'an exp beyond the 64-bit range is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":9223372036854775808}` }, expectRule: 'EXP_NOT_INTEGER', log: atPayloadEnd('invalid value: integer `9223372036854775808`, expected i64') },
  { name: 'an exp of 20 digits is rejected', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":99999999999999999999}` }, expectRule: 'EXP_NOT_INTEGER', log: atPayloadEnd('invalid type: floating point `100000000000000000000`, expected i64') },
  // Rust prints an f64 with its shortest round-trip digits, then zeros, and serde before 1.0.196 adds no ".0".
  { name: 'an iat below the 64-bit range is rejected', token: { rawPayload: `{"sub":"${P}","iat":-9223372036854775809,"exp":{now+3600}}` }, expectRule: 'IAT_NOT_INTEGER', log: atPayloadEnd('invalid type: floating point `-9223372036854776000`, expected i64') },
  // Dates beyond chrono's range crash the real broker; in range, they are just dates.
  { name: 'an exp of 10^15 (a microsecond timestamp) crashes the real broker', token: { claims: { sub: P, iat: { rel: -5 }, exp: 1e15 } }, expectRule: 'EXP_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'an exp of 2^53 crashes the real broker', token: { claims: { sub: P, iat: { rel: -5 }, exp: 2 ** 53 } }, expectRule: 'EXP_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'an exp one second past the date range crashes the real broker', token: { claims: { sub: P, iat: { rel: -5 }, exp: CHRONO_MAX + 1 } }, expectRule: 'EXP_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'an nbf of 10^15 crashes the real broker', token: { claims: { sub: P, iat: { rel: -5 }, nbf: 1e15, exp: { rel: 3600 } } }, expectRule: 'NBF_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'an iat of 10^15 crashes the real broker', token: { claims: { sub: P, iat: 1e15, exp: { rel: 3600 } } }, expectRule: 'IAT_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'an iat one second before the date range crashes the real broker', token: { claims: { sub: P, iat: CHRONO_MIN - 1, exp: { rel: 3600 } } }, expectRule: 'IAT_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'an exp on the last second of the date range is accepted', token: { claims: { sub: P, iat: { rel: -5 }, exp: CHRONO_MAX } }, expectRule: 'OK', ...OK },
  { name: 'an iat on the first second of the date range is accepted', token: { claims: { sub: P, iat: CHRONO_MIN, exp: { rel: 3600 } } }, expectRule: 'OK', ...OK },
  { name: 'a millisecond exp is in range: accepted, and it never expires', token: { claims: { sub: P, iat: { rel: -5 }, exp: { rel: 0 } } }, expectRule: 'OK', ...OK },
  // Time, zero leeway.
  { name: 'an expired token is rejected', token: { claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'EXPIRED', log: L.expired(60) },
  { name: 'exp equal to now is already expired (zero leeway)', token: { claims: { sub: P, iat: { rel: -5 }, exp: { rel: 0 } } }, expectRule: 'EXPIRED', log: L.expired(0) },
  { name: 'iat in the future (device clock ahead) is rejected', token: { claims: { sub: P, iat: { rel: 120 }, exp: { rel: 3720 } } }, expectRule: 'IAT_IN_FUTURE', log: L.notYet(119) },
  {
    name: 'iat one second ahead is rejected (zero leeway)',
    token: { claims: { sub: P, iat: { rel: 1 }, exp: { rel: 3600 } } },
    expectRule: 'IAT_IN_FUTURE',
    log: L.notYet(0),
    skipOnRealBroker: 'one second of margin is too tight to test against a live broker'
  },
  { name: 'nbf in the future is rejected', token: { claims: { sub: P, iat: { rel: -5 }, nbf: { rel: 120 }, exp: { rel: 3600 } } }, expectRule: 'NBF_IN_FUTURE', log: L.notYet(119) },
  // sub.
  { name: 'a token without sub is rejected', token: { claims: { iat: { rel: -5 }, exp: { rel: 3600 } } }, expectRule: 'SUB_MISSING', log: L.subMissing },
  { name: 'sub: null counts as missing', token: { claims: { sub: null, iat: { rel: -5 }, exp: { rel: 3600 } } }, expectRule: 'SUB_MISSING', log: L.subMissing },
  { name: 'a username differing only in case is rejected', token: {}, username: P.toUpperCase(), expectRule: 'SUB_MISMATCH', log: L.mismatch(P, P.toUpperCase()) },
  { name: 'a username with a trailing space is rejected', token: {}, username: `${P} `, expectRule: 'SUB_MISMATCH', log: L.mismatch(P, `${P} `) },

  // Two faults: the first in the broker's order decides (verified on the real plugin).
  { name: 'two faults: expired and no sub → Expired', token: { claims: { iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'EXPIRED', log: L.expired(60) },
  { name: 'two faults: HS256 header over a valid RS256 signature, and expired → WrongAlgorithmHeader', token: { alg: 'HS256', claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'ALG_NOT_RS256', log: L.wrongAlg },
  { name: 'two faults: "Bearer " prefix and expired → InvalidSignature', token: { mangle: 'bearer', claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'TOKEN_BEARER_PREFIX', log: L.sig },
  { name: 'two faults: a leading space and expired → InvalidSignature', token: { mangle: 'leading-space', claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'TOKEN_WHITESPACE', log: L.sig },
  { name: 'two faults: a string exp and a wrong username → the type error', token: { rawPayload: `{"sub":"${P}","iat":{now-5},"exp":"soon"}` }, username: 'another-plant', expectRule: 'EXP_NOT_INTEGER', log: atPayloadEnd('invalid type: string \\"soon\\", expected i64') },
  { name: 'two faults: a numeric sub and expired → the type error', token: { claims: { sub: 7, iat: { rel: -3700 }, exp: { rel: -60 } } }, username: '7', expectRule: 'SUB_NOT_STRING', log: atPayloadEnd('invalid type: integer `7`, expected a string') },
  { name: 'two faults: a float exp and a future iat → the type error', token: { rawPayload: `{"sub":"${P}","iat":{now+600},"exp":{now+3600}.5}` }, expectRule: 'EXP_NOT_INTEGER', log: (c) => atPayloadEnd(`invalid type: floating point \`${c.now + 3600}.5\`, expected i64`)(c) },
  { name: 'two faults: expired and a string nbf → the type error', token: { rawPayload: `{"sub":"${P}","nbf":"x","iat":{now-3700},"exp":{now-60}}` }, expectRule: 'NBF_NOT_INTEGER', log: atPayloadEnd('invalid type: string \\"x\\", expected i64') },
  { name: 'two faults: a future nbf and a string iat → the type error', token: { rawPayload: `{"sub":"${P}","iat":"x","nbf":{now+600},"exp":{now+3600}}` }, expectRule: 'IAT_NOT_INTEGER', log: atPayloadEnd('invalid type: string \\"x\\", expected i64') },
  { name: 'two faults: expired and a future iat → Expired', token: { claims: { sub: P, iat: { rel: 600 }, exp: { rel: -60 } } }, expectRule: 'EXPIRED', log: L.expired(60) },
  { name: 'two faults: a future nbf and a future iat → nbf first', token: { claims: { sub: P, iat: { rel: 600 }, nbf: { rel: 300 }, exp: { rel: 3600 } } }, expectRule: 'NBF_IN_FUTURE', log: L.notYet(299) },
  { name: 'two faults: a future iat and a wrong username → NotYetValid', token: { claims: { sub: P, iat: { rel: 120 }, exp: { rel: 3600 } } }, username: 'another-plant', expectRule: 'IAT_IN_FUTURE', log: L.notYet(119) },
  { name: 'two faults: expired and a wrong username → Expired', token: { claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, username: 'another-plant', expectRule: 'EXPIRED', log: L.expired(60) },
  { name: 'two faults: no sub and a future nbf → NotYetValid', token: { claims: { iat: { rel: -5 }, nbf: { rel: 120 }, exp: { rel: 3600 } } }, expectRule: 'NBF_IN_FUTURE', log: L.notYet(119) },
  { name: 'two faults: a duplicate sub and expired → duplicate field', token: { rawPayload: `{"sub":"${P}","sub":"${P}","iat":{now-3700},"exp":{now-60}}` }, expectRule: 'CLAIM_DUPLICATE', log: atPayloadEnd('duplicate field `sub`') },
  { name: 'two faults: HS256 header over a valid RS256 signature, and a duplicate sub → WrongAlgorithmHeader', token: { alg: 'HS256', rawPayload: `{"sub":"${P}","sub":"${P}","iat":{now-5},"exp":{now+3600}}` }, expectRule: 'ALG_NOT_RS256', log: L.wrongAlg },
  { name: 'two faults: a repeated kid and expired → duplicate field', token: { rawHeader: '{"alg":"RS256","kid":"a","kid":"b"}', claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'HEADER_DUPLICATE', log: atHeaderEnd('duplicate field `kid`') },
  { name: 'two faults: alg "rs256" and expired → unknown variant', token: { alg: 'rs256', claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'ALG_NOT_RS256', log: atHeaderEnd(`unknown variant \`rs256\`, expected one of ${ALGS}`) },
  { name: 'two faults: alg "rs256" and a broken payload → unknown variant', token: { alg: 'rs256', rawPayload: `{"sub":"${P}",` }, expectRule: 'ALG_NOT_RS256', log: atHeaderEnd(`unknown variant \`rs256\`, expected one of ${ALGS}`) },
  { name: 'two faults: padding and another key → DecodeBase64', token: { mangle: 'padding', signingKey: 'other' }, expectRule: 'TOKEN_PADDING', log: (c) => L.b64(signaturePart(c).length - 2) },
  { name: 'two faults: a trailing newline and a wrong username → DecodeBase64', token: { mangle: 'trailing-newline' }, username: 'another-plant', expectRule: 'TOKEN_WHITESPACE', log: (c) => L.b64(signaturePart(c).length - 1) },
  { name: 'two faults: an empty username and another key → InvalidSignature (the username is only read at sub)', token: { signingKey: 'other' }, username: '', expectRule: 'SIGNATURE_MISMATCH', log: L.sig },
  { name: 'two faults: an empty username and no password → token not given', token: { mangle: 'empty' }, username: '', expectRule: 'PASSWORD_EMPTY', log: L.tokenNotGiven },
  { name: 'two faults: four parts and expired → PartsLengthError', token: { mangle: 'four-parts', claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'TOKEN_PARTS', log: L.parts(4) },
  { name: 'two faults: a broken payload and another key → InvalidSignature', token: { signingKey: 'other', rawPayload: `{"sub":"${P}",` }, expectRule: 'SIGNATURE_MISMATCH', log: L.sig },
  { name: 'two faults: a broken header and another key → InvalidSignature', token: { signingKey: 'other', rawHeader: '{"alg":"RS256",' }, expectRule: 'SIGNATURE_MISMATCH', log: L.sig },
  { name: 'two faults: an exp out of range and another key → InvalidSignature, no crash', token: { signingKey: 'other', claims: { sub: P, iat: { rel: -5 }, exp: 1e15 } }, expectRule: 'SIGNATURE_MISMATCH', log: L.sig },
  { name: 'two faults: a numeric sub written before an exp out of range → the type error, no crash', token: { rawPayload: `{"sub":7,"exp":1000000000000000}` }, username: '7', expectRule: 'SUB_NOT_STRING', log: atPayloadEnd('invalid type: integer `7`, expected a string') },
  { name: 'two faults: an exp out of range written before a numeric sub → crash', token: { rawPayload: `{"exp":1000000000000000,"sub":7}` }, username: '7', expectRule: 'EXP_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'two faults: an exp out of range and a wrong username → crash', token: { claims: { sub: P, iat: { rel: -5 }, exp: 1e15 } }, username: 'another-plant', expectRule: 'EXP_OUT_OF_RANGE', crash: DATE_CRASH, skipOnRealBroker: 'the real plugin panics; the local plugin refuses instead' },
  { name: 'two faults: a 2040-bit key and an HS256 header → InvalidSignature (key)', keyFile: 'rsa2040-pkcs1-der', token: { signingKey: 'rsa2040', alg: 'HS256' }, expectRule: 'KEY_TOO_SMALL', log: L.sig },

  // Classes the differential check found (issue 23), lines as the real plugin printed them.
  // Every registered header member is typed, not only alg.
  { name: 'a numeric kid in the header is refused', token: { extraHeader: { kid: 7 } }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: integer `7`, expected a string', 35) },
  { name: 'a numeric typ in the header is refused', token: { rawHeader: '{"alg":"RS256","typ":123}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: integer `123`, expected a string', 25) },
  { name: 'a float x5t in the header prints without ".0"', token: { rawHeader: '{"alg":"RS256","x5t":1796229547.0}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: floating point `1796229547`, expected a string', 34) },
  { name: 'x5c that is a string, not a list, is refused', token: { rawHeader: '{"alg":"RS256","x5c":"MIIB"}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: string \\"MIIB\\", expected a sequence', 28) },
  { name: 'crit with a null element is refused (null, not "unit value")', token: { rawHeader: '{"alg":"RS256","crit":["exp",null]}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: null, expected a string', 35) },
  { name: 'a jwk that is not an object is refused', token: { rawHeader: '{"alg":"RS256","jwk":true}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: boolean `true`, expected struct JWK', 26) },
  { name: 'an empty jwk object matches no key type', token: { rawHeader: '{"alg":"RS256","jwk":{}}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('data did not match any variant of untagged enum AlgorithmParameters', 24) },
  { name: 'a header jwk holding a real RSA public key is accepted (the plugin does not use it)', token: { extraHeader: { jwk: enrolledJwk() } }, expectRule: 'OK', ...OK },
  { name: 'a header jwk with its modulus padded matches no key type', token: { extraHeader: { jwk: { ...enrolledJwk(), n: `${enrolledJwk().n}=` } } }, expectRule: 'HEADER_MEMBER_TYPE', log: atHeaderEnd('data did not match any variant of untagged enum AlgorithmParameters') },
  { name: 'a header jwk with an unknown alg is refused (untagged enum Algorithm)', token: { extraHeader: { jwk: { ...enrolledJwk(), alg: 'XYZ' } } }, expectRule: 'HEADER_MEMBER_TYPE', log: atHeaderEnd('data did not match any variant of untagged enum Algorithm') },
  // A jwk's key parameters are biscuit's untagged AlgorithmParameters: EC, RSA, oct, OKP tried in
  // order, each a struct over the members the common ones left (classes the differential check found).
  { name: 'a header jwk RSA key with an empty oth list is accepted', token: { extraHeader: { jwk: { ...enrolledJwk(), oth: [] } } }, expectRule: 'OK', ...OK },
  { name: 'a header jwk RSA key whose oth entry lacks d and t matches no key type', token: { extraHeader: { jwk: { ...enrolledJwk(), oth: [{ r: enrolledJwk().e }] } } }, expectRule: 'HEADER_MEMBER_TYPE', log: atHeaderEnd('data did not match any variant of untagged enum AlgorithmParameters') },
  { name: 'a header jwk OKP key with an oth list is accepted (only RSA has oth)', token: { extraHeader: { jwk: { ...okpJwk(), oth: [{ r: enrolledJwk().e }] } } }, expectRule: 'OK', ...OK },
  { name: 'a header jwk with kty twice matches no key type', token: { rawHeader: `{"alg":"RS256","jwk":${JSON.stringify(enrolledJwk()).slice(0, -1)},"kty":"RSA"}}` }, expectRule: 'HEADER_MEMBER_TYPE', log: atHeaderEnd('data did not match any variant of untagged enum AlgorithmParameters') },
  { name: 'a header jwk with kty twice and no alg: the jwk is refused before alg is missed', token: { rawHeader: `{"jwk":${JSON.stringify(enrolledJwk()).slice(0, -1)},"kty":"RSA"},"typ":"JWT"}` }, expectRule: 'HEADER_MEMBER_TYPE', log: atHeaderEnd('data did not match any variant of untagged enum AlgorithmParameters') },
  { name: 'a header jwk RSA key with an empty oth and no alg: alg is missed', token: { rawHeader: `{"jwk":${JSON.stringify({ ...enrolledJwk(), oth: [] })},"typ":"JWT"}` }, expectRule: 'ALG_NOT_RS256', log: atHeaderEnd('missing field `alg`') },
  { name: 'kid: null counts as absent', token: { rawHeader: '{"alg":"RS256","kid":null}' }, expectRule: 'OK', ...OK },
  { name: 'an unknown header member of any type, even twice, is ignored', token: { rawHeader: '{"alg":"RS256","foo":[1,{"a":null}],"foo":false}' }, expectRule: 'OK', ...OK },
  { name: 'a member before alg is typed first', token: { rawHeader: '{"kid":7,"alg":"rs256"}' }, expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: integer `7`, expected a string', 23) },
  // alg is an externally tagged enum: a string or a one-key map.
  { name: 'alg: null is refused', token: { rawHeader: '{"alg":null}' }, expectRule: 'ALG_NOT_RS256', log: L.json('invalid type: null, expected string or map', 12) },
  { name: 'alg {"RS256": null} is RS256 to the broker', token: { rawHeader: '{"alg":{"RS256":null}}' }, expectRule: 'OK', ...OK },
  { name: 'alg {"RS256": 1} is refused', token: { rawHeader: '{"alg":{"RS256":1}}' }, expectRule: 'ALG_NOT_RS256', log: L.json('invalid type: integer `1`, expected unit', 19) },
  { name: 'alg {} is refused', token: { rawHeader: '{"alg":{}}' }, expectRule: 'ALG_NOT_RS256', log: L.json('invalid value: map, expected map with a single key', 10) },
  // Top-level values other than an object.
  { name: 'a payload of null is refused (null)', token: { rawPayload: 'null' }, expectRule: 'TOKEN_PAYLOAD_NOT_OBJECT', log: L.json('invalid type: null, expected struct ClaimsSet', 4) },
  { name: 'a header that is a string is refused', token: { rawHeader: '"RS256"' }, expectRule: 'TOKEN_HEADER_NOT_OBJECT', log: L.json('invalid type: string \\"RS256\\", expected struct Header', 7) },
  { name: 'a payload that is a float is refused', token: { rawPayload: ' -1.50' }, expectRule: 'TOKEN_PAYLOAD_NOT_OBJECT', log: L.json('invalid type: floating point `-1.5`, expected struct ClaimsSet', 6) },
  { name: 'a payload of only whitespace is refused', token: { rawPayload: ' ' }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('EOF while parsing a value', 1) },
  // serde_json's syntax errors, word for word and at its position.
  { name: 'a trailing comma in the payload', token: { rawPayload: `{"sub":"${P}",}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('trailing comma', 47) },
  { name: 'characters after the payload object', token: { rawPayload: `{"sub":"${P}"}x` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('trailing characters', 47) },
  { name: 'a key that is not a string', token: { rawPayload: `{sub:"${P}"}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('key must be a string', 2) },
  { name: 'a missing colon', token: { rawPayload: `{"sub" "${P}"}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('expected `:`', 8) },
  { name: 'a missing comma', token: { rawPayload: `{"sub":"${P}" "exp":1}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('expected `,` or `}`', 47) },
  { name: 'a string cut off', token: { rawPayload: `{"sub":"${P}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('EOF while parsing a string', 44) },
  { name: 'an unknown escape', token: { rawPayload: `{"sub":"${P}\\x"}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('invalid escape', 46) },
  { name: 'a lone low surrogate escape', token: { rawPayload: '{"sub":"\\udc00"}' }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('lone leading surrogate in hex escape', 14) },
  { name: 'a high surrogate escape not followed by another', token: { rawPayload: '{"sub":"\\ud800x"}' }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('unexpected end of hex escape', 15) },
  { name: 'a raw control character in a string', token: { rawPayload: '{"sub":"a\u0001"}' }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('control character (\\\\u0000-\\\\u001F) found while parsing a string', 10) },
  { name: 'bytes that are not UTF-8 inside a header string', token: { rawHeader: Uint8Array.from([...Buffer.from('{"alg":"RS256","kid":"a'), 0xff, ...Buffer.from('"}')]) }, expectRule: 'TOKEN_HEADER_NOT_JSON', log: L.json('invalid unicode code point', 25) },
  { name: 'a number beyond f64 (1e400)', token: { rawPayload: `{"sub":"${P}","x":1e400}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('number out of range', 55) },
  { name: 'a number with a leading zero', token: { rawPayload: '{"exp":0123}' }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('invalid number', 9) },
  { name: 'a misspelt literal', token: { rawPayload: '{"exp":nul}' }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('expected ident', 11) },
  { name: 'a payload nested 128 deep', token: { rawPayload: `{"x":${'['.repeat(130)}${']'.repeat(130)}}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON', log: L.json('recursion limit exceeded', 132) },
  // Numbers as serde_json 1.0.87 reads them (its own fast float path) and serde ≤ 1.0.152 prints them.
  { name: 'an exp of 1e3 prints as 1000', token: { rawPayload: '{"exp":1e3}' }, expectRule: 'EXP_NOT_INTEGER', log: L.json('invalid type: floating point `1000`, expected i64', 11) },
  { name: 'an exp of 30 digits prints serde’s rounding', token: { rawPayload: '{"exp":123456789012345678901234567890}' }, expectRule: 'EXP_NOT_INTEGER', log: L.json('invalid type: floating point `123456789012345680000000000000`, expected i64', 38) },
  { name: 'an exp of 0.1e-5 prints in full', token: { rawPayload: '{"exp":0.1e-5}' }, expectRule: 'EXP_NOT_INTEGER', log: L.json('invalid type: floating point `0.000001`, expected i64', 14) },
  { name: 'digits beyond u64 then a bare "." are a number to serde_json 1.0.87', token: { rawPayload: '{"exp":18446744073709551616.}' }, expectRule: 'EXP_NOT_INTEGER', log: L.json('invalid type: floating point `18446744073709552000`, expected i64', 29) },
  { name: 'an iat of u64::MAX is out of i64', token: { rawPayload: '{"iat":18446744073709551615}' }, expectRule: 'IAT_NOT_INTEGER', log: L.json('invalid value: integer `18446744073709551615`, expected i64', 28) },
  // The other registered claims and the plugin's own publ/subs are typed too, registered ones first.
  { name: 'a numeric iss is refused', token: { rawPayload: `{"sub":"${P}","iss":7}` }, expectRule: 'CLAIM_TYPE', log: L.json('invalid type: integer `7`, expected a string', 54) },
  { name: 'a numeric aud is refused (untagged enum)', token: { rawPayload: `{"sub":"${P}","aud":7}` }, expectRule: 'CLAIM_TYPE', log: L.json('data did not match any variant of untagged enum SingleOrMultiple', 54) },
  { name: 'aud as a list of strings is accepted', token: { claims: { sub: P, aud: ['voke', 'plc'], iat: { rel: -5 }, exp: { rel: 3600 } } }, expectRule: 'OK', ...OK },
  { name: 'publ as a string, not a list, is refused', token: { rawPayload: `{"sub":"${P}","publ":"cpi/#"}` }, expectRule: 'CLAIM_TYPE', log: L.json('invalid type: string \\"cpi/#\\", expected a sequence', 61) },
  { name: 'subs with a number in the list is refused', token: { rawPayload: `{"sub":"${P}","subs":["a",1]}` }, expectRule: 'CLAIM_TYPE', log: L.json('invalid type: integer `1`, expected a string', 61) },
  { name: 'a bad publ written before a bad exp: the registered exp is typed first', token: { rawPayload: '{"publ":7,"exp":"x"}' }, expectRule: 'EXP_NOT_INTEGER', log: L.json('invalid type: string \\"x\\", expected i64', 20) },
  { name: 'publ twice is a duplicate field', token: { rawPayload: `{"sub":"${P}","publ":[],"publ":[]}` }, expectRule: 'CLAIM_DUPLICATE', log: L.json('duplicate field `publ`', 66) },
  { name: 'an unknown claim twice is ignored', token: { rawPayload: `{"sub":"${P}","x":1,"x":"y","exp":{now+3600}}` }, expectRule: 'OK', ...OK },
  // publ/subs are parsed as topic filters after the sub check, with the plugin's own log line.
  { name: 'publ with "#" before the last level is refused', token: { claims: { sub: P, publ: ['a/#/b'], exp: { rel: 3600 } } }, expectRule: 'TOPIC_FILTER_INVALID', log: 'jwt-auth: TopicAfterMultiLevelWildcard' },
  { name: 'subs with "+" inside a level is refused', token: { claims: { sub: P, subs: ['a+/b'], exp: { rel: 3600 } } }, expectRule: 'TOPIC_FILTER_INVALID', log: 'jwt-auth: InvalidTopicName("a+/")' },
  { name: 'publ with "#" inside the last level is refused', token: { claims: { sub: P, publ: ['cpi/x#'], exp: { rel: 3600 } } }, expectRule: 'TOPIC_FILTER_INVALID', log: 'jwt-auth: InvalidTopicName("x#")' },
  { name: 'publ "#x" and "+x" are wildcards to the plugin, accepted', token: { claims: { sub: P, publ: ['a/+x/#y'], exp: { rel: 3600 } } }, expectRule: 'OK', ...OK },
  { name: 'two faults: a bad topic filter and a wrong username → the sub mismatch first', token: { claims: { sub: P, publ: ['a/#/b'], exp: { rel: 3600 } } }, username: 'another-plant', expectRule: 'SUB_MISMATCH', log: L.mismatch(P, 'another-plant') },
  // The username is read only where sub is compared with it.
  { name: 'two faults: an empty username and expired → Expired', token: { claims: { sub: P, iat: { rel: -3700 }, exp: { rel: -60 } } }, username: '', expectRule: 'EXPIRED', log: L.expired(60) },
  { name: 'two faults: an empty username and a numeric kid → the header type error', token: { extraHeader: { kid: 7 } }, username: '', expectRule: 'HEADER_MEMBER_TYPE', log: L.json('invalid type: integer `7`, expected a string', 35) },
  { name: 'two faults: an empty username and no sub → claim sub is missing', token: { claims: { iat: { rel: -5 }, exp: { rel: 3600 } } }, username: '', expectRule: 'SUB_MISSING', log: L.subMissing },
  { name: 'two faults: an empty username and a bad topic filter → username not set', token: { claims: { sub: P, publ: ['a/#/b'], exp: { rel: 3600 } } }, username: '', expectRule: 'USERNAME_EMPTY', log: L.usernameNotSet },
  // Rust's Debug of a str in a message escapes what it cannot print.
  { name: 'a string with a zero-width space in a type error is escaped', token: { rawPayload: '{"exp":"a\u200bb"}' }, expectRule: 'EXP_NOT_INTEGER', log: L.json('invalid type: string \\"a\\\\u{200b}b\\", expected i64', 15) }
]

// The millisecond row signs exp = (now + 3600) * 1000: set here, where now is known.
const MS_ROW = 'a millisecond exp is in range: accepted, and it never expires'

export const brokerCases: BrokerCase[] = specs.flatMap((spec) =>
  (['3.1.1', '5'] as const).map((protocol): BrokerCase => {
    const { keyFile, ...rest } = spec
    const base = { name: rest.name, token: rest.token, username: rest.username, clientId: rest.clientId, expectRule: rest.expectRule, skipOnRealBroker: rest.skipOnRealBroker }
    const refusedCode = protocol === '5' ? 135 : 5
    const expectLog = (ctx: LogContext): string[] => {
      // Mosquitto 2.0.11's own lines: p2 is MQTT 3.1.1; a refused client has no id yet.
      if ('accept' in spec) return [`New client connected from <address> as ${ctx.clientId} (p${protocol === '5' ? 5 : 2}, …, u'${ctx.username}').`]
      if ('crash' in spec) return [...spec.crash]
      const line = typeof spec.log === 'function' ? spec.log(ctx) : spec.log
      return [line, 'Client <unknown> disconnected, not authorised.']
    }
    return {
      ...base,
      name: `${spec.name} (MQTT ${protocol})`,
      keyFile: keyFile ?? 'pkcs1-der',
      protocol,
      expectConnack: 'crash' in spec ? null : 'accept' in spec ? 0 : refusedCode,
      expectLog
    }
  })
)

export interface MaterialisedCase {
  keyFileBytes: Uint8Array
  password: string | Uint8Array
  username: string
  clientId: string
  protocol: '3.1.1' | '5'
  expectConnack: 0 | 5 | 135 | null
  expectRule: string
  /** The row's expected broker log lines for this very token. */
  expectLog: string[]
}

function logContext(password: string | Uint8Array, now: number, username: string, clientId: string): LogContext {
  const parts = typeof password === 'string' ? password.split('.') : []
  const text = (part: string | undefined) => (part === undefined ? '' : Buffer.from(part, 'base64url').toString('utf8'))
  return { now, username, clientId, parts, header: text(parts[0]), payload: text(parts[1]) }
}

export async function materialiseCase(c: BrokerCase, nowSeconds: number): Promise<MaterialisedCase> {
  const username = c.username ?? PLANT_ID
  const clientId = c.clientId ?? (username || 'no-username-client')
  const recipe = c.name.startsWith(MS_ROW) ? { claims: { sub: PLANT_ID, iat: nowSeconds - 5, exp: (nowSeconds + 3600) * 1000 } } : c.token
  const password = buildToken(recipe, nowSeconds)
  return {
    keyFileBytes: KEY_FILES[c.keyFile](),
    password,
    username,
    clientId,
    protocol: c.protocol,
    expectConnack: c.expectConnack,
    expectRule: c.expectRule,
    expectLog: c.expectLog(logContext(password, nowSeconds, username, clientId))
  }
}
