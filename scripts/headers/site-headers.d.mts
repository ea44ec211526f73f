// Types for site-headers.mjs (a plain build script), for the tests that check servers against it.
export type SiteHeaderName =
  | 'Content-Security-Policy'
  | 'X-Content-Type-Options'
  | 'Referrer-Policy'
  | 'Permissions-Policy'
  | 'Cross-Origin-Opener-Policy'
  | 'Strict-Transport-Security'
  | 'Cache-Control'
export const PERMISSIONS_POLICY: string
export const EVERY_RESPONSE: Record<string, string>
export const HSTS: string
export const IMMUTABLE_PREFIX: string
export const CACHE_IMMUTABLE: string
export const CACHE_REVALIDATE: string
export const NON_PAGE_POLICY: string
export function cacheControlFor(path: string): string
export function pagePolicy(html: string): string
export function siteHeaders(path: string, what?: { html?: string; tls?: boolean }): Partial<Record<SiteHeaderName, string>>
