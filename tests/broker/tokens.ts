// Tokens and identities for the broker tests: RS256 JWTs signed with node:crypto using the
// committed openssl-made key pair (the same pair the case table enrols).
import { createSign } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { PLANT_ID } from '../cases/broker-cases'
import { keyVector, keyVectorDir, keyVectorText } from '../support/vectors'
import { join } from 'node:path'

export { PLANT_ID }
export const OTHER_PLANT_ID = '9a1c6d2e-0b4f-4c8a-8e7d-5f3b2a1c0d9e'
export const OPS_USERNAME = 'voke-ops'
/** The enrolled public key file (PKCS#1 RSAPublicKey DER), as Voke's broker mounts it. */
export const ENROLLED_KEY = keyVector('rsa2048.pkcs1-public.der')
export const SPKI_KEY = keyVector('rsa2048.spki.der')
export const PRIVATE_KEY_PATH = join(keyVectorDir, 'rsa2048.pkcs8.pem')

const b64url = (text: string) => Buffer.from(text).toString('base64url')
export const nowSeconds = () => Math.floor(Date.now() / 1000)

/** An RS256 token for `sub`, valid for `lifetime` seconds (iat 5 s in the past). */
export function rs256Token(sub: string, lifetime = 3600, extraClaims: Record<string, unknown> = {}): string {
  const now = nowSeconds()
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub, iat: now - 5, exp: now + lifetime, ...extraClaims }))}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(keyVectorText('rsa2048.pkcs8.pem')).toString('base64url')}`
}

/** A token made by PyJWT (Debian's python3-jwt), an implementation independent of ours. */
export function pyjwtToken(claims: Record<string, unknown>, algorithm: 'RS256' | 'HS256', key: string): string {
  const script = 'import json, sys, jwt; print(jwt.encode(json.loads(sys.argv[1]), sys.argv[2], algorithm=sys.argv[3]))'
  return execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(claims), key, algorithm], { encoding: 'utf8' }).trim()
}
