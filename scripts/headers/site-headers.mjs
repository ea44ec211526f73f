// The site's response headers, defined once. Everything that serves the site takes them from here:
// the nginx server block and the _headers file written at build time (write-deploy-files.mjs) and
// the local server (scripts/serve-static.mjs), so local serving and production send the same headers.
import { headerPolicyFor, inlineScriptHashes } from './csp.mjs'

/**
 * Browser features the site never uses, switched off for it and anything it could embed. The copy
 * buttons write to the clipboard (navigator.clipboard.writeText), so clipboard-write stays allowed
 * for the site itself; key generation (WebCrypto) and file downloads (a link with `download`) need
 * no permission. clipboard-read is the site's own too, not off: the browser tests check what a copy
 * button copied by reading the clipboard back in the page, and a read still needs the reader's
 * permission, while the CSP lets no other origin's frame or script in to ask for it.
 * Only names Chromium knows are listed: an unknown one is logged as a console error.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'clipboard-read=(self)',
  'clipboard-write=(self)',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()'
].join(', ')

/** Headers every response carries, whatever it is (why each is there: content/deploy.mdx). */
export const EVERY_RESPONSE = {
  // Files are only ever what their Content-Type says: a JSON or text file is never run as script.
  'X-Content-Type-Options': 'nosniff',
  // Links to other sites do not tell them which page (or query) the reader came from.
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': PERMISSIONS_POLICY,
  // A page opened from another site (or that opens one) shares no window handle with it.
  'Cross-Origin-Opener-Policy': 'same-origin'
}

/**
 * Only sent over TLS (browsers ignore it on plain HTTP). One year, this host only: subdomains and
 * preload are Voke's decision for their whole domain, not this site's.
 */
export const HSTS = 'max-age=31536000'

/** Next names its build files by content hash, so a URL under this prefix never changes meaning. */
export const IMMUTABLE_PREFIX = '/_next/static/'
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable'
/** Pages, the search index and everything else: kept, but checked with the server before each use. */
export const CACHE_REVALIDATE = 'no-cache'

export function cacheControlFor(path) {
  return path.startsWith(IMMUTABLE_PREFIX) ? CACHE_IMMUTABLE : CACHE_REVALIDATE
}

/** The policy for a response that is not a page (scripts, JSON, icons): no inline script at all. */
export const NON_PAGE_POLICY = headerPolicyFor([])

/** The CSP header of an HTML page: its own inline scripts' hashes, frame-ancestors 'none'. */
export function pagePolicy(html) {
  return headerPolicyFor(inlineScriptHashes(html))
}

/**
 * All headers for one response, except Content-Type and Content-Encoding.
 * @param {string} path the URL path of the file served (e.g. "/keys.html", not "/keys")
 * @param {{ html?: string, tls?: boolean }} what the page's text if it is HTML; whether the connection is TLS
 */
export function siteHeaders(path, { html, tls = false } = {}) {
  return {
    'Content-Security-Policy': html === undefined ? NON_PAGE_POLICY : pagePolicy(html),
    ...EVERY_RESPONSE,
    ...(tls ? { 'Strict-Transport-Security': HSTS } : {}),
    'Cache-Control': cacheControlFor(path)
  }
}
