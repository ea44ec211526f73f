// Serves the static export (out/) on loopback the way a plain static host would: /keys → keys.html.
// Zero dependencies so it works right after `next build`, offline.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'

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
// this, page loads and Lighthouse would measure several times the bytes a reader downloads.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.txt', '.svg'])
const gzipped = new Map() // path -> { mtimeMs, body }

async function body(file, mtimeMs, acceptsGzip) {
  if (!acceptsGzip || !COMPRESSIBLE.has(extname(file))) return { data: await readFile(file), gzip: false }
  let cached = gzipped.get(file)
  if (!cached || cached.mtimeMs !== mtimeMs) {
    cached = { mtimeMs, body: gzipSync(await readFile(file)) }
    gzipped.set(file, cached)
  }
  return { data: cached.body, gzip: true }
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
        'cache-control': 'no-cache',
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {})
      })
      res.end(data)
      return
    }
  }
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
  res.end(await readFile(join(root, '404.html')).catch(() => 'Not found'))
})

server.listen(port, host, () => {
  console.log(`Serving ${root} at http://${host}:${port}/`)
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
