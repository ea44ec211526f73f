// npm run check:real-plugin -- --plugin PATH [--count N] [--seed S] [--workers W] [--port P] [--coverage] [--cases]
// The differential check of brokerVerdict against a real build of the broker plugin (the oracle in
// ../shared/oracle, or Voke's production .so): generated tokens over MQTT 3.1.1 and 5, each
// compared on outcome, CONNACK and the broker's log lines. Prints the seed, the agreement and
// every disagreement grouped by class with an example; exits 1 on any disagreement. --cases
// instead holds the rows of the shared case table to the real plugin.
import { generateKeyPair, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { brokerVerdict } from '../../lib/tokens'
import { checkCaseTable } from './case-table'
import { compare, disagreementClass, relevantLines, type Difference, type Observed } from './compare'
import { sendConnect } from './mqtt-connect'
import { RealBroker } from './real-broker'
import { TokenGrammar, type GeneratedToken } from './token-grammar'

function option(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? process.argv[at + 1] : fallback
}

const pluginArg = option('plugin')
if (!pluginArg) {
  console.error('usage: npm run check:real-plugin -- --plugin PATH/libmosquitto_jwt_auth.so [--count N] [--seed S] [--workers W] [--port P]')
  process.exit(2)
}
const plugin = resolve(pluginArg)
if (!existsSync(plugin)) {
  console.error(`no plugin at ${plugin}`)
  process.exit(2)
}
const count = Number(option('count', '3000'))
const seed = Number(option('seed', String(Math.floor(Math.random() * 2 ** 31))))
const workers = Number(option('workers', '4'))
const basePort = Number(option('port', '19500'))
const verbose = process.argv.includes('--verbose')

function makeKeyPair(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })))
  )
}

interface Result {
  token: GeneratedToken
  diffs: Difference[]
  cls: string
  observed: Observed
}

// Whatever happens (a broker that does not start, an error), nothing is left behind.
const dir = mkdtempSync(join(tmpdir(), 'check-real-plugin-'))
const brokers: RealBroker[] = []
process.on('exit', () => {
  for (const b of brokers) b.kill()
  rmSync(dir, { recursive: true, force: true })
})

async function main() {
  if (process.argv.includes('--cases')) {
    const bad = await checkCaseTable(plugin, dir, basePort, brokers)
    process.exitCode = bad ? 1 : 0
    return
  }
  console.log(`check:real-plugin: seed ${seed}, ${count} tokens, plugin ${plugin}`)
  // The enrolled pair and an unrelated one, made side by side (each takes seconds on a loaded machine).
  const [main, other] = await Promise.all([makeKeyPair(), makeKeyPair()])
  const keyFile = join(dir, 'jwt-public.der')
  const keyBytes = new Uint8Array(main.publicKey.export({ type: 'pkcs1', format: 'der' }))
  writeFileSync(keyFile, keyBytes)
  const nowSeconds = () => Math.floor(Date.now() / 1000)
  const jwk = (k: KeyObject) => k.export({ format: 'jwk' }) as Record<string, string>
  const jwks = {
    RSA: jwk(main.publicKey),
    EC: jwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey),
    OKP: jwk(generateKeyPairSync('ed25519').publicKey),
    oct: { kty: 'oct', k: randomBytes(32).toString('base64url') }
  }
  const grammar = new TokenGrammar(seed, { main: main.privateKey, other: other.privateKey, jwks }, nowSeconds)
  for (let k = 0; k < workers; k++) brokers.push(new RealBroker({ mosquitto: 'mosquitto', plugin, keyFile, port: basePort + k, dir: join(dir, `broker-${k}`) }))
  await Promise.all(brokers.map((b) => b.start()))
  const started = Date.now()
  const results: Result[] = []
  let nextIndex = 0
  let crashes = 0

  async function run(broker: RealBroker, port: number) {
    for (;;) {
      const index = nextIndex++
      if (index >= count) return
      const token = grammar.next(index)
      if (broker.exited) await broker.start()
      const mark = broker.lines.length
      const clientId = `dc-${index}`
      const answer = await sendConnect(
        { port, protocol: token.protocol, clientId, username: token.username === undefined ? undefined : Buffer.from(token.username), password: token.password },
        10_000
      )
      const now = nowSeconds()
      if (answer.connack === null) {
        await broker.waitForExit(5000)
        crashes++
      } else await broker.waitFor((l) => l.slice(mark).some((x) => x.endsWith('disconnected, not authorised.') || x.includes('New client connected from')), 5000)
      const observed: Observed = {
        outcome: answer.connack === null ? 'crash' : answer.connack === 0 ? 'accept' : 'refuse',
        connack: answer.connack,
        lines: relevantLines(broker.lines.slice(mark))
      }
      const model = await brokerVerdict({ token: token.password ?? new Uint8Array(), keyFile: keyBytes, username: token.username ?? '', protocol: token.protocol, now, clientId })
      const diffs = compare(model, observed)
      results.push({ token, diffs, cls: diffs.length ? disagreementClass(model, observed) : '', observed })
      if (verbose && diffs.length) console.log(index, token.faults.join(' + '), JSON.stringify(diffs))
    }
  }
  await Promise.all(brokers.map((b, k) => run(b, basePort + k)))
  await Promise.all(brokers.map((b) => b.stop()))
  report(results, crashes, Date.now() - started)
}

function report(results: Result[], crashes: number, ms: number) {
  const n = results.length
  const agree = (aspect: Difference['aspect']) => results.filter((r) => !r.diffs.some((d) => d.aspect === aspect)).length
  const pct = (k: number) => `${k}/${n} (${((100 * k) / n).toFixed(2)} %)`
  const by = (p: '3.1.1' | '5') => results.filter((r) => r.token.protocol === p).length
  const outcomes = ['accept', 'refuse', 'crash'].map((o) => `${o} ${results.filter((r) => r.observed.outcome === o).length}`).join(', ')
  console.log(`${n} tokens in ${(ms / 1000).toFixed(1)} s (MQTT 3.1.1: ${by('3.1.1')}, MQTT 5: ${by('5')}; broker: ${outcomes}; restarts after crashes: ${crashes})`)
  console.log(`  outcome agreement: ${pct(agree('outcome'))}`)
  console.log(`  CONNACK agreement: ${pct(agree('connack'))}`)
  console.log(`  log-line agreement: ${pct(agree('log'))}`)
  const classes = new Map<string, Result[]>()
  for (const r of results) if (r.diffs.length) classes.set(r.cls, [...(classes.get(r.cls) ?? []), r])
  for (const [cls, rs] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
    const ex = rs[0]!
    const password = ex.token.password ? Buffer.from(ex.token.password).toString('latin1') : '(none)'
    console.log(`\n✗ ${rs.length} × ${cls}`)
    console.log(`  faults: ${ex.token.faults.join(' + ')}; MQTT ${ex.token.protocol}; username ${JSON.stringify(ex.token.username)}`)
    console.log(`  token: ${JSON.stringify(password)}`)
    for (const d of ex.diffs) console.log(`  ${d.aspect}: model ${JSON.stringify(d.expected)}\n  ${' '.repeat(d.aspect.length)}  broker ${JSON.stringify(d.actual)}`)
  }
  if (process.argv.includes('--coverage')) {
    // Which broker answers the generated tokens reached, by the shape of their first line.
    const seen = new Map<string, number>()
    for (const r of results) {
      const key = `${r.observed.outcome}: ${(r.observed.lines[0] ?? '(no line)').replace(/\d+/g, 'N').slice(0, 140)}`
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    console.log(`\ncoverage: ${seen.size} kinds of answer`)
    for (const [k, v] of [...seen].sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(5)}  ${k}`)
  }
  const bad = results.filter((r) => r.diffs.length).length
  console.log(bad ? `\n${bad} of ${n} tokens disagree (seed ${seed})` : `\nall ${n} tokens agree (seed ${seed})`)
  process.exitCode = bad ? 1 : 0
}

main().catch((error) => {
  console.error(error)
  process.exit(2)
})
