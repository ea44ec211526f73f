// One MQTT CONNECT over a raw socket and the broker's answer: the CONNACK code, or none when the
// broker closes the connection (a crash). Raw packets keep thousands of connects fast and let the
// check send what client libraries refuse to (a password that is not UTF-8, an empty username).
import { connect as tcpConnect } from 'node:net'

export type Protocol = '3.1.1' | '5'

export interface ConnectRequest {
  port: number
  protocol: Protocol
  clientId: string
  /** undefined: no username flag. */
  username?: Uint8Array
  /** undefined: no password flag. */
  password?: Uint8Array
}

export type ConnectAnswer = { connack: number } | { connack: null; why: string }

function varint(n: number): number[] {
  const out: number[] = []
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    out.push(byte)
  } while (n > 0)
  return out
}

function field(bytes: Uint8Array): number[] {
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes]
}

export function connectPacket(r: ConnectRequest): Buffer {
  const five = r.protocol === '5'
  const flags = (r.username ? 0x80 : 0) | (r.password ? 0x40 : 0) | 0x02
  const variable = [...field(Buffer.from('MQTT')), five ? 5 : 4, flags, 0, 30, ...(five ? [0] : [])]
  const payload = [...field(Buffer.from(r.clientId)), ...(r.username ? field(r.username) : []), ...(r.password ? field(r.password) : [])]
  const body = [...variable, ...payload]
  return Buffer.from([0x10, ...varint(body.length), ...body])
}

/** Sends one CONNECT and waits for the CONNACK (or the connection's end); never rejects. */
export function sendConnect(r: ConnectRequest, timeoutMs: number): Promise<ConnectAnswer> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port: r.port })
    let received = Buffer.alloc(0)
    let done = false
    const finish = (answer: ConnectAnswer) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve(answer)
    }
    const timer = setTimeout(() => finish({ connack: null, why: 'timeout' }), timeoutMs)
    socket.on('connect', () => socket.write(connectPacket(r)))
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      // CONNACK: 0x20, remaining length, flags, code (3.1.1 return code / MQTT 5 reason code).
      if (received.length >= 4 && received[0] === 0x20) finish({ connack: received[3]! })
    })
    socket.on('error', (e) => finish({ connack: null, why: e.message }))
    socket.on('close', () => finish({ connack: null, why: 'closed' }))
  })
}
