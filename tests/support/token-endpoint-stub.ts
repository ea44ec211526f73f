// A local stand-in for Voke's token endpoint (Option A in the guide), following only what the
// guide documents: POST {api}/api/v1/plants/{plantId}/mqtt-token with the user's session
// cookie answers { "token": "eyJ…", "expiresAt": "<ISO time>" }. The token is a real RS256
// JWT (node:crypto, independent of the site's code) so the local broker accepts it.
import { createSign } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

export interface TokenEndpointOptions {
  /** PEM private key (PKCS#1 or PKCS#8) whose public half the broker enrolled. */
  privateKeyPem: string
  /** The only session cookie the stub accepts, e.g. "voke_session=abc". */
  sessionCookie: string
  /** Token lifetime in seconds (the real endpoint defaults to one hour). */
  lifetimeSeconds?: number
}

export interface TokenRequestRecord {
  method: string
  path: string
  plantId: string | null
  cookie: string | null
  status: number
}

export interface TokenEndpointStub {
  /** Base URL to give the examples as VOKE_API_URL, e.g. http://127.0.0.1:40123 */
  url: string
  /** Every request seen, in order. */
  requests: TokenRequestRecord[]
  /** Tokens issued, in order (the examples should connect with the newest). */
  issued: { plantId: string; token: string; expiresAt: string }[]
  setLifetime(seconds: number): void
  stop(): Promise<void>
}

const TOKEN_PATH = /^\/api\/v1\/plants\/([^/]+)\/mqtt-token$/

function signRs256(privateKeyPem: string, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKeyPem).toString('base64url')}`
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Starts the stub on a free loopback port. */
export async function startTokenEndpoint(opts: TokenEndpointOptions): Promise<TokenEndpointStub> {
  let lifetime = opts.lifetimeSeconds ?? 3600
  const requests: TokenRequestRecord[] = []
  const issued: TokenEndpointStub['issued'] = []

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname
    const match = TOKEN_PATH.exec(path)
    const plantId = match?.[1] !== undefined ? decodeURIComponent(match[1]) : null
    const cookie = req.headers.cookie ?? null
    const record = (status: number) => requests.push({ method: req.method ?? '', path, plantId, cookie, status })
    req.resume()
    if (!match) { record(404); return reply(res, 404, { error: 'not found' }) }
    if (req.method !== 'POST') { record(405); return reply(res, 405, { error: 'method not allowed' }) }
    if (cookie !== opts.sessionCookie) { record(401); return reply(res, 401, { error: 'not signed in' }) }
    const now = Math.floor(Date.now() / 1000)
    const token = signRs256(opts.privateKeyPem, { sub: plantId, iat: now, exp: now + lifetime })
    const expiresAt = new Date((now + lifetime) * 1000).toISOString()
    issued.push({ plantId: plantId!, token, expiresAt })
    record(200)
    reply(res, 200, { token, expiresAt })
  }

  const server: Server = createServer(handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issued,
    setLifetime(seconds) { lifetime = seconds },
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}
