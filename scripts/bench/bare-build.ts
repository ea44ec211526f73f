// Builds the Nextra baselines in their own temp dirs, so they never touch the shared .next/ and
// out/ of the docs site and need no build lock. Same node_modules as the site, so every build uses
// the very same Next.js, Nextra and theme versions.
//   buildBareNextra: ./bare-nextra as it is, the stock theme with one short MDX page.
//   buildStockWithPage: the same stock project showing one of the site's own pages (its MDX as it
//   is) in the site's own sidebar: it tells what the theme alone costs to show that content, apart
//   from everything this site adds (layout options, components, post-build steps).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { transformSync } from 'esbuild'
import { contentDir, sitePages } from '../../tests/support/site-pages'

const root = join(__dirname, '..', '..')

export interface BareBuild {
  /** The temp project; its static export is in `${dir}/out`. */
  dir: string
  seconds: number
}

function bareProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bare-nextra-'))
  cpSync(join(__dirname, 'bare-nextra'), dir, { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }))
  return dir
}

function build(dir: string): BareBuild {
  const start = performance.now()
  try {
    // Through the site's wrapper: telemetry off and no fetch to another host, as for the site.
    execFileSync(process.execPath, [join(root, 'scripts', 'next.mjs'), 'build'], { cwd: dir, stdio: 'pipe' })
  } catch (error) {
    // Next prints build errors on stdout: keep its tail, or a failed baseline would not say why.
    const out = String((error as { stdout?: Buffer }).stdout ?? '').split('\n').slice(-30).join('\n')
    throw new Error(`Nextra baseline build failed in ${dir}:\n${out}`)
  }
  return { dir, seconds: (performance.now() - start) / 1000 }
}

export function buildBareNextra(): BareBuild {
  return build(bareProject())
}

/**
 * The stock theme with the site's page at `route` and the site's _meta files (so the sidebar has
 * the same entries); every other page is a one-line stub, since only `route` is measured.
 */
export function buildStockWithPage(route: string): BareBuild {
  const pages = sitePages()
  const page = pages.find((p) => p.route === route)
  if (!page) throw new Error(`no page ${route} in content/`)
  const dir = bareProject()
  const content = join(dir, 'content')
  rmSync(content, { recursive: true, force: true })
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(content, file)), { recursive: true })
    writeFileSync(join(content, file), text)
  }
  for (const p of pages) write(p.file, p === page ? readFileSync(join(contentDir, p.file), 'utf8') : `# ${p.route}\n\nA stub: only ${route} is measured.\n`)
  // _meta.ts as plain JavaScript: the bare project has no TypeScript set-up.
  for (const meta of new Set(pages.map((p) => join(dirname(p.file), '_meta.ts')))) {
    if (!existsSync(join(contentDir, meta))) continue // a folder without its own _meta
    write(meta.replace(/\.ts$/, '.js'), transformSync(readFileSync(join(contentDir, meta), 'utf8'), { loader: 'ts', format: 'esm' }).code)
  }
  return build(dir)
}
