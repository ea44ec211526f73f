// Decoding without a key: coded errors for every malformed shape, readable times.
import { describe, expect, it } from 'vitest'
import { decodeToken } from './jwt-decode'
import { expiryPhrase, readableTime, relativeTime } from './numeric-date'
import { TokenError } from './token-errors'

const b64 = (s: string) => Buffer.from(s).toString('base64url')
const good = `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64('{"sub":"p","exp":1800000000}')}.${b64('sig')}`

function codeOf(text: string): string {
  try {
    decodeToken(text)
    return 'decoded'
  } catch (error) {
    return error instanceof TokenError ? error.code : `foreign: ${String(error)}`
  }
}

describe('decodeToken', () => {
  it('reads header, payload, signature and the signing input', () => {
    const t = decodeToken(good)
    expect(t.header).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(t.payload).toEqual({ sub: 'p', exp: 1800000000 })
    expect(Buffer.from(t.signature).toString()).toBe('sig')
    expect(t.signingInput).toBe(good.split('.').slice(0, 2).join('.'))
  })

  const malformed: [string, string, string][] = [
    ['empty', '', 'TOKEN_EMPTY'],
    ['Bearer prefix', `Bearer ${good}`, 'TOKEN_BEARER_PREFIX'],
    ['trailing newline', `${good}\n`, 'TOKEN_WHITESPACE'],
    ['inner space', good.replace('.', ' .'), 'TOKEN_WHITESPACE'],
    ['two parts', good.split('.').slice(0, 2).join('.'), 'TOKEN_PARTS'],
    ['four parts', `${good}.x`, 'TOKEN_PARTS'],
    ['padding', `${good}=`, 'TOKEN_PADDING'],
    ['standard alphabet', `${good.slice(0, -2)}+/`, 'TOKEN_BASE64_ALPHABET'],
    ['bad base64url character', `${good.slice(0, -1)}*`, 'TOKEN_BASE64URL'],
    ['header not JSON', `${b64('{alg')}.${b64('{}')}.${b64('s')}`, 'TOKEN_HEADER_NOT_JSON'],
    ['header not an object', `${b64('"x"')}.${b64('{}')}.${b64('s')}`, 'TOKEN_HEADER_NOT_OBJECT'],
    ['payload not JSON', `${b64('{}')}.${b64('{"sub":')}.${b64('s')}`, 'TOKEN_PAYLOAD_NOT_JSON'],
    ['payload not an object', `${b64('{}')}.${b64('[1]')}.${b64('s')}`, 'TOKEN_PAYLOAD_NOT_OBJECT'],
    ['payload not UTF-8', `${b64('{}')}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${b64('s')}`, 'TOKEN_PAYLOAD_NOT_JSON'],
    ['70 kB paste', 'a'.repeat(70_000), 'TOKEN_TOO_LONG']
  ]
  for (const [name, text, code] of malformed) {
    it(`${name} → ${code}`, () => expect(codeOf(text)).toBe(code))
  }

  it('keeps duplicate member names and exact number lexemes that JSON.parse would hide', () => {
    const t = decodeToken(`${b64('{"alg":"RS256"}')}.${b64('{"sub":"a","sub":"b","exp":2e9}')}.${b64('s')}`)
    expect(t.claims.duplicates).toEqual(['sub'])
    expect(t.claims.members.get('exp')).toMatchObject({ lexeme: '2e9' })
  })
})

describe('NumericDate display', () => {
  const now = 1_800_000_000
  it('says "expires in 42 min" and "expired 3 h ago"', () => {
    expect(expiryPhrase(now + 42 * 60, now)).toBe('expires in 42 min')
    expect(expiryPhrase(now - 3 * 3600, now)).toBe('expired 3 h ago')
    expect(relativeTime(now, now)).toBe('now')
  })
  it('gives ISO and local time', () => {
    expect(readableTime(now, now, 'UTC')).toMatchObject({ iso: '2027-01-15T08:00:00.000Z', local: expect.stringContaining('2027') })
  })
})
