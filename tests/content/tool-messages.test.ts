// Quoted tool messages on the site and in the examples are what the tools really print: every
// mosquitto_pub / mqtt.js error, every broker log line (jwt-auth: …) quoted in content/ or
// examples/ is one from tests/content/tool-messages.ts (copied from ../shared/broker-rules.md), a
// file that runs mosquitto_pub with -V mqttv5 quotes the MQTT 5 messages (not the 3.1.1 ones),
// and the local broker's lines (voke-jwt-auth: …) match the plugin's own format strings.
// (The examples tests run mosquitto_pub against the local broker and compare its real output.)
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { walkFiles } from '../../lib/content-check/site'
import { BROKER_LOG_LINES, CLIENT_MESSAGES, DERIVED_BROKER_LOG_LINES, logLinePattern } from './tool-messages'

const REPO = join(__dirname, '..', '..')
const files = [...walkFiles(join(REPO, 'content')), ...walkFiles(join(REPO, 'examples'))]
  .filter((f) => /\.(mdx?|sh|py|ts|js|mjs|c|json)$/.test(f) && !f.includes('node_modules'))
  .map((f) => ({ file: relative(REPO, f), text: readFileSync(f, 'utf8') }))

// A quote ends at a closing quote, backtick, '(' note or the end of the line.
const QUOTE_END = '[^"`\\n(]*?(?=["`\\n(]|\\\\n|$)'
const CLIENT_QUOTE = new RegExp(`(?:Connection error: |Error: (?:A network|A TLS|The connection)|ErrorWithReasonCode: )${QUOTE_END}`, 'g')
// A log line holding backticks (`alg`, `rs256`) is quoted in a double-backtick code span: take it whole.
const LOG_QUOTE = /``(jwt-auth: [^\n]*?)``|(?<![\w-])jwt-auth: [^`\n|]*/g
const LOCAL_LOG_QUOTE = /voke-jwt-auth: [^`\n|]*/g

interface Quote {
  file: string
  line: number
  text: string
}

function quotes(pattern: RegExp): Quote[] {
  return files.flatMap(({ file, text }) =>
    [...text.matchAll(pattern)].map((m) => ({ file, line: text.slice(0, m.index).split('\n').length, text: (m[1] ?? m[0]).trim() }))
  )
}

/** The protocol a file's mosquitto_pub command uses, when it uses one. */
function mosquittoPubProtocol(text: string): 'mqttv5' | 'mqttv311' | null {
  const m = text.match(/mosquitto_pub\b[^\n]*?-V\s+(mqttv5|mqttv311|mqttv31)/)
  return m ? (m[1] === 'mqttv5' ? 'mqttv5' : 'mqttv311') : null
}

export function clientQuoteProblem(quote: Quote, fileText: string): string | null {
  const text = quote.text.replace(/[\s"]+$/, '')
  const known = CLIENT_MESSAGES.find((m) => m.text === text || (m.text.endsWith('…') && text.startsWith(m.text.slice(0, -1))))
  if (!known) return `"${text}" is not what the tool prints; it prints one of: ${CLIENT_MESSAGES.map((m) => `"${m.text}"`).join(', ')}`
  const protocol = known.tool === 'mosquitto_pub' ? mosquittoPubProtocol(fileText) : null
  if (protocol && known.protocol && known.protocol !== protocol) {
    const right = CLIENT_MESSAGES.filter((m) => m.tool === known.tool && m.protocol === protocol).map((m) => `"${m.text}"`)
    return `"${text}" is what mosquitto_pub prints on ${known.protocol}, but this file runs it with -V ${protocol}: it prints ${right.join(' then ')}`
  }
  return null
}

// The local plugin's log formats, e.g. LOG_PREFIX ": refused client \"%s\" username \"%s\": %s %s: %s".
const pluginSource = readFileSync(join(REPO, 'broker', 'plugin', 'voke_jwt_auth.c'), 'utf8')
const pluginFormats = [...pluginSource.matchAll(/LOG_PREFIX\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => 'voke-jwt-auth' + m[1]!.replace(/\\"/g, '"'))

function localLogProblem(text: string): string | null {
  const quoted = text.replace(/\s+$/, '')
  // The page elides values with '…': try it as a word, and as "text: text" (one %s %s: %s tail).
  const gaps = quoted.split('…')
  const fillers = ['x', 'x: x']
  const candidates: string[] = []
  const build = (i: number, acc: string) => {
    if (i === gaps.length - 1) return void candidates.push(acc + gaps[i])
    for (const f of fillers) build(i + 1, acc + gaps[i] + f)
  }
  build(0, '')
  const formats = pluginFormats.map((f) => new RegExp('^' + f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%s|%d/g, '.+') + '$'))
  return candidates.some((c) => formats.some((f) => f.test(c))) ? null : `"${quoted}" is not a line the local plugin logs (broker/plugin/voke_jwt_auth.c)`
}

/**
 * A log line a program builds from a template (check_token.py's f-strings and %-formats, a
 * string joined with +) is not a quote: what it prints is held to the real plugin by the case
 * table (every row through check_token.py) and by check:real-plugin, not by this catalogue.
 */
function isCodeTemplate(q: Quote): boolean {
  if (!/\.(py|ts|js|mjs|c)$/.test(q.file)) return false
  return /\{[^}]*\}|%[ds]|["']\s*\+/.test(q.text)
}

describe('quoted tool messages', () => {
  const clientQuotes = quotes(CLIENT_QUOTE)
  it('finds the quotes it checks (examples/cli/mosquitto-pub.sh quotes mosquitto_pub)', () => {
    expect(clientQuotes.some((q) => q.file === 'examples/cli/mosquitto-pub.sh')).toBe(true)
    expect(pluginFormats.some((f) => f.includes('refused client'))).toBe(true)
  })

  it('every quoted client message is what the client prints, for the protocol the file uses', () => {
    const problems = clientQuotes
      .map((q) => [q, clientQuoteProblem(q, files.find((f) => f.file === q.file)!.text)] as const)
      .filter(([, p]) => p)
      .map(([q, p]) => `${q.file}:${q.line}: ${p}`)
    expect(problems).toEqual([])
  })

  it('every quoted broker log line (jwt-auth: …) is one the real plugin prints', () => {
    const patterns = [...BROKER_LOG_LINES, ...DERIVED_BROKER_LOG_LINES].map(logLinePattern)
    const problems = quotes(LOG_QUOTE)
      .filter((q) => !isCodeTemplate(q))
      .filter((q) => !patterns.some((p) => p.test(q.text)))
      .map((q) => `${q.file}:${q.line}: "${q.text}" is not a line the real plugin prints (tests/content/tool-messages.ts)`)
    expect(problems).toEqual([])
  })

  it('every quoted local broker line (voke-jwt-auth: …) matches the plugin source', () => {
    const problems = quotes(LOCAL_LOG_QUOTE)
      .map((q) => [q, localLogProblem(q.text)] as const)
      .filter(([, p]) => p)
      .map(([q, p]) => `${q.file}:${q.line}: ${p}`)
    expect(problems).toEqual([])
  })

  it('fails on planted mistakes: the MQTT 3.1.1 message next to -V mqttv5, a paraphrase, an invented log line', () => {
    const v5 = 'mosquitto_pub -V mqttv5 -h host\n# shows "Connection error: Connection Refused: not authorised."'
    expect(clientQuoteProblem({ file: 'x.sh', line: 2, text: 'Connection error: Connection Refused: not authorised.' }, v5)).toMatch(/-V mqttv5: it prints "Connection error: Not authorized" then/)
    expect(clientQuoteProblem({ file: 'x.sh', line: 2, text: 'Connection error: Not authorized' }, v5)).toBeNull()
    expect(clientQuoteProblem({ file: 'x.md', line: 1, text: 'Connection error: not authorised' }, '')).toMatch(/is not what the tool prints/)
    expect(BROKER_LOG_LINES.map(logLinePattern).some((p) => p.test('jwt-auth: token expired'))).toBe(false)
    expect(BROKER_LOG_LINES.map(logLinePattern).some((p) => p.test('jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 61, nanos: 5 }))'))).toBe(true)
    expect(localLogProblem('voke-jwt-auth: rejected client "…": EXPIRED')).toMatch(/not a line/)
  })

  // The catalogue is a copy; where the shared reference is checked out beside the repo, hold it to it.
  const reference = join(REPO, '..', 'shared', 'broker-rules.md')
  it.runIf(existsSync(reference))('every catalogued message appears verbatim in ../shared/broker-rules.md', () => {
    const rules = readFileSync(reference, 'utf8')
    const missing = [...CLIENT_MESSAGES.map((m) => m.text.replace(/ …$/, '')), ...BROKER_LOG_LINES.map((l) => l.split('…')[0]!.split(/\b[NSC]\b/)[0]!)]
      .filter((t) => !rules.includes(t) && !rules.includes(t.replace(/^Error: /, '')))
    expect(missing).toEqual([])
  })
})
