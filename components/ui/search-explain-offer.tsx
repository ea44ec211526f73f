'use client'
// The site's search box offers the explainer: when the query looks like an error, a log line, a
// CONNACK code, a token or a key (lib/explain's recognisers decide, loaded on the first search),
// the first entry is "Explain this", which opens the explainer on Troubleshooting with the text
// filled in. Nothing leaves the page: the text goes from here to the explainer through module
// memory (components/widgets/explain/handoff.ts says why not a URL or storage).
//
// How: Nextra's search box loads pagefind into window.pagefind unless it is already there, and
// then only calls its debouncedSearch(). So this module puts a stand-in there first: it loads the
// real pagefind on first use, searches with it, and puts the "Explain this" result before the
// real ones. The theme's search box, its keyboard handling and its look stay untouched.
import { EXPLAIN_HASH, EXPLAIN_PATH, offerToExplainer } from '../widgets/explain/handoff'

interface PagefindResult {
  id: string
  score: number
  words: number[]
  data: () => Promise<unknown>
}
interface PagefindResponse {
  results: PagefindResult[]
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>
  debouncedSearch(query: string, options?: unknown, ms?: number): Promise<PagefindResponse | null>
  search(query: string, options?: unknown): Promise<PagefindResponse>
}
type SearchWindow = Window & { pagefind?: Pagefind }

/** Where the static export puts pagefind's bundle (package.json "build", scripts/build-search-index.ts). */
const PAGEFIND_URL = '/_pagefind/pagefind.js'

let pagefind: Promise<Pagefind> | null = null
function realPagefind(): Promise<Pagefind> {
  pagefind ??= (async () => {
    const loaded = (await import(/* webpackIgnore: true */ PAGEFIND_URL)) as Pagefind
    await loaded.options({ baseUrl: '/' })
    return loaded
  })()
  return pagefind
}

let recognisers: Promise<typeof import('../../lib/explain/looks-explainable')> | null = null
/** Only the recognisers, not the whole explainer: the search box should load little for this. */
function loadRecognisers() {
  recognisers ??= import('../../lib/explain/looks-explainable')
  return recognisers
}

function explainResult(kind: string): PagefindResult {
  const url = `${EXPLAIN_PATH}${EXPLAIN_HASH}`
  // The shape Nextra's search box renders: a group title and one entry (its excerpt is HTML, so
  // only fixed text goes in; never the query, which may be a token).
  const data = {
    url,
    meta: { title: 'Explain this' },
    excerpt: '',
    sub_results: [{ url, title: 'Explain this', excerpt: `Looks like a ${kind}: open the explainer on Troubleshooting with it filled in. Nothing is sent.` }]
  }
  return { id: 'explain-this', score: Number.POSITIVE_INFINITY, words: [], data: async () => data }
}

const standIn: Pagefind = {
  async options(options) {
    await (await realPagefind()).options(options)
  },
  async search(query, options) {
    return (await realPagefind()).search(query, options)
  },
  async debouncedSearch(query, options, ms) {
    const recognising = loadRecognisers() // loads beside pagefind, not after it
    const real = await realPagefind()
    const [response, { explainableKind, recognisedMessage }] = await Promise.all([real.debouncedSearch(query, options, ms), recognising])
    // null: a newer query superseded this one; Nextra ignores it, so must we.
    if (!response) return response
    const kind = explainableKind(query)
    if (!kind) return response
    offerToExplainer(query)
    // A pasted line with numbers or names no page holds finds nothing (pagefind wants every word):
    // then search for the message as the recogniser's tool printed it, which the index holds.
    const message = response.results.length ? null : recognisedMessage(query)
    const found = message ? await real.search(message, options) : response
    const results = await explainingSectionFirst(found.results, recognisedMessage(query))
    return { ...found, results: [explainResult(kind), ...results] }
  }
}

/** How many of the first results are looked into for the section that explains a message. */
const SECTION_LOOKAHEAD = 20

/**
 * A recognised message's own section first: the index holds one record per section the explainer
 * links to (scripts/build-search-index.mts; the only results whose URL carries an anchor), holding
 * the messages its recognisers know. A long page that quotes the same message among much other
 * text (Troubleshooting) can outrank that short record by pagefind's scores; the reader pasted the
 * message to learn what it means, so the section that says so leads. Fragments are small, and the
 * theme loads the first ones anyway.
 */
async function explainingSectionFirst(results: PagefindResult[], message: string | null): Promise<PagefindResult[]> {
  if (!message) return results
  const head = results.slice(0, SECTION_LOOKAHEAD)
  const fragments = (await Promise.all(head.map((r) => r.data()))) as { url?: string; content?: string }[]
  const at = fragments.findIndex((f) => Boolean(f.url?.includes('#')) && Boolean(f.content?.includes(message)))
  if (at <= 0) return results
  return [results[at]!, ...results.slice(0, at), ...results.slice(at + 1)]
}

if (typeof window !== 'undefined') {
  ;(window as SearchWindow).pagefind ??= standIn
  // The reader is about to search: load the index and the recognisers while they type, so the
  // first results do not wait for both (the theme itself loads pagefind on the first query only).
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'search') {
      void realPagefind()
      void loadRecognisers()
    }
  })
}

/** Rendered once in the root layout so this module (and the stand-in) is loaded before any search. */
export function SearchExplainOffer() {
  return null
}
