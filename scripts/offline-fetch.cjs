// Preloaded into every Node process `scripts/next.mjs` starts: fetch() over HTTP(S) to any host but
// this machine fails as it would offline, before a DNS lookup or a connection. Next treats the
// failure as it treats no network (`next dev`'s version check says "unknown"). Loopback works.
const isLoopback = (hostname) => hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.')

function offHost(input) {
  try {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    return (url.protocol === 'http:' || url.protocol === 'https:') && !isLoopback(url.hostname) ? url.host : undefined
  } catch {
    return undefined // not a URL fetch can use either: its own error says so
  }
}

if (typeof globalThis.fetch === 'function' && !globalThis.fetch.offlineGuard) {
  const realFetch = globalThis.fetch
  const offlineFetch = (input, init) => {
    const host = offHost(input)
    if (host) return Promise.reject(new TypeError(`fetch failed: ${host} is not this machine (scripts/offline-fetch.cjs)`))
    return realFetch(input, init)
  }
  offlineFetch.offlineGuard = true
  globalThis.fetch = offlineFetch
}
