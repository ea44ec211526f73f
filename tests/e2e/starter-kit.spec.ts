// The starter kit end to end, as a reader uses it: build the kit on /quick-start in Chromium,
// download it, unzip it with `unzip`, enrol its jwt-public.der in the local JWT broker, run
// ./run.sh with the broker's host, port and CA file in the environment. Python and TypeScript,
// Option B (the kit's own key) and Option A (the token endpoint stub), plus a key mismatch.
import { expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBroker, type TestBroker } from '../support/broker'
import { buildAndUnzip, chooseKit as choose, expectConnected, FRESH_PAIR, openKitPage, runKit } from '../support/kit-flows'
import { startTokenEndpoint } from '../support/token-endpoint-stub'
import { liveWidget, PLANT_ID } from '../support/widget-flows'

const SESSION_COOKIE = 'voke_session=e2e-kit'

// pip: the machine's local wheels only (no time lost retrying a public index). The virtual
// environment is kept per worker between runs (run.sh reuses it while requirements.txt matches).
function kitEnv(workerIndex: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PIP_NO_INDEX: '1',
    PIP_FIND_LINKS: '/opt/pypi/files',
    VOKE_VENV: join(tmpdir(), `voke-kit-e2e-venv-${workerIndex}`),
    VOKE_MESSAGES: '3',
    VOKE_INTERVAL: '0.1',
    ...extra
  }
}

test.describe('starter kit: build, unzip, ./run.sh against the local broker', () => {
  test.describe.configure({ timeout: 240_000 })
  let workDir: string
  let broker: TestBroker | undefined
  test.beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'voke-kit-e2e-'))
  })
  test.afterEach(async () => {
    await broker?.stop()
    broker = undefined
    rmSync(workDir, { recursive: true, force: true })
  })

  for (const language of ['python', 'typescript'] as const) {
    test(`${language}, Option B: the kit's own key connects and three messages are acknowledged`, async ({ page }, info) => {
      const kit = await openKitPage(page)
      await choose(kit, language, 'device')
      await expect(kit.getByTestId('kit-key-trust')).toContainText('every plant on the listener')
      const dir = await buildAndUnzip(page, kit, workDir, language)
      expect(statSync(join(dir, 'jwt-private.pem')).mode & 0o777).toBe(0o600)
      broker = await startBroker({ keyFile: join(dir, 'jwt-public.der') })
      const result = await runKit(dir, kitEnv(info.workerIndex, { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile }))
      expectConnected(result)
      info.annotations.push({ type: 'run.sh wall time', description: `${language} Option B: ${result.ms} ms` })
    })

    test(`${language}, Option A: the token comes from the endpoint stub, no private key in the kit`, async ({ page }, info) => {
      // The listener's key pair, made by node:crypto: the stub signs with it, the broker holds its public half.
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
      const listenerDer = pair.publicKey.export({ type: 'pkcs1', format: 'der' })
      const stub = await startTokenEndpoint({ privateKeyPem: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, sessionCookie: SESSION_COOKIE })
      try {
        const kit = await openKitPage(page)
        await choose(kit, language, 'api')
        await kit.getByRole('radio', { name: 'Load the listener\u2019s key file' }).check()
        await kit.locator('input[type="file"]').setInputFiles({ name: 'jwt-public.der', mimeType: 'application/octet-stream', buffer: listenerDer })
        const dir = await buildAndUnzip(page, kit, workDir, language)
        expect(() => statSync(join(dir, 'jwt-private.pem'))).toThrow()
        expect(readFileSync(join(dir, 'jwt-public.der')).equals(listenerDer)).toBe(true)
        broker = await startBroker({ keyFile: join(dir, 'jwt-public.der') })
        const env = { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile, VOKE_API_URL: stub.url }
        const noCookie = await runKit(dir, kitEnv(info.workerIndex, env))
        expect(noCookie.code, noCookie.output).toBe(2)
        expect(noCookie.output).toContain('set VOKE_SESSION_COOKIE first')
        const result = await runKit(dir, kitEnv(info.workerIndex, { ...env, VOKE_SESSION_COOKIE: SESSION_COOKIE }))
        expectConnected(result)
        // One token for the check, one for the program's connection, both for this plant.
        expect(stub.issued.map((t) => t.plantId)).toEqual([PLANT_ID, PLANT_ID])
        // Without a key file (VOKE_KEY_FILE set empty) run.sh says the check was skipped, and connects.
        const unchecked = await runKit(dir, kitEnv(info.workerIndex, { ...env, VOKE_SESSION_COOKIE: SESSION_COOKIE, VOKE_KEY_FILE: '' }))
        expect(unchecked.code, unchecked.output).toBe(0)
        expect(unchecked.output).toMatch(/^check: skipped the signature and claims check: no key file/m)
        expect(unchecked.output).toMatch(/^connected$/m)
        info.annotations.push({ type: 'run.sh wall time', description: `${language} Option A: ${result.ms} ms` })
      } finally {
        await stub.stop()
      }
    })
  }

  test('a kit whose key the broker does not hold: stopped before connecting, or the refusal explained', async ({ page }, info) => {
    const kit = await openKitPage(page)
    await choose(kit, 'python', 'device')
    const dir = await buildAndUnzip(page, kit, workDir, 'python')
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'der' })
    const brokerKey = join(workDir, 'broker-jwt-public.der')
    writeFileSync(brokerKey, other)
    broker = await startBroker({ keyFile: brokerKey })
    const env = { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile }

    // Checked against the broker's own key file: run.sh stops before any connection.
    const before = broker.logs().length
    const stopped = await runKit(dir, kitEnv(info.workerIndex, { ...env, VOKE_KEY_FILE: brokerKey }))
    expect(stopped.code, stopped.output).toBe(1)
    expect(stopped.output).toMatch(/would refuse this token: SIGNATURE_MISMATCH/)
    expect(stopped.output).toMatch(/^fix: .*ask Voke.s listener operator.*load the jwt-public.der made from this private key/m)
    expect(stopped.output).not.toMatch(/^connected$/m)
    expect(broker.logs().slice(before)).not.toMatch(/voke-jwt-auth: (accepted|refused)/)

    // Checked only against the kit's own key file: the broker refuses, run.sh says what to compare.
    const refused = await runKit(dir, kitEnv(info.workerIndex, env))
    expect(refused.code, refused.output).toBe(3)
    expect(refused.output).toMatch(/^refused: CONNACK 135 /m)
    expect(refused.output).toContain('compare its SHA-256 with jwt-public.der.sha256')
  })

  test('TypeScript kit against a broker with another key, checked with its key file: stopped with the verdict', async ({ page }, info) => {
    const kit = await openKitPage(page)
    await choose(kit, 'typescript', 'device')
    const dir = await buildAndUnzip(page, kit, workDir, 'typescript')
    const brokerKey = join(workDir, 'broker-jwt-public.der')
    writeFileSync(brokerKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'der' }))
    broker = await startBroker({ keyFile: brokerKey })
    const result = await runKit(
      dir,
      kitEnv(info.workerIndex, { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile, VOKE_KEY_FILE: brokerKey })
    )
    expect(result.code, result.output).toBe(1)
    expect(result.output).toMatch(/would refuse this token: SIGNATURE_MISMATCH/)
    expect(result.output).toMatch(/^fix: /m)
    expect(result.output).not.toMatch(/^connected$/m)
  })
})

test('a second kit keeps the key of the first, so an enrolled jwt-public.der stays valid', async ({ page }) => {
  const workDir = mkdtempSync(join(tmpdir(), 'voke-kit-e2e-'))
  try {
    const kit = await openKitPage(page)
    await choose(kit, 'python', 'device')
    const first = await buildAndUnzip(page, kit, workDir, 'python')
    await expect(kit.getByRole('radio', { name: /^Use the key from this visit/ })).toBeChecked()
    await choose(kit, 'typescript', 'device')
    const second = await buildAndUnzip(page, kit, workDir, 'typescript')
    expect(readFileSync(join(second, 'jwt-public.der')).equals(readFileSync(join(first, 'jwt-public.der')))).toBe(true)
    expect(readFileSync(join(second, 'jwt-private.pem'), 'utf8')).toBe(readFileSync(join(first, 'jwt-private.pem'), 'utf8'))
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
})

test.describe('starter kit: bad input', () => {
  test('no plant id: the build button is disabled and says why', async ({ page }) => {
    await page.goto('/quick-start')
    const kit = await liveWidget(page, 'starter-kit')
    await expect(kit.getByRole('button', { name: /^Build and download/ })).toBeDisabled()
    await expect(kit.getByTestId('kit-disabled-reason')).toContainText('No plant id yet')
  })

  test('Option B loads the listener\u2019s private key by default; a fresh pair is offered for a local broker only', async ({ page }) => {
    const kit = await openKitPage(page)
    await kit.getByRole('radio', { name: /^Option B/ }).check()
    await expect(kit.getByRole('radio', { name: 'Load jwt-private.pem' })).toBeChecked()
    await expect(kit).toContainText('as Voke\u2019s listener operator gave it to you')
    await expect(kit.getByTestId('kit-fresh-pair')).toHaveCount(0)
    await kit.getByRole('radio', { name: FRESH_PAIR }).check()
    await expect(kit.getByTestId('kit-fresh-pair')).toContainText('not the enrolled key')
    await expect(kit.getByTestId('kit-key-trust')).toContainText('every plant on the listener')
  })

  test('a plant id that is not a UUID warns; a 1024-bit key gives no kit but the reason and the fix', async ({ page }) => {
    await page.goto('/quick-start')
    const profile = await liveWidget(page, 'plant-profile')
    await profile.getByLabel(/Plant id/).fill('plant-1')
    const kit = await liveWidget(page, 'starter-kit')
    await expect(kit).toContainText('is not a UUID')
    await kit.getByRole('radio', { name: 'Load jwt-private.pem' }).check()
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
    await kit.getByLabel('Private key (jwt-private.pem)').fill(small)
    let downloaded = false
    page.on('download', () => (downloaded = true))
    await kit.getByRole('button', { name: /^Build and download/ }).click()
    await expect(kit.getByTestId('kit-status')).toHaveAttribute('data-phase', 'refused')
    await expect(kit.getByTestId('kit-status')).toContainText(/The key is 1024 bits; the broker needs .*2048/)
    await expect(kit.getByTestId('kit-status')).toContainText('ask Voke\u2019s listener operator. On a local broker, make a new 2048-bit')
    expect(downloaded).toBe(false)
  })

  test('an EC key is refused as not RSA', async ({ page }) => {
    await page.goto('/quick-start')
    const profile = await liveWidget(page, 'plant-profile')
    await profile.getByLabel(/Plant id/).fill(PLANT_ID)
    const kit = await liveWidget(page, 'starter-kit')
    await kit.getByRole('radio', { name: 'Load jwt-private.pem' }).check()
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    await kit.getByLabel('Private key (jwt-private.pem)').fill(ec)
    await kit.getByRole('button', { name: /^Build and download/ }).click()
    await expect(kit.getByTestId('kit-status')).toHaveAttribute('data-phase', 'refused')
    await expect(kit.getByTestId('kit-status')).toContainText(/RSA/)
  })
})

test('the key generator zips its four files, the private key at 0600', async ({ page }) => {
  const workDir = mkdtempSync(join(tmpdir(), 'voke-keys-zip-'))
  try {
    await page.goto('/keys')
    const generator = await liveWidget(page, 'key-generator')
    await generator.getByRole('button', { name: /Generate (a new )?key pair/ }).click()
    await expect(generator.getByTestId('private-key-trust')).toContainText('every plant on the listener')
    const [download] = await Promise.all([page.waitForEvent('download'), generator.getByRole('button', { name: 'Download all four files (.zip)' }).click()])
    const zipPath = join(workDir, download.suggestedFilename())
    await download.saveAs(zipPath)
    const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n')
    expect(listing.sort()).toEqual(['voke-jwt-keys/jwt-private.pem', 'voke-jwt-keys/jwt-public-spki.der', 'voke-jwt-keys/jwt-public.der', 'voke-jwt-keys/jwt-public.pem'])
    mkdirSync(join(workDir, 'x'))
    execFileSync('unzip', ['-q', zipPath, '-d', join(workDir, 'x')])
    expect(statSync(join(workDir, 'x/voke-jwt-keys/jwt-private.pem')).mode & 0o777).toBe(0o600)
    // The public key file is the private key's own (checked with openssl, independently).
    const fromPrivate = execFileSync('openssl', ['rsa', '-in', join(workDir, 'x/voke-jwt-keys/jwt-private.pem'), '-RSAPublicKey_out', '-outform', 'DER'], { stdio: ['ignore', 'pipe', 'ignore'] })
    expect(fromPrivate.equals(readFileSync(join(workDir, 'x/voke-jwt-keys/jwt-public.der')))).toBe(true)
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
})
