// Each content check fails on a planted mistake, says file:line and how to fix it, and passes the
// same tiny guide without the mistake. The guide is written to a temporary folder per test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkContent, type Finding } from '.'

const GOOD: Record<string, string> = {
  'content/_meta.ts': "export default {\n  index: 'Overview',\n  keys: 'Keys'\n}\n",
  'content/index.mdx': [
    '---', 'title: Overview', 'description: What the guide covers.', '---', '',
    '# Overview', '', 'Start with [the key format](/keys#the-key-format-the-broker-needs) on port **8887**.', ''
  ].join('\n'),
  'content/keys.mdx': [
    '---', 'title: Keys', 'description: Make the key pair.', '---', '',
    "import { Callout } from 'nextra/components'", '',
    '# Keys', '', '## The key format the broker needs', '',
    '<Callout type="error">PKCS#1 DER only.</Callout>', '',
    '<TokenPlayground mode="check" />', '',
    '<Snippet file="plc/demo.py" region="connect" />', '',
    '```bash', 'openssl version', '```', '',
    '```ini', 'plugin_opt_jwt_sec_file /mosquitto/certs/jwt/jwt-public.der', '```', ''
  ].join('\n'),
  'examples/plc/demo.py': '# region connect\nHOST = "mqtt.voke.lovinka.com"\nPORT = 8887\n# endregion connect\n'
}

const roots: string[] = []
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })))

/** Writes the good guide with `changes` applied (a string replaces a file, null deletes it) and checks it. */
async function check(changes: Record<string, string | null | ((s: string) => string)> = {}): Promise<Finding[]> {
  const root = mkdtempSync(join(tmpdir(), 'content-check-'))
  roots.push(root)
  const files = { ...GOOD }
  for (const [file, change] of Object.entries(changes)) {
    if (change === null) delete files[file]
    else files[file] = typeof change === 'function' ? change(files[file]!) : change
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  return checkContent(root)
}

const keys = (edit: (s: string) => string) => ({ 'content/keys.mdx': edit })

describe('check:content', () => {
  it('finds nothing in a correct guide', async () => {
    expect(await check()).toEqual([])
  })

  it('front matter: a page without a description', async () => {
    const [f, ...rest] = await check(keys((s) => s.replace('description: Make the key pair.\n', '')))
    expect(rest).toEqual([])
    expect(f).toMatchObject({ check: 'front-matter', file: 'content/keys.mdx', line: 1, problem: 'the front matter has no description' })
    expect(f!.fix).toContain('description: ')
  })

  it('front matter: a page without any', async () => {
    const findings = await check(keys((s) => s.replace(/^---[^]*?---\n/, '')))
    expect(findings.map((f) => f.problem)).toEqual(['the page has no front matter (title and description)'])
  })

  it('navigation: an entry without a page, and a page without an entry', async () => {
    const findings = await check({ 'content/_meta.ts': "export default {\n  index: 'Overview',\n  key: 'Keys'\n}\n" })
    expect(findings.map((f) => [f.file, f.line, f.problem])).toEqual([
      ['content/_meta.ts', 3, 'the sidebar lists "key" but there is no content/key.mdx'],
      ['content/keys.mdx', 1, 'the page is not in the sidebar: content/_meta.ts has no "keys" entry']
    ])
  })

  it('links: a dead #anchor names the closest heading id', async () => {
    const findings = await check({ 'content/index.mdx': (s) => s.replace('#the-key-format-the-broker-needs', '#key-format') })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ check: 'links', file: 'content/index.mdx', line: 8 })
    expect(findings[0]!.problem).toBe('the link /keys#key-format names #key-format, but content/keys.mdx has no heading with that id')
    expect(findings[0]!.fix).toContain('#the-key-format-the-broker-needs')
  })

  it('links: a link to a page that does not exist', async () => {
    const findings = await check({ 'content/index.mdx': (s) => s.replace('(/keys#', '(/key#') })
    expect(findings.map((f) => f.problem)).toEqual(['the link /key#the-key-format-the-broker-needs points to /key, which is not a page'])
  })

  it('fences: a code block without a language', async () => {
    const findings = await check(keys((s) => s.replace('```bash', '```')))
    expect(findings.map((f) => [f.check, f.line, f.problem])).toEqual([['fences', 18, 'the code block has no language after ```']])
  })

  it('fences: a test key in double quotes or with /…/ (the highlighter would mark it), a norun without reason', async () => {
    const findings = await check(keys((s) => s.replace('```bash', "```bash expect=\"OpenSSL\" shape='a/b/c' norun")))
    expect(findings.map((f) => f.problem)).toEqual([
      'expect="…" uses double quotes: the highlighter would mark that text in the code on the page',
      'shape=\'…\' contains two "/" or a \'"\': the highlighter reads /…/ and "…" as text to mark in the code',
      'norun needs a reason'
    ])
    // One slash marks nothing.
    expect(await check(keys((s) => s.replace('```bash', "```bash norun='builds examples/c first'")))).toEqual([])
  })

  it('tags: an unknown tag, and a Nextra tag without its import', async () => {
    const findings = await check(keys((s) => s.replace('<TokenPlayground', '<TokenPlayGround').replace("import { Callout } from 'nextra/components'", '')))
    expect(findings.map((f) => [f.line, f.problem])).toEqual([
      [12, '<Callout> is used without its import'],
      [14, '<TokenPlayGround> is not a tag the site offers']
    ])
    expect(findings[1]!.fix).toContain('<TokenPlayground>')
  })

  it('tags: an unknown prop, a value not allowed, a missing required prop', async () => {
    const findings = await check(
      keys((s) => s.replace('mode="check"', 'mode="verify" theme="dark"').replace('<Snippet file="plc/demo.py" region="connect" />', '<Snippet region="connect" />'))
    )
    expect(findings.map((f) => f.problem)).toEqual([
      '<TokenPlayground mode="verify"> is not a value it knows',
      '<TokenPlayground> has no prop "theme"',
      '<Snippet> needs the prop "file"'
    ])
  })

  it('tags: a Snippet naming a region its file does not have', async () => {
    const findings = await check(keys((s) => s.replace('region="connect"', 'region="conect"')))
    expect(findings).toHaveLength(1)
    expect(findings[0]!.problem).toMatch(/^<Snippet region="conect">: .*conect/)
  })

  it('tables: two tables with the same header row on one page', async () => {
    const table = '| Listener | Port |\n| --- | --- |\n| JWT | `8887` |\n'
    const findings = await check({ 'content/index.mdx': (s) => `${s}\n${table}\nText.\n\n${table}` })
    expect(findings.map((f) => [f.check, f.line, f.problem])).toEqual([
      ['tables', 16, "this table's header row (Listener | Port) repeats the one of the table on line 10"]
    ])
  })

  it('facts: a wrong port in prose, in a code block and in an example; a wrong host and path', async () => {
    const findings = await check({
      'content/index.mdx': (s) => s.replace('port **8887**', 'port **8886**'),
      'content/keys.mdx': (s) => s.replace('/mosquitto/certs/jwt/jwt-public.der', '/mosquitto/certs/jwt-public.der'),
      'examples/plc/demo.py': (s) => s.replace('PORT = 8887', 'PORT = 8888').replace('mqtt.voke.lovinka.com', 'mqtt.voke.com')
    })
    expect(findings.map((f) => `${f.file}:${f.line} ${f.problem}`)).toEqual([
      'content/index.mdx:8 port 8886 is not one of Voke\'s ports',
      'content/keys.mdx:23 path /mosquitto/certs/jwt-public.der is not one of Voke\'s paths',
      'examples/plc/demo.py:2 host name mqtt.voke.com is not one of Voke\'s hosts',
      'examples/plc/demo.py:3 port 8888 is not one of Voke\'s ports'
    ])
    expect(findings[0]!.fix).toContain('8887 (JWT listener, production)')
  })

  it('facts: numbers that are not ports (key sizes, exponents, dates) are left alone', async () => {
    const findings = await check({
      'content/index.mdx': (s) => s + '\nA 2048-bit key, 4096 bits, exponent 65537, expires 2026-04-18, 1000 ms.\n',
      'examples/plc/demo.py': (s) => s + 'sock = connect(host, config.port, ca=None); sock.settimeout(10000)\ncheck(port, 1, 65535)\n'
    })
    expect(findings).toEqual([])
  })

  it('names: a cookie name or a Voke portal the source does not give, in a page, an example or the kit', async () => {
    const findings = await check({
      'content/index.mdx': (s) => s + '\nSign in to the Voke Portal, then copy the `voke_session` cookie.\n',
      'examples/plc/demo.py': (s) => s + 'headers = {"Cookie": "sid=abc"}\ncurl_header = "Cookie: vsid=abc"\n',
      'lib/kit/readme.ts': "export const HINT = \"VOKE_SESSION_COOKIE='voke_session=...' ./run.sh\"\n"
    })
    expect(findings.map((f) => `${f.check} ${f.file}:${f.line} ${f.problem}`)).toEqual([
      'names content/index.mdx:10 the cookie name "voke_session" is not one Voke\'s onboarding text gives',
      'names content/index.mdx:10 "Voke Portal" names a Voke page or portal that Voke\'s onboarding text does not give',
      'names examples/plc/demo.py:6 the cookie name "vsid" is not one Voke\'s onboarding text gives',
      'names lib/kit/readme.ts:1 the cookie name "voke_session" is not one Voke\'s onboarding text gives'
    ])
    expect(findings[0]!.fix).toContain('<your session cookie>')
  })

  it('names: placeholders, environment variables and code that merely says "session" are left alone', async () => {
    const findings = await check({
      'content/index.mdx': (s) => s + "\nRun `VOKE_SESSION_COOKIE='<your session cookie>' ./run.sh`; this site names no Voke page, portal or cookie.\n",
      'examples/plc/demo.py': (s) => s + 'client = Client(clean_session=True)\nheaders = {"Cookie": session_cookie}\n'
    })
    expect(findings).toEqual([])
  })

  it('integrator path: an operator step on a page marked path: integrator, and only there', async () => {
    const marked = (s: string) => s.replace('description: Make the key pair.\n', 'description: Make the key pair.\npath: integrator\n')
    const step = (s: string) => s + '\nThen restart the broker:\n\n```bash\ndocker compose restart mosquitto\n```\n'
    const findings = await check(keys((s) => step(marked(s))))
    expect(findings.map((f) => `${f.check} ${f.file}:${f.line} ${f.problem.split(' (')[0]}`)).toEqual([
      'integrator-path content/keys.mdx:24 "plugin_opt_" is an operator\'s step',
      'integrator-path content/keys.mdx:27 "restart the broker" is an operator\'s step',
      'integrator-path content/keys.mdx:30 "docker compose" is an operator\'s step'
    ])
    expect(findings[0]!.fix).toContain('content/operator.mdx')
    // The same page without the mark is an operator's page: no finding.
    expect((await check(keys(step))).filter((f) => f.check === 'integrator-path')).toEqual([])
  })

  it('integrator path: a path value other than "integrator" is reported', async () => {
    const findings = await check(keys((s) => s.replace('description: Make the key pair.\n', 'description: Make the key pair.\npath: integrators\n')))
    expect(findings).toMatchObject([{ check: 'integrator-path', file: 'content/keys.mdx', line: 4, problem: 'the front matter\'s path is "integrators"' }])
  })

  it('mdx: a page that does not parse says where', async () => {
    const findings = await check(keys((s) => s.replace('<TokenPlayground mode="check" />', '<TokenPlayground mode="check">')))
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ check: 'mdx', file: 'content/keys.mdx' })
    expect(findings[0]!.line).toBeGreaterThan(1)
  })
})
