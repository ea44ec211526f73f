// Build time only: shiki turns code into coloured tokens for light and dark themes, so the
// browser never downloads a highlighter or a grammar.
//
// shiki/core with the grammars and themes named one by one, not `shiki`: the full bundle refers to
// all ~330 grammars and ~60 themes through import(), and Next compiles every one of them into the
// server bundle of the first page (in `npm run dev`, seconds of the first page's wait). Same engine
// (oniguruma), grammars and themes as the full bundle, so the tokens are the same.
import { createHighlighterCore, type HighlighterCore, type LanguageInput } from 'shiki/core'
import { createOnigurumaEngine } from 'shiki/engine/oniguruma'
import bash from 'shiki/langs/bash.mjs'
import c from 'shiki/langs/c.mjs'
import javascript from 'shiki/langs/javascript.mjs'
import json from 'shiki/langs/json.mjs'
import makefile from 'shiki/langs/makefile.mjs'
import python from 'shiki/langs/python.mjs'
import typescript from 'shiki/langs/typescript.mjs'
import githubDarkHighContrast from 'shiki/themes/github-dark-high-contrast.mjs'
import githubLightHighContrast from 'shiki/themes/github-light-high-contrast.mjs'
import onigurumaWasm from 'shiki/wasm'
import type { SnippetLanguage } from '../snippets'

export interface ColouredToken {
  text: string
  light?: string
  dark?: string
}

// One grammar per snippet language: tsc fails here if SnippetLanguage gains one without its grammar.
const grammars: Record<SnippetLanguage, LanguageInput> = { python, typescript, javascript, json, bash, c, makefile }

let highlighter: Promise<HighlighterCore> | undefined

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    // Same themes as the MDX code blocks (next.config.mjs), so snippets look like the rest.
    themes: [githubLightHighContrast, githubDarkHighContrast],
    langs: Object.values(grammars),
    engine: createOnigurumaEngine(onigurumaWasm)
  })
  return highlighter
}

export async function highlightLines(code: string, language: SnippetLanguage): Promise<ColouredToken[][]> {
  const shiki = await getHighlighter()
  const { tokens } = shiki.codeToTokens(code, {
    lang: language,
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
