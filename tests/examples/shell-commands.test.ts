// The shell examples, run with bash the way the guide shows them: fetch-token.sh (curl) against the
// token-endpoint stub, and mosquitto-pub.sh (Debian's mosquitto_pub) against the local JWT broker.
// A fetched token is one the broker accepts; a refused token shows as "not authorised" and the
// broker log names the rule; a publish outside the plant's ACL never reaches Voke's side.
import { execFile } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { startTokenEndpoint, type TokenEndpointStub } from '../support/token-endpoint-stub'
import { tempDirs } from '../support/temp-dir'
import { keyVectorText } from '../support/vectors'
import { ENROLLED_KEY, nowSeconds, OTHER_PLANT_ID, PLANT_ID, rs256Token, SPKI_KEY } from '../broker/tokens'
import { decisionsFor, opsClient, REPO, type OpsClient } from './example-runner'

const FETCH_TOKEN = 'examples/token-api/fetch-token.sh'
const MOSQUITTO_PUB = 'examples/cli/mosquitto-pub.sh'
const COOKIE = 'test-session-cookie=shell-session-4302'
/** The client id mosquitto-pub.sh connects with: never the PLC's own. */
const TEST_CLIENT_ID = `${PLANT_ID}-test`

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command from the repository root with only the given VOKE_* variables (async: the stub lives in this process). */
function run(command: string, args: string[], env: Record<string, string>): Promise<Result> {
  const base: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(base)) if (name.startsWith('VOKE_')) delete base[name]
  return new Promise((resolve) => {
    execFile(command, args, { cwd: REPO, env: { ...base, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

const transcript = (r: Result) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const temp = tempDirs()
let broker: TestBrokerDetails
let spkiEnrolled: TestBrokerDetails
beforeAll(async () => {
  ;[broker, spkiEnrolled] = await Promise.all([startBroker({ keyFile: ENROLLED_KEY }), startBroker({ keyFile: SPKI_KEY })])
})
afterAll(async () => {
  temp.removeAll()
  await Promise.all([broker?.stop(), spkiEnrolled?.stop()])
})

describe('fetch-token.sh (Option A with curl)', () => {
  let stub: TokenEndpointStub
  beforeAll(async () => {
    stub = await startTokenEndpoint({ privateKeyPem: keyVectorText('rsa2048.pkcs8.pem'), sessionCookie: COOKIE })
  })
  afterAll(async () => {
    await stub?.stop()
  })

  it('with the right cookie it prints { token, expiresAt }, and the local broker accepts that token for the plant', async () => {
    const before = stub.requests.length
    const result = await run('bash', [FETCH_TOKEN], { VOKE_API_URL: stub.url, VOKE_PLANT_ID: PLANT_ID, VOKE_SESSION_COOKIE: COOKIE })
    expect(result.code, transcript(result)).toBe(0)
    expect(stub.requests.slice(before)).toEqual([
      { method: 'POST', path: `/api/v1/plants/${PLANT_ID}/mqtt-token`, plantId: PLANT_ID, cookie: COOKIE, status: 200 }
    ])
    const answer = JSON.parse(result.stdout) as { token: string; expiresAt: string }
    expect(answer).toEqual({ token: stub.issued.at(-1)!.token, expiresAt: stub.issued.at(-1)!.expiresAt })
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now())

    const since = broker.logs().length
    const connected = await connectClient({
      host: broker.host, port: broker.port, caFile: broker.caFile, username: PLANT_ID, password: answer.token, clientId: PLANT_ID, protocol: '5'
    })
    expect(connected.connack).toBe(0)
    await connected.client?.endAsync()
    expect(decisionsFor(broker.logs().slice(since)).map((d) => d.rule)).toEqual(['OK'])
  })

  it('with a cookie the endpoint rejects, curl --fail exits 22 and the cookie is not printed', async () => {
    const before = stub.requests.length
    const result = await run('bash', [FETCH_TOKEN], { VOKE_API_URL: stub.url, VOKE_PLANT_ID: PLANT_ID, VOKE_SESSION_COOKIE: 'test-session-cookie=wrong-4302' })
    expect(result.code, transcript(result)).toBe(22)
    expect(stub.requests.slice(before).map((r) => [r.method, r.status])).toEqual([['POST', 401]])
    expect(result.stderr).toMatch(/401/)
    expect(transcript(result)).not.toContain('wrong-4302')
  })

  it('without VOKE_SESSION_COOKIE, or with the placeholder plant id, it exits 2 with what to set and asks nothing', async () => {
    const before = stub.requests.length
    const noCookie = await run('bash', [FETCH_TOKEN], { VOKE_API_URL: stub.url, VOKE_PLANT_ID: PLANT_ID })
    expect(noCookie.code, transcript(noCookie)).toBe(2)
    expect(noCookie.stderr).toBe('error: set VOKE_SESSION_COOKIE to your Voke session cookie (name=value)\n')
    const placeholder = await run('bash', [FETCH_TOKEN], { VOKE_API_URL: stub.url, VOKE_SESSION_COOKIE: COOKIE })
    expect(placeholder.code, transcript(placeholder)).toBe(2)
    expect(placeholder.stderr).toBe("error: set VOKE_PLANT_ID to your plant's UUID\n")
    expect(stub.requests.length).toBe(before)
  })
})

describe('mosquitto-pub.sh (mosquitto_pub, MQTT 5)', () => {
  let ops: OpsClient | undefined
  afterEach(async () => {
    await ops?.end()
    ops = undefined
  })
  const brokerEnv = (b: TestBrokerDetails, token: string, plantId = PLANT_ID) => ({
    VOKE_MQTT_HOST: b.host, VOKE_MQTT_PORT: String(b.port), VOKE_CA_FILE: b.caFile, VOKE_PLANT_ID: plantId, VOKE_TOKEN: token
  })

  it('mosquitto_pub is installed (Debian mosquitto-clients)', async () => {
    const result = await run('/usr/bin/mosquitto_pub', ['--help'], {})
    expect(result.stdout + result.stderr).toMatch(/mosquitto_pub version 2\./)
  })

  it('a valid token: exit 0, and voke-ops receives the message on cpi/<plant>/telemetry', async () => {
    ops = await opsClient(broker, '5')
    const since = broker.logs().length
    const result = await run('bash', [MOSQUITTO_PUB], brokerEnv(broker, rs256Token(PLANT_ID)))
    expect(result.code, transcript(result)).toBe(0)
    await until(() => ops!.telemetry.length > 0, 'the message at voke-ops')
    expect(ops.telemetry).toEqual([{ topic: `cpi/${PLANT_ID}/telemetry`, payload: '{"temperature":21.5}' }])
    expect(decisionsFor(broker.logs().slice(since), TEST_CLIENT_ID).map((d) => d.rule)).toEqual(['OK'])
  })

  it('an expired token: refused as not authorised, printed as the script says, the broker log says EXPIRED', async () => {
    const since = broker.logs().length
    const token = rs256Token(PLANT_ID, -60, { iat: nowSeconds() - 3700 })
    const result = await run('bash', [MOSQUITTO_PUB], brokerEnv(broker, token))
    expect(result.code, transcript(result)).not.toBe(0)
    expect(result.stdout + result.stderr).toMatch(/not authori[sz]ed/i)
    // The messages the script's header quotes are the ones mosquitto_pub really printed.
    const quoted = [...readFileSync(join(REPO, MOSQUITTO_PUB), 'utf8').matchAll(/"((?:Connection error|Error): [^"]+)"/g)].map((m) => m[1]!)
    expect(quoted.length).toBeGreaterThan(0)
    for (const message of quoted) expect(result.stderr, transcript(result)).toContain(message)
    expect(decisionsFor(broker.logs().slice(since), TEST_CLIENT_ID).map((d) => d.rule)).toEqual(['EXPIRED'])
  })

  it('the PLC, connected with the plant id as client id, stays connected while the script publishes', async () => {
    const plc = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username: PLANT_ID, password: rs256Token(PLANT_ID), clientId: PLANT_ID, protocol: '5' })
    expect(plc.connack).toBe(0)
    let kicked = false
    plc.client!.on('close', () => (kicked = true))
    try {
      const result = await run('bash', [MOSQUITTO_PUB], brokerEnv(broker, rs256Token(PLANT_ID)))
      expect(result.code, transcript(result)).toBe(0)
      await new Promise((r) => setTimeout(r, 300))
      expect(kicked).toBe(false)
      expect(plc.client!.connected).toBe(true)
    } finally {
      plc.client?.end(true)
    }
  })

  it('the token is never on mosquitto_pub\u2019s command line: it reads it from a private options file', async () => {
    // A stand-in mosquitto_pub first on PATH records its arguments and the options file it was given.
    const bin = temp.make('voke-fake-pub-')
    const record = join(bin, 'record.txt')
    writeFileSync(join(bin, 'mosquitto_pub'), `#!/bin/sh\n{ printf 'argv: %s\\n' "$*"; printf 'mode: '; stat -c %a "$XDG_CONFIG_HOME/mosquitto_pub"; cat "$XDG_CONFIG_HOME/mosquitto_pub"; } > '${record}'\n`)
    chmodSync(join(bin, 'mosquitto_pub'), 0o755)
    const token = rs256Token(PLANT_ID)
    const result = await run('bash', [MOSQUITTO_PUB], { ...brokerEnv(broker, token), PATH: `${bin}:${process.env.PATH}` })
    expect(result.code, transcript(result)).toBe(0)
    const [argv, mode, ...options] = readFileSync(record, 'utf8').trimEnd().split('\n')
    expect(argv).not.toContain(token)
    expect(argv).toContain(`-i ${TEST_CLIENT_ID} -u ${PLANT_ID}`)
    expect(mode).toBe('mode: 600')
    expect(options).toEqual([`-P ${token}`])
  })

  it('a broker that enrolled the public key as SPKI DER refuses a valid token (KEY_SPKI_NOT_PKCS1)', async () => {
    const since = spkiEnrolled.logs().length
    const result = await run('bash', [MOSQUITTO_PUB], brokerEnv(spkiEnrolled, rs256Token(PLANT_ID)))
    expect(result.code, transcript(result)).not.toBe(0)
    expect(result.stdout + result.stderr).toMatch(/not authori[sz]ed/i)
    expect(decisionsFor(spkiEnrolled.logs().slice(since), TEST_CLIENT_ID).map((d) => d.rule)).toEqual(['KEY_SPKI_NOT_PKCS1'])
  })

  it('the same flags publishing to another plant\u2019s telemetry (outside the ACL) never reach voke-ops', async () => {
    ops = await opsClient(broker, '5')
    await ops.client.subscribeAsync('cpi/+/telemetry', { qos: 1 })
    const token = rs256Token(PLANT_ID)
    // The script's mosquitto_pub command, with another plant's topic.
    const spoofed = await run('/usr/bin/mosquitto_pub', [
      '-V', 'mqttv5', '-h', broker.host, '-p', String(broker.port), '--cafile', broker.caFile,
      '-i', PLANT_ID, '-u', PLANT_ID, '-P', token, '-q', '1', '-t', `cpi/${OTHER_PLANT_ID}/telemetry`, '-m', '{"temperature":99.9}'
    ], {})
    // The broker accepted the connection (the token is fine) and refused only the publish: PUBACK 135,
    // which mosquitto_pub reports as a warning (its exit code stays 0).
    expect(spoofed.stdout + spoofed.stderr, transcript(spoofed)).not.toMatch(/Connection error/i)
    expect(spoofed.stderr, transcript(spoofed)).toMatch(/Publish 1 failed: Not authori[sz]ed/)
    // Published after the denied one: once it has arrived, the denied one would have arrived too.
    const genuine = await run('bash', [MOSQUITTO_PUB], brokerEnv(broker, token))
    expect(genuine.code, transcript(genuine)).toBe(0)
    await until(() => ops!.telemetry.length > 0, 'the genuine message at voke-ops')
    await new Promise((r) => setTimeout(r, 200))
    // (Two overlapping subscriptions may deliver the genuine message twice.)
    expect(new Set(ops.telemetry.map((m) => `${m.topic} ${m.payload}`))).toEqual(new Set([`cpi/${PLANT_ID}/telemetry {"temperature":21.5}`]))
  })
})
