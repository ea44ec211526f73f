// Function node "Voke connection" (examples/node-red/flow.json): signs an RS256 token with the
// plant's private key, connects the core MQTT nodes with it (MQTT 5 over TLS, client id = username
// = plant id, password = token) and reconnects with a new token before the current one expires.
// Setup → Modules: crypto, fs and tls (Node.js built-ins, nothing to install).
// In: the "start" inject (once, at deploy) and the MQTT nodes' status (status node).
// Out 1: actions for the mqtt in node (subscribe, connect, disconnect). Out 2: { topic:
// "voke/connection", online, plantId } for the Telemetry node, which holds readings back while offline.
// Kept in the Voke docs as examples/node-red/voke-connection.js; scripts/sync-node-red-flow.ts builds flow.json from it.

// #region config
// Every setting from Node-RED's environment (e.g. the systemd unit or docker run -e), else the
// guide's default.
const config = {
  host: env.get('VOKE_MQTT_HOST') || 'mqtt.voke.lovinka.com',
  port: Number(env.get('VOKE_MQTT_PORT') || 8887), // production; 8884 local dev
  plantId: env.get('VOKE_PLANT_ID') || 'REPLACE-WITH-YOUR-PLANT-ID',
  caFile: env.get('VOKE_CA_FILE') || '', // the tls-config node reads it too; unset: the system's trusted CAs
  privateKey: env.get('VOKE_PRIVATE_KEY') || '/etc/voke/jwt-private.pem',
  token: env.get('VOKE_TOKEN') || '', // Option A with a token you already have (it cannot be renewed)
  tokenLifetime: Number(env.get('VOKE_TOKEN_LIFETIME') || 3600), // seconds
  refreshBefore: Number(env.get('VOKE_REFRESH_BEFORE') || 300) // seconds before expiry
}
// #endregion config

/** What makes the settings unusable, in one sentence that says what to set; '' when they are fine. */
function configProblem() {
  if (config.plantId.startsWith('REPLACE-WITH-'))
    return "Set your plant id: VOKE_PLANT_ID=<plant id> in Node-RED's environment."
  const ranges = [['VOKE_MQTT_PORT', config.port, 1, 65535], ['VOKE_TOKEN_LIFETIME', config.tokenLifetime, 1, 86400],
    ['VOKE_REFRESH_BEFORE', config.refreshBefore, 0, 86400]]
  for (const [name, value, min, max] of ranges)
    if (!Number.isInteger(value) || value < min || value > max)
      return `${name} must be a whole number from ${min} to ${max}, not "${env.get(name)}".`
  if (config.caFile && !fs.existsSync(config.caFile))
    return `VOKE_CA_FILE names ${config.caFile}, which does not exist: give the broker's CA certificate (PEM), or unset it to trust the system's CAs.`
  return ''
}

// #region sign
/**
 * Option B: the device signs its own token with the plant's RSA private key. The broker checks the
 * signature (RS256 only), that sub equals the MQTT username, and exp/iat with zero leeway.
 */
function signToken(plantId, privateKeyPath, lifetimeSeconds) {
  let pem
  try {
    pem = fs.readFileSync(privateKeyPath)
  } catch (error) {
    throw new Error(`Cannot read the private key file (VOKE_PRIVATE_KEY): ${error.message}`)
  }
  let key
  try { // node:crypto reads PKCS#1 ("BEGIN RSA PRIVATE KEY") and PKCS#8 ("BEGIN PRIVATE KEY") PEM
    key = crypto.createPrivateKey(pem)
  } catch {
    throw new Error(`${privateKeyPath} is not an unencrypted PEM private key (PKCS#1 or PKCS#8).`)
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails || {}).modulusLength < 2048)
    throw new Error(`${privateKeyPath} is not an RSA private key of 2048 bits or more (RS256 needs one).`)
  // Whole seconds: the broker refuses fractional exp/iat. It also refuses an iat in the future,
  // with no leeway, so iat is set a minute back: a gateway clock up to 60 s fast still works.
  const now = Math.floor(Date.now() / 1000)
  const part = (json) => Buffer.from(JSON.stringify(json)).toString('base64url')
  const signingInput = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: plantId, iat: now - 60, exp: now + lifetimeSeconds })}`
  const signature = crypto.sign('sha256', Buffer.from(signingInput), key).toString('base64url') // RSASSA-PKCS1-v1_5
  return { token: `${signingInput}.${signature}`, expiresAt: now + lifetimeSeconds }
}
// #endregion sign

/** A token's header or claims, read without verifying (the broker is the one that verifies). */
function decodePart(part) {
  try {
    const value = JSON.parse(Buffer.from(part || '', 'base64url').toString('utf8'))
    return value && typeof value === 'object' ? value : {}
  } catch {
    return {}
  }
}

const iso = (seconds) => new Date(seconds * 1000).toISOString()
// Connection state and timers live in the node's context; a deploy (the start inject) begins afresh.
let state = context.get('state')
if (!state || !msg.status) {
  state = { connected: false, connecting: false, connectingSince: 0, failedAttempts: 0, refusals: 0, subscribed: false }
  context.set('state', state)
}

/** A token for the next connect: VOKE_TOKEN as given, else a new one signed with the key file. */
function issueToken() {
  if (config.token) {
    const exp = decodePart(config.token.split('.')[1]).exp
    Object.assign(state, { token: config.token, expiresAt: Number.isInteger(exp) ? exp : null })
    if (state.expiresAt !== null && state.expiresAt <= Date.now() / 1000)
      node.warn(`the token in VOKE_TOKEN expired at ${iso(state.expiresAt)}; the broker will refuse it`)
  } else Object.assign(state, signToken(config.plantId, config.privateKey, config.tokenLifetime))
  state.obtainedAt = Date.now() / 1000
  scheduleRefresh()
}

// #region connect
/**
 * Connects (or reconnects: force) the mqtt-broker config node with the current token. The config
 * node has "Connect automatically" off, so it never connects without a token from here.
 */
function connect() {
  clearTimeout(state.retryTimer)
  state.connecting = false // the mqtt nodes' next "connecting" status starts this attempt
  goOffline()
  node.send([{
    action: 'connect',
    broker: {
      broker: config.host,
      port: config.port,
      clientid: config.plantId, // Voke's convention: client id = username = plant id
      username: config.plantId, // must equal the token's sub
      password: state.token,
      force: true // drop the current connection first, if there is one
    }
  }, null])
}

/** Tells the Telemetry node to hold readings back: they are sent after the next connect. */
function goOffline() {
  state.connected = false
  node.send([null, { topic: 'voke/connection', online: false, plantId: config.plantId }])
}

/** The mqtt nodes' status: green connected, yellow connecting (each attempt), red disconnected. */
function onStatus(status) {
  if (status.fill === 'green' && !state.connected) {
    Object.assign(state, { connected: true, connecting: false, failedAttempts: 0, refusals: 0 })
    node.log('connected')
    node.status({ fill: 'green', shape: 'dot', text: `connected, token until ${state.expiresAt ? iso(state.expiresAt) : 'no exp'}` })
    node.send([null, { topic: 'voke/connection', online: true, plantId: config.plantId }])
  } else if (status.fill === 'yellow') {
    // A second "connecting" without "connected" in between: the attempt before did not connect
    // (Node-RED retries every 5 s; one that lands right as this node reconnects is the same attempt).
    if (state.connecting && Date.now() - state.connectingSince > 1000) attemptFailed()
    Object.assign(state, { connecting: true, connectingSince: Date.now() })
  } else if (status.fill === 'red' && state.connected) {
    goOffline()
  }
}
// #endregion connect

// #region refresh
/** Renews refresh-before seconds ahead of expiry, at most a fifth of the lifetime ahead. */
function scheduleRefresh() {
  clearTimeout(state.refreshTimer)
  // A token without exp never expires; a given one that has already expired was warned about.
  if (state.expiresAt === null || (config.token && state.expiresAt <= Date.now() / 1000)) return
  const lead = Math.min(config.refreshBefore, (state.expiresAt - state.obtainedAt) / 5)
  state.refreshTimer = setTimeout(refresh, Math.max((state.expiresAt - lead) * 1000 - Date.now(), 0))
}

/**
 * Before the token expires, get a new one and reconnect with it: the broker checks the token only
 * when a client connects. This also runs while offline, so a reconnect never uses a dead token.
 */
function refresh() {
  if (config.token)
    return node.warn(`the token in VOKE_TOKEN expires at ${iso(state.expiresAt)} and cannot be renewed: set a new one and restart the flow`)
  try {
    issueToken()
  } catch (error) { // e.g. the key file was replaced by something unreadable: keep the token, try again soon
    node.warn(`token refresh failed: ${error.message}`)
    state.refreshTimer = setTimeout(refresh, 5000)
    return
  }
  node.log(`token refreshed, expires ${iso(state.expiresAt)}`)
  node.log('reconnecting with the new token')
  connect()
}
// #endregion refresh

// #region refusal
/** What Voke's JWT listener most likely refused: its CONNACK never says which check failed. */
function explainRefusal() {
  const [header, claims] = [0, 1].map((i) => decodePart(state.token.split('.')[i]))
  const now = Date.now() / 1000
  const found = []
  if (Number.isInteger(claims.exp) && claims.exp <= now) found.push(`This token expired at ${iso(claims.exp)}.`)
  if (claims.sub !== config.plantId) found.push(`This token's sub "${claims.sub}" is not the plant id "${config.plantId}" (the username).`)
  if (header.alg !== 'RS256') found.push(`This token's alg is "${header.alg}", not RS256.`)
  if (Number.isInteger(claims.iat) && claims.iat > now) found.push("This token's iat lies in the future.")
  return (
    'not authorised (MQTT 5 CONNACK 135): TLS worked, then the broker refused the token; Node-RED itself ' +
    'logs only "Connection failed to broker". ' +
    (found.length ? found.join(' ') : "The token's exp, sub and alg are right, so most likely it was not signed " +
      'with the private key whose public key is enrolled (the enrolled file must be PKCS#1 DER), or the ' +
      "gateway's clock is ahead of the broker's (its iat then lies in the future: keep NTP on).")
  )
}

/**
 * An attempt failed. Node-RED does not pass the reason on, so a TLS handshake of our own tells a
 * refused token (TLS works) from a broker that cannot be reached or is not trusted.
 */
function attemptFailed() {
  state.failedAttempts += 1
  const socket = tls.connect({ host: config.host, port: config.port, ca: config.caFile ? fs.readFileSync(config.caFile) : undefined })
  socket.setTimeout(10000, () => socket.destroy(new Error(`no answer from ${config.host}:${config.port} within 10 s`)))
  socket.once('secureConnect', () => {
    socket.end()
    refused()
  })
  socket.once('error', (error) => {
    // Node-RED keeps retrying by itself; warn on attempts 1, 2, 4, 8 … so the log stays readable.
    if (state.failedAttempts & (state.failedAttempts - 1)) return
    const untrusted = /CERT|SELF_SIGNED|ISSUER|VERIFY/.test(error.code || '')
    node.warn(`cannot connect to ${config.host}:${config.port}: ` + (untrusted
      ? `the broker's TLS certificate is not trusted (${error.message}): check VOKE_MQTT_HOST, or give its CA with VOKE_CA_FILE`
      : `${error.message}: check VOKE_MQTT_HOST, VOKE_MQTT_PORT and that this gateway can reach the broker`))
  })
}

/** A refused token: stop Node-RED's retries with it and try again later with a token valid then. */
function refused() {
  state.refusals += 1
  node.send([{ action: 'disconnect' }, null])
  node.status({ fill: 'red', shape: 'ring', text: 'refused: see the log' })
  const renewable = !config.token || state.expiresAt === null || state.expiresAt > Date.now() / 1000
  if (!renewable)
    return node.warn(`refused: ${explainRefusal()} The token in VOKE_TOKEN cannot be renewed: set a new one and restart the flow.`)
  const delay = Math.min(5 * 2 ** (state.refusals - 1), 300)
  node.warn(`refused: ${explainRefusal()} Trying again in ${delay} s.`)
  state.retryTimer = setTimeout(start, delay * 1000)
}
// #endregion refusal

/** First connect (and each retry after a refusal or a settings problem). */
function start() {
  const problem = configProblem()
  if (problem) return failed(problem)
  try {
    if (!config.token || !state.token) issueToken()
  } catch (error) {
    return failed(error.message)
  }
  if (!state.subscribed) // kept across reconnects by Node-RED and by the broker's persistent session
    node.send([{ action: 'subscribe', topic: { topic: `cpi/${config.plantId}/commands`, qos: 1 } }, null])
  state.subscribed = true
  connect()
}

/** A problem the integrator must fix: said once in the log and on the node, retried every minute. */
function failed(problem) {
  node.error(problem)
  node.status({ fill: 'red', shape: 'ring', text: problem.slice(0, 60) })
  clearTimeout(state.retryTimer)
  state.retryTimer = setTimeout(start, 60000)
}

if (msg.status) onStatus(msg.status)
else start()
return null
