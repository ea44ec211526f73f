// The structs the broker plugin decodes a token's header and claims into, typed the way serde
// derives them (mosquitto-jwt-auth 0.4.0 over biscuit 0.6.0): Header = RegisteredHeader + Empty,
// ClaimsSet = RegisteredClaims + the plugin's own Claims { sub, publ, subs }, every part
// #[serde(flatten)]. Each flattened struct takes the members it knows, in the order written: the
// first one of the wrong type (or seen twice) is the error; unknown members are ignored. A date
// outside chrono's range is not an error but a panic (biscuit's Timestamp calls
// NaiveDateTime::from_timestamp), which takes the whole broker down.
import { decodeBase64UrlNoPad } from './broker-log'
import { describeContent, SerdeError, type Content } from './serde-json-reader'
import { inChronoRange } from './numeric-date'

/** The algorithm names of biscuit's SignatureAlgorithm, in declaration order. */
export const SIGNATURE_ALGORITHMS = ['none', 'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']

/** Thrown while typing: the real plugin panics here (chrono's out-of-range datetime). */
export class DateOutOfRange {
  constructor(
    readonly claim: 'exp' | 'nbf' | 'iat',
    readonly value: bigint
  ) {}
}

/** Which member a typing error is about, so the verdict can name the rule and the fix. */
export class TypedError extends SerdeError {
  constructor(
    message: string,
    readonly member: string,
    readonly kind: 'type' | 'duplicate' | 'missing'
  ) {
    super(message, -1)
  }
}

/** A value typed from Content, or serde's message for why it cannot be. */
type Read<T> = { ok: T } | { err: string }
type Deserialize<T> = (c: Content) => Read<T>

const fail = (err: string) => ({ err })
const invalidType = (c: Content, expected: string) => fail(`invalid type: ${describeContent(c)}, expected ${expected}`)

const str: Deserialize<string> = (c) => (c.t === 'str' ? { ok: c.v } : invalidType(c, 'a string'))

/** Vec<String>: the first element that is not a string is the error. */
const strings: Deserialize<string[]> = (c) => {
  if (c.t !== 'seq') return invalidType(c, 'a sequence')
  for (const element of c.items) if (element.t !== 'str') return invalidType(element, 'a string')
  return { ok: c.items.map((e) => (e as { v: string }).v) }
}

/** i64 as serde's primitive visitor reads it from Content: integers only, u64 above i64::MAX refused. */
const i64: Deserialize<bigint> = (c) => {
  if (c.t === 'i64') return { ok: c.v }
  if (c.t === 'u64') return c.v <= 2n ** 63n - 1n ? { ok: c.v } : fail(`invalid value: integer \`${c.v}\`, expected i64`)
  return invalidType(c, 'i64')
}

/** biscuit's SignatureAlgorithm: an externally tagged enum of unit variants. */
const signatureAlgorithm: Deserialize<string> = (c) => {
  let variant: Content
  let value: Content | undefined
  if (c.t === 'map') {
    if (c.entries.length !== 1) return fail('invalid value: map, expected map with a single key')
    ;[variant, value] = c.entries[0]!
  } else if (c.t === 'str') variant = c
  else return invalidType(c, 'string or map')
  const name = (variant as { v: string }).v
  if (!SIGNATURE_ALGORITHMS.includes(name)) return fail(`unknown variant \`${name}\`, expected one of ${SIGNATURE_ALGORITHMS.map((a) => `\`${a}\``).join(', ')}`)
  if (value !== undefined && value.t !== 'unit') return invalidType(value, 'unit')
  return { ok: name }
}

const KEY_MANAGEMENT = ['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256', 'A128KW', 'A192KW', 'A256KW', 'dir', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW', 'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW']
const CONTENT_ENCRYPTION = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM']
const CURVES = ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448']

/** jwa::Algorithm, an untagged enum over the signature, key-management and content-encryption names. */
const jwaAlgorithm: Deserialize<true> = (c) =>
  c.t === 'str' && [...SIGNATURE_ALGORITHMS, ...KEY_MANAGEMENT, ...CONTENT_ENCRYPTION].includes(c.v) ? { ok: true } : fail('data did not match any variant of untagged enum Algorithm')

/** A data_encoding BASE64URL_NOPAD string (biscuit's byte_sequence and base64_url_uint). */
const base64: Deserialize<true> = (c) => (c.t === 'str' && decodeBase64UrlNoPad(c.v).ok ? { ok: true } : fail('not base64url'))
const oneOf =
  (names: string[]): Deserialize<true> =>
  (c) =>
    c.t === 'str' && names.includes(c.v) ? { ok: true } : fail('unknown variant')

/** The key-type structs AlgorithmParameters tries in order; their own errors are swallowed. */
const KEY_VARIANTS: { fields: Fields; required: string[] }[] = [
  { fields: { kty: oneOf(['EC']), crv: oneOf(CURVES), x: base64, y: base64, d: base64 }, required: ['kty', 'crv', 'x', 'y'] },
  { fields: { kty: oneOf(['RSA']), n: base64, e: base64, d: base64, p: base64, q: base64, dp: base64, dq: base64, qi: base64, oth: otherPrimes }, required: ['kty', 'n', 'e'] },
  { fields: { kty: oneOf(['oct']), k: base64 }, required: ['kty', 'k'] },
  { fields: { kty: oneOf(['OKP']), crv: oneOf(CURVES), x: base64, d: base64 }, required: ['kty', 'crv', 'x'] }
]

function otherPrimes(c: Content): Read<true> {
  if (c.t !== 'seq') return fail('not a sequence')
  for (const item of c.items) {
    const typed = item.t === 'map' ? typeStruct([...item.entries], { r: base64, d: base64, t: base64 }, ["r", "d", "t"]) : null
    if (!typed || typed instanceof TypedError) return fail('not other primes info')
  }
  return { ok: true }
}

/**
 * biscuit's JWK<Empty>: its common parameters (typed, errors reported), then the untagged
 * AlgorithmParameters over the members left: one of the key types must read them whole.
 */
const jwk: Deserialize<true> = (c) => {
  if (c.t !== 'map') return invalidType(c, 'struct JWK')
  const rest: ([Content, Content] | null)[] = [...c.entries]
  const common = typeStruct(rest, { use: str, key_ops: strings, alg: jwaAlgorithm, kid: str, x5u: str, x5c: strings, x5t: str }, [])
  if (common instanceof TypedError) return fail(common.message)
  const left = rest.filter((e): e is [Content, Content] => e !== null)
  const matches = KEY_VARIANTS.some((v) => !(typeStruct([...left], v.fields, v.required) instanceof TypedError))
  return matches ? { ok: true } : fail('data did not match any variant of untagged enum AlgorithmParameters')
}

/** SingleOrMultiple<String>, an untagged enum: a string or a list of strings, nothing else. */
const singleOrMultiple: Deserialize<true> = (c) =>
  c.t === 'str' || (c.t === 'seq' && c.items.every((i) => i.t === 'str')) ? { ok: true } : fail('data did not match any variant of untagged enum SingleOrMultiple')

/** A NumericDate: an i64, then chrono's range (beyond it the plugin panics). */
function timestamp(claim: 'exp' | 'nbf' | 'iat'): Deserialize<bigint> {
  return (c) => {
    const v = i64(c)
    if ('ok' in v && !inChronoRange(v.ok)) throw new DateOutOfRange(claim, v.ok)
    return v
  }
}

type Fields = Record<string, Deserialize<unknown>>

/**
 * One flattened struct over the buffered members: takes (removes) each member it knows, in the
 * order written, and types it; null counts as absent for every Option field.
 */
function typeStruct(entries: ([Content, Content] | null)[], fields: Fields, required: string[]): Record<string, unknown> | TypedError {
  const out: Record<string, unknown> = {}
  const seen = new Set<string>()
  for (let k = 0; k < entries.length; k++) {
    const entry = entries[k]
    if (!entry) continue
    const name = (entry[0] as { v: string }).v
    const read = fields[name]
    if (!read) continue
    entries[k] = null
    if (seen.has(name)) return new TypedError(`duplicate field \`${name}\``, name, 'duplicate')
    seen.add(name)
    if (entry[1].t === 'unit' && !required.includes(name)) continue
    const v = read(entry[1])
    if ('err' in v) return new TypedError(v.err, name, 'type')
    out[name] = v.ok
  }
  for (const name of required) if (!seen.has(name)) return new TypedError(`missing field \`${name}\``, name, 'missing')
  return out
}

export interface TypedHeader {
  alg: string
}

/** Header<Empty>: RegisteredHeader takes its members; Empty takes none. */
export function typeHeader(entries: [Content, Content][]): TypedHeader | TypedError {
  const fields: Fields = { alg: signatureAlgorithm, typ: str, cty: str, jku: str, jwk, kid: str, x5u: str, x5c: strings, x5t: str, crit: strings }
  const typed = typeStruct([...entries], fields, ['alg'])
  return typed instanceof TypedError ? typed : { alg: typed.alg as string }
}

export interface TypedClaims {
  sub?: string
  exp?: bigint
  nbf?: bigint
  iat?: bigint
  publ?: string[]
  subs?: string[]
}

/** ClaimsSet<Claims>: RegisteredClaims first (it takes sub), then the plugin's publ and subs. */
export function typeClaims(entries: [Content, Content][]): TypedClaims | TypedError {
  const buffer: ([Content, Content] | null)[] = [...entries]
  const registered = typeStruct(buffer, { iss: str, sub: str, aud: singleOrMultiple, exp: timestamp('exp'), nbf: timestamp('nbf'), iat: timestamp('iat'), jti: str }, [])
  if (registered instanceof TypedError) return registered
  const own = typeStruct(buffer, { sub: str, publ: strings, subs: strings }, [])
  if (own instanceof TypedError) return own
  return { ...(registered as TypedClaims), publ: own.publ as string[] | undefined, subs: own.subs as string[] | undefined }
}
