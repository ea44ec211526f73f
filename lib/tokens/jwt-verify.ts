// Verifies an RS256 signature over the token's signing input with a public key, the way the
// broker does (RSASSA-PKCS1-v1_5 with SHA-256), without jose's extra header rules.
import { encodePkcs1PublicKey, pkcs1ToSpki, type RsaPublicKey } from '../keys'
import type { TokenParts } from './jwt-decode'

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const
// Importing a key costs more than verifying; verdicts recompute on every keystroke.
const cache = new Map<string, Promise<CryptoKey>>()

function cacheKey(key: RsaPublicKey): string {
  let s = ''
  for (const b of key.n) s += String.fromCharCode(b)
  return `${s}|${key.exponent}`
}

export function importVerifyKey(key: RsaPublicKey): Promise<CryptoKey> {
  const id = cacheKey(key)
  let imported = cache.get(id)
  if (!imported) {
    imported = globalThis.crypto.subtle.importKey('spki', new Uint8Array(pkcs1ToSpki(encodePkcs1PublicKey(key))), ALGORITHM, false, ['verify'])
    if (cache.size > 16) cache.clear()
    cache.set(id, imported)
  }
  return imported
}

export async function verifySignature(token: Pick<TokenParts, 'signature' | 'signingInput'>, key: RsaPublicKey): Promise<boolean> {
  try {
    return await globalThis.crypto.subtle.verify(
      ALGORITHM,
      await importVerifyKey(key),
      new Uint8Array(token.signature),
      new TextEncoder().encode(token.signingInput)
    )
  } catch {
    return false // a key WebCrypto refuses (e.g. tiny modulus) verifies nothing
  }
}
