// The four refusals integrators hit most, with tokens made by PyJWT (not our code): a wrong key
// file (SPKI DER), an expired token, a username that is not the sub, an HS256 token. Each gets
// CONNACK 5 (MQTT 3.1.1) or 135 (MQTT 5) from mqtt.js and paho-mqtt, and only the broker log
// says which rule failed.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pluginDecisionSince, startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { keyVectorText } from '../support/vectors'
import { ENROLLED_KEY, nowSeconds, OTHER_PLANT_ID, PLANT_ID, pyjwtToken, SPKI_KEY } from './tokens'

const PRIVATE_PEM = keyVectorText('rsa2048.pkcs8.pem')
const valid = () => pyjwtToken({ sub: PLANT_ID, iat: nowSeconds() - 5, exp: nowSeconds() + 3600 }, 'RS256', PRIVATE_PEM)

interface Refusal {
  name: string
  keyFile: Uint8Array
  token: () => string
  username: string
  /** What the broker log must name: the rule code, and the real plugin's jwt-auth line. */
  rule: string
  logWord: RegExp
}

const refusals: Refusal[] = [
  { name: 'an SPKI DER key file on the broker', keyFile: SPKI_KEY, token: valid, username: PLANT_ID, rule: 'KEY_SPKI_NOT_PKCS1', logWord: /^jwt-auth: error decoding jwt: ValidationError\(InvalidSignature\)$/m },
  {
    name: 'an expired token',
    keyFile: ENROLLED_KEY,
    token: () => pyjwtToken({ sub: PLANT_ID, iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, 'RS256', PRIVATE_PEM),
    username: PLANT_ID,
    rule: 'EXPIRED',
    logWord: /^jwt-auth: error validating jwt: ValidationError\(Expired\(Duration \{ secs: 360\d, nanos: \d+ \}\)\)$/m
  },
  { name: 'a username that is not the token\u2019s sub', keyFile: ENROLLED_KEY, token: valid, username: OTHER_PLANT_ID, rule: 'SUB_MISMATCH', logWord: new RegExp(`^jwt-auth: claim 'sub': '${PLANT_ID}' doesn't match username: '${OTHER_PLANT_ID}'$`, 'm') },
  {
    name: 'an HS256 token',
    keyFile: ENROLLED_KEY,
    token: () => pyjwtToken({ sub: PLANT_ID, iat: nowSeconds() - 5, exp: nowSeconds() + 3600 }, 'HS256', 'a-shared-secret-of-at-least-32-bytes!'),
    username: PLANT_ID,
    rule: 'ALG_NOT_RS256',
    // Really signed with HS256: the RS256 signature check fails first.
    logWord: /^jwt-auth: error decoding jwt: ValidationError\(InvalidSignature\)$/m
  }
]

function pahoConnack(broker: TestBrokerDetails, username: string, password: string, protocol: '3.1.1' | '5'): number {
  const script = join(__dirname, 'paho-connect.py')
  const out = execFileSync('/usr/bin/python3', [script, broker.host, String(broker.port), broker.caFile, username, password, protocol], { encoding: 'utf8', timeout: 120_000 })
  return Number(out.trim())
}

describe('the control: the same PyJWT-made token and clients are accepted when nothing is wrong', () => {
  let broker: TestBrokerDetails
  beforeAll(async () => {
    broker = await startBroker({ keyFile: ENROLLED_KEY })
  })
  afterAll(async () => {
    await broker?.stop()
  })
  for (const protocol of ['3.1.1', '5'] as const)
    it(`MQTT ${protocol}: mqtt.js and paho-mqtt both get CONNACK 0`, async () => {
      const token = valid()
      const result = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username: PLANT_ID, password: token, protocol })
      expect(result.connack).toBe(0)
      await result.client?.endAsync()
      expect(pahoConnack(broker, PLANT_ID, token, protocol)).toBe(0)
    })
})

for (const refusal of refusals) {
  describe(refusal.name, () => {
    let broker: TestBrokerDetails
    beforeAll(async () => {
      broker = await startBroker({ keyFile: refusal.keyFile })
    })
    afterAll(async () => {
      await broker?.stop()
    })

    for (const [protocol, code] of [['3.1.1', 5], ['5', 135]] as const) {
      it(`is refused with CONNACK ${code} over MQTT ${protocol}, and the broker log names ${refusal.rule}`, async () => {
        const since = broker.logs().length
        const token = refusal.token()
        const result = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username: refusal.username, password: token, protocol })
        expect(result.connack).toBe(code)
        const decision = await pluginDecisionSince(broker.logs, since)
        expect(decision.rule).toBe(refusal.rule)
        expect(broker.logs().slice(since)).toMatch(refusal.logWord)
        expect(broker.logs().slice(since)).toContain('Client <unknown> disconnected, not authorised.')
        expect(broker.logs().slice(since)).toContain(`Sending CONNACK to`)
        // Privacy: the token never reaches the log.
        expect(broker.logs()).not.toContain(token.split('.')[2]!)
        expect(pahoConnack(broker, refusal.username, token, protocol)).toBe(code)
      })
    }
  })
}
