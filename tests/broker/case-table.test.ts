// Runs every row of THE broker case table against a real Mosquitto with the local JWT plugin and
// proves the CONNACK equals both the row's expectation and brokerVerdict() for the same inputs,
// and that the broker log names the same rule. One broker per key file, as the key loads once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { brokerVerdict } from '../../lib/tokens'
import { brokerCases, materialiseCase, type BrokerCase, type KeyFileVariant } from '../cases/broker-cases'
import { pluginDecisionSince, startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'

interface RowResult {
  name: string
  broker: number | null
  verdict: number | null
  agree: boolean
}
const results: RowResult[] = []

const byKeyFile = new Map<KeyFileVariant, BrokerCase[]>()
for (const c of brokerCases) byKeyFile.set(c.keyFile, [...(byKeyFile.get(c.keyFile) ?? []), c])

/** Waits until the wall clock has just entered a new second, for rows with one second of margin. */
async function startOfFreshSecond(): Promise<void> {
  const ms = Date.now() % 1000
  if (ms > 100) await new Promise((r) => setTimeout(r, 1000 - ms + 5))
}

function refusedCode(protocol: '3.1.1' | '5'): number {
  return protocol === '5' ? 135 : 5
}

for (const [keyFile, cases] of byKeyFile) {
  describe(`key file ${keyFile}`, () => {
    let broker: TestBrokerDetails

    beforeAll(async () => {
      const { keyFileBytes } = await materialiseCase(cases[0]!, Math.floor(Date.now() / 1000))
      broker = await startBroker({ keyFile: keyFileBytes })
    })
    afterAll(async () => {
      await broker?.stop()
    })

    for (const c of cases) {
      it(`${c.name}: CONNACK matches the table and brokerVerdict, and the log names ${c.expectRule}`, async () => {
        if (c.skipOnRealBroker?.includes('second')) await startOfFreshSecond()
        const now = Math.floor(Date.now() / 1000)
        const m = await materialiseCase(c, now)
        const verdict = await brokerVerdict({ token: m.password, keyFile: m.keyFileBytes, username: m.username, protocol: m.protocol, now, clientId: m.clientId })

        const logStart = broker.logs().length
        const result = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username: m.username, password: m.password, clientId: m.clientId, protocol: m.protocol })
        if (result.client) await result.client.endAsync()
        const decision = await pluginDecisionSince(broker.logs, logStart)

        if (m.expectConnack === null) {
          // The real plugin crashes the broker on this input; the local one must refuse and live on.
          expect(verdict.connack).toBeNull()
          expect(result.connack).toBe(refusedCode(m.protocol))
          expect(broker.isRunning()).toBe(true)
          results.push({ name: c.name, broker: result.connack, verdict: verdict.connack, agree: false })
        } else {
          results.push({ name: c.name, broker: result.connack, verdict: verdict.connack, agree: result.connack === verdict.connack })
          expect(result.connack).toBe(m.expectConnack)
          expect(result.connack).toBe(verdict.connack)
        }
        expect(decision.rule).toBe(m.expectRule)
        expect(decision.rule).toBe(verdict.rule)
        if (verdict.brokerLog === 'InvalidSignature') expect(decision.reason).toBe('InvalidSignature')
      })
    }
  })
}

afterAll(() => {
  const comparable = results.filter((r) => r.verdict !== null)
  const agreeing = comparable.filter((r) => r.agree).length
  const crashRows = results.filter((r) => r.verdict === null)
  console.log(
    `broker vs brokerVerdict: ${agreeing}/${comparable.length} rows agree` +
      (crashRows.length
        ? ` (+${crashRows.length} row(s) where the real broker crashes and the local one refuses with ${crashRows.map((r) => r.broker).join('/')}: ${[...new Set(crashRows.map((r) => r.name.replace(/ \(MQTT .*\)$/, '')))].join('; ')})`
        : '')
  )
  for (const r of comparable.filter((x) => !x.agree)) console.log(`  disagrees: ${r.name}: broker ${r.broker}, brokerVerdict ${r.verdict}`)
})
