// Builds the bare Nextra baseline (./bare-nextra) in its own temp dir, so it never touches the
// shared .next/ and out/ of the docs site and needs no build lock. Same node_modules as the site,
// so both use the very same Next.js, Nextra and theme versions.
import { execSync } from 'node:child_process'
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(__dirname, '..', '..')

export interface BareBuild {
  /** The temp project; its static export is in `${dir}/out`. */
  dir: string
  seconds: number
}

export function buildBareNextra(): BareBuild {
  const dir = mkdtempSync(join(tmpdir(), 'bare-nextra-'))
  cpSync(join(__dirname, 'bare-nextra'), dir, { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }))
  const start = performance.now()
  try {
    execSync('npx next build', { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: 'pipe' })
  } catch (error) {
    // Next prints build errors on stdout: keep its tail, or a failed baseline would not say why.
    const out = String((error as { stdout?: Buffer }).stdout ?? '').split('\n').slice(-30).join('\n')
    throw new Error(`bare Nextra build failed in ${dir}:\n${out}`)
  }
  return { dir, seconds: (performance.now() - start) / 1000 }
}
