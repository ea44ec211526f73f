// What each of the four key files is and who uses it: the same table as the platform's key script.
export const keyFileNotes = {
  'jwt-private.pem': {
    format: 'PEM, PKCS#1 private key',
    usedBy: 'The API or the PLC, to sign tokens. Secret: keep it where tokens are signed, never put it on the broker or share it.'
  },
  'jwt-public.pem': {
    format: 'PEM, SPKI public key',
    usedBy: 'Human reference only (readable with openssl).'
  },
  'jwt-public.der': {
    format: 'DER, PKCS#1 public key',
    usedBy: 'The broker (plugin_opt_jwt_sec_file): mount it on a local broker. Voke\u2019s listener operator enrols the listener\u2019s own.'
  },
  'jwt-public-spki.der': {
    format: 'DER, SPKI public key',
    usedBy: 'Not used by the broker. Do not mount it: the broker would reject every token.'
  }
} as const

export type KeyFileName = keyof typeof keyFileNotes
export const keyFileOrder = Object.keys(keyFileNotes) as KeyFileName[]
