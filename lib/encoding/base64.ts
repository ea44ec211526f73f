// base64 and base64url without Node's Buffer, so the same code runs in the browser.
// Decoders return null on anything invalid; callers turn that into their own coded error.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const LOOKUP = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i

export function base64Encode(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '=='
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '='
  }
  return out
}

/** Decodes unpadded base64 digits (alphabet already normalised to + and /). */
function decodeDigits(digits: string): Uint8Array | null {
  if (digits.length % 4 === 1) return null
  const out = new Uint8Array(Math.floor((digits.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i)
    const value = code < 128 ? LOOKUP[code]! : -1
    if (value < 0) return null
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (buffer >> bits) & 0xff
    }
  }
  // Leftover bits must be zero, or the text is not a canonical encoding.
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return null
  return out
}

/** Standard base64; whitespace (as in PEM bodies) is ignored, padding is optional but must be right. */
export function base64Decode(text: string): Uint8Array | null {
  const compact = text.replace(/[\s]/g, '')
  const padded = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(compact)
  if (!padded) return null
  const [, digits, padding] = padded
  if (padding && (digits!.length + padding.length) % 4 !== 0) return null
  return decodeDigits(digits!)
}

export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Strict base64url as JWTs use it: only A-Z a-z 0-9 - _, no padding, no whitespace. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  return decodeDigits(text.replace(/-/g, '+').replace(/_/g, '/'))
}
