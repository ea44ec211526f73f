// Runs every row of THE broker case table against a real Mosquitto with the local JWT plugin and
// proves the CONNACK equals both the row's expectation and brokerVerdict() for the same inputs,
// that the plugin's log names the same rule, and that the broker log shows the real plugin's
// `jwt-auth:` line and Mosquitto's own line from the table. One broker per key file.
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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A table line as a pattern for a live log: the broker's own clock fills `nanos: N`, and its
 * whole seconds may be one off the table's (the CONNECT lands a moment after the row was made).
 */
function livePattern(line: string): RegExp {
  let pattern = escape(line)
    .replace('nanos: N', 'nanos: \\d+')
    .replace(/secs: (\d+)/, (_, s: string) => `secs: (?:${[Number(s) - 1, Number(s), Number(s) + 1].filter((n) => n >= 0).join('|')})`)
  // An accepted CONNECT: Mosquitto's line, with the client's address, clean flag and keepalive.
  pattern = pattern.replace(escape('<address>'), '\\S+').replace(escape(', …, '), ', c\\d, k\\d+, ')
  return new RegExp(`(^|: )${pattern}$`, 'm')
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
          // The real plugin crashes the broker on this input; the local one must refuse and live on,
          // saying in its log what the real one would print and that it would die.
          expect(verdict.connack).toBeNull()
          expect(result.connack).toBe(refusedCode(m.protocol))
          expect(broker.isRunning()).toBe(true)
          const local = await logLine(broker.logs, logStart, /^jwt-auth: \[local plugin: the real plugin panics here and the whole broker dies\] .*$/m)
          expect(local).toContain(m.expectLog[0]!.replace(/:$/, ''))
          expect(local).toContain(m.expectLog[1]!)
          results.push({ name: c.name, broker: result.connack, verdict: verdict.connack, agree: false })
        } else {
          results.push({ name: c.name, broker: result.connack, verdict: verdict.connack, agree: result.connack === verdict.connack })
          expect(result.connack).toBe(m.expectConnack)
          expect(result.connack).toBe(verdict.connack)
        }
        expect(decision.rule).toBe(m.expectRule)
        expect(decision.rule).toBe(verdict.rule)
        expect(verdict.brokerLogLines).toEqual(m.expectLog)
        if (m.expectConnack !== null) for (const line of m.expectLog) await logLine(broker.logs, logStart, livePattern(line))
      })
    }
  })
}

/** Waits briefly for a line matching pattern in the log after `since` (stderr may lag the CONNACK). */
async function logLine(logs: () => string, since: number, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 2000
  for (;;) {
    const match = pattern.exec(logs().slice(since))
    if (match) return match[0]
    if (Date.now() > deadline) throw new Error(`No line matching ${pattern} in the broker log:\n${logs().slice(since)}`)
    await new Promise((r) => setTimeout(r, 10))
  }
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
