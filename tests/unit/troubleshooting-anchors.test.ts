// The token playground links each verdict rule to a Troubleshooting section; every such anchor
// must be a heading id on content/troubleshooting.mdx (slugged as Nextra does for headings).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { troubleshootingAnchors, troubleshootingHref } from '../../components/widgets/token-playground/troubleshooting-anchors'

const mdx = readFileSync(join(__dirname, '..', '..', 'content', 'troubleshooting.mdx'), 'utf8')
const headingIds = [...mdx.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
  m[1]!
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-')
)

describe('troubleshooting anchors used by the token playground', () => {
  for (const anchor of troubleshootingAnchors)
    it(`#${anchor} is a heading on the Troubleshooting page`, () => expect(headingIds).toContain(anchor))

  it('maps rules to the page and leaves unknown codes unlinked', () => {
    expect(troubleshootingHref('EXPIRED')).toBe('/troubleshooting#token-expired')
    expect(troubleshootingHref('NOT_A_RULE')).toBeNull()
  })
})
