// The key doctor's diagnosis: what a pasted or dropped input is, whether the broker would take it
// as its key file, and the fixed jwt-public.der when the key inside is usable. Never throws.
import { checkBrokerKeyFile, type BrokerKeyCheck } from './broker-key-check'
import { readKey, type KeyReading, type ReadKeyOptions } from './key-detect'
import { keyFilesFromPkcs1Private, type KeyFiles } from './keygen'
import { encodePkcs1PublicKey, publicKeysEqual } from './rsa-keys'
import { sha256Hex, sha256sumLine } from '../encoding'

export interface FixedPublicKey {
  der: Uint8Array
  sha256Line: string
}

export interface KeyDiagnosis {
  reading: KeyReading
  /** The input exactly as the broker would load it from plugin_opt_jwt_sec_file. */
  asBrokerFile: BrokerKeyCheck
  /** jwt-public.der made from the key inside, when that key itself meets the broker's rules. */
  fixed?: FixedPublicKey
  /** Why no fixed file can be offered (the key inside is too small, not RSA, unreadable …). */
  fixedRefused?: BrokerKeyCheck & { ok: false }
  /** For a private key: the four files of the platform's key script. */
  derivedFiles?: KeyFiles
}

function asBytes(input: Uint8Array | string): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input
}

/** The doctor reads the public half of any private key file that keeps it in clear. */
export const DOCTOR_READ_OPTIONS: ReadKeyOptions = { publicPartOfPrivateFiles: true }

export interface DiagnoseOptions {
  /** The entry picked in a file holding several keys (a certificate chain, an OpenPGP key). */
  choice?: number
}

export async function diagnoseKey(input: Uint8Array | string, options: DiagnoseOptions = {}): Promise<KeyDiagnosis> {
  const reading = readKey(input, { ...DOCTOR_READ_OPTIONS, ...options })
  const asBrokerFile = checkBrokerKeyFile(asBytes(input))
  const diagnosis: KeyDiagnosis = { reading, asBrokerFile }
  if (!reading.ok) return diagnosis

  const der = encodePkcs1PublicKey(reading.publicKey)
  const fixedCheck = checkBrokerKeyFile(der)
  if (fixedCheck.ok) diagnosis.fixed = { der, sha256Line: sha256sumLine(await sha256Hex(der), 'jwt-public.der') }
  else diagnosis.fixedRefused = fixedCheck
  if (reading.kind === 'private' && fixedCheck.ok) diagnosis.derivedFiles = keyFilesFromPkcs1Private(reading.pkcs1Der)
  return diagnosis
}

export type PairVerdict =
  | { status: 'match' }
  | { status: 'mismatch' }
  | { status: 'not-comparable'; reason: string }

/** Whether two inputs hold the same RSA public key (a private key, public key or certificate each). */
export function comparePair(a: KeyReading, b: KeyReading): PairVerdict {
  if (!a.ok || !b.ok) return { status: 'not-comparable', reason: 'One of the two inputs is not a readable RSA key.' }
  return publicKeysEqual(a.publicKey, b.publicKey) ? { status: 'match' } : { status: 'mismatch' }
}
