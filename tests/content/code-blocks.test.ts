// Every fenced code block in content/**/*.mdx is tested where it is written (no build needed):
//   bash/sh   run in a folder holding the guide's key files (tests/support/code-block-scratch.ts):
//             exit 0, and the output the fence states with expect='…' / expect-same-lines
//   ini/conf  each line is one the local broker really runs (broker/mosquitto.conf.template, broker/acl);
//             where the local broker fills in a path, the page's must be Voke's (lib/facts)
//   json      parses, and matches the documented shape its fence names with shape='…'
// A block that cannot run here says why with norun='…' and is skipped, visibly. Any other block
// (a new language, a json block without a shape) fails: nothing on the site goes untested silently.
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { facts } from '../../lib/facts'
import { readSite, type PageFence } from '../../lib/content-check'
import { makeScratch, SCRATCH_PLANT_ID, type Scratch } from '../support/code-block-scratch'
import { JSON_SHAPES } from './json-shapes'

const REPO = join(__dirname, '..', '..')
const SHELLS = new Set(['bash', 'sh', 'shell'])
const CONFIGS = new Set(['ini', 'conf'])

type Kind = 'run' | 'config' | 'json' | 'marked' | 'untested'
function kindOf(fence: PageFence): Kind {
  if (typeof fence.meta.norun === 'string') return 'marked'
  const lang = (fence.lang ?? '').toLowerCase()
  if (SHELLS.has(lang)) return 'run'
  if (CONFIGS.has(lang)) return 'config'
  if (lang === 'json' && typeof fence.meta.shape === 'string') return 'json'
  return 'untested'
}

function runBash(script: string, cwd: string, scratch: Scratch): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Only what a reader's shell would have, plus the two values the guide's commands use.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PATH: `${scratch.bin}:/usr/local/bin:/usr/bin:/bin`,
    HOME: cwd,
    LANG: 'C.UTF-8',
    TOKEN: scratch.token,
    PLANT_ID: SCRATCH_PLANT_ID
  }
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    )
  })
}

// The configuration the local broker really runs: its template and its ACL file, comments dropped.
const configLines = ['broker/mosquitto.conf.template', 'broker/acl'].flatMap((f) =>
  readFileSync(join(REPO, f), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l && !l.startsWith('#'))
)

/** Why a config line on the page is not one the local broker runs, or null when it is. */
function configProblem(line: string): string | null {
  if (configLines.includes(line)) return null
  const [directive, ...rest] = line.split(' ')
  const value = rest.join(' ')
  const local = configLines.find((l) => l.startsWith(directive + ' '))
  if (!local) return `"${directive}" is not in the local broker's configuration (broker/mosquitto.conf.template, broker/acl)`
  // The local broker fills this value in ({{…}}); on Voke's broker it is a documented path.
  if (/\{\{\w+\}\}/.test(local)) return value in facts.paths ? null : `"${value}" is not a Voke path in lib/facts/facts.json`
  return `the local broker runs "${configLines.filter((l) => l.startsWith(directive + ' ')).join('" / "')}", not "${line}"`
}

const site = readSite(REPO)
const stats = new Map<string, Record<Kind, number>>()
let scratch: Scratch
beforeAll(() => {
  scratch = makeScratch(REPO)
})
afterAll(() => {
  scratch?.remove()
  // Figures for the note: blocks run (or checked) / marked not runnable / total, per page.
  const rows = [...stats].map(([file, s]) => {
    const total = Object.values(s).reduce((a, b) => a + b, 0)
    return `${file}: ${s.run} run, ${s.config + s.json} checked, ${s.marked} marked, ${s.untested} untested, ${total} total`
  })
  console.log(['code blocks per page:', ...rows].join('\n  '))
})

for (const page of site.pages) {
  if (!page.fences.length) continue
  const counts: Record<Kind, number> = { run: 0, config: 0, json: 0, marked: 0, untested: 0 }
  stats.set(page.file, counts)
  describe(page.file, () => {
    for (const fence of page.fences) {
      const kind = kindOf(fence)
      counts[kind]++
      const name = `${page.file}:${fence.line} \`\`\`${fence.lang ?? ''}`
      const firstLine = fence.value.split('\n')[0]!.slice(0, 60)

      if (kind === 'marked') it.skip(`${name} not run here: ${fence.meta.norun}`, () => {})
      else if (kind === 'untested')
        it(`${name} is tested or marked`, () => {
          expect.fail(
            `${name} (${firstLine}) is neither tested nor marked. ` +
              (fence.lang === 'json'
                ? `Name its documented shape (shape='${Object.keys(JSON_SHAPES).join("' | '")}', tests/content/json-shapes.ts)`
                : `The tests run bash/sh blocks and check ini/conf and json blocks. Show a program with <Snippet file="…"> from examples/ (tested there)`) +
              `, or say why it cannot be tested: norun='…'.`
          )
        })
      else if (kind === 'run')
        it(`${name} runs: ${firstLine}`, async () => {
          const cwd = mkdtempSync(join(tmpdir(), 'code-block-'))
          try {
            cpSync(scratch.dir, cwd, { recursive: true })
            const result = await runBash(fence.value, cwd, scratch)
            const transcript = `exit ${result.code}\n$ ${fence.value}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`
            expect(result.code, transcript).toBe(0)
            if (typeof fence.meta.expect === 'string') expect(result.stdout, transcript).toContain(fence.meta.expect)
            if (fence.meta['expect-same-lines']) {
              const lines = result.stdout.trim().split('\n')
              expect(lines.length, transcript).toBeGreaterThan(1)
              expect(new Set(lines).size, `the page says these lines are equal:\n${transcript}`).toBe(1)
            }
          } finally {
            rmSync(cwd, { recursive: true, force: true })
          }
        })
      else if (kind === 'config')
        it(`${name} is configuration the local broker runs`, () => {
          const lines = fence.value.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l && !l.startsWith('#'))
          expect(lines.length).toBeGreaterThan(0)
          expect(lines.map((l) => [l, configProblem(l)]).filter(([, p]) => p)).toEqual([])
        })
      else
        it(`${name} is a ${fence.meta.shape}`, () => {
          const shape = JSON_SHAPES[fence.meta.shape as string]
          expect(shape, `shape='${fence.meta.shape}' is not one of: ${Object.keys(JSON_SHAPES).join(', ')}`).toBeDefined()
          let value: unknown
          expect(() => (value = JSON.parse(fence.value)), 'the block must be valid JSON').not.toThrow()
          expect(shape!.check(value), shape!.description).toEqual([])
        })
    }
  })
}

describe('the checks themselves can fail', () => {
  it('a broken command exits non-zero in the scratch folder', async () => {
    const result = await runBash('openssl rsa -pubin -inform DER -in jwt-public.pem -noout', scratch.dir, scratch)
    expect(result.code).not.toBe(0)
  })
  it('a config line the local broker does not run, or a production path that is not a fact', () => {
    expect(configProblem('plugin_opt_jwt_validate_exp false')).toMatch(/local broker runs/)
    expect(configProblem('plugin_opt_jwt_sec_file /mosquitto/certs/jwt/jwt-public-spki.der')).toMatch(/not a Voke path/)
    expect(configProblem('pattern write cpi/%u/#')).toMatch(/local broker runs/)
    expect(configProblem('plugin_opt_jwt_sec_file /mosquitto/certs/jwt/jwt-public.der')).toBeNull()
  })
  it('a token response without expiresAt, or with a number for it, is not the documented shape', () => {
    const check = JSON_SHAPES['token-response']!.check
    expect(check({ token: 'eyJ...' })).toEqual(['has no "expiresAt"'])
    expect(check({ token: 'eyJ...', expiresAt: 1776524400 })).toHaveLength(1)
    expect(check({ token: 'eyJ...', expiresAt: '2026-04-18T15:00:00.000Z' })).toEqual([])
  })
})

describe('the C build command on the Connect page', () => {
  it('is exactly what examples/c/Makefile runs (make -n), so building without make builds the same program', () => {
    const page = site.pages.find((p) => p.file === 'content/connect.mdx')!
    const commands = page.fences.filter((f) => f.lang === 'bash' && f.value.startsWith('cc ')).map((f) => f.value.trim())
    expect(commands).toHaveLength(1)
    const make = execFileSync('make', ['-s', '-n', '-B', '-C', join(REPO, 'examples', 'c'), 'voke_connect'], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } })
    const normalise = (s: string) => s.trim().replace(/\s+/g, ' ')
    expect(normalise(commands[0]!)).toBe(normalise(make))
  })
})
