// Compresses the site's text files at build time (file.gz and file.br beside each), so nginx's
// gzip_static/brotli_static send them at the best levels without compressing on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

// Text only: images, fonts and pagefind's index files (already gzip inside) gain nothing.
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.txt', '.svg'])
// Below this a compressed copy saves less than the headers around it.
const MIN_BYTES = 256

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? files(full) : [full]
  })
}

/** Writes .gz and .br copies of each compressible file; returns how many files and bytes. */
export function precompress(outDir) {
  let count = 0
  let raw = 0
  let gz = 0
  for (const file of files(outDir)) {
    if (!COMPRESSIBLE.has(extname(file))) continue
    const data = readFileSync(file)
    if (data.length < MIN_BYTES) continue
    const gzip = gzipSync(data, { level: 9 })
    const brotli = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
    if (gzip.length < data.length) writeFileSync(`${file}.gz`, gzip)
    if (brotli.length < data.length) writeFileSync(`${file}.br`, brotli)
    count += 1
    raw += data.length
    gz += gzip.length
  }
  return { count, raw, gz }
}
