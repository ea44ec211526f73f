// readKey recognises every format an integrator may paste or drop, and refuses unusable keys
// with a code, the format it saw, and a command that really converts them (run here).
import { execSync } from 'node:child_process'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { chmodSync, copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../../tests/support/temp-dir'
import { keyVector, keyVectorDir, keyVectorText } from '../../tests/support/vectors'
import { base64Encode, base64UrlEncode } from '../encoding'
import { readKey } from './key-detect'
import { decodePkcs1PublicKey, publicKeysEqual } from './rsa-keys'

const scratch = tempDirs()
afterAll(scratch.removeAll)

const brokerBytes = keyVector('rsa2048.pkcs1-public.der')
const expected = decodePkcs1PublicKey(brokerBytes)
const utf8 = (text: string) => new TextEncoder().encode(text)
const nodePublicJwk = () => createPublicKey(keyVectorText('rsa2048.spki.pem')).export({ format: 'jwk' })
const nodePrivateJwk = () => createPrivateKey(keyVectorText('rsa2048.pkcs8.pem')).export({ format: 'jwk' })

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
    ['base64 DER with line breaks', () => base64Encode(keyVector('rsa2048.pkcs1.der')).replace(/.{76}/g, '$&\n'), 'base64-der', 'private'],
    ['base64url DER', () => base64UrlEncode(keyVector('rsa2048.pkcs1-public.der')), 'base64-der', 'public'],
    ['PEM given as file bytes', () => utf8(keyVectorText('rsa2048.spki.pem')), 'spki-pem', 'public'],
    ['PEM with CRLF line ends', () => keyVectorText('rsa2048.pkcs1.pem').replace(/\n/g, '\r\n'), 'pkcs1-private-pem', 'private'],
    ['PEM file with a UTF-8 byte order mark', () => utf8('\uFEFF' + keyVectorText('rsa2048.spki.pem')), 'spki-pem', 'public'],
    [
      'PEM file saved as UTF-16LE (Windows PowerShell 5 redirect)',
      () => Uint8Array.from(Buffer.from('\uFEFF' + keyVectorText('rsa2048.pkcs1-public.pem'), 'utf16le')),
      'pkcs1-public-pem',
      'public'
    ],
    ['PEM inside other text (openssl pkcs12 output)', () => `Bag Attributes\n    localKeyID: 01\n${keyVectorText('rsa2048.pkcs8.pem')}`, 'pkcs8-private-pem', 'private'],
    ['ssh-rsa line (ssh-keygen -y)', () => keyVectorText('rsa2048.ssh.pub'), 'ssh-rsa-public', 'public'],
    ['ssh-rsa line with a comment', () => keyVectorText('rsa2048.ssh.pub').trim() + ' plc-7@plant\n', 'ssh-rsa-public', 'public'],
    ['authorized_keys line with options', () => `from="10.0.0.0/8",no-pty ${keyVectorText('rsa2048.ssh.pub').trim()} plc-7\n`, 'ssh-rsa-public', 'public'],
    ['SSH2 public key block (ssh-keygen -e, RFC 4716)', () => keyVectorText('rsa2048.ssh2.pub'), 'ssh2-public', 'public'],
    ['public JWK (node:crypto export)', () => JSON.stringify(nodePublicJwk()), 'jwk-public', 'public'],
    ['private JWK (node:crypto export)', () => JSON.stringify(nodePrivateJwk(), null, 2), 'jwk-private', 'private'],
    ['a JWK set holding one RSA key', () => JSON.stringify({ keys: [{ ...nodePublicJwk(), kid: 'k1', use: 'sig' }] }), 'jwk-public', 'public'],
    ['a certificate signing request (openssl req)', () => keyVectorText('rsa2048.csr.pem'), 'csr-pem', 'request'],
    ['an SPKI body under BEGIN RSA PUBLIC KEY (label edited by hand)', () => keyVectorText('rsa2048.spki.pem').replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY'), 'spki-pem', 'public'],
    ['a hex dump of the DER (as xxd -p writes it)', () => Buffer.from(brokerBytes).toString('hex').replace(/.{60}/g, '$&\n'), 'hex-der', 'public']
  ]
  for (const [name, input, format, kind] of cases) {
    it(name, () => expectRsa2048(readKey(input()), format, kind))
  }

  it('a PEM whose label names another structure says which label the contents call for', () => {
    const reading = readKey(keyVectorText('rsa2048.pkcs1-public.pem').replace(/RSA PUBLIC KEY/g, 'PUBLIC KEY'))
    expect(reading).toMatchObject({ ok: true, format: 'pkcs1-public-pem', labelWrong: { label: 'PUBLIC KEY', expected: 'RSA PUBLIC KEY' } })
  })

  it('OpenSSH private keys: the public half with publicPartOfPrivateFiles, the conversion error without', () => {
    for (const file of ['rsa2048.openssh.pem', 'rsa2048.openssh-encrypted.pem']) {
      expectRsa2048(readKey(keyVectorText(file), { publicPartOfPrivateFiles: true }), 'openssh-private', 'private-file')
      expect(readKey(keyVectorText(file))).toMatchObject({ ok: false, format: 'openssh-private', error: { code: 'KEY_OPENSSH_PRIVATE' } })
    }
  })

  it('a private key gives openssl’s PKCS#1 and PKCS#8 DER for signing, whatever form it came in', () => {
    for (const input of [keyVectorText('rsa2048.pkcs8.pem'), keyVector('rsa2048.pkcs1.der'), JSON.stringify(nodePrivateJwk())]) {
      const reading = readKey(input)
      expect(reading.ok && reading.kind === 'private').toBe(true)
      if (reading.ok && reading.kind === 'private') {
        expect(Buffer.from(reading.pkcs1Der).equals(Buffer.from(keyVector('rsa2048.pkcs1.der')))).toBe(true)
        expect(Buffer.from(reading.pkcs8Der).equals(Buffer.from(keyVector('rsa2048.pkcs8.der')))).toBe(true)
      }
    }
  })

  it('records the inner structure of bare base64', () => {
    expect(readKey(base64Encode(keyVector('rsa2048.cert.der')))).toMatchObject({ ok: true, format: 'base64-der', structure: 'certificate' })
  })

  it('reads every size and the exponent-3 key the same as openssl', () => {
    for (const name of ['rsa3072', 'rsa4096', 'rsa2048-e3', 'rsa1024']) {
      const reading = readKey(keyVectorText(`${name}.pkcs8.pem`))
      const openssl = decodePkcs1PublicKey(keyVector(`${name}.pkcs1-public.der`))
      expect(reading.ok && publicKeysEqual(reading.publicKey, openssl)).toBe(true)
    }
  })
})

describe('readKey refuses with a code, the format it saw, and a fix', () => {
  const ed25519Line = keyVectorText('ed25519.ssh.pub')
  const refusals: [string, () => Uint8Array | string, string, string, RegExp][] = [
    ['EC private key (SEC1)', () => keyVectorText('ec-p256.sec1.pem'), 'KEY_NOT_RSA', 'ec-key', /genpkey -algorithm RSA/],
    ['EC key from openssl ecparam (EC PARAMETERS block first)', () => keyVectorText('ec-p256.ecparam.pem'), 'KEY_NOT_RSA', 'ec-key', /RSA/],
    ['EC private key (PKCS#8)', () => keyVectorText('ec-p256.pkcs8.pem'), 'KEY_NOT_RSA', 'ec-key', /RSA/],
    ['EC public key', () => keyVectorText('ec-p256.spki.pem'), 'KEY_NOT_RSA', 'ec-key', /RSA/],
    ['EC certificate', () => keyVectorText('ec-p256.cert.pem'), 'KEY_NOT_RSA', 'ec-key', /RSA/],
    ['EC JWK', () => JSON.stringify(createPublicKey(keyVectorText('ec-p256.spki.pem')).export({ format: 'jwk' })), 'KEY_NOT_RSA', 'ec-key', /RSA/],
    ['Ed25519 private key', () => keyVectorText('ed25519.pkcs8.pem'), 'KEY_NOT_RSA', 'ed25519-key', /RSA/],
    ['Ed25519 public key', () => keyVectorText('ed25519.spki.pem'), 'KEY_NOT_RSA', 'ed25519-key', /RSA/],
    ['Ed25519 OpenSSH private key', () => keyVectorText('ed25519.openssh.pem'), 'KEY_NOT_RSA', 'ed25519-key', /RSA/],
    ['an ssh-ed25519 line', () => ed25519Line, 'KEY_NOT_RSA', 'ed25519-key', /RSA/],
    ['RSA-PSS private key', () => keyVectorText('rsa-pss2048.pkcs8.pem'), 'KEY_RSA_PSS', 'rsa-pss-key', /genpkey -algorithm RSA /],
    ['RSA-PSS public key', () => keyVectorText('rsa-pss2048.spki.pem'), 'KEY_RSA_PSS', 'rsa-pss-key', /genpkey -algorithm RSA /],
    ['encrypted PKCS#8 PEM', () => keyVectorText('rsa2048.encrypted.pem'), 'KEY_ENCRYPTED', 'encrypted-private-pem', /openssl rsa -in key.pem -RSAPublicKey_out .*openssl pkcs8 .* -traditional/],
    ['encrypted PKCS#8 DER', () => keyVector('rsa2048.encrypted.der'), 'KEY_ENCRYPTED', 'encrypted-private-der', /openssl pkcs8/],
    ['encrypted legacy PEM', () => keyVectorText('rsa2048.encrypted-legacy.pem'), 'KEY_ENCRYPTED', 'encrypted-private-pem', /openssl rsa .* -traditional/],
    ['OpenSSH private key', () => keyVectorText('rsa2048.openssh.pem'), 'KEY_OPENSSH_PRIVATE', 'openssh-private', /ssh-keygen -p -m PEM/],
    ['passphrase-protected OpenSSH key', () => keyVectorText('rsa2048.openssh-encrypted.pem'), 'KEY_OPENSSH_PRIVATE', 'openssh-private', /ssh-keygen -p -m PEM/],
    ['a PuTTY key cut after its headers', () => 'PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n', 'PUTTY_KEY_INVALID', 'putty-private', /PuTTYgen/],
    ['empty text', () => '   \n', 'KEY_EMPTY', 'unknown', /Paste/],
    ['empty file', () => new Uint8Array(), 'KEY_EMPTY', 'unknown', /Paste/],
    ['an unknown PEM label', () => '-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n', 'PEM_UNKNOWN_LABEL', 'unknown', /PUBLIC KEY/],
    ['mismatched BEGIN/END', () => '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'PEM_LABEL_MISMATCH', 'unknown', /BEGIN/],
    ['a damaged PEM body', () => keyVectorText('rsa2048.spki.pem').replace('MII', 'M*I'), 'PEM_MALFORMED', 'unknown', /Copy/],
    ['a PEM body cut short', () => keyVectorText('rsa2048.pkcs1.pem').replace(/\n[^\n]*\n-----END/, '\n-----END'), 'DER_TRUNCATED', 'pkcs1-private-pem', /Export/],
    ['JSON that is not a JWK', () => '{"hello": "world"}', 'JWK_INVALID', 'unknown', /RSA/],
    ['invalid JSON', () => '{"kty": "RSA",', 'JWK_INVALID', 'unknown', /JSON/],
    ['JWK without n', () => '{"kty": "RSA", "e": "AQAB"}', 'JWK_INVALID', 'jwk-public', /"n"/],
    ['a JWK set with two RSA keys', () => JSON.stringify({ keys: [nodePublicJwk(), nodePublicJwk()] }), 'JWK_INVALID', 'unknown', /single JWK/],
    ['a damaged ssh-rsa line', () => keyVectorText('rsa2048.ssh.pub').slice(0, 200), 'SSH_KEY_INVALID', 'ssh-rsa-public', /\.pub/],
    ['an ssh-rsa label on an ed25519 key', () => ed25519Line.replace('ssh-ed25519', 'ssh-rsa'), 'SSH_KEY_INVALID', 'ssh-rsa-public', /\.pub/],
    ['plain prose', () => 'hello, this is not a key', 'KEY_UNREADABLE', 'unknown', /BEGIN/],
    ['a text file starting with "0" (0x30, like DER)', () => utf8('0x30 0x82 is how DER starts\n'), 'KEY_UNREADABLE', 'unknown', /BEGIN/],
    ['non-UTF-8 bytes', () => Uint8Array.of(0xff, 0xfe, 0xfd, 0x80, 0x81), 'KEY_UNREADABLE', 'unknown', /key file/],
    ['binary that is not DER (a PNG header)', () => Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'KEY_UNREADABLE', 'unknown', /key file/],
    ['DER of something else (a lone SEQUENCE of NULL)', () => Uint8Array.of(0x30, 0x02, 0x05, 0x00), 'KEY_UNREADABLE', 'unknown', /jwt-public.der/],
    ['a 10 MB paste', () => 'A'.repeat(10 * 1024 * 1024), 'KEY_INPUT_TOO_LARGE', 'unknown', /key file/],
    ['a 10 MB file', () => new Uint8Array(10 * 1024 * 1024), 'KEY_INPUT_TOO_LARGE', 'unknown', /key file/]
  ]
  for (const [name, input, code, format, fix] of refusals) {
    it(`${name} → ${code} (${format})`, () => {
      const reading = readKey(input())
      expect(reading.ok).toBe(false)
      if (reading.ok) return
      expect(reading.error.code).toBe(code)
      expect(reading.format).toBe(format)
      expect(reading.error.message.length).toBeGreaterThan(10)
      expect(reading.error.fix).toMatch(fix)
    })
  }

  it('an ssh-rsa line with a megabyte-sized exponent → KEY_BAD_EXPONENT, at once', () => {
    const field = (bytes: Uint8Array) => {
      const length = Buffer.alloc(4)
      length.writeUInt32BE(bytes.length)
      return Buffer.concat([length, bytes])
    }
    const blob = Buffer.concat([field(utf8('ssh-rsa')), field(new Uint8Array(600_000).fill(0x7f)), field(new Uint8Array(256).fill(0x7f))])
    const started = performance.now()
    expect(readKey(`ssh-rsa ${blob.toString('base64')} big`)).toMatchObject({ ok: false, error: { code: 'KEY_BAD_EXPONENT' } })
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('never throws on inputs that are not text or bytes', () => {
    for (const input of [null, undefined, 42, {}, [1, 2], new ArrayBuffer(4)]) {
      const reading = readKey(input as unknown as string)
      expect(reading).toMatchObject({ ok: false, error: { code: 'KEY_UNREADABLE' } })
    }
  })
})

describe('inputs from other realms', () => {
  it('reads a Uint8Array made in another JavaScript realm (iframe, worker)', () => {
    const foreign = runInNewContext('new Uint8Array(length)', { length: brokerBytes.length }) as Uint8Array
    foreign.set(brokerBytes)
    expect(foreign instanceof Uint8Array).toBe(false)
    expectRsa2048(readKey(foreign), 'pkcs1-public-der', 'public')
  })
})

describe('the commands in the fixes really convert the key (run here as written)', () => {
  /** Runs `command` in a fresh directory holding `file` under `name`; returns that directory. */
  function runIn(file: string, name: string, command: string): string {
    const dir = scratch.make('key-fix-')
    copyFileSync(join(keyVectorDir, file), join(dir, name))
    chmodSync(join(dir, name), 0o600)
    execSync(command, { cwd: dir, stdio: 'pipe' })
    return dir
  }
  const commandOf = (file: string) => {
    const reading = readKey(keyVectorText(file))
    if (reading.ok || !reading.error.command) throw new Error(`no command for ${file}`)
    expect(reading.error.fix).toContain(reading.error.command)
    return reading.error.command
  }
  const expectRsa2048Pkcs1Pem = (path: string) => expectRsa2048(readKey(readFileSync(path)), 'pkcs1-private-pem', 'private')

  for (const file of ['rsa2048.encrypted.pem', 'rsa2048.encrypted-legacy.pem']) {
    it(`${file}: jwt-public.der and the decrypted jwt-private.pem (passphrase on the command line only in this test)`, () => {
      const reading = readKey(keyVectorText(file))
      const [publicCommand, decrypt] = !reading.ok ? (reading.error.commands ?? []) : []
      expect(publicCommand).toBe(commandOf(file))
      expect(reading.ok ? '' : reading.error.fix).toContain(decrypt)
      const dir = runIn(file, 'key.pem', `${publicCommand} -passin pass:test && ${decrypt} -passin pass:test`)
      expect(readFileSync(join(dir, 'jwt-public.der')).equals(Buffer.from(brokerBytes))).toBe(true)
      expectRsa2048Pkcs1Pem(join(dir, 'jwt-private.pem'))
    })
  }

  it('OpenSSH private key → jwt-private.pem (ssh-keygen, empty new passphrase)', () => {
    const command = commandOf('rsa2048.openssh.pem').replace('ssh-keygen -p', "ssh-keygen -p -P '' -N ''")
    const dir = runIn('rsa2048.openssh.pem', 'jwt-private.pem', command)
    expectRsa2048Pkcs1Pem(join(dir, 'jwt-private.pem'))
  })

  it('passphrase-protected OpenSSH private key → jwt-private.pem', () => {
    const command = commandOf('rsa2048.openssh-encrypted.pem').replace('ssh-keygen -p', "ssh-keygen -p -P test -N ''")
    const dir = runIn('rsa2048.openssh-encrypted.pem', 'jwt-private.pem', command)
    expectRsa2048Pkcs1Pem(join(dir, 'jwt-private.pem'))
  })

  it('the new-key command for non-RSA keys makes an RSA key the broker takes', () => {
    const dir = runIn('ec-p256.spki.pem', 'ec.pem', commandOf('ec-p256.spki.pem'))
    const reading = readKey(readFileSync(join(dir, 'jwt-private.pem')))
    expect(reading).toMatchObject({ ok: true, kind: 'private', publicKey: { modulusBits: 2048, exponent: 65537n } })
  })
})
