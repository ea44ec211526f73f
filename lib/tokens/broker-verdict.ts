// The Voke JWT listener's decision, as a pure function: the checks of ../shared/broker-rules.md
// in the broker's order, the first failing rule, the CONNACK a client sees, and the fix.
import { checkBrokerKeyFile } from '../keys'
import { decodeParts, parseClaims, parseHeader, splitToken, type DecodedToken, type TokenParts } from './jwt-decode'
import { verifySignature } from './jwt-verify'
import { expiryPhrase } from './numeric-date'
import { isIntegerLexeme, isJsonNumber, toPlain, type JsonValue, type StrictObject } from './strict-json'
import { TokenError } from './token-errors'

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
  clientId?: string
}

export type VerdictStage = 'password' | 'signature' | 'algorithm' | 'claims' | 'accepted'

export type WarningCode = 'NO_EXP' | 'LIFETIME_OVER_24H' | 'CLIENT_ID_DIFFERS' | 'PLANT_ID_NOT_UUID' | 'HEADER_DUPLICATE'

export interface VerdictWarning {
  code: WarningCode
  message: string
}

export interface Verdict {
  accept: boolean
  /** 'OK', or the first failing rule: a token, key or claim code. */
  rule: string
  stage: VerdictStage
  /** CONNACK return code (3.1.1) or reason code (5); null when the broker crashes instead. */
  connack: 0 | 5 | 135 | null
  connackText: string
  /** What the broker's stderr shows for it, as far as the plugin tells. */
  brokerLog: string
  explanation: string
  fix: string
  warnings: VerdictWarning[]
  /** The decoded token, when it could be decoded. */
  token?: DecodedToken
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function refused(protocol: MqttProtocol): Pick<Verdict, 'accept' | 'connack' | 'connackText'> {
  return protocol === '5'
    ? { accept: false, connack: 135, connackText: 'CONNACK reason code 135 (0x87, Not authorized)' }
    : { accept: false, connack: 5, connackText: 'CONNACK return code 5 (Connection Refused, not authorized)' }
}

function reject(
  input: VerdictInput,
  stage: VerdictStage,
  rule: string,
  explanation: string,
  fix: string,
  brokerLog: string,
  token?: DecodedToken
): Verdict {
  return { ...refused(input.protocol), rule, stage, explanation, fix, brokerLog, warnings: [], token }
}

function claimNumber(value: JsonValue | undefined): { present: false } | { present: true; integer: boolean; value?: number; lexeme: string } {
  if (value === undefined || value === null) return { present: false }
  if (isJsonNumber(value)) return { present: true, integer: isIntegerLexeme(value), value: value.value, lexeme: value.lexeme }
  return { present: true, integer: false, lexeme: JSON.stringify(value) }
}

function checkClaims(input: VerdictInput, token: DecodedToken): Verdict | null {
  const { members, duplicates } = token.claims
  const claimsLog = (what: string) => `JWT claims rejected: ${what}`
  if (duplicates.length)
    return reject(
      input,
      'claims',
      'CLAIM_DUPLICATE',
      `The payload has the member "${duplicates[0]}" more than once; the broker refuses such a token.`,
      'Write each claim once. Hand-built JSON is the usual cause: use a JWT library.',
      claimsLog(`duplicate field ${duplicates[0]}`),
      token
    )
  const sub = members.get('sub')
  if (sub === undefined || sub === null)
    return reject(input, 'claims', 'SUB_MISSING', 'The token has no sub claim; the broker compares sub with the MQTT username.', 'Add "sub": "<plant id>" to the claims.', claimsLog('sub missing'), token)
  if (typeof sub !== 'string')
    return reject(input, 'claims', 'SUB_NOT_STRING', 'The sub claim is not a string.', 'Write the plant id as a JSON string: "sub": "<plant id>".', claimsLog('sub not a string'), token)
  if (sub !== input.username) {
    const caseOnly = sub.toLowerCase() === input.username.toLowerCase()
    const spaceOnly = sub.trim() === input.username.trim()
    return reject(
      input,
      'claims',
      'SUB_MISMATCH',
      `The MQTT username ${JSON.stringify(input.username)} is not the token's sub ${JSON.stringify(sub)}${caseOnly ? ' (they differ only in upper/lower case, and the broker compares case-sensitively)' : spaceOnly ? ' (they differ only in spaces, and the broker does not trim)' : ''}.`,
      'Use the plant id from the token\u2019s sub, character for character, as the MQTT username (and client id).',
      claimsLog('sub does not match username'),
      token
    )
  }
  const exp = claimNumber(members.get('exp'))
  if (exp.present && !exp.integer)
    return reject(input, 'claims', 'EXP_NOT_INTEGER', `exp is ${exp.lexeme}, not a whole number of seconds.`, 'Write exp as an integer NumericDate, e.g. 1732503600 (no quotes, no decimals, no exponent).', claimsLog('exp not an integer'), token)
  if (exp.present && exp.value! <= input.now)
    return reject(input, 'claims', 'EXPIRED', `The token ${expiryPhrase(exp.value!, input.now)} (exp ${exp.lexeme}). The broker allows no leeway.`, 'Issue a fresh token, and refresh before exp (at about 80 % of the lifetime).', claimsLog('token expired'), token)
  for (const name of ['nbf', 'iat'] as const) {
    const claim = claimNumber(members.get(name))
    const upper = name.toUpperCase()
    if (claim.present && !claim.integer)
      return reject(input, 'claims', `${upper}_NOT_INTEGER`, `${name} is ${claim.lexeme}, not a whole number of seconds.`, `Write ${name} as an integer NumericDate.`, claimsLog(`${name} not an integer`), token)
    if (claim.present && claim.value! > input.now)
      return reject(
        input,
        'claims',
        `${upper}_IN_FUTURE`,
        `${name} is ${claim.value! - input.now} s in the broker's future: the device's clock is ahead of the broker's, and the broker allows no leeway.`,
        name === 'iat'
          ? 'Synchronise the device clock (NTP), or set iat a few seconds in the past.'
          : 'Set nbf to now or earlier, and synchronise the device clock.',
        claimsLog(`${name} in the future`),
        token
      )
  }
  return null
}

function warningsFor(input: VerdictInput, token: DecodedToken): VerdictWarning[] {
  const warnings: VerdictWarning[] = []
  const exp = claimNumber(token.claims.members.get('exp'))
  const iat = claimNumber(token.claims.members.get('iat'))
  if (!exp.present)
    warnings.push({ code: 'NO_EXP', message: 'No exp claim: the broker accepts this token forever. Always set exp (1 h is recommended).' })
  else if (exp.value! - (iat.present ? iat.value! : input.now) > 24 * 3600)
    warnings.push({ code: 'LIFETIME_OVER_24H', message: 'The lifetime is over 24 hours, longer than Voke\u2019s token endpoint issues. Prefer 1 hour and refresh.' })
  if (input.clientId !== undefined && input.clientId !== input.username)
    warnings.push({ code: 'CLIENT_ID_DIFFERS', message: 'The client id differs from the plant id. The broker does not check it, but Voke\u2019s examples use the plant id.' })
  if (token.headerDuplicates.length)
    warnings.push({
      code: 'HEADER_DUPLICATE',
      message: `The header has "${token.headerDuplicates[0]}" more than once. The local broker reads the first one; broker-rules.md does not say what Voke's broker does, so write each header member once.`
    })
  if (!UUID.test(input.username))
    warnings.push({ code: 'PLANT_ID_NOT_UUID', message: 'The username is not a UUID. Voke plant ids are UUIDs: check it is the plant id, not a name.' })
  return warnings
}

function tryDecode(parts: TokenParts): DecodedToken | undefined {
  try {
    return decodeParts(parts)
  } catch {
    return undefined
  }
}

type HeaderReading = { header: StrictObject; error?: undefined } | { header?: undefined; error: TokenError }

function readHeader(parts: TokenParts): HeaderReading {
  try {
    return { header: parseHeader(parts) }
  } catch (error) {
    if (!(error instanceof TokenError)) throw error
    return { error }
  }
}

/** Valid JSON without an alg "RS256": an object with another alg, or not an object at all. */
function headerNamesOtherAlg(reading: HeaderReading): boolean {
  return reading.header ? !algIsRs256(reading.header) : reading.error.code === 'TOKEN_HEADER_NOT_OBJECT'
}

/** The first "alg" member, compared byte for byte (a repeated alg: the first counts, as in the plugin). */
function algIsRs256(header: StrictObject): boolean {
  return header.members.get('alg') === 'RS256'
}

function wrongAlgorithm(input: VerdictInput, header: StrictObject | undefined, stage: VerdictStage, token: DecodedToken | undefined): Verdict {
  const alg = header?.members.get('alg')
  return reject(
    input,
    stage,
    'ALG_NOT_RS256',
    `The header says alg ${alg === undefined ? '(none)' : JSON.stringify(toPlain(alg))}; only "RS256" (exactly, case-sensitive) is accepted, even for a token signed with the right RSA key.`,
    'Sign with RS256 (PyJWT: algorithm="RS256"; jose: setProtectedHeader({ alg: "RS256" })).',
    stage === 'signature' ? 'InvalidSignature' : 'InvalidAlgorithm',
    token
  )
}

export async function brokerVerdict(input: VerdictInput): Promise<Verdict> {
  // 1. The password: present, UTF-8, three base64url parts.
  let text: string
  if (typeof input.token === 'string') text = input.token
  else {
    try {
      // ignoreBOM: a leading BOM is part of the password for the broker, not a marker to drop.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input.token)
    } catch {
      return {
        accept: false,
        connack: null,
        connackText: 'No CONNACK: the connection drops because the whole broker crashes',
        rule: 'PASSWORD_NOT_UTF8',
        stage: 'password',
        explanation: 'The password is not valid UTF-8. The current JWT plugin panics on such a password and takes the whole broker down (a known defect).',
        fix: 'Send the token as plain ASCII text. Never send binary data as the password.',
        brokerLog: 'plugin panic (invalid UTF-8 in password); broker process exits',
        warnings: []
      }
    }
  }
  let parts: TokenParts
  try {
    parts = splitToken(text)
  } catch (error) {
    if (!(error instanceof TokenError)) throw error
    const rule = error.code === 'TOKEN_EMPTY' ? 'PASSWORD_EMPTY' : error.code
    return reject(input, 'password', rule, error.message, error.fix, 'InvalidToken: the password is not a compact JWT')
  }
  // For the reader: the whole token when it decodes, whatever the broker stops at.
  const shown = tryDecode(parts)

  // 2. The signature, with the key file as the broker loaded it. The header and payload JSON
  //    are not read yet, so a broken payload with a wrong signature is a signature failure.
  const keyCheck = checkBrokerKeyFile(input.keyFile)
  if (!keyCheck.ok)
    return reject(
      input,
      'signature',
      keyCheck.code,
      `The broker's key file is wrong, so every token fails here: ${keyCheck.message}`,
      keyCheck.fix,
      'InvalidSignature',
      shown
    )
  const reading = readHeader(parts)
  if (!(await verifySignature(parts, keyCheck.publicKey))) {
    // An HS256/ES256/RS384 token fails here already; name the real cause for the reader (the
    // plugin logs ALG_NOT_RS256 here too, with the reason InvalidSignature).
    if (headerNamesOtherAlg(reading)) return wrongAlgorithm(input, reading.header, 'signature', shown)
    return reject(
      input,
      'signature',
      'SIGNATURE_MISMATCH',
      'The signature does not verify with the enrolled public key: the token was signed with a different private key (or changed after signing).',
      'Enrol the public key of the private key that signs the tokens (the key doctor checks a pair), then restart the broker.',
      'InvalidSignature',
      shown
    )
  }

  // 3. The header: a JSON object whose alg is exactly "RS256".
  if (reading.error)
    return reject(input, 'algorithm', reading.error.code, reading.error.message, reading.error.fix, 'InvalidToken: the header could not be read', shown)
  if (!algIsRs256(reading.header)) return wrongAlgorithm(input, reading.header, 'algorithm', shown)

  // 4. The claims: the payload JSON first, then each claim.
  if (!shown) {
    try {
      parseClaims(parts)
    } catch (error) {
      if (!(error instanceof TokenError)) throw error
      return reject(input, 'claims', error.code, error.message, error.fix, 'JWT claims rejected: the payload could not be read')
    }
  }
  const token = shown ?? decodeParts(parts)
  const claimFailure = checkClaims(input, token)
  if (claimFailure) return claimFailure

  const warnings = warningsFor(input, token)
  return {
    accept: true,
    connack: 0,
    connackText: input.protocol === '5' ? 'CONNACK reason code 0 (Success)' : 'CONNACK return code 0 (Connection Accepted)',
    rule: 'OK',
    stage: 'accepted',
    explanation: warnings.length ? 'The broker accepts this token, with warnings.' : 'The broker accepts this token.',
    fix: '',
    brokerLog: 'client connected (authenticated by the JWT plugin)',
    warnings,
    token
  }
}
