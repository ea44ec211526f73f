// Decodes a JWT without a key, exactly as strictly as the broker reads it: three base64url parts
// (no padding, no whitespace, no "Bearer "), JSON header and payload. Malformed input gets a
// TokenError saying what is wrong and how to fix it.
import { base64UrlDecode } from '../encoding'
import { JsonSyntaxError, parseTopObject, toPlain, type StrictObject } from './strict-json'
import { TokenError } from './token-errors'

/** MQTT strings (the password field) are at most 65,535 bytes: nothing longer can be sent. */
export const MAX_TOKEN_LENGTH = 65_535

/** Rule 1 passed: three base64url parts, decoded to bytes, JSON not read yet. */
export interface TokenParts {
  headerBytes: Uint8Array
  payloadBytes: Uint8Array
  signature: Uint8Array
  /** base64url(header) + "." + base64url(payload): what the signature covers. */
  signingInput: string
}

export interface DecodedToken {
  /** Header members; for a repeated name the first one (the broker plugin reads the first). */
  header: Record<string, unknown>
  /** Header member names that occur more than once. */
  headerDuplicates: string[]
  payload: Record<string, unknown>
  /** Payload members with exact number lexemes, and repeated names. */
  claims: StrictObject
  signature: Uint8Array
  /** base64url(header) + "." + base64url(payload): what the signature covers. */
  signingInput: string
}

function part(text: string, which: 'header' | 'payload' | 'signature'): Uint8Array {
  if (text.includes('='))
    throw new TokenError(
      'TOKEN_PADDING',
      `The ${which} part ends with "=" padding; JWTs use base64url without padding and the broker rejects it.`,
      'Remove the trailing "=" characters, or have your library produce a standard JWT (base64url, no padding).'
    )
  if (/[+/]/.test(text))
    throw new TokenError(
      'TOKEN_BASE64_ALPHABET',
      `The ${which} part uses "+" or "/", the standard base64 alphabet; JWTs use base64url ("-" and "_").`,
      'Encode with base64url: replace "+" by "-" and "/" by "_", or use a JWT library instead of hand-made encoding.'
    )
  const bytes = base64UrlDecode(text)
  const foreign = /[^\x21-\x7e]/.exec(text)
  if (!bytes && foreign)
    throw new TokenError(
      'TOKEN_BASE64URL',
      `The ${which} part contains the character U+${foreign[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, often an invisible one (a byte order mark or a no-break space picked up while copying); base64url has only letters, digits, "-" and "_".`,
      'Copy the token again as plain text, or strip everything outside A-Z a-z 0-9 - _ and the two dots.'
    )
  if (!bytes)
    throw new TokenError(
      'TOKEN_BASE64URL',
      `The ${which} part is not valid base64url.`,
      'The token was damaged while copying. Copy it again, in full.'
    )
  return bytes
}

function json(bytes: Uint8Array, which: 'header' | 'payload'): string {
  try {
    // ignoreBOM keeps a leading U+FEFF in the text, so the JSON reader refuses it like the broker
    // does; the default decoder would strip it silently and call a refused token fine.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw new TokenError(
      which === 'header' ? 'TOKEN_HEADER_NOT_JSON' : 'TOKEN_PAYLOAD_NOT_JSON',
      `The ${which} is not UTF-8 text.`,
      'The token is damaged or not a JWT. Issue a new token.'
    )
  }
}

/** Checks the raw password shape the way the broker's first rule does. */
export function checkTokenShape(token: string): string[] {
  if (token.length === 0)
    throw new TokenError('TOKEN_EMPTY', 'The token (MQTT password) is empty.', 'Send the signed JWT as the MQTT password.')
  if (token.length > MAX_TOKEN_LENGTH)
    throw new TokenError(
      'TOKEN_TOO_LONG',
      `The input is ${token.length.toLocaleString('en')} characters; an MQTT password holds at most 65,535 bytes, and a JWT is a few hundred.`,
      'Paste only the token itself.'
    )
  if (/^bearer[ \t\n\r\v\f]/i.test(token))
    throw new TokenError(
      'TOKEN_BEARER_PREFIX',
      'The password starts with "Bearer ", copied from an HTTP Authorization header. The broker wants the bare token.',
      'Remove "Bearer " and send only the part starting with "eyJ".'
    )
  // The broker's whitespace: ASCII space and control spaces (other Unicode spaces fail as base64url).
  if (/[ \t\n\r\v\f]/.test(token))
    throw new TokenError(
      'TOKEN_WHITESPACE',
      /[ \t\n\r\v\f]$/.test(token) && !/[ \t\n\r\v\f]/.test(token.replace(/[ \t\n\r\v\f]+$/, ''))
        ? 'The token ends with a newline or space (e.g. from echo or a file read with its line end). The broker counts it as part of the token.'
        : 'The token contains spaces or line breaks. The broker reads the password exactly as sent.',
      'Strip whitespace before sending: in a shell, TOKEN=$(tr -d "\\n" < token.txt); in code, token.strip() / token.trim().'
    )
  const parts = token.split('.')
  if (parts.length !== 3)
    throw new TokenError(
      'TOKEN_PARTS',
      `A JWT has three parts separated by dots (header.payload.signature); this has ${parts.length}.`,
      parts.length === 5
        ? 'This looks like an encrypted JWE. The broker needs a signed JWS: sign the claims with RS256.'
        : 'Copy the complete token, or check it is a JWT at all.'
    )
  return parts
}

/** Rule 1 of the broker: the password shape and the three base64url parts. */
export function splitToken(token: string): TokenParts {
  const [h, p, s] = checkTokenShape(token) as [string, string, string]
  return { headerBytes: part(h, 'header'), payloadBytes: part(p, 'payload'), signature: part(s, 'signature'), signingInput: `${h}.${p}` }
}

/** The header JSON object (the broker reads it after the signature check). */
export function parseHeader(parts: TokenParts): StrictObject {
  let header: StrictObject | null
  try {
    header = parseTopObject(json(parts.headerBytes, 'header'))
  } catch (error) {
    if (error instanceof TokenError) throw error
    throw new TokenError('TOKEN_HEADER_NOT_JSON', `The header is not valid JSON (${(error as Error).message}).`, 'Issue a new token with a JWT library.')
  }
  if (!header) throw new TokenError('TOKEN_HEADER_NOT_OBJECT', 'The header is JSON but not an object.', 'Issue a new token with a JWT library.')
  return header
}

/** The payload's claims (the broker reads them after the header's alg). */
export function parseClaims(parts: TokenParts): StrictObject {
  let claims: StrictObject | null
  try {
    claims = parseTopObject(json(parts.payloadBytes, 'payload'))
  } catch (error) {
    if (error instanceof TokenError) throw error
    const detail = error instanceof JsonSyntaxError ? error.message : 'invalid'
    throw new TokenError('TOKEN_PAYLOAD_NOT_JSON', `The payload is not valid JSON (${detail}).`, 'Issue a new token with a JWT library.')
  }
  if (!claims)
    throw new TokenError('TOKEN_PAYLOAD_NOT_OBJECT', 'The payload is JSON but not an object of claims.', 'Put the claims (sub, iat, exp) in a JSON object.')
  return claims
}

function plainMembers(object: StrictObject): Record<string, unknown> {
  return Object.fromEntries([...object.members].map(([k, v]) => [k, toPlain(v)]))
}

/** The decoded token from its parts (throws the first header or payload error). */
export function decodeParts(parts: TokenParts): DecodedToken {
  const header = parseHeader(parts)
  const claims = parseClaims(parts)
  return {
    header: plainMembers(header),
    headerDuplicates: header.duplicates,
    payload: plainMembers(claims),
    claims,
    signature: parts.signature,
    signingInput: parts.signingInput
  }
}

export function decodeToken(token: string): DecodedToken {
  return decodeParts(splitToken(token))
}
