// Next.js + Nextra configuration: a fully static export, nothing fetched at build or run time.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import nextra from 'nextra'

const withNextra = nextra({
  // Search is Nextra's built-in pagefind UI; the index is built after `next build` (see package.json).
  search: { codeblocks: true },
  defaultShowCopyCode: true,
  mdxOptions: {
    // High-contrast themes: stock github-light's orange and github-dark's comment grey fail WCAG AA (axe).
    rehypePrettyCodeOptions: { theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } }
  }
})

const nextraLoader = join(dirname(createRequire(import.meta.url).resolve('nextra/package.json')), 'loader.cjs')
const mdxLoader = fileURLToPath(new URL('./mdx-loader.cjs', import.meta.url))

/** Nextra's loader entry that compiles MDX, pointed at mdx-loader.cjs; other entries as they are. */
function swapMdxLoader(entry, swapped) {
  if (entry?.loader !== nextraLoader || !entry.options?.mdxOptions) return entry
  swapped.count++
  return { ...entry, loader: mdxLoader }
}

/** Fails the build if a Nextra upgrade moved its loader: the swap must never silently stop. */
function expectSwapped(swapped, where) {
  if (swapped.count === 0) throw new Error(`next.config.mjs: no Nextra MDX loader found in the ${where} rules to swap for mdx-loader.cjs`)
}

/** Every MDX compile (Turbopack in `next dev`, webpack in `next build`) through mdx-loader.cjs. */
function withLazyHighlighter(config) {
  const turbo = { count: 0 }
  for (const rule of Object.values(config.turbopack?.rules ?? {})) rule.loaders = rule.loaders?.map((l) => swapMdxLoader(l, turbo))
  expectSwapped(turbo, 'Turbopack')
  const nextraWebpack = config.webpack
  return {
    ...config,
    webpack(webpackConfig, options) {
      const result = nextraWebpack(webpackConfig, options)
      const swapped = { count: 0 }
      const visit = (rules) => {
        for (const rule of rules ?? []) {
          if (Array.isArray(rule?.use)) rule.use = rule.use.map((l) => swapMdxLoader(l, swapped))
          visit(rule?.oneOf)
        }
      }
      visit(result.module.rules)
      expectSwapped(swapped, 'webpack')
      return result
    }
  }
}

export default withLazyHighlighter(
  withNextra({
    output: 'export',
    // Lets a second dev server run beside the main one without sharing build state.
    distDir: process.env.NEXT_DIST_DIR || '.next',
    // Static export cannot run the image optimiser.
    images: { unoptimized: true },
    reactStrictMode: true,
    poweredByHeader: false,
    // All CSS in one file, as the bare theme ships it: every extra stylesheet is one more render-
    // blocking request, and Lighthouse's mobile model gave each of ours (site, widget cards, snippets,
    // playground, explainer: 3-5 per page) about +150 ms first paint. Together they add ~2 KiB gzip.
    webpack(config, { isServer }) {
      if (!isServer && config.optimization?.splitChunks) {
        config.optimization.splitChunks.cacheGroups = {
          ...config.optimization.splitChunks.cacheGroups,
          styles: { name: 'styles', type: 'css/mini-extract', chunks: 'all', enforce: true, priority: 100 }
        }
      }
      return config
    }
  })
)
