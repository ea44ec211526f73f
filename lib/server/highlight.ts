// Build time only: shiki turns code into coloured tokens for light and dark themes, so the
// browser never downloads a highlighter or a grammar.
import { createHighlighter, type Highlighter } from 'shiki'
import type { SnippetLanguage } from '../snippets'

export interface ColouredToken {
  text: string
  light?: string
  dark?: string
}

let highlighter: Promise<Highlighter> | undefined

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: ['github-light-high-contrast', 'github-dark-high-contrast'],
    langs: ['python', 'typescript', 'javascript', 'json', 'bash', 'c', 'makefile']
  })
  return highlighter
}

export async function highlightLines(code: string, language: SnippetLanguage): Promise<ColouredToken[][]> {
  const shiki = await getHighlighter()
  const { tokens } = shiki.codeToTokens(code, {
    lang: language,
    // Same themes as the MDX code blocks (next.config.mjs), so snippets look like the rest.
    themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    defaultColor: false
  })
  return tokens.map((line) =>
    line.map((token) => {
      const style = (token.htmlStyle ?? {}) as Record<string, string>
      return { text: token.content, light: style['--shiki-light'], dark: style['--shiki-dark'] }
    })
  )
}
