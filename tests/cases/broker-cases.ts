// THE table of broker cases: one row per rule of ../shared/broker-rules.md, for both MQTT
// versions. brokerVerdict's unit tests and the real Mosquitto broker tests both run every row,
// so the TypeScript verdict and the broker plugin cannot drift apart.
import { createHmac, createSign } from 'node:crypto'
import { keyVector, keyVectorText } from '../support/vectors'

export const PLANT_ID = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'

/** The key file mounted on the broker (plugin_opt_jwt_sec_file). */
export const KEY_FILES = {
  'pkcs1-der': 'rsa2048.pkcs1-public.der',
  'spki-der': 'rsa2048.spki.der',
  'pkcs1-pem': 'rsa2048.pkcs1-public.pem',
  'spki-pem': 'rsa2048.spki.pem',
  'private-pem': 'rsa2048.pkcs1.pem',
  'certificate-der': 'rsa2048.cert.der',
  'rsa1024-pkcs1-der': 'rsa1024.pkcs1-public.der'
} as const
export type KeyFileVariant = keyof typeof KEY_FILES

/** Private keys tokens are signed with: the enrolled pair, an unrelated one, a 1024-bit one. */
const SIGNING_KEYS = { main: 'rsa2048.pkcs8.pem', other: 'rsa2048-e3.pkcs8.pem', rsa1024: 'rsa1024.pkcs8.pem' } as const

type Claim = unknown | { rel: number }
type Mangle = 'bearer' | 'padding' | 'trailing-newline' | 'std-alphabet' | 'two-parts' | 'empty' | 'non-utf8' | 'bom-prefix'

export interface TokenRecipe {
  /** Header alg written (default RS256). */
  alg?: string
  /** How the signature is made (default rs256 with the main key). */
  sign?: 'rs256' | 'rs384' | 'hs256' | 'none'
  signingKey?: keyof typeof SIGNING_KEYS
  extraHeader?: Record<string, unknown>
  /** The header JSON exactly (a BOM, a repeated member); replaces alg/extraHeader. */
  rawHeader?: string
  /** Claims; { rel: n } means now + n seconds. Default: sub, iat now-5, exp now+3600. */
  claims?: Record<string, Claim>
  /** The payload JSON exactly, for what JSON.stringify cannot write ({now} is replaced). */
  rawPayload?: string
  mangle?: Mangle
}

export interface BrokerCase {
  name: string
  keyFile: KeyFileVariant
  protocol: '3.1.1' | '5'
  token: TokenRecipe
  username?: string
  clientId?: string
  expectRule: string
  expectConnack: 0 | 5 | 135 | null
  /** Rows the real broker cannot run: it would crash, or the timing is too tight to test live. */
  skipOnRealBroker?: string
}

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
  const input = `${b64url(recipe.rawHeader ?? JSON.stringify(header))}.${b64url(payload)}`
  const key = keyVectorText(SIGNING_KEYS[recipe.signingKey ?? 'main'])
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
    case 'padding':
      return `${token}==`
    case 'trailing-newline':
      return `${token}\n`
    case 'two-parts':
      return input
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

type CaseSpec = Omit<BrokerCase, 'protocol' | 'expectConnack' | 'keyFile'> & { keyFile?: KeyFileVariant; accept?: boolean; crash?: boolean }

// One spec per rule; each becomes a 3.1.1 row (CONNACK 5) and an MQTT 5 row (CONNACK 135).
const specs: CaseSpec[] = [
  { name: 'a valid token is accepted', token: {}, expectRule: 'OK', accept: true },
  { name: 'a token without exp is accepted and never expires', token: { claims: { sub: PLANT_ID, iat: { rel: -5 } } }, expectRule: 'OK', accept: true },
  { name: 'exp: null counts as absent', token: { claims: { sub: PLANT_ID, iat: { rel: -5 }, exp: null } }, expectRule: 'OK', accept: true },
  { name: 'a 48 h lifetime is accepted (with a warning)', token: { claims: { sub: PLANT_ID, iat: { rel: -5 }, exp: { rel: 48 * 3600 } } }, expectRule: 'OK', accept: true },
  { name: 'a client id other than the plant id is not checked', token: {}, clientId: 'some-other-client', expectRule: 'OK', accept: true },
  { name: 'kid, typ, jku and crit in the header are ignored', token: { extraHeader: { kid: 'k1', jku: 'https://example.invalid/jwks', crit: ['exp'] } }, expectRule: 'OK', accept: true },
  { name: 'publ/subs claims are not checked', token: { claims: { sub: PLANT_ID, iat: { rel: -5 }, exp: { rel: 3600 }, publ: ['x/#'], subs: [] } }, expectRule: 'OK', accept: true },
  { name: 'SPKI DER key file rejects every token', keyFile: 'spki-der', token: {}, expectRule: 'KEY_SPKI_NOT_PKCS1' },
  { name: 'PKCS#1 PEM key file rejects every token', keyFile: 'pkcs1-pem', token: {}, expectRule: 'KEY_PEM_NOT_DER' },
  { name: 'SPKI PEM key file rejects every token', keyFile: 'spki-pem', token: {}, expectRule: 'KEY_PEM_NOT_DER' },
  { name: 'a private key as key file rejects every token', keyFile: 'private-pem', token: {}, expectRule: 'KEY_IS_PRIVATE' },
  { name: 'a certificate as key file rejects every token', keyFile: 'certificate-der', token: {}, expectRule: 'KEY_IS_CERTIFICATE' },
  { name: 'a 1024-bit key is rejected', keyFile: 'rsa1024-pkcs1-der', token: { signingKey: 'rsa1024' }, expectRule: 'KEY_TOO_SMALL' },
  { name: 'an empty password is rejected', token: { mangle: 'empty' }, expectRule: 'PASSWORD_EMPTY' },
  { name: 'a "Bearer " prefix is rejected', token: { mangle: 'bearer' }, expectRule: 'TOKEN_BEARER_PREFIX' },
  { name: '"=" padding is rejected', token: { mangle: 'padding' }, expectRule: 'TOKEN_PADDING' },
  { name: 'a trailing newline is rejected', token: { mangle: 'trailing-newline' }, expectRule: 'TOKEN_WHITESPACE' },
  { name: 'the standard base64 alphabet (+ /) is rejected', token: { mangle: 'std-alphabet' }, expectRule: 'TOKEN_BASE64_ALPHABET' },
  { name: 'two parts instead of three are rejected', token: { mangle: 'two-parts' }, expectRule: 'TOKEN_PARTS' },
  { name: 'a non-UTF-8 password crashes the real broker', token: { mangle: 'non-utf8' }, expectRule: 'PASSWORD_NOT_UTF8', crash: true, skipOnRealBroker: 'the real plugin panics; the local plugin rejects instead' },
  { name: 'a token signed with another key is rejected', token: { signingKey: 'other' }, expectRule: 'SIGNATURE_MISMATCH' },
  { name: 'an HS256 token is rejected', token: { alg: 'HS256', sign: 'hs256' }, expectRule: 'ALG_NOT_RS256' },
  { name: 'an RS384 token from the same key is rejected', token: { alg: 'RS384', sign: 'rs384' }, expectRule: 'ALG_NOT_RS256' },
  { name: 'alg "rs256" in lower case is rejected', token: { alg: 'rs256' }, expectRule: 'ALG_NOT_RS256' },
  { name: 'alg "none" is rejected', token: { alg: 'none', sign: 'none' }, expectRule: 'ALG_NOT_RS256' },
  { name: 'a token without sub is rejected', token: { claims: { iat: { rel: -5 }, exp: { rel: 3600 } } }, expectRule: 'SUB_MISSING' },
  { name: 'a numeric sub is rejected', token: { claims: { sub: 12345, iat: { rel: -5 }, exp: { rel: 3600 } } }, username: '12345', expectRule: 'SUB_NOT_STRING' },
  { name: 'a username differing only in case is rejected', token: {}, username: PLANT_ID.toUpperCase(), expectRule: 'SUB_MISMATCH' },
  { name: 'a username with a trailing space is rejected', token: {}, username: `${PLANT_ID} `, expectRule: 'SUB_MISMATCH' },
  { name: 'a float exp is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":{now+3600}.5}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'a string exp is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":"{now+3600}"}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'an exp written as 2e9 is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":2e9}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'an exp written as 2000000000.0 is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":2000000000.0}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'an expired token is rejected', token: { claims: { sub: PLANT_ID, iat: { rel: -3700 }, exp: { rel: -60 } } }, expectRule: 'EXPIRED' },
  { name: 'exp equal to now is already expired (zero leeway)', token: { claims: { sub: PLANT_ID, iat: { rel: -5 }, exp: { rel: 0 } } }, expectRule: 'EXPIRED' },
  { name: 'iat in the future (device clock ahead) is rejected', token: { claims: { sub: PLANT_ID, iat: { rel: 120 }, exp: { rel: 3720 } } }, expectRule: 'IAT_IN_FUTURE' },
  { name: 'iat one second ahead is rejected (zero leeway)', token: { claims: { sub: PLANT_ID, iat: { rel: 1 }, exp: { rel: 3600 } } }, expectRule: 'IAT_IN_FUTURE', skipOnRealBroker: 'one second of margin is too tight to test against a live broker' },
  { name: 'nbf in the future is rejected', token: { claims: { sub: PLANT_ID, iat: { rel: -5 }, nbf: { rel: 120 }, exp: { rel: 3600 } } }, expectRule: 'NBF_IN_FUTURE' },
  { name: 'a float iat is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5}.5,"exp":{now+3600}}` }, expectRule: 'IAT_NOT_INTEGER' },
  { name: 'a duplicate sub member is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","sub":"${PLANT_ID}","iat":{now-5},"exp":{now+3600}}` }, expectRule: 'CLAIM_DUPLICATE' },
  { name: 'a payload that is not an object is rejected', token: { rawPayload: `["${PLANT_ID}"]` }, expectRule: 'TOKEN_PAYLOAD_NOT_OBJECT' },
  // A UTF-8 BOM is not JSON whitespace: the broker's reader refuses it (a lenient decoder would strip it).
  { name: 'a BOM before the header JSON is rejected', token: { rawHeader: '\uFEFF{"alg":"RS256","typ":"JWT"}' }, expectRule: 'TOKEN_HEADER_NOT_JSON' },
  { name: 'a BOM before the payload JSON is rejected', token: { rawPayload: `\uFEFF{"sub":"${PLANT_ID}","iat":{now-5},"exp":{now+3600}}` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON' },
  { name: 'a BOM before the password is rejected as base64url', token: { mangle: 'bom-prefix' }, expectRule: 'TOKEN_BASE64URL' },
  // Order: the signature is checked before either JSON part is read; the header before the payload.
  { name: 'a broken payload signed with another key fails the signature first', token: { signingKey: 'other', rawPayload: `{"sub":"${PLANT_ID}",` }, expectRule: 'SIGNATURE_MISMATCH' },
  { name: 'a broken header signed with another key fails the signature first', token: { signingKey: 'other', rawHeader: '{"alg":"RS256",' }, expectRule: 'SIGNATURE_MISMATCH' },
  { name: 'a broken header with a valid signature fails on the header', token: { rawHeader: '{"alg":"RS256",' }, expectRule: 'TOKEN_HEADER_NOT_JSON' },
  { name: 'a header that is not an object is rejected', token: { rawHeader: '["RS256"]' }, expectRule: 'TOKEN_HEADER_NOT_OBJECT' },
  { name: 'a broken payload under alg "rs256" fails on the alg first', token: { alg: 'rs256', rawPayload: `{"sub":"${PLANT_ID}",` }, expectRule: 'ALG_NOT_RS256' },
  { name: 'a broken payload with a valid RS256 signature fails on the payload', token: { rawPayload: `{"sub":"${PLANT_ID}",` }, expectRule: 'TOKEN_PAYLOAD_NOT_JSON' },
  // A repeated header member: the plugin reads the first one (broker-rules.md does not cover it).
  { name: 'a repeated alg in the header: the first (HS256) counts', token: { rawHeader: '{"alg":"HS256","typ":"JWT","alg":"RS256"}' }, expectRule: 'ALG_NOT_RS256' },
  { name: 'a repeated alg in the header: the first (RS256) counts', token: { rawHeader: '{"alg":"RS256","typ":"JWT","alg":"HS256"}' }, expectRule: 'OK', accept: true },
  // NumericDates are signed 64-bit integers: digits beyond that range are refused like a float.
  { name: 'an exp beyond the 64-bit range is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":9223372036854775808}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'an exp of 20 digits is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":99999999999999999999}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'an iat below the 64-bit range is rejected', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":-9223372036854775809,"exp":{now+3600}}` }, expectRule: 'IAT_NOT_INTEGER' },
  // Claim order: sub (presence, type, equality) before the types and values of exp, nbf, iat.
  { name: 'a wrong username is reported before a string exp', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now-5},"exp":"soon"}` }, username: 'another-plant', expectRule: 'SUB_MISMATCH' },
  { name: 'a numeric sub is reported before an expired exp', token: { claims: { sub: 7, iat: { rel: -3700 }, exp: { rel: -60 } } }, username: '7', expectRule: 'SUB_NOT_STRING' },
  { name: 'sub: null counts as missing', token: { claims: { sub: null, iat: { rel: -5 }, exp: { rel: 3600 } } }, expectRule: 'SUB_MISSING' },
  { name: 'an empty username does not match the sub', token: {}, username: '', expectRule: 'SUB_MISMATCH' },
  { name: 'a float exp is reported before a future iat', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":{now+600},"exp":{now+3600}.5}` }, expectRule: 'EXP_NOT_INTEGER' },
  { name: 'an expired exp is reported before a string nbf', token: { rawPayload: `{"sub":"${PLANT_ID}","nbf":"x","iat":{now-3700},"exp":{now-60}}` }, expectRule: 'EXPIRED' },
  { name: 'nbf is checked before iat', token: { rawPayload: `{"sub":"${PLANT_ID}","iat":"x","nbf":{now+600},"exp":{now+3600}}` }, expectRule: 'NBF_IN_FUTURE' },
  { name: 'whitespace inside the payload JSON is fine', token: { rawPayload: `{ "sub" : "${PLANT_ID}" ,\n "iat": {now-5}, "exp": {now+3600} }` }, expectRule: 'OK', accept: true }
]

export const brokerCases: BrokerCase[] = specs.flatMap(({ accept, crash, keyFile, ...spec }) =>
  (['3.1.1', '5'] as const).map((protocol) => ({
    ...spec,
    name: `${spec.name} (MQTT ${protocol})`,
    keyFile: keyFile ?? 'pkcs1-der',
    protocol,
    expectConnack: crash ? null : accept ? 0 : protocol === '5' ? 135 : 5
  }))
)

export interface MaterialisedCase {
  keyFileBytes: Uint8Array
  password: string | Uint8Array
  username: string
  clientId: string
  protocol: '3.1.1' | '5'
  expectConnack: 0 | 5 | 135 | null
  expectRule: string
}

export async function materialiseCase(c: BrokerCase, nowSeconds: number): Promise<MaterialisedCase> {
  const username = c.username ?? PLANT_ID
  return {
    keyFileBytes: keyVector(KEY_FILES[c.keyFile]),
    password: buildToken(c.token, nowSeconds),
    username,
    clientId: c.clientId ?? username,
    protocol: c.protocol,
    expectConnack: c.expectConnack,
    expectRule: c.expectRule
  }
}
