// Test-side MQTT client (mqtt.js) for the local broker: connects over TLS with the broker's CA
// and reports the CONNACK code, so tests can compare it with what the real listener answers.
import { readFileSync } from 'node:fs'
import mqtt, { type MqttClient } from 'mqtt'

export interface ConnectOptions {
  host: string
  port: number
  caFile: string
  username: string
  /** The JWT; bytes to send a password that is not UTF-8. */
  password: string | Uint8Array
  clientId?: string
  protocol: '3.1.1' | '5'
  timeoutMs?: number
}

export type ConnectResult =
  /** CONNACK 0: the client stays connected; the caller must end() it. */
  | { connack: 0; client: MqttClient }
  /** CONNACK return code (3.1.1) or reason code (5) of a refusal. */
  | { connack: number; client?: undefined }
  /** No CONNACK at all: the connection closed or timed out first (e.g. the broker died). */
  | { connack: null; client?: undefined; error: string }

export function connectClient(opts: ConnectOptions): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const client = mqtt.connect({
      protocol: 'mqtts',
      host: opts.host,
      port: opts.port,
      ca: readFileSync(opts.caFile),
      rejectUnauthorized: true,
      servername: 'localhost',
      protocolVersion: opts.protocol === '5' ? 5 : 4,
      username: opts.username,
      password: typeof opts.password === 'string' ? opts.password : Buffer.from(opts.password),
      clientId: opts.clientId ?? opts.username,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: opts.timeoutMs ?? 30_000
    })
    let settled = false
    const settle = (result: ConnectResult) => {
      if (settled) return
      settled = true
      if (result.connack !== 0) client.end(true)
      resolve(result)
    }
    client.once('connect', (packet) => {
      const code = opts.protocol === '5' ? (packet.reasonCode ?? 0) : (packet.returnCode ?? 0)
      if (code === 0) settle({ connack: 0, client })
      else settle({ connack: code })
    })
    client.once('error', (error) => {
      // mqtt.js turns a refusing CONNACK into an error whose `code` is the return/reason code.
      const code = (error as { code?: unknown }).code
      if (typeof code === 'number') settle({ connack: code })
      else settle({ connack: null, error: String(error) })
    })
    client.once('close', () => settle({ connack: null, error: 'connection closed before any CONNACK' }))
  })
}

/** Connects, records the CONNACK code and disconnects: for tests that only need the verdict. */
export async function connackFor(opts: ConnectOptions): Promise<number | null> {
  const result = await connectClient(opts)
  if (result.client) await result.client.endAsync()
  return result.connack
}
