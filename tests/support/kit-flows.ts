// Starter kit steps shared by specs: open the kit on /quick-start, build a kit in Chromium, read
// the downloaded zip back with Info-ZIP's unzip, run the kit's ./run.sh, and (when ../shared/oracle
// is there) start the real broker plugin for a kit to connect to.
import { expect, type Locator, type Page } from '@playwright/test'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ACL_FILE } from '../../broker/local-broker'
import type { KitLanguage } from '../../lib/kit'
import { liveWidget, PLANT_ID } from './widget-flows'

/** Builds an Option B kit with a fresh pair generated for it and returns the kit's jwt-private.pem. */
export async function buildKitAndReadPrivateKey(page: Page, plantId: string): Promise<string> {
  const profile = await liveWidget(page, 'plant-profile')
  await profile.getByLabel(/Plant id/).fill(plantId)
  const kit = await liveWidget(page, 'starter-kit')
  await kit.getByRole('radio', { name: /^Option B/ }).check()
  await kit.getByRole('radio', { name: FRESH_PAIR }).check()
  const [download] = await Promise.all([page.waitForEvent('download'), kit.getByRole('button', { name: /^Build and download/ }).click()])
  await expect(kit.getByTestId('kit-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 })
  const dir = mkdtempSync(join(tmpdir(), 'voke-kit-read-'))
  try {
    const zip = join(dir, 'kit.zip')
    await download.saveAs(zip)
    const name = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').find((n) => n.endsWith('/jwt-private.pem'))!
    execFileSync('unzip', ['-q', zip, name, '-d', dir])
    const pem = readFileSync(join(dir, name), 'utf8')
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    return pem
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The language radio's label in <StarterKit />. */
export const KIT_LANGUAGE_LABEL: Record<KitLanguage, string> = {
  python: 'Python',
  typescript: 'TypeScript (Node.js)',
  c: 'C (libmosquitto)',
  'node-red': 'Node-RED'
}

/** /quick-start with the plant id filled in; returns the live starter kit widget. */
export async function openKitPage(page: Page, plantId = PLANT_ID): Promise<Locator> {
  await page.goto('/quick-start')
  const profile = await liveWidget(page, 'plant-profile')
  await profile.getByLabel(/Plant id/).fill(plantId)
  return liveWidget(page, 'starter-kit')
}

/** The Option B key choice for a local broker: a pair made in the page (the default loads the listener's key). */
export const FRESH_PAIR = /^Generate a fresh 2048-bit pair/

/**
 * Chooses language and signer. Option B kits here run against a local broker, so they sign with a
 * fresh pair made in the page, or keep the pair an earlier build of this visit made (its
 * jwt-public.der may be loaded by a broker already).
 */
export async function chooseKit(kit: Locator, language: KitLanguage, signer: 'device' | 'api') {
  await kit.getByRole('radio', { name: KIT_LANGUAGE_LABEL[language], exact: true }).check()
  await kit.getByRole('radio', { name: signer === 'device' ? /^Option B/ : /^Option A/ }).check()
  if (signer === 'device' && (await kit.getByRole('radio', { name: /^Use the key from this visit/ }).count()) === 0)
    await kit.getByRole('radio', { name: FRESH_PAIR }).check()
}

/** Clicks build, saves the zip and unzips it with Info-ZIP's unzip; returns the kit folder. */
export async function buildAndUnzip(page: Page, kit: Locator, workDir: string, language: KitLanguage): Promise<string> {
  const name = `voke-plant-3f2b8c1e-${language}`
  const button = kit.getByRole('button', { name: `Build and download ${name}.zip` })
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
  expect(download.suggestedFilename()).toBe(`${name}.zip`)
  await expect(kit.getByTestId('kit-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 })
  const zipPath = join(workDir, download.suggestedFilename())
  await download.saveAs(zipPath)
  execFileSync('unzip', ['-q', zipPath, '-d', workDir])
  const dir = join(workDir, name)
  expect(statSync(join(dir, 'run.sh')).mode & 0o777).toBe(0o755)
  return dir
}

export interface RunResult {
  code: number | null
  output: string
  ms: number
}

/** ./run.sh in the kit folder; stdout and stderr together, decoded whole at the end. */
export function runKit(dir: string, env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<RunResult> {
  const started = Date.now()
  return new Promise((resolvePromise, reject) => {
    // A process group of its own, so a timeout stops run.sh and what it started (Node-RED, the program).
    const child = spawn('./run.sh', [], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    // One UTF-8 decoder per stream: a character split across chunks stays whole, and stdout's
    // and stderr's bytes are never joined mid-character.
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d))
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, output, ms: Date.now() - started })
    })
  })
}

/** Exit 0, the token check accepted, connected, and exactly three messages acknowledged. */
export function expectConnected(result: RunResult, plantId = PLANT_ID) {
  expect(result.code, result.output).toBe(0)
  expect(result.output).toMatch(/check: the broker would accept this token/)
  expect(result.output).toMatch(/^connected$/m)
  const published = new RegExp(`^published cpi/${plantId}/telemetry `, 'gm')
  expect(result.output.match(published)?.length, result.output).toBe(3)
}

/** The real plugin (wiomoc/mosquitto-jwt-auth 0.4.0) and its start script, when the machine has them. */
export const ORACLE_DIR = process.env.VOKE_ORACLE_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'oracle')
export const oracleAvailable = () => existsSync(join(ORACLE_DIR, 'real-broker.sh')) && existsSync(join(ORACLE_DIR, 'libmosquitto_jwt_auth.so'))

export interface OracleBroker {
  host: '127.0.0.1'
  port: number
  caFile: string
  logs(): string
  stop(): void
}

/** Mosquitto with the real plugin on `port` (TLS, a fresh CA, the project's ACL file as Voke's broker has one), its files under runDir. */
export function startOracleBroker(keyFile: string, port: number, runDir: string): OracleBroker {
  const script = join(ORACLE_DIR, 'real-broker.sh')
  const env = { ...process.env, REAL_BROKER_RUN: runDir }
  const dir = execFileSync('bash', [script, 'start', String(port), keyFile, ACL_FILE, 'tls'], { env, encoding: 'utf8' }).trim()
  return {
    host: '127.0.0.1',
    port,
    caFile: join(dir, 'ca.crt'),
    logs: () => readFileSync(join(dir, 'broker.log'), 'utf8'),
    stop: () => void execFileSync('bash', [script, 'stop', String(port)], { env })
  }
}
