// Serves the static export (out/) on loopback the way a plain static host would: /keys → keys.html,
// with the same response headers as production (scripts/headers/site-headers.mjs).
// Zero dependencies so it works right after `next build`, offline.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, relative, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { COMPRESSIBLE } from './headers/precompress.mjs'
import { siteHeaders } from './headers/site-headers.mjs'

const root = resolve(process.argv[2] ?? 'out')
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream'
}

// Text is sent gzip-compressed when the browser asks for it, as any static host does; without
// this, page loads and Lighthouse would measure several times the bytes a reader downloads. The
// build's own file.gz is sent when there is one (as nginx's gzip_static does), else it is made here.
const gzipped = new Map() // path -> { mtimeMs, body }

async function gzipBody(file, mtimeMs) {
  const prebuilt = await fileStat(`${file}.gz`)
  if (prebuilt && prebuilt.mtimeMs >= mtimeMs) return readFile(`${file}.gz`)
  let cached = gzipped.get(file)
  if (!cached || cached.mtimeMs !== mtimeMs) {
    cached = { mtimeMs, body: gzipSync(await readFile(file)) }
    gzipped.set(file, cached)
  }
  return cached.body
}

async function body(file, mtimeMs, acceptsGzip) {
  if (!acceptsGzip || !COMPRESSIBLE.has(extname(file))) return { data: await readFile(file), gzip: false }
  return { data: await gzipBody(file, mtimeMs), gzip: true }
}

/** The site's headers for a file under root (a page's CSP is hashed from its own text). */
async function headersFor(file) {
  const path = '/' + relative(root, file).split(sep).join('/')
  const html = extname(file) === '.html' ? await readFile(file, 'utf8') : undefined
  return siteHeaders(path, { html })
}

/** The file's stats if path is a regular file, else undefined. */
async function fileStat(path) {
  try {
    const stats = await stat(path)
    return stats.isFile() ? stats : undefined
  } catch {
    return undefined
  }
}

// Candidate files for a URL path, in the order a static host tries them.
function candidates(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '')
  const base = join(root, clean)
  if (!base.startsWith(root + sep) && base !== root) return []
  // Files for servers, not readers (nginx refuses them too).
  if (clean === '/_headers' || clean.startsWith('/_deploy/')) return []
  return [base, `${base}.html`, join(base, 'index.html')]
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  for (const file of candidates(url.pathname)) {
    const stats = await fileStat(file)
    if (stats) {
      const { data, gzip } = await body(file, stats.mtimeMs, /\bgzip\b/.test(req.headers['accept-encoding'] ?? ''))
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        ...(await headersFor(file)),
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {})
      })
      res.end(data)
      return
    }
  }
  const notFound = join(root, '404.html')
  const page = await readFile(notFound).catch(() => undefined)
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', ...(page ? await headersFor(notFound) : siteHeaders('/404')) })
  res.end(page ?? 'Not found')
})

server.listen(port, host, () => {
  console.log(`Serving ${root} at http://${host}:${port}/`)
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
