// A pasted key or certificate (or a dropped key file) → the key doctor's diagnosis, as a finding.
import { describeKey, diagnoseKey, formatLabel, type KeyDiagnosis, type KeyErrorCode } from '../keys'
import type { CauseCode } from './causes'
import { causesOf, secretExcerpt, type Finding } from './finding'

const KEY_CAUSES: Partial<Record<KeyErrorCode, CauseCode>> = {
  KEY_SPKI_NOT_PKCS1: 'KEY_FILE_FORMAT',
  KEY_PEM_NOT_DER: 'KEY_FILE_FORMAT',
  KEY_BASE64_NOT_DER: 'KEY_FILE_FORMAT',
  KEY_TRAILING_DATA: 'KEY_FILE_FORMAT',
  KEY_IS_PRIVATE: 'KEY_FILE_FORMAT',
  KEY_IS_CERTIFICATE: 'KEY_FILE_FORMAT',
  KEY_WRONG_FORMAT: 'KEY_FILE_FORMAT',
  KEY_TOO_SMALL: 'KEY_TOO_SMALL',
  KEY_BAD_EXPONENT: 'KEY_TOO_SMALL',
  KEY_ENCRYPTED: 'KEY_ENCRYPTED',
  KEY_NOT_RSA: 'KEY_NOT_RSA'
}

function kindOf(diagnosis: KeyDiagnosis): string {
  const r = diagnosis.reading
  if (!r.ok) return 'not a usable RSA key'
  const what = r.kind === 'private' ? 'an RSA private key' : r.kind === 'certificate' ? 'an X.509 certificate with an RSA key' : 'an RSA public key'
  return `${what} (${describeKey(r.publicKey)})`
}

export interface KeyPieceResult {
  finding: Finding
  diagnosis: KeyDiagnosis
}

/** Text is checked as pasted; bytes are a key file exactly as it would be mounted on the broker. */
export async function explainKey(input: string | Uint8Array): Promise<KeyPieceResult> {
  const diagnosis = await diagnoseKey(input)
  const r = diagnosis.reading
  const broker = diagnosis.asBrokerFile
  const details: string[] = [`Format: ${formatLabel(r.format)}`]
  if (diagnosis.fixed) details.push(`The fixed jwt-public.der (from the key doctor on the Keys page) has: ${diagnosis.fixed.sha256Line}. Compare it with sha256sum of the file on the broker.`)
  if (r.ok && r.kind === 'private') details.push('This is a private key: it stays on the signing device. The broker gets only the public key.')
  const errorCode = !broker.ok ? broker.code : undefined
  const cause = errorCode ? KEY_CAUSES[errorCode] : undefined
  const commands = !r.ok ? (r.error.commands ?? (r.error.command ? [r.error.command] : [])) : []
  let meaning: string
  if (broker.ok) meaning = `This is ${kindOf(diagnosis)}, in the form the broker reads: it accepts this file as its key file as it is.`
  else if (!r.ok) meaning = `${r.error.message}`
  else meaning = `This is ${kindOf(diagnosis)}. As the broker\u2019s key file it would fail every token: ${broker.message}`
  return {
    diagnosis,
    finding: {
      kind: 'key',
      id: 'key',
      excerpt: typeof input === 'string' ? secretExcerpt(input) : `${input.length} bytes (binary file)`,
      count: 1,
      meaning,
      causes: cause ? causesOf([cause]) : [],
      next: !r.ok ? r.error.fix : broker.ok ? 'If tokens are still refused with this key enrolled, paste a token too: the verdict checks it against this key.' : broker.fix,
      details: commands.length ? [...details, ...commands.map((c) => `Run: ${c}`)] : details
    }
  }
}
