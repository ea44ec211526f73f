// Random and mangled tokens never make decode or brokerVerdict throw anything but coded errors,
// and never take long.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { brokerVerdict } from '../../lib/tokens'
import { decodeToken } from '../../lib/tokens'
import { TokenError } from '../../lib/tokens'
import { brokerCases, materialiseCase } from '../cases/broker-cases'
import { keyVector } from '../support/vectors'

const keyFile = keyVector('rsa2048.pkcs1-public.der')
const now = Math.floor(Date.now() / 1000)

async function checkToken(token: string) {
  const started = performance.now()
  try {
    decodeToken(token)
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError)
  }
  const v = await brokerVerdict({ token, keyFile, username: 'p', protocol: '3.1.1', now })
  expect(v.rule).toMatch(/^[A-Z0-9_]+$/)
  expect(performance.now() - started).toBeLessThan(5000)
}

describe('token fuzz', () => {
  it('random strings', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 600 }), checkToken), { numRuns: 400 })
  })

  it('mangled valid tokens (swaps, cuts, inserted dots and whitespace)', async () => {
    const valid = (await materialiseCase(brokerCases[0]!, now)).password as string
    const edit = fc.record({ at: fc.nat(valid.length), kind: fc.constantFrom('swap', 'cut', 'dot', 'space', 'char'), ch: fc.string({ minLength: 1, maxLength: 1 }) })
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
        let t = valid
        for (const e of edits) {
          const i = e.at % Math.max(t.length, 1)
          if (e.kind === 'cut') t = t.slice(0, i)
          else if (e.kind === 'dot') t = `${t.slice(0, i)}.${t.slice(i)}`
          else if (e.kind === 'space') t = `${t.slice(0, i)} ${t.slice(i)}`
          else if (e.kind === 'char') t = `${t.slice(0, i)}${e.ch}${t.slice(i + 1)}`
          else t = `${t.slice(0, i)}${t[i + 1] ?? ''}${t[i] ?? ''}${t.slice(i + 2)}`
        }
        await checkToken(t)
      }),
      { numRuns: 400 }
    )
  })

  it('a 10 MB paste is refused at once', async () => {
    const started = performance.now()
    const v = await brokerVerdict({ token: 'e'.repeat(10 * 1024 * 1024), keyFile, username: 'p', protocol: '5', now })
    expect(v.rule).toBe('TOKEN_TOO_LONG')
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
