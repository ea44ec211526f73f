// A plant with a valid token connects, its telemetry reaches Voke's side, and a command from
// Voke's side reaches the plant: the guide's happy path, over TLS, for MQTT 5 and 3.1.1.
import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pluginDecisionSince, startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { ENROLLED_KEY, OPS_USERNAME, PLANT_ID, rs256Token } from './tokens'

let broker: TestBrokerDetails
beforeAll(async () => {
  broker = await startBroker({ keyFile: ENROLLED_KEY })
})
afterAll(async () => {
  await broker?.stop()
})

async function connected(username: string, protocol: '3.1.1' | '5', clientId = username): Promise<MqttClient> {
  const result = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username, password: rs256Token(username), clientId, protocol })
  if (!result.client) throw new Error(`${username} was refused with CONNACK ${result.connack}:\n${broker.logs()}`)
  return result.client
}

function nextMessage(client: MqttClient, timeoutMs = 20_000): Promise<{ topic: string; payload: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message arrived')), timeoutMs)
    client.once('message', (topic, payload) => {
      clearTimeout(timer)
      resolve({ topic, payload: payload.toString() })
    })
  })
}

for (const protocol of ['5', '3.1.1'] as const) {
  describe(`MQTT ${protocol}`, () => {
    it('a plant with a valid RS256 token gets CONNACK 0 and the broker logs why it accepted', async () => {
      const since = broker.logs().length
      const plant = await connected(PLANT_ID, protocol)
      expect(plant.connected).toBe(true)
      expect((await pluginDecisionSince(broker.logs, since)).rule).toBe('OK')
      await plant.endAsync()
    })

    it('telemetry published to cpi/<plant>/telemetry reaches a reader on Voke\u2019s side', async () => {
      const ops = await connected(OPS_USERNAME, protocol, `${OPS_USERNAME}-${protocol}`)
      await ops.subscribeAsync(`cpi/${PLANT_ID}/telemetry`, { qos: 1 })
      const plant = await connected(PLANT_ID, protocol)
      const arrival = nextMessage(ops)
      await plant.publishAsync(`cpi/${PLANT_ID}/telemetry`, '{"temperature":21.5}', { qos: 1 })
      expect(await arrival).toEqual({ topic: `cpi/${PLANT_ID}/telemetry`, payload: '{"temperature":21.5}' })
      await Promise.all([plant.endAsync(), ops.endAsync()])
    })

    it('a command published to cpi/<plant>/commands reaches the subscribed plant', async () => {
      const plant = await connected(PLANT_ID, protocol)
      const granted = await plant.subscribeAsync(`cpi/${PLANT_ID}/commands`, { qos: 1 })
      expect(granted[0]?.qos).toBe(1)
      const ops = await connected(OPS_USERNAME, protocol, `${OPS_USERNAME}-${protocol}`)
      const arrival = nextMessage(plant)
      await ops.publishAsync(`cpi/${PLANT_ID}/commands`, '{"command":"restart"}', { qos: 1 })
      expect(await arrival).toEqual({ topic: `cpi/${PLANT_ID}/commands`, payload: '{"command":"restart"}' })
      await Promise.all([plant.endAsync(), ops.endAsync()])
    })
  })
}
