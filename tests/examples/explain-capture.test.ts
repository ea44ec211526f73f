// The explainer's recognisers against REAL output, captured here on every run: each failure is
// provoked with the real tool (the local broker, mosquitto_pub, paho-mqtt 1.6 and 2.1, mqtt.js,
// Python's ssl, PyJWT, cryptography, openssl), what it printed is recorded, and the explainer must
// name the expected cause for it. Nothing here is typed in by hand but the commands.
import { execFile, spawnSync } from 'node:child_process'
import { createSign } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explain, type CauseCode, type Explanation } from '../../lib/explain'
import { ENROLLED_KEY, nowSeconds, PLANT_ID, rs256Token, SPKI_KEY } from '../broker/tokens'
import { freePort, startBroker, type TestBrokerDetails } from '../support/broker'
import { connectClient } from '../support/mqtt-connect'
import { pythonEnvs, type PythonEnv } from '../support/python-envs'
import { tempDirs } from '../support/temp-dir'
import { startTokenEndpoint } from '../support/token-endpoint-stub'
import { SEARCH_ERROR_TABLE } from '../support/search-error-table'
import { keyVector, keyVectorDir, keyVectorText } from '../support/vectors'
import { REPO } from './example-runner'

const scratch = tempDirs()
afterAll(scratch.removeAll)

/** Everything captured in this run, written out for the report (test-results/ is not committed). */
const captured: { scenario: string; tool: string; output: string; finding: string; causes: CauseCode[] }[] = []
afterAll(() => {
  mkdirSync(join(REPO, 'test-results'), { recursive: true })
  writeFileSync(join(REPO, 'test-results', 'explain-capture.json'), JSON.stringify(captured, null, 2))
})

/** Explains real output and checks that a finding names `cause` (first, unless `anywhere`). */
async function expectCause(scenario: string, tool: string, output: string, cause: CauseCode, opts: { anywhere?: boolean } = {}): Promise<Explanation> {
  expect(output.trim(), `${scenario}: ${tool} printed nothing`).not.toBe('')
  const explanation = await explain(output)
  const finding = explanation.findings.find((f) => (opts.anywhere ? f.causes.some((c) => c.code === cause) : f.causes[0]?.code === cause))
  captured.push({ scenario, tool, output, finding: finding?.id ?? 'none', causes: finding?.causes.map((c) => c.code) ?? [] })
  expect(finding, `${scenario} (${tool}) printed:\n${output}\nexplained as:\n${JSON.stringify(explanation.findings.map((f) => [f.id, f.causes.map((c) => c.code)]))}`).toBeDefined()
  return explanation
}

function run(command: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000, cwd: opts.cwd, env: { ...process.env, ...opts.env } })
  return `${result.stdout ?? ''}${result.stderr ?? ''}`
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
function tokenSignedBy(keyFile: string, claims: Record<string, unknown>): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(keyVectorText(keyFile)).toString('base64url')}`
}

let enrolled: TestBrokerDetails
let spkiEnrolled: TestBrokerDetails
let closedPort: number
beforeAll(async () => {
  ;[enrolled, spkiEnrolled, closedPort] = await Promise.all([startBroker({ keyFile: ENROLLED_KEY }), startBroker({ keyFile: SPKI_KEY }), freePort()])
})
afterAll(async () => {
  await Promise.all([enrolled?.stop(), spkiEnrolled?.stop()])
})

/** The broker's log lines written after `since` that belong to this attempt (polls: the pipe may lag). */
async function brokerLinesAfter(broker: TestBrokerDetails, since: number, needle: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000 // returns as soon as the line is there; room for a loaded machine
  while (!needle.test(broker.logs().slice(since)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  return broker.logs().slice(since)
}

describe('the broker log for each refused token (the jwt-auth: line the plugin writes)', () => {
  const now = nowSeconds()
  const cases: { name: string; broker: () => TestBrokerDetails; username?: string; password: () => string | Uint8Array; cause: CauseCode }[] = [
    { name: 'expired token', broker: () => enrolled, password: () => rs256Token(PLANT_ID, -120, { iat: now - 3720 }), cause: 'TOKEN_EXPIRED' },
    { name: 'iat in the future (device clock ahead)', broker: () => enrolled, password: () => rs256Token(PLANT_ID, 3600, { iat: now + 120 }), cause: 'CLOCK_AHEAD' },
    { name: 'token signed by another key', broker: () => enrolled, password: () => tokenSignedBy('rsa3072.pkcs8.pem', { sub: PLANT_ID, iat: now - 5, exp: now + 3600 }), cause: 'KEY_PAIR_MISMATCH' },
    { name: 'the broker holds an SPKI key file', broker: () => spkiEnrolled, password: () => rs256Token(PLANT_ID), cause: 'KEY_FILE_FORMAT' },
    { name: 'sub is not the username', broker: () => enrolled, username: PLANT_ID.toUpperCase(), password: () => rs256Token(PLANT_ID), cause: 'SUB_MISMATCH' },
    { name: '"=" padding on the signature', broker: () => enrolled, password: () => `${rs256Token(PLANT_ID)}=`, cause: 'TOKEN_BASE64' },
    { name: '"Bearer " prefix', broker: () => enrolled, password: () => `Bearer ${rs256Token(PLANT_ID)}`, cause: 'TOKEN_NOT_BARE' },
    { name: 'no password at all', broker: () => enrolled, password: () => '', cause: 'PASSWORD_NOT_SENT' },
    // The real plugin panics on these two and the whole broker dies; the local one logs the same
    // panic text and refuses, so the tests can go on (broker-rules.md, "Known plugin defects").
    { name: 'exp beyond the date range (broker crash)', broker: () => enrolled, password: () => rs256Token(PLANT_ID, 3600, { exp: 1e15 }), cause: 'BROKER_CRASH_DATE' },
    { name: 'a password that is not UTF-8 (broker crash)', broker: () => enrolled, password: () => Uint8Array.of(0xff, 0xfe, 0x41), cause: 'BROKER_CRASH_UTF8' }
  ]
  for (const c of cases)
    it(`${c.name} → ${c.cause}`, async () => {
      const broker = c.broker()
      const since = broker.logs().length
      const result = await connectClient({ host: broker.host, port: broker.port, caFile: broker.caFile, username: c.username ?? PLANT_ID, password: c.password(), protocol: '5' })
      expect(result.connack).toBe(135)
      const log = await brokerLinesAfter(broker, since, /disconnected, not authorised/)
      await expectCause(c.name, 'local broker log (plugin stderr + Mosquitto 2.0.11)', log, c.cause, { anywhere: true })
    })

  it('the key file itself, given to the explainer, is named as the cause (SPKI DER → KEY_FILE_FORMAT)', async () => {
    const { findings } = await explain(keyVector('rsa2048.spki.der'))
    expect(findings[0]!.causes.map((c) => c.code)).toEqual(['KEY_FILE_FORMAT'])
  })

  it('the broker started without its key file: its output → KEY_FILE_MISSING', async () => {
    const missing = join(scratch.make('no-key-'), 'jwt-public.der')
    const output = await startBroker({ keyFile: missing }).then(
      async (broker) => {
        await broker.stop()
        return 'the broker started without its key file'
      },
      (error: Error) => error.message
    )
    await expectCause('broker started without its key file', 'local broker (Mosquitto 2.0.11 + plugin)', output, 'KEY_FILE_MISSING')
  })
})

describe('mosquitto_pub 2.0 (Debian mosquitto-clients)', () => {
  const pub = (broker: TestBrokerDetails, extra: string[], token = rs256Token(PLANT_ID, -60, { iat: nowSeconds() - 3660 })) =>
    run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', `cpi/${PLANT_ID}/telemetry`, '-m', 'x', '-u', PLANT_ID, '-P', token, '-i', PLANT_ID, ...extra])

  it('MQTT 5 refusal → "Connection error: Not authorized", causes led by the token', async () => {
    await expectCause('refused (expired), -V mqttv5', 'mosquitto_pub -V mqttv5', pub(enrolled, ['--cafile', enrolled.caFile, '-V', 'mqttv5']), 'TOKEN_EXPIRED')
  })
  it('MQTT 3.1.1 refusal → "Connection Refused: not authorised."', async () => {
    const explanation = await expectCause('refused (expired), -V mqttv311', 'mosquitto_pub -V mqttv311', pub(enrolled, ['--cafile', enrolled.caFile, '-V', 'mqttv311']), 'TOKEN_EXPIRED')
    expect(explanation.findings[0]!.next).toMatch(/jwt-auth: line/)
  })
  it('no --cafile (plain MQTT to the TLS port) → TLS_PLAIN_TCP', async () => {
    await expectCause('no CA file', 'mosquitto_pub', pub(enrolled, []), 'TLS_PLAIN_TCP')
  })
  it('--capath without the broker\u2019s CA → TLS error, CA first', async () => {
    await expectCause('CA not trusted', 'mosquitto_pub --capath /etc/ssl/certs', pub(enrolled, ['--capath', '/etc/ssl/certs']), 'TLS_CA_MISSING')
  })
  it('closed port → PORT_CLOSED', async () => {
    const out = run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(closedPort), '-t', 't', '-m', 'x', '-u', PLANT_ID, '-P', 'x', '--cafile', enrolled.caFile])
    await expectCause('closed port', 'mosquitto_pub', out, 'PORT_CLOSED')
  })
  it('a host name that does not resolve → DNS_NOT_FOUND', async () => {
    const out = run('mosquitto_pub', ['-h', 'no-such-host.invalid', '-p', '8887', '-t', 't', '-m', 'x', '-u', PLANT_ID, '-P', 'x', '--cafile', enrolled.caFile])
    await expectCause('unknown host', 'mosquitto_pub', out, 'DNS_NOT_FOUND')
  })
})

describe('mqtt.js 5 and Node.js TLS / socket errors', () => {
  it('refusal → ErrorWithReasonCode: Connection refused: Not authorized', async () => {
    await expectCause('refused (expired)', 'mqtt.js 5', await mqttjsErrorText({}), 'TOKEN_EXPIRED')
  })
  it('another CA → self-signed certificate in certificate chain → TLS_CA_MISSING', async () => {
    await expectCause('CA not trusted', 'mqtt.js 5', await mqttjsErrorText({ caFile: join(keyVectorDir, 'rsa2048.cert.pem') }), 'TLS_CA_MISSING')
  })
  it('a name not in the certificate → ERR_TLS_CERT_ALTNAME_INVALID → TLS_HOSTNAME', async () => {
    await expectCause('wrong host name', 'mqtt.js 5', await mqttjsErrorText({ servername: 'mqtt.example.test' }), 'TLS_HOSTNAME')
  })
  it('closed port → ECONNREFUSED → PORT_CLOSED', async () => {
    await expectCause('closed port', 'mqtt.js 5', await mqttjsErrorText({ port: closedPort }), 'PORT_CLOSED')
  })
  it('unknown host → ENOTFOUND → DNS_NOT_FOUND', async () => {
    await expectCause('unknown host', 'mqtt.js 5', await mqttjsErrorText({ host: 'no-such-host.invalid' }), 'DNS_NOT_FOUND')
  })
})

/** What a program using mqtt.js shows for a failed connection: the error's own toString(). */
async function mqttjsErrorText(opts: { host?: string; port?: number; caFile?: string; servername?: string }): Promise<string> {
  const { default: mqtt } = await import('mqtt')
  return new Promise((resolve) => {
    const client = mqtt.connect({
      protocol: 'mqtts',
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? enrolled.port,
      ca: readFileSync(opts.caFile ?? enrolled.caFile),
      servername: opts.servername ?? 'localhost',
      protocolVersion: 5,
      username: PLANT_ID,
      password: rs256Token(PLANT_ID, -60, { iat: nowSeconds() - 3660 }),
      reconnectPeriod: 0,
      connectTimeout: 30_000
    })
    const done = (text: string) => {
      client.end(true)
      resolve(text)
    }
    client.once('error', (error) => done(String(error)))
    client.once('close', () => done('connection closed before any CONNACK'))
  })
}

// A small paho program: connect once, print what on_connect got, exit. MODE picks the Client() call.
const PAHO = `
import sys, threading, warnings
warnings.simplefilter("default")
import paho.mqtt.client as mqtt
host, port, ca, user, password, proto, mode = sys.argv[1:8]
kwargs = {}
if mode == "v2": kwargs["callback_api_version"] = mqtt.CallbackAPIVersion.VERSION2
if mode == "pass-v2": kwargs["callback_api_version"] = 2
client = mqtt.Client(client_id=user, protocol=mqtt.MQTTv5 if proto == "5" else mqtt.MQTTv311, **kwargs)
answered = threading.Event()
def on_connect(client, userdata, flags, rc, properties=None):
    print("on_connect rc=%s" % rc)
    if isinstance(rc, int): print(mqtt.connack_string(rc))
    answered.set()
client.on_connect = on_connect
client.on_disconnect = lambda *args: answered.set()
client.tls_set(ca_certs=None if ca == "-" else ca)
client.username_pw_set(user, password)
client.connect(host, int(port))
# Until the CONNACK (or the connection's end), not a fixed second: a loaded machine is slower.
client.loop_start(); answered.wait(60); client.loop_stop()
`

describe.each(['python-paho1.6', 'python-paho2.1'] as const)('%s', (name) => {
  let env: PythonEnv
  beforeAll(() => {
    env = pythonEnvs().find((e) => e.name === name)!
  })
  const mode = () => (name === 'python-paho2.1' ? 'v2' : 'v1')
  const paho = (args: { host?: string; port?: number; ca?: string; password?: string; proto?: '5' | '3.1.1'; mode?: string }) =>
    run(env.python, [
      '-c',
      PAHO,
      args.host ?? '127.0.0.1',
      String(args.port ?? enrolled.port),
      args.ca ?? enrolled.caFile,
      PLANT_ID,
      args.password ?? rs256Token(PLANT_ID, -60, { iat: nowSeconds() - 3660 }),
      args.proto ?? '5',
      args.mode ?? mode()
    ])

  it('MQTT 3.1.1 refusal → rc=5 / connack_string → not-authorised causes', async () => {
    await expectCause('refused (expired), MQTT 3.1.1', name, paho({ proto: '3.1.1', mode: 'v1' }), 'TOKEN_EXPIRED')
  })
  it('MQTT 5 refusal → reason code "Not authorized"', async () => {
    await expectCause('refused (expired), MQTT 5', name, paho({ proto: '5' }), 'TOKEN_EXPIRED')
  })
  it('no broker CA (the system store) → ssl.SSLCertVerificationError → TLS_CA_MISSING', async () => {
    await expectCause('CA not trusted', name, paho({ ca: '-' }), 'TLS_CA_MISSING')
  })
  it('closed port → ConnectionRefusedError → PORT_CLOSED', async () => {
    await expectCause('closed port', name, paho({ port: closedPort }), 'PORT_CLOSED')
  })
  it('unknown host → socket.gaierror → DNS_NOT_FOUND', async () => {
    await expectCause('unknown host', name, paho({ host: 'no-such-host.invalid' }), 'DNS_NOT_FOUND')
  })
  it('a 70,000-byte password → struct.error \u2019H\u2019 format → PASSWORD_TOO_LONG', async () => {
    await expectCause('password over 65,535 bytes', name, paho({ password: 'x'.repeat(70_000) }), 'PASSWORD_TOO_LONG')
  })
  if (name === 'python-paho2.1')
    it('Client() without callback_api_version: 2.1 warns (DeprecationWarning) → PAHO_CALLBACK_API', async () => {
      const out = paho({ proto: '3.1.1', mode: 'v1' })
      expect(out).not.toMatch(/ValueError/) // 2.1 falls back to VERSION1; only 2.0 raised
      await expectCause('Client() without callback_api_version', name, out, 'PAHO_CALLBACK_API', { anywhere: true })
    })
  else
    it('Client(callback_api_version=…) on 1.6 → TypeError → PAHO_CALLBACK_ON_16', async () => {
      await expectCause('callback_api_version on paho 1.6', name, paho({ mode: 'pass-v2' }), 'PAHO_CALLBACK_ON_16')
    })

  it('Python ssl with a host name not in the certificate → Hostname mismatch → TLS_HOSTNAME', async () => {
    const script =
      'import socket, ssl, sys\n' +
      'ctx = ssl.create_default_context(cafile=sys.argv[1])\n' +
      'sock = socket.create_connection(("127.0.0.1", int(sys.argv[2])))\n' +
      'ctx.wrap_socket(sock, server_hostname="mqtt.example.test")\n'
    await expectCause('wrong host name', `${name} (ssl)`, run(env.python, ['-c', script, enrolled.caFile, String(enrolled.port)]), 'TLS_HOSTNAME')
  })

  describe('PyJWT and cryptography', () => {
    const encode = (keyExpr: string) =>
      run(env.python, ['-c', `import jwt; print(jwt.encode({"sub": "x"}, ${keyExpr}, algorithm="RS256"))`], { cwd: keyVectorDir })
    it('signing with the public key → SIGNING_WITH_PUBLIC_KEY', async () => {
      await expectCause('PyJWT given the public key', name, encode('open("rsa2048.spki.pem").read()'), 'SIGNING_WITH_PUBLIC_KEY')
    })
    it('signing with DER bytes → KEY_NOT_LOADABLE', async () => {
      await expectCause('PyJWT given DER bytes', name, encode('open("rsa2048.pkcs1-public.der", "rb").read()'), 'KEY_NOT_LOADABLE')
    })
    it('signing with an EC key → KEY_NOT_RSA', async () => {
      await expectCause('PyJWT given an EC key', name, encode('open("ec-p256.pkcs8.pem").read()'), 'KEY_NOT_RSA')
    })
    it('loading the public key as the private key → SIGNING_WITH_PUBLIC_KEY among the causes', async () => {
      const out = run(env.python, ['-c', 'from cryptography.hazmat.primitives.serialization import load_pem_private_key as l; l(open("rsa2048.spki.pem","rb").read(), None)'], { cwd: keyVectorDir })
      await expectCause('public key loaded as private', name, out, 'SIGNING_WITH_PUBLIC_KEY', { anywhere: true })
    })
    it('loading an encrypted key without its passphrase → KEY_ENCRYPTED', async () => {
      const out = run(env.python, ['-c', 'from cryptography.hazmat.primitives.serialization import load_pem_private_key as l; l(open("rsa2048.encrypted.pem","rb").read(), None)'], { cwd: keyVectorDir })
      await expectCause('encrypted key, no passphrase', name, out, 'KEY_ENCRYPTED')
    })
  })
})

describe('openssl 3', () => {
  it('reading the public key DER as a private key → KEY_NOT_LOADABLE', async () => {
    await expectCause('openssl rsa on a public key', 'openssl', run('openssl', ['rsa', '-in', 'rsa2048.pkcs1-public.der', '-noout'], { cwd: keyVectorDir }), 'KEY_NOT_LOADABLE')
  })
  it('an RC2 .p12 without -legacy → PKCS12_LEGACY', async () => {
    const out = run('openssl', ['pkcs12', '-in', 'rsa2048.legacy.p12', '-nocerts', '-nodes', '-passin', 'pass:test'], { cwd: keyVectorDir })
    await expectCause('RC2 bundle without -legacy', 'openssl pkcs12', out, 'PKCS12_LEGACY')
  })
  it('a .p12 with the wrong password → KEY_NOT_LOADABLE', async () => {
    const out = run('openssl', ['pkcs12', '-in', 'rsa2048.p12', '-nocerts', '-nodes', '-passin', 'pass:wrong'], { cwd: keyVectorDir })
    await expectCause('wrong bundle password', 'openssl pkcs12', out, 'KEY_NOT_LOADABLE')
  })
})

// ---- Clients added for issue 25: Paho C, aiomqtt, jose, node:crypto, openssl s_client, curl ----

const expiredToken = () => rs256Token(PLANT_ID, -60, { iat: nowSeconds() - 3660 })

/**
 * Eclipse Paho C's sample publishers (Debian paho.mqtt.c-examples). paho_c_pub (asynchronous) keeps
 * retrying after a failure, so it is stopped with SIGTERM after a few seconds: its signal handler
 * exits normally, so what it printed is flushed and captured. paho_cs_pub exits on its own.
 */
function pahoC(program: 'paho_c_pub' | 'paho_cs_pub', url: string, args: string[]): string {
  return run(program, ['-t', `cpi/${PLANT_ID}/telemetry`, '-m', 'x', '-c', url, '-i', PLANT_ID, '-u', PLANT_ID, ...args], { timeoutMs: 8000 })
}

describe.each(['paho_c_pub', 'paho_cs_pub'] as const)('Eclipse Paho C %s (Debian paho.mqtt.c-examples)', (program) => {
  const tls = () => `ssl://127.0.0.1:${enrolled.port}`
  it('MQTT 3.1.1 refusal → "Unknown error code 5" → not-authorised causes, token first', async () => {
    await expectCause('refused (expired), -V 311', program, pahoC(program, tls(), ['--cafile', enrolled.caFile, '-P', expiredToken(), '-V', '311']), 'TOKEN_EXPIRED')
  })
  it('MQTT 5 refusal → "Unknown error code 135" → not-authorised causes, token first', async () => {
    await expectCause('refused (expired), -V 5', program, pahoC(program, tls(), ['--cafile', enrolled.caFile, '-P', expiredToken(), '-V', '5']), 'TOKEN_EXPIRED')
  })
  it('no password → code 5, PASSWORD_NOT_SENT among the causes', async () => {
    await expectCause('no password', program, pahoC(program, tls(), ['--cafile', enrolled.caFile]), 'PASSWORD_NOT_SENT', { anywhere: true })
  })
  // paho_c_pub prints OpenSSL's "certificate verify failed"; paho_cs_pub prints only "Failure".
  it('no --cafile (the system store) → TLS_CA_MISSING (first when the client prints the SSL error)', async () => {
    await expectCause('CA not trusted', program, pahoC(program, tls(), ['-P', expiredToken()]), 'TLS_CA_MISSING', { anywhere: program === 'paho_cs_pub' })
  })
  it('tcp:// to the TLS port → "Connect failed … Failure" → TLS_PLAIN_TCP among the causes', async () => {
    await expectCause('plain TCP to the TLS port', program, pahoC(program, `tcp://127.0.0.1:${enrolled.port}`, ['-P', expiredToken()]), 'TLS_PLAIN_TCP', { anywhere: true })
  })
  it('closed port → "Connect failed … Failure" → PORT_CLOSED', async () => {
    await expectCause('closed port', program, pahoC(program, `ssl://127.0.0.1:${closedPort}`, ['--cafile', enrolled.caFile, '-P', 'x']), 'PORT_CLOSED')
  })
})

// aiomqtt as Debian packages it (python3-asyncio-mqtt: module asyncio_mqtt, on Debian's paho 1.6).
const AIOMQTT = `
import asyncio, ssl, sys
import asyncio_mqtt as aiomqtt
host, port, ca, user, password, proto = sys.argv[1:7]
async def main():
    ctx = ssl.create_default_context(cafile=None if ca == "-" else ca)
    version = aiomqtt.ProtocolVersion.V5 if proto == "5" else aiomqtt.ProtocolVersion.V311
    async with aiomqtt.Client(host, int(port), username=user, password=password, tls_context=ctx, protocol=version) as client:
        await client.publish("cpi/%s/telemetry" % user, b"x")
asyncio.run(main())
`
describe('aiomqtt 0.16 (Debian python3-asyncio-mqtt)', () => {
  const aiomqtt = (args: { host?: string; port?: number; ca?: string; proto?: '5' | '3.1.1' }) =>
    run('/usr/bin/python3', ['-c', AIOMQTT, args.host ?? '127.0.0.1', String(args.port ?? enrolled.port), args.ca ?? enrolled.caFile, PLANT_ID, expiredToken(), args.proto ?? '5'])
  it('MQTT 3.1.1 refusal → MqttConnectError [code:5] → token first', async () => {
    await expectCause('refused (expired), MQTT 3.1.1', 'aiomqtt', aiomqtt({ proto: '3.1.1' }), 'TOKEN_EXPIRED')
  })
  it('MQTT 5 refusal → MqttConnectError [code:135] Not authorized → token first', async () => {
    await expectCause('refused (expired), MQTT 5', 'aiomqtt', aiomqtt({}), 'TOKEN_EXPIRED')
  })
  it('no broker CA → CERTIFICATE_VERIFY_FAILED → TLS_CA_MISSING', async () => {
    await expectCause('CA not trusted', 'aiomqtt', aiomqtt({ ca: '-' }), 'TLS_CA_MISSING')
  })
  it('closed port → [Errno 111] → PORT_CLOSED', async () => {
    await expectCause('closed port', 'aiomqtt', aiomqtt({ port: closedPort }), 'PORT_CLOSED')
  })
  it('unknown host → Name or service not known → DNS_NOT_FOUND', async () => {
    await expectCause('unknown host', 'aiomqtt', aiomqtt({ host: 'no-such-host.invalid' }), 'DNS_NOT_FOUND')
  })
})

/** A Node.js program that loads a key and lets the error go uncaught: its stderr as a reader sees it. */
function nodeProgram(source: string): string {
  return run(process.execPath, ['--input-type=module', '-e', source], { cwd: REPO, env: { KEYS: keyVectorDir } })
}
const key = (file: string) => `readFileSync(process.env.KEYS + '/${file}', 'utf8')`

describe('jose 6 (the site\u2019s own dependency) loading keys', () => {
  const jose = (call: string) => nodeProgram(`import { readFileSync } from 'node:fs'; import * as jose from 'jose'; await ${call}`)
  it('importPKCS8 on a PKCS#1 private key → KEY_NOT_LOADABLE', async () => {
    await expectCause('importPKCS8(PKCS#1 PEM)', 'jose', jose(`jose.importPKCS8(${key('rsa2048.pkcs1.pem')}, 'RS256')`), 'KEY_NOT_LOADABLE')
  })
  it('importPKCS8 on the public key → SIGNING_WITH_PUBLIC_KEY among the causes', async () => {
    await expectCause('importPKCS8(public key)', 'jose', jose(`jose.importPKCS8(${key('rsa2048.spki.pem')}, 'RS256')`), 'SIGNING_WITH_PUBLIC_KEY', { anywhere: true })
  })
  it('importPKCS8 on an encrypted key → KEY_ENCRYPTED among the causes', async () => {
    await expectCause('importPKCS8(encrypted)', 'jose', jose(`jose.importPKCS8(${key('rsa2048.encrypted.pem')}, 'RS256')`), 'KEY_ENCRYPTED', { anywhere: true })
  })
  it('importSPKI on a PKCS#1 public key → KEY_NOT_LOADABLE', async () => {
    await expectCause('importSPKI(PKCS#1 public)', 'jose', jose(`jose.importSPKI(${key('rsa2048.pkcs1-public.pem')}, 'RS256')`), 'KEY_NOT_LOADABLE')
  })
  it('importPKCS8 of an EC key for RS256 → KEY_NOT_RSA', async () => {
    await expectCause('importPKCS8(EC key)', 'jose', jose(`jose.importPKCS8(${key('ec-p256.pkcs8.pem')}, 'RS256')`), 'KEY_NOT_RSA')
  })
  it('SignJWT with the public key → SIGNING_WITH_PUBLIC_KEY', async () => {
    const call = `new jose.SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(await jose.importSPKI(${key('rsa2048.spki.pem')}, 'RS256'))`
    await expectCause('SignJWT(public key)', 'jose', jose(call), 'SIGNING_WITH_PUBLIC_KEY')
  })
})

describe('node:crypto loading keys', () => {
  const crypto = (call: string) => nodeProgram(`import { readFileSync } from 'node:fs'; import { createPrivateKey, createSign } from 'node:crypto'; ${call}`)
  it('createSign().sign with the public key → SIGNING_WITH_PUBLIC_KEY', async () => {
    await expectCause('sign(public key)', 'node:crypto', crypto(`createSign('RSA-SHA256').update('x').sign(${key('rsa2048.spki.pem')})`), 'SIGNING_WITH_PUBLIC_KEY')
  })
  it('createPrivateKey on DER bytes read as a buffer → KEY_NOT_LOADABLE among the causes', async () => {
    await expectCause('createPrivateKey(DER buffer)', 'node:crypto', crypto(`createPrivateKey(readFileSync(process.env.KEYS + '/rsa2048.pkcs1-public.der'))`), 'KEY_NOT_LOADABLE', { anywhere: true })
  })
  it('createPrivateKey on an encrypted key without passphrase → KEY_ENCRYPTED', async () => {
    await expectCause('createPrivateKey(encrypted)', 'node:crypto', crypto(`createPrivateKey(${key('rsa2048.encrypted.pem')})`), 'KEY_ENCRYPTED')
  })
})

describe('openssl s_client against the broker\u2019s TLS port', () => {
  const sClient = (args: string[]) => run('openssl', ['s_client', '-connect', ...args], { timeoutMs: 10_000 })
  it('without -CAfile → "Verify return code: 19" → TLS_CA_MISSING', async () => {
    await expectCause('CA not given', 'openssl s_client', sClient([`127.0.0.1:${enrolled.port}`]), 'TLS_CA_MISSING')
  })
  it('-verify_hostname with a name not in the certificate → hostname mismatch → TLS_HOSTNAME', async () => {
    await expectCause('wrong host name', 'openssl s_client', sClient([`127.0.0.1:${enrolled.port}`, '-CAfile', enrolled.caFile, '-verify_hostname', 'mqtt.example.test']), 'TLS_HOSTNAME')
  })
  it('closed port → BIO_connect:Connection refused → PORT_CLOSED', async () => {
    await expectCause('closed port', 'openssl s_client', sClient([`127.0.0.1:${closedPort}`]), 'PORT_CLOSED')
  })
})

describe('curl: the Option A call (examples/token-api/fetch-token.sh)', () => {
  const COOKIE = 'voke_session=explain-capture'
  /**
   * fetch-token.sh as the guide shows it; HOME holds a .curlrc for the cases that need a curl option.
   * Asynchronous: the token-endpoint stub answers from this process, which must not block.
   */
  const fetchToken = (api: string, opts: { cookie?: string; curlrc?: string } = {}) => {
    const home = scratch.make('curl-home-')
    if (opts.curlrc) writeFileSync(join(home, '.curlrc'), opts.curlrc)
    const env = { ...process.env, HOME: home, VOKE_API_URL: api, VOKE_PLANT_ID: PLANT_ID, VOKE_SESSION_COOKIE: opts.cookie ?? COOKIE }
    return new Promise<string>((resolve) => {
      execFile('bash', [join(REPO, 'examples', 'token-api', 'fetch-token.sh')], { env, timeout: 20_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`))
    })
  }
  it('a cookie the endpoint does not accept → "(22) … error: 401" → TOKEN_API_REFUSED', async () => {
    const stub = await startTokenEndpoint({ privateKeyPem: keyVectorText('rsa2048.pkcs8.pem'), sessionCookie: COOKIE })
    try {
      const out = await fetchToken(stub.url, { cookie: 'voke_session=signed-out' })
      await expectCause('cookie not accepted', 'curl (fetch-token.sh)', out, 'TOKEN_API_REFUSED')
      expect(out).not.toContain('signed-out')
    } finally {
      await stub.stop()
    }
  })
  it('a TLS server whose CA curl does not know → "(60) SSL certificate problem" → TLS_CA_MISSING', async () => {
    await expectCause('CA not trusted', 'curl (fetch-token.sh)', await fetchToken(`https://127.0.0.1:${enrolled.port}`), 'TLS_CA_MISSING')
  })
  it('a host name not in the certificate → "(60) SSL: no alternative certificate subject name" → TLS_HOSTNAME', async () => {
    const curlrc = `resolve = "mqtt.example.test:${enrolled.port}:127.0.0.1"\ncacert = "${enrolled.caFile}"\n`
    await expectCause('wrong host name', 'curl (fetch-token.sh)', await fetchToken(`https://mqtt.example.test:${enrolled.port}`, { curlrc }), 'TLS_HOSTNAME')
  })
  it('closed port → "(7) Failed to connect" → PORT_CLOSED', async () => {
    await expectCause('closed port', 'curl (fetch-token.sh)', await fetchToken(`https://127.0.0.1:${closedPort}`), 'PORT_CLOSED')
  })
  it('unknown host → "(6) Could not resolve host" → DNS_NOT_FOUND', async () => {
    await expectCause('unknown host', 'curl (fetch-token.sh)', await fetchToken('https://no-such-host.invalid'), 'DNS_NOT_FOUND')
  })
})

// The same clients against the REAL plugin (../shared/oracle), when it is on this machine: the
// jwt-auth: line it logs and each client's refusal are explained alike. Skipped (and says so) on a
// fresh clone: the project never needs the oracle to pass.
const ORACLE = join(REPO, '..', 'shared', 'oracle', 'real-broker.sh')
describe.runIf(existsSync(ORACLE))('against the real broker plugin (../shared/oracle, mosquitto-jwt-auth 0.4.0)', () => {
  let port: number
  let dir: string
  beforeAll(async () => {
    port = await freePort()
    const runDir = scratch.make('real-broker-')
    // The script prints the broker's folder on success, and why it did not start on failure.
    dir = spawnSync('bash', [ORACLE, 'start', String(port), join(keyVectorDir, 'rsa2048.pkcs1-public.der'), 'none', 'tls'], { encoding: 'utf8', env: { ...process.env, REAL_BROKER_RUN: runDir } }).stdout.trim()
    expect(existsSync(join(dir, 'ca.crt')), `the real broker did not start in ${dir}`).toBe(true)
    return () => {
      spawnSync('bash', [ORACLE, 'stop', String(port)], { env: { ...process.env, REAL_BROKER_RUN: runDir } })
    }
  })
  const logSince = async (since: number) => {
    const deadline = Date.now() + 20_000 // returns as soon as the line is there; room for a loaded machine
    let log = ''
    while (Date.now() < deadline && !/jwt-auth:/.test((log = readFileSync(join(dir, 'broker.log'), 'utf8').slice(since)))) await new Promise((r) => setTimeout(r, 20))
    return log
  }
  for (const program of ['paho_c_pub', 'paho_cs_pub'] as const)
    for (const version of ['311', '5'])
      it(`${program} -V ${version}, expired token: the client's refusal and the real plugin's log line both → TOKEN_EXPIRED`, async () => {
        const since = readFileSync(join(dir, 'broker.log'), 'utf8').length
        const out = pahoC(program, `ssl://127.0.0.1:${port}`, ['--cafile', join(dir, 'ca.crt'), '-P', expiredToken(), '-V', version])
        await expectCause(`real broker, refused, -V ${version}`, program, out, 'TOKEN_EXPIRED')
        await expectCause('real broker log', 'mosquitto-jwt-auth 0.4.0 log', await logSince(since), 'TOKEN_EXPIRED')
      })
  it('aiomqtt, MQTT 5, expired token → TOKEN_EXPIRED', async () => {
    const out = run('/usr/bin/python3', ['-c', AIOMQTT, '127.0.0.1', String(port), join(dir, 'ca.crt'), PLANT_ID, expiredToken(), '5'])
    await expectCause('real broker, refused, MQTT 5', 'aiomqtt', out, 'TOKEN_EXPIRED')
  })
  it('openssl s_client without -CAfile → TLS_CA_MISSING', async () => {
    await expectCause('real broker, CA not given', 'openssl s_client', run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`], { timeoutMs: 10_000 }), 'TLS_CA_MISSING')
  })
  it('started without its key file: the script prints the broker log\u2019s last lines → KEY_FILE_MISSING', async () => {
    const missingPort = await freePort()
    const runDir = scratch.make('real-broker-no-key-')
    const missing = join(scratch.make('no-key-'), 'jwt-public.der')
    const env = { ...process.env, REAL_BROKER_RUN: runDir }
    const out = run('bash', [ORACLE, 'start', String(missingPort), missing, 'none', 'tls'], { env })
    spawnSync('bash', [ORACLE, 'stop', String(missingPort)], { env })
    await expectCause('real broker started without its key file', 'mosquitto-jwt-auth 0.4.0 log', out, 'KEY_FILE_MISSING')
  })
})

// Last, once every capture above is in: the site-search table holds only what tools printed here.
// A reader's own numbers and quoted names (plant id, host) differ from run to run, so both are
// compared as placeholders; a row only the real plugin prints is checked when it ran.
it('every string of the site-search table (tests/support/search-error-table.ts) is in what a tool printed in this run', () => {
  const shape = (text: string) => text.replace(/(?<![A-Za-z])'[^'\n]*'/g, "'…'").replace(/\b[0-9A-F]{12,}\b/g, 'HEX').replace(/\d+/g, 'N')
  const outputs = captured.map((c) => shape(c.output))
  const rows = SEARCH_ERROR_TABLE.filter(([, , tool]) => existsSync(ORACLE) || !tool.endsWith('(real plugin only)'))
  const missing = rows.filter(([query]) => !outputs.some((o) => o.includes(shape(query)))).map(([query, , tool]) => `${query} (${tool})`)
  expect(rows.length).toBeGreaterThan(30)
  expect(missing, 'rows no tool printed in this run').toEqual([])
})
