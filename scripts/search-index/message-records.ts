// The search index's message records: for each guide section the explainer links to, one pagefind
// custom record whose text is every message the explainer recognises for it. Pure, so it is tested
// without building (scripts/search-index/message-records.test.ts).
import { NOT_AUTHORISED_CAUSES, type Cause, type CauseCode, type Recogniser } from '../../lib/explain'

/** "Page: Heading" for a heading id on a page; throws when there is no such heading. */
export type SectionTitles = (path: string, id: string) => string

export interface MessageRecord {
  url: string
  content: string
  language: 'en'
  meta: { title: string }
}

/**
 * A refusal the client only reports as "not authorised" names no single check: the section that
 * explains it is the one on reading the CONNACK code (and where the real reason is logged).
 */
export const NOT_AUTHORISED_SECTION = '/troubleshooting#read-the-connack-code-first'

/** The section that explains what a recogniser's messages mean. */
export function sectionOf(recogniser: Recogniser, causes: Record<CauseCode, Cause>): string {
  const first = recogniser.causes[0]
  if (!first) throw new Error(`recogniser ${recogniser.id} names no cause`)
  const namesNoSingleCheck = NOT_AUTHORISED_CAUSES.every((code) => recogniser.causes.includes(code))
  return namesNoSingleCheck ? NOT_AUTHORISED_SECTION : causes[first].section
}

export function messageRecords(recognisers: readonly Recogniser[], causes: Record<CauseCode, Cause>, titles: SectionTitles): MessageRecord[] {
  const bySection = new Map<string, string[]>()
  for (const recogniser of recognisers) {
    const section = sectionOf(recogniser, causes)
    bySection.set(section, [...(bySection.get(section) ?? []), ...recogniser.samples])
  }
  return [...bySection].map(([url, messages]) => {
    const [path, id] = url.split('#') as [string, string]
    return { url, content: messages.join('\n'), language: 'en', meta: { title: titles(path, id) } }
  })
}
