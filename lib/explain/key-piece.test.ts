// The explainer's key piece reads what the key doctor reads (it is the doctor): real-tool files
// made by puttygen, openssl and xxd here, each explained with its name, its entries and the
// SHA-256 of openssl's own jwt-public.der.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../../tests/support/temp-dir'
import { keyVectorDir, keyVectorText } from '../../tests/support/vectors'
import { explain } from './explain'
import { explainKey, isWholeKeyPaste } from './key-piece'

const scratch = tempDirs()
afterAll(scratch.removeAll)
let dir = ''
const file = (name: string) => join(dir, name)
const text = (name: string) => readFileSync(file(name), 'utf8')
const expectedSha = () => createHash('sha256').update(readFileSync(join(keyVectorDir, 'rsa2048.pkcs1-public.der'))).digest('hex')

beforeAll(() => {
  dir = scratch.make('key-piece-')
  const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir, stdio: 'pipe' })
  run('puttygen', [join(keyVectorDir, 'rsa2048.pkcs1.pem'), '-O', 'private', '-o', 'key.ppk'])
  writeFileSync(file('key.xxd'), run('xxd', ['-p', join(keyVectorDir, 'rsa2048.pkcs1-public.der')]))
  writeFileSync(file('key.text'), run('openssl', ['rsa', '-pubin', '-in', join(keyVectorDir, 'rsa2048.spki.pem'), '-text', '-noout']))
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=Test CA', '-days', '30', '-out', 'ca.pem'])
  run('openssl', ['x509', '-req', '-in', join(keyVectorDir, 'rsa2048.csr.pem'), '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', 'leaf.pem'])
  writeFileSync(file('chain.pem'), text('ca.pem') + text('leaf.pem'))
}, 60_000)

describe('explainKey reads the formats the key doctor reads', () => {
  it('a PuTTY .ppk (puttygen): named, said to be private, with the conversion and the fixed file’s SHA-256', async () => {
    const { finding } = await explainKey(text('key.ppk'))
    expect(finding.details?.[0]).toMatch(/^Format: PuTTY private key \(\.ppk\)\. .*PuTTYgen/)
    expect(finding.details?.join('\n')).toContain('puttygen key.ppk -O private-openssh')
    expect(finding.details?.join('\n')).toContain(expectedSha())
    expect(finding.meaning).toMatch(/private key file/)
  })

  it('an xxd -p hex dump and openssl -text output give the same key', async () => {
    for (const name of ['key.xxd', 'key.text']) {
      const { finding } = await explainKey(text(name))
      expect(finding.details?.join('\n'), name).toContain(expectedSha())
    }
  })

  it('a CA-first chain: each certificate listed, the leaf used', async () => {
    const { finding, diagnosis } = await explainKey(text('chain.pem'))
    const details = finding.details!.join('\n')
    expect(details).toMatch(/The file holds 2 keys; the one used here is "CN=voke-docs test"/)
    expect(details).toMatch(/1\. CN=Test CA: Issued by: CN=Test CA/)
    expect(diagnosis.fixed?.sha256Line).toContain(expectedSha())
  })

  it('a PKCS#1 body under BEGIN PUBLIC KEY: the key, and the wrong label said', async () => {
    const { finding } = await explainKey(keyVectorText('rsa2048.pkcs1-public.pem').replace(/RSA PUBLIC KEY/g, 'PUBLIC KEY'))
    expect(finding.details?.join('\n')).toMatch(/The PEM label is wrong: it says BEGIN PUBLIC KEY/)
    expect(finding.details?.join('\n')).toContain(expectedSha())
  })

  it('isWholeKeyPaste: true for key files the paste splitter cannot cut out, false for PEM, logs and tokens', () => {
    for (const name of ['key.ppk', 'key.xxd', 'key.text', 'chain.pem']) expect(isWholeKeyPaste(text(name)), name).toBe(true)
    expect(isWholeKeyPaste(keyVectorText('rsa2048.ssh2.pub'))).toBe(true)
    expect(isWholeKeyPaste(keyVectorText('rsa2048.spki.pem'))).toBe(false)
    expect(isWholeKeyPaste('jwt-auth: InvalidSignature\n')).toBe(false)
    expect(isWholeKeyPaste(`${text('key.xxd')}\neyJhbGciOiJSUzI1NiJ9.e30.sig`)).toBe(false)
  })

  it('explain() hands a whole pasted .ppk, hex dump, -text output or chain to the doctor: one key finding with openssl’s SHA-256', async () => {
    for (const name of ['key.ppk', 'key.xxd', 'key.text', 'chain.pem']) {
      const { findings } = await explain(text(name))
      expect(findings, name).toHaveLength(1)
      expect(findings[0]!.details?.join('\n'), name).toContain(expectedSha())
    }
  })
})
