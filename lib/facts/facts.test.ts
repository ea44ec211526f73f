// The facts file agrees with the values the site personalises (lib/snippets' slot defaults), so a
// port or host changed in one place and not the other fails here.
import { describe, expect, it } from 'vitest'
import { SLOT_DEFAULTS } from '../snippets'
import { describeFacts, facts } from '.'

describe('lib/facts', () => {
  it("the snippets' default host, port and key path are Voke facts (port: the production JWT listener)", () => {
    expect(facts.hosts[SLOT_DEFAULTS.host]).toBeDefined()
    expect(facts.ports[SLOT_DEFAULTS.port]).toMatch(/JWT listener, production/)
    expect(facts.paths[SLOT_DEFAULTS.privateKeyPath]).toBeDefined()
  })

  it('lists the four listener ports of the onboarding source', () => {
    expect(Object.keys(facts.ports).sort()).toEqual(['8883', '8884', '8885', '8887'])
    expect(describeFacts('ports')).toContain('8884 (JWT listener, local development broker)')
  })
})
