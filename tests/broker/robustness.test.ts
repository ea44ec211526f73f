// Inputs that break the real plugin or surprise integrators: non-UTF-8 passwords (the real
// plugin crashes the broker; ours must refuse and keep serving), and the key file being read
// once at start (replacing it changes nothing until a restart).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pluginDecisionSince, startBroker, type TestBrokerDetails } from '../support/broker'
import { connackFor } from '../support/mqtt-connect'
import { keyVectorDir } from '../support/vectors'
import { ENROLLED_KEY, PLANT_ID, rs256Token, SPKI_KEY } from './tokens'

const NOT_UTF8: Record<string, number[]> = {
  'lone continuation byte': [0x80],
  'invalid bytes 0xff 0xfe in a token-like string': [0x65, 0x79, 0xff, 0xfe, 0x2e, 0x80],
  'overlong encoding of "/"': [0xc0, 0xaf],
  'UTF-16 surrogate encoded as UTF-8': [0xed, 0xa0, 0x80],
  'truncated 4-byte sequence': [0x65, 0x79, 0x4a, 0xf0, 0x9f, 0x98],
  'Latin-1 text': [...Buffer.from('caf\u00e9', 'latin1')]
}

describe('non-UTF-8 passwords', () => {
  let broker: TestBrokerDetails
  beforeAll(async () => {
    broker = await startBroker({ keyFile: ENROLLED_KEY })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  for (const [name, bytes] of Object.entries(NOT_UTF8))
    for (const [protocol, code] of [['3.1.1', 5], ['5', 135]] as const)
      it(`${name} is refused with ${code} (MQTT ${protocol}), logged as PASSWORD_NOT_UTF8, and the broker keeps serving`, async () => {
        const since = broker.logs().length
        expect(await connackFor({ ...broker, username: PLANT_ID, password: Uint8Array.from(bytes), protocol })).toBe(code)
        expect((await pluginDecisionSince(broker.logs, since)).rule).toBe('PASSWORD_NOT_UTF8')
        // It says what the real plugin would print before the whole broker died.
        expect(broker.logs().slice(since)).toMatch(/jwt-auth: \[local plugin: the real plugin panics here and the whole broker dies\] thread '<unnamed>' \(PID\) panicked at src\/mosquitto_sys\.rs:155:55: called `Result::unwrap\(\)` on an `Err` value: Utf8Error \{ valid_up_to: \d+, error_len: (Some\(\d\)|None) \}/)
        expect(broker.isRunning()).toBe(true)
        // Still serving: a valid plant connects right after.
        expect(await connackFor({ ...broker, username: PLANT_ID, password: rs256Token(PLANT_ID), protocol })).toBe(0)
      })
})

describe('missing or oversized credentials', () => {
  let broker: TestBrokerDetails
  beforeAll(async () => {
    broker = await startBroker({ keyFile: ENROLLED_KEY })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  const cases: { name: string; username: string; password: string | Uint8Array; rule: string }[] = [
    { name: 'an empty (zero-byte) password', username: PLANT_ID, password: new Uint8Array(0), rule: 'PASSWORD_EMPTY' },
    { name: 'a 65,535-byte password (the MQTT maximum)', username: PLANT_ID, password: `${rs256Token(PLANT_ID)}.${'A'.repeat(65_535 - rs256Token(PLANT_ID).length - 1)}`, rule: 'TOKEN_PARTS' },
    // The broker hands the plugin a C string: it ends at the NUL, so the plugin sees "" (one part).
    { name: 'a password with a NUL byte (the broker hands the plugin a C string)', username: PLANT_ID, password: Uint8Array.of(0, 0x65), rule: 'TOKEN_PARTS' },
    { name: 'an empty username with a valid token', username: '', password: rs256Token(PLANT_ID), rule: 'USERNAME_EMPTY' }
  ]
  for (const c of cases)
    for (const [protocol, code] of [['3.1.1', 5], ['5', 135]] as const)
      it(`${c.name} is refused with ${code} (MQTT ${protocol}) as ${c.rule}, and the broker keeps serving`, async () => {
        const since = broker.logs().length
        expect(await connackFor({ ...broker, username: c.username, password: c.password, protocol })).toBe(code)
        expect((await pluginDecisionSince(broker.logs, since)).rule).toBe(c.rule)
        expect(broker.isRunning()).toBe(true)
      })
})

describe('the key file is read once, at start', () => {
  let broker: TestBrokerDetails
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voke-key-'))
    copyFileSync(join(keyVectorDir, 'rsa2048.pkcs1-public.der'), join(dir, 'jwt-public.der'))
    broker = await startBroker({ keyFile: join(dir, 'jwt-public.der') })
  })
  afterAll(async () => {
    await broker?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('replacing the file with a wrong key changes nothing until the broker restarts', async () => {
    const password = rs256Token(PLANT_ID)
    expect(await connackFor({ ...broker, username: PLANT_ID, password, protocol: '5' })).toBe(0)
    writeFileSync(join(dir, 'jwt-public.der'), SPKI_KEY)
    expect(await connackFor({ ...broker, username: PLANT_ID, password, protocol: '5' })).toBe(0)
    // The same file, now read by a fresh broker, refuses every token.
    const restarted = await startBroker({ keyFile: join(dir, 'jwt-public.der') })
    try {
      expect(await connackFor({ ...restarted, username: PLANT_ID, password, protocol: '5' })).toBe(135)
      expect((await pluginDecisionSince(restarted.logs, 0)).reason).toBe('InvalidSignature')
    } finally {
      await restarted.stop()
    }
  })

  it('a wrong key file does not stop the broker from starting: it starts and refuses at CONNECT', async () => {
    const wrong = await startBroker({ keyFile: new TextEncoder().encode('this is not a key\n') })
    try {
      expect(wrong.isRunning()).toBe(true)
      expect(await connackFor({ ...wrong, username: PLANT_ID, password: rs256Token(PLANT_ID), protocol: '3.1.1' })).toBe(5)
      const decision = await pluginDecisionSince(wrong.logs, 0)
      expect(decision).toMatchObject({ rule: 'KEY_WRONG_FORMAT', reason: 'InvalidSignature' })
    } finally {
      await wrong.stop()
    }
  })
})
