// Makes the four files of the platform's key script (generate-mqtt-jwt-keys.sh) with WebCrypto.
// WebCrypto exports SPKI and PKCS#8 only; the broker's PKCS#1 DER comes from lib/rsa-keys.
import { pemEncode } from './pem'
import { encodePkcs1PublicKey, pkcs1PrivateToPkcs8, pkcs8ToPkcs1Private, publicKeyFromPkcs1Private, pkcs1ToSpki } from './rsa-keys'

export interface KeyFiles {
  /** PKCS#1 PEM private key: signs tokens. Secret. */
  'jwt-private.pem': string
  /** SPKI PEM public key: for people to read. */
  'jwt-public.pem': string
  /** PKCS#1 DER public key: the file the broker loads. */
  'jwt-public.der': Uint8Array
  /** SPKI DER public key: not for the broker. */
  'jwt-public-spki.der': Uint8Array
}

export type KeySize = 2048 | 3072 | 4096

export const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256'
} as const

export function keyFilesFromPkcs1Private(pkcs1Der: Uint8Array): KeyFiles {
  const pkcs1Public = encodePkcs1PublicKey(publicKeyFromPkcs1Private(pkcs1Der))
  const spki = pkcs1ToSpki(pkcs1Public)
  return {
    'jwt-private.pem': pemEncode('RSA PRIVATE KEY', pkcs1Der),
    'jwt-public.pem': pemEncode('PUBLIC KEY', spki),
    'jwt-public.der': pkcs1Public,
    'jwt-public-spki.der': spki
  }
}

export async function generateKeyFiles(bits: KeySize = 2048): Promise<KeyFiles> {
  const subtle = globalThis.crypto.subtle
  const pair = await subtle.generateKey({ ...RSA_ALGORITHM, modulusLength: bits }, true, ['sign', 'verify'])
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey))
  return keyFilesFromPkcs1Private(pkcs8ToPkcs1Private(pkcs8))
}

/** PKCS#8 DER for WebCrypto/jose from a PKCS#1 private key. */
export { pkcs1PrivateToPkcs8 }
