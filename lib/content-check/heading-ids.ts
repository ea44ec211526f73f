// Heading ids exactly as Nextra 4 makes them (remark-headings): github-slugger over the heading's
// text (or its `[#custom-id]`), one slugger per page so repeats get -1, -2; the page title (#) gets none.
import GithubSlugger from 'github-slugger'

export interface HeadingForId {
  depth: number
  text: string
  customId?: string
}

/** One id per heading, in order; '' for the h1 page title, which Nextra leaves without an id. */
export function headingIds(headings: readonly HeadingForId[]): string[] {
  const slugger = new GithubSlugger()
  return headings.map((h) => (h.depth === 1 ? '' : slugger.slug(h.customId ?? h.text)))
}
