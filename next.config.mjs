// Next.js + Nextra configuration: a fully static export, nothing fetched at build or run time.
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

export default withNextra({
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
