// The site's Content-Security-Policy, one definition for the <meta> tag (scripts/add-csp.mjs) and
// the response header (site-headers.mjs): the header adds frame-ancestors, which a <meta> cannot carry.
import { createHash } from 'node:crypto'

/**
 * The policy for one page. Why each source is there:
 * - script-src hashes: Next's static export inlines its RSC payload (self.__next_f.push…) and
 *   next-themes inlines the theme script; hashing them avoids 'unsafe-inline'.
 * - 'wasm-unsafe-eval': pagefind's search runs as WebAssembly (WebAssembly.instantiate).
 * - style-src 'unsafe-inline': React and Nextra render style="…" attributes and a <style> element;
 *   styles cannot run code, and hashing every style attribute would need 'unsafe-hashes' anyway.
 * - img-src data: the theme's stylesheet draws an underline as an inline SVG data: URL (the icons
 *   are files in public/).
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

/**
 * The policy as a response header: the page's policy plus frame-ancestors 'none', so no other site
 * can show the key tools inside a frame and trick a reader into clicking (browsers ignore
 * frame-ancestors in a <meta> tag, which is why the header is needed at all).
 */
export function headerPolicyFor(inlineScriptHashes) {
  return `${policyFor(inlineScriptHashes)}; frame-ancestors 'none'`
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
