// Post-build step (last, after pagefind): writes what a real server needs next to the export:
// out/_deploy/nginx-site.conf (nginx), out/_headers (Cloudflare Pages / Netlify), and .gz/.br
// copies of every text file. Usage: node scripts/headers/write-deploy-files.mjs [out]
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { headersFile } from './headers-file.mjs'
import { nginxSite } from './nginx-site.mjs'
import { precompress } from './precompress.mjs'
import { sitePages } from './site-pages.mjs'

/** Where the nginx block is written inside the export (the block itself refuses to serve it). */
export const NGINX_SITE_FILE = join('_deploy', 'nginx-site.conf')

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? 'out'
  const pages = sitePages(outDir)
  mkdirSync(join(outDir, '_deploy'), { recursive: true })
  writeFileSync(join(outDir, NGINX_SITE_FILE), nginxSite(pages))
  writeFileSync(join(outDir, '_headers'), headersFile())
  const { count, raw, gz } = precompress(outDir)
  console.log(`deploy files: ${NGINX_SITE_FILE} and _headers for ${pages.length} pages; ${count} text files precompressed (${(raw / 1024).toFixed(0)} KiB → gzip ${(gz / 1024).toFixed(0)} KiB)`)
}
