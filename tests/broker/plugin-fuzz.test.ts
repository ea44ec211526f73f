// Fuzzes the plugin's decision code (the same C files, built with AddressSanitizer/UBSan as
// broker/build/voke-jwt-check) with thousands of generated passwords, claims and key files:
// no input may crash it, and every decision must equal brokerVerdict's for the same input: the
// same rule, the same outcome (crash included) and the same line the real plugin would print.
import { spawn } from 'node:child_process'
import { createSign } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { BROKER_DIR, buildPlugin } from '../../broker/local-broker'
import { brokerVerdict } from '../../lib/tokens'
import { keyVector, keyVectorDir, keyVectorText } from '../support/vectors'
import { ENROLLED_KEY, PLANT_ID } from './tokens'

const CHECKER = join(BROKER_DIR, 'build', 'voke-jwt-check')
const NOW = 1_800_000_000
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
const MAIN_KEY = keyVectorText('rsa2048.pkcs8.pem')
const OTHER_KEY = keyVectorText('rsa2048-e3.pkcs8.pem')

interface Input {
  key: Uint8Array
  username: string
  password: string | Uint8Array
}

interface Decision {
  rule: string
  reason: string
  crash: boolean
  /** The real plugin's line as the checker prints it (backslash, tab and newline escaped). */
  line: string
}

const escapeLine = (line: string) => line.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')

/** The checker's clock is NOW and half a second: nanos 500000000, and NotYetValid counts from there. */
function verdictLine(verdict: Awaited<ReturnType<typeof brokerVerdict>>): string {
  if (verdict.outcome === 'crash') return escapeLine(`${verdict.brokerLogLines[0]} ${verdict.brokerLogLines[1]}`)
  if (verdict.outcome === 'accept') return ''
  return escapeLine(verdict.brokerLogLines[0]!.replace('nanos: N', 'nanos: 500000000'))
}

function field(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32LE(bytes.length)
  return Buffer.concat([length, bytes])
}

/** Runs every input through the sanitized checker in one process (key bytes per record). */
function runChecker(inputs: Input[]): Promise<Decision[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(CHECKER, ['-', String(NOW)], { stdio: ['pipe', 'pipe', 'pipe'] })
    // Bytes are kept and decoded once at the end: a '…' split across two chunks decoded chunk by
    // chunk would come out as two replacement characters.
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      if (code !== 0) return reject(new Error(`voke-jwt-check exited with ${code ?? signal} (a sanitizer finding or crash):\n${stderr.slice(0, 4000)}`))
      const lines = stdout.split('\n').filter((l) => l.length > 0)
      resolve(lines.map((line) => {
        const [rule, reason, , crash, jwtLine] = line.split('\t')
        return { rule: rule!, reason: reason ?? '', crash: crash === '1', line: jwtLine ?? '' }
      }))
    })
    const enc = new TextEncoder()
    for (const input of inputs) {
      const password = typeof input.password === 'string' ? enc.encode(input.password) : input.password
      child.stdin.write(Buffer.concat([field(input.key), field(enc.encode(input.username)), field(password)]))
    }
    child.stdin.end()
  })
}

const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url')

function signed(headerJson: string, payloadJson: string, how: 'main' | 'other' | 'empty' | 'rs384'): string {
  const input = `${b64url(headerJson)}.${b64url(payloadJson)}`
  if (how === 'empty') return `${input}.`
  const signature = createSign(how === 'rs384' ? 'RSA-SHA384' : 'RSA-SHA256').update(input).sign(how === 'other' ? OTHER_KEY : MAIN_KEY)
  return `${input}.${b64url(signature)}`
}

// Claim values as JSON text: the number lexemes, types and edge values the rules care about.
const offset = fc.oneof(fc.constantFrom(-1, 0, 1, -3600, 3600), fc.integer({ min: -5000, max: 5000 }))
const claimValue = fc.oneof(
  { weight: 6, arbitrary: offset.map((d) => String(NOW + d)) },
  { weight: 1, arbitrary: offset.map((d) => `${NOW + d}.5`) },
  { weight: 1, arbitrary: offset.map((d) => `${NOW + d}.0`) },
  { weight: 1, arbitrary: offset.map((d) => `"${NOW + d}"`) },
  { weight: 1, arbitrary: fc.constantFrom('2e9', '1.8e9', '1800000000e0', '-0', '-5', '0', 'null', 'true', 'false', '{}', '[]', '{"a":1,"a":2}', `"${PLANT_ID}"`, '""') },
  // Around chrono's date range (beyond it the real broker crashes), milliseconds, u64, i64::MIN.
  { weight: 1, arbitrary: fc.constantFrom('1000000000000000', '9007199254740992', '8210298412799', '8210298412800', '-8334632851200', '-8334632851201', String(NOW * 1000), '18446744073709551615', '-9223372036854775808', '1e400') }
)
const subValue = fc.oneof(
  { weight: 8, arbitrary: fc.constant(`"${PLANT_ID}"`) },
  { weight: 1, arbitrary: fc.constantFrom(`"${PLANT_ID.toUpperCase()}"`, `"${PLANT_ID} "`, '12345', '"12345"', 'null', `"${PLANT_ID.replace('3f', '3\\u0066')}"`) }
)
const member = fc.oneof(
  fc.tuple(fc.constantFrom('exp', 'nbf', 'iat', 'aud', 'jti', 'x'), claimValue),
  fc.tuple(fc.constantFrom('sub', 's\\u0075b'), subValue)
)
const ws = fc.constantFrom('', '', '', ' ', '\n ', '\t')
const payload = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.boolean(), subValue, fc.array(member, { maxLength: 5 }), ws).map(([withSub, sub, rest, space]) => {
      const members = (withSub ? [['sub', sub] as const, ...rest] : rest).map(([name, value]) => `${space}"${name}"${space}:${space}${value}`)
      return `{${members.join(',')}${space}}`
    }) },
  { weight: 1, arbitrary: fc.constantFrom('[]', `"${PLANT_ID}"`, '1', 'null', '{"sub":', '{"sub":"x"} x', '', '{"sub":"\\ud800"}') }
)
const header = fc.oneof(
  { weight: 10, arbitrary: fc.constant('{"alg":"RS256","typ":"JWT"}') },
  { weight: 1, arbitrary: fc.constantFrom('{"alg":"rs256"}', '{"alg":"HS256"}', '{"alg":"none"}', '{"alg":"RS384"}', '{"typ":"JWT"}', '{"alg":1}', '[]', '{', '{"alg":"RS256","crit":["exp"],"kid":"k"}', '{"alg":"RS\\u0032\\u00356"}', '{"alg":"RS256","kid":"a","kid":"b"}', '{"alg":"RS256","alg":"RS256"}', '{"alg":null}') }
)
const username = fc.oneof({ weight: 8, arbitrary: fc.constant(PLANT_ID) }, { weight: 1, arbitrary: fc.constantFrom(PLANT_ID.toUpperCase(), '12345', '', `${PLANT_ID} `) })
const how = fc.oneof({ weight: 10, arbitrary: fc.constant('main' as const) }, { weight: 1, arbitrary: fc.constantFrom('other' as const, 'empty' as const, 'rs384' as const) })

const structuredTokens = fc.tuple(header, payload, how, username).map(([h, p, sig, user]): Input => ({ key: ENROLLED_KEY, username: user, password: signed(h, p, sig) }))

// Damaged copies of a valid token: one character replaced, inserted or removed, or cut short.
const VALID = signed('{"alg":"RS256","typ":"JWT"}', `{"sub":"${PLANT_ID}","iat":${NOW - 5},"exp":${NOW + 3600}}`, 'main')
const damagedTokens = fc
  .tuple(fc.nat({ max: VALID.length - 1 }), fc.constantFrom(...'AZaz09-_.=+/ \n\u00e9'.split('')), fc.constantFrom('replace', 'insert', 'delete', 'cut'))
  .map(([i, ch, op]): Input => ({
    key: ENROLLED_KEY,
    username: PLANT_ID,
    password: op === 'replace' ? VALID.slice(0, i) + ch + VALID.slice(i + 1) : op === 'insert' ? VALID.slice(0, i) + ch + VALID.slice(i) : op === 'delete' ? VALID.slice(0, i) + VALID.slice(i + 1) : VALID.slice(0, i)
  }))

const randomPasswords = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((bytes): Input => ({ key: ENROLLED_KEY, username: PLANT_ID, password: bytes.filter((b) => b !== 0) })),
  fc.string({ maxLength: 300, unit: 'binary' }).map((text): Input => ({ key: ENROLLED_KEY, username: PLANT_ID, password: text.replace(/\0/g, '') })),
  fc.array(fc.constantFrom('eyJ', 'a', '_', '-', '.', '=', '+', ' '), { maxLength: 80 }).map((parts): Input => ({ key: ENROLLED_KEY, username: PLANT_ID, password: parts.join('') }))
)

// Key files: every committed vector, and damaged copies of the enrolled one.
const vectorKeys = readdirSync(keyVectorDir).filter((name) => !name.endsWith('.md')).map((name) => keyVector(name))
const damagedKeys = fc
  .tuple(fc.nat({ max: ENROLLED_KEY.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'cut', 'append'))
  .map(([i, byte, op]): Uint8Array => {
    const copy = Uint8Array.from(ENROLLED_KEY)
    if (op === 'replace') {
      copy[i] = byte
      return copy
    }
    return op === 'cut' ? copy.slice(0, i) : Uint8Array.from([...copy, byte])
  })

function describeInput(input: Input): string {
  const text = typeof input.password === 'string' ? input.password : `bytes ${Buffer.from(input.password).toString('hex')}`
  const parts = typeof input.password === 'string' ? input.password.split('.') : []
  const decoded = parts.length === 3 ? ` header ${Buffer.from(parts[0]!, 'base64url').toString()} payload ${Buffer.from(parts[1]!, 'base64url').toString()}` : ''
  return `username ${JSON.stringify(input.username)} password ${JSON.stringify(text.slice(0, 120))}${decoded} key ${input.key.length} bytes`
}

async function compare(inputs: Input[]): Promise<{ disagreements: string[]; decisions: Decision[] }> {
  const decisions = await runChecker(inputs)
  expect(decisions).toHaveLength(inputs.length)
  const disagreements: string[] = []
  for (const [i, input] of inputs.entries()) {
    const verdict = await brokerVerdict({ token: input.password, keyFile: input.key, username: input.username, protocol: '5', now: NOW })
    const c = decisions[i]!
    const expected = verdictLine(verdict)
    if (c.rule === verdict.rule && c.crash === (verdict.outcome === 'crash') && c.line === expected) continue
    disagreements.push(`plugin ${c.rule}${c.crash ? ' (crash)' : ''} "${c.line}" vs brokerVerdict ${verdict.rule} (${verdict.outcome}) "${expected}": ${describeInput(input)}`)
  }
  return { disagreements, decisions }
}

describe(`the plugin's decision code under AddressSanitizer (seed ${SEED}; FUZZ_SEED=${SEED} reproduces)`, () => {
  beforeAll(async () => {
    await buildPlugin()
  })

  it('1000 generated tokens (claims, number lexemes, algs, signatures) get the same rule as brokerVerdict', async () => {
    const inputs = fc.sample(structuredTokens, { numRuns: 1000, seed: SEED })
    const { disagreements, decisions } = await compare(inputs)
    console.log(`generated tokens: ${inputs.length - disagreements.length}/${inputs.length} same rule and log line`)
    expect(disagreements.slice(0, 10)).toEqual([])
    // The generator must reach both outcomes, or this proves little.
    expect(decisions.filter((d) => d.rule === 'OK').length).toBeGreaterThan(50)
    expect(new Set(decisions.map((d) => d.rule)).size).toBeGreaterThan(12)
  })

  it('1000 damaged copies of a valid token get the same rule as brokerVerdict', async () => {
    const { disagreements } = await compare(fc.sample(damagedTokens, { numRuns: 1000, seed: SEED }))
    console.log(`damaged tokens: ${1000 - disagreements.length}/1000 same rule and log line`)
    expect(disagreements.slice(0, 10)).toEqual([])
  })

  it('3000 random passwords (bytes, binary strings, token-like junk) never crash it and match brokerVerdict', async () => {
    const { disagreements } = await compare(fc.sample(randomPasswords, { numRuns: 3000, seed: SEED }))
    console.log(`random passwords: ${3000 - disagreements.length}/3000 same rule and log line`)
    expect(disagreements.slice(0, 10)).toEqual([])
  })

  it('every committed key vector and 500 damaged key files: same accept/refuse as brokerVerdict, never a crash', async () => {
    const token = VALID
    const keys = [...vectorKeys, ...fc.sample(damagedKeys, { numRuns: 500, seed: SEED })]
    const inputs = keys.map((key): Input => ({ key, username: PLANT_ID, password: token }))
    const decisions = await runChecker(inputs)
    expect(decisions).toHaveLength(inputs.length)
    const mismatches: string[] = []
    for (const [i, input] of inputs.entries()) {
      const verdict = await brokerVerdict({ token: input.password, keyFile: input.key, username: PLANT_ID, protocol: '5', now: NOW })
      const c = decisions[i]!
      if ((c.rule === 'OK') !== verdict.accept) mismatches.push(`plugin ${c.rule} vs brokerVerdict ${verdict.rule} for key ${Buffer.from(input.key).toString('hex').slice(0, 80)}…`)
      // Every refusal caused by the key is logged with the real plugin's word for it.
      if (c.rule.startsWith('KEY_')) expect(c.reason).toBe('InvalidSignature')
    }
    expect(mismatches.slice(0, 10)).toEqual([])
    expect(decisions.filter((d) => d.rule === 'OK').length).toBeGreaterThan(0)
  })
})
