// Lighthouse (mobile defaults) on a few pages with Debian's Chromium, offline: category scores and
// the audits that cost points, so cheap findings can be fixed and the rest listed.
// Runs the lighthouse CLI under plain node, not in-process: under tsx, esbuild's keepNames wraps
// Lighthouse's page functions in __name(), and they then fail inside the browser.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { Result } from 'lighthouse'
import { chromiumExecutable, chromiumFlags } from '../../tests/support/chromium'

const run = promisify(execFile)
const cli = require.resolve('lighthouse/cli/index.js')

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
export type Category = (typeof CATEGORIES)[number]

export interface LighthouseResult {
  route: string
  /** Median over the runs, 0–100. */
  scores: Record<Category, number>
  perfRuns: number[]
  /** Total Blocking Time of each run, ms. */
  tbtRuns: number[]
  /** Audits scoring below 1 (title: display value), from the last run. */
  findings: string[]
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export async function lighthouseScores(siteUrl: string, routes: string[], runs: number): Promise<LighthouseResult[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROME_PATH: chromiumExecutable }
  delete env.NODE_OPTIONS // the CLI must not load tsx (see above)
  const lighthouse = async (url: string): Promise<Result> => {
    const { stdout } = await run(
      process.execPath,
      [cli, url, '--output=json', '--output-path=stdout', '--quiet', `--only-categories=${CATEGORIES.join(',')}`, `--chrome-flags=--headless=new ${chromiumFlags.join(' ')}`],
      { env, maxBuffer: 256 * 1024 * 1024 }
    )
    return JSON.parse(stdout) as Result
  }
  // Rounds, not route after route: run i of every page comes before run i+1 of any, so a slower
  // stretch of the machine touches every page (and the bare baseline) alike.
  const perRoute = routes.map(() => ({ runs: [] as Record<Category, number>[], tbt: [] as number[], findings: [] as string[] }))
  for (let i = 0; i < runs; i++) {
    for (const [k, route] of routes.entries()) {
      const lhr = await lighthouse(`${siteUrl}${route}`)
      const r = perRoute[k]!
      r.runs.push(Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>)
      r.tbt.push(Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN))
      r.findings = CATEGORIES.flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id]!)
          .filter((a) => a.score !== null && a.score < 1)
          .map((a) => `${c}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`)
      )
    }
  }
  const results: LighthouseResult[] = routes.map((route, k) => {
    const r = perRoute[k]!
    return {
      route,
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, median(r.runs.map((run) => run[c]))])) as Record<Category, number>,
      perfRuns: r.runs.map((run) => run.performance),
      tbtRuns: r.tbt,
      findings: r.findings
    }
  })
  return results
}
