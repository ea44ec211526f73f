// The exported HTML pages, for the post-build steps: paint-first.mjs and add-csp.mjs rewrite each in
// place, drop-unused-theme-css.mjs reads them to see which theme features are used.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return htmlFiles(full)
    return name.endsWith('.html') ? [full] : []
  })
}

/** Replaces each HTML file under outDir with transform(its text); returns how many there were. */
export function rewriteHtmlFiles(outDir, transform) {
  const files = htmlFiles(outDir)
  if (files.length === 0) throw new Error(`no HTML files under ${outDir}`)
  for (const file of files) writeFileSync(file, transform(readFileSync(file, 'utf8')))
  return files.length
}
