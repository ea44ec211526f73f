// The files of a starter kit, built from the example programs as they are at build time: the
// program is the example file byte for byte except for the personalised literals, which
// lib/snippets' slot filling replaces exactly as it does for every snippet on the site.
import { fillSlots, type PlantProfile } from '../snippets'
import { NODE_DEPENDENCIES, packageJsonText, requirementsText } from './dependencies'
import { gatewayKeyPath, KIT_ENVIRONMENTS, KitError, kitName, kitProblem, type KitOptions } from './kit-options'
import { settingsFileText } from './kit-settings'
import { NODE_RED_RUNNER } from './node-red-runner'
import { C_PREFLIGHT, NODE_RED_PREFLIGHT, PYTHON_PREFLIGHT, TYPESCRIPT_PREFLIGHT } from './preflight'
import { readmeText } from './readme'
import { KIT_PREFLIGHT, KIT_PROGRAM, NODE_RED_RUNNER_FILE, runScript } from './run-script'
import { VOKE_TOKEN_C } from './voke-token-c'

/** The example sources, read at build time (lib/server/kit-sources.ts), never pasted. */
export interface KitSources {
  python: { program: string; checker: string }
  typescript: { program: string; brokerRules: string; packageLock: string }
  c: { program: string; makefile: string }
  nodeRed: { flow: string }
}

/** The key for a kit: the public key file always when known; the private key only for Option B. */
export interface KitKey {
  /** PKCS#1 PEM (jwt-private.pem), Option B only. */
  privatePem?: string
  /** PKCS#1 DER public key, as the broker loads it. */
  publicDer: Uint8Array
  /** Hex SHA-256 of publicDer (lib/encoding sha256Hex). */
  sha256Hex: string
}

export interface KitFile {
  path: string
  content: string | Uint8Array
  /** Unix mode in the zip: 0o600 for the private key, 0o755 for run.sh, 0o644 otherwise. */
  mode: number
}

export interface Kit {
  /** voke-plant-<id>-<language>; the zip is <name>.zip and unpacks into the folder <name>/. */
  name: string
  files: KitFile[]
}

/** The literals a kit personalises in the example program: everything else stays byte for byte. */
export function kitSlotValues(options: KitOptions): Partial<PlantProfile> {
  const env = KIT_ENVIRONMENTS[options.environment]
  return {
    plantId: options.plantId.trim(),
    host: env.host,
    port: env.port,
    ...(options.signer === 'device' ? { privateKeyPath: 'jwt-private.pem' } : {})
  }
}

export function buildKit(sources: KitSources, options: KitOptions, key: KitKey | null): Kit {
  const problem = kitProblem(options)
  if (problem) throw problem
  if (options.signer === 'device' && !key?.privatePem)
    throw new KitError('KIT_NO_PRIVATE_KEY', 'Option B needs the private key in the kit.', 'Generate a key pair here, use the one from the Keys page, or load jwt-private.pem.')
  const name = kitName(options)
  const slots = kitSlotValues(options)
  const text = (path: string, content: string, mode = 0o644): KitFile => ({ path, content, mode })
  const files: KitFile[] = [text('run.sh', runScript(options), 0o755), text('settings.env', settingsFileText(options, key !== null))]
  const checker = () => text('check_token.py', fillSlots(sources.python.checker, 'python', { plantId: slots.plantId }))
  const brokerRules = () => text('broker-rules.mjs', sources.typescript.brokerRules)
  switch (options.language) {
    case 'python':
      files.push(
        text(KIT_PROGRAM.python, fillSlots(sources.python.program, 'python', slots)),
        text(KIT_PREFLIGHT.python, PYTHON_PREFLIGHT),
        checker(),
        text('requirements.txt', requirementsText())
      )
      break
    case 'typescript':
      files.push(
        text(KIT_PROGRAM.typescript, fillSlots(sources.typescript.program, 'typescript', slots)),
        text(KIT_PREFLIGHT.typescript, TYPESCRIPT_PREFLIGHT),
        brokerRules(),
        text('package.json', packageJsonText()),
        text('package-lock.json', sources.typescript.packageLock)
      )
      break
    case 'c':
      files.push(
        text(KIT_PROGRAM.c, fillSlots(sources.c.program, 'c', slots)),
        text('Makefile', sources.c.makefile),
        text('voke_token.c', VOKE_TOKEN_C),
        text(KIT_PREFLIGHT.c, C_PREFLIGHT),
        checker()
      )
      break
    case 'node-red':
      // The flow runs on the gateway from Node-RED's own folder: it reads the key at an absolute
      // path there. run.sh's local first test points VOKE_PRIVATE_KEY at this folder's copy.
      files.push(
        text(KIT_PROGRAM['node-red'], fillSlots(sources.nodeRed.flow, 'json', { ...slots, privateKeyPath: options.signer === 'device' ? gatewayKeyPath(options) : undefined })),
        text(KIT_PREFLIGHT['node-red'], NODE_RED_PREFLIGHT),
        brokerRules(),
        text(NODE_RED_RUNNER_FILE, NODE_RED_RUNNER)
      )
      break
  }
  let sha256Line: string | null = null
  if (key) {
    if (options.signer === 'device' && key.privatePem) files.push(text('jwt-private.pem', key.privatePem, 0o600))
    sha256Line = `${key.sha256Hex}  jwt-public.der`
    files.push({ path: 'jwt-public.der', content: key.publicDer, mode: 0o644 }, text('jwt-public.der.sha256', sha256Line + '\n'))
  }
  // README last in the zip's order of writing but first in the listing: it describes the others.
  const readme = text('README.md', '')
  const all = [readme, ...files]
  readme.content = readmeText(options, all, name, sha256Line)
  return { name, files: all }
}

/** The npm packages a TypeScript kit pins (for tests and the widget's summary). */
export const KIT_NODE_PACKAGES = Object.keys(NODE_DEPENDENCIES)
