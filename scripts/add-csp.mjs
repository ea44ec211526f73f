// Post-build step: gives every exported HTML page a Content-Security-Policy <meta> tag whose
// script-src allows this site's own files plus the exact inline scripts of that page (by SHA-256),
// so no injected script can run and nothing can be fetched from or sent to another origin.
// Usage: node scripts/add-csp.mjs [out]   (run by `npm run build`, in its build:html step, after paint-first.mjs)
import { inlineScriptHashes, policyFor } from './headers/csp.mjs'
import { rewriteHtmlFiles } from './html-files.mjs'

const CSP_MARK = 'http-equiv="Content-Security-Policy"'

// The policy itself lives in headers/csp.mjs, shared with the response headers. The <meta> copy
// stays for hosts that cannot set headers (it has everything but frame-ancestors).

/** The page with its policy tag as the first thing in <head> (a meta CSP covers only what follows it). */
export function withCsp(html) {
  if (html.includes(CSP_MARK)) throw new Error('page already carries a CSP meta tag; run add-csp on a fresh build')
  const head = /<head\b[^>]*>/i.exec(html)
  if (!head) throw new Error('page has no <head>')
  const charset = /<meta\s+charSet="[^"]*"\s*\/?>/i.exec(html.slice(head.index))
  // Keep <meta charset> first (it must be in the first 1024 bytes); the policy goes right after it.
  const at = charset ? head.index + charset.index + charset[0].length : head.index + head[0].length
  const tag = `<meta ${CSP_MARK} content="${policyFor(inlineScriptHashes(html))}"/>`
  return html.slice(0, at) + tag + html.slice(at)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? 'out'
  const count = rewriteHtmlFiles(outDir, withCsp)
  console.log(`add-csp: policy written into ${count} HTML files under ${outDir}`)
}
