// The C and Node-RED starter kits end to end, as a reader uses them: build the kit on /quick-start
// in Chromium, unzip it with `unzip`, run ./run.sh against the local JWT broker holding the kit's
// jwt-public.der (and against the real plugin from ../shared/oracle when the machine has it). C:
// run.sh checks the build tools, builds voke_connect with the example's Makefile, checks the first
// token, connects. Node-RED: run.sh checks the flow's first token and runs flow.json in the Node-RED
// the tests pin (tests/node-red, given as VOKE_NODE_RED; a reader's run.sh installs it from npm).
// Timeouts are generous: a C build and a Node-RED start on a loaded 2-core machine.
import { expect, test } from '@playwright/test'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KitLanguage } from '../../lib/kit'
import { startBroker, type TestBroker } from '../support/broker'
import { buildAndUnzip, chooseKit, expectConnected, openKitPage, oracleAvailable, ORACLE_DIR, runKit, startOracleBroker, type OracleBroker } from '../support/kit-flows'
import { ensureNodeRed, NODE_RED_DIR } from '../support/node-red'
import { liveWidget, PLANT_ID } from '../support/widget-flows'

const STACKS = ['c', 'node-red'] as const satisfies readonly KitLanguage[]
const RED_JS = join(NODE_RED_DIR, 'node_modules', 'node-red', 'red.js')
// The real broker's ports for this spec (19800–19899): one per worker and test.
const oraclePort = (workerIndex: number, n: number) => 19800 + ((workerIndex * 10 + n) % 100)

function kitEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('VOKE_')) delete env[name]
  return { ...env, VOKE_NODE_RED: RED_JS, VOKE_MESSAGES: '3', VOKE_INTERVAL: '0.1', ...extra }
}

test.describe('C and Node-RED starter kits: build, unzip, ./run.sh', () => {
  test.describe.configure({ timeout: 360_000 })
  let workDir: string
  let broker: TestBroker | undefined
  let oracle: OracleBroker | undefined
  test.beforeAll(() => ensureNodeRed())
  test.beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'voke-kit-e2e-'))
  })
  test.afterEach(async () => {
    await broker?.stop()
    oracle?.stop()
    broker = oracle = undefined
    rmSync(workDir, { recursive: true, force: true })
  })

  for (const language of STACKS) {
    test(`${language}, Option B: the kit's own key connects and three messages are acknowledged`, async ({ page }, info) => {
      const kit = await openKitPage(page)
      if (language === 'node-red') {
        const profile = await liveWidget(page, 'plant-profile')
        await profile.getByLabel('Private key path on the device').fill('/srv/voke/jwt-private.pem')
      }
      await chooseKit(kit, language, 'device')
      await expect(kit.getByTestId('kit-key-trust')).toContainText('every plant on the listener')
      const dir = await buildAndUnzip(page, kit, workDir, language)
      expect(statSync(join(dir, 'jwt-private.pem')).mode & 0o777).toBe(0o600)
      if (language === 'node-red') {
        // The flow reads the key where the gateway keeps it: the profile's path, filled in.
        await expect(kit.getByTestId('kit-gateway-key')).toContainText('/srv/voke/jwt-private.pem')
        const connection = (JSON.parse(readFileSync(join(dir, 'flow.json'), 'utf8')) as { name?: string; func?: string }[]).find((n) => n.name === 'Voke connection')!
        expect(connection.func).toContain("env.get('VOKE_PRIVATE_KEY') || '/srv/voke/jwt-private.pem'")
      }
      broker = await startBroker({ keyFile: join(dir, 'jwt-public.der') })
      const result = await runKit(dir, kitEnv({ VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile }), 300_000)
      expectConnected(result)
      info.annotations.push({ type: 'run.sh wall time', description: `${language} Option B, local broker: ${result.ms} ms` })
      // Run again: C builds only once; VOKE_MESSAGES=1 stops after one acknowledged message.
      const builtAt = language === 'c' ? statSync(join(dir, 'voke_connect')).mtimeMs : 0
      const again = await runKit(dir, kitEnv({ VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile, VOKE_MESSAGES: '1' }), 300_000)
      expect(again.code, again.output).toBe(0)
      expect(again.output.match(/^published /gm)?.length, again.output).toBe(1)
      if (language === 'c') expect(statSync(join(dir, 'voke_connect')).mtimeMs).toBe(builtAt)
    })

    test(`${language}, Option B against the real plugin (../shared/oracle)`, async ({ page }, info) => {
      test.skip(!oracleAvailable(), `the real plugin is not on this machine (${ORACLE_DIR}): the local broker tests above still ran`)
      const kit = await openKitPage(page)
      await chooseKit(kit, language, 'device')
      const dir = await buildAndUnzip(page, kit, workDir, language)
      oracle = startOracleBroker(join(dir, 'jwt-public.der'), oraclePort(info.workerIndex, STACKS.indexOf(language)), workDir)
      const result = await runKit(dir, kitEnv({ VOKE_MQTT_HOST: oracle.host, VOKE_MQTT_PORT: String(oracle.port), VOKE_CA_FILE: oracle.caFile }), 300_000)
      expectConnected(result)
      expect(oracle.logs()).toMatch(new RegExp(`New client connected from 127\\.0\\.0\\.1:\\d+ as ${PLANT_ID} \\(p5, .*u'${PLANT_ID}'\\)`))
      info.annotations.push({ type: 'run.sh wall time', description: `${language} Option B, real plugin: ${result.ms} ms` })
    })

    test(`${language}: a broker holding another key: stopped before connecting, or the refusal explained`, async ({ page }) => {
      const kit = await openKitPage(page)
      await chooseKit(kit, language, 'device')
      const dir = await buildAndUnzip(page, kit, workDir, language)
      const brokerKey = join(workDir, 'broker-jwt-public.der')
      writeFileSync(brokerKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'der' }))
      broker = await startBroker({ keyFile: brokerKey })
      const env = { VOKE_MQTT_HOST: broker.host, VOKE_MQTT_PORT: String(broker.port), VOKE_CA_FILE: broker.caFile }

      // Checked against the broker's own key file: run.sh stops before any connection.
      const before = broker.logs().length
      const stopped = await runKit(dir, kitEnv({ ...env, VOKE_KEY_FILE: brokerKey }), 300_000)
      expect(stopped.code, stopped.output).toBe(1)
      expect(stopped.output).toMatch(/would refuse this token: SIGNATURE_MISMATCH/)
      expect(stopped.output).toMatch(/^fix: /m)
      expect(stopped.output).not.toMatch(/^connected$/m)
      expect(broker.logs().slice(before)).not.toMatch(/voke-jwt-auth: (accepted|refused)/)

      // Checked only against the kit's own key file: the broker refuses, run.sh says what to compare.
      const refused = await runKit(dir, kitEnv(env), 300_000)
      expect(refused.code, refused.output).toBe(3)
      // C: the program's CONNACK line. Node-RED: the flow's explanation, or the runner's when the flow missed it.
      expect(refused.output).toMatch(language === 'c' ? /^refused: CONNACK 135 /m : /^refused: (not authorised \(MQTT 5 CONNACK 135\)|Node-RED's connection failed 3 times although TLS)/m)
      expect(refused.output).toContain('compare its SHA-256 with jwt-public.der.sha256')
    })

    test(`${language}, Option A: the widget says why this stack cannot, and builds nothing`, async ({ page }) => {
      const kit = await openKitPage(page)
      await chooseKit(kit, language, 'api')
      await expect(kit.getByRole('button', { name: /^Build and download/ })).toBeDisabled()
      await expect(kit.getByTestId('kit-disabled-reason')).toContainText('does not call Voke\u2019s token API')
      await expect(kit.getByTestId('kit-disabled-reason')).toContainText('Choose Option B for this stack, or Python or TypeScript for Option A.')
    })
  }
})
