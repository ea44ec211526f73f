// The starter kit's contents: file list, modes, the values filled in, the program equal to the
// example except for the personalised literals, and zips read back by unzip and Python's zipfile.
import { execFileSync } from 'node:child_process'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readKitSources } from '../server/kit-sources'
import {
  buildKit,
  kitName,
  kitProblem,
  kitWarning,
  C_BUILD_PACKAGES,
  NODE_DEPENDENCIES,
  NODE_DEV_DEPENDENCIES,
  NODE_RED_VERSION,
  parseSettingsFile,
  PYTHON_REQUIREMENTS,
  zipFiles,
  type Kit,
  type KitKey,
  type KitOptions
} from '.'

const PLANT = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
const sources = readKitSources()
// The key is made by node:crypto, independently of the site's key code.
const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
const publicDer = new Uint8Array(pair.publicKey.export({ type: 'pkcs1', format: 'der' }))
const key: KitKey = {
  privatePem: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  publicDer,
  sha256Hex: createHash('sha256').update(publicDer).digest('hex')
}
const base: KitOptions = { language: 'python', environment: 'production', signer: 'device', plantId: PLANT }
const file = (kit: Kit, path: string) => {
  const found = kit.files.find((f) => f.path === path)
  if (!found) throw new Error(`${path} is not in the kit`)
  return found
}
const text = (kit: Kit, path: string) => file(kit, path).content as string
const scratch = mkdtempSync(join(tmpdir(), 'kit-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const DEFAULTS = ['REPLACE-WITH-YOUR-PLANT-ID', 'mqtt.voke.lovinka.com', '/etc/voke/jwt-private.pem']

/**
 * Independent of fillSlots: cut the example at every personalised default (the port as a whole
 * number 8887) and require the kit's program to be the same pieces in the same order, with only
 * an allowed value (or the default) in each gap.
 */
function expectSameExceptLiterals(example: string, program: string, allowed: string[]) {
  const literal = new RegExp(`(${[...DEFAULTS.map((d) => d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')), '(?<![\\w.-])8887(?![\\w.-])'].join('|')})`)
  const pieces = example.split(literal).filter((_, i) => i % 2 === 0)
  expect(pieces.length, 'the example has personalised literals').toBeGreaterThan(3)
  const values = [...new Set([...allowed, ...DEFAULTS, '8887'])].map((v) => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  const pattern = new RegExp(`^${pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join(`(?:${values.join('|')})`)}$`)
  expect(pattern.test(program), 'program = example except the personalised literals').toBe(true)
}

describe('starter kit files', () => {
  it('a Python Option B kit holds exactly its eleven files, README first', () => {
    const kit = buildKit(sources, base, key)
    expect(kit.name).toBe('voke-plant-3f2b8c1e-python')
    expect(kit.files.map((f) => f.path)).toEqual([
      'README.md', 'run.sh', 'settings.env', 'mqtt_jwt.py', 'preflight.py', 'check_token.py', 'requirements.txt',
      'jwt-private.pem', 'jwt-public.der', 'jwt-public.der.sha256'
    ])
  })

  it('a TypeScript Option B kit carries the program, its checker, package.json and the lock', () => {
    const kit = buildKit(sources, { ...base, language: 'typescript' }, key)
    expect(kit.name).toBe('voke-plant-3f2b8c1e-typescript')
    expect(kit.files.map((f) => f.path)).toEqual([
      'README.md', 'run.sh', 'settings.env', 'mqtt-jwt.ts', 'preflight.ts', 'broker-rules.mjs', 'package.json', 'package-lock.json',
      'jwt-private.pem', 'jwt-public.der', 'jwt-public.der.sha256'
    ])
  })

  it('an Option A kit holds no private key, and without a key file no public key either', () => {
    const withKey = buildKit(sources, { ...base, signer: 'api' }, { publicDer, sha256Hex: key.sha256Hex })
    expect(withKey.files.map((f) => f.path)).not.toContain('jwt-private.pem')
    expect(withKey.files.map((f) => f.path)).toContain('jwt-public.der')
    const without = buildKit(sources, { ...base, signer: 'api' }, null)
    expect(without.files.map((f) => f.path).filter((p) => p.startsWith('jwt-'))).toEqual([])
    expect(parseSettingsFile(text(without, 'settings.env'))).not.toHaveProperty('VOKE_KEY_FILE')
    // Even handed a private key, Option A never puts it in the zip.
    const handed = buildKit(sources, { ...base, signer: 'api' }, key)
    expect(handed.files.some((f) => typeof f.content === 'string' && f.content.includes('PRIVATE KEY-----'))).toBe(false)
  })

  it('jwt-private.pem is 0600, run.sh 0755, everything else 0644', () => {
    const kit = buildKit(sources, base, key)
    expect(file(kit, 'jwt-private.pem').mode).toBe(0o600)
    expect(file(kit, 'run.sh').mode).toBe(0o755)
    for (const f of kit.files.filter((f) => !['jwt-private.pem', 'run.sh'].includes(f.path))) expect(f.mode, f.path).toBe(0o644)
  })

  it('settings.env holds the plant, host, port, key and CA file of the chosen environment, and no secret', () => {
    const prod = parseSettingsFile(text(buildKit(sources, base, key), 'settings.env'))
    expect(prod).toEqual({
      VOKE_PLANT_ID: PLANT,
      VOKE_MQTT_HOST: 'mqtt.voke.lovinka.com',
      VOKE_MQTT_PORT: '8887',
      VOKE_PRIVATE_KEY: 'jwt-private.pem',
      VOKE_KEY_FILE: 'jwt-public.der'
    })
    const local = parseSettingsFile(text(buildKit(sources, { ...base, environment: 'local', caFile: '/opt/voke/ca.crt', signer: 'api' }, null), 'settings.env'))
    expect(local).toEqual({
      VOKE_PLANT_ID: PLANT,
      VOKE_MQTT_HOST: 'localhost',
      VOKE_MQTT_PORT: '8884',
      VOKE_CA_FILE: '/opt/voke/ca.crt',
      VOKE_API_URL: 'https://api.voke.lovinka.com'
    })
    expect(Object.keys(local)).not.toContain('VOKE_SESSION_COOKIE')
  })

  it('the Python program is examples/plc/mqtt_jwt.py except for the personalised literals', () => {
    const kit = buildKit(sources, { ...base, environment: 'local', caFile: '/x/ca.crt' }, key)
    const example = readFileSync('examples/plc/mqtt_jwt.py', 'utf8')
    const program = text(kit, 'mqtt_jwt.py')
    expect(program).not.toBe(example)
    expect(program).toContain(`"VOKE_PLANT_ID", "${PLANT}"`)
    expect(program).toContain('"VOKE_MQTT_PORT", 8884')
    expect(program).toContain('"VOKE_PRIVATE_KEY", "jwt-private.pem"')
    expectSameExceptLiterals(example, program, [PLANT, 'localhost', '8884', 'jwt-private.pem'])
  })

  it('the TypeScript program is examples/plc/mqtt-jwt.ts except for the personalised literals', () => {
    const kit = buildKit(sources, { ...base, language: 'typescript' }, key)
    const example = readFileSync('examples/plc/mqtt-jwt.ts', 'utf8')
    const program = text(kit, 'mqtt-jwt.ts')
    expect(program).toContain(`env.VOKE_PLANT_ID ?? '${PLANT}'`)
    expectSameExceptLiterals(example, program, [PLANT, 'jwt-private.pem'])
  })

  it('the comparison itself catches one changed byte outside the literals', () => {
    const example = readFileSync('examples/plc/mqtt_jwt.py', 'utf8')
    const program = text(buildKit(sources, base, key), 'mqtt_jwt.py')
    expect(() => expectSameExceptLiterals(example, program.replace('keepalive=60', 'keepalive=61'), [PLANT, 'jwt-private.pem'])).toThrow()
    expect(() => expectSameExceptLiterals(example, program.replace(PLANT, 'someone-else'), [PLANT, 'jwt-private.pem'])).toThrow()
  })

  it('check_token.py is examples/tools/check_token.py with the plant id filled in', () => {
    const kit = buildKit(sources, base, key)
    const example = readFileSync('examples/tools/check_token.py', 'utf8')
    expect(text(kit, 'check_token.py')).toBe(example.replace('PLANT_ID = "REPLACE-WITH-YOUR-PLANT-ID"', `PLANT_ID = "${PLANT}"`))
  })

  it('the sha256 file matches jwt-public.der (sha256sum format)', () => {
    const kit = buildKit(sources, base, key)
    expect(text(kit, 'jwt-public.der.sha256')).toBe(`${createHash('sha256').update(publicDer).digest('hex')}  jwt-public.der\n`)
  })

  it('the README names every file, the three steps, Windows, and who an Option B key can sign for', () => {
    const kit = buildKit(sources, base, key)
    const readme = text(kit, 'README.md')
    for (const f of kit.files) expect(readme, f.path).toContain(`\`${f.path}\``)
    expect(readme).toMatch(/Check the key pair\.\*\* `jwt-private.pem` must be the listener's own private key, the one Voke's listener operator gives you/)
    expect(readme).toContain('./run.sh')
    expect(readme).toContain('PowerShell')
    expect(readme).toMatch(/every plant on the listener/)
    expect(readme).toMatch(/Option A/)
    const optionA = text(buildKit(sources, { ...base, signer: 'api' }, null), 'README.md')
    expect(optionA).toContain('VOKE_SESSION_COOKIE')
    expect(optionA).not.toMatch(/master key/)
  })

  it('run.sh is valid POSIX sh, refuses secrets from settings.env, and Option A asks for the cookie', () => {
    for (const options of [base, { ...base, language: 'typescript' as const }, { ...base, signer: 'api' as const }]) {
      const script = text(buildKit(sources, options, key), 'run.sh')
      const path = join(scratch, 'run.sh')
      writeFileSync(path, script)
      execFileSync('dash', ['-n', path]) // throws on a syntax error
      expect(script).toMatch(/^#!\/bin\/sh\n/)
    }
    expect(text(buildKit(sources, { ...base, signer: 'api' }, null), 'run.sh')).toContain('set VOKE_SESSION_COOKIE first')
    expect(text(buildKit(sources, base, key), 'run.sh')).toContain('VOKE_SESSION_COOKIE | VOKE_TOKEN) echo')
  })

  it('pins the versions the tests run: Python from requirements.txt, Node the project\u2019s own, lock in step', () => {
    expect(text(buildKit(sources, base, key), 'requirements.txt')).toContain('paho-mqtt==2.1.0')
    expect(PYTHON_REQUIREMENTS['paho-mqtt']).toMatch(/^2\./)
    for (const [name, version] of Object.entries({ ...NODE_DEPENDENCIES, ...NODE_DEV_DEPENDENCIES }))
      expect(JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version, name).toBe(version)
    const kit = buildKit(sources, { ...base, language: 'typescript' }, key)
    const pkg = JSON.parse(text(kit, 'package.json'))
    const lock = JSON.parse(text(kit, 'package-lock.json'))
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies)
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies)
    for (const name of Object.keys(NODE_DEPENDENCIES)) expect(lock.packages[`node_modules/${name}`].version).toBe(pkg.dependencies[name])
  })
})

describe('C and Node-RED kits', () => {
  const c: KitOptions = { ...base, language: 'c' }
  const nodeRed: KitOptions = { ...base, language: 'node-red' }

  it('a C Option B kit: the program, its Makefile, the token printer, the Python check, the keys', () => {
    const kit = buildKit(sources, c, key)
    expect(kit.name).toBe('voke-plant-3f2b8c1e-c')
    expect(kit.files.map((f) => f.path)).toEqual([
      'README.md', 'run.sh', 'settings.env', 'voke_connect.c', 'Makefile', 'voke_token.c', 'preflight.py', 'check_token.py',
      'jwt-private.pem', 'jwt-public.der', 'jwt-public.der.sha256'
    ])
    expect(file(kit, 'jwt-private.pem').mode).toBe(0o600)
  })

  it('voke_connect.c is examples/c/voke_connect.c except for the personalised literals; the Makefile is byte for byte', () => {
    const kit = buildKit(sources, { ...c, environment: 'local', caFile: '/x/ca.crt' }, key)
    const program = text(kit, 'voke_connect.c')
    expect(program).toContain(`setting("VOKE_PLANT_ID", "${PLANT}")`)
    expect(program).toContain('setting("VOKE_MQTT_PORT", "8884")')
    expect(program).toContain('setting("VOKE_PRIVATE_KEY", "jwt-private.pem")')
    expectSameExceptLiterals(readFileSync('examples/c/voke_connect.c', 'utf8'), program, [PLANT, 'localhost', '8884', 'jwt-private.pem'])
    expect(text(kit, 'Makefile')).toBe(readFileSync('examples/c/Makefile', 'utf8'))
  })

  it('a Node-RED Option B kit: the flow, its token check and runner, the bundled rules, the keys', () => {
    const kit = buildKit(sources, nodeRed, key)
    expect(kit.name).toBe('voke-plant-3f2b8c1e-node-red')
    expect(kit.files.map((f) => f.path)).toEqual([
      'README.md', 'run.sh', 'settings.env', 'flow.json', 'preflight.mjs', 'broker-rules.mjs', 'node-red-run.mjs',
      'jwt-private.pem', 'jwt-public.der', 'jwt-public.der.sha256'
    ])
  })

  it('flow.json is examples/node-red/flow.json except for plant id, host, port and the gateway key path', () => {
    const kit = buildKit(sources, { ...nodeRed, gatewayKeyPath: '/srv/voke/jwt-private.pem' }, key)
    const flow = text(kit, 'flow.json')
    const example = readFileSync('examples/node-red/flow.json', 'utf8')
    expectSameExceptLiterals(example, flow, [PLANT, '/srv/voke/jwt-private.pem'])
    const connection = (JSON.parse(flow) as { name?: string; func?: string }[]).find((n) => n.name === 'Voke connection')!
    expect(connection.func).toContain(`env.get('VOKE_PLANT_ID') || '${PLANT}'`)
    expect(connection.func).toContain("env.get('VOKE_PRIVATE_KEY') || '/srv/voke/jwt-private.pem'")
    // Without a path in the profile, the guide's default stays.
    expect(text(buildKit(sources, nodeRed, key), 'flow.json')).toContain("|| '/etc/voke/jwt-private.pem'")
  })

  it('Option A is refused for C and Node-RED with the reason; Node-RED needs an absolute key path', () => {
    for (const language of ['c', 'node-red'] as const) {
      const problem = kitProblem({ ...base, language, signer: 'api' })
      expect(problem?.code, language).toBe('KIT_OPTION_A_UNSUPPORTED')
      expect(problem?.message).toMatch(/does not call Voke\u2019s token API/)
      expect(() => buildKit(sources, { ...base, language, signer: 'api' }, null)).toThrow(/token API/)
    }
    expect(kitProblem({ ...nodeRed, gatewayKeyPath: 'jwt-private.pem' })?.code).toBe('KIT_KEY_PATH_NOT_ABSOLUTE')
    expect(kitProblem({ ...nodeRed, gatewayKeyPath: '  ' })).toBeNull()
  })

  it('the READMEs: C names its packages; Node-RED has the import steps, Setup → Modules, Full or Modified Flows, the master-key warning', () => {
    const cReadme = text(buildKit(sources, c, key), 'README.md')
    for (const p of C_BUILD_PACKAGES) for (const name of [p.debian, p.alpine, p.yocto]) expect(cReadme).toContain(`\`${name}\``)
    const kit = buildKit(sources, { ...nodeRed, environment: 'local', caFile: '/opt/ca.crt' }, key)
    const readme = text(kit, 'README.md')
    for (const f of kit.files) expect(readme, f.path).toContain(`\`${f.path}\``)
    expect(readme).toContain('**Import**')
    expect(readme).toContain('Setup → Modules')
    expect(readme).toContain('functionExternalModules: false')
    expect(readme).toMatch(/Deploy → Full.*or Modified Flows/)
    expect(readme).toContain('VOKE_CA_FILE=/opt/ca.crt')
    expect(readme).toMatch(/every plant on the listener/)
    expect(readme).toContain('/etc/voke/jwt-private.pem')
  })

  it('run.sh of both is valid POSIX sh; C names the missing packages; Node-RED pins the version the tests run', () => {
    for (const options of [c, nodeRed]) {
      const path = join(scratch, 'run.sh')
      writeFileSync(path, text(buildKit(sources, options, key), 'run.sh'))
      execFileSync('dash', ['-n', path])
    }
    expect(text(buildKit(sources, nodeRed, key), 'run.sh')).toContain(`node-red@${NODE_RED_VERSION}`)
    expect(JSON.parse(readFileSync('tests/node-red/package.json', 'utf8')).dependencies['node-red']).toBe(NODE_RED_VERSION)
  })

  it('the C run.sh, without the headers, names every Debian/Alpine/Yocto package and exits 2 before building', () => {
    const kit = buildKit(sources, c, key)
    const dir = join(scratch, kit.name)
    execFileSync('mkdir', ['-p', dir])
    for (const f of kit.files) writeFileSync(join(dir, f.path), f.content, { mode: f.mode })
    let result: { status: number; output: string }
    try {
      execFileSync('./run.sh', [], { cwd: dir, env: { ...process.env, CPPFLAGS: '-nostdinc' }, encoding: 'utf8', stdio: 'pipe' })
      result = { status: 0, output: '' }
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string }
      result = { status: e.status, output: e.stdout + e.stderr }
    }
    expect(result.status, result.output).toBe(2)
    for (const p of C_BUILD_PACKAGES.slice(1)) expect(result.output).toContain(`Debian/Ubuntu: ${p.debian}; Alpine: ${p.alpine}; Yocto: ${p.yocto}`)
    expect(result.output).not.toContain('build-essential')
    expect(() => readFileSync(join(dir, 'voke_connect'))).toThrow()
  })
})

describe('bad input', () => {
  it('no plant id: no kit, and the reason says where to set it', () => {
    expect(kitProblem({ ...base, plantId: '  ' })?.code).toBe('KIT_NO_PLANT_ID')
    expect(() => buildKit(sources, { ...base, plantId: '' }, key)).toThrow(/No plant id/)
  })
  it('a plant id with a quote or space cannot be written safely: refused', () => {
    for (const id of ['a"b', "x'y", 'a b', 'a$b', 'a\\b', 'a\nb']) expect(kitProblem({ ...base, plantId: id })?.code, id).toBe('KIT_PLANT_ID_UNSAFE')
  })
  it('a plant id that is not a UUID only warns', () => {
    expect(kitProblem({ ...base, plantId: 'plant-1' })).toBeNull()
    expect(kitWarning({ ...base, plantId: 'plant-1' })).toMatch(/not a UUID/)
    expect(kitWarning(base)).toBeNull()
    expect(kitName({ plantId: 'Plant-1', language: 'typescript' })).toBe('voke-plant-plant1-typescript')
  })
  it('local development without a CA file: refused with the fix', () => {
    expect(kitProblem({ ...base, environment: 'local' })?.fix).toMatch(/ca\.crt/)
  })
  it('Option B without a private key: no kit', () => {
    expect(() => buildKit(sources, base, { publicDer, sha256Hex: key.sha256Hex })).toThrow(/private key/)
  })
})

describe('the zip, read back by independent readers', () => {
  it('unzip -Z lists every file under the kit folder with its Unix mode', async () => {
    const kit = buildKit(sources, base, key)
    const path = join(scratch, `${kit.name}.zip`)
    writeFileSync(path, await zipFiles(kit.name, kit.files))
    const listing = execFileSync('unzip', ['-Z', path], { encoding: 'utf8' })
    expect(listing).toMatch(/^-rw------- .* unx .* voke-plant-3f2b8c1e-python\/jwt-private\.pem$/m)
    expect(listing).toMatch(/^-rwxr-xr-x .* unx .* voke-plant-3f2b8c1e-python\/run\.sh$/m)
    expect(listing).toMatch(/number of entries: 10/)
    execFileSync('unzip', ['-tq', path]) // CRCs check out
  })

  it("Python's zipfile reads the same bytes and modes", async () => {
    const kit = buildKit(sources, { ...base, language: 'typescript' }, key)
    const path = join(scratch, `${kit.name}.zip`)
    writeFileSync(path, await zipFiles(kit.name, kit.files))
    const out = execFileSync(
      'python3',
      ['-c', 'import zipfile,sys,json,hashlib\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({i.filename:[oct(i.external_attr>>16),hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()}))', path],
      { encoding: 'utf8' }
    )
    const read = JSON.parse(out) as Record<string, [string, string]>
    expect(Object.keys(read)).toEqual(kit.files.map((f) => `${kit.name}/${f.path}`))
    for (const f of kit.files) {
      const bytes = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content)
      expect(read[`${kit.name}/${f.path}`], f.path).toEqual([`0o${(0o100000 | f.mode).toString(8)}`, createHash('sha256').update(bytes).digest('hex')])
    }
  })
})
