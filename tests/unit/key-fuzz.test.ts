// Property test: whatever bytes or text arrive, the key reader and the broker check return a
// listed error code (never throw; internally nothing but KeyFormatError) and each call is fast.
import fc from 'fast-check'
import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../support/temp-dir'
import { makeToolKeyFiles } from '../support/tool-key-files'
import { checkBrokerKeyFile, checkBrokerKeyFileOrThrow } from '../../lib/keys'
import { tlv } from '../../lib/keys'
import { readKey, readKeyOrThrow } from '../../lib/keys'
import { KEY_ERROR_CODES, KeyFormatError } from '../../lib/keys'
import { keyVector, keyVectorText } from '../support/vectors'

const CODES = new Set<string>(KEY_ERROR_CODES)
// A freeze guard, not a speed test: a call takes milliseconds, the quadratic paths it guards
// against take minutes on 1 MB, and a loaded CI machine (two CPU hogs) must not trip it.
const MAX_MS_PER_CALL = 5000
let slowest = 0

/** The public functions return a listed code; the internal paths throw nothing but KeyFormatError. */
function checkAll(input: Uint8Array | string): void {
  const timed = <T>(fn: () => T): T => {
    const started = performance.now()
    const result = fn()
    const elapsed = performance.now() - started
    slowest = Math.max(slowest, elapsed)
    expect(elapsed).toBeLessThan(MAX_MS_PER_CALL)
    return result
  }
  const reading = timed(() => readKey(input))
  if (!reading.ok) expect(CODES.has(reading.error.code), reading.error.code).toBe(true)
  // The doctor's way: public halves of private key files, and the second entry of a bundle.
  const doctorReading = timed(() => readKey(input, { publicPartOfPrivateFiles: true, choice: 1 }))
  if (!doctorReading.ok) expect(CODES.has(doctorReading.error.code), doctorReading.error.code).toBe(true)
  for (const options of [{}, { publicPartOfPrivateFiles: true, choice: 1 }]) {
    try {
      readKeyOrThrow(input, options)
    } catch (error) {
      expect(error).toBeInstanceOf(KeyFormatError)
    }
  }
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  const check = timed(() => checkBrokerKeyFile(bytes))
  if (!check.ok) expect(CODES.has(check.code), check.code).toBe(true)
  try {
    checkBrokerKeyFileOrThrow(bytes)
  } catch (error) {
    expect(error).toBeInstanceOf(KeyFormatError)
  }
}

const binarySeeds = [
  'rsa2048.pkcs1-public.der',
  'rsa2048.spki.der',
  'rsa2048.pkcs1.der',
  'rsa2048.pkcs8.der',
  'rsa2048.cert.der',
  'rsa2048.encrypted.der',
  'rsa1024.pkcs1-public.der'
].map(keyVector)

const textSeeds = [
  'rsa2048.spki.pem',
  'rsa2048.pkcs1-public.pem',
  'rsa1024.pkcs1.pem',
  'rsa2048.cert.pem',
  'rsa2048.encrypted-legacy.pem',
  'rsa2048.openssh.pem',
  'ed25519.openssh.pem',
  'ec-p256.ecparam.pem',
  'rsa2048.ssh.pub',
  'rsa2048.ssh2.pub'
]
  .map(keyVectorText)
  .concat(JSON.stringify(createPrivateKey(keyVectorText('rsa1024.pkcs8.pem')).export({ format: 'jwk' })))

/** One mutation step on bytes (shared by the committed seeds and the real-tool files below). */
function mutateBytes(seed: Uint8Array, edits: { kind: string; at: number; value: number }[]): Uint8Array {
  let bytes = Uint8Array.from(seed)
  for (const { kind, at: rawAt, value } of edits) {
    const at = rawAt % Math.max(bytes.length, 1)
    if (kind === 'flip') bytes[at] = bytes[at]! ^ (1 << value % 8)
    else if (kind === 'set') bytes[at] = value
    else if (kind === 'cut') bytes = bytes.slice(0, at)
    else if (kind === 'drop') bytes = Uint8Array.of(...bytes.slice(0, at), ...bytes.slice(at + 1))
    else bytes = Uint8Array.of(...bytes.slice(0, at), value, ...bytes.slice(at))
  }
  return bytes
}

function mutateText(seed: string, edits: [{ kind: string; at: number; value: number }, string][]): string {
  let text = seed
  for (const [{ kind, at: rawAt, value }, char] of edits) {
    const at = rawAt % Math.max(text.length, 1)
    if (kind === 'cut') text = text.slice(0, at)
    else if (kind === 'drop') text = text.slice(0, at) + text.slice(at + 1)
    else if (kind === 'insert') text = text.slice(0, at) + char + text.slice(at)
    else text = text.slice(0, at) + String.fromCharCode(value) + text.slice(at + 1)
  }
  return text
}

const edit = fc.record({ kind: fc.constantFrom('flip', 'cut', 'insert', 'set', 'drop'), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) })

/** A valid key with bit flips, cuts, insertions, deletions or overwritten bytes. */
const mutatedBytes = fc
  .record({ seed: fc.constantFrom(...binarySeeds), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) })
  .map(({ seed, edits }) => mutateBytes(seed, edits))

/** The same on text: PEM, JWK, ssh lines with characters changed, cut or inserted. */
const SPECIAL = ['-', '=', '\n', ' ', '{', '"', ':', 'A', '/', '+', '\\', '\u00e9', '\uFEFF', '\0']
const textEdits = fc.array(fc.tuple(edit, fc.constantFrom(...SPECIAL)), { minLength: 1, maxLength: 6 })
const mutatedText = fc.record({ seed: fc.constantFrom(...textSeeds), edits: textEdits }).map(({ seed, edits }) => mutateText(seed, edits))

/** Well-formed DER trees of the tags keys are made of, with random leaves: reaches deep paths. */
const TAGS = [0x02, 0x03, 0x04, 0x05, 0x06, 0x30, 0x31, 0xa0, 0xa1, 0xa3, 0x81]
const derTree = fc.letrec<{ node: Uint8Array }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...TAGS), fc.uint8Array({ maxLength: 40 })).map(([tag, body]) => tlv(tag, body)),
    fc.tuple(fc.constantFrom(0x30, 0x04, 0x03, 0xa0), fc.array(tie('node'), { maxLength: 10 })).map(([tag, children]) =>
      tlv(tag, ...(tag === 0x03 ? [Uint8Array.of(0)] : []), ...children)
    )
  )
})).node

describe('key parser fuzz: only coded results, never a throw, each call under a second', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), checkAll), { numRuns: 800 })
  })

  it('DER-looking random bytes (SEQUENCE first)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => checkAll(Uint8Array.of(0x30, ...bytes))), { numRuns: 800 })
  })

  it('well-formed DER trees with random leaves', () => {
    fc.assert(fc.property(derTree, (der) => checkAll(tlv(0x30, der))), { numRuns: 800 })
  })

  it('mutated valid keys (bit flips, truncations, insertions, deletions)', () => {
    fc.assert(fc.property(mutatedBytes, checkAll), { numRuns: 1500 })
  })

  it('mutated PEM, JWK, ssh-rsa, SSH2 and OpenSSH text', () => {
    fc.assert(fc.property(mutatedText, checkAll), { numRuns: 1000 })
  })

  it('random text, including non-ASCII and lone surrogates', () => {
    // Built from char codes: fc.string({ unit: 'binary' }) costs ~2 s of set-up on its own.
    const charCode = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xffff }))
    const text = fc.array(charCode, { maxLength: 2000 }).map((codes) => String.fromCharCode(...codes))
    fc.assert(fc.property(text, checkAll), { numRuns: 500 })
  })

  it('10 MB inputs (garbage bytes, zeros, a DER-looking prefix, text) are refused well under a second', () => {
    const random = new Uint8Array(10 * 1024 * 1024)
    for (let i = 0; i < random.length; i += 65536) globalThis.crypto.getRandomValues(random.subarray(i, i + 65536))
    for (const input of [random, new Uint8Array(10 * 1024 * 1024), Uint8Array.of(0x30, 0x84, 0x00, 0xa0, 0x00, 0x00, ...new Uint8Array(1000)), 'A'.repeat(10 * 1024 * 1024)]) {
      checkAll(input)
    }
    expect(readKey(random)).toMatchObject({ ok: false, error: { code: 'KEY_INPUT_TOO_LARGE' } })
    expect(checkBrokerKeyFile(random)).toMatchObject({ ok: false, code: 'KEY_INPUT_TOO_LARGE' })
  })

  it('inputs just under the 1 MB limit are parsed, still fast', () => {
    const justUnder = 1024 * 1024 - 16
    checkAll('-----BEGIN PUBLIC KEY-----\n' + 'M'.repeat(justUnder - 60) + '\n-----END PUBLIC KEY-----\n')
    checkAll(tlv(0x30, tlv(0x02, new Uint8Array(justUnder - 20).fill(0x7f)), tlv(0x02, Uint8Array.of(3))))
    checkAll('{"kty":"RSA","n":"' + 'A'.repeat(justUnder - 40) + '","e":"AQAB"}')
    checkAll('ssh-rsa ' + 'AAAA'.repeat(Math.floor((justUnder - 20) / 4)))
    expect(slowest).toBeLessThan(MAX_MS_PER_CALL)
  })
})

describe('malformed variants of every format real tools write (PuTTY, ssh.com, OpenPGP, CSR, PKCS#7, chains, hex, -text)', () => {
  const scratch = tempDirs()
  const texts: string[] = []
  const binaries: Uint8Array[] = []
  beforeAll(async () => {
    const dir = scratch.make('key-fuzz-files-')
    for (const { file } of await makeToolKeyFiles(dir)) {
      const bytes = new Uint8Array(readFileSync(join(dir, file)))
      if (bytes.every((b) => b === 0x0a || b === 0x0d || b === 0x09 || (b >= 0x20 && b < 0x7f))) texts.push(new TextDecoder().decode(bytes))
      else binaries.push(bytes)
    }
  }, 300_000)
  afterAll(scratch.removeAll)

  it('mutated text files (armour, headers, hex rows, base64 lines cut or changed)', () => {
    expect(texts.length).toBeGreaterThan(30)
    fc.assert(fc.property(fc.record({ seed: fc.constantFrom(...texts), edits: textEdits }), ({ seed, edits }) => checkAll(mutateText(seed, edits))), { numRuns: 1500 })
  })

  it('mutated binary files (DER CSR, PKCS#7, certificate, OpenPGP packets)', () => {
    expect(binaries.length).toBeGreaterThan(3)
    fc.assert(fc.property(fc.record({ seed: fc.constantFrom(...binaries), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) }), ({ seed, edits }) => checkAll(mutateBytes(seed, edits))), { numRuns: 800 })
  })
})
