// `npm run broker` as an integrator uses it: one command starts a TLS broker on loopback that
// accepts a plant's token, prints the CA file and a ready line, and stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { freePort } from '../support/broker'
import { connackFor } from '../support/mqtt-connect'
import { keyVectorDir } from '../support/vectors'
import { PLANT_ID, rs256Token } from './tokens'

const ROOT = join(__dirname, '..', '..')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const SCRIPT = join(ROOT, 'scripts', 'local-broker.ts')
const dir = mkdtempSync(join(tmpdir(), 'voke-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

it('starts a loopback TLS broker, prints the CA path and a ready line, accepts a plant, and stops on SIGTERM', async () => {
  const port = await freePort()
  const child = spawn(TSX, [SCRIPT, '--key', join(keyVectorDir, 'rsa2048.pkcs1-public.der'), '--port', String(port), '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  // setEncoding: one UTF-8 decoder per stream keeps a character split across chunks whole.
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line in 30 s:\n${stdout}\n${stderr}`)), 30_000)
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d
        if (/^ready: /m.test(stdout)) (clearTimeout(timer), resolve())
      })
      child.once('exit', () => reject(new Error(`exited early:\n${stdout}\n${stderr}`)))
    })
    const caFile = /CA certificate[^:]*: (\S+)/.exec(stdout)?.[1]
    expect(caFile).toBe(join(dir, 'tls', 'ca.crt'))
    expect(stdout).toContain(`ready: mqtts://127.0.0.1:${port}`)
    expect(readFileSync(join(dir, 'mosquitto.conf'), 'utf8')).toMatch(new RegExp(`^listener ${port} 127\\.0\\.0\\.1$`, 'm'))
    expect(await connackFor({ host: '127.0.0.1', port, caFile: caFile!, username: PLANT_ID, password: rs256Token(PLANT_ID), protocol: '5' })).toBe(0)
    // The broker's log goes to the script's stderr, where the integrator reads refusals.
    expect(stderr).toContain('voke-jwt-auth: accepted client')
  } finally {
    child.kill('SIGTERM')
  }
  expect(await exited).toBe(0)
  expect(stdout).toContain('SIGTERM received, stopping the broker')
  expect(await portOpen(port)).toBe(false)
})

it('without --key it explains what is missing and exits with status 2', () => {
  const result = spawnSync(TSX, [SCRIPT], { encoding: 'utf8' })
  expect(result.status).toBe(2)
  expect(result.stderr).toContain('--key is required')
  expect(result.stderr).toContain('Usage: npm run broker')
})
