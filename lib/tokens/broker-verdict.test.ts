// Warnings on accepted tokens, and the verdict's explanation details.
import { createSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText } from '../../tests/support/vectors'
import { brokerVerdict } from './broker-verdict'
import { CHRONO_MAX_TIMESTAMP, CHRONO_MIN_TIMESTAMP } from './numeric-date'

const PLANT = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
const now = 1_800_000_000
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url')
function token(claims: Record<string, unknown>): string {
  const input = `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`
  return `${input}.${b64(createSign('RSA-SHA256').update(input).sign(keyVectorText('rsa2048.pkcs8.pem')))}`
}
const verdict = (claims: Record<string, unknown>, extra: { username?: string; clientId?: string } = {}) =>
  brokerVerdict({
    token: token(claims),
    keyFile: keyVector('rsa2048.pkcs1-public.der'),
    username: extra.username ?? PLANT,
    clientId: extra.clientId,
    protocol: '5',
    now
  })
const codes = async (...args: Parameters<typeof verdict>) => (await verdict(...args)).warnings.map((w) => w.code)

describe('accepted with a warning', () => {
  it('no exp → NO_EXP (the token never expires)', async () => {
    expect(await codes({ sub: PLANT, iat: now })).toEqual(['NO_EXP'])
  })
  it('lifetime over 24 h → LIFETIME_OVER_24H', async () => {
    expect(await codes({ sub: PLANT, iat: now, exp: now + 25 * 3600 })).toEqual(['LIFETIME_OVER_24H'])
  })
  it('client id differing from the plant id → CLIENT_ID_DIFFERS', async () => {
    expect(await codes({ sub: PLANT, iat: now, exp: now + 3600 }, { clientId: 'plc-1' })).toEqual(['CLIENT_ID_DIFFERS'])
  })
  it('a plant id that is not a UUID → PLANT_ID_NOT_UUID', async () => {
    expect(await codes({ sub: 'plant-7', iat: now, exp: now + 3600 }, { username: 'plant-7' })).toEqual(['PLANT_ID_NOT_UUID'])
  })
  it('a normal 1 h token has no warning', async () => {
    const v = await verdict({ sub: PLANT, iat: now, exp: now + 3600 })
    expect([v.accept, v.connack, v.warnings]).toEqual([true, 0, []])
  })
})

describe('explanations', () => {
  it('an expired token says how long ago it expired', async () => {
    const v = await verdict({ sub: PLANT, iat: now - 7200, exp: now - 3 * 3600 })
    expect(v.explanation).toContain('expired 3 h ago')
  })
  it('a username differing only in case says so', async () => {
    const v = await verdict({ sub: PLANT, iat: now, exp: now + 60 }, { username: PLANT.toUpperCase() })
    expect(v.explanation).toMatch(/upper\/lower case/)
  })
  it('a clock ahead says by how much', async () => {
    const v = await verdict({ sub: PLANT, iat: now + 90, exp: now + 3600 })
    expect([v.rule, v.explanation]).toEqual(['IAT_IN_FUTURE', expect.stringContaining('90 s')])
  })
  it('every key-file problem logs InvalidSignature, as the real plugin does', async () => {
    const v = await brokerVerdict({ token: token({ sub: PLANT }), keyFile: keyVector('rsa2048.spki.der'), username: PLANT, protocol: '3.1.1', now })
    expect([v.rule, v.connack, v.brokerLogLines]).toEqual([
      'KEY_SPKI_NOT_PKCS1',
      5,
      ['jwt-auth: error decoding jwt: ValidationError(InvalidSignature)', 'Client <unknown> disconnected, not authorised.']
    ])
  })
  it('a clock 90 s ahead logs NotYetValid with 89 whole seconds (chrono subtracts the broker’s fraction of a second)', async () => {
    const v = await verdict({ sub: PLANT, iat: now + 90, exp: now + 3600 }, { clientId: 'plc-7' })
    expect(v.brokerLogLines).toEqual([
      'jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: 89, nanos: N }))',
      'Client <unknown> disconnected, not authorised.'
    ])
  })
  it('a sub that differs from the username names both, as the plugin prints them', async () => {
    const v = await verdict({ sub: 'Plant-1', iat: now, exp: now + 60 }, { username: 'plant-1' })
    expect(v.brokerLogLines[0]).toBe("jwt-auth: claim 'sub': 'Plant-1' doesn't match username: 'plant-1'")
  })
})

describe('tokens that crash the real broker', () => {
  it('an exp in microseconds: outcome crash, no CONNACK, the chrono panic lines, and a fix', async () => {
    const v = await verdict({ sub: PLANT, iat: now, exp: now * 1_000_000 })
    expect([v.outcome, v.accept, v.connack, v.rule]).toEqual(['crash', false, null, 'EXP_OUT_OF_RANGE'])
    expect(v.brokerLogLines).toContain('invalid or out-of-range datetime')
    expect(v.fix).toMatch(/seconds since 1970/)
  })
  it('the bound is chrono’s last second, 262143-12-31T23:59:59Z, cross-checked with JavaScript’s Date', async () => {
    expect(new Date(CHRONO_MAX_TIMESTAMP * 1000).toISOString()).toBe('+262143-12-31T23:59:59.000Z')
    expect(new Date((CHRONO_MIN_TIMESTAMP - 1) * 1000).toISOString()).toBe('-262145-12-31T23:59:59.000Z')
    expect(new Date(CHRONO_MIN_TIMESTAMP * 1000).toISOString()).toBe('-262144-01-01T00:00:00.000Z')
    expect((await verdict({ sub: PLANT, iat: now, exp: CHRONO_MAX_TIMESTAMP })).outcome).toBe('accept')
    expect((await verdict({ sub: PLANT, iat: now, exp: CHRONO_MAX_TIMESTAMP + 1 })).outcome).toBe('crash')
    expect((await verdict({ sub: PLANT, iat: CHRONO_MIN_TIMESTAMP, exp: now + 60 })).outcome).toBe('accept')
    expect((await verdict({ sub: PLANT, iat: CHRONO_MIN_TIMESTAMP - 1, exp: now + 60 })).outcome).toBe('crash')
  })
  it('a non-UTF-8 password names the Utf8Error the plugin unwraps', async () => {
    const v = await brokerVerdict({ token: Uint8Array.of(0x65, 0x79, 0xe2, 0x82), keyFile: keyVector('rsa2048.pkcs1-public.der'), username: PLANT, protocol: '5', now })
    expect(v.outcome).toBe('crash')
    expect(v.brokerLogLines[1]).toBe('called `Result::unwrap()` on an `Err` value: Utf8Error { valid_up_to: 2, error_len: None }')
  })
})
