// How the connect examples fail (TypeScript; Python with paho-mqtt 1.6 and 2.1; C, plain and under
// ASan/UBSan), the same way: each refusal the broker gives (CONNACK 135 on MQTT 5, 5 on MQTT 3.1.1)
// is printed on one line with its likely causes and exits 3, the broker log names the rule; bad
// settings exit 2 before connecting; a VOKE_TOKEN that expired when a reconnect is needed exits 4.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { startTokenEndpoint } from '../support/token-endpoint-stub'
import { keyVectorDir, keyVectorText } from '../support/vectors'
import { ENROLLED_KEY, nowSeconds, OPS_USERNAME, OTHER_PLANT_ID, PLANT_ID, pyjwtToken, rs256Token, SPKI_KEY } from '../broker/tokens'
import { ALL_PROGRAMS, brokerFlags, decisionsFor, linesStartingWith, runExample, stopExampleRuns, usesTokenApi, type Protocol } from './example-runner'

const PKCS8_KEY = join(keyVectorDir, 'rsa2048.pkcs8.pem')
const NOT_AUTHORISED: Record<Protocol, number> = { '5': 135, '3.1.1': 5 }

let enrolled: TestBrokerDetails
let spkiEnrolled: TestBrokerDetails
beforeAll(async () => {
  ;[enrolled, spkiEnrolled] = await Promise.all([startBroker({ keyFile: ENROLLED_KEY }), startBroker({ keyFile: SPKI_KEY })])
})
afterAll(async () => {
  // Not afterEach: the concurrent groups' runs overlap, each test's run is ended by its own killer.
  stopExampleRuns()
  await Promise.all([enrolled?.stop(), spkiEnrolled?.stop()])
})

interface Refusal {
  name: string
  broker: () => TestBrokerDetails
  /** Extra flags and environment for the run (the token source), for a plant id of its own. */
  args: string[]
  env: (plantId: string) => Record<string, string>
  /** The rule the broker's plugin logs for it. */
  rule: string
}

const refusals: Refusal[] = [
  { name: 'the broker enrolled the public key as SPKI DER, not PKCS#1', broker: () => spkiEnrolled, args: ['--private-key', PKCS8_KEY], env: () => ({}), rule: 'KEY_SPKI_NOT_PKCS1' },
  { name: 'VOKE_TOKEN has expired', broker: () => enrolled, args: [], env: (plantId) => ({ VOKE_TOKEN: rs256Token(plantId, -60, { iat: nowSeconds() - 3700 }) }), rule: 'EXPIRED' },
  { name: 'VOKE_TOKEN is for another plant (sub is not the username)', broker: () => enrolled, args: [], env: () => ({ VOKE_TOKEN: rs256Token(OTHER_PLANT_ID) }), rule: 'SUB_MISMATCH' },
  {
    name: 'VOKE_TOKEN is HS256 (made by PyJWT)',
    broker: () => enrolled,
    args: [],
    env: (plantId) => ({ VOKE_TOKEN: pyjwtToken({ sub: plantId, iat: nowSeconds() - 5, exp: nowSeconds() + 3600 }, 'HS256', 'a-shared-secret-of-at-least-32-bytes!') }),
    rule: 'ALG_NOT_RS256'
  }
]

describe.each(ALL_PROGRAMS)('%s example', (program) => {
  // Each case has a plant id (= client id) of its own, so the cases run side by side and each finds
  // its own decision in the shared broker log.
  describe.concurrent('a refused connection exits 3 and prints the CONNACK code with what it most likely means', () => {
    for (const refusal of refusals)
      for (const protocol of ['5', '3.1.1'] as const)
        it(`MQTT ${protocol}: ${refusal.name} → CONNACK ${NOT_AUTHORISED[protocol]}, exit 3, broker log ${refusal.rule}`, async ({ expect }) => {
          const broker = refusal.broker()
          const plantId = randomUUID()
          const run = runExample({ program, args: [...brokerFlags(broker, protocol, plantId), ...refusal.args], env: refusal.env(plantId) })
          expect(await run.exit, run.transcript()).toBe(3)
          const [refused, ...more] = linesStartingWith(run, 'refused:')
          expect(more).toEqual([])
          expect(refused).toMatch(new RegExp(`^refused: CONNACK ${NOT_AUTHORISED[protocol]} not authorised: `))
          expect(refused).toMatch(/expired.*sub.*RS256.*PKCS#1 DER.*clock/)
          expect(run.lines).not.toContain('connected')
          expect(decisionsFor(broker.logs(), plantId).map((d) => d.rule)).toEqual([refusal.rule])
        })
  })

  describe('settings that cannot work exit 2 before connecting', () => {
    it('the placeholder plant id is refused, naming --plant-id and VOKE_PLANT_ID', async () => {
      const run = runExample({ program, args: ['--private-key', PKCS8_KEY] })
      expect(await run.exit, run.transcript()).toBe(2)
      expect(run.lines.join('\n')).toMatch(/--plant-id.*VOKE_PLANT_ID/)
    })

    it('a token lifetime over 86400 s (24 h, the token endpoint\u2019s maximum) is refused; 86400 passes this check', async () => {
      const tooLong = runExample({ program, args: ['--plant-id', PLANT_ID, '--token-lifetime', '86401'] })
      const fromEnv = runExample({ program, args: ['--plant-id', PLANT_ID], env: { VOKE_TOKEN_LIFETIME: '100000' } })
      // With 86400 the program gets past its settings and fails later, on the missing key file.
      const maximum = runExample({ program, args: ['--plant-id', PLANT_ID, '--token-lifetime', '86400', '--private-key', '/nonexistent/key.pem'] })
      expect(await tooLong.exit, tooLong.transcript()).toBe(2)
      expect(tooLong.lines.join('\n')).toContain('--token-lifetime must be a whole number from 1 to 86400, not "86401"')
      expect(await fromEnv.exit, fromEnv.transcript()).toBe(2)
      expect(fromEnv.lines.join('\n')).toContain('not "100000"')
      expect(await maximum.exit, maximum.transcript()).toBe(2)
      expect(maximum.lines.join('\n')).toMatch(/private key file \(--private-key \/ VOKE_PRIVATE_KEY\): [^\n]*\/nonexistent\/key\.pem/)
    })

    if (usesTokenApi(program)) it('a session cookie the token endpoint rejects: exit 2 naming the status, sign-in and authMethod TOKEN', async () => {
      const stub = await startTokenEndpoint({ privateKeyPem: keyVectorText('rsa2048.pkcs8.pem'), sessionCookie: 'voke_session=right' })
      try {
        const run = runExample({ program, args: ['--plant-id', PLANT_ID], env: { VOKE_API_URL: stub.url, VOKE_SESSION_COOKIE: 'voke_session=wrong' } })
        expect(await run.exit, run.transcript()).toBe(2)
        expect(stub.requests.map((r) => [r.method, r.cookie, r.status])).toEqual([['POST', 'voke_session=wrong', 401]])
        expect(run.lines.join('\n')).toMatch(/answered 401.*signed? in|sign-in.*authMethod TOKEN/)
        expect(run.transcript()).not.toContain('voke_session=wrong')
      } finally {
        await stub.stop()
      }
    })

    // Every example stops here, since no retry can make the certificate trusted.
    it('a broker certificate no trusted CA signed: exit 2 naming --ca-file / VOKE_CA_FILE', async () => {
      for (const caArgs of [[], ['--ca-file', '/etc/ssl/certs/ca-certificates.crt']]) {
        const flags = brokerFlags(enrolled, '5').filter((_, i, all) => all[i] !== '--ca-file' && all[i - 1] !== '--ca-file')
        const run = runExample({ program, args: [...flags, ...caArgs, '--private-key', PKCS8_KEY] })
        expect(await run.exit, run.transcript()).toBe(2)
        expect(run.lines).toEqual([expect.stringMatching(/^error: .*(certificate verify failed|self-signed certificate).*--ca-file \/ VOKE_CA_FILE$/)])
      }
    })

    // The C program has no HTTP client: it says so instead of signing tokens behind the reader's back.
    if (!usesTokenApi(program)) it('VOKE_SESSION_COOKIE without VOKE_TOKEN: exit 2 pointing to fetch-token.sh and VOKE_TOKEN, the cookie not printed', async () => {
      const run = runExample({ program, args: ['--plant-id', PLANT_ID], env: { VOKE_SESSION_COOKIE: 'voke_session=secret-4417' } })
      expect(await run.exit, run.transcript()).toBe(2)
      expect(run.lines).toEqual([expect.stringMatching(/^error: VOKE_SESSION_COOKIE is set, but .*fetch-token\.sh.*VOKE_TOKEN/)])
      expect(run.transcript()).not.toContain('secret-4417')
    })
  })

  describe('a VOKE_TOKEN cannot be renewed', () => {
    it('it warns before the token expires, and exits 4 when the connection drops after expiry', async () => {
      // Long enough for the program to start and connect on a loaded machine before it expires.
      const token = rs256Token(PLANT_ID, 15)
      const exp = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp
      const run = runExample({ program, args: [...brokerFlags(enrolled, '5'), '--interval', '0.5'], env: { VOKE_TOKEN: token } })
      await run.waitFor(/^connected$/)
      const warning = await run.waitFor(/^warning: /, exp * 1000 - Date.now())
      expect(warning).toBe(`warning: the given token expires at ${new Date(exp * 1000).toISOString()} and cannot be renewed`)
      // Expired while connected: the broker keeps the connection (it checks tokens only at CONNECT).
      await new Promise((r) => setTimeout(r, exp * 1000 + 500 - Date.now()))
      const publishedAfterExpiry = run.lines.filter((l) => l.startsWith('published ')).length
      await run.waitFor(new RegExp(`"seq":${publishedAfterExpiry + 1},`))
      // Another client takes over the client id: the program must reconnect and has no valid token.
      const intruder = await connectClient({
        host: enrolled.host, port: enrolled.port, caFile: enrolled.caFile, username: OPS_USERNAME,
        password: rs256Token(OPS_USERNAME), clientId: PLANT_ID, protocol: '5'
      })
      expect(intruder.connack).toBe(0)
      expect(await run.exit, run.transcript()).toBe(4)
      await intruder.client?.endAsync()
      expect(run.lines.at(-1)).toMatch(/^error: The token from --token \/ VOKE_TOKEN expired at .* get a new one and start again\.$/)
      expect(run.lines.filter((l) => l.startsWith('reconnecting'))).toEqual([])
    })
  })
})
