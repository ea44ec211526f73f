// The test-only fence keys never change the page: Nextra 4 + rehype-pretty-code, as configured in
// next.config.mjs, render a block with norun='…' / expect='…' exactly like one without them.
// (With double quotes rehype-pretty-code would mark the quoted text in the code: the control case.)
import { compileMdx } from 'nextra/compile'
import { describe, expect, it } from 'vitest'
import { fenceMetaEntries, parseFenceMeta } from './fence-meta'

const CODE = 'openssl rsa -in jwt-private.pem -noout && echo "PKCS#1 DER: the broker can read it"'
const themes = { theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } } as const

/** The compiled page without its sourceCode export (the raw MDX, never rendered). */
async function rendered(meta: string): Promise<string> {
  const js = await compileMdx('```bash ' + meta + '\n' + CODE + '\n```\n', { mdxOptions: { rehypePrettyCodeOptions: themes } })
  return js.replace(/const sourceCode = .*\n/, '')
}

describe('fence meta', () => {
  it('reads single-quoted, double-quoted, bare and flag keys, and skips Nextra syntax such as {1,3}', () => {
    expect(parseFenceMeta(`filename="a.sh" {1,3} norun='needs the API' expect-same-lines copy=false`)).toEqual({
      filename: 'a.sh', norun: 'needs the API', 'expect-same-lines': true, copy: 'false'
    })
    expect(fenceMetaEntries(`expect="x"`)[0]).toMatchObject({ key: 'expect', quote: '"' })
  })

  it('single-quoted test keys leave the rendered block exactly as without them', async () => {
    const plain = await rendered('')
    const marked = await rendered(`norun='needs the production broker, builds examples/c' expect='PKCS#1 DER: the broker can read it' expect-same-lines shape='token-response'`)
    expect(marked).toBe(plain)
    expect(marked).not.toContain('production broker')
  }, 60_000)

  it('control: a double-quoted value would highlight text in the code', async () => {
    expect(await rendered(`expect="PKCS#1 DER"`)).toContain('data-highlighted-chars')
  }, 60_000)
})
