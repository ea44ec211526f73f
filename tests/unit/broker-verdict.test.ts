// brokerVerdict against every row of the shared case table: the rule it names, the CONNACK (or the
// crash), and the broker log lines, which must equal the lines the table copies from the real plugin.
import { describe, expect, it } from 'vitest'
import { brokerVerdict } from '../../lib/tokens'
import { brokerCases, materialiseCase } from '../cases/broker-cases'

describe('brokerVerdict follows the broker case table', () => {
  for (const c of brokerCases) {
    it(c.name, async () => {
      const now = Math.floor(Date.now() / 1000)
      const m = await materialiseCase(c, now)
      const verdict = await brokerVerdict({
        token: m.password,
        keyFile: m.keyFileBytes,
        username: m.username,
        clientId: m.clientId,
        protocol: m.protocol,
        now
      })
      expect({ rule: verdict.rule, connack: verdict.connack }).toEqual({ rule: m.expectRule, connack: m.expectConnack })
      expect(verdict.outcome).toBe(m.expectConnack === null ? 'crash' : m.expectConnack === 0 ? 'accept' : 'refuse')
      expect(verdict.accept).toBe(m.expectConnack === 0)
      expect(verdict.brokerLogLines).toEqual(m.expectLog)
      expect(verdict.brokerLog).toBe(m.expectLog.join('\n'))
      if (!verdict.accept) expect(verdict.fix.length).toBeGreaterThan(10)
    })
  }
})
