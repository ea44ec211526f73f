// Every `jwt-auth:` line the Troubleshooting page quotes must be a line the broker really prints:
// one that brokerVerdict gives for a row of the case table (values such as seconds, columns and
// quoted ids may differ), so an operator searching the log for the page's words finds them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { brokerVerdict } from '../../lib/tokens'
import { brokerCases, materialiseCase } from '../cases/broker-cases'

const mdx = readFileSync(join(__dirname, '..', '..', 'content', 'troubleshooting.mdx'), 'utf8')
const quoted = [...mdx.matchAll(/``(jwt-auth: [^`].*?)``|`(jwt-auth: [^`]*)`/g)].map((m) => (m[1] ?? m[2]!).trim())

/** The shape of a line: every value that varies from token to token becomes #. */
const shape = (line: string) =>
  line
    .replace(/(secs|nanos|position|actual|column|line): (\d+|N|C|L)/g, '$1: #')
    .replace(/`-?[\d.]+`/g, '`#`')
    .replace(/string \\"[^"\\]*\\"/g, 'string \\"#\\"')
    .replace(/claim 'sub': '.*' doesn't match username: '.*'$/, "claim 'sub': '#' doesn't match username: '#'")
    .replace(/duplicate field `[^`]*`/g, 'duplicate field `#`')

describe('log lines quoted on the Troubleshooting page', () => {
  it('quotes the lines of every kind of refusal', () => expect(quoted.length).toBeGreaterThan(12))

  it('each is a line brokerVerdict gives for some case-table row', async () => {
    const now = 1_800_000_000
    const real = new Set<string>()
    for (const c of brokerCases.filter((row) => row.protocol === '5')) {
      const m = await materialiseCase(c, now)
      const v = await brokerVerdict({ token: m.password, keyFile: m.keyFileBytes, username: m.username, protocol: m.protocol, now })
      for (const line of v.brokerLogLines) if (line.startsWith('jwt-auth: ')) real.add(shape(line))
    }
    // The one line not about a CONNECT: the broker's start-up failure (broker-rules.md, key file missing).
    const startup = ["jwt-auth: couldn't open secret file"]
    expect(quoted.filter((line) => !real.has(shape(line)) && !startup.includes(line))).toEqual([])
  })
})
