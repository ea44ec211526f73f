// Builds the docs site through locked-build.sh: another engineer may be building in the same
// checkout, so `next build` must only ever run under the shared flock. Returns the step timings.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export interface SiteBuild {
  /** Copy of out/ taken inside the lock, so a later build by someone else cannot change it. */
  dir: string
  /** Seconds per step. */
  next: number
  /** npm run build:html: drop-unused-theme-css.mjs, paint-first.mjs, add-csp.mjs */
  post: number
  pagefind: number
}

export function buildSite(target: string): SiteBuild {
  const stdout = execFileSync('bash', [join(__dirname, 'locked-build.sh'), target], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8'
  })
  const json = stdout.trim().split('\n').pop() ?? ''
  const t = JSON.parse(json) as { next: number; post: number; pagefind: number }
  return { dir: target, ...t }
}
