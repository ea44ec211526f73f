// readKey recognises every format an integrator may paste or drop, and refuses unusable keys
// with a reason and the command that converts them.
import { describe, expect, it } from 'vitest'
import { createPublicKey } from 'node:crypto'
import { keyVector, keyVectorText } from '../tests/support/vectors'
import { base64Encode } from './base64'
import { readKey } from './key-detect'
import { decodePkcs1PublicKey, publicKeysEqual } from './rsa-keys'

const expected = decodePkcs1PublicKey(keyVector('rsa2048.pkcs1-public.der'))

function expectRsa2048(reading: ReturnType<typeof readKey>, format: string, kind: string) {
  expect(reading).toMatchObject({ ok: true, format, kind })
  if (!reading.ok) return
  expect(publicKeysEqual(reading.publicKey, expected)).toBe(true)
}

describe('readKey recognises', () => {
  const cases: [string, () => Uint8Array | string, string, string][] = [
    ['PKCS#1 public PEM', () => keyVectorText('rsa2048.pkcs1-public.pem'), 'pkcs1-public-pem', 'public'],
    ['SPKI PEM', () => keyVectorText('rsa2048.spki.pem'), 'spki-pem', 'public'],
    ['PKCS#1 private PEM', () => keyVectorText('rsa2048.pkcs1.pem'), 'pkcs1-private-pem', 'private'],
    ['PKCS#8 private PEM', () => keyVectorText('rsa2048.pkcs8.pem'), 'pkcs8-private-pem', 'private'],
    ['certificate PEM', () => keyVectorText('rsa2048.cert.pem'), 'certificate-pem', 'certificate'],
    ['PKCS#1 public DER', () => keyVector('rsa2048.pkcs1-public.der'), 'pkcs1-public-der', 'public'],
    ['SPKI DER', () => keyVector('rsa2048.spki.der'), 'spki-der', 'public'],
    ['PKCS#1 private DER', () => keyVector('rsa2048.pkcs1.der'), 'pkcs1-private-der', 'private'],
    ['PKCS#8 private DER', () => keyVector('rsa2048.pkcs8.der'), 'pkcs8-private-der', 'private'],
    ['certificate DER', () => keyVector('rsa2048.cert.der'), 'certificate-der', 'certificate'],
    ['base64 DER without armour', () => base64Encode(keyVector('rsa2048.spki.der')), 'base64-der', 'public'],
    ['PEM given as file bytes', () => new TextEncoder().encode(keyVectorText('rsa2048.spki.pem')), 'spki-pem', 'public'],
    ['ssh-rsa line (ssh-keygen -y)', () => keyVectorText('rsa2048.ssh.pub'), 'ssh-rsa-public', 'public'],
    [
      'public JWK (node:crypto export)',
      () => JSON.stringify(createPublicKey(keyVectorText('rsa2048.spki.pem')).export({ format: 'jwk' })),
      'jwk-public',
      'public'
    ]
  ]
  for (const [name, input, format, kind] of cases) {
    it(name, () => expectRsa2048(readKey(input()), format, kind))
  }

  it('a private key gives both PKCS#1 and PKCS#8 DER for signing', () => {
    const reading = readKey(keyVectorText('rsa2048.pkcs8.pem'))
    expect(reading.ok && reading.kind === 'private').toBe(true)
    if (reading.ok && reading.kind === 'private') {
      expect(Buffer.from(reading.pkcs1Der).equals(Buffer.from(keyVector('rsa2048.pkcs1.der')))).toBe(true)
      expect(Buffer.from(reading.pkcs8Der).equals(Buffer.from(keyVector('rsa2048.pkcs8.der')))).toBe(true)
    }
  })
})

describe('readKey refuses with a reason and a fix', () => {
  const refusals: [string, () => Uint8Array | string, string, RegExp][] = [
    ['EC private key (SEC1)', () => keyVectorText('ec-p256.sec1.pem'), 'KEY_NOT_RSA', /genpkey -algorithm RSA/],
    ['EC private key (PKCS#8)', () => keyVectorText('ec-p256.pkcs8.pem'), 'KEY_NOT_RSA', /RSA/],
    ['EC public key', () => keyVectorText('ec-p256.spki.pem'), 'KEY_NOT_RSA', /RSA/],
    ['Ed25519 private key', () => keyVectorText('ed25519.pkcs8.pem'), 'KEY_NOT_RSA', /RSA/],
    ['Ed25519 public key', () => keyVectorText('ed25519.spki.pem'), 'KEY_NOT_RSA', /RSA/],
    ['encrypted PKCS#8', () => keyVectorText('rsa2048.encrypted.pem'), 'KEY_ENCRYPTED', /openssl/],
    ['encrypted legacy PEM', () => keyVectorText('rsa2048.encrypted-legacy.pem'), 'KEY_ENCRYPTED', /openssl/],
    ['OpenSSH private key', () => keyVectorText('rsa2048.openssh.pem'), 'KEY_OPENSSH_PRIVATE', /ssh-keygen -p -m PEM/],
    ['empty text', () => '   \n', 'KEY_EMPTY', /Paste/],
    ['empty file', () => new Uint8Array(), 'KEY_EMPTY', /Paste/],
    ['a PEM with the wrong label', () => keyVectorText('rsa2048.spki.pem').replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY'), 'PEM_LABEL_MISMATCH', /Export/],
    ['an unknown PEM label', () => '-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n', 'PEM_UNKNOWN_LABEL', /PUBLIC KEY/],
    ['mismatched BEGIN/END', () => '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'PEM_LABEL_MISMATCH', /BEGIN/],
    ['a damaged PEM body', () => keyVectorText('rsa2048.spki.pem').replace('MII', 'M*I'), 'PEM_MALFORMED', /Copy/],
    ['JSON that is not a JWK', () => '{"hello": "world"}', 'JWK_INVALID', /RSA/],
    ['invalid JSON', () => '{"kty": "RSA",', 'JWK_INVALID', /JSON/],
    ['JWK without n', () => '{"kty": "RSA", "e": "AQAB"}', 'JWK_INVALID', /"n"/],
    ['plain prose', () => 'hello, this is not a key', 'KEY_UNREADABLE', /BEGIN/],
    ['non-UTF-8 bytes', () => Uint8Array.of(0xff, 0xfe, 0xfd, 0x80, 0x81), 'KEY_UNREADABLE', /key file/],
    ['a 10 MB paste', () => 'A'.repeat(10 * 1024 * 1024), 'KEY_INPUT_TOO_LARGE', /key file/],
    ['an ssh-ed25519 line', () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@host', 'KEY_NOT_RSA', /RSA/]
  ]
  for (const [name, input, code, fix] of refusals) {
    it(`${name} → ${code}`, () => {
      const reading = readKey(input())
      expect(reading.ok).toBe(false)
      if (reading.ok) return
      expect(reading.error.code).toBe(code)
      expect(reading.error.message.length).toBeGreaterThan(10)
      expect(reading.error.fix).toMatch(fix)
    })
  }
})
