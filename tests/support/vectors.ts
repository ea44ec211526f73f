// Loads the committed key fixtures made by openssl (tests/vectors/keys/README.md says how).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const keyVectorDir = join(__dirname, '..', 'vectors', 'keys')

export function keyVector(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(keyVectorDir, name)))
}

export function keyVectorText(name: string): string {
  return readFileSync(join(keyVectorDir, name), 'utf8')
}

export const RSA_VECTORS = ['rsa2048', 'rsa3072', 'rsa4096', 'rsa2048-e3'] as const
