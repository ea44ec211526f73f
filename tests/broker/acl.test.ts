// The guide's ACL on the local broker: a plant may write only its own telemetry/status/ack and
// read only its own commands. A denied publish is dropped silently (3.1.1) or answered with
// PUBACK reason 135 (MQTT 5, QoS 1); a subscription is granted but foreign topics never arrive.
import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { ENROLLED_KEY, OPS_USERNAME, OTHER_PLANT_ID, PLANT_ID, rs256Token } from './tokens'

let broker: TestBrokerDetails
beforeAll(async () => {
  broker = await startBroker({ keyFile: ENROLLED_KEY })
})
afterAll(async () => {
  await broker?.stop()
})

async function connected(username: string, protocol: '3.1.1' | '5', clientId = username): Promise<MqttClient> {
  const result = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username, password: rs256Token(username), clientId, protocol })
  if (!result.client) throw new Error(`${username} was refused with CONNACK ${result.connack}`)
  return result.client
}

/** Collects every message the client receives. */
function inbox(client: MqttClient): string[] {
  const topics: string[] = []
  client.on('message', (topic) => topics.push(topic))
  return topics
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('MQTT 5', () => {
  it('a publish outside the ACL (another plant\u2019s telemetry, own commands) gets PUBACK reason 135', async () => {
    const plant = await connected(PLANT_ID, '5')
    for (const topic of [`cpi/${OTHER_PLANT_ID}/telemetry`, `cpi/${PLANT_ID}/commands`, 'cpi/telemetry', 'other/topic']) {
      const error = await plant.publishAsync(topic, 'x', { qos: 1 }).then(() => null, (e: unknown) => e)
      expect(error, topic).toMatchObject({ code: 135 })
    }
    // The control: the plant's own topics are allowed (0 or 16 = no subscribers; never >= 128).
    for (const topic of [`cpi/${PLANT_ID}/telemetry`, `cpi/${PLANT_ID}/status`, `cpi/${PLANT_ID}/ack`])
      await expect(plant.publishAsync(topic, 'x', { qos: 1 }), topic).resolves.toBeDefined()
    await plant.endAsync()
  })
})

for (const protocol of ['3.1.1', '5'] as const) {
  describe(`MQTT ${protocol}`, () => {
    it('a publish to another plant\u2019s telemetry is dropped: Voke\u2019s side never sees it', async () => {
      const ops = await connected(OPS_USERNAME, protocol, `${OPS_USERNAME}-acl-${protocol}`)
      const seen = inbox(ops)
      await ops.subscribeAsync('cpi/+/telemetry', { qos: 1 })
      const plant = await connected(PLANT_ID, protocol)
      if (protocol === '3.1.1') await plant.publishAsync(`cpi/${OTHER_PLANT_ID}/telemetry`, 'spoofed', { qos: 1 }) // PUBACK, then dropped
      else await plant.publishAsync(`cpi/${OTHER_PLANT_ID}/telemetry`, 'spoofed', { qos: 1 }).catch(() => undefined)
      // Sent after the denied one on the same connection, so if that had been delivered it would be here first.
      await plant.publishAsync(`cpi/${PLANT_ID}/telemetry`, 'genuine', { qos: 1 })
      await until(() => seen.length > 0)
      expect(seen).toEqual([`cpi/${PLANT_ID}/telemetry`])
      await Promise.all([plant.endAsync(), ops.endAsync()])
    })

    it('a subscription to another plant\u2019s commands is granted but delivers nothing', async () => {
      const plant = await connected(PLANT_ID, protocol)
      const seen = inbox(plant)
      const granted = await plant.subscribeAsync([`cpi/${OTHER_PLANT_ID}/commands`, `cpi/${PLANT_ID}/commands`], { qos: 1 })
      expect(granted.map((g) => g.qos)).toEqual([1, 1])
      const ops = await connected(OPS_USERNAME, protocol, `${OPS_USERNAME}-acl-${protocol}`)
      await ops.publishAsync(`cpi/${OTHER_PLANT_ID}/commands`, 'not for you', { qos: 1 })
      await ops.publishAsync(`cpi/${PLANT_ID}/commands`, 'for you', { qos: 1 })
      await until(() => seen.length > 0)
      expect(seen).toEqual([`cpi/${PLANT_ID}/commands`])
      await Promise.all([plant.endAsync(), ops.endAsync()])
    })
  })
}
