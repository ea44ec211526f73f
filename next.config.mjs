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
  poweredByHeader: false
})
