// The broker takes only a PKCS#1 DER RSA public key of 2048–8192 bits with an odd exponent
// 3 ≤ e < 2^33 (../shared/broker-rules.md); every other file gets its own code, sentence and fix,
// and every openssl command offered as a fix is run here and must produce openssl's jwt-public.der.
import { execSync } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../../tests/support/temp-dir'
import { keyVector, keyVectorDir, keyVectorText } from '../../tests/support/vectors'
import { base64Encode } from '../encoding'
import { checkBrokerKeyFile, checkKeyStrength } from './broker-key-check'
import { sequence, unsignedInteger } from './der'
import { decodePkcs1PrivateKey, decodePkcs1PublicKey, makePublicKey, privateKeyToJwk, publicKeysEqual } from './rsa-keys'

const scratch = tempDirs()
afterAll(scratch.removeAll)

const brokerDer = keyVector('rsa2048.pkcs1-public.der')
const utf8 = (text: string) => new TextEncoder().encode(text)

describe('checkBrokerKeyFile accepts', () => {
  it('PKCS#1 DER of 2048, 3072 and 4096 bits and exponent 3 (all made by openssl -RSAPublicKey_out)', () => {
    for (const name of ['rsa2048', 'rsa3072', 'rsa4096', 'rsa2048-e3']) {
      expect(checkBrokerKeyFile(keyVector(`${name}.pkcs1-public.der`))).toMatchObject({ ok: true })
    }
  })
})

describe('checkBrokerKeyFile refuses', () => {
  const refusals: [string, () => Uint8Array, string][] = [
    ['SPKI DER → KEY_SPKI_NOT_PKCS1', () => keyVector('rsa2048.spki.der'), 'KEY_SPKI_NOT_PKCS1'],
    ['SPKI PEM → KEY_PEM_NOT_DER', () => keyVector('rsa2048.spki.pem'), 'KEY_PEM_NOT_DER'],
    ['PKCS#1 PEM → KEY_PEM_NOT_DER', () => keyVector('rsa2048.pkcs1-public.pem'), 'KEY_PEM_NOT_DER'],
    ['base64 of the right DER → KEY_BASE64_NOT_DER', () => utf8(base64Encode(brokerDer) + '\n'), 'KEY_BASE64_NOT_DER'],
    ['the right DER plus a newline → KEY_TRAILING_DATA', () => Uint8Array.of(...brokerDer, 0x0a), 'KEY_TRAILING_DATA'],
    ['the right DER twice → KEY_TRAILING_DATA', () => Uint8Array.of(...brokerDer, ...brokerDer), 'KEY_TRAILING_DATA'],
    ['a PKCS#1 private key PEM → KEY_IS_PRIVATE', () => keyVector('rsa2048.pkcs1.pem'), 'KEY_IS_PRIVATE'],
    ['a PKCS#8 private key DER → KEY_IS_PRIVATE', () => keyVector('rsa2048.pkcs8.der'), 'KEY_IS_PRIVATE'],
    ['a private JWK → KEY_IS_PRIVATE', () => utf8(JSON.stringify(privateKeyToJwk(decodePkcs1PrivateKey(keyVector('rsa2048.pkcs1.der'))))), 'KEY_IS_PRIVATE'],
    ['a certificate DER → KEY_IS_CERTIFICATE', () => keyVector('rsa2048.cert.der'), 'KEY_IS_CERTIFICATE'],
    ['a certificate PEM → KEY_IS_CERTIFICATE', () => keyVector('rsa2048.cert.pem'), 'KEY_IS_CERTIFICATE'],
    ['an ssh-rsa line → KEY_WRONG_FORMAT', () => keyVector('rsa2048.ssh.pub'), 'KEY_WRONG_FORMAT'],
    ['a 1024-bit PKCS#1 DER key → KEY_TOO_SMALL', () => keyVector('rsa1024.pkcs1-public.der'), 'KEY_TOO_SMALL'],
    ['an EC key → KEY_NOT_RSA', () => keyVector('ec-p256.spki.pem'), 'KEY_NOT_RSA'],
    ['an encrypted private key → KEY_ENCRYPTED', () => keyVector('rsa2048.encrypted.der'), 'KEY_ENCRYPTED'],
    ['a truncated PKCS#1 DER → DER_TRUNCATED', () => brokerDer.slice(0, 200), 'DER_TRUNCATED'],
    ['an empty file → KEY_EMPTY', () => new Uint8Array(), 'KEY_EMPTY'],
    ['a 10 MB file → KEY_INPUT_TOO_LARGE', () => new Uint8Array(10 * 1024 * 1024).fill(0x30), 'KEY_INPUT_TOO_LARGE']
  ]
  for (const [name, bytes, code] of refusals) {
    it(name, () => {
      const check = checkBrokerKeyFile(bytes())
      expect(check).toMatchObject({ ok: false, code })
      if (!check.ok) {
        expect(check.message.length).toBeGreaterThan(10)
        expect(check.fix.length).toBeGreaterThan(10)
      }
    })
  }

  it('offers the key inside a wrong-format file, so a UI can write the fixed one', () => {
    for (const file of ['rsa2048.spki.der', 'rsa2048.spki.pem', 'rsa2048.pkcs8.pem', 'rsa2048.cert.der', 'rsa2048.ssh.pub']) {
      const check = checkBrokerKeyFile(keyVector(file))
      expect(!check.ok && check.publicKey && publicKeysEqual(check.publicKey, decodePkcs1PublicKey(brokerDer))).toBe(true)
    }
  })

  it('never throws, even for values that are not bytes', () => {
    for (const value of [null, undefined, 'text', 7, {}]) {
      expect(checkBrokerKeyFile(value as unknown as Uint8Array)).toMatchObject({ ok: false })
    }
  })
})

describe('every command offered as a fix, run as written, makes openssl’s jwt-public.der', () => {
  const cases: [string, string][] = [
    ['rsa2048.spki.der', 'jwt-public-spki.der'],
    ['rsa2048.spki.pem', 'jwt-public.pem'],
    ['rsa2048.pkcs1-public.pem', 'jwt-public.pem'],
    ['rsa2048.pkcs1.pem', 'jwt-private.pem'],
    ['rsa2048.pkcs8.pem', 'jwt-private.pem'],
    ['rsa2048.pkcs1.der', 'jwt-private.der'],
    ['rsa2048.pkcs8.der', 'jwt-private.der'],
    ['rsa2048.cert.pem', 'cert.pem'],
    ['rsa2048.cert.der', 'cert.der']
  ]
  for (const [fixture, nameInCommand] of cases) {
    it(`${fixture} (saved as ${nameInCommand})`, () => {
      const check = checkBrokerKeyFile(keyVector(fixture))
      if (check.ok || !check.command) throw new Error(`no command offered for ${fixture}`)
      expect(check.fix).toContain(check.command)
      expect(check.command).toContain(nameInCommand)
      const dir = scratch.make('broker-fix-')
      copyFileSync(join(keyVectorDir, fixture), join(dir, nameInCommand))
      execSync(check.command, { cwd: dir, stdio: 'pipe' })
      const made = readFileSync(join(dir, 'jwt-public.der'))
      expect(made.equals(Buffer.from(brokerDer))).toBe(true)
      expect(checkBrokerKeyFile(new Uint8Array(made))).toMatchObject({ ok: true })
    })
  }

  it('the two-step ssh-keygen + openssl fix for an ssh-rsa line', () => {
    const check = checkBrokerKeyFile(keyVector('rsa2048.ssh.pub'))
    if (check.ok) throw new Error('accepted')
    const commands = [...check.fix.matchAll(/(ssh-keygen [^,]*?jwt-public\.pem|openssl [^,]*?jwt-public\.der)/g)].map((m) => m[1]!)
    expect(commands).toHaveLength(2)
    const dir = scratch.make('broker-fix-')
    writeFileSync(join(dir, 'id_rsa.pub'), keyVectorText('rsa2048.ssh.pub'))
    for (const command of commands) execSync(command, { cwd: dir, stdio: 'pipe' })
    expect(readFileSync(join(dir, 'jwt-public.der')).equals(Buffer.from(brokerDer))).toBe(true)
  })
})

describe('checkKeyStrength (ring RSA_PKCS1_2048_8192 rules)', () => {
  const n = (bits: number) => {
    const bytes = new Uint8Array(Math.ceil(bits / 8)).fill(0xff)
    if (bits % 8) bytes[0] = (1 << bits % 8) - 1
    return bytes
  }
  const e = (value: bigint) => {
    const hex = value.toString(16)
    return Uint8Array.from(Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex'))
  }
  const strength = (bits: number, exponent: bigint) => checkKeyStrength(makePublicKey(n(bits), e(exponent)))

  it('accepts the bounds 2048 and 8192 bits', () => {
    expect(strength(2048, 65537n).ok).toBe(true)
    expect(strength(8192, 65537n).ok).toBe(true)
  })
  it('counts whole bytes like ring: 2041 and 2047 bits pass, 2040 and 8193 bits are refused', () => {
    expect(strength(2047, 65537n).ok).toBe(true)
    expect(strength(2041, 65537n).ok).toBe(true)
    expect(strength(2040, 65537n)).toMatchObject({ code: 'KEY_TOO_SMALL' })
    expect(strength(8193, 65537n)).toMatchObject({ code: 'KEY_TOO_LARGE' })
  })
  it('refuses exponents 1, even, and 2^33; accepts 3 and 2^33 - 1', () => {
    expect(strength(2048, 1n)).toMatchObject({ code: 'KEY_BAD_EXPONENT' })
    expect(strength(2048, 65536n)).toMatchObject({ code: 'KEY_BAD_EXPONENT' })
    expect(strength(2048, 2n ** 33n + 1n)).toMatchObject({ code: 'KEY_BAD_EXPONENT' })
    expect(strength(2048, 3n).ok).toBe(true)
    expect(strength(2048, 2n ** 33n - 1n).ok).toBe(true)
  })
  it('refuses an even modulus with KEY_BAD_MODULUS, through the file check too', () => {
    const even = n(2048)
    even[even.length - 1] = 0xfe
    expect(checkKeyStrength(makePublicKey(even, e(65537n)))).toMatchObject({ code: 'KEY_BAD_MODULUS' })
    expect(checkBrokerKeyFile(sequence(unsignedInteger(even), unsignedInteger(e(65537n))))).toMatchObject({ ok: false, code: 'KEY_BAD_MODULUS' })
  })
})
