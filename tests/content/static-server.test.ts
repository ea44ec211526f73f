// The two servers of the built site: the project's node server (npm run serve, npm start, the bench)
// and nginx with the server block the build wrote (npm run serve:nginx, the browser suite in
// scripts/test.sh). Both compress like a real host, send the exact bytes of the export, and send
// the same headers, the ones scripts/headers/site-headers.mjs defines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { serveDir } from '../../scripts/bench/serve'
import { siteHeaders } from '../../scripts/headers/site-headers.mjs'
import { outDir } from '../support/built-site'
import { openssl } from '../support/openssl'
import { sitePages } from '../support/site-pages'
import { tempDirs } from '../support/temp-dir'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

function get(url: string, headers: Record<string, string> = {}, ca?: Buffer): Promise<Reply> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, ca }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

// The headers the definition sets (lower case, as node hands them out).
const SITE_HEADERS = Object.keys(siteHeaders('/', { tls: true })).map((name) => name.toLowerCase())
const pick = (headers: IncomingHttpHeaders) => Object.fromEntries(SITE_HEADERS.map((name) => [name, headers[name]]))

const firstChunk = () => {
  const html = readFileSync(join(outDir, 'keys.html'), 'utf8')
  return /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]
}

describe('static servers', () => {
  const temp = tempDirs()
  let node: { url: string; stop: () => void }
  let nginx: { url: string; stop: () => void }
  beforeAll(async () => {
    ;[node, nginx] = await Promise.all([serveDir(outDir), serveDir(outDir, { server: 'nginx' })])
  })
  afterAll(() => {
    node?.stop()
    nginx?.stop()
    temp.removeAll()
  })

  it('node sends a page gzip-compressed when asked, decoding to the exported file', async () => {
    const res = await get(`${node.url}/keys`, { 'accept-encoding': 'gzip, deflate, br' })
    const exported = readFileSync(join(outDir, 'keys.html'))
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.body.length).toBeLessThan(exported.length / 3)
    expect(gunzipSync(res.body).equals(exported)).toBe(true)
  })

  it('node sends plain bytes to a client that does not ask for gzip', async () => {
    const res = await get(`${node.url}/keys`)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body.equals(readFileSync(join(outDir, 'keys.html')))).toBe(true)
  })

  it('node answers an unknown path with 404', async () => {
    expect((await get(`${node.url}/no-such-page`, { 'accept-encoding': 'gzip' })).status).toBe(404)
  })

  it('nginx sends the prebuilt gzip file, decoding to the exported file', async () => {
    const res = await get(`${nginx.url}/keys`, { 'accept-encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.body.equals(readFileSync(join(outDir, 'keys.html.gz')))).toBe(true)
    expect(gunzipSync(res.body).equals(readFileSync(join(outDir, 'keys.html')))).toBe(true)
  })

  it('a page gets the headers of the definition, its CSP hashed from its own text', async () => {
    const html = readFileSync(join(outDir, 'keys.html'), 'utf8')
    const expected = siteHeaders('/keys.html', { html })
    const res = await get(`${node.url}/keys`)
    for (const [name, value] of Object.entries(expected)) expect(res.headers[name.toLowerCase()], name).toBe(value)
    expect(expected['Content-Security-Policy']).toMatch(/'sha256-[A-Za-z0-9+/=]+'.*frame-ancestors 'none'$/)
  })

  it('node and nginx send the same status, headers and bytes for every page, a build file, the search index, a wrong URL and a folder', async () => {
    const paths = [...sitePages().map((p) => p.route), firstChunk(), '/_pagefind/pagefind-entry.json', '/kit-sources.json', '/no-such-page', '/_pagefind/', '/snippet-data']
    for (const path of paths) {
      const [a, b] = await Promise.all([get(`${node.url}${path}`), get(`${nginx.url}${path}`)])
      expect({ path, status: b.status, ...pick(b.headers) }).toEqual({ path, status: a.status, ...pick(a.headers) })
      expect(b.body.equals(a.body), path).toBe(true)
    }
  })

  it('neither serves the files meant for servers (_headers, the nginx block)', async () => {
    for (const path of ['/_headers', '/_deploy/nginx-site.conf']) {
      for (const server of [node, nginx]) expect((await get(`${server.url}${path}`)).status, `${server.url}${path}`).toBe(404)
    }
  })

  it('nginx over TLS adds Strict-Transport-Security, and only there', async () => {
    const dir = temp.make('voke-tls-')
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')]
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert])
    const tls = await serveDir(outDir, { server: 'nginx', tls: { cert, key } })
    try {
      const res = await get(`${tls.url}/keys`, {}, readFileSync(cert))
      expect(res.status).toBe(200)
      expect(res.headers['strict-transport-security']).toBe(siteHeaders('/keys.html', { tls: true })['Strict-Transport-Security'])
      expect((await get(`${nginx.url}/keys`)).headers['strict-transport-security']).toBeUndefined()
    } finally {
      tls.stop()
    }
  })
})

describe('the _headers file (Cloudflare Pages / Netlify)', () => {
  const text = () => readFileSync(join(outDir, '_headers'), 'utf8')
  /** Rule path → its header lines, read the way those hosts read the file. */
  function rules(): Map<string, Record<string, string>> {
    const parsed = new Map<string, Record<string, string>>()
    let current: Record<string, string> | undefined
    for (const line of text().split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue
      if (!/^\s/.test(line)) parsed.set(line, (current = {}))
      else {
        const colon = line.indexOf(': ')
        current![line.slice(0, colon).trim()] = line.slice(colon + 2)
      }
    }
    return parsed
  }

  it('gives every response the shared headers, HSTS and frame-ancestors, and caches only /_next/static/ for good', () => {
    const r = rules()
    const every = siteHeaders('/', { tls: true })
    for (const name of ['X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy', 'Cross-Origin-Opener-Policy', 'Strict-Transport-Security'] as const)
      expect(r.get('/*')?.[name], name).toBe(every[name])
    expect(r.get('/*')?.['Content-Security-Policy']).toBe("frame-ancestors 'none'")
    expect(r.get('/_next/static/*')?.['Cache-Control']).toBe(siteHeaders('/_next/static/x.js')['Cache-Control'])
    // Hosts join a header set by two matching rules with a comma: Cache-Control must not be in /*.
    expect(r.get('/*')?.['Cache-Control']).toBeUndefined()
  })

  it('has no line longer than Cloudflare Pages reads (2,000 characters)', () => {
    expect(Math.max(...text().split('\n').map((l) => l.length))).toBeLessThanOrEqual(2000)
  })
})
