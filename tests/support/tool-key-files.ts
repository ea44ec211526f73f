// The key files real tools write (puttygen, gpg, certtool, openssl, ssh-keygen, xxd, base64), made
// fresh by scripts/make-key-file-vectors.sh into `dir`. Run without blocking: on a busy machine the
// tools take a minute, and a test worker blocked that long misses Vitest's RPC deadline.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const script = join(__dirname, '..', '..', 'scripts', 'make-key-file-vectors.sh')

export interface ToolKeyFile {
  /** File name in `dir`. */
  file: string
  /** The format the key doctor must name (manifest.tsv's second column). */
  format: string
  /** What the key doctor must give: the openssl command's result or the refusal code (third column). */
  expected: string
}

/** Makes the files and returns manifest.tsv's rows. A missing tool fails here, by name. */
export async function makeToolKeyFiles(dir: string): Promise<ToolKeyFile[]> {
  await promisify(execFile)('bash', [script, dir], { timeout: 240_000 })
  return readFileSync(join(dir, 'manifest.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [file, format, expected] = line.split('\t') as [string, string, string]
      return { file, format, expected }
    })
}
