// Starts scripts/serve-static.mjs on a port for a benchmark and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
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

export async function serveDir(dir: string, port?: number): Promise<{ url: string; stop: () => void }> {
  const p = port ?? (await freePort())
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'serve-static.mjs'), dir], {
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  await new Promise<void>((resolve, reject) => {
    // The whole output so far, decoded by one UTF-8 decoder: "Serving" may arrive split across chunks.
    let output = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk).includes('Serving') && resolve())
    child.on('exit', (code) => reject(new Error(`static server exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${p}`, stop: () => child.kill() }
}
