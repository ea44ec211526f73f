// Runs the openssl CLI in tests: the independent judge of every key file the site writes.
import { execFileSync } from 'node:child_process'

export function openssl(args: string[], input?: Buffer | string): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] })
}

/** The PKCS#1 DER public key openssl derives from a private key PEM file. */
export function pkcs1DerFromPrivate(privatePemPath: string): Buffer {
  const spkiPem = openssl(['rsa', '-in', privatePemPath, '-pubout'])
  return openssl(['rsa', '-pubin', '-RSAPublicKey_out', '-outform', 'DER'], spkiPem)
}
