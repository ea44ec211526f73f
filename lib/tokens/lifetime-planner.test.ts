// The planner's clock tolerances are checked against brokerVerdict with node:crypto-signed tokens,
// exactly at the edge and one second past it, so the numbers shown to users are the broker's.
import { createSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { keyVector, keyVectorText } from '../../tests/support/vectors'
import { brokerVerdict } from './broker-verdict'
import { LifetimeError, planLifetime, refreshForToken, type LifetimePlan } from './lifetime-planner'

const PLANT = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
const keyFile = keyVector('rsa2048.pkcs1-public.der')
const privateKey = keyVectorText('rsa2048.pkcs8.pem')
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url')

/** A token a device signs at deviceNow following the plan (iat backdated, exp = iat + lifetime). */
function deviceToken(plan: LifetimePlan, deviceNow: number): string {
  const iat = deviceNow - plan.iatBackdate
  const input = `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub: PLANT, iat, exp: iat + plan.lifetime }))}`
  return `${input}.${b64(createSign('RSA-SHA256').update(input).sign(privateKey))}`
}

const ruleAt = async (token: string, brokerNow: number) =>
  (await brokerVerdict({ token, keyFile, username: PLANT, protocol: '5', now: brokerNow })).rule

describe('planLifetime', () => {
  const deviceNow = 1_800_000_000

  it('1 h with iat 60 s back: refresh after 47 min 12 s, tolerate 60 s ahead and 707 s behind', () => {
    const plan = planLifetime({ lifetime: 3600, iatBackdate: 60 })
    expect(plan).toMatchObject({ validFor: 3540, refreshAfter: 2832, refreshMargin: 708, clockAheadTolerance: 60, clockBehindTolerance: 707 })
    expect(plan.warnings).toEqual([])
  })

  it('a device clock exactly clockAheadTolerance ahead is accepted by the broker, one second more is IAT_IN_FUTURE', async () => {
    const plan = planLifetime({ lifetime: 3600, iatBackdate: 45 })
    const token = deviceToken(plan, deviceNow)
    expect(await ruleAt(token, deviceNow - plan.clockAheadTolerance)).toBe('OK')
    expect(await ruleAt(token, deviceNow - plan.clockAheadTolerance - 1)).toBe('IAT_IN_FUTURE')
  })

  it('a device clock exactly clockBehindTolerance behind still connects at refreshAfter, one second more is EXPIRED', async () => {
    const plan = planLifetime({ lifetime: 900, iatBackdate: 30, refreshFraction: 0.75 })
    const token = deviceToken(plan, deviceNow)
    const connectAt = deviceNow + plan.refreshAfter
    expect(await ruleAt(token, connectAt + plan.clockBehindTolerance)).toBe('OK')
    expect(await ruleAt(token, connectAt + plan.clockBehindTolerance + 1)).toBe('EXPIRED')
  })

  it('iat = now gives zero tolerance for a clock ahead, and warns NO_CLOCK_AHEAD_TOLERANCE', async () => {
    const plan = planLifetime({ lifetime: 3600 })
    expect(plan.clockAheadTolerance).toBe(0)
    expect(plan.warnings.map((w) => w.code)).toEqual(['NO_CLOCK_AHEAD_TOLERANCE'])
    expect(await ruleAt(deviceToken(plan, deviceNow), deviceNow - 1)).toBe('IAT_IN_FUTURE')
  })

  it('warns LIFETIME_OVER_24H above 86,400 s and LIFETIME_VERY_SHORT under 5 min', () => {
    expect(planLifetime({ lifetime: 86_401, iatBackdate: 60 }).warnings.map((w) => w.code)).toEqual(['LIFETIME_OVER_24H'])
    expect(planLifetime({ lifetime: 86_400, iatBackdate: 60 }).warnings).toEqual([])
    expect(planLifetime({ lifetime: 120, iatBackdate: 10 }).warnings.map((w) => w.code)).toEqual(['LIFETIME_VERY_SHORT'])
  })

  const invalid: [string, Parameters<typeof planLifetime>[0], string][] = [
    ['zero lifetime', { lifetime: 0 }, 'LIFETIME_INVALID'],
    ['fractional lifetime', { lifetime: 3600.5 }, 'LIFETIME_INVALID'],
    ['NaN lifetime', { lifetime: Number.NaN }, 'LIFETIME_INVALID'],
    ['negative backdate', { lifetime: 3600, iatBackdate: -1 }, 'BACKDATE_INVALID'],
    ['backdate as long as the lifetime', { lifetime: 3600, iatBackdate: 3600 }, 'BACKDATE_INVALID'],
    ['refresh fraction 1', { lifetime: 3600, refreshFraction: 1 }, 'REFRESH_FRACTION_INVALID'],
    ['refresh fraction 0', { lifetime: 3600, refreshFraction: 0 }, 'REFRESH_FRACTION_INVALID']
  ]
  for (const [name, input, code] of invalid) {
    it(`${name} is refused with ${code} and a fix`, () => {
      let caught: unknown
      try {
        planLifetime(input)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(LifetimeError)
      expect((caught as LifetimeError).code).toBe(code)
      expect((caught as LifetimeError).fix.length).toBeGreaterThan(10)
    })
  }
})

describe('refreshForToken', () => {
  const now = 1_800_000_000
  it('refreshes at 80 % of iat → exp', () => {
    expect(refreshForToken({ iat: now - 600, exp: now + 3000 }, now)).toEqual({ refreshAt: now + 2280, refreshIn: 2280, expired: false })
  })
  it('is due at once and says expired when exp <= now (zero leeway)', () => {
    expect(refreshForToken({ iat: now - 3600, exp: now }, now)).toMatchObject({ refreshIn: 0, expired: true })
  })
  it('without iat counts from now', () => {
    expect(refreshForToken({ exp: now + 1000 }, now)).toEqual({ refreshAt: now + 800, refreshIn: 800, expired: false })
  })
  it('a token without exp never needs a refresh (null)', () => {
    expect(refreshForToken({ iat: now }, now)).toBeNull()
  })
})
