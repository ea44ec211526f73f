// Starts a static server for the built site on a port (for a benchmark or a test) and stops it
// afterwards: the project's node server (scripts/serve-static.mjs) or nginx with the server block
// the build wrote (scripts/headers/serve-nginx.mjs).
import { spawn, type ChildProcess } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

/** A loopback port nobody listens on right now: tests or another bench may hold fixed ones. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

const SERVERS = {
  node: join(__dirname, '..', 'serve-static.mjs'),
  nginx: join(__dirname, '..', 'headers', 'serve-nginx.mjs')
}
export type StaticServer = keyof typeof SERVERS

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.once('connect', () => done(true)).once('error', () => done(false))
    socket.setTimeout(1000, () => done(false))
  })
}

/** Waits until the port takes connections: nginx is started before it has bound its port. */
async function listening(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`static server exited with ${child.exitCode}`)
    if (Date.now() > deadline) throw new Error(`static server not listening on ${port} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export interface ServeOptions {
  port?: number
  server?: StaticServer
  /** nginx only: serve HTTPS with this certificate and key (PEM files). */
  tls?: { cert: string; key: string }
}

export async function serveDir(dir: string, { port, server = 'node', tls }: ServeOptions = {}): Promise<{ url: string; stop: () => void }> {
  const p = port ?? (await freePort())
  const child: ChildProcess = spawn(process.execPath, [SERVERS[server], dir], {
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', ...(tls ? { TLS_CERT: tls.cert, TLS_KEY: tls.key } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'] // stdout is the bench's table
  })
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${p}`
  try {
    await listening(p, child)
  } catch (error) {
    child.kill()
    throw error
  }
  return { url, stop: () => child.kill() }
}
