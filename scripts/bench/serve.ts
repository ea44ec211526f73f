// Starts scripts/serve-static.mjs on a port for a benchmark and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export async function serveDir(dir: string, port: number): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'serve-static.mjs'), dir], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Serving') && resolve())
    child.on('exit', (code) => reject(new Error(`static server exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() }
}
