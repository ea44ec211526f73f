// The explainer names the right cause for each thing it knows, groups log lines, explains several
// pieces of one paste, and answers "not recognised" (never a guess) for everything else, in
// bounded time on any input. Real client output is checked in tests/examples/explain-capture.test.ts.
import { createSign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BROKER_LOG_LINES, CLIENT_MESSAGES } from '../../tests/content/tool-messages'
import { keyVector, keyVectorText } from '../../tests/support/vectors'
import { CAUSES, explain, RECOGNISERS, recogniseLine, type Finding } from '.'

const NOW = 1_796_150_000
const ids = (findings: Finding[]) => findings.map((f) => f.id)
const causeCodes = (finding: Finding | undefined) => finding?.causes.map((c) => c.code) ?? []
const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

function signedToken(claims: Record<string, unknown>, keyFile = 'rsa2048.pkcs8.pem'): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(keyVectorText(keyFile)).toString('base64url')}`
}

describe('every recogniser', () => {
  for (const recogniser of RECOGNISERS)
    it(`${recogniser.id}: its samples are recognised as ${recogniser.id}, with a tool and version`, () => {
      expect(recogniser.samples.length).toBeGreaterThan(0)
      expect(recogniser.capturedFrom).toMatch(/\d/)
      for (const sample of recogniser.samples) expect(recogniseLine(sample)?.recogniser.id).toBe(recogniser.id)
    })

  it('has a unique id and names only causes that exist', () => {
    expect(new Set(RECOGNISERS.map((r) => r.id)).size).toBe(RECOGNISERS.length)
    for (const r of RECOGNISERS) for (const code of r.causes) expect(CAUSES).toHaveProperty(code)
  })
})

describe('every cause links to a heading that exists', () => {
  const slug = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s/g, '-')
  for (const [code, cause] of Object.entries(CAUSES))
    it(`${code} → ${cause.section}`, () => {
      const [path, anchor] = cause.section.split('#')
      const mdx = readFileSync(join(__dirname, '..', '..', 'content', `${path!.slice(1)}.mdx`), 'utf8')
      const headings = [...mdx.matchAll(/^#{2,4} (.+)$/gm)].map((m) => slug(m[1]!))
      expect(headings).toContain(anchor)
    })
})

describe('the catalogue of what the real tools print (tests/content/tool-messages.ts, from broker-rules.md)', () => {
  // N, S, C stand for numbers and '…' for a quoted value there.
  const concrete = (line: string) => line.replace(/\b[NSC]\b/g, '42').replace(/…/g, 'Plant-1')
  for (const line of BROKER_LOG_LINES)
    it(`broker: ${line.slice(0, 90)}`, async () => {
      const { findings } = await explain(`1796150000: ${concrete(line)}`)
      expect(findings[0]!.kind).toBe('broker-log')
      expect(findings[0]!.causes.length).toBeGreaterThan(0)
    })
  for (const message of CLIENT_MESSAGES)
    it(`${message.tool}: ${message.text}`, async () => {
      const { findings } = await explain(concrete(message.text))
      expect(findings[0]!.kind).not.toBe('not-recognised')
      expect(findings[0]!.causes.length).toBeGreaterThan(0)
    })
})

describe('broker logs', () => {
  const log = [
    '1796150000: New connection from 10.0.0.7:51234 on port 8887.',
    '1796150000: jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 7260, nanos: 12 }))',
    '1796150000: Client 3f2b9c1e-7a4d-4e8b-9f0a-1c2d3e4f5a6b disconnected, not authorised.',
    '2026-12-01T10:00:01Z mosquitto[812]: jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 7261, nanos: 99 }))',
    "Dec 01 10:00:02 broker mosquitto[812]: jwt-auth: claim 'sub': 'Plant-1' doesn't match username: 'plant-1'"
  ].join('\n')

  it('groups lines of one kind, tolerates timestamps and prefixes, and drops the mosquitto line the jwt-auth: line already explains', async () => {
    const { findings } = await explain(log, { now: NOW })
    expect(ids(findings)).toEqual(['plugin-expired', 'plugin-sub-mismatch'])
    expect(findings[0]).toMatchObject({ count: 2 })
    expect(findings[0]!.meaning).toContain('2.0 h')
    expect(findings[1]!.meaning).toContain('only in upper/lower case')
    expect(causeCodes(findings[1])).toEqual(['SUB_MISMATCH'])
  })

  it('the mosquitto line alone asks for the jwt-auth: line', async () => {
    const { findings } = await explain('1796150000: Client plant-1 disconnected, not authorised.')
    expect(ids(findings)).toEqual(['mosquitto-not-authorised'])
    expect(findings[0]!.next).toContain('jwt-auth:')
  })

  it('a crash: the specific panic line wins over the generic abort line', async () => {
    const crash = [
      "thread '<unnamed>' (4242) panicked at /root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/chrono-0.4.23/src/naive/datetime/mod.rs:128:18:",
      'invalid or out-of-range datetime',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
      'thread caused non-unwinding panic. aborting.'
    ].join('\n')
    const { findings } = await explain(crash)
    expect(ids(findings)).toEqual(['plugin-panic-date'])
    expect(findings[0]).toMatchObject({ count: 2 })
    expect(causeCodes(findings[0])).toEqual(['BROKER_CRASH_DATE'])
  })
})

describe('CONNACK codes in any form', () => {
  const cases: [string, string, string][] = [
    ['5', 'connack-5', 'TOKEN_EXPIRED'],
    ['135', 'connack-135', 'TOKEN_EXPIRED'],
    ['0x87', 'connack-135', 'TOKEN_EXPIRED'],
    ['rc=5', 'connack-5', 'TOKEN_EXPIRED'],
    ['on_connect rc=5', 'connack-5', 'TOKEN_EXPIRED'],
    ['CONNACK reason code 135', 'connack-135', 'TOKEN_EXPIRED'],
    ['Not authorized', 'connack-words', 'TOKEN_EXPIRED'],
    ["on_connect rc=Not authorized ReasonCode(Connack, 'Not authorized')", 'connack-words', 'TOKEN_EXPIRED'],
    ['Connection Refused: not authorised.', 'paho-connack-string-5', 'TOKEN_EXPIRED'],
    ['4', 'connack-4', 'NOT_THE_JWT_LISTENER'],
    ['134', 'connack-134', 'NOT_THE_JWT_LISTENER'],
    ['rc=3', 'connack-3', 'NOT_THE_JWT_LISTENER'],
    ['136', 'connack-136', 'NOT_THE_JWT_LISTENER']
  ]
  for (const [paste, id, firstCause] of cases)
    it(`"${paste}" → ${id}, first cause ${firstCause}`, async () => {
      const { findings } = await explain(paste)
      expect(ids(findings)).toEqual([id])
      expect(causeCodes(findings[0])[0]).toBe(firstCause)
    })

  it('5 and 135 ask for the broker\u2019s jwt-auth: line', async () => {
    const { findings } = await explain('135')
    expect(findings[0]!.next).toMatch(/ask the broker.s operator for the jwt-auth: line/i)
  })

  it('numbers that are not CONNACK codes, and rc= outside a connect line, are not taken for one', async () => {
    for (const paste of ['42', '0x7f', '200', 'make: exit rc=1', 'line 5\nline 135\nfoo 0x87\nbar'])
      expect(ids((await explain(paste)).findings)).toEqual(['not-recognised'])
  })
})

describe('tokens', () => {
  it('without a key: an expired token → TOKEN_EXPIRED, and the signature is said to be unchecked', async () => {
    const { findings } = await explain(signedToken({ sub: 'plant-1', iat: NOW - 7200, exp: NOW - 3600 }), { now: NOW })
    expect(causeCodes(findings[0])).toEqual(['TOKEN_EXPIRED'])
    expect(findings[0]!.meaning).toContain('signature was not checked')
  })

  it('a "Bearer " token in a header line → TOKEN_NOT_BARE; "=" padding → TOKEN_BASE64', async () => {
    const token = signedToken({ sub: 'plant-1', iat: NOW - 5, exp: NOW + 3600 })
    expect(causeCodes((await explain(`Authorization: Bearer ${token}`, { now: NOW })).findings[0])).toEqual(['TOKEN_NOT_BARE'])
    expect(causeCodes((await explain(`${token}==`, { now: NOW })).findings[0])).toEqual(['TOKEN_BASE64'])
  })

  it('with the enrolled key: another key\u2019s token → KEY_PAIR_MISMATCH; the right one is accepted', async () => {
    const key = keyVectorText('rsa2048.pkcs1-public.pem')
    const foreign = signedToken({ sub: 'plant-1', iat: NOW - 5, exp: NOW + 3600 }, 'rsa3072.pkcs8.pem')
    const own = signedToken({ sub: 'plant-1', iat: NOW - 5, exp: NOW + 3600 })
    const bad = (await explain(`${foreign}\n${key}`, { now: NOW })).findings.find((f) => f.id === 'token')
    expect(causeCodes(bad)).toEqual(['KEY_PAIR_MISMATCH'])
    const good = (await explain(`mosquitto_pub -u plant-1 -P ${own}\n${key}`, { now: NOW })).findings.find((f) => f.id === 'token')
    expect(good?.causes).toEqual([])
    expect(good?.meaning).toMatch(/accepts/)
  })

  it('the username in the paste is checked against sub', async () => {
    const token = signedToken({ sub: 'Plant-1', iat: NOW - 5, exp: NOW + 3600 })
    const { findings } = await explain(`mosquitto_pub -h mqtt.voke.lovinka.com -u plant-1 -P ${token}`, { now: NOW })
    expect(causeCodes(findings.find((f) => f.id === 'token'))).toEqual(['SUB_MISMATCH'])
  })

  it('shows only the ends of a token, never the whole of it', async () => {
    const token = signedToken({ sub: 'plant-1', iat: NOW - 5, exp: NOW + 3600 })
    const { findings } = await explain(token, { now: NOW })
    expect(findings[0]!.excerpt.length).toBeLessThan(60)
    expect(JSON.stringify(findings)).not.toContain(token)
  })
})

describe('keys and several pieces in one paste', () => {
  it('an SPKI DER key file → KEY_FILE_FORMAT with the fixed file\u2019s SHA-256', async () => {
    const { findings } = await explain(keyVector('rsa2048.spki.der'))
    expect(causeCodes(findings[0])).toEqual(['KEY_FILE_FORMAT'])
    expect(findings[0]!.details!.join(' ')).toMatch(/[0-9a-f]{64} {2}jwt-public\.der/)
  })

  it('a .p12 → the PKCS#12 answer with the openssl commands (-legacy for RC2)', async () => {
    const { findings } = await explain(keyVector('rsa2048.legacy.p12'))
    expect(findings[0]!.meaning).toContain('PKCS#12')
    expect(findings[0]!.details).toContain('Run: openssl pkcs12 -legacy -in bundle.p12 -nocerts -nodes -out key.pem')
  })

  it('a key file dropped beside a pasted token verifies it (the enrolled key → accepted)', async () => {
    const token = signedToken({ sub: 'plant-1', iat: NOW - 5, exp: NOW + 3600 })
    const { findings } = await explain(`mosquitto_pub -u plant-1 -P ${token}`, { now: NOW, keyFile: keyVector('rsa2048.pkcs1-public.der') })
    expect(ids(findings)).toEqual(['key', 'token'])
    expect(findings[0]!.causes).toEqual([])
    expect(findings[1]!.meaning).toMatch(/accepts/)
  })

  it('a log line, a client error and a token in one paste are each explained', async () => {
    const token = signedToken({ sub: 'plant-1', iat: NOW + 90, exp: NOW + 3600 })
    const paste = [
      'Connection error: Not authorized',
      'Error: A network protocol error occurred when communicating with the broker.',
      '1796150000: jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: 90, nanos: 0 }))',
      `token: ${token}`
    ].join('\n')
    const { findings } = await explain(paste, { now: NOW })
    expect(ids(findings)).toEqual(['token', 'plugin-not-yet-valid', 'mosquitto-pub-v5-refused'])
    expect(causeCodes(findings[0])).toEqual(['CLOCK_AHEAD'])
  })
})

describe('what it cannot place: "not recognised", never a guess', () => {
  const unrelated = [
    '127.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 612 "-" "curl/7.88.1"',
    'Dec  1 10:00:00 plc01 systemd[1]: Started Daily apt download activities.',
    '1796150000: mosquitto version 2.0.11 running',
    '1796150000: New client connected from 10.0.0.7:51234 as plant-1 (p2, c1, k60, u\'plant-1\').',
    'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nZeroDivisionError: division by zero',
    'The quick brown fox jumps over the lazy dog.',
    'eyJ not really a token'
  ]
  for (const paste of unrelated)
    it(`${JSON.stringify(paste.slice(0, 50))}…`, async () => {
      const { findings } = await explain(paste)
      expect(ids(findings)).toEqual(['not-recognised'])
      expect(findings[0]!.next).toMatch(/Paste the exact output/)
    })

  it('random text and random bytes: never throws, never names a cause with confidence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 400 })), async (input) => {
        const { findings } = await explain(input)
        expect(findings.length).toBeGreaterThan(0)
        for (const f of findings) expect(typeof f.meaning).toBe('string')
      }),
      { numRuns: 300 }
    )
  })
})

describe('bounded work on any input', () => {
  it('a 10 MB paste is read up to 512 KB, says so, and answers (freeze guard: seconds, not minutes)', async () => {
    const line = '1796150000: jwt-auth: error decoding jwt: ValidationError(InvalidSignature)\n'
    const started = performance.now()
    const { findings, notes } = await explain(line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)))
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(ids(findings)).toEqual(['plugin-invalid-signature'])
    expect(notes.join(' ')).toMatch(/first 512 KB of 10\.0 MB/)
  })

  it('adversarial input for the token and PEM scanners stays linear', async () => {
    for (const paste of ['eyJ'.repeat(170_000), '-----BEGIN '.repeat(40_000), `eyJ${'a'.repeat(400_000)}.`, 'a.'.repeat(250_000)]) {
      const started = performance.now()
      await explain(paste)
      expect(performance.now() - started).toBeLessThan(15_000)
    }
  })

  it('binary bytes and mixed encodings: a log line inside Latin-1 and UTF-16 text is still found', async () => {
    const latin1 = Buffer.concat([Buffer.from([0xe9, 0x74, 0xe9, 0x0a]), Buffer.from('jwt-auth: token not given\n')])
    expect(ids((await explain(new Uint8Array(latin1))).findings)).toEqual(['plugin-token-not-given'])
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('jwt-auth: username not set\r\n', 'utf16le')])
    expect(ids((await explain(new Uint8Array(utf16))).findings)).toEqual(['plugin-username-not-set'])
    const noise = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) & 0xff)
    expect(ids((await explain(noise)).findings)).toEqual(['not-recognised'])
  })
})
