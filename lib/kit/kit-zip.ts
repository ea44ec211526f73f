// Writes files into a .zip in memory with fflate, keeping Unix modes (jwt-private.pem 0600,
// run.sh 0755) so `unzip` restores them. fflate is imported on first use: a reading page that
// never builds a kit never downloads it.
import type { KitFile } from './kit-files'

// "Version made by" Unix (3): unzip applies the mode in the external attributes' high 16 bits.
const UNIX = 3
const REGULAR_FILE = 0o100000

export async function zipFiles(folder: string, files: Pick<KitFile, 'path' | 'content' | 'mode'>[], mtime = new Date()): Promise<Uint8Array> {
  const { zipSync, strToU8 } = await import('fflate')
  const entries: Record<string, [Uint8Array, { os: number; attrs: number; mtime: Date; level: 6 }]> = {}
  for (const file of files) {
    const bytes = typeof file.content === 'string' ? strToU8(file.content) : file.content
    entries[`${folder}/${file.path}`] = [bytes, { os: UNIX, attrs: ((REGULAR_FILE | file.mode) << 16) >>> 0, mtime, level: 6 }]
  }
  return zipSync(entries)
}
