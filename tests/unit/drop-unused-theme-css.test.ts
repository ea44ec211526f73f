// scripts/drop-unused-theme-css.mjs takes the styles of theme features no page uses out of the
// exported stylesheet. Checked on a small sheet shaped like the theme's minified one, and on the
// theme's own stylesheet: every rule outside the dropped features survives, unchanged.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postcss, { type Rule } from 'postcss'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain .mjs build script without types
import { dropFeatures, FEATURES, unusedFeatures } from '../../scripts/drop-unused-theme-css.mjs'

type Feature = { name: string; selector: RegExp }
const feature = (name: string): Feature => FEATURES.find((f: Feature) => f.name === name)!
const TWOSLASH = [feature('twoslash type popups')]

const SHEET = [
  '@layer utilities{.x\\:flex{display:flex}}',
  '.nextra-code span{color:var(--shiki-light);&:where(.dark *){color:var(--shiki-dark)}}',
  ':root{--twoslash-border-color:#8888;--twoslash-underline-color:currentColor}',
  ':root{--nextra-primary-hue:212deg;--twoslash-popup-bg:#fff}',
  '@media (prefers-reduced-motion:reduce){.twoslash *{transition:none!important}}',
  '.twoslash:hover .twoslash-hover{border-color:var(--twoslash-underline-color)}',
  '.twoslash-popup-container{position:absolute;.twoslash-popup-code{display:block}}',
  '.twoslash .line,.plain-line{opacity:1}',
  "pre code.nextra-code:not([class*='twoslash-']){display:grid;&>span{padding-inline:1rem}}",
  '.nextra-steps{counter-reset:step}',
  '@keyframes fade-in{0%{opacity:0}to{opacity:1}}'
].join('')

/** Written here again, not imported: a rule whose every selector styles one of the features. */
const inFeatures = (rule: Rule, features: Feature[]) =>
  rule.selectors.every((s) => features.some((f) => f.selector.test(s.replace(/:not\([^()]*\)/g, ''))))

/** Every rule's selector and declarations, as text, for rules not in (nor inside) the features' rules. */
function otherRules(css: string, features: Feature[]): string[] {
  const found: string[] = []
  postcss.parse(css).walkRules((rule: Rule) => {
    for (let node: Rule | undefined = rule; node; node = node.parent?.type === 'rule' ? (node.parent as Rule) : undefined) {
      if (inFeatures(node, features)) return
    }
    const kept = (rule.nodes ?? []).filter((n) => !(n.type === 'decl' && n.prop.startsWith('--twoslash-')))
    if (kept.length === 0) return // held only twoslash variables
    found.push(`${rule.selector}{${kept.filter((n) => n.type === 'decl').map(String).join(';')}}`)
  })
  return found
}

const themeSheet = () => readFileSync(join(__dirname, '..', '..', 'node_modules', 'nextra-theme-docs', 'dist', 'style.css'), 'utf8')

describe('dropping the styles of theme features no page uses', () => {
  it('removes a feature’s rules, variables and the blocks they leave empty, and nothing else', () => {
    expect(dropFeatures(SHEET, TWOSLASH)).toBe(
      [
        '@layer utilities{.x\\:flex{display:flex}}',
        '.nextra-code span{color:var(--shiki-light);&:where(.dark *){color:var(--shiki-dark)}}',
        ':root{--nextra-primary-hue:212deg}',
        // A rule that also styles something else is kept whole.
        '.twoslash .line,.plain-line{opacity:1}',
        // The theme's code lines: twoslash only in a :not(), they style every block.
        "pre code.nextra-code:not([class*='twoslash-']){display:grid;&>span{padding-inline:1rem}}",
        '.nextra-steps{counter-reset:step}',
        '@keyframes fade-in{0%{opacity:0}to{opacity:1}}'
      ].join('')
    )
    expect(dropFeatures(SHEET, [])).toBe(SHEET)
  })

  it('keeps every other rule of the theme’s own stylesheet and leaves none of the features behind', () => {
    const theme = themeSheet()
    const all = FEATURES as Feature[]
    const dropped = dropFeatures(theme, all)
    for (const f of all) {
      expect(theme.replace(/:not\([^()]*\)/g, ''), f.name).toMatch(f.selector)
      expect(dropped.replace(/:not\([^()]*\)/g, ''), f.name).not.toMatch(f.selector)
    }
    expect(dropped).toContain("pre code.nextra-code:not([class*='twoslash-'])")
    expect(otherRules(dropped, all)).toEqual(otherRules(theme, all))
    expect(dropped.length).toBeLessThan(theme.length * 0.93)
  })

  it('keeps a feature as soon as one page carries its mark', () => {
    const pages = ['<ol class="nextra-steps x:ms-4">…</ol>', '<pre><code class="nextra-code twoslash-lsp">x</code></pre>', '<p>Cards and twoslash named in prose</p>']
    const unused = unusedFeatures(pages).map((f: Feature) => f.name)
    expect(unused).toEqual(['Cards', 'image zoom', 'article layout'])
    expect(unusedFeatures([]).map((f: Feature) => f.name)).toEqual(FEATURES.map((f: Feature) => f.name))
  })
})
