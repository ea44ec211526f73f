// scripts/headers/nginx-site.mjs cuts a page's CSP into parts because nginx reads no config word
// over 4,096 bytes; the parts must join back to the exact policy, and the block must refuse a
// value nginx would read as a variable or a quote.
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error plain .mjs build script without types
import { nginxSite, policyParts } from '../../scripts/headers/nginx-site.mjs'
// @ts-expect-error plain .mjs build script without types
import { headerPolicyFor } from '../../scripts/headers/csp.mjs'
// @ts-expect-error plain .mjs build script without types
import { localNginxConf, localSite } from '../../scripts/headers/serve-nginx.mjs'

// 120 distinct hashes: a policy of about 6,600 characters, longer than the longest page's today.
const hashes = Array.from({ length: 120 }, (_, i) => createHash('sha256').update(String(i)).digest('base64'))
const longPolicy: string = headerPolicyFor(hashes)

describe('nginx site block', () => {
  it('cuts a long policy into parts of at most 3,000 characters that join back exactly', () => {
    expect(longPolicy.length).toBeGreaterThan(4096)
    const parts: string[] = policyParts(longPolicy)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.join('')).toBe(longPolicy)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(3000)
  })

  it('keeps a short policy whole', () => {
    expect(policyParts("default-src 'self'")).toEqual(["default-src 'self'"])
  })

  it('writes one map per part and joins them in the header, with no word over 4,096 bytes', () => {
    const conf: string = nginxSite([{ path: '/keys.html', csp: longPolicy }])
    const parts = policyParts(longPolicy).length
    expect(conf).toContain(`map $uri $voke_docs_csp_${parts} {`)
    expect(conf).not.toContain(`map $uri $voke_docs_csp_${parts + 1} {`)
    expect(conf).toContain(`add_header Content-Security-Policy "${Array.from({ length: parts }, (_, i) => `\${voke_docs_csp_${i + 1}}`).join('')}" always;`)
    for (const word of conf.match(/"[^"]*"|\S+/g)!) expect(word.length).toBeLessThanOrEqual(4096)
  })

  it('refuses a header value nginx would read as a variable or the end of the string', () => {
    expect(() => nginxSite([{ path: '/a.html', csp: "script-src '$x'" }])).toThrow(/unescaped/)
    expect(() => nginxSite([{ path: '/a.html', csp: 'a"b' }])).toThrow(/unescaped/)
  })

  it("Debian's nginx accepts the block with that policy (nginx -t)", () => {
    const tmp = mkdtempSync(join(tmpdir(), 'voke-nginx-t-'))
    try {
      const site = localSite(nginxSite([{ path: '/keys.html', csp: longPolicy }]), { root: tmp, host: '127.0.0.1', port: 8089, brotli: false })
      writeFileSync(join(tmp, 'nginx.conf'), localNginxConf(site, { tmp, brotli: false, asRoot: process.getuid?.() === 0 }))
      // -t only reads and checks the file; nothing listens. stderr says "syntax is ok" on success.
      const out = execFileSync('/usr/sbin/nginx', ['-t', '-p', tmp, '-c', join(tmp, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
      expect(out).toBe('')
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
