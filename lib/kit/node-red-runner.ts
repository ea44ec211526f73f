// node-red-run.mjs of a Node-RED kit (run.sh step 4): a local Node-RED running the kit's flow.json
// for a first test, headless, with Node-RED's log turned into the lines and exit codes every kit's
// program has (connected, published …, 0 after VOKE_MESSAGES acknowledged messages, 2 settings,
// 3 refused, 4 an expired VOKE_TOKEN). The flow itself is not changed: a copy in a temporary
// Node-RED user folder gets VOKE_INTERVAL as the reading inject's repeat, nothing else.

export const NODE_RED_RUNNER = `// run.sh step 4: starts Node-RED (red.js given by run.sh) on a copy of flow.json in a temporary user
// folder, headless (no editor, no HTTP port), with this kit's settings in its environment, and prints
// what the flow logs: connected, published <topic> <json> per acknowledged message, command …, token
// refreshed …, refused: … Exit codes as the other kits' programs: 0 after VOKE_MESSAGES acknowledged
// messages (0 = run until Ctrl-C), 1 Node-RED stopped by itself, 2 settings (the flow's error, or a
// broker whose certificate is not trusted), 3 the broker refused the token, 4 VOKE_TOKEN expired.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import tls from 'node:tls'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const redJs = process.argv[2]
const messages = Number(process.env.VOKE_MESSAGES || 0)
const interval = process.env.VOKE_INTERVAL
if (!Number.isInteger(messages) || messages < 0) {
  console.log(\`error: VOKE_MESSAGES must be a whole number, 0 or more, not "\${process.env.VOKE_MESSAGES}".\`)
  process.exit(2)
}
if (interval !== undefined && !(Number(interval) >= 0.01 && Number(interval) <= 86400)) {
  console.log(\`error: VOKE_INTERVAL must be a number of seconds from 0.01 to 86400, not "\${interval}".\`)
  process.exit(2)
}

const userDir = mkdtempSync(join(tmpdir(), 'voke-node-red-'))
const flow = JSON.parse(readFileSync('flow.json', 'utf8'))
const reading = flow.find((n) => n.type === 'inject' && String(n.name).startsWith('reading'))
if (interval !== undefined && reading) reading.repeat = String(Number(interval))
writeFileSync(join(userDir, 'flow.json'), JSON.stringify(flow, null, 2))
writeFileSync(
  join(userDir, 'settings.js'),
  \`module.exports = \${JSON.stringify({
    flowFile: join(userDir, 'flow.json'),
    userDir,
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    credentialSecret: false,
    functionExternalModules: true, // the flow's function nodes load crypto, fs and tls (Setup → Modules)
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false }
  }, null, 2)}\\n\`
)

// Node-RED runs from its own folder: paths in the settings are made absolute here.
const env = { ...process.env }
for (const name of ['VOKE_PRIVATE_KEY', 'VOKE_CA_FILE']) if (env[name]) env[name] = resolve(env[name])
// run.sh gives red.js relative to the kit folder; Node-RED runs in its user folder.
const child = spawn(process.execPath, [resolve(redJs), '--settings', join(userDir, 'settings.js')], { cwd: userDir, env, stdio: ['ignore', 'pipe', 'pipe'] })

let acknowledged = 0
let stopping = false
function stop(code) {
  if (stopping) return
  stopping = true
  const killer = setTimeout(() => child.kill('SIGKILL'), 10000)
  child.once('close', () => {
    clearTimeout(killer)
    rmSync(userDir, { recursive: true, force: true })
    process.exit(code)
  })
  child.kill('SIGINT') // Node-RED stops its flows: the MQTT nodes disconnect
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

// A safety net for this first test: if attempts keep failing and the flow has not explained why
// (its own check can miss a refusal on a busy machine), a TLS handshake of our own tells a refused
// token (TLS works, the broker closed the MQTT connection) from a broker that cannot be reached.
let failedAttempts = 0
function probeAfterFailures() {
  const brokerNode = flow.find((n) => n.type === 'mqtt-broker') || {}
  const host = process.env.VOKE_MQTT_HOST || brokerNode.broker
  const port = Number(process.env.VOKE_MQTT_PORT || brokerNode.port)
  const socket = tls.connect({ host, port, ca: env.VOKE_CA_FILE ? readFileSync(env.VOKE_CA_FILE) : undefined })
  socket.setTimeout(10000, () => socket.destroy(new Error(\`no answer from \${host}:\${port} within 10 s\`)))
  socket.once('secureConnect', () => {
    socket.end()
    console.log(\`refused: Node-RED's connection failed 3 times although TLS to \${host}:\${port} works: the broker refused the token (not authorised).\`)
    stop(3)
  })
  socket.once('error', (error) => {
    failedAttempts = 0 // Node-RED keeps retrying; look again after three more failures
    console.log(\`cannot connect to \${host}:\${port}: \${error.message}: check VOKE_MQTT_HOST, VOKE_MQTT_PORT and VOKE_CA_FILE\`)
  })
}

// "1 Dec 20:00:35 - [info] [function:Voke connection] connected"
const LOG_LINE = /^\\d+ \\w+ [\\d:]+ - \\[(\\w+)\\] (?:\\[([^\\]]+)\\] )?(.*)$/
const otherLines = [] // what Node-RED printed outside its log format (a start-up failure), shown if it stops
function onLine(line) {
  const match = LOG_LINE.exec(line)
  if (!match) otherLines.push(line)
  if (!match || stopping) return
  const [, level, node = '', text] = match
  if (node === 'function:Voke connection') {
    if (level === 'error') return console.log(\`error: \${text}\`), stop(2)
    console.log(text)
    if (text.startsWith('refused: ')) return stop(3)
    if (/VOKE_TOKEN (expires|expired) at .* cannot be renewed/.test(text)) return stop(4)
    if (/^cannot connect to .*certificate is not trusted/.test(text)) return stop(2)
  } else if (node === 'function:Delivery report' || node === 'function:Command') {
    console.log(text)
    if (text.startsWith('published ') && messages && ++acknowledged >= messages) stop(0)
  } else if (node.startsWith('mqtt-broker:')) {
    // "Connected to broker …", "Connection failed to broker …": what Node-RED itself says of each attempt.
    console.log(\`node-red: [\${node}] \${text}\`)
    failedAttempts = text.startsWith('Connection failed') ? failedAttempts + 1 : 0
    if (failedAttempts === 3) probeAfterFailures()
  } else if ((level === 'warn' || level === 'error') && !/^(Projects disabled|Using unencrypted credentials)/.test(text)) {
    console.log(\`node-red: [\${level}] \${node ? \`[\${node}] \` : ''}\${text}\`)
    // A function node Node-RED would not start (e.g. functionExternalModules false): the flow cannot run.
    if (/not allowed to load external modules/.test(text)) stop(2)
  }
}

for (const stream of [child.stdout, child.stderr]) {
  let partial = ''
  stream.setEncoding('utf8').on('data', (chunk) => {
    const lines = (partial + chunk).split('\\n')
    partial = lines.pop() ?? ''
    lines.forEach(onLine)
  })
}
child.on('close', (code) => {
  if (stopping) return
  for (const line of otherLines.slice(-20)) console.log(\`node-red: \${line}\`)
  console.log(\`error: Node-RED stopped by itself (exit \${code}); its log is above.\`)
  rmSync(userDir, { recursive: true, force: true })
  process.exit(1)
})
`
