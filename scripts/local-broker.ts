// `npm run broker -- --key jwt-public.der`: a local MQTT broker that authenticates like Voke's JWT
// listener (Mosquitto + the local JWT plugin + TLS + the guide's ACL), for trying a plant's code.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildPlugin, DEFAULT_PORT, ensureTlsFiles, launchBroker, OPS_USERNAME } from '../broker/local-broker'

const USAGE = `Usage: npm run broker -- --key path/to/jwt-public.der [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--dir DIR] [--ops-user]

  --key       the JWT public key file, as mounted on Voke's broker (PKCS#1 RSAPublicKey DER)
  --port      TLS listener port (default ${DEFAULT_PORT}, the guide's local-development port)
  --host      address to listen on (default 127.0.0.1: this machine only)
  --dir       where the config and the local CA/certificate go (default: a new temp directory)
  --ops-user  TEST-ONLY: let the JWT identity "${OPS_USERNAME}" write cpi/+/commands and read what plants send`

function fail(message: string): never {
  console.error(`local-broker: ${message}\n\n${USAGE}`)
  process.exit(2)
}

async function main() {
  let args
  try {
    args = parseArgs({
      options: {
        key: { type: 'string' },
        port: { type: 'string', default: String(DEFAULT_PORT) },
        host: { type: 'string', default: '127.0.0.1' },
        dir: { type: 'string' },
        'ops-user': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values
  } catch (error) {
    fail((error as Error).message)
  }
  if (args.help) {
    console.log(USAGE)
    return
  }
  if (!args.key) fail('--key is required: the public key file the broker checks tokens with.')
  const keyFilePath = resolve(args.key)
  if (!existsSync(keyFilePath)) fail(`the key file ${keyFilePath} does not exist.`)
  const port = Number(args.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be a port number (1-65535), not "${args.port}".`)
  const host = args.host!
  if (host !== '127.0.0.1' && host !== 'localhost')
    console.error(`local-broker: listening on ${host}, reachable from other machines. The certificate only names localhost and 127.0.0.1.`)

  const runDir = args.dir ? resolve(args.dir) : mkdtempSync(join(tmpdir(), 'voke-local-broker-'))
  const { buildMs } = await buildPlugin()
  const tls = await ensureTlsFiles(join(runDir, 'tls'))
  const broker = await launchBroker({
    keyFilePath,
    port,
    host: host === 'localhost' ? '127.0.0.1' : host,
    runDir,
    tls,
    opsUser: args['ops-user'],
    onLog: (text) => process.stderr.write(text)
  })

  console.log(`CA certificate (give it to your client as the CA file): ${broker.caFile}`)
  if (args['ops-user']) console.log(`TEST-ONLY ops user "${OPS_USERNAME}" is enabled.`)
  console.log(
    `ready: mqtts://${host}:${port} (MQTT 5 and 3.1.1, TLS; username = plant id, password = RS256 JWT) ` +
      `[plugin build ${Math.round(buildMs)} ms, broker start ${Math.round(broker.startMs)} ms]`
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`local-broker: ${signal} received, stopping the broker`)
    await broker.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  const { code, signal } = await broker.exited
  if (!stopping) {
    console.error(`local-broker: mosquitto exited on its own (code ${code}, signal ${signal})`)
    process.exit(1)
  }
}

main().catch((error: unknown) => {
  console.error(`local-broker: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
