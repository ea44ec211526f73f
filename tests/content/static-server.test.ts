// The local static server (npm start, the browser tests, the bench) compresses text like a real
// static host, and still serves the exact bytes of the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { serveDir } from '../../scripts/bench/serve'
import { outDir } from '../support/built-site'

function get(url: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('static server', () => {
  let server: { url: string; stop: () => void }
  beforeAll(async () => {
    server = await serveDir(outDir)
  })
  afterAll(() => server?.stop())

  it('sends a page gzip-compressed when asked, decoding to the exported file', async () => {
    const res = await get(`${server.url}/keys`, 'gzip, deflate, br')
    const exported = readFileSync(join(outDir, 'keys.html'))
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.body.length).toBeLessThan(exported.length / 3)
    expect(gunzipSync(res.body).equals(exported)).toBe(true)
  })

  it('sends plain bytes to a client that does not ask for gzip', async () => {
    const res = await get(`${server.url}/keys`)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body.equals(readFileSync(join(outDir, 'keys.html')))).toBe(true)
  })

  it('answers an unknown path with 404', async () => {
    expect((await get(`${server.url}/no-such-page`, 'gzip')).status).toBe(404)
  })
})
