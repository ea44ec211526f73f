// The token playground links each verdict rule to a Troubleshooting section; every such anchor
// must be a heading id on content/troubleshooting.mdx (made as Nextra makes them: lib/content-check).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { troubleshootingAnchors, troubleshootingHref } from '../../components/widgets/token-playground/troubleshooting-anchors'
import { parsePage } from '../../lib/content-check'

const file = join(__dirname, '..', '..', 'content', 'troubleshooting.mdx')
const headingIds = parsePage('content/troubleshooting.mdx', readFileSync(file, 'utf8')).headings.map((h) => h.id)

describe('troubleshooting anchors used by the token playground', () => {
  for (const anchor of troubleshootingAnchors)
    it(`#${anchor} is a heading on the Troubleshooting page`, () => expect(headingIds).toContain(anchor))

  it('maps rules to the page and leaves unknown codes unlinked', () => {
    expect(troubleshootingHref('EXPIRED')).toBe('/troubleshooting#token-expired')
    expect(troubleshootingHref('NOT_A_RULE')).toBeNull()
  })
})
