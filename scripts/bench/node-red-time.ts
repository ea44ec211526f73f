// Node-RED flow speed: `npx tsx scripts/bench/node-red-time.ts [runs]` starts the pinned Node-RED
// with examples/node-red/flow.json against the local JWT broker, as the tests do, and prints
// spawn → "connected" and spawn → 3 telemetry messages acknowledged (PUBACK), median of the runs.
// It prints figures and asserts nothing.
import { startBroker } from '../../tests/support/broker'
import { ensureNodeRed, nodeRedVersion, startNodeRed } from '../../tests/support/node-red'
import { ENROLLED_KEY, PLANT_ID, PRIVATE_KEY_PATH } from '../../tests/broker/tokens'
import { describe, spread } from './stats'

export interface NodeRedTimes {
  version: string
  /** Spawn → the flow logged "connected" (Node-RED's start included), ms. */
  connected: ReturnType<typeof spread>
  /** Spawn → the third telemetry message acknowledged by the broker, ms. */
  threeAcknowledged: ReturnType<typeof spread>
}

export async function nodeRedTimes(runs: number, readingEverySeconds = 0.1): Promise<NodeRedTimes> {
  ensureNodeRed()
  const broker = await startBroker({ keyFile: ENROLLED_KEY })
  const connected: number[] = []
  const threeAcknowledged: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const run = startNodeRed({
        env: { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile, VOKE_PLANT_ID: PLANT_ID, VOKE_PRIVATE_KEY: PRIVATE_KEY_PATH },
        readingEverySeconds
      })
      try {
        connected.push((await run.waitFor('function:Voke connection', /^connected$/)).at)
        const acknowledged = /^published cpi\/\S+\/telemetry \{"seq":3,/
        threeAcknowledged.push((await run.waitFor('function:Delivery report', acknowledged)).at)
      } finally {
        await run.stop()
      }
    }
  } finally {
    await broker.stop()
  }
  return { version: nodeRedVersion(), connected: spread(connected), threeAcknowledged: spread(threeAcknowledged) }
}

if (process.argv[1]?.endsWith('node-red-time.ts')) {
  const runs = Number(process.argv[2] ?? 5)
  void nodeRedTimes(runs).then((t) => {
    console.log(`Node-RED ${t.version}, Node.js ${process.versions.node}, flow examples/node-red/flow.json, reading every 0.1 s`)
    console.log(`spawn → connected:               ${describe(t.connected)}`)
    console.log(`spawn → 3 messages acknowledged: ${describe(t.threeAcknowledged)}`)
  })
}
