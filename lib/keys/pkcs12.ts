// PKCS#12 bundles (.p12 / .pfx) and Java KeyStores, recognised by their structure so the key
// doctor can say what they are and give the openssl commands that take the key out. The site
// never decrypts them: that needs the bundle's password, and the site never asks for passwords.
//
// PFX (RFC 7292 §4): SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
// with authSafe.contentType id-data (1.2.840.113549.1.7.1) or id-signedData (…7.2).
// Made by `openssl pkcs12 -export`, Java keytool (PKCS12 is its default keystore type since
// Java 9) and Windows certificate export. Windows and some Java versions write BER with
// indefinite lengths, which the strict DER reader refuses, so this probe reads only headers and
// accepts both length forms.
import { KeyFormatError } from './key-errors'

const ID_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01] // 1.2.840.113549.1.7.1
const ID_SIGNED_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02] // 1.2.840.113549.1.7.2
/** pkcs-12PbeIds 1.2.840.113549.1.12.1: the SHA-1 PBE schemes (RC2, RC4, 3DES) of pre-3.0 OpenSSL, old Windows and Java 8. */
const PKCS12_PBE_PREFIX = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01]
/** pbeWithSHAAnd40BitRC2-CBC (…12.1.6) and 128-bit RC2 (…12.1.5): only OpenSSL 3's legacy provider reads these. */
const RC2_LAST = new Set([0x05, 0x06])

/** The first bytes of a Java KeyStore (JKS) file, keytool's default before Java 9. */
const JKS_MAGIC = [0xfe, 0xed, 0xfe, 0xed]
/** The first bytes of a JCEKS keystore. */
const JCEKS_MAGIC = [0xce, 0xce, 0xce, 0xce]

export interface Pkcs12Info {
  /** id-data: password integrity (a MAC); id-signedData: public-key integrity (rare). */
  authSafe: 'data' | 'signedData'
  hasMac: boolean
  /** Encrypted with RC2 (OpenSSL before 3.0, old Windows): OpenSSL 3 needs `-legacy` to open it. */
  needsLegacy: boolean
  /** Encrypted with the older SHA-1 PBE schemes (3DES, RC2, RC4) rather than PBES2/AES. */
  olderEncryption: boolean
}

interface Header {
  tag: number
  /** Content length; null for BER's indefinite length. */
  length: number | null
  /** Offset of the first content byte. */
  start: number
}

function header(bytes: Uint8Array, offset: number): Header | null {
  if (offset + 2 > bytes.length) return null
  const tag = bytes[offset]!
  const first = bytes[offset + 1]!
  if (first < 0x80) return { tag, length: first, start: offset + 2 }
  if (first === 0x80) return { tag, length: null, start: offset + 2 }
  const count = first & 0x7f
  if (count > 4 || offset + 2 + count > bytes.length) return null
  let length = 0
  for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!
  return { tag, length, start: offset + 2 + count }
}

const sameBytes = (bytes: Uint8Array, at: number, expected: number[]) => expected.every((b, i) => bytes[at + i] === b)

/** Every place an OID starting with `prefix` is encoded (length byte, then the prefix): the next byte of each. Linear. */
function findOid(bytes: Uint8Array, prefix: number[]): number[] {
  const found: number[] = []
  const limit = bytes.length - prefix.length - 1
  for (let i = 1; i <= limit; i++) {
    if (bytes[i - 1] === prefix.length + 1 && bytes[i] === prefix[0] && sameBytes(bytes, i, prefix)) found.push(bytes[i + prefix.length]!)
  }
  return found
}

/** The PFX shape, or null when the bytes are something else. Reads headers only: never throws. */
export function probePkcs12(bytes: Uint8Array): Pkcs12Info | null {
  const outer = header(bytes, 0)
  if (!outer || outer.tag !== 0x30) return null
  const version = header(bytes, outer.start)
  if (!version || version.tag !== 0x02 || version.length !== 1 || bytes[version.start] !== 3) return null
  const authSafe = header(bytes, version.start + 1)
  if (!authSafe || authSafe.tag !== 0x30) return null
  const oid = header(bytes, authSafe.start)
  if (!oid || oid.tag !== 0x06 || oid.length !== 9) return null
  const kind = sameBytes(bytes, oid.start, ID_DATA) ? 'data' : sameBytes(bytes, oid.start, ID_SIGNED_DATA) ? 'signedData' : null
  if (!kind) return null
  const pbe = findOid(bytes, PKCS12_PBE_PREFIX)
  // A MAC is the SEQUENCE after authSafe; with definite lengths its position is known.
  let hasMac = true
  if (outer.length !== null && authSafe.length !== null) hasMac = authSafe.start + authSafe.length < outer.start + outer.length
  return { authSafe: kind, hasMac, needsLegacy: pbe.some((last) => RC2_LAST.has(last)), olderEncryption: pbe.length > 0 }
}

export type JavaKeystoreKind = 'jks' | 'jceks'

export function probeJavaKeystore(bytes: Uint8Array): JavaKeystoreKind | null {
  if (sameBytes(bytes, 0, JKS_MAGIC)) return 'jks'
  if (sameBytes(bytes, 0, JCEKS_MAGIC)) return 'jceks'
  return null
}

/** The commands that take the key and certificate out of bundle.p12, and make jwt-public.der from the key. */
export function pkcs12Commands(needsLegacy: boolean): string[] {
  const legacy = needsLegacy ? ' -legacy' : ''
  return [
    `openssl pkcs12${legacy} -in bundle.p12 -nocerts -nodes -out key.pem`,
    `openssl pkcs12${legacy} -in bundle.p12 -clcerts -nokeys -out cert.pem`,
    'openssl rsa -in key.pem -RSAPublicKey_out -outform DER -out jwt-public.der'
  ]
}

export function pkcs12Error(info: Pkcs12Info): KeyFormatError {
  const commands = pkcs12Commands(info.needsLegacy)
  const legacyNote = info.needsLegacy
    ? ' It is encrypted with RC2, as OpenSSL before 3.0 and older Windows wrote them, so OpenSSL 3 needs -legacy to open it (without it: "unsupported … RC2-40-CBC").'
    : ' If openssl 3 answers "unsupported" naming RC2-40-CBC, add -legacy after "openssl pkcs12".'
  return new KeyFormatError(
    'KEY_PKCS12',
    `This is a PKCS#12 bundle (.p12 / .pfx, from openssl pkcs12 -export, Java keytool or a Windows certificate export): a password-protected container holding a private key and its certificate. The broker cannot read it, and the site does not open it because that needs the bundle's password.${legacyNote}`,
    `Take the key out on your machine (bundle.p12 is your file; openssl asks for its password), then make the broker's file from it: ${commands.join(' && ')}. key.pem is the private key the device signs with: keep it on the device, and give jwt-public.der (or key.pem) to the key doctor to check it.`,
    { command: commands[0]!, commands }
  )
}

export function javaKeystoreError(kind: JavaKeystoreKind): KeyFormatError {
  const command = `keytool -importkeystore -srckeystore keystore.${kind} -srcstoretype ${kind.toUpperCase()} -destkeystore bundle.p12 -deststoretype PKCS12`
  const commands = [command, ...pkcs12Commands(false)]
  return new KeyFormatError(
    'KEY_JAVA_KEYSTORE',
    `This is a Java ${kind === 'jks' ? 'KeyStore (JKS, keytool\u2019s format before Java 9)' : 'JCEKS keystore'}. openssl cannot read it directly.`,
    `Convert it to PKCS#12 with keytool (it asks for the store password), then take the key out: ${commands.join(' && ')}`,
    { command, commands }
  )
}
