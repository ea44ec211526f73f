// The Node-RED flow (examples/node-red/flow.json) in a real Node-RED 4.1 process against the local
// JWT broker: its function nodes are the files the site shows, it uses core nodes only, connects
// with a token it signed (MQTT 5, TLS, client id = username = plant id), its telemetry is
// acknowledged and reaches Voke's side, a command reaches it, it renews its token and reconnects
// before expiry without losing telemetry, and each refusal is explained in Node-RED's log.
import { builtinModules } from 'node:module'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest'
import { readFileSync } from 'node:fs'
import { extractRegion, fillSlots } from '../../lib/snippets'
import { sourceFileOf, syncedFlow, type FlowNode } from '../../scripts/sync-node-red-flow'
import { startBroker, type TestBrokerDetails } from '../support/broker'
import { ensureNodeRed, FLOW_FILE, nodeRedVersion, readFlow, startNodeRed, type NodeRedRun } from '../support/node-red'
import { keyVectorDir } from '../support/vectors'
import { ENROLLED_KEY, nowSeconds, OTHER_PLANT_ID, PLANT_ID, pyjwtToken, rs256Token } from '../broker/tokens'
import { decisionsFor, oneTo, opsClient, protocolTags, waitForLog, type OpsClient } from './example-runner'

const CONNECTION = 'function:Voke connection'
const DELIVERY = 'function:Delivery report'
const COMMAND = 'function:Command'
const PKCS1_KEY = join(keyVectorDir, 'rsa2048.pkcs1.pem')
const PKCS8_KEY = join(keyVectorDir, 'rsa2048.pkcs8.pem')
/** A JWT anywhere in a log: three base64url parts, the first starting like every JSON header. */
const ANY_TOKEN = /eyJ[\w-]+\.[\w-]+\.[\w-]+/

// At collection, so the suite can name the version: npm ci only when the lock changed.
ensureNodeRed()

let broker: TestBrokerDetails
let ops: OpsClient | undefined
beforeAll(async () => {
  broker = await startBroker({ keyFile: ENROLLED_KEY })
})
afterEach(async () => {
  await ops?.end()
  ops = undefined
})
afterAll(async () => {
  await broker?.stop()
})

/** The flow's settings for the local broker, as an integrator sets them in Node-RED's environment. */
function brokerEnv(plantId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile, VOKE_PLANT_ID: plantId, ...extra }
}

/** Node-RED for one test, stopped when that test ends (tests in a concurrent group end apart). */
function nodeRed(test: TestContext, options: Parameters<typeof startNodeRed>[0]): NodeRedRun {
  const run = startNodeRed(options)
  test.onTestFinished(async () => void (await run.stop()))
  return run
}

/** The seq numbers of the telemetry the broker acknowledged, as the Delivery report node logged them. */
function acknowledgedSequence(run: NodeRedRun, plantId = PLANT_ID): number[] {
  const prefix = `published cpi/${plantId}/telemetry `
  return run.textsOf(DELIVERY).filter((t) => t.startsWith(prefix)).map((t) => (JSON.parse(t.slice(prefix.length)) as { seq: number }).seq)
}

async function waitForAcknowledged(run: NodeRedRun, n: number, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (acknowledgedSequence(run).length < n) {
    if (Date.now() > deadline) throw new Error(`Only ${acknowledgedSequence(run).length} of ${n} messages acknowledged\n${run.transcript()}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('flow.json', () => {
  const flow = readFlow()

  it('every function node is exactly its source file in examples/node-red/ (the code the site shows)', () => {
    expect(syncedFlow().problems).toEqual([])
    const functions = flow.filter((n) => n.type === 'function')
    expect(functions.map((n) => sourceFileOf(n.name ?? ''))).toEqual(['voke-connection.js', 'command.js', 'telemetry.js', 'delivery-report.js'])
  })

  it('uses core nodes only, and its function nodes load only Node.js built-ins', () => {
    const core = ['tab', 'inject', 'status', 'function', 'mqtt in', 'mqtt out', 'complete', 'catch', 'mqtt-broker', 'tls-config']
    expect(flow.map((n) => n.type).filter((t) => !core.includes(t))).toEqual([])
    const libs = flow.flatMap((n) => (n.libs as { var: string; module: string }[] | undefined) ?? [])
    expect(libs.map((l) => l.module).sort()).toEqual(['crypto', 'fs', 'tls'])
    // Node-RED 3.1 recognises built-ins only by their bare name, not as node:crypto.
    expect(libs.every((l) => builtinModules.includes(l.module) && l.var === l.module)).toBe(true)
  })

  it('the broker config waits for the token (no autoconnect): MQTT 5, TLS with the server certificate verified, persistent session', () => {
    const brokerNode = flow.find((n) => n.type === 'mqtt-broker')!
    // verifyservercert on the broker node too: Node-RED 3.x falls back to it when the tls-config node cannot load its file.
    expect(brokerNode).toMatchObject({ autoConnect: false, usetls: true, verifyservercert: true, protocolVersion: '5', cleansession: false, clientid: '${VOKE_PLANT_ID}' })
    expect(flow.find((n) => n.id === brokerNode.tls)).toMatchObject({ type: 'tls-config', verifyservercert: true, ca: '${VOKE_CA_FILE}' })
    expect(flow.find((n) => n.type === 'mqtt out')).toMatchObject({ qos: '1', topic: '' })
    expect(flow.find((n) => n.type === 'mqtt in')).toMatchObject({ inputs: 1, qos: '1' })
    expect(flow.some((n) => JSON.stringify(n).includes('credentials'))).toBe(false)
  })

  it('filled with a reader\u2019s plant profile, as the Connect page shows it, stays valid JSON whose function code still compiles', () => {
    const profile = { plantId: `pl"ant'$x\`\\y`, host: 'broker.example.net', port: '8884', privateKeyPath: "/opt/it's/jwt-private.pem" }
    const filled = JSON.parse(fillSlots(readFileSync(FLOW_FILE, 'utf8'), 'json', profile)) as FlowNode[]
    const connection = filled.find((n) => n.name === 'Voke connection')!
    for (const node of filled.filter((n) => n.type === 'function')) expect(() => new Function('msg', 'node', 'context', 'env', 'crypto', 'fs', 'tls', node.func!)).not.toThrow()
    // The defaults in the config region are now the reader's values, as JavaScript reads them.
    const defaults = new Function('env', `${extractRegion(connection.func!, 'config')}\nreturn config`)({ get: () => undefined }) as Record<string, unknown>
    expect(defaults).toMatchObject({ plantId: profile.plantId, host: profile.host, port: 8884, privateKey: profile.privateKeyPath })
  })
})

describe(`Node-RED ${nodeRedVersion()} running the flow`, () => {
  it('connects with a token it signed (MQTT 5, TLS, client id = username = plant id), 3 messages are acknowledged and reach voke-ops, a command is logged', async (test) => {
    ops = await opsClient(broker, '5')
    const since = broker.logs().length
    const run = nodeRed(test, { env: brokerEnv(PLANT_ID, { VOKE_PRIVATE_KEY: PKCS1_KEY }), readingEverySeconds: 0.3 })
    await run.waitFor(CONNECTION, /^connected$/)
    await waitForLog(broker.logs, since, `Sending SUBACK to ${PLANT_ID}`)
    const command = JSON.stringify({ command: 'set-interval', seconds: 5, nonce: Math.random() })
    await ops.client.publishAsync(`cpi/${PLANT_ID}/commands`, command, { qos: 1 })
    expect((await run.waitFor(COMMAND, /^command /)).text).toBe(`command cpi/${PLANT_ID}/commands ${command}`)
    await waitForAcknowledged(run, 3)
    await ops.waitForSequences(3)
    expect(acknowledgedSequence(run).slice(0, 3)).toEqual(oneTo(3))
    expect(ops.telemetry.every((m) => m.topic === `cpi/${PLANT_ID}/telemetry` && JSON.parse(m.payload).temperature === 21.5)).toBe(true)
    expect(await run.stop()).toBe(0)

    // The broker's log reaches us through a pipe: its last lines may come a moment after the exit.
    await waitForLog(broker.logs, since, `Received DISCONNECT from ${PLANT_ID}`)
    const logs = broker.logs().slice(since)
    expect(decisionsFor(logs).map((d) => d.rule)).toEqual(['OK'])
    expect(protocolTags(logs)).toEqual(['p5'])
    // c0: clean start off (the persistent session), u'…': the username is the plant id too.
    expect(logs).toContain(`as ${PLANT_ID} (p5, c0, k60, u'${PLANT_ID}')`)
    expect(logs).toContain(`Received DISCONNECT from ${PLANT_ID}`)
    // QoS 1 both ways: the broker acknowledged each PUBLISH, and granted the commands subscription at QoS 1.
    expect(logs.match(new RegExp(`Received PUBLISH from ${PLANT_ID} \\(d0, q1, r0, m\\d+, 'cpi/${PLANT_ID}/telemetry'`, 'g'))?.length).toBeGreaterThanOrEqual(3)
    expect(logs).toContain(`Sending PUBACK to ${PLANT_ID}`)
    expect(logs).toContain(`${PLANT_ID} 1 cpi/${PLANT_ID}/commands`)
    expect(run.transcript()).not.toMatch(/missing types|\[error\]/)
    expect(run.transcript()).not.toMatch(ANY_TOKEN)
  })

  it('a short lifetime: renews the token at least twice, reconnects with each new one, loses no telemetry', async (test) => {
    ops = await opsClient(broker, '5')
    const since = broker.logs().length
    const started = Date.now() / 1000
    // 8 s, not 3: the flow renews a fifth ahead; 0.6 s was too little for a loaded machine.
    const lifetime = 8
    const run = nodeRed(test, { env: brokerEnv(PLANT_ID, { VOKE_PRIVATE_KEY: PKCS8_KEY, VOKE_TOKEN_LIFETIME: String(lifetime) }), readingEverySeconds: 0.25 })
    await run.waitFor(CONNECTION, /^token refreshed, expires /)
    const connectedAfterRefreshes = async (n: number) => {
      const deadline = Date.now() + 40_000
      while (run.textsOf(CONNECTION).filter((t) => t === 'connected').length < n + 1) {
        if (Date.now() > deadline) throw new Error(`not connected after ${n} refreshes\n${run.transcript()}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    }
    await connectedAfterRefreshes(2)
    await waitForAcknowledged(run, acknowledgedSequence(run).length + 2) // telemetry flows after the last reconnect
    // A reading held back during a swap goes out after the reconnect and may be acknowledged after
    // later ones: wait (on a loaded machine, a while) until none is missing, then stop.
    const complete = () => [...acknowledgedSequence(run)].sort((a, b) => a - b).every((seq, i) => seq === i + 1)
    for (const deadline = Date.now() + 40_000; !complete() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 25))
    expect(await run.stop()).toBe(0)

    const texts = run.textsOf(CONNECTION)
    const refreshed = texts.filter((t) => t.startsWith('token refreshed, expires '))
    expect(refreshed.length).toBeGreaterThanOrEqual(2)
    expect(refreshed.every((t) => /^token refreshed, expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(t))).toBe(true)
    const expiries = refreshed.map((t) => Date.parse(t.slice('token refreshed, expires '.length)))
    expect(expiries.every((t, i) => i === 0 || t > expiries[i - 1]!)).toBe(true)
    expect(texts.filter((t) => t === 'reconnecting with the new token').length).toBe(refreshed.length)
    expect(texts.filter((t) => t === 'connected').length).toBe(refreshed.length + 1)

    const decisions = decisionsFor(broker.logs().slice(since))
    expect(decisions.map((d) => d.rule)).toEqual(['OK', ...refreshed.map(() => 'OK')])
    // The broker refuses an expired token (zero leeway), so a CONNECT it accepted after the first
    // token's exp (at most started + lifetime) carried a newer token.
    expect(decisions.at(-1)!.at).toBeGreaterThanOrEqual(Math.ceil(started + lifetime))
    // Readings made while a token was being swapped waited and went out after the reconnect.
    const acknowledged = acknowledgedSequence(run)
    expect([...acknowledged].sort((a, b) => a - b)).toEqual(oneTo(acknowledged.length))
    await ops.waitForSequences(acknowledged.length)
    expect(run.transcript()).not.toMatch(ANY_TOKEN)
  })

  describe.concurrent('a refused token is explained in Node-RED\u2019s log (each case with a plant id of its own)', () => {
    const cases = [
      { name: 'VOKE_TOKEN has expired', env: (id: string) => ({ VOKE_TOKEN: rs256Token(id, -60, { iat: nowSeconds() - 3700 }) }), explained: /This token expired at \d{4}-/, rule: 'EXPIRED' },
      { name: 'VOKE_TOKEN is for another plant (sub is not the username)', env: () => ({ VOKE_TOKEN: rs256Token(OTHER_PLANT_ID) }), explained: new RegExp(`This token's sub "${OTHER_PLANT_ID}" is not the plant id "[-0-9a-f]+" \\(the username\\)\\.`), rule: 'SUB_MISMATCH' },
      {
        name: 'VOKE_TOKEN is HS256 (made by PyJWT)',
        env: (id: string) => ({ VOKE_TOKEN: pyjwtToken({ sub: id, iat: nowSeconds() - 5, exp: nowSeconds() + 3600 }, 'HS256', 'a-shared-secret-of-at-least-32-bytes!') }),
        explained: /This token's alg is "HS256", not RS256\./,
        rule: 'ALG_NOT_RS256'
      },
      { name: 'the private key is not the one whose public key is enrolled', env: () => ({ VOKE_PRIVATE_KEY: join(keyVectorDir, 'rsa3072.pkcs8.pem') }), explained: /exp, sub and alg are right, so most likely it was not signed with the private key whose public key is enrolled \(the enrolled file must be PKCS#1 DER\)/, rule: 'SIGNATURE_MISMATCH' }
    ]
    for (const c of cases)
      it(`${c.name} → "refused: not authorised (MQTT 5 CONNACK 135)" with the cause, broker log ${c.rule}`, async (test) => {
        const { expect } = test // the concurrent test's own expect
        const plantId = randomUUID()
        const env = c.env(plantId)
        const run = nodeRed(test, { env: brokerEnv(plantId, env) })
        const refused = await run.waitFor(CONNECTION, /^refused: /)
        expect(refused.level).toBe('warn')
        expect(refused.text).toMatch(/^refused: not authorised \(MQTT 5 CONNACK 135\): TLS worked, then the broker refused the token/)
        expect(refused.text).toMatch(c.explained)
        expect(run.textsOf(CONNECTION)).not.toContain('connected')
        const rules = decisionsFor(broker.logs(), plantId).map((d) => d.rule)
        expect(rules.length).toBeGreaterThanOrEqual(1)
        expect(new Set(rules)).toEqual(new Set([c.rule]))
        if ('VOKE_TOKEN' in env) expect(run.transcript()).not.toContain(env.VOKE_TOKEN)
        expect(run.transcript()).not.toMatch(ANY_TOKEN)
      })
  })

  describe.concurrent('settings that cannot work are said plainly, naming the variable to set', () => {
    it('no VOKE_PLANT_ID: an error naming it, and no connection attempt', async (test) => {
        const { expect } = test // the concurrent test's own expect
      const env = brokerEnv('', { VOKE_PRIVATE_KEY: PKCS8_KEY })
      delete env.VOKE_PLANT_ID
      const run = nodeRed(test, { env })
      const line = await run.waitFor(CONNECTION, /VOKE_PLANT_ID/)
      expect(line).toMatchObject({ level: 'error', text: "Set your plant id: VOKE_PLANT_ID=<plant id> in Node-RED's environment." })
      await new Promise((r) => setTimeout(r, 500))
      expect(run.log.filter((l) => l.node.startsWith('mqtt-broker:'))).toEqual([])
    })

    it('a private key file that is missing: an error naming VOKE_PRIVATE_KEY', async (test) => {
        const { expect } = test // the concurrent test's own expect
      const run = nodeRed(test, { env: brokerEnv(randomUUID(), { VOKE_PRIVATE_KEY: '/nonexistent/jwt-private.pem' }) })
      const line = await run.waitFor(CONNECTION, /private key/)
      expect(line.level).toBe('error')
      expect(line.text).toMatch(/^Cannot read the private key file \(VOKE_PRIVATE_KEY\): ENOENT/)
    })

    it('VOKE_CA_FILE unset against a broker with a private CA: the system CAs do not trust it, and the warning says to set it', async (test) => {
        const { expect } = test // the concurrent test's own expect
      const env = brokerEnv(randomUUID(), { VOKE_PRIVATE_KEY: PKCS8_KEY })
      delete env.VOKE_CA_FILE
      const run = nodeRed(test, { env })
      const line = await run.waitFor(CONNECTION, /^cannot connect/)
      expect(line.level).toBe('warn')
      expect(line.text).toBe(
        `cannot connect to ${broker.host}:${broker.port}: the broker's TLS certificate is not trusted ` +
          '(self-signed certificate in certificate chain): check VOKE_MQTT_HOST, or give its CA with VOKE_CA_FILE'
      )
      // Unset means "no CA file" to the tls-config node too, not a file named "${VOKE_CA_FILE}".
      expect(run.log.filter((l) => l.node.startsWith('tls-config:'))).toEqual([])
    })
  })
})
