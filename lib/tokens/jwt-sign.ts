// Signs RS256 tokens with jose from a private key in any form the key library reads.
import { SignJWT } from 'jose'
import { readKey } from '../keys'
import { TokenError } from './token-errors'

export interface TokenClaims {
  sub: string
  /** Lifetime in seconds; exp = iat + lifetime. */
  lifetime: number
  /** Issued-at, seconds since 1970 (default: now). */
  iat?: number
  nbf?: number
  publ?: string[]
  subs?: string[]
}

export const DEFAULT_LIFETIME = 3600
export const MAX_VOKE_LIFETIME = 24 * 3600

/** Imports a private key (PEM, DER, JWK …) as a WebCrypto RS256 signing key. */
export async function importSigningKey(privateKey: Uint8Array | string): Promise<CryptoKey> {
  const reading = readKey(privateKey)
  if (!reading.ok)
    throw new TokenError('TOKEN_KEY_UNREADABLE', `The signing key cannot be read: ${reading.error.message}`, reading.error.fix)
  if (reading.kind !== 'private')
    throw new TokenError(
      'TOKEN_KEY_NOT_PRIVATE',
      `This is ${reading.kind === 'certificate' ? 'a certificate' : 'a public key'}; signing needs the private key (jwt-private.pem).`,
      'Paste the private key the device signs with. Its public half is the one enrolled on the broker.'
    )
  return globalThis.crypto.subtle.importKey(
    'pkcs8',
    new Uint8Array(reading.pkcs8Der),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign']
  )
}

export async function signToken(privateKey: Uint8Array | string | CryptoKey, claims: TokenClaims): Promise<string> {
  const key = privateKey instanceof CryptoKey ? privateKey : await importSigningKey(privateKey)
  const iat = claims.iat ?? Math.floor(Date.now() / 1000)
  const payload: Record<string, unknown> = {}
  if (claims.publ) payload.publ = claims.publ
  if (claims.subs) payload.subs = claims.subs
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.lifetime)
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf)
  return jwt.sign(key)
}
