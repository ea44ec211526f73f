// PKCS#12 bundles and Java keystores are named by their structure (not "a PKCS#8 private key with
// an unknown version (3)"), and the commands in the answer really take the key out (run here).
import { execSync, spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../../tests/support/temp-dir'
import { keyVector, keyVectorDir } from '../../tests/support/vectors'
import { checkBrokerKeyFile } from './broker-key-check'
import { readKey } from './key-detect'
import { probePkcs12 } from './pkcs12'

const scratch = tempDirs()
afterAll(scratch.removeAll)

const enrolled = keyVector('rsa2048.pkcs1-public.der')
const hasKeytool = spawnSync('keytool', ['-help'], { stdio: 'ignore' }).status === 0

/** The same bundle with the outer SEQUENCE re-encoded with BER's indefinite length, as Windows and some Java write. */
function withIndefiniteOuterLength(der: Uint8Array): Uint8Array {
  const lengthBytes = der[1]! < 0x80 ? 0 : der[1]! & 0x7f
  const content = der.subarray(2 + lengthBytes)
  return Uint8Array.from([0x30, 0x80, ...content, 0x00, 0x00])
}

describe('PKCS#12 bundles are recognised by their PFX structure', () => {
  const bundles = [
    ['rsa2048.p12', 'openssl pkcs12 -export (OpenSSL 3 default)', false],
    ['rsa2048.legacy.p12', 'openssl pkcs12 -export -legacy (RC2)', true],
    ['rsa2048.3des.pfx', '3DES + SHA-1 MAC (Windows export scheme)', false],
    ...(hasKeytool ? [['keytool.p12', 'keytool default keystore (OpenJDK 17)', false] as const] : [])
  ] as const

  for (const [file, origin, legacy] of bundles) {
    it(`${file} (${origin}) → KEY_PKCS12, pkcs12, ${legacy ? 'with' : 'without'} -legacy`, () => {
      const reading = readKey(keyVector(file))
      expect(reading).toMatchObject({ ok: false, format: 'pkcs12', error: { code: 'KEY_PKCS12' } })
      if (reading.ok) return
      expect(reading.error.message).toContain('PKCS#12')
      expect(reading.error.message).not.toMatch(/unknown version/)
      expect(reading.error.command!.includes('-legacy')).toBe(legacy)
      for (const command of reading.error.commands!) expect(reading.error.fix).toContain(command)
    })
  }

  it('reads the version and authSafe content type: data (openssl) and a MAC', () => {
    expect(probePkcs12(keyVector('rsa2048.p12'))).toEqual({ authSafe: 'data', hasMac: true, needsLegacy: false, olderEncryption: false })
    expect(probePkcs12(keyVector('rsa2048.legacy.p12'))).toMatchObject({ needsLegacy: true, olderEncryption: true })
    expect(probePkcs12(keyVector('rsa2048.3des.pfx'))).toMatchObject({ needsLegacy: false, olderEncryption: true })
  })

  it('accepts BER indefinite lengths (the strict DER reader would refuse them)', () => {
    const ber = withIndefiniteOuterLength(keyVector('rsa2048.p12'))
    expect(readKey(ber)).toMatchObject({ ok: false, format: 'pkcs12', error: { code: 'KEY_PKCS12' } })
  })

  it('also as bare base64 text (how Azure and some vaults hand a .pfx out)', () => {
    const text = Buffer.from(keyVector('rsa2048.p12')).toString('base64')
    expect(readKey(text)).toMatchObject({ ok: false, format: 'pkcs12', error: { code: 'KEY_PKCS12' } })
  })

  it('the broker key check names it too', () => {
    expect(checkBrokerKeyFile(keyVector('rsa2048.p12'))).toMatchObject({ ok: false, code: 'KEY_PKCS12' })
  })

  it('a PKCS#8 key is still a PKCS#8 key (version 0), and other SEQUENCEs are not bundles', () => {
    expect(probePkcs12(keyVector('rsa2048.pkcs8.der'))).toBeNull()
    expect(probePkcs12(keyVector('rsa2048.cert.der'))).toBeNull()
    expect(probePkcs12(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x03))).toBeNull()
    expect(probePkcs12(Uint8Array.of(0x30))).toBeNull()
  })
})

describe('the commands in the PKCS#12 answer take the key out (run here as written)', () => {
  function runCommands(file: string, passArgs: (command: string) => string): string {
    const reading = readKey(keyVector(file))
    if (reading.ok || !reading.error.commands) throw new Error(`no commands for ${file}`)
    const dir = scratch.make('p12-fix-')
    const source = reading.error.code === 'KEY_JAVA_KEYSTORE' ? 'keystore.jks' : 'bundle.p12'
    copyFileSync(join(keyVectorDir, file), join(dir, source))
    for (const command of reading.error.commands) execSync(passArgs(command), { cwd: dir, stdio: 'pipe' })
    return dir
  }
  const opensslPass = (password: string) => (command: string) =>
    command.startsWith('openssl pkcs12') ? `${command} -passin pass:${password}` : command

  for (const file of ['rsa2048.p12', 'rsa2048.legacy.p12', 'rsa2048.3des.pfx']) {
    it(`${file} → key.pem, cert.pem and the enrolled jwt-public.der`, () => {
      const dir = runCommands(file, opensslPass('test'))
      expect(new Uint8Array(readFileSync(join(dir, 'jwt-public.der')))).toEqual(enrolled)
      expect(readKey(readFileSync(join(dir, 'key.pem')))).toMatchObject({ ok: true, kind: 'private' })
      expect(readKey(readFileSync(join(dir, 'cert.pem')))).toMatchObject({ ok: true, kind: 'certificate' })
    })
  }

  it('without -legacy, OpenSSL 3 cannot open the RC2 bundle (why the hint is there)', () => {
    const dir = scratch.make('p12-legacy-')
    copyFileSync(join(keyVectorDir, 'rsa2048.legacy.p12'), join(dir, 'bundle.p12'))
    const run = spawnSync('openssl', ['pkcs12', '-in', 'bundle.p12', '-nocerts', '-nodes', '-passin', 'pass:test'], { cwd: dir, encoding: 'utf8' })
    expect(run.stderr).toMatch(/unsupported.*RC2-40-CBC/s)
  })

  it.skipIf(!hasKeytool)('keytool.jks → KEY_JAVA_KEYSTORE, and keytool + openssl give a jwt-public.der the broker takes', () => {
    const reading = readKey(keyVector('keytool.jks'))
    expect(reading).toMatchObject({ ok: false, format: 'java-keystore', error: { code: 'KEY_JAVA_KEYSTORE' } })
    const dir = runCommands('keytool.jks', (command) =>
      command.startsWith('keytool')
        ? `${command} -srcstorepass testtest -deststorepass testtest -noprompt`
        : opensslPass('testtest')(command)
    )
    expect(checkBrokerKeyFile(new Uint8Array(readFileSync(join(dir, 'jwt-public.der'))))).toMatchObject({ ok: true })
  })
})
