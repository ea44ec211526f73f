// Builds the C connect example (examples/c) with its own Makefile, as an integrator would, once
// per test process: `voke_connect` (-Wall -Wextra -Werror) and `voke_connect-asan` (the same
// under AddressSanitizer and UBSan). make rebuilds only what changed.
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'

export const C_EXAMPLE_DIR = resolve(__dirname, '..', '..', 'examples', 'c')

let built = false

/** The path of the built program; builds both variants on first use. */
export function cExampleBinary({ sanitized }: { sanitized: boolean }): string {
  if (!built) {
    try {
      execFileSync('make', ['-s', '-C', C_EXAMPLE_DIR, 'voke_connect', 'voke_connect-asan'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string }
      throw new Error(
        `Building the C example failed (make -C examples/c): ${e.stderr || e.stdout || e.message}\n` +
          'It needs gcc, make, libmosquitto-dev, libssl-dev and libcjson-dev (scripts/install-system-deps.sh installs them).'
      )
    }
    built = true
  }
  return join(C_EXAMPLE_DIR, sanitized ? 'voke_connect-asan' : 'voke_connect')
}
