// Throwaway copies of a Next project for tests and benchmarks that run `next dev` or `next build`
// without touching the checkout's .next/ and out/ (others may be using them) or its tsconfig.json.
import { execFileSync, execSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export const projectRoot = join(__dirname, '..', '..')

/** node_modules hard-linked: Turbopack refuses a node_modules symlink that leaves the project. */
function linkNodeModules(dir: string) {
  try {
    execFileSync('cp', ['-al', join(projectRoot, 'node_modules'), dir])
  } catch {
    cpSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true })
  }
}

/** The site as a fresh clone has it: the tracked files as they are on disk (or at commit `rev`), no .next/. */
export function siteCopy(rev?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'voke-site-copy-'))
  if (rev) {
    execSync(`git archive ${rev} | tar -x -C ${JSON.stringify(dir)}`, { cwd: projectRoot })
  } else {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: projectRoot, encoding: 'utf8' }).split('\0').filter(Boolean)
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true })
      try {
        cpSync(join(projectRoot, file), join(dir, file))
      } catch {
        // tracked but deleted on disk: a clone of this state would not have it either
      }
    }
  }
  linkNodeModules(dir)
  return dir
}

/** Stock Nextra: the theme with one short MDX page (scripts/bench/bare-nextra), the same node_modules. */
export function bareNextraCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'voke-bare-nextra-'))
  cpSync(join(projectRoot, 'scripts', 'bench', 'bare-nextra'), dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }))
  linkNodeModules(dir)
  return dir
}
