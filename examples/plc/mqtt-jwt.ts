// Voke JWT example for a PLC or gateway (Node 20+, TypeScript): connects to Voke's JWT listener
// over TLS with an RS256 token as the MQTT password, publishes telemetry, prints commands and
// gets a new token before the current one expires.
//
// Needs the npm packages mqtt (mqtt.js 5) and jose, and tsx to run TypeScript directly:
//   npm install mqtt jose && npm install --save-dev tsx
// Run (Option B, the device signs its own tokens):
//   npx tsx examples/plc/mqtt-jwt.ts --plant-id REPLACE-WITH-YOUR-PLANT-ID --private-key /etc/voke/jwt-private.pem
// Option A, Voke issues the tokens (the cookie is a secret: environment only, never a flag):
//   VOKE_SESSION_COOKIE='<your session cookie>' npx tsx examples/plc/mqtt-jwt.ts --plant-id REPLACE-WITH-YOUR-PLANT-ID
// or a token you already have: VOKE_TOKEN='eyJ…' npx tsx examples/plc/mqtt-jwt.ts --plant-id …
// Every setting is a flag or an environment variable (see region config).
// Exit codes: 0 done (--messages N), 2 configuration, 3 the broker refused the connection,
// 4 a VOKE_TOKEN expired and a reconnect was needed.
import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { decodeJwt, SignJWT } from 'jose'
import mqtt, { type MqttClient } from 'mqtt'

/** A token and when it stops working (null: the token has no exp claim and never expires). */
export interface IssuedToken {
  token: string
  expiresAt: Date | null
}

/** A setting that cannot work: the program prints it and exits with code 2. */
class ConfigError extends Error {}

// #region config
// Every setting: a command-line flag, else an environment variable, else the guide's default.
export function readConfig(args = process.argv.slice(2), env = process.env) {
  const values = parseFlags(args)
  const config = {
    host: values.host ?? env.VOKE_MQTT_HOST ?? 'mqtt.voke.lovinka.com',
    port: number('--port', values.port ?? env.VOKE_MQTT_PORT ?? 8887, 1, 65535), // production; 8884 local dev
    plantId: values['plant-id'] ?? env.VOKE_PLANT_ID ?? 'REPLACE-WITH-YOUR-PLANT-ID',
    caFile: values['ca-file'] ?? env.VOKE_CA_FILE, // unset: the system's trusted CAs
    privateKey: values['private-key'] ?? env.VOKE_PRIVATE_KEY ?? '/etc/voke/jwt-private.pem',
    token: values.token ?? env.VOKE_TOKEN, // Option A with a token you already have
    apiUrl: values['api-url'] ?? env.VOKE_API_URL ?? 'https://api.voke.lovinka.com',
    sessionCookie: env.VOKE_SESSION_COOKIE, // Option A via the API; a secret, so never a flag
    tokenLifetime: number('--token-lifetime', values['token-lifetime'] ?? env.VOKE_TOKEN_LIFETIME ?? 3600, 1, 86400),
    refreshBefore: number('--refresh-before', values['refresh-before'] ?? env.VOKE_REFRESH_BEFORE ?? 300, 0, 86400),
    protocol: values.protocol ?? env.VOKE_MQTT_PROTOCOL ?? '5',
    messages: number('--messages', values.messages ?? env.VOKE_MESSAGES ?? 0, 0, Number.MAX_SAFE_INTEGER),
    interval: number('--interval', values.interval ?? env.VOKE_INTERVAL ?? 10, 0.01, 86400, false)
  }
  // The placeholder is checked by its prefix: the docs fill your plant id into the full literal.
  if (config.plantId.startsWith('REPLACE-WITH-'))
    throw new ConfigError('Set your plant id: --plant-id <plant id> or VOKE_PLANT_ID=<plant id>.')
  if (config.protocol !== '5' && config.protocol !== '3.1.1')
    throw new ConfigError(`--protocol / VOKE_MQTT_PROTOCOL must be 5 or 3.1.1, not "${config.protocol}".`)
  return { ...config, protocol: config.protocol as '5' | '3.1.1' }
}
// #endregion config

export type Config = ReturnType<typeof readConfig>

const flag = { type: 'string' } as const
const FLAGS = {
  host: flag, port: flag, 'plant-id': flag, 'ca-file': flag, 'private-key': flag, token: flag, 'api-url': flag,
  'token-lifetime': flag, 'refresh-before': flag, protocol: flag, messages: flag, interval: flag
}

/** The command-line flags; an unknown or malformed one is a configuration error (exit 2). */
function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, options: FLAGS }).values
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error))
  }
}

/** A number setting within [min, max]; the Voke token endpoint's own maximum lifetime is 24 h. */
function number(name: string, raw: string | number, min: number, max: number, integer = true): number {
  const value = Number(raw)
  if (raw === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max)
    throw new ConfigError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${raw}".`)
  return value
}

// #region sign
/**
 * Option B: the device signs its own token with the plant's RSA private key. The broker checks
 * the signature (RS256 only), that sub equals the MQTT username, and exp/iat with zero leeway.
 */
export async function signToken(plantId: string, privateKeyPath: string, lifetimeSeconds: number): Promise<IssuedToken> {
  // node:crypto reads PKCS#1 ("BEGIN RSA PRIVATE KEY") and PKCS#8 ("BEGIN PRIVATE KEY") PEM;
  // jose's importPKCS8 would take PKCS#8 only, and accepts the KeyObject as it is.
  const key = createPrivateKey(readPrivateKeyFile(privateKeyPath))
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw new Error(`${privateKeyPath} is not an RSA private key of 2048 bits or more (RS256 needs one).`)
  // Whole seconds: the broker refuses fractional exp/iat. It also refuses an iat in the future,
  // with no leeway, so iat is set a minute back: a device clock up to 60 s fast still works.
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ sub: plantId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(key)
  return { token, expiresAt: new Date((now + lifetimeSeconds) * 1000) }
}
// #endregion sign

function readPrivateKeyFile(path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new Error(`Cannot read the private key file (--private-key / VOKE_PRIVATE_KEY): ${(error as Error).message}`)
  }
}

// #region fetch
/**
 * Option A: Voke's API issues the token. The plant must use authMethod TOKEN, and the request
 * is made as you: your session cookie signs it in.
 */
export async function fetchToken(apiUrl: string, plantId: string, sessionCookie: string): Promise<IssuedToken> {
  const url = `${apiUrl.replace(/\/+$/, '')}/api/v1/plants/${encodeURIComponent(plantId)}/mqtt-token`
  const response = await fetch(url, { method: 'POST', headers: { Cookie: sessionCookie } })
  if (!response.ok)
    throw new Error(
      `POST ${url} answered ${response.status} ${response.statusText}. Check that VOKE_SESSION_COOKIE ` +
        `comes from a current sign-in and that plant ${plantId} has authMethod TOKEN.`
    )
  const body = (await response.json()) as { token?: unknown; expiresAt?: unknown }
  if (typeof body.token !== 'string' || typeof body.expiresAt !== 'string' || Number.isNaN(Date.parse(body.expiresAt)))
    throw new Error(`POST ${url} did not answer { "token": "…", "expiresAt": "<ISO time>" }.`)
  return { token: body.token, expiresAt: new Date(body.expiresAt) }
}
// #endregion fetch

/** Option A with a given token: it cannot be renewed, but its exp says when it stops working. */
function givenToken(token: string): IssuedToken {
  let exp: unknown
  try {
    exp = decodeJwt(token).exp
  } catch {
    throw new ConfigError('--token / VOKE_TOKEN is not a JWT (three base64url parts separated by dots).')
  }
  return { token, expiresAt: typeof exp === 'number' ? new Date(exp * 1000) : null }
}

/** Where new tokens come from, by the guide's precedence: given token, else the API, else the key. */
function tokenIssuer(config: Config): (() => Promise<IssuedToken>) | null {
  if (config.token) return null
  const { sessionCookie } = config
  if (sessionCookie) return () => fetchToken(config.apiUrl, config.plantId, sessionCookie)
  return () => signToken(config.plantId, config.privateKey, config.tokenLifetime)
}

/** Thrown when a reconnect needs a token and the given VOKE_TOKEN has expired (exit 4). */
class TokenExpiredError extends Error {}

/** The current token, and a new one when it is due (refresh-before seconds before it expires). */
export class TokenKeeper {
  private obtainedAt = Date.now()

  constructor(
    public current: IssuedToken,
    private readonly issue: (() => Promise<IssuedToken>) | null,
    private readonly refreshBeforeSeconds: number
  ) {}

  get renewable(): boolean {
    return this.issue !== null
  }

  /** When to renew (epoch ms): refresh-before ahead of expiry, at most a fifth of the lifetime. */
  dueAt(): number {
    const expires = this.current.expiresAt?.getTime()
    if (expires === undefined) return Infinity
    const lead = Math.min(this.refreshBeforeSeconds * 1000, (expires - this.obtainedAt) / 5)
    return expires - Math.max(lead, 0)
  }

  async renew(): Promise<IssuedToken> {
    if (!this.issue) throw new TokenExpiredError('a given token cannot be renewed')
    this.current = await this.issue()
    this.obtainedAt = Date.now()
    return this.current
  }

  /** A token that is valid now: renewed first if it is due; TokenExpiredError if it cannot be. */
  async forConnect(): Promise<string> {
    const expires = this.current.expiresAt?.getTime() ?? Infinity
    if (this.issue && Date.now() >= this.dueAt()) await this.renew()
    else if (!this.issue && Date.now() >= expires - 1000)
      throw new TokenExpiredError(
        `The token from --token / VOKE_TOKEN expired at ${this.current.expiresAt?.toISOString()} and cannot be ` +
          'renewed: get a new one and start again.'
      )
    return this.current.token
  }
}

/** Node's TLS error codes for a certificate this machine does not trust (or that names another host). */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

// #region connect
/** What a refusing CONNACK most likely means on Voke's JWT listener (it never says which check failed). */
export function explainRefusal(code: number, protocol: '5' | '3.1.1'): string {
  const notAuthorised = protocol === '5' ? 135 : 5
  if (code !== notAuthorised) return `(MQTT ${protocol} code ${code}; the broker log says why)`
  return (
    'not authorised: the broker refused the token. Most likely the token has expired; its sub is not ' +
    'this plant id (the username); its alg is not RS256; it was not signed with the private key whose public ' +
    'key is enrolled (the enrolled file must be PKCS#1 DER); or its iat/nbf lies in the future (device clock ahead).'
  )
}

export function connectToBroker(config: Config, token: string): MqttClient {
  const client = mqtt.connect({
    protocol: 'mqtts', // TLS always: server-side TLS, no client certificate
    host: config.host,
    port: config.port,
    ca: config.caFile ? readFileSync(config.caFile) : undefined, // unset: the system's trusted CAs
    protocolVersion: config.protocol === '5' ? 5 : 4,
    clientId: config.plantId, // Voke's convention: client id = username = plant id
    username: config.plantId, // must equal the token's sub
    password: token,
    // A persistent session, so commands sent while the plant is offline wait for it.
    clean: false,
    properties: config.protocol === '5' ? { sessionExpiryInterval: 86400 } : undefined,
    // mqtt.js would reconnect with the password it has, however old; region refresh reconnects
    // itself, with a token that is valid at that moment.
    reconnectPeriod: 0,
    connectTimeout: 10_000
  })
  client.on('connect', () => console.log('connected'))
  client.on('error', (error) => {
    // mqtt.js reports a refusing CONNACK as an error whose code is the CONNACK code (a number).
    const code = (error as { code?: unknown }).code
    // No retry can make an untrusted certificate trusted: stop, as a setting that cannot work (exit 2).
    if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code))
      fail(new ConfigError(`the broker's TLS certificate is not trusted (${error.message}): check --host, or give its CA with --ca-file / VOKE_CA_FILE`))
    if (typeof code !== 'number') return console.log(`connection error: ${error.message}`)
    console.log(`refused: CONNACK ${code} ${explainRefusal(code, config.protocol)}`)
    process.exit(3)
  })
  return client
}
// #endregion connect

// #region telemetry
/** Publishes a reading every interval with QoS 1; calls done() once `messages` were acknowledged. */
export function startTelemetry(client: MqttClient, config: Config, done: () => void): () => void {
  const topic = `cpi/${config.plantId}/telemetry`
  const heldBack: string[] = []
  let sequence = 0
  let acknowledged = 0
  const publish = (payload: string) => {
    // Offline (a token swap, a dropped connection), hold readings back and send them after the next
    // connect: mqtt.js refuses a publish while it closes a connection, and after end() its message
    // store stays closed until connect() is called again. A slow machine can be between the two:
    // still connected, already disconnecting.
    if (!client.connected || client.disconnecting) return heldBack.push(payload)
    client.publish(topic, payload, { qos: 1 }, (error) => {
      if (error && client.disconnecting) return heldBack.push(payload) // refused as the swap began: send it after
      if (error) return console.log(`publish failed: ${error.message}`)
      console.log(`published ${topic} ${payload}`) // the broker acknowledged it (PUBACK)
      if (++acknowledged === config.messages) done()
    })
  }
  client.on('connect', () => heldBack.splice(0).forEach(publish))
  const timer = setInterval(() => {
    sequence += 1
    publish(JSON.stringify({ seq: sequence, at: new Date().toISOString(), temperature: readTemperature() }))
    if (sequence === config.messages) clearInterval(timer)
  }, config.interval * 1000)
  return () => clearInterval(timer)
}

/** Stands in for reading the PLC. */
function readTemperature(): number {
  return Math.round((20 + 5 * Math.sin(Date.now() / 60_000)) * 10) / 10
}
// #endregion telemetry

// #region commands
/** Subscribes to the plant's commands (QoS 1) and prints each one. */
export function handleCommands(client: MqttClient, config: Config): void {
  const topic = `cpi/${config.plantId}/commands`
  // Sent once connected. The persistent session keeps the subscription across reconnects, and
  // mqtt.js subscribes again by itself if the broker no longer has the session.
  client.subscribe(topic, { qos: 1 }, (error, granted) => {
    if (error) return console.log(`subscribe failed: ${error.message}`)
    const qos = granted?.[0]?.qos ?? 128
    if (qos >= 128) console.log(`subscribe refused: ${topic} (code ${qos})`)
  })
  client.on('message', (messageTopic, payload) => {
    console.log(`command ${messageTopic} ${payload.toString()}`)
    // Act on the command here; with QoS 1 it may arrive twice, so make handling idempotent.
  })
}
// #endregion commands

// #region refresh
/**
 * Before the token expires, get a new one and reconnect with it (disconnect, set the new
 * password, connect). A dropped connection is reconnected the same way, never with a dead token.
 */
export function keepConnected(client: MqttClient, tokens: TokenKeeper, isStopping: () => boolean): () => void {
  let swapping = false
  let refreshTimer: NodeJS.Timeout | undefined
  let reconnectTimer: NodeJS.Timeout | undefined
  let attempt = 0
  const reconnect = async (why: string) => {
    const token = await tokens.forConnect() // renews first if due; fails for an expired VOKE_TOKEN
    client.options.password = token // mqtt.js sends options.password in every CONNECT
    console.log(`reconnecting ${why}`)
    client.connect()
  }
  const refresh = async () => {
    if (!tokens.renewable)
      return console.log(`warning: the given token expires at ${tokens.current.expiresAt?.toISOString()} and cannot be renewed`)
    const next = await tokens.renew().catch((error: Error) => console.log(`token refresh failed: ${error.message}`))
    if (!next) return (refreshTimer = setTimeout(() => void refresh().catch(fail), 5000)) // try again soon
    console.log(`token refreshed, expires ${next.expiresAt?.toISOString()}`)
    scheduleRefresh()
    if (!client.connected || isStopping()) return // a reconnect in progress will use the new token
    swapping = true
    await disconnectGracefully(client)
    swapping = false
    await reconnect('with the new token')
  }
  const scheduleRefresh = () =>
    (refreshTimer = setTimeout(() => void refresh().catch(fail), Math.max(0, tokens.dueAt() - Date.now())))
  const retry = (why: string) => {
    const delay = Math.min(30, 2 ** attempt++) // seconds: 1, 2, 4 … 30
    reconnectTimer = setTimeout(() => {
      reconnect(why).catch((error: Error) => {
        if (error instanceof TokenExpiredError) fail(error) // exit 4
        console.log(`no token to reconnect with: ${error.message}`)
        retry(why)
      })
    }, delay * 1000)
  }
  client.on('connect', () => (attempt = 0))
  client.on('close', () => swapping || isStopping() || retry('after the connection dropped'))
  if (Number.isFinite(tokens.dueAt())) scheduleRefresh()
  return () => [refreshTimer, reconnectTimer].forEach((timer) => clearTimeout(timer))
}
// #endregion refresh

/**
 * Sends DISCONNECT once the broker has acknowledged every QoS 1 message in flight, so none is
 * lost (mqtt.js's end() would wait for those acknowledgements forever on a dead connection).
 */
async function disconnectGracefully(client: MqttClient): Promise<void> {
  const inFlight = () => Object.keys(client.outgoing).length
  for (const deadline = Date.now() + 10_000; inFlight() > 0 && client.connected && Date.now() < deadline; )
    await new Promise((resolve) => setTimeout(resolve, 20))
  if (!client.connected) return // it dropped meanwhile: nothing left to close
  if (inFlight() > 0) {
    // Nothing acknowledged for 10 s: the connection is dead. Closing the socket keeps the messages
    // in mqtt.js's store, and they are sent again after the reconnect.
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    client.stream.destroy()
    return void (await closed)
  }
  const guard = setTimeout(() => client.stream.destroy(), 5000) // a broker that never closes its end
  await client.endAsync()
  clearTimeout(guard)
}

/** Exits with the contract's code: 2 configuration, 4 an expired VOKE_TOKEN, 1 anything else. */
function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error)
  console.log(`error: ${message}`)
  process.exit(error instanceof ConfigError ? 2 : error instanceof TokenExpiredError ? 4 : 1)
}

async function main(): Promise<void> {
  const config = readConfig()
  const issue = tokenIssuer(config)
  // No token, no connection: a first token that cannot be had is a setup problem (exit 2).
  const first = issue ? await issue().catch((error: Error) => fail(new ConfigError(error.message))) : givenToken(config.token!)
  if (first.expiresAt && first.expiresAt.getTime() <= Date.now())
    console.log(`warning: the token expired at ${first.expiresAt.toISOString()}; the broker will refuse it`)
  const tokens = new TokenKeeper(first, issue, config.refreshBefore)
  const client = connectToBroker(config, first.token)
  let stopping = false
  const stop = async () => {
    stopping = true
    stopTelemetry()
    stopRefresh()
    await client.endAsync()
    process.exit(0)
  }
  handleCommands(client, config)
  const stopTelemetry = startTelemetry(client, config, () => void stop())
  const stopRefresh = keepConnected(client, tokens, () => stopping)
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

// Run when started as a program; importing the file (tests) only loads its functions.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch(fail)
}
