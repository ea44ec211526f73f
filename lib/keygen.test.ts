// The browser key generator's four files, checked by openssl and node:crypto, not by itself.
import { execFileSync } from 'node:child_process'
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText } from '../tests/support/vectors'
import { generateKeyFiles, keyFilesFromPkcs1Private } from './keygen'
import { sha256Hex, sha256sumLine } from './sha256'

const openssl = (args: string[], input?: Uint8Array | string) =>
  execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] })

describe('generateKeyFiles', () => {
  it('writes the four files of the key script, accepted by openssl and matching each other', async () => {
    const files = await generateKeyFiles(2048)
    const dir = mkdtempSync(join(tmpdir(), 'keygen-unit-'))
    const privatePath = join(dir, 'jwt-private.pem')
    writeFileSync(privatePath, files['jwt-private.pem'])

    expect(files['jwt-private.pem']).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect(openssl(['rsa', '-in', privatePath, '-check', '-noout']).toString()).toContain('RSA key ok')
    const spkiFromOpenssl = openssl(['rsa', '-in', privatePath, '-pubout', '-outform', 'DER'])
    const pkcs1FromOpenssl = openssl(['rsa', '-pubin', '-inform', 'DER', '-RSAPublicKey_out', '-outform', 'DER'], spkiFromOpenssl)
    expect(Buffer.from(files['jwt-public.der']).equals(pkcs1FromOpenssl)).toBe(true)
    expect(Buffer.from(files['jwt-public-spki.der']).equals(spkiFromOpenssl)).toBe(true)
    expect(files['jwt-public.pem']).toBe(openssl(['rsa', '-in', privatePath, '-pubout']).toString())
    // node:crypto agrees the public key belongs to the private key.
    const fromPrivate = createPublicKey(createPrivateKey(files['jwt-private.pem'])).export({ format: 'der', type: 'pkcs1' })
    expect(Buffer.from(files['jwt-public.der']).equals(fromPrivate)).toBe(true)
  })

  it('makes 3072-bit keys when asked', async () => {
    const files = await generateKeyFiles(3072)
    const text = openssl(['rsa', '-pubin', '-inform', 'DER', '-RSAPublicKey_in', '-noout', '-text'], files['jwt-public.der']).toString()
    expect(text).toMatch(/Public-Key: \(3072 bit\)/)
  })
})

describe('keyFilesFromPkcs1Private', () => {
  it('derives openssl-identical public files from an existing private key', () => {
    const files = keyFilesFromPkcs1Private(keyVector('rsa4096.pkcs1.der'))
    expect(Buffer.from(files['jwt-public.der']).equals(Buffer.from(keyVector('rsa4096.pkcs1-public.der')))).toBe(true)
    expect(files['jwt-public.pem']).toBe(keyVectorText('rsa4096.spki.pem'))
    expect(files['jwt-private.pem']).toBe(keyVectorText('rsa4096.pkcs1.pem'))
  })
})

describe('sha256sumLine', () => {
  it('prints exactly what sha256sum prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sha-'))
    const der = keyVector('rsa2048.pkcs1-public.der')
    writeFileSync(join(dir, 'jwt-public.der'), der)
    const real = execFileSync('sha256sum', ['jwt-public.der'], { cwd: dir }).toString().trim()
    expect(sha256sumLine(await sha256Hex(der), 'jwt-public.der')).toBe(real)
    expect(await sha256Hex(der)).toBe(createHash('sha256').update(der).digest('hex'))
  })
})
