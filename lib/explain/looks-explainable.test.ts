// explainableKind decides whether the search box offers "Explain this": every recogniser sample,
// a CONNACK code, a token and a key do; ordinary search words do not.
import { describe, expect, it } from 'vitest'
import { keyVectorText } from '../../tests/support/vectors'
import { explainableKind, recognisedMessage, RECOGNISERS } from '.'

describe('explainableKind', () => {
  it('every recogniser sample is an error or a log line', () => {
    for (const r of RECOGNISERS)
      for (const sample of r.samples) expect(explainableKind(sample), `${r.id}: ${sample}`).toBe(r.kind === 'broker-log' ? 'log line' : 'error')
  })

  it('CONNACK codes, a token and a key (even with its line breaks dropped, as a search box does)', () => {
    expect(explainableKind('0x87')).toBe('CONNACK code')
    expect(explainableKind('rc=5')).toBe('CONNACK code')
    const header = Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')
    expect(explainableKind(`${header}.eyJzdWIiOiJ4In0.c2ln`)).toBe('token')
    const pem = keyVectorText('rsa2048.spki.pem')
    expect(explainableKind(pem)).toBe('key')
    expect(explainableKind(pem.replace(/\n/g, ''))).toBe('key')
  })

  it('ordinary search words are not', () => {
    for (const query of ['rotation', 'jwt-public.der', 'BEGIN PUBLIC KEY', 'Node-RED', 'PKCS#1', '8887', 'how do I connect', ''])
      expect(explainableKind(query), query).toBeNull()
  })

  it('a 10 MB query is read only up to its cut-off, and an error at its start is still seen', () => {
    expect(explainableKind('x'.repeat(10 * 1024 * 1024))).toBeNull()
    expect(explainableKind(`jwt-auth: token not given\n${'x'.repeat(10 * 1024 * 1024)}`)).toBe('log line')
  })
})

describe('recognisedMessage', () => {
  it('gives the captured message of the recogniser that knows a line with numbers of its own', () => {
    expect(recognisedMessage('1796238427: jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 148, nanos: 61414895 }))')).toBe(
      'jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 3605, nanos: 123456789 }))'
    )
    expect(recognisedMessage('rotation')).toBeNull()
  })
})
