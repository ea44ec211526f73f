// Looks for key and token material in everything a browser session leaves behind or sends:
// requests, URL, storage, IndexedDB, cookies, caches, console. A secret is searched for by several
// distinctive pieces (one PEM line, the joined PEM body, the token, its signature) and in
// decoded forms, so re-wrapping or URL-encoding does not hide it.
import type { BrowserContext, Page } from '@playwright/test'

export interface Secret {
  name: string
  /** Substrings that only this secret contains (each long enough never to occur by chance). */
  needles: string[]
}

/** The base64 body of a PEM: each full line, and the body joined without line breaks. */
export function pemSecret(name: string, pem: string): Secret {
  const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'))
  const body = lines.join('')
  // Every third 64-character line and the joined body: any copy of the key contains some of them.
  const pieces = lines.filter((l, i) => l.length >= 40 && i % 3 === 1)
  return { name, needles: [body, ...pieces] }
}

export function tokenSecret(name: string, token: string): Secret {
  const [header, payload, signature] = token.split('.')
  if (!header || !payload || !signature) throw new Error('not a JWS compact token')
  return { name, needles: [token, signature, `${payload}.${signature}`] }
}

function decodedForms(text: string): string[] {
  const forms = [text]
  try {
    forms.push(decodeURIComponent(text))
  } catch {
    /* not URL-encoded */
  }
  forms.push(text.replace(/\\n|\\r|\r|\n|\s/g, ''))
  forms.push(text.replace(/-/g, '+').replace(/_/g, '/'))
  return forms
}

/** The names of secrets found in `text` (with `where` for the message). */
export function findSecrets(where: string, text: string, secrets: Secret[]): string[] {
  const forms = decodedForms(text)
  return secrets
    .filter((s) => s.needles.some((needle) => forms.some((form) => form.includes(needle) || form.includes(needle.replace(/-/g, '+').replace(/_/g, '/')))))
    .map((s) => `${s.name} in ${where}`)
}

export interface RecordedRequest {
  url: string
  method: string
  headers: string
  body: string
}

/** Records every request of the context (pages and workers alike), with headers and body. */
export function recordRequests(context: BrowserContext): RecordedRequest[] {
  const requests: RecordedRequest[] = []
  context.on('request', (req) => {
    requests.push({
      url: req.url(),
      method: req.method(),
      headers: JSON.stringify(req.headers()),
      body: req.postDataBuffer()?.toString('latin1') ?? ''
    })
  })
  return requests
}

/** Everything the page's origin stores: localStorage, sessionStorage, IndexedDB, Cache Storage. */
export async function dumpBrowserState(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const storage = (s: Storage) => JSON.stringify(Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)])))
    const idb: Record<string, unknown> = {}
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!)
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store, 'readonly').objectStore(store).getAll()
          req.onsuccess = () => resolve(req.result)
          req.onerror = () => reject(req.error)
        })
        idb[`${info.name}/${store}`] = all
      }
      db.close()
    }
    const caches: Record<string, string[]> = {}
    if ('caches' in window) {
      for (const name of await window.caches.keys()) {
        const cache = await window.caches.open(name)
        caches[name] = await Promise.all((await cache.keys()).map(async (r) => `${r.url} ${await (await cache.match(r))?.text()}`))
      }
    }
    return {
      url: location.href,
      localStorage: storage(localStorage),
      sessionStorage: storage(sessionStorage),
      indexedDB: JSON.stringify(idb, (_k, v) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? Array.from(new Uint8Array(v as ArrayBuffer)).map((b) => String.fromCharCode(b)).join('') : v)),
      cacheStorage: JSON.stringify(caches),
      cookie: document.cookie
    }
  })
}

/** Names of secrets found anywhere in the session's state, console and requests. */
export async function scanSession(
  page: Page,
  secrets: Secret[],
  extra: { console: string[]; requests: RecordedRequest[] }
): Promise<string[]> {
  const found: string[] = []
  const state = await dumpBrowserState(page)
  for (const [where, text] of Object.entries(state)) found.push(...findSecrets(where, text, secrets))
  found.push(...findSecrets('cookies', JSON.stringify(await page.context().cookies()), secrets))
  found.push(...findSecrets('console', extra.console.join('\n'), secrets))
  for (const r of extra.requests) found.push(...findSecrets(`request ${r.method} ${r.url.slice(0, 80)}`, `${r.url}\n${r.headers}\n${r.body}`, secrets))
  return found
}
