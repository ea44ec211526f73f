// The folder a reader has in front of them when they run the guide's commands: the four key files
// of the platform's key script, made here by openssl (not by the site's own code), a token for the
// plant signed with that key by node:crypto, token.txt, and check_token.py and voke_connect.c from examples/.
import { execFileSync } from 'node:child_process'
import { createPrivateKey, sign } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const SCRATCH_PLANT_ID = '3f2b9c1e-5d4a-4e8b-9c7d-1a2b3c4d5e6f'

export interface Scratch {
  /** Folder with the reader's files; copy it per block (blocks overwrite files). */
  dir: string
  /** Folder put first on PATH: python3 is Debian's, which has PyJWT and cryptography. */
  bin: string
  token: string
  remove(): void
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')

export function makeScratch(repo: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), 'code-blocks-'))
  const dir = join(root, 'files')
  const bin = join(root, 'bin')
  mkdirSync(dir)
  mkdirSync(bin)
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  // The platform script's four files (see content/keys.mdx, "The four key files").
  openssl('genrsa', '-traditional', '-out', 'jwt-private.pem', '2048')
  openssl('rsa', '-in', 'jwt-private.pem', '-pubout', '-out', 'jwt-public.pem')
  openssl('rsa', '-pubin', '-in', 'jwt-public.pem', '-RSAPublicKey_out', '-outform', 'DER', '-out', 'jwt-public.der')
  openssl('rsa', '-pubin', '-in', 'jwt-public.pem', '-outform', 'DER', '-out', 'jwt-public-spki.der')

  const now = Math.floor(Date.now() / 1000)
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: SCRATCH_PLANT_ID, iat: now, exp: now + 3600 }))}`
  const key = createPrivateKey(readFileSync(join(dir, 'jwt-private.pem')))
  const token = `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`
  writeFileSync(join(dir, 'token.txt'), token + '\n') // as saved by an editor: with a final newline
  cpSync(join(repo, 'examples', 'tools', 'check_token.py'), join(dir, 'check_token.py'))
  cpSync(join(repo, 'examples', 'c', 'voke_connect.c'), join(dir, 'voke_connect.c')) // saved from the Connect page
  symlinkSync('/usr/bin/python3', join(bin, 'python3'))
  return { dir, bin, token, remove: () => rmSync(root, { recursive: true, force: true }) }
}
