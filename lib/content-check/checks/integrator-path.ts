// Pages on the integrator's path (front matter `path: integrator`) ask for nothing only the
// listener's operator can do: restarting the broker's container, editing its configuration,
// running the platform's key script. Such a step belongs on content/operator.mdx, and the
// integrator's page says what to ask Voke instead. The words come from lib/facts/facts.json
// ("operatorOnly").
import { operatorOnly } from '../../facts'
import type { Finding } from '../finding'
import type { SitePage } from '../site'

export const INTEGRATOR_PATH = 'integrator'

export function checkIntegratorPath(pages: readonly SitePage[]): Finding[] {
  const findings: Finding[] = []
  const terms = Object.entries(operatorOnly)
  for (const page of pages) {
    const path = page.frontMatter?.path
    if (path === undefined) continue
    const lines = page.source.split('\n')
    if (path !== INTEGRATOR_PATH) {
      const line = lines.findIndex((l, i) => i > 0 && l.startsWith('path:')) + 1 || 1
      findings.push({ check: 'integrator-path', file: page.file, line, problem: `the front matter's path is "${String(path)}"`, fix: `write "path: ${INTEGRATOR_PATH}" for a page on the integrator's path, or leave the line out` })
      continue
    }
    const bodyStart = frontMatterEnd(lines)
    lines.forEach((text, i) => {
      if (i < bodyStart) return
      const lower = text.toLowerCase()
      for (const [term, why] of terms)
        if (lower.includes(term.toLowerCase()))
          findings.push({
            check: 'integrator-path',
            file: page.file,
            line: i + 1,
            problem: `"${term}" is an operator's step (${why}), and this page is on the integrator's path (path: ${INTEGRATOR_PATH})`,
            fix: "move the step to content/operator.mdx and link to it ([For the listener's operator](/operator)); on this page say what the integrator asks Voke for instead"
          })
    })
  }
  return findings
}

/** The index of the first line after the front matter (0 when there is none). */
function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== '---') return 0
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---')
  return close < 0 ? 0 : close + 1
}
