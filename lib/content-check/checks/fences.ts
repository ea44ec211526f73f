// Every code block names its language (it decides the highlighting, the copy button's text and
// which test runs the block), and the test-only meta keys are written so the page ignores them.
import { bundledLanguages } from 'shiki'
import type { Finding } from '../finding'
import { fenceMetaEntries, TEST_META_KEYS } from '../fence-meta'
import type { SitePage } from '../site'

const known = new Set([...Object.keys(bundledLanguages), 'text', 'plaintext', 'txt', 'plain', 'sh', 'shell', 'console'])

export function checkFences(pages: readonly SitePage[]): Finding[] {
  const findings: Finding[] = []
  for (const page of pages) {
    for (const fence of page.fences) {
      const at = (problem: string, fix: string) => findings.push({ check: 'fences', file: page.file, line: fence.line, problem, fix })
      if (!fence.lang) {
        at('the code block has no language after ```', 'write the language after the opening fence: ```bash for commands, ```text for output, ```ini for config lines, ```json, ```python, ```ts')
        continue
      }
      if (!known.has(fence.lang.toLowerCase()))
        at(`the code block's language "${fence.lang}" is not one the highlighter knows`, 'use a common name: bash, text, ini, json, python, ts, yaml …')
      for (const entry of fenceMetaEntries(fence.rawMeta)) {
        if (!(TEST_META_KEYS as readonly string[]).includes(entry.key)) continue
        if (entry.quote === '"')
          at(`${entry.key}="…" uses double quotes: the highlighter would mark that text in the code on the page`, `write ${entry.key}='${entry.value}' (single quotes)`)
        else if (typeof entry.value === 'string' && (entry.value.split('/').length > 2 || entry.value.includes('"')))
          at(`${entry.key}='…' contains two "/" or a '"': the highlighter reads /…/ and "…" as text to mark in the code`, 'use at most one slash and no double quote (e.g. "the scripts pki folder")')
        if (entry.key === 'norun' && (entry.value === true || String(entry.value).trim().length < 8))
          at('norun needs a reason', "say why the block cannot run in the tests, e.g. norun='needs Voke API with a session cookie'")
      }
    }
  }
  return findings
}
