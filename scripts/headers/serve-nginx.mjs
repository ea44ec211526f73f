// npm run serve:nginx: serves the built out/ with Debian's nginx and the server block the build
// wrote (out/_deploy/nginx-site.conf), in the foreground, as production would. Only the root and
// the port are changed; everything nginx needs to write (pid, temp files) goes to a temp folder,
// so it runs beside a system nginx and without touching /etc/nginx or /var/lib/nginx.
// Usage: PORT=8080 HOST=127.0.0.1 node scripts/headers/serve-nginx.mjs [out]
//   TLS_CERT=cert.pem TLS_KEY=key.pem: serve HTTPS instead, as a TLS deployment would (HSTS is sent).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { NGINX_SITE_FILE } from './write-deploy-files.mjs'

const root = resolve(process.argv[2] ?? 'out')
const port = Number(process.env.PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx'
// Debian's libnginx-mod-http-brotli-static; without it the block's brotli_static line is dropped.
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'

/** The built server block with this machine's root and port (the block's own lines say 80 and /var/www/…). */
export function localSite(siteConf, { root, host, port, brotli, tls }) {
  const listen = tls ? `listen ${host}:${port} ssl; ssl_certificate ${tls.cert}; ssl_certificate_key ${tls.key};` : `listen ${host}:${port};`
  let conf = siteConf.replace(/^(\s*)listen \S+;/m, `$1${listen}`).replace(/^(\s*)root \S+;/m, `$1root ${root};`)
  if (!brotli) conf = conf.replace(/^\s*brotli_static on;\n/m, '')
  return conf
}

/** A whole nginx.conf around the site: foreground, one worker, logs to stderr, files under tmp. */
export function localNginxConf(site, { tmp, brotli, asRoot }) {
  return `${brotli ? `load_module ${BROTLI_MODULE};\n` : ''}# As root, nginx would start its workers as nobody, who may not read a checkout or a temp build.
${asRoot ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${tmp}/client_body;
    proxy_temp_path ${tmp}/proxy;
    fastcgi_temp_path ${tmp}/fastcgi;
    uwsgi_temp_path ${tmp}/uwsgi;
    scgi_temp_path ${tmp}/scgi;
${site}
}
`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const siteFile = join(root, NGINX_SITE_FILE)
  if (!existsSync(siteFile)) {
    console.error(`serve-nginx: ${siteFile} is missing; run \`npm run build\` first (its last step writes it).`)
    process.exit(1)
  }
  if (!existsSync(NGINX)) {
    console.error(`serve-nginx: no nginx at ${NGINX}; install Debian's nginx (scripts/install-system-deps.sh).`)
    process.exit(1)
  }
  const brotli = existsSync(BROTLI_MODULE)
  if (!brotli) console.error('serve-nginx: libnginx-mod-http-brotli-static is not installed; serving gzip only.')
  const tmp = mkdtempSync(join(tmpdir(), 'voke-nginx-'))
  const tls = process.env.TLS_CERT && process.env.TLS_KEY ? { cert: resolve(process.env.TLS_CERT), key: resolve(process.env.TLS_KEY) } : undefined
  const site = localSite(readFileSync(siteFile, 'utf8'), { root, host, port, brotli, tls })
  writeFileSync(join(tmp, 'nginx.conf'), localNginxConf(site, { tmp, brotli, asRoot: process.getuid?.() === 0 }))
  // -e: errors before the config is read would otherwise go to /var/log/nginx.
  const nginx = spawn(NGINX, ['-p', tmp, '-c', join(tmp, 'nginx.conf'), '-e', 'stderr'], { stdio: 'inherit' })
  const cleanup = () => rmSync(tmp, { recursive: true, force: true })
  nginx.on('spawn', () => console.log(`Serving ${root} with nginx at ${tls ? 'https' : 'http'}://${host}:${port}/`))
  nginx.on('exit', (code, signal) => {
    cleanup()
    process.exit(code ?? (signal ? 0 : 1))
  })
  // nginx stops at once on TERM/INT; the temp folder goes when it has.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => nginx.kill('SIGTERM'))
}
