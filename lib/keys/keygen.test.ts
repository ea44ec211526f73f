// The browser key generator's four files, checked by openssl and node:crypto, not by itself.
import { execFileSync } from 'node:child_process'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../../tests/support/temp-dir'
import { keyVector, keyVectorText } from '../../tests/support/vectors'
import { readKey } from './key-detect'
import { generateKeyFiles, keyFilesFromPkcs1Private, type KeyFiles, type KeySize } from './keygen'

const scratch = tempDirs()
afterAll(scratch.removeAll)

const openssl = (args: string[], input?: Uint8Array | string) =>
  execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] })

function writeAll(files: KeyFiles): string {
  const dir = scratch.make('keygen-unit-')
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}

describe('generateKeyFiles', () => {
  // One default (2048-bit) key shared by the checks below: generation is the slow part.
  let files: KeyFiles
  let dir: string
  beforeAll(async () => {
    files = await generateKeyFiles()
    dir = writeAll(files)
  })

  it('writes the four files of the key script, accepted by openssl and matching each other', () => {
    const privatePath = join(dir, 'jwt-private.pem')

    expect(files['jwt-private.pem']).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect(openssl(['rsa', '-in', privatePath, '-check', '-noout']).toString()).toContain('RSA key ok')
    const spkiFromOpenssl = openssl(['rsa', '-in', privatePath, '-pubout', '-outform', 'DER'])
    const pkcs1FromOpenssl = openssl(['rsa', '-pubin', '-inform', 'DER', '-RSAPublicKey_out', '-outform', 'DER'], spkiFromOpenssl)
    expect(Buffer.from(files['jwt-public.der']).equals(pkcs1FromOpenssl)).toBe(true)
    expect(Buffer.from(files['jwt-public-spki.der']).equals(spkiFromOpenssl)).toBe(true)
    expect(files['jwt-public.pem']).toBe(openssl(['rsa', '-in', privatePath, '-pubout']).toString())
    expect(files['jwt-private.pem']).toBe(openssl(['rsa', '-in', privatePath, '-traditional']).toString())
    // node:crypto agrees the public key belongs to the private key.
    const fromPrivate = createPublicKey(createPrivateKey(files['jwt-private.pem'])).export({ format: 'der', type: 'pkcs1' })
    expect(Buffer.from(files['jwt-public.der']).equals(fromPrivate)).toBe(true)
  })

  it.each([2048, 3072, 4096] as KeySize[])('makes %i-bit keys with e = 65537 (openssl -RSAPublicKey_in reads jwt-public.der)', async (bits) => {
    const path = bits === 2048 ? join(dir, 'jwt-public.der') : join(writeAll(await generateKeyFiles(bits)), 'jwt-public.der')
    const text = openssl(['rsa', '-pubin', '-inform', 'DER', '-RSAPublicKey_in', '-in', path, '-noout', '-text']).toString()
    expect(text).toContain(`Public-Key: (${bits} bit)`)
    expect(text).toContain('Exponent: 65537 (0x10001)')
  })

  it('signs RS256 with the private key so that openssl verifies with the public key', async () => {
    const reading = readKey(files['jwt-private.pem'])
    if (!reading.ok || reading.kind !== 'private') throw new Error('generated private key unreadable')
    const subtle = globalThis.crypto.subtle
    const key = await subtle.importKey('pkcs8', new Uint8Array(reading.pkcs8Der), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
    const data = new TextEncoder().encode('header.payload')
    writeFileSync(join(dir, 'data'), data)
    writeFileSync(join(dir, 'sig'), new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', key, data)))
    const verified = openssl(['dgst', '-sha256', '-verify', join(dir, 'jwt-public.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')])
    expect(verified.toString()).toContain('Verified OK')
  })

  it('makes a new key each time', async () => {
    const again = await generateKeyFiles()
    expect(Buffer.from(again['jwt-public.der']).equals(Buffer.from(files['jwt-public.der']))).toBe(false)
  })

  it('refuses sizes it does not offer', async () => {
    await expect(generateKeyFiles(1024 as KeySize)).rejects.toThrow(RangeError)
  })
})

describe('keyFilesFromPkcs1Private', () => {
  it.each(['rsa2048', 'rsa3072', 'rsa4096', 'rsa2048-e3'])('derives openssl-identical files from the %s private key', (name) => {
    const files = keyFilesFromPkcs1Private(keyVector(`${name}.pkcs1.der`))
    expect(Buffer.from(files['jwt-public.der']).equals(Buffer.from(keyVector(`${name}.pkcs1-public.der`)))).toBe(true)
    expect(Buffer.from(files['jwt-public-spki.der']).equals(Buffer.from(keyVector(`${name}.spki.der`)))).toBe(true)
    expect(files['jwt-public.pem']).toBe(keyVectorText(`${name}.spki.pem`))
    expect(files['jwt-private.pem']).toBe(keyVectorText(`${name}.pkcs1.pem`))
  })

  it('throws a coded KeyFormatError for bytes that are not a private key', () => {
    expect(() => keyFilesFromPkcs1Private(keyVector('rsa2048.pkcs1-public.der'))).toThrow(expect.objectContaining({ code: 'KEY_UNREADABLE', message: expect.stringMatching(/public key/) }))
  })
})
