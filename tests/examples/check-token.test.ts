// examples/tools/check_token.py (shown on the Tokens page) is an independent Python rewrite of the
// listener's checks. It must reach the same decision, and name the same rule, as the shared case
// table (which the real broker and brokerVerdict both pass) for every row, on both Python stacks
// (Debian's PyJWT and cryptography, and pip's newest: tests/support/python-envs.ts).
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { brokerCases, materialiseCase, type BrokerCase } from '../cases/broker-cases'
import { pythonEnvs } from '../support/python-envs'

const run = promisify(execFile)
const SCRIPT = 'examples/tools/check_token.py'
const dir = mkdtempSync(join(tmpdir(), 'check-token-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function checkTokenWith(python: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(python, [SCRIPT, ...args], { env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '', ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

async function writeCase(brokerCase: BrokerCase, now: number, slug: string) {
  const c = await materialiseCase(brokerCase, now)
  const key = join(dir, `${slug}.key`)
  const token = join(dir, `${slug}.token`)
  writeFileSync(key, c.keyFileBytes)
  writeFileSync(token, c.password)
  return { key, token, username: c.username }
}

// Key-file refusals the script names exactly; any other key-file problem only needs to be KEY_*.
const SAME_KEY_RULES = new Set(['KEY_SPKI_NOT_PKCS1', 'KEY_PEM_NOT_DER', 'KEY_TOO_SMALL'])
// One protocol is enough: the script decides accept or refuse, the CONNACK code follows from that.
const rows = brokerCases.filter((c) => c.protocol === '5')

describe.each(pythonEnvs())('$name', ({ python }) => {
  const checkTokenCli = (args: string[], env?: Record<string, string>) => checkTokenWith(python, args, env)

  describe('check_token.py agrees with the broker case table', () => {
    interface Shown {
      rule: string
      log: string[]
      crash: boolean
    }
    const shown = new Map<string, Shown>()
    const expectedLog = new Map<string, string[]>()
    beforeAll(async () => {
      const now = Math.floor(Date.now() / 1000)
      const lines = await Promise.all(
        rows.map(async (row, i) => {
          expectedLog.set(row.name, (await materialiseCase(row, now)).expectLog)
          return JSON.stringify({ ...(await writeCase(row, now, `row${i}`)), now })
        })
      )
      const result = spawnSync(python, ['tests/examples/check-token-driver.py'], { input: lines.join('\n') + '\n', encoding: 'utf8' })
      if (result.status !== 0) throw new Error(`driver failed: ${result.stderr}`)
      result.stdout.trim().split('\n').forEach((line, i) => shown.set(rows[i]!.name, JSON.parse(line) as Shown))
    })

    for (const row of rows) {
      it(`${row.name}: same rule, outcome and broker log lines`, () => {
        const got = shown.get(row.name)!
        if (row.expectRule.startsWith('KEY_') && !SAME_KEY_RULES.has(row.expectRule)) expect(got.rule).toMatch(/^KEY_/)
        else expect(got.rule).toBe(row.expectRule)
        expect(got.crash).toBe(row.expectConnack === null)
        // An accepted token has no jwt-auth line (Mosquitto's own line needs the client's details).
        expect(got.log).toEqual(row.expectConnack === 0 ? [] : expectedLog.get(row.name))
      })
    }
  })

  describe('check_token.py on the command line', () => {
    it('an SPKI key file: REJECT with the openssl command, exit 1', async () => {
      const row = rows.find((c) => c.expectRule === 'KEY_SPKI_NOT_PKCS1')!
      const files = await writeCase(row, Math.floor(Date.now() / 1000), 'cli-spki')
      const result = await checkTokenCli(['--key', files.key, '--username', files.username, '--token-file', files.token])
      expect(result.stdout).toMatch(/^REJECT KEY_SPKI_NOT_PKCS1: .*openssl rsa -pubin -inform DER/)
      expect(result.code).toBe(1)
    })

    it('a microsecond exp: CRASHES THE BROKER with the panic lines, exit 3', async () => {
      const row = rows.find((c) => c.expectRule === 'EXP_OUT_OF_RANGE')!
      const files = await writeCase(row, Math.floor(Date.now() / 1000), 'cli-crash')
      const result = await checkTokenCli(['--key', files.key, '--username', files.username, '--token-file', files.token])
      expect(result.stdout).toMatch(/^CRASHES THE BROKER EXP_OUT_OF_RANGE: .*seconds since 1970/)
      expect(result.stdout).toContain('\n  invalid or out-of-range datetime\n')
      expect(result.code).toBe(3)
    })

    it('an expired token: REJECT and the exact broker log lines', async () => {
      const row = rows.find((c) => c.expectRule === 'EXPIRED')!
      const now = Math.floor(Date.now() / 1000)
      const files = await writeCase(row, now, 'cli-expired')
      const result = await checkTokenCli(['--key', files.key, '--username', files.username, '--token-file', files.token, '--now', String(now)])
      expect(result.stdout).toBe(
        'REJECT EXPIRED: the token expired 60 s ago: issue a fresh one\nbroker log:\n' +
          '  jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 60, nanos: N }))\n' +
          '  Client <unknown> disconnected, not authorised.\n'
      )
      expect(result.code).toBe(1)
    })

    it('--now simulates the broker clock: a valid token checked an hour later has expired', async () => {
      const row = rows.find((c) => c.name.startsWith('a valid token is accepted'))!
      const now = Math.floor(Date.now() / 1000)
      const files = await writeCase(row, now, 'cli-now')
      const common = ['--key', files.key, '--username', files.username, '--token-file', files.token]
      expect((await checkTokenCli([...common, '--now', String(now)])).stdout).toBe('ACCEPT\n')
      const later = await checkTokenCli([...common, '--now', String(now + 7200)])
      expect(later.stdout).toMatch(/^REJECT EXPIRED:/)
      expect(later.code).toBe(1)
    })

    it('reads the token from VOKE_TOKEN and warns about a token without exp', async () => {
      const row = rows.find((c) => c.name.startsWith('a token without exp'))!
      const now = Math.floor(Date.now() / 1000)
      const c = await materialiseCase(row, now)
      writeFileSync(join(dir, 'env.key'), c.keyFileBytes)
      const result = await checkTokenCli(['--key', join(dir, 'env.key'), '--username', c.username], { VOKE_TOKEN: String(c.password) })
      expect(result.stdout).toMatch(/^ACCEPT\nwarning: no exp/)
      expect(result.code).toBe(0)
    })

    it('without a token it exits 2 and says how to give one', async () => {
      const result = await checkTokenCli(['--key', '/nonexistent'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/--token-file FILE or the VOKE_TOKEN/)
    })
  })
})
