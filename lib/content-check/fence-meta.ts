// The words after a code fence's language, e.g. ```bash norun='needs the production broker'```.
// Besides Nextra's own (filename="…", copy, showLineNumbers, {1,3} …) the site uses keys that
// only the tests read:
//   norun='why'        the block cannot run here (it needs Voke's API, the production broker …)
//   expect='text'      running the block prints this text
//   expect-same-lines  running the block prints the same line each time (e.g. two checksums)
//   shape='name'       a json block's documented shape (tests/content/json-shapes.ts)
// Their values are in single quotes on purpose: rehype-pretty-code reads "…" and /…/ in the meta
// as text to highlight in the code, single quotes it ignores, so the keys never change the page.
// (A filterMetaString function in next.config.mjs could strip them instead, but Turbopack only
// accepts serialisable loader options.) check:content flags a test key written with "…" or a '/'.

export type FenceMeta = Record<string, string | true>

export const TEST_META_KEYS = ['norun', 'expect', 'expect-same-lines', 'shape'] as const

export interface MetaEntry {
  key: string
  value: string | true
  /** How the value was written: '"' '\'' bare '' or none (a flag). */
  quote: '"' | "'" | '' | null
}

export function fenceMetaEntries(meta: string): MetaEntry[] {
  const out: MetaEntry[] = []
  for (const m of meta.matchAll(/([A-Za-z][\w-]*)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g)) {
    if (m.index! > 0 && !/\s/.test(meta[m.index! - 1]!)) continue // inside {…} or /…/ of Nextra's own syntax
    const quote = m[2] !== undefined ? '"' : m[3] !== undefined ? "'" : m[4] !== undefined ? '' : null
    out.push({ key: m[1]!, value: m[2] ?? m[3] ?? m[4] ?? true, quote })
  }
  return out
}

/** key='value' (single or double quotes), key=value or a bare key. Later keys win. */
export function parseFenceMeta(meta: string): FenceMeta {
  return Object.fromEntries(fenceMetaEntries(meta).map((e) => [e.key, e.value]))
}
