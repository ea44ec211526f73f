// Warnings on accepted tokens, and the verdict's explanation details.
import { createSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText } from '../../tests/support/vectors'
import { brokerVerdict } from './broker-verdict'

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
    expect([v.rule, v.connack, v.brokerLog]).toEqual(['KEY_SPKI_NOT_PKCS1', 5, 'InvalidSignature'])
  })
})
