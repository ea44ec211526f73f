// The exported pages as the nginx block needs them: each HTML file's path and its CSP header.
import { readFileSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { htmlFiles } from '../html-files.mjs'
import { pagePolicy } from './site-headers.mjs'

/** @returns {{ path: string, csp: string }[]} path as the server sees the file: "/keys.html" */
export function sitePages(outDir) {
  return htmlFiles(outDir)
    .map((file) => {
      const path = '/' + relative(outDir, file).split(sep).join('/')
      return { path, csp: pagePolicy(readFileSync(file, 'utf8')) }
    })
    .sort((a, b) => a.path.localeCompare(b.path))
}
