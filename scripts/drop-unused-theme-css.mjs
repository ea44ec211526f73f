// Post-build: takes the styles of theme features that no exported page uses out of the stylesheet.
// Why: a new connection delivers ~14.6 kB in its first round trip (TCP's initial window of 10
// segments), and the site's one stylesheet came to 15.3 kB gzip (theme 13.0 + site 2.3): one round
// trip more before the first paint on every page (Lighthouse's mobile model: 905 → 763 ms once the
// file fits). Only whole features go, each recognised by its own class or attribute, and only while
// no page's HTML carries that mark: a page that starts using <Steps> or a twoslash block keeps
// their styles without anyone editing this file. Tailwind's utilities are never touched.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import postcss from 'postcss'
import { htmlFiles } from './html-files.mjs'

/** Theme features: `selector` finds their rules, `used` their mark in a page's HTML. */
export const FEATURES = [
  { name: 'twoslash type popups', selector: /twoslash/, used: /class="[^"]*twoslash/, variables: '--twoslash-' },
  { name: 'Steps', selector: /nextra-steps/, used: /class="[^"]*nextra-steps/ },
  { name: 'Cards', selector: /nextra-card/, used: /class="[^"]*nextra-card/ },
  { name: 'image zoom', selector: /data-rmiz/, used: /data-rmiz/ },
  { name: 'article layout', selector: /nextra-body-typesetting-article/, used: /class="[^"]*nextra-body-typesetting-article/ }
]

/** The features no page uses. */
export function unusedFeatures(pages) {
  return FEATURES.filter((feature) => !pages.some((html) => feature.used.test(html)))
}

// `:not(...)` only narrows a selector: pre code.nextra-code:not([class*='twoslash-']) styles every
// code block's lines, not twoslash.
const positive = (selector) => selector.replace(/:not\([^()]*\)/g, '')

/** The stylesheet without the rules (and custom properties) of the given features, nor the blocks that leaves empty. */
export function dropFeatures(css, features) {
  const root = postcss.parse(css)
  root.walkRules((rule) => {
    if (rule.selectors.every((selector) => features.some((feature) => feature.selector.test(positive(selector))))) rule.remove()
  })
  const prefixes = features.flatMap((feature) => (feature.variables ? [feature.variables] : []))
  root.walkDecls((decl) => {
    if (prefixes.some((prefix) => decl.prop.startsWith(prefix))) decl.remove()
  })
  // Emptied blocks: a :root that held only twoslash variables, a media query around removed rules.
  let removed
  do {
    removed = false
    root.walk((node) => {
      if ((node.type === 'rule' || node.type === 'atrule') && node.nodes && node.nodes.length === 0) {
        node.remove()
        removed = true
      }
    })
  } while (removed)
  return root.toString()
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? 'out'
  const features = unusedFeatures(htmlFiles(outDir).map((file) => readFileSync(file, 'utf8')))
  const dir = join(outDir, '_next', 'static', 'css')
  const sheets = readdirSync(dir).filter((name) => name.endsWith('.css'))
  if (sheets.length === 0) throw new Error(`no stylesheet under ${dir}: is ${outDir} a built export?`)
  const kb = (text) => (gzipSync(text, { level: 9 }).length / 1000).toFixed(1)
  for (const name of sheets) {
    const file = join(dir, name)
    const before = readFileSync(file, 'utf8')
    const after = dropFeatures(before, features)
    writeFileSync(file, after)
    console.log(`drop-unused-theme-css: ${name} ${kb(before)} → ${kb(after)} kB gzip without ${features.map((f) => f.name).join(', ') || 'nothing'}`)
  }
}
