// PEM armour: reads what openssl and editors produce (CRLF, text around the block, legacy headers),
// refuses broken armour with a code, and stays linear on hostile input.
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText } from '../../tests/support/vectors'
import { pemDecodeAll, pemEncode } from './pem'
import { keyErrorCode } from '../../tests/support/key-error-code'

const spkiPem = keyVectorText('rsa2048.spki.pem')
const spkiDer = Buffer.from(keyVector('rsa2048.spki.der'))

describe('pemDecodeAll reads', () => {
  it('the openssl PEM, giving the openssl DER bytes', () => {
    const [block] = pemDecodeAll(spkiPem)
    expect(block!.label).toBe('PUBLIC KEY')
    expect(Buffer.from(block!.der).equals(spkiDer)).toBe(true)
  })
  it('CRLF line endings (a file saved on Windows)', () => {
    expect(Buffer.from(pemDecodeAll(spkiPem.replace(/\n/g, '\r\n'))[0]!.der).equals(spkiDer)).toBe(true)
  })
  it('text before and after the block (openssl pkcs12 "Bag Attributes", mail quoting)', () => {
    const text = `Bag Attributes\n    localKeyID: 01\n${spkiPem}trailing words\n`
    expect(Buffer.from(pemDecodeAll(text)[0]!.der).equals(spkiDer)).toBe(true)
  })
  it('several blocks in order (a certificate chain, or EC PARAMETERS before EC PRIVATE KEY)', () => {
    const labels = pemDecodeAll(keyVectorText('ec-p256.ecparam.pem')).map((b) => b.label)
    expect(labels).toEqual(['EC PARAMETERS', 'EC PRIVATE KEY'])
  })
  it('legacy encryption headers (openssl rsa -aes256 -traditional)', () => {
    const [block] = pemDecodeAll(keyVectorText('rsa2048.encrypted-legacy.pem'))
    expect(block!.headers['Proc-Type']).toBe('4,ENCRYPTED')
    expect(block!.headers['DEK-Info']).toMatch(/^AES-256-CBC,/)
  })
})

describe('pemDecodeAll refuses broken armour', () => {
  const cases: [string, string, string][] = [
    ['BEGIN without END', spkiPem.replace(/-----END[^\n]*\n/, ''), 'PEM_MALFORMED'],
    ['END label differs from BEGIN label', spkiPem.replace('END PUBLIC KEY', 'END PRIVATE KEY'), 'PEM_LABEL_MISMATCH'],
    ['a damaged body character', spkiPem.replace('MII', 'M*I'), 'PEM_MALFORMED'],
    ['an empty body', '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n', 'PEM_MALFORMED'],
    ['a damaged BEGIN line', '-----BEGIN PUBLIC KEY\nAAAA\n-----END PUBLIC KEY-----\n', 'PEM_MALFORMED'],
    ['a lower-case label', '-----BEGIN public key-----\nAAAA\n-----END public key-----\n', 'PEM_MALFORMED'],
    ['a second BEGIN before the first END', spkiPem.replace('\n', '\n-----BEGIN X-----\n'), 'PEM_MALFORMED']
  ]
  for (const [name, text, code] of cases) it(`${name} → ${code}`, () => expect(keyErrorCode(() => pemDecodeAll(text))).toBe(code))
})

describe('pemDecodeAll is linear on hostile input', () => {
  // Freeze guards, not speed tests: linear work takes milliseconds, a quadratic scan of 1 MB takes
  // minutes; the bounds leave room for a loaded CI machine.
  const within = (ms: number, fn: () => unknown) => {
    const started = performance.now()
    keyErrorCode(fn)
    expect(performance.now() - started).toBeLessThan(ms)
  }
  it('1 MB of BEGIN lines without END', () => within(5000, () => pemDecodeAll('-----BEGIN A-----\n'.repeat(58_000))))
  it('1 MB of dashes', () => within(5000, () => pemDecodeAll('-----BEGIN ' + '-'.repeat(1_000_000))))
  it('a 1 MB body of valid base64 that is not a key', () => within(5000, () => pemDecodeAll(`-----BEGIN X-----\n${'A'.repeat(1_000_000)}\n-----END X-----\n`)))
})

describe('pemEncode', () => {
  it('writes 64-character lines and a final newline, exactly like openssl', () => {
    expect(pemEncode('PUBLIC KEY', keyVector('rsa2048.spki.der'))).toBe(spkiPem)
    expect(pemEncode('CERTIFICATE', keyVector('rsa2048.cert.der'))).toBe(keyVectorText('rsa2048.cert.pem'))
  })
})
