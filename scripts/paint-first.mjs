// Post-build step: each exported page paints its text before it downloads any JavaScript.
// Usage: node scripts/paint-first.mjs [out]   (run by `npm run build`, in its build:html step, before add-csp.mjs)
//
// Why: Next puts every chunk of the page in <head> as <script async> or <link rel="preload">, so
// the browser fetches ~250 KiB of JavaScript while it still waits for the stylesheet. On a slow
// link that JavaScript shares the connection with the CSS and delays the first paint (measured
// with applied throttling, 1.6 Mbps / 150 ms / 4x CPU: /tokens first paint 932 → 784 ms), and
// Lighthouse's mobile model counts every script that arrived before the largest paint as blocking
// it (/tokens LCP 2.9 s → 1.05 s). Here those tags are taken out and one small inline script adds
// them back once the browser reports its first contentful paint. The cost: widgets become live
// later on a slow link (same throttling: /tokens ~2.7 s → ~3.2 s); their controls stay disabled
// until then, so no click is lost (components/ui/use-hydrated.ts), and text typed into the search
// box meanwhile is kept (components/ui/early-search-text.tsx).
import { rewriteHtmlFiles } from './html-files.mjs'

const MARK = 'data-paint-first'
const SCRIPT_TAG = /<script src="([^"]+)"(?: id="([^"]+)")? async="">\s*<\/script>/g
// Next writes both attribute orders: as before href (the runtime) and after it (dynamic chunks).
const PRELOAD_TAG = /<link rel="preload"(?: as="script")?(?: fetchPriority="low")? href="([^"]+\.js)"(?: as="script")?(?: fetchPriority="low")?\/>/g

/**
 * Runs in the page. Adds the chunk scripts (async, as Next had them; `id` kept for the one Next
 * names) and the chunk preloads (next/dynamic's, evaluated when webpack asks) after the first
 * contentful paint, or at once in a hidden tab (which never paints), or after 3 s at the latest.
 * Written in ES5 because it runs before any polyfill.
 */
export function loadAfterFirstPaint(scripts, preloads) {
  var started = false
  function start() {
    if (started) return
    started = true
    preloads.forEach(function (href) {
      var link = document.createElement('link')
      link.rel = 'preload'
      link.as = 'script'
      link.href = href
      document.head.appendChild(link)
    })
    scripts.forEach(function (script) {
      var element = document.createElement('script')
      element.src = script.src
      if (script.id) element.id = script.id
      element.async = true
      document.head.appendChild(element)
    })
  }
  if (document.visibilityState === 'hidden') return start()
  document.addEventListener('visibilitychange', start, { once: true })
  setTimeout(start, 3000)
  var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || []
  if (types.indexOf('paint') < 0) return requestAnimationFrame(function () { setTimeout(start, 0) })
  new PerformanceObserver(function (list) {
    if (list.getEntriesByName('first-contentful-paint').length) setTimeout(start, 0)
  }).observe({ type: 'paint', buffered: true })
}

/** The page with Next's chunk tags replaced by the loader (at the end of <body>). */
export function paintFirst(html) {
  if (html.includes(MARK)) throw new Error('page already has the paint-first loader; run paint-first on a fresh build')
  const scripts = []
  const preloads = []
  let page = html.replace(SCRIPT_TAG, (_tag, src, id) => {
    scripts.push(id ? { src, id } : { src })
    return ''
  })
  page = page.replace(PRELOAD_TAG, (_tag, href) => {
    if (!scripts.some((script) => script.src === href)) preloads.push(href)
    return ''
  })
  if (scripts.length === 0) throw new Error('no Next chunk <script async> found: has the export format changed?')
  const body = page.lastIndexOf('</body>')
  if (body < 0) throw new Error('page has no </body>')
  const loader = `<script ${MARK}="">(${loadAfterFirstPaint})(${JSON.stringify(scripts)},${JSON.stringify(preloads)})</script>`
  return page.slice(0, body) + loader + page.slice(body)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? 'out'
  const count = rewriteHtmlFiles(outDir, paintFirst)
  console.log(`paint-first: ${count} HTML files under ${outDir} load their scripts after the first paint`)
}
