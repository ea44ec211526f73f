// Property test: whatever bytes or text arrive, the key reader and the broker check return a
// coded result (never throw, never anything but KeyFormatError codes) and do so quickly.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkBrokerKeyFile } from '../../lib/broker-key-check'
import { readKey } from '../../lib/key-detect'
import { keyVector, keyVectorText } from '../support/vectors'

const seeds = [
  keyVector('rsa2048.pkcs1-public.der'),
  keyVector('rsa2048.spki.der'),
  keyVector('rsa2048.pkcs8.der'),
  keyVector('rsa2048.cert.der'),
  new TextEncoder().encode(keyVectorText('rsa2048.spki.pem'))
]

/** A valid key with bit flips, cuts, insertions or overwritten bytes. */
const mutated = fc
  .record({
    seed: fc.constantFrom(...seeds),
    edits: fc.array(
      fc.record({ kind: fc.constantFrom('flip', 'cut', 'insert', 'set'), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      { minLength: 1, maxLength: 6 }
    )
  })
  .map(({ seed, edits }) => {
    let bytes = Uint8Array.from(seed)
    for (const edit of edits) {
      const at = edit.at % Math.max(bytes.length, 1)
      if (edit.kind === 'flip') bytes[at] = bytes[at]! ^ (1 << edit.value % 8)
      else if (edit.kind === 'set') bytes[at] = edit.value
      else if (edit.kind === 'cut') bytes = bytes.slice(0, at)
      else bytes = Uint8Array.of(...bytes.slice(0, at), edit.value, ...bytes.slice(at))
    }
    return bytes
  })

const CODE = /^(KEY|DER|PEM|JWK|SSH)_[A-Z0-9_]+$/

function checkBoth(input: Uint8Array | string) {
  const started = performance.now()
  const reading = readKey(input)
  if (!reading.ok) expect(reading.error.code).toMatch(CODE)
  if (typeof input !== 'string') {
    const check = checkBrokerKeyFile(input)
    if (!check.ok) expect(check.code).toMatch(CODE)
  }
  expect(performance.now() - started).toBeLessThan(1000)
}

describe('key parser fuzz', () => {
  it('random bytes only ever give coded results', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => checkBoth(bytes)), { numRuns: 1500 })
  })

  it('DER-looking random bytes (SEQUENCE first) only ever give coded results', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => checkBoth(Uint8Array.of(0x30, ...bytes))), {
      numRuns: 1500
    })
  })

  it('mutated valid keys only ever give coded results', () => {
    fc.assert(fc.property(mutated, (bytes) => checkBoth(bytes)), { numRuns: 2000 })
  })

  it('random text only ever gives coded results', () => {
    fc.assert(fc.property(fc.string({ maxLength: 3000 }), (text) => checkBoth(text)), { numRuns: 1000 })
  })

  it('10 MB of garbage is refused in well under a second', () => {
    const started = performance.now()
    const reading = readKey(new Uint8Array(10 * 1024 * 1024).fill(0x30))
    expect(reading.ok ? 'ok' : reading.error.code).toBe('KEY_INPUT_TOO_LARGE')
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
