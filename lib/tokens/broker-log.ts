// The lines the real plugin (mosquitto-jwt-auth 0.4.0: biscuit, data_encoding, serde_json, chrono)
// writes to the broker's stderr, with the values filled in the way those libraries print them
// (checked against the real plugin by scripts/check-real-plugin). Placeholders stay where the
// value cannot be known here: N for the nanoseconds of the broker's clock, PID, and the build's
// path in a panic.
import { rustDebugStr } from './rust-debug'

export const LOG = {
  usernameNotSet: 'jwt-auth: username not set',
  tokenNotGiven: 'jwt-auth: token not given',
  invalidSignature: 'jwt-auth: error decoding jwt: ValidationError(InvalidSignature)',
  wrongAlgorithm: 'jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)',
  subMissing: "jwt-auth: claim 'sub' is missing",
  parts: (actual: number) => `jwt-auth: error decoding jwt: DecodeError(PartsLengthError { expected: 3, actual: ${actual} })`,
  base64: (e: Base64Failure) => `jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: ${e.position}, kind: ${e.kind} })`,
  json: (message: string, at: TextPosition) => `jwt-auth: error decoding jwt: JsonError(Error(${rustDebugStr(message)}, line: ${at.line}, column: ${at.column}))`,
  /** The plugin's own line for a publ/subs entry it cannot parse: the error's Debug form. */
  topicFilter: (debug: string) => `jwt-auth: ${debug}`,
  // chrono's Duration prints whole seconds and the nanoseconds of the broker's clock (unknown here).
  expired: (secs: number) => `jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: ${secs}, nanos: N }))`,
  notYetValid: (secs: number) => `jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: ${secs}, nanos: N }))`,
  subMismatch: (sub: string, username: string) => `jwt-auth: claim 'sub': '${sub}' doesn't match username: '${username}'`,
  /**
   * Mosquitto's own line after every refusal. Mosquitto 2.0.11 sets the client id only once a
   * CONNECT is authorised, so a refused one is always "<unknown>" (seen on the local broker).
   */
  disconnected: 'Client <unknown> disconnected, not authorised.',
  /** Mosquitto's line for an accepted CONNECT (p2: MQTT 3.1.1, p5: MQTT 5; clean flag and keepalive vary). */
  connected: (clientId: string, protocol: '3.1.1' | '5', username: string) =>
    `New client connected from <address> as ${clientId} (p${protocol === '5' ? 5 : 2}, …, u'${username}').`,
  dateCrash: [
    "thread '<unnamed>' (PID) panicked at …/chrono-0.4.23/src/naive/datetime/mod.rs:128:18:",
    'invalid or out-of-range datetime',
    '…',
    'thread caused non-unwinding panic. aborting.'
  ],
  utf8Crash: (e: Utf8Failure) => [
    "thread '<unnamed>' (PID) panicked at src/mosquitto_sys.rs:155:55:",
    `called \`Result::unwrap()\` on an \`Err\` value: Utf8Error { valid_up_to: ${e.validUpTo}, error_len: ${e.errorLen === null ? 'None' : `Some(${e.errorLen})`} }`,
    '…',
    'thread caused non-unwinding panic. aborting.'
  ]
} as const

export interface TextPosition {
  line: number
  column: number
}

/** serde_json's position of a byte index: 1-based line, column = bytes before it on that line. */
export function positionOf(bytes: Uint8Array, index: number): TextPosition {
  let line = 1
  let column = 0
  for (let i = 0; i < index && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++
      column = 0
    } else column++
  }
  return { line, column }
}

export type Base64Kind = 'Length' | 'Symbol' | 'Trailing'
export interface Base64Failure {
  position: number
  kind: Base64Kind
}

function sextet(b: number): number {
  if (b >= 0x41 && b <= 0x5a) return b - 0x41
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 26
  if (b >= 0x30 && b <= 0x39) return b - 0x30 + 52
  if (b === 0x2d) return 62
  if (b === 0x5f) return 63
  return -1
}

/**
 * data_encoding's BASE64URL_NOPAD, as biscuit decodes each part: first the length (a length of
 * 4k+1 cannot be base64), then the first byte outside the alphabet, then unused trailing bits.
 * Positions are byte offsets inside the part.
 */
export function decodeBase64UrlNoPad(part: string): { ok: true; bytes: Uint8Array } | ({ ok: false } & Base64Failure) {
  const input = new TextEncoder().encode(part)
  const n = input.length
  if (n % 4 === 1) return { ok: false, position: n - 1, kind: 'Length' }
  const out = new Uint8Array(Math.floor((n * 6) / 8))
  let buffer = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < n; i++) {
    const v = sextet(input[i]!)
    if (v < 0) return { ok: false, position: i, kind: 'Symbol' }
    buffer = ((buffer << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (buffer >> bits) & 0xff
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return { ok: false, position: n - 1, kind: 'Trailing' }
  return { ok: true, bytes: out }
}

export interface Utf8Failure {
  validUpTo: number
  /** Length of the invalid sequence, or null when the input ends inside one (Rust's error_len). */
  errorLen: number | null
}

/** Rust's std::str::from_utf8 error for bytes, or null when they are valid UTF-8. */
export function utf8Failure(bytes: Uint8Array): Utf8Failure | null {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    const width = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (width === 0) return { validUpTo: i, errorLen: 1 }
    // The allowed range of the second byte excludes overlong forms, surrogates and > U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf
    for (let k = 1; k < width; k++) {
      if (i + k >= bytes.length) return { validUpTo: i, errorLen: null }
      const c = bytes[i + k]!
      const ok = k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf
      if (!ok) return { validUpTo: i, errorLen: k }
    }
    i += width
  }
  return null
}
