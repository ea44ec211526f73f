// Build time only: what a starter kit is made of, read from the repository when the site is
// built (never pasted): the example programs (Python, TypeScript, C with its Makefile, the Node-RED
// flow) as they are, check_token.py, the TypeScript kit's lock file, and broker-rules.mjs bundled
// from lib/tokens by esbuild.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { KitSources } from '../kit'

const root = process.cwd()
const read = (path: string) => readFileSync(join(root, path), 'utf8')

/** esbuild's command line, not its JS API: the bundler must not try to bundle esbuild itself. */
export function bundleBrokerRules(): string {
  const bundle = execFileSync(
    join(root, 'node_modules', '.bin', 'esbuild'),
    ['lib/kit/broker-rules-entry.ts', '--bundle', '--format=esm', '--platform=neutral', '--target=node20', '--minify-syntax', '--minify-whitespace', '--legal-comments=none', '--log-level=warning'],
    { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }
  )
  return (
    "// broker-rules.mjs: the Voke JWT listener's checks in its order (brokerVerdict from the Voke JWT guide's\n" +
    '// lib/tokens, the code of its token playground), bundled by esbuild. Used by preflight.ts.\n' +
    bundle
  )
}

let cached: KitSources | undefined

export function readKitSources(): KitSources {
  cached ??= {
    python: { program: read('examples/plc/mqtt_jwt.py'), checker: read('examples/tools/check_token.py') },
    typescript: {
      program: read('examples/plc/mqtt-jwt.ts'),
      brokerRules: bundleBrokerRules(),
      packageLock: read('lib/kit/assets/package-lock.json')
    },
    c: { program: read('examples/c/voke_connect.c'), makefile: read('examples/c/Makefile') },
    nodeRed: { flow: read('examples/node-red/flow.json') }
  }
  return cached
}
