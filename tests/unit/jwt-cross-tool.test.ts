// Tokens cross the tool boundary both ways: PyJWT and node:crypto tokens get "accept" from
// brokerVerdict, and the site's tokens verify in PyJWT and node:crypto.
import { execFileSync } from 'node:child_process'
import { createSign, createVerify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { brokerVerdict } from '../../lib/tokens'
import { signToken } from '../../lib/tokens'
import { keyVector, keyVectorDir, keyVectorText } from '../support/vectors'
import { join } from 'node:path'

const PLANT = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
const keyFile = keyVector('rsa2048.pkcs1-public.der')
// Debian's python3-jwt only imports under /usr/bin/python3 (see README).
const PYTHON = '/usr/bin/python3'

function pyjwt(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8' }).trim()
}

const verdictFor = (token: string) =>
  brokerVerdict({ token, keyFile, username: PLANT, clientId: PLANT, protocol: '5', now: Math.floor(Date.now() / 1000) })

describe('tokens from other tools are accepted', () => {
  for (const keyName of ['rsa2048.pkcs1.pem', 'rsa2048.pkcs8.pem']) {
    it(`PyJWT jwt.encode with a ${keyName.includes('pkcs1') ? 'PKCS#1' : 'PKCS#8'} PEM`, async () => {
      const token = pyjwt(
        'import jwt,sys,time; n=int(time.time()); print(jwt.encode({"sub":sys.argv[1],"iat":n,"exp":n+3600}, open(sys.argv[2]).read(), algorithm="RS256"))',
        PLANT,
        join(keyVectorDir, keyName)
      )
      const v = await verdictFor(token)
      expect([v.rule, v.connack]).toEqual(['OK', 0])
    })
  }

  it('node:crypto RSA-SHA256 over a hand-built JWT', async () => {
    const now = Math.floor(Date.now() / 1000)
    const b64 = (s: string) => Buffer.from(s).toString('base64url')
    const input = `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub: PLANT, iat: now, exp: now + 600 }))}`
    const token = `${input}.${createSign('RSA-SHA256').update(input).sign(keyVectorText('rsa2048.pkcs1.pem')).toString('base64url')}`
    expect((await verdictFor(token)).rule).toBe('OK')
  })
})

describe('the site’s tokens verify elsewhere', () => {
  it('signToken output verifies in PyJWT with the public key', async () => {
    const token = await signToken(keyVectorText('rsa2048.pkcs1.pem'), { sub: PLANT, lifetime: 3600 })
    const decoded = pyjwt(
      'import jwt,sys,json; print(json.dumps(jwt.decode(sys.argv[1], open(sys.argv[2]).read(), algorithms=["RS256"])))',
      token,
      join(keyVectorDir, 'rsa2048.spki.pem')
    )
    const claims = JSON.parse(decoded)
    expect(claims.sub).toBe(PLANT)
    expect(claims.exp - claims.iat).toBe(3600)
  })

  it('signToken output verifies with node:crypto', async () => {
    const token = await signToken(keyVector('rsa2048.pkcs8.der'), { sub: PLANT, lifetime: 900 })
    const [h, p, s] = token.split('.') as [string, string, string]
    const ok = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(keyVectorText('rsa2048.spki.pem'), Buffer.from(s, 'base64url'))
    expect(ok).toBe(true)
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' })
  })

  it('PyJWT rejects a signToken token checked against another key', async () => {
    const token = await signToken(keyVectorText('rsa2048.pkcs1.pem'), { sub: PLANT, lifetime: 60 })
    expect(() =>
      pyjwt('import jwt,sys; jwt.decode(sys.argv[1], open(sys.argv[2]).read(), algorithms=["RS256"])', token, join(keyVectorDir, 'rsa2048-e3.spki.pem'))
    ).toThrow()
  })
})
