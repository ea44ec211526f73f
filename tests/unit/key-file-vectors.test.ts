// Every key file an integrator's real tools write (puttygen, gpg, certtool, openssl, ssh-keygen,
// xxd, base64), made fresh by scripts/make-key-file-vectors.sh: the key doctor names each one
// and hands back, byte for byte, the jwt-public.der openssl itself derives from the same key
// (or, where the file keeps no public key in clear, the coded refusal with its command).
import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explainKey } from '../../lib/explain/key-piece'
import { diagnoseKey, formatLabel, readKey, type KeyDiagnosis } from '../../lib/keys'
import { tempDirs } from '../support/temp-dir'
import { makeToolKeyFiles, type ToolKeyFile } from '../support/tool-key-files'

const scratch = tempDirs()
afterAll(scratch.removeAll)

let dir = ''
let rows: ToolKeyFile[] = []
const results = new Map<string, KeyDiagnosis>()

beforeAll(async () => {
  dir = scratch.make('key-files-')
  // The tools are installed by scripts/install-system-deps.sh; a missing one fails here, by name.
  rows = await makeToolKeyFiles(dir)
  for (const { file } of rows) results.set(file, await diagnoseKey(new Uint8Array(readFileSync(join(dir, file)))))
}, 300_000)

const bytesOf = (file: string) => readFileSync(join(dir, file))

describe('real-tool key files through the key doctor, compared with openssl', () => {
  it('every file gives openssl’s exact jwt-public.der, or its expected refusal', () => {
    const matched: string[] = []
    const refusedAsExpected: string[] = []
    const wrong: string[] = []
    for (const { file, expected } of rows) {
      const d = results.get(file)!
      if (expected.startsWith('!')) {
        if (!d.reading.ok && d.reading.error.code === expected.slice(1) && !d.fixed) refusedAsExpected.push(file)
        else wrong.push(`${file}: expected ${expected}, got ${d.reading.ok ? 'a key' : d.reading.error.code}`)
      } else if (d.fixed && Buffer.from(d.fixed.der).equals(bytesOf(expected))) matched.push(file)
      else wrong.push(`${file}: ${d.reading.ok ? 'a different or no jwt-public.der' : d.reading.error.code}`)
    }
    const withKey = rows.filter((r) => !r.expected.startsWith('!')).length
    console.log(`key files from real tools: ${rows.length} files; ${matched.length} of ${withKey} holding a public key matched openssl's jwt-public.der byte for byte; ${refusedAsExpected.length} of ${rows.length - withKey} without one refused with the expected code`)
    expect(wrong).toEqual([])
    expect(matched.length).toBe(withKey)
    expect(rows.length).toBeGreaterThanOrEqual(40)
  })

  it('every file is named as its tool would name it, never "not recognised"', () => {
    const misnamed = rows.flatMap(({ file, format }) => {
      const got = results.get(file)!.reading.format
      return got === format && formatLabel(got) !== formatLabel('unknown') ? [] : [`${file}: ${got} (${formatLabel(got)}), expected ${format}`]
    })
    expect(misnamed).toEqual([])
  })

  it('a chain offers the leaf whatever the order, names each certificate as openssl does, and lets another be picked', async () => {
    // openssl's RFC 2253 names (most specific first) are the independent reading of each subject.
    const name = (cert: string, what: 'subject' | 'issuer') =>
      execSync(`openssl x509 -in ${join(dir, cert)} -noout -${what} -nameopt RFC2253,sep_comma_plus_space`, { stdio: 'pipe' }).toString().trim().replace(/^\w+=/, '')
    const leaf = name('leaf.pem', 'subject')
    for (const file of ['chain-root-first.pem', 'chain-leaf-first.pem', 'chain.p7b', 'chain.p7b.der', 'chain-certtool.p7b']) {
      const reading = results.get(file)!.reading
      if (!reading.ok || !reading.choices) throw new Error(`${file}: no choices`)
      const { items, chosen, reason } = reading.choices
      expect(items.map((c) => c.title).sort()).toEqual(['ca.pem', 'sub.pem', 'leaf.pem'].map((c) => name(c, 'subject')).sort())
      expect(items[chosen]!.title).toBe(leaf)
      expect(reason).toMatch(/leaf/)
      expect(items[chosen]!.details).toContain(`Issued by: ${name('leaf.pem', 'issuer')}`)
    }
    const picked = await diagnoseKey(new Uint8Array(bytesOf('chain-root-first.pem')), { choice: 0 })
    const caDer = execSync(`openssl x509 -in ${join(dir, 'ca.pem')} -pubkey -noout | openssl rsa -pubin -RSAPublicKey_out -outform DER`, { stdio: 'pipe' })
    expect(picked.reading.ok && picked.reading.choices?.chosen).toBe(0)
    expect(Buffer.from(picked.fixed!.der).equals(caDer)).toBe(true)
  })

  it('a PKCS#1 body under BEGIN PUBLIC KEY gives the key and says the label is wrong', () => {
    const d = results.get('key.mislabeled.pem')!
    expect(d.reading).toMatchObject({ ok: true, labelWrong: { label: 'PUBLIC KEY', expected: 'RSA PUBLIC KEY' } })
    expect(d.asBrokerFile).toMatchObject({ ok: false, message: expect.stringMatching(/label is wrong/) })
  })

  it('OpenPGP keys: the primary key offered, the RSA subkey listed', () => {
    const reading = results.get('pgp-public.asc')!.reading
    expect(reading.ok && reading.choices?.items.map((c) => c.title)).toEqual(['Primary key of PLC 0042 <plc-0042@example.invalid>', 'Subkey 1'])
    expect(reading.ok && reading.choices?.items[1]!.publicKey?.modulusBits).toBe(3072)
  })

  it('private key files are refused to a token signer with the command that converts them; the PuTTY ones work as written', () => {
    for (const file of ['key.v3.ppk', 'key.v2-encrypted.ppk', 'key.sshcom', 'key.openssh', 'pgp-secret.asc']) {
      const reading = readKey(new Uint8Array(bytesOf(file)))
      expect(reading.ok, file).toBe(false)
      if (!reading.ok) expect(reading.error.fix).toContain(reading.error.command)
    }
    const expected = bytesOf('key.expected.der')
    for (const [file, name] of [['key.v3-encrypted.ppk', 'key.ppk'], ['key.sshcom-encrypted', 'key.ssh2']] as const) {
      const reading = readKey(new Uint8Array(bytesOf(file)))
      const command = reading.ok ? '' : reading.error.command!
      expect(command).toContain(name)
      const out = scratch.make('putty-fix-')
      execSync(`cp ${join(dir, file)} ${name} && ${command} --old-passphrase ${join(dir, 'pass.txt')}`, { cwd: out, stdio: 'pipe' })
      const made = execSync('openssl rsa -in jwt-private.pem -RSAPublicKey_out -outform DER', { cwd: out, stdio: 'pipe' })
      expect(made.equals(expected), file).toBe(true)
    }
  })

  it('the explainer reads the same files and shows the same jwt-public.der SHA-256', async () => {
    for (const { file, expected } of rows.filter((r) => !r.expected.startsWith('!'))) {
      const { diagnosis } = await explainKey(new Uint8Array(bytesOf(file)))
      expect(diagnosis.fixed?.sha256Line, file).toBe(results.get(file)!.fixed!.sha256Line)
      expect(expected).toBeTruthy()
    }
  })

  it('damaged copies of each new format are refused with the code that names the damage', () => {
    const text = (file: string) => bytesOf(file).toString('utf8')
    const armoredBody = text('pgp-public.asc').split('\n')
    const bodyLine = armoredBody.findIndex((l) => l.length === 64)
    const cases: [string, string | Uint8Array, string][] = [
      ['OpenPGP armour with one character changed (CRC-24 catches it)', armoredBody.map((l, i) => (i === bodyLine ? (l[0] === 'A' ? 'B' : 'A') + l.slice(1) : l)).join('\n'), 'OPENPGP_KEY_INVALID'],
      ['binary OpenPGP key cut inside its first packet', new Uint8Array(bytesOf('pgp-public.gpg').subarray(0, 100)), 'OPENPGP_KEY_INVALID'],
      ['.ppk whose Public-Lines count runs past the end', text('key.v3.ppk').replace(/Public-Lines: \d+/, 'Public-Lines: 99'), 'PUTTY_KEY_INVALID'],
      ['.ppk version 1', text('key.v2.ppk').replace('PuTTY-User-Key-File-2', 'PuTTY-User-Key-File-1'), 'PUTTY_KEY_INVALID'],
      ['ssh.com key with its body cut', text('key.sshcom').replace(/\n[^\n]*\n---- END/, '\n---- END'), 'SSH_KEY_INVALID'],
      ['openssl -text cut before the exponent', text('key.pub-text.txt').replace(/Exponent:.*/, ''), 'TEXT_DUMP_INVALID'],
      ['xxd -p dump with its last line lost', text('key.der.xxd-p.txt').replace(/\n[^\n]*\n$/, '\n'), 'DER_TRUNCATED'],
      ['PKCS#7 DER cut short', new Uint8Array(bytesOf('chain.p7b.der').subarray(0, 600)), 'DER_TRUNCATED'],
      ['CSR DER with its signature cut', new Uint8Array(bytesOf('key.csr.der').subarray(0, bytesOf('key.csr.der').length - 10)), 'DER_TRUNCATED']
    ]
    for (const [name, input, code] of cases) {
      const reading = readKey(input, { publicPartOfPrivateFiles: true })
      expect(reading.ok ? 'no error' : reading.error.code, name).toBe(code)
    }
  })
})
