// --cases: every row of the shared case table (tests/cases/broker-cases.ts) sent to the real
// plugin, its answer compared with the row's written-out outcome, CONNACK and log lines. This is
// how the rows' lines are checked against the real plugin rather than against brokerVerdict.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brokerCases, KEY_FILES, materialiseCase, type KeyFileVariant } from '../../tests/cases/broker-cases'
import type { Verdict } from '../../lib/tokens'
import { compare, relevantLines } from './compare'
import { sendConnect } from './mqtt-connect'
import { RealBroker } from './real-broker'

/** Runs every row; each broker it starts goes into `started`, for the caller to stop at exit. */
export async function checkCaseTable(plugin: string, dir: string, port: number, started: RealBroker[]): Promise<number> {
  let bad = 0
  const variants = [...new Set(brokerCases.map((c) => c.keyFile))] as KeyFileVariant[]
  for (const variant of variants) {
    const keyFile = join(dir, `${variant}.key`)
    writeFileSync(keyFile, KEY_FILES[variant]())
    const broker = new RealBroker({ mosquitto: 'mosquitto', plugin, keyFile, port, dir: join(dir, `cases-${variant}`) })
    started.push(broker)
    await broker.start()
    for (const c of brokerCases.filter((row) => row.keyFile === variant)) {
      if (broker.exited) await broker.start()
      const now = Math.floor(Date.now() / 1000)
      const m = await materialiseCase(c, now)
      const mark = broker.lines.length
      const password = typeof m.password === 'string' ? Buffer.from(m.password) : m.password
      const answer = await sendConnect({ port, protocol: m.protocol, clientId: m.clientId, username: Buffer.from(m.username), password }, 10_000)
      if (answer.connack === null) await broker.waitForExit(5000)
      else await broker.waitFor((l) => l.slice(mark).some((x) => x.endsWith('disconnected, not authorised.') || x.includes('New client connected from')), 5000)
      const lines = relevantLines(broker.lines.slice(mark))
      const expected = { outcome: m.expectConnack === null ? 'crash' : m.expectConnack === 0 ? 'accept' : 'refuse', connack: m.expectConnack, brokerLogLines: m.expectLog, rule: m.expectRule } as Verdict
      const observed = { outcome: answer.connack === null ? 'crash' : answer.connack === 0 ? 'accept' : 'refuse', connack: answer.connack, lines } as const
      const diffs = compare(expected, observed)
      if (diffs.length) {
        bad++
        console.log(`✗ ${c.name}\n  row    ${JSON.stringify(m.expectLog)}\n  broker ${JSON.stringify(lines)} (CONNACK ${answer.connack})`)
      }
    }
    await broker.stop()
  }
  console.log(bad ? `${bad} of ${brokerCases.length} case-table rows differ from the real plugin` : `all ${brokerCases.length} case-table rows match the real plugin`)
  return bad
}
