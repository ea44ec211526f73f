// Post-build step: gives every exported HTML page a Content-Security-Policy <meta> tag whose
// script-src allows this site's own files plus the exact inline scripts of that page (by SHA-256),
// so no injected script can run and nothing can be fetched from or sent to another origin.
// Usage: node scripts/add-csp.mjs [out]   (run by `npm run build`, in its build:html step, after paint-first.mjs)
import { createHash } from 'node:crypto'
import { rewriteHtmlFiles } from './html-files.mjs'

const CSP_MARK = 'http-equiv="Content-Security-Policy"'

/**
 * The policy for one page. Why each source is there:
 * - script-src hashes: Next's static export inlines its RSC payload (self.__next_f.push…) and
 *   next-themes inlines the theme script; hashing them avoids 'unsafe-inline'.
 * - 'wasm-unsafe-eval': pagefind's search runs as WebAssembly (WebAssembly.instantiate).
 * - style-src 'unsafe-inline': React and Nextra render style="…" attributes and a <style> element;
 *   styles cannot run code, and hashing every style attribute would need 'unsafe-hashes' anyway.
 * - img-src data: the theme's stylesheet draws an underline as an inline SVG data: URL (the icons
 *   are files in public/).
 * - frame-ancestors is not listed: browsers ignore it in a <meta> tag.
 */
export function policyFor(inlineScriptHashes) {
  const scripts = ["'self'", "'wasm-unsafe-eval'", ...inlineScriptHashes.map((h) => `'sha256-${h}'`)]
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'"
  ].join('; ')
}

/** SHA-256 (base64) of each inline <script>'s text, exactly as the browser hashes it. */
export function inlineScriptHashes(html) {
  const hashes = []
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes, body] = match
    if (/\bsrc\s*=/.test(attributes) || body.length === 0) continue
    // JSON data blocks (type="application/json" etc.) are not executed and need no hash.
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]
    if (type && !/^(text\/javascript|module|application\/javascript)$/i.test(type)) continue
    hashes.push(createHash('sha256').update(body, 'utf8').digest('base64'))
  }
  return [...new Set(hashes)]
}

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
