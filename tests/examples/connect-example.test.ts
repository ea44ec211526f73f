// The connect examples (examples/plc/mqtt-jwt.ts with tsx, examples/plc/mqtt_jwt.py with Debian's
// paho-mqtt 1.6 and with pip's 2.1, examples/c/voke_connect.c plain and under ASan/UBSan) run one
// set of scenarios against the local JWT broker (Mosquitto 2.0 + the plugin) and the token-endpoint
// stub: each connects with each token source it supports, its telemetry reaches Voke's side,
// commands reach it, and it refreshes and reconnects with tokens that are valid at that moment
// without losing telemetry.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signToken } from '../../examples/plc/mqtt-jwt'
import { startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { startTokenEndpoint, type TokenEndpointStub } from '../support/token-endpoint-stub'
import { pythonEnvs, pythonVersions } from '../support/python-envs'
import { keyVectorDir, keyVectorText } from '../support/vectors'
import { ENROLLED_KEY, OPS_USERNAME, PLANT_ID, rs256Token } from '../broker/tokens'
import {
  ALL_PROGRAMS, brokerFlags, decisionsFor, linesStartingWith, oneTo, opsClient, programPid, protocolTags, publishedSequence,
  runExample, stopExampleRuns, usesTokenApi, waitForLog, type ExampleRun, type OpsClient, type Protocol
} from './example-runner'

const PKCS1_KEY = join(keyVectorDir, 'rsa2048.pkcs1.pem')
const PKCS8_KEY = join(keyVectorDir, 'rsa2048.pkcs8.pem')
const PROTOCOL_TAG: Record<Protocol, string> = { '5': 'p5', '3.1.1': 'p2' }

let broker: TestBrokerDetails
let ops: OpsClient | undefined
beforeAll(async () => {
  broker = await startBroker({ keyFile: ENROLLED_KEY })
})
afterEach(async () => {
  stopExampleRuns()
  await ops?.end()
  ops = undefined
})
afterAll(async () => {
  await broker?.stop()
})

/**
 * Once the run's subscription is in place (the broker sent its SUBACK: a first session has no
 * subscription before that), voke-ops sends it a command; returns the command text.
 */
async function sendCommandOnceSubscribed(run: ExampleRun, since: number): Promise<string> {
  await run.waitFor(/^connected$/)
  await waitForLog(broker.logs, since, `Sending SUBACK to ${PLANT_ID}`)
  const command = JSON.stringify({ command: 'set-interval', seconds: 5, nonce: Math.random() })
  await ops!.client.publishAsync(`cpi/${PLANT_ID}/commands`, command, { qos: 1 })
  return command
}

describe.each(ALL_PROGRAMS)('%s example', (program) => {
  describe('Option B: the device signs its own tokens', () => {
    const cases = [
      { protocol: '5', key: PKCS1_KEY, keyName: 'PKCS#1 PEM (BEGIN RSA PRIVATE KEY)' },
      { protocol: '3.1.1', key: PKCS8_KEY, keyName: 'PKCS#8 PEM (BEGIN PRIVATE KEY)' }
    ] as const
    for (const { protocol, key, keyName } of cases) {
      it(`MQTT ${protocol}, ${keyName}: connects, telemetry reaches voke-ops, a command is printed, exit 0 after --messages`, async () => {
        ops = await opsClient(broker, protocol)
        const since = broker.logs().length
        const run = runExample({ program, args: [...brokerFlags(broker, protocol), '--private-key', key, '--messages', '6', '--interval', '0.3'] })
        const command = await sendCommandOnceSubscribed(run, since)
        expect(await run.exit, run.transcript()).toBe(0)

        expect(linesStartingWith(run, 'command')).toEqual([`command cpi/${PLANT_ID}/commands ${command}`])
        expect(publishedSequence(run)).toEqual(oneTo(6))
        expect(linesStartingWith(run, 'published').every((l) => l.startsWith(`published cpi/${PLANT_ID}/telemetry {`))).toBe(true)
        await ops.waitForSequences(6)
        expect(ops.telemetry.every((m) => m.topic === `cpi/${PLANT_ID}/telemetry`)).toBe(true)
        // The broker's log reaches us through a pipe: its last lines may come a moment after the exit.
        await waitForLog(broker.logs, since, `Received DISCONNECT from ${PLANT_ID}`)
        const logs = broker.logs().slice(since)
        expect(decisionsFor(logs).map((d) => d.rule)).toEqual(['OK'])
        expect(protocolTags(logs)).toEqual([PROTOCOL_TAG[protocol]])
        expect(logs).toContain(`Received DISCONNECT from ${PLANT_ID}`)
        expect(run.stderr()).toBe('')
      })
    }
  })

  // The C program takes a given token only (it has no HTTP client): its own test is below.
  if (usesTokenApi(program)) describe('Option A: Voke issues the tokens', () => {
    let stub: TokenEndpointStub
    const cookie = 'voke_session=test-session-4302'
    beforeAll(async () => {
      stub = await startTokenEndpoint({ privateKeyPem: keyVectorText('rsa2048.pkcs8.pem'), sessionCookie: cookie })
    })
    afterAll(async () => {
      await stub?.stop()
    })

    it('with VOKE_SESSION_COOKIE it POSTs to the token endpoint with the cookie and connects with that token (no key file)', async () => {
      ops = await opsClient(broker, '5')
      stub.setLifetime(3600)
      const requestsBefore = stub.requests.length
      const since = broker.logs().length
      const run = runExample({
        program,
        args: [...brokerFlags(broker, '5'), '--private-key', '/nonexistent/jwt-private.pem', '--messages', '3', '--interval', '0.3'],
        env: { VOKE_API_URL: stub.url, VOKE_SESSION_COOKIE: cookie }
      })
      expect(await run.exit, run.transcript()).toBe(0)
      expect(stub.requests.slice(requestsBefore)).toEqual([
        { method: 'POST', path: `/api/v1/plants/${PLANT_ID}/mqtt-token`, plantId: PLANT_ID, cookie, status: 200 }
      ])
      expect(decisionsFor(broker.logs().slice(since)).map((d) => d.rule)).toEqual(['OK'])
      await ops.waitForSequences(3)
      expect(run.transcript()).not.toContain(stub.issued.at(-1)!.token)
      expect(run.transcript()).not.toContain('test-session-4302')
    })

    it('with a short lifetime it fetches a new token before each expiry and reconnects with it', async () => {
      ops = await opsClient(broker, '3.1.1')
      // 8 s: the programs renew a fifth of the lifetime ahead (1.6 s), room for a loaded machine to
      // fetch and reconnect (with 3 s, 0.5 s ahead, a slow reconnect sent an expired token).
      stub.setLifetime(8)
      const issuedBefore = stub.issued.length
      const since = broker.logs().length
      const run = runExample({
        program,
        args: [...brokerFlags(broker, '3.1.1'), '--messages', '60', '--interval', '0.25'],
        env: { VOKE_API_URL: stub.url, VOKE_SESSION_COOKIE: cookie }
      })
      expect(await run.exit, run.transcript()).toBe(0)
      const refreshed = linesStartingWith(run, 'token refreshed,')
      expect(refreshed.length).toBeGreaterThanOrEqual(2)
      const issued = stub.issued.slice(issuedBefore)
      expect(issued.length).toBe(refreshed.length + 1)
      expect(refreshed).toEqual(issued.slice(1).map((t) => `token refreshed, expires ${t.expiresAt}`))
      const decisions = decisionsFor(broker.logs().slice(since))
      expect(decisions.map((d) => d.rule)).toEqual(issued.map(() => 'OK'))
      expect(publishedSequence(run).sort((a, b) => a - b)).toEqual(oneTo(60))
      await ops.waitForSequences(60)
      for (const { token } of issued) expect(run.transcript()).not.toContain(token)
    })

    it('with VOKE_TOKEN it connects with that token and calls no API', async () => {
      ops = await opsClient(broker, '5')
      const requestsBefore = stub.requests.length
      const token = rs256Token(PLANT_ID, 3600)
      const since = broker.logs().length
      const run = runExample({
        program,
        args: [...brokerFlags(broker, '5'), '--private-key', '/nonexistent/jwt-private.pem', '--messages', '3', '--interval', '0.3'],
        env: { VOKE_TOKEN: token, VOKE_API_URL: stub.url, VOKE_SESSION_COOKIE: cookie }
      })
      expect(await run.exit, run.transcript()).toBe(0)
      expect(stub.requests.length).toBe(requestsBefore)
      expect(decisionsFor(broker.logs().slice(since)).map((d) => d.rule)).toEqual(['OK'])
      await ops.waitForSequences(3)
      expect(run.transcript()).not.toContain(token)
    })
  })

  // The C program's Option A: a token Voke's API issued (fetch-token.sh), given in VOKE_TOKEN.
  if (!usesTokenApi(program)) describe('Option A: a token given in VOKE_TOKEN', () => {
    it('connects with that token (no key file), telemetry reaches voke-ops, the token is never printed', async () => {
      ops = await opsClient(broker, '5')
      const token = rs256Token(PLANT_ID, 3600)
      const since = broker.logs().length
      const run = runExample({
        program,
        args: [...brokerFlags(broker, '5'), '--private-key', '/nonexistent/jwt-private.pem', '--messages', '3', '--interval', '0.3'],
        env: { VOKE_TOKEN: token }
      })
      expect(await run.exit, run.transcript()).toBe(0)
      expect(decisionsFor(broker.logs().slice(since)).map((d) => d.rule)).toEqual(['OK'])
      expect(publishedSequence(run)).toEqual(oneTo(3))
      await ops.waitForSequences(3)
      expect(run.transcript()).not.toContain(token)
    })
  })

  describe('token refresh and reconnects', () => {
    it('a short lifetime: refreshes at least twice, reconnects with each new token, loses no telemetry', async () => {
      ops = await opsClient(broker, '5')
      const since = broker.logs().length
      const started = Date.now() / 1000
      const lifetime = 3
      const run = runExample({ program, args: [...brokerFlags(broker, '5'), '--private-key', PKCS8_KEY, '--token-lifetime', String(lifetime), '--messages', '24', '--interval', '0.25'] })
      expect(await run.exit, run.transcript()).toBe(0)

      const refreshed = linesStartingWith(run, 'token refreshed,')
      expect(refreshed.length).toBeGreaterThanOrEqual(2)
      // JavaScript's toISOString() format: milliseconds and Z.
      expect(refreshed.every((line) => /^token refreshed, expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line)), refreshed.join('\n')).toBe(true)
      const expiries = refreshed.map((line) => Date.parse(line.replace('token refreshed, expires ', '')))
      expect(expiries.every((t, i) => i === 0 || t > expiries[i - 1]!)).toBe(true)
      expect(linesStartingWith(run, 'reconnecting')).toEqual(refreshed.map(() => 'reconnecting with the new token'))
      expect(run.lines.filter((l) => l === 'connected').length).toBe(refreshed.length + 1)

      const decisions = decisionsFor(broker.logs().slice(since))
      expect(decisions.map((d) => d.rule)).toEqual(['OK', ...refreshed.map(() => 'OK')])
      // The broker refuses an expired token (zero leeway), so a CONNECT it accepted after the first
      // token's exp (at most started + lifetime) carried a newer token.
      expect(decisions.at(-1)!.at).toBeGreaterThanOrEqual(Math.ceil(started + lifetime))
      expect(publishedSequence(run).sort((a, b) => a - b)).toEqual(oneTo(24))
      await ops.waitForSequences(24)
    })

    it('after its token expired, a dropped connection is reconnected with a new token and accepted', async () => {
      ops = await opsClient(broker, '5')
      const since = broker.logs().length
      const lifetime = 2
      const spawned = Date.now()
      const run = runExample({ program, args: [...brokerFlags(broker, '5'), '--private-key', PKCS1_KEY, '--token-lifetime', String(lifetime), '--messages', '16', '--interval', '0.25'] })
      await run.waitFor(/^published /)
      // Freeze the program (a suspended device) until its token has expired; meanwhile another
      // client takes over its client id, so the broker drops the program's connection.
      const pid = programPid(run)
      process.kill(pid, 'SIGSTOP')
      await new Promise((r) => setTimeout(r, (lifetime + 1) * 1000))
      const intruder = await connectClient({
        host: broker.host, port: broker.port, caFile: broker.caFile, username: OPS_USERNAME,
        password: rs256Token(OPS_USERNAME), clientId: PLANT_ID, protocol: '5'
      })
      expect(intruder.connack).toBe(0)
      const printedBeforeStop = [...run.lines]
      const resumed = Date.now()
      process.kill(pid, 'SIGCONT')
      expect(await run.exit, run.transcript()).toBe(0)
      await intruder.client?.endAsync(true)

      // The token the program held when it was frozen: the last refreshed one, else the first.
      const lastRefresh = printedBeforeStop.filter((l) => l.startsWith('token refreshed, expires ')).at(-1)
      const heldExpiry = lastRefresh ? Date.parse(lastRefresh.slice('token refreshed, expires '.length)) : spawned + lifetime * 1000
      expect(heldExpiry).toBeLessThan(resumed)
      // Whichever comes first after the pause, the refresh timer or the dropped socket, reconnects.
      expect(run.lines.slice(printedBeforeStop.length).filter((l) => l.startsWith('reconnecting ')).length).toBeGreaterThanOrEqual(1)
      const plantDecisions = decisionsFor(broker.logs().slice(since)).filter((d) => d.line.includes(`username "${PLANT_ID}"`))
      expect(plantDecisions.filter((d) => !d.accepted)).toEqual([])
      // Accepted at or after the held token's exp: the broker (zero leeway) saw a newer token.
      expect(plantDecisions.filter((d) => d.at * 1000 >= heldExpiry).length, broker.logs().slice(since)).toBeGreaterThanOrEqual(1)
      expect(publishedSequence(run).sort((a, b) => a - b)).toEqual(oneTo(16))
      await ops.waitForSequences(16)
    })
  })
})

describe('typescript example: signToken', () => {
  // The Python example signs with PyJWT itself, so this cross-check is for the TypeScript one.
  it('a token it signs verifies in PyJWT with the public key, and not with another key', async () => {
    for (const key of [PKCS1_KEY, PKCS8_KEY]) {
      const before = Math.floor(Date.now() / 1000)
      const { token, expiresAt } = await signToken(PLANT_ID, key, 600)
      const script =
        'import json, sys, jwt\n' +
        'claims = jwt.decode(sys.argv[1], open(sys.argv[2]).read(), algorithms=["RS256"], options={"require": ["exp", "iat", "sub"]})\n' +
        'print(json.dumps({"header": jwt.get_unverified_header(sys.argv[1]), "claims": claims}))'
      const verified = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', script, token, join(keyVectorDir, 'rsa2048.spki.pem')], { encoding: 'utf8' })
      ) as { header: Record<string, unknown>; claims: { sub: string; iat: number; exp: number } }
      expect(verified.header).toEqual({ alg: 'RS256', typ: 'JWT' })
      expect(verified.claims.sub).toBe(PLANT_ID)
      // iat a minute back (a device clock up to 60 s fast is still accepted), exp the lifetime ahead.
      expect(verified.claims.iat).toBeGreaterThanOrEqual(before - 60)
      expect(verified.claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) - 60)
      expect(verified.claims.exp - verified.claims.iat).toBe(660)
      expect(expiresAt?.getTime()).toBe(verified.claims.exp * 1000)
      expect(() =>
        execFileSync('/usr/bin/python3', ['-c', script, token, join(keyVectorDir, 'rsa3072.spki.pem')], { encoding: 'utf8', stdio: 'pipe' })
      ).toThrow(/InvalidSignatureError|Signature verification failed/)
    }
  })
})

describe('the Python stacks', () => {
  it('python-paho1.6 imports Debian\u2019s paho-mqtt 1.6, python-paho2.1 pip\u2019s paho-mqtt 2.1.0 with PyJWT 2.15.1', () => {
    const [debian, pip] = pythonEnvs().map((env) => ({ name: env.name, ...pythonVersions(env.python) }))
    expect(debian).toMatchObject({ name: 'python-paho1.6', paho: expect.stringMatching(/^1\.6\.\d+$/) })
    expect(pip).toMatchObject({ name: 'python-paho2.1', paho: '2.1.0', pyjwt: '2.15.1' })
    expect(Number(pip!.cryptography.split('.')[0])).toBeGreaterThanOrEqual(42)
  })
})
