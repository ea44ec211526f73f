// Makes the four files of the platform's key script (generate-mqtt-jwt-keys.sh) with WebCrypto.
// WebCrypto exports SPKI and PKCS#8 only; the broker's PKCS#1 DER comes from lib/rsa-keys.
import { pemEncode } from './pem'
import { encodePkcs1PublicKey, pkcs1PrivateToPkcs8, pkcs1ToSpki, pkcs8ToPkcs1Private, publicKeyFromPkcs1Private } from './rsa-keys'

export interface KeyFiles {
  /** PKCS#1 PEM private key (BEGIN RSA PRIVATE KEY): signs tokens. Secret. */
  'jwt-private.pem': string
  /** SPKI PEM public key (BEGIN PUBLIC KEY): for people to read. */
  'jwt-public.pem': string
  /** PKCS#1 DER public key: the file the broker loads (plugin_opt_jwt_sec_file). */
  'jwt-public.der': Uint8Array
  /** SPKI DER public key: not for the broker. */
  'jwt-public-spki.der': Uint8Array
}

export type KeySize = 2048 | 3072 | 4096
export const KEY_SIZES: readonly KeySize[] = [2048, 3072, 4096]

/** RS256 with e = 65537, the broker's algorithm and the usual exponent. */
export const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256'
} as const

/** The four files from an existing RSAPrivateKey DER (throws KeyFormatError if it is not one). */
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

export async function generateKeyFiles(bits: KeySize = 2048): Promise<KeyFiles> {
  // A programming error (the UI offers KEY_SIZES only), so not a coded user error.
  if (!KEY_SIZES.includes(bits)) throw new RangeError(`generateKeyFiles: ${String(bits)} bits is not one of ${KEY_SIZES.join(', ')}.`)
  const subtle = globalThis.crypto.subtle
  const pair = await subtle.generateKey({ ...RSA_ALGORITHM, modulusLength: bits }, true, ['sign', 'verify'])
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey))
  const files = keyFilesFromPkcs1Private(pkcs8ToPkcs1Private(pkcs8))
  // The files are derived by our own DER code; WebCrypto's own SPKI export must agree byte for byte.
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey))
  if (!sameBytes(spki, files['jwt-public-spki.der'])) throw new Error('Key generation self-check failed: SPKI mismatch.')
  return files
}

/** PKCS#8 DER for WebCrypto/jose from a PKCS#1 private key. */
export { pkcs1PrivateToPkcs8 }
