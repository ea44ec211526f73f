// The two Python stacks the Python examples are tested on: Debian's /usr/bin/python3 with its
// packaged paho-mqtt 1.6, PyJWT and cryptography, and a virtual environment with what
// `pip install paho-mqtt PyJWT cryptography` gives an integrator today (paho-mqtt 2.1).
//
// The venv is made once and cached under node_modules/.cache, keyed by the interpreter and the
// requirements. pip installs from the local package locations its own configuration names
// (`pip config list`), never from the network: the public index would be retried for ~40 s.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = resolve(__dirname, '..', '..')
const CACHE_DIR = join(REPO, 'node_modules', '.cache', 'voke-python-envs')

/** What the pip stack installs: the versions the issue names; cryptography is the index's newest. */
export const PIP_REQUIREMENTS = ['paho-mqtt==2.1.0', 'PyJWT==2.15.1', 'cryptography']

export interface PythonEnv {
  /** Short name used in test titles and EXAMPLE_PROGRAMS keys. */
  name: 'python-paho1.6' | 'python-paho2.1'
  /** The interpreter to run the example with. */
  python: string
  /** What the stack is, for test titles and failure messages. */
  description: string
}

const DEBIAN: PythonEnv = {
  name: 'python-paho1.6',
  python: '/usr/bin/python3',
  description: "Debian's python3 with python3-paho-mqtt 1.6, python3-jwt, python3-cryptography"
}

let pipEnv: PythonEnv | undefined

/** Both stacks; the pip one is created on first use (a few seconds), then reused from the cache. */
export function pythonEnvs(): PythonEnv[] {
  pipEnv ??= { name: 'python-paho2.1', python: ensurePipVenv(), description: `a venv with pip's ${PIP_REQUIREMENTS.join(', ')}` }
  return [DEBIAN, pipEnv]
}

/** `python -c` output of a stack, e.g. to check which paho-mqtt it imports. */
export function pythonVersions(python: string): Record<'python' | 'paho' | 'pyjwt' | 'cryptography', string> {
  const script =
    'import json, platform, paho.mqtt, jwt, cryptography\n' +
    'print(json.dumps({"python": platform.python_version(), "paho": paho.mqtt.__version__, "pyjwt": jwt.__version__, "cryptography": cryptography.__version__}))'
  return JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8', env: cleanEnv() }))
}

/** The environment for pip and the venv's python: no PIP_* or PYTHON* settings from outside. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('PIP_') || name.startsWith('PYTHON')) delete env[name]
  return env
}

/** The venv's python, made if the cache has none for this interpreter and these requirements. */
function ensurePipVenv(): string {
  const basePython = 'python3' // the one on PATH, as an integrator would run `python3 -m venv`
  const version = run(basePython, ['-c', 'import sys; print(sys.executable, sys.version)']).trim()
  const key = createHash('sha256').update(JSON.stringify([version, PIP_REQUIREMENTS])).digest('hex').slice(0, 12)
  const dir = join(CACHE_DIR, `paho-2.1.0-${key}`)
  const python = join(dir, 'bin', 'python')
  if (existsSync(python)) return python

  const sources = localPipSources(basePython)
  // Built beside its final place and renamed into it, so a cut-off run never leaves half a venv.
  mkdirSync(CACHE_DIR, { recursive: true })
  const scratch = `${dir}.partial-${process.pid}`
  rmSync(scratch, { recursive: true, force: true })
  try {
    try {
      run(basePython, ['-m', 'venv', scratch])
    } catch (error) {
      throw new Error(
        `\`${basePython} -m venv\` failed: ${(error as Error).message}\n` +
          'Install the venv module (Debian: sudo apt-get install python3-venv; scripts/install-system-deps.sh does it).'
      )
    }
    // The venv's own PIP_CONFIG_FILE: nothing from the machine's pip configuration but the
    // local sources given here, so pip never tries a network index.
    const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--only-binary=:all:', ...sources.args, ...PIP_REQUIREMENTS]
    try {
      run(join(scratch, 'bin', 'python'), args, { PIP_CONFIG_FILE: '/dev/null' })
    } catch (error) {
      throw new Error(
        `Installing ${PIP_REQUIREMENTS.join(' ')} from the local package index failed (${sources.description}):\n` +
          `${(error as Error).message}\nThe index must hold wheels of these packages and their dependencies (cffi, pycparser).`
      )
    }
    renameSync(scratch, dir)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return python
}

/**
 * The local places pip is configured to install from (`pip config list`): file:// indexes become
 * --index-url / --extra-index-url (a simple index lists project pages, which --find-links cannot
 * read), local directories --find-links. Remote URLs are left out on purpose.
 */
export function localPipSources(python = 'python3', pipEnv: Record<string, string> = {}): { args: string[]; description: string } {
  let listing: string
  try {
    listing = run(python, ['-m', 'pip', 'config', 'list'], pipEnv)
  } catch (error) {
    throw new Error(`\`${python} -m pip config list\` failed: ${(error as Error).message}`)
  }
  const indexes: string[] = []
  const findLinks: string[] = []
  for (const line of listing.split('\n')) {
    const match = /^[^=]*\.(index-url|extra-index-url|find-links)='(.*)'$/.exec(line.trim())
    if (!match) continue
    for (const value of match[2]!.split(/\s+/).filter(Boolean)) {
      const path = value.startsWith('file://') ? fileURLToPath(value) : value.startsWith('/') ? value : null
      if (!path || !existsSync(path)) continue
      const list = match[1] === 'find-links' ? findLinks : indexes
      const entry = match[1] === 'find-links' ? path : value
      if (!list.includes(entry)) list.push(entry)
    }
  }
  if (!indexes.length && !findLinks.length)
    throw new Error(
      'The paho-mqtt 2.1 tests need a local Python package index, and pip is configured with none: ' +
        '`python3 -m pip config list` shows no file:// index-url / extra-index-url and no local find-links directory ' +
        `that exists.\nIt must hold wheels of ${PIP_REQUIREMENTS.join(', ')} (with cffi and pycparser). Fix: point pip at one, ` +
        'e.g. `pip config set global.extra-index-url file:///opt/pypi/simple` or `pip config set global.find-links /path/to/wheels`.'
    )
  const args = indexes.length ? ['--index-url', indexes[0]!, ...indexes.slice(1).flatMap((i) => ['--extra-index-url', i])] : ['--no-index']
  args.push(...findLinks.flatMap((f) => ['--find-links', f]))
  return { args, description: [...indexes, ...findLinks].join(', ') }
}

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 })
  } catch (error) {
    const e = error as { stderr?: string; message: string }
    throw new Error((e.stderr || e.message).trim())
  }
}
