// The ops page (content/deploy.mdx) shows the nginx server block and explains each header by hand;
// here it is held to what the build really writes, so the page cannot drift from the files.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { siteHeaders } from '../../scripts/headers/site-headers.mjs'
import { outDir } from '../support/built-site'
import { contentDir } from '../support/site-pages'

const page = readFileSync(join(contentDir, 'deploy.mdx'), 'utf8')

describe('content/deploy.mdx', () => {
  it('shows only lines of the server block the build wrote', () => {
    const block = /```nginx[^\n]*\n([\s\S]*?)```/.exec(page)?.[1]
    expect(block, 'the page has an nginx code block').toBeTruthy()
    const written = new Set(readFileSync(join(outDir, '_deploy', 'nginx-site.conf'), 'utf8').split('\n').map((l) => l.trim()))
    const shown = block!.split('\n').map((l) => l.trim()).filter(Boolean)
    expect(shown.filter((line) => !written.has(line))).toEqual([])
  })

  it('explains every header the site sends', () => {
    const table = page.split('## What each header is for')[1] ?? ''
    for (const name of Object.keys(siteHeaders('/', { tls: true }))) expect(table, name).toContain(`| \`${name}\` |`)
  })
})
