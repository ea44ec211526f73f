// Every refusal the broker case table holds (tests/cases/broker-cases.ts, lines as the real
// plugin 0.4.0 printed them) is explained by a broker-log recogniser of its own, not only by
// Mosquitto's generic "not authorised" line: a pasted jwt-auth: line of any class gets an answer.
import { describe, expect, it } from 'vitest'
import { brokerCases, materialiseCase } from '../../tests/cases/broker-cases'
import { recogniseLine, type CauseCode } from '.'

const NOW = 1_796_150_000
// The table writes placeholders where the real line has a number or a path.
const concrete = (line: string) => line.replace('nanos: N', 'nanos: 123456789').replace('(PID)', '(4242)').replace('…/', '/root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/')

// The cause the explanation must name for each rule of the table (one of the recogniser's causes).
const CAUSE_OF_RULE: Record<string, CauseCode> = {
  ALG_NOT_RS256: 'WRONG_ALGORITHM',
  CLAIM_DUPLICATE: 'DUPLICATE_CLAIM',
  HEADER_DUPLICATE: 'DUPLICATE_CLAIM',
  CLAIM_TYPE: 'CLAIM_TYPE',
  HEADER_MEMBER_TYPE: 'HEADER_MEMBER_TYPE',
  TOPIC_FILTER_INVALID: 'TOPIC_FILTER_INVALID',
  EXPIRED: 'TOKEN_EXPIRED',
  EXP_NOT_INTEGER: 'TIME_NOT_INTEGER',
  IAT_NOT_INTEGER: 'TIME_NOT_INTEGER',
  NBF_NOT_INTEGER: 'TIME_NOT_INTEGER',
  EXP_OUT_OF_RANGE: 'BROKER_CRASH_DATE',
  IAT_OUT_OF_RANGE: 'BROKER_CRASH_DATE',
  NBF_OUT_OF_RANGE: 'BROKER_CRASH_DATE',
  IAT_IN_FUTURE: 'CLOCK_AHEAD',
  NBF_IN_FUTURE: 'CLOCK_AHEAD',
  KEY_IS_CERTIFICATE: 'KEY_FILE_FORMAT',
  KEY_IS_PRIVATE: 'KEY_FILE_FORMAT',
  KEY_PEM_NOT_DER: 'KEY_FILE_FORMAT',
  KEY_SPKI_NOT_PKCS1: 'KEY_FILE_FORMAT',
  KEY_TOO_SMALL: 'KEY_TOO_SMALL',
  PASSWORD_EMPTY: 'PASSWORD_NOT_SENT',
  PASSWORD_NOT_UTF8: 'BROKER_CRASH_UTF8',
  SIGNATURE_MISMATCH: 'KEY_PAIR_MISMATCH',
  SUB_MISMATCH: 'SUB_MISMATCH',
  SUB_MISSING: 'SUB_MISSING',
  SUB_NOT_STRING: 'SUB_NOT_STRING',
  TOKEN_BASE64URL: 'TOKEN_NOT_BARE',
  TOKEN_BASE64_ALPHABET: 'TOKEN_BASE64',
  TOKEN_BEARER_PREFIX: 'TOKEN_NOT_BARE',
  TOKEN_WHITESPACE: 'TOKEN_NOT_BARE',
  TOKEN_PADDING: 'TOKEN_BASE64',
  TOKEN_PARTS: 'TOKEN_PARTS',
  TOKEN_HEADER_NOT_JSON: 'HEADER_MALFORMED',
  TOKEN_HEADER_NOT_OBJECT: 'HEADER_MALFORMED',
  TOKEN_PAYLOAD_NOT_JSON: 'PAYLOAD_NOT_JSON',
  TOKEN_PAYLOAD_NOT_OBJECT: 'PAYLOAD_NOT_OBJECT',
  USERNAME_EMPTY: 'USERNAME_NOT_SET'
}

describe('every refusal line of the broker case table', () => {
  const refused = brokerCases.filter((c) => c.expectConnack !== 0 && c.protocol === '5')
  for (const row of refused)
    it(`${row.name}: ${row.expectRule}`, async () => {
      const { expectLog } = await materialiseCase(row, NOW)
      const line = concrete(expectLog[0]!)
      const match = recogniseLine(`${NOW}: ${line}`)
      expect(match?.recogniser.kind, line).toBe('broker-log')
      expect(match?.recogniser.id, line).not.toBe('mosquitto-not-authorised')
      expect(CAUSE_OF_RULE, `add ${row.expectRule} to CAUSE_OF_RULE`).toHaveProperty(row.expectRule)
      expect(match?.recogniser.causes, line).toContain(CAUSE_OF_RULE[row.expectRule])
    })
})
