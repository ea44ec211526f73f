// The starter kit's token check (run.sh step 3) shares the broker's rules: preflight.py runs
// check_token.py, preflight.ts runs brokerVerdict bundled as broker-rules.mjs. Both must refuse
// what the real plugin refuses in a token made elsewhere (VOKE_TOKEN), name the rule and print a
// fix, and accept a good token; Python on both stacks (Debian's and pip's).
import { execFile } from 'node:child_process'
import { createSign } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { packageJsonText } from '../../lib/kit'
import { PYTHON_PREFLIGHT, TYPESCRIPT_PREFLIGHT } from '../../lib/kit/preflight'
import { bundleBrokerRules } from '../../lib/server/kit-sources'
import { PLANT_ID } from '../cases/broker-cases'
import { pythonEnvs } from '../support/python-envs'
import { keyVector, keyVectorText } from '../support/vectors'

const run = promisify(execFile)
const REPO = process.cwd()
// Inside the repository, so the TypeScript kit's imports (mqtt, jose) resolve from node_modules.
const CACHE = join(REPO, 'node_modules', '.cache')
mkdirSync(CACHE, { recursive: true })
const dir = mkdtempSync(join(CACHE, 'kit-preflight-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const KEY_FILE = join(dir, 'jwt-public.der')
writeFileSync(KEY_FILE, keyVector('rsa2048.pkcs1-public.der'))

/** An RS256 token over exactly this header and these claims, signed by node:crypto with the enrolled pair. */
function token(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${b64url({ alg: 'RS256', ...header })}.${b64url(claims)}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(keyVectorText('rsa2048.pkcs8.pem')).toString('base64url')}`
}

const now = Math.floor(Date.now() / 1000)
const good = { sub: PLANT_ID, iat: now - 5, exp: now + 3600 }
const CASES = [
  { name: 'a good token', token: token({ typ: 'JWT' }, good), code: 0, rule: null, fix: null },
  { name: 'publ as a string', token: token({}, { ...good, publ: 'cpi/#' }), code: 1, rule: 'CLAIM_TYPE', fix: /publ|claim/ },
  { name: 'a numeric kid', token: token({ kid: 7 }, good), code: 1, rule: 'HEADER_MEMBER_TYPE', fix: /kid|header/ },
  { name: 'a subs entry with # in the middle', token: token({}, { ...good, subs: ['cpi/#/x'] }), code: 1, rule: 'TOPIC_FILTER_INVALID', fix: /filter/ }
]

async function preflight(command: string, args: string[], cwd: string, voke: string): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VOKE_PLANT_ID: PLANT_ID, VOKE_TOKEN: voke, VOKE_KEY_FILE: KEY_FILE }
  try {
    const { stdout } = await run(command, args, { cwd, env, timeout: 120_000 })
    return { code: 0, out: stdout }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

function expectOutcome(result: { code: number; out: string }, c: (typeof CASES)[number]) {
  expect(result.code, result.out).toBe(c.code)
  if (c.rule === null) return expect(result.out).toMatch(/^check: the broker would accept this token/m)
  expect(result.out).toMatch(new RegExp(`^check: the broker would refuse this token: ${c.rule}: `, 'm'))
  expect(result.out).toMatch(/^fix: /m)
  expect(result.out.split('\n').find((l) => l.startsWith('fix: '))).toMatch(c.fix!)
}

describe.each(pythonEnvs())('preflight.py with check_token.py on $name', ({ python }) => {
  const kit = join(dir, `python-${python.replace(/\W+/g, '-')}`)
  mkdirSync(kit, { recursive: true })
  writeFileSync(join(kit, 'preflight.py'), PYTHON_PREFLIGHT)
  writeFileSync(join(kit, 'check_token.py'), readFileSync(join(REPO, 'examples/tools/check_token.py')))
  writeFileSync(join(kit, 'mqtt_jwt.py'), readFileSync(join(REPO, 'examples/plc/mqtt_jwt.py')))
  for (const c of CASES) {
    it(`${c.name}: exit ${c.code}${c.rule ? `, ${c.rule} and a fix` : ''}`, async () => {
      expectOutcome(await preflight(python, ['preflight.py'], kit, c.token), c)
    })
  }
})

describe('preflight.ts with broker-rules.mjs (brokerVerdict bundled)', () => {
  const kit = join(dir, 'typescript')
  mkdirSync(kit, { recursive: true })
  writeFileSync(join(kit, 'package.json'), packageJsonText()) // type: module, as in the kit
  writeFileSync(join(kit, 'preflight.ts'), TYPESCRIPT_PREFLIGHT)
  writeFileSync(join(kit, 'mqtt-jwt.ts'), readFileSync(join(REPO, 'examples/plc/mqtt-jwt.ts')))
  writeFileSync(join(kit, 'broker-rules.mjs'), bundleBrokerRules())
  for (const c of CASES) {
    it(`${c.name}: exit ${c.code}${c.rule ? `, ${c.rule} and a fix` : ''}`, async () => {
      expectOutcome(await preflight(join(REPO, 'node_modules', '.bin', 'tsx'), ['preflight.ts'], kit, c.token), c)
    })
  }
})
