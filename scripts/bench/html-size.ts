// HTML weight per page: the exported file as a static host serves it (raw and gzip), beside the
// reading page's and the bare Nextra page's from the same run. The goal from issue 13: a widget
// page's HTML at most 2x a reading page's. How much of it is React's payload (the same tree again,
// as JSON in inline scripts) is printed too, since that is where a long page's weight doubles.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { htmlFileFor } from '../../tests/support/built-site'
import { sitePages } from '../../tests/support/site-pages'
import { readingPage } from './reading-page'
import { markdownTable, type Row } from './table'

export interface HtmlSize {
  route: string
  bytes: number
  gzip: number
  /** Bytes inside self.__next_f.push(...) scripts: the RSC payload. */
  payload: number
}

/** The exported page for `route`, as the bytes a static host serves. */
function pageFile(dir: string, route: string): Buffer {
  const path = htmlFileFor(route, dir)
  if (!path) throw new Error(`no HTML file for ${route} in ${dir}: is it a built static export?`)
  return readFileSync(path)
}

export function htmlSize(dir: string, route: string): HtmlSize {
  const html = pageFile(dir, route)
  const text = html.toString('utf8')
  let payload = 0
  for (const m of text.matchAll(/<script>self\.__next_f\.push\(([\s\S]*?)\)<\/script>/g)) payload += Buffer.byteLength(m[1]!)
  return { route, bytes: html.length, gzip: gzipSync(html, { level: 9 }).length, payload }
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`
const HOW = 'exported .html file as served: raw bytes, gzip -9; "payload" = the RSC data in inline self.__next_f scripts'

/** One row per guide page (ratio to the reading page, goal ≤ 2×), then the bare page's. */
export function htmlSizeRows(siteDir: string, bareDir?: string): Row[] {
  const reading = readingPage()
  const base = htmlSize(siteDir, reading)
  const rows: Row[] = sitePages().map(({ route }) => {
    const s = htmlSize(siteDir, route)
    const ratio = s.bytes / base.bytes
    const isReading = route === reading
    return {
      measure: `HTML ${route}${isReading ? ' (reading page)' : ''}`,
      figure: `${kb(s.bytes)} (gzip ${kb(s.gzip)}, payload ${kb(s.payload)}); ${ratio.toFixed(2)}× reading page`,
      goal: isReading ? '—' : '≤ 2× reading page',
      met: isReading ? undefined : ratio <= 2,
      how: HOW
    }
  })
  if (bareDir) {
    const bare = htmlSize(bareDir, '/')
    rows.push({ measure: 'HTML bare Nextra page', figure: `${kb(bare.bytes)} (gzip ${kb(bare.gzip)}, payload ${kb(bare.payload)})`, goal: '—', met: undefined, how: `${HOW}; built in this run` })
  }
  return rows
}

// What a new connection delivers in its first round trip: TCP's initial window, 10 segments of
// 1,460 bytes. A render-blocking stylesheet bigger than that (headers included) costs one more
// round trip before the first paint (scripts/drop-unused-theme-css.mjs says how much).
const INITIAL_WINDOW = 14_600
const HEADER_ALLOWANCE = 600

/** One row per stylesheet the pages link: its gzip size against the first round trip. */
export function stylesheetRows(siteDir: string): Row[] {
  const pages = sitePages()
  const linkedBy = new Map<string, number>()
  for (const { route } of pages) {
    const html = pageFile(siteDir, route).toString('utf8')
    for (const m of html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) linkedBy.set(m[1]!, (linkedBy.get(m[1]!) ?? 0) + 1)
  }
  const budget = INITIAL_WINDOW - HEADER_ALLOWANCE
  return [...linkedBy].map(([href, linking]) => {
    const gzip = gzipSync(readFileSync(join(siteDir, href)), { level: 9 }).length
    return {
      measure: `gzip CSS ${href.split('/').pop()} (linked by ${linking} of ${pages.length} pages)`,
      figure: kb(gzip),
      goal: `≤ ${kb(budget)} (first round trip)`,
      met: gzip <= budget,
      how: `gzip -9 of the exported file; budget = TCP's initial window (10 × 1,460 B) less ${HEADER_ALLOWANCE} B for response headers`
    }
  })
}

// Standalone: npx tsx scripts/bench/html-size.ts <site dir> [<bare Nextra out dir>]
if (require.main === module) {
  const [dir = 'out', bareDir] = process.argv.slice(2)
  console.log(markdownTable([...htmlSizeRows(dir, bareDir), ...stylesheetRows(dir)]))
}
