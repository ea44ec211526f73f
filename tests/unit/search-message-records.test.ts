// The search index's message records (scripts/search-index/message-records.ts): every message the
// explainer recognises is in the record of the section that explains it, each section once, and a
// bare "not authorised" refusal points to reading the CONNACK code rather than to one guessed cause.
import { describe, expect, it } from 'vitest'
import { CAUSES, RECOGNISERS, recogniseLine } from '../../lib/explain'
import { messageRecords, NOT_AUTHORISED_SECTION, sectionOf } from '../../scripts/search-index/message-records'

const titles = (path: string, id: string) => `${path} ${id}`
const records = messageRecords(RECOGNISERS, CAUSES, titles)

describe('search index message records', () => {
  it('one record per section, each with a title and at least one message', () => {
    expect(new Set(records.map((r) => r.url)).size).toBe(records.length)
    for (const r of records) {
      expect(r.meta.title).toBe(titles(...(r.url.split('#') as [string, string])))
      expect(r.content.trim()).not.toBe('')
    }
  })

  it('every recogniser sample is in exactly the record of its section, and the explainer recognises it there', () => {
    for (const recogniser of RECOGNISERS)
      for (const sample of recogniser.samples) {
        const holding = records.filter((r) => r.content.split('\n').includes(sample)).map((r) => r.url)
        expect(holding, `${recogniser.id}: ${sample}`).toContain(sectionOf(recogniser, CAUSES))
        expect(recogniseLine(sample)?.recogniser.id).toBe(recogniser.id)
      }
  })

  it('a client refusal ("not authorised", no single check) goes to reading the CONNACK code; an expired token to its own section', () => {
    const byId = (id: string) => RECOGNISERS.find((r) => r.id === id)!
    expect(sectionOf(byId('mosquitto-pub-v311-refused'), CAUSES)).toBe(NOT_AUTHORISED_SECTION)
    expect(sectionOf(byId('paho-c-refused'), CAUSES)).toBe(NOT_AUTHORISED_SECTION)
    expect(sectionOf(byId('plugin-expired'), CAUSES)).toBe('/troubleshooting#token-expired')
    expect(sectionOf(byId('curl-http-error'), CAUSES)).toBe('/tokens#option-a-let-voke-issue-the-token')
  })
})
