// Nextra's MDX loader with one change: the code highlighter starts empty and loads the grammar each
// code block names, where Nextra's default loads all ~330 shiki grammars first (about 7 s of CPU in
// every loader process, before the first page of `npm run dev` can compile). rehype-pretty-code
// already loads every language a page uses before highlighting it, so the HTML is the same.
// next.config.mjs puts this loader where Nextra's was.
const path = require('node:path')

const nextraLoader = require(path.join(path.dirname(require.resolve('nextra/package.json')), 'loader.cjs'))

/** Called by rehype-pretty-code with the themes and `langs: ['plaintext']`; it loads the rest per page. */
async function createHighlighter(options) {
  const shiki = await import('shiki')
  return shiki.createHighlighter(options)
}

function withLazyHighlighter(options) {
  const { mdxOptions } = options
  return {
    ...options,
    mdxOptions: { ...mdxOptions, rehypePrettyCodeOptions: { ...mdxOptions.rehypePrettyCodeOptions, getHighlighter: createHighlighter } }
  }
}

module.exports = function mdxLoader(source) {
  const context = this
  // Loader options travel as JSON (Turbopack), so the function is added here, in the loader's process.
  const withHighlighter = Object.create(context, { getOptions: { value: (schema) => withLazyHighlighter(context.getOptions(schema)) } })
  return nextraLoader.call(withHighlighter, source)
}
