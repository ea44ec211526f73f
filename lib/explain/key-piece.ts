// A pasted key or certificate (or a dropped key file) → the key doctor's diagnosis, as a finding.
import { describeKey, diagnoseKey, DOCTOR_READ_OPTIONS, formatAbout, formatLabel, readKey, type KeyDiagnosis, type KeyErrorCode, type KeyFormat } from '../keys'
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

const KIND_WORDS = {
  public: 'an RSA public key',
  private: 'an RSA private key',
  certificate: 'an X.509 certificate with an RSA key',
  request: 'a certificate signing request for an RSA key',
  'private-file': 'an RSA private key file whose public half is stored in clear'
} as const

function kindOf(diagnosis: KeyDiagnosis): string {
  const r = diagnosis.reading
  if (!r.ok) return 'not a usable RSA key'
  return `${KIND_WORDS[r.kind]} (${describeKey(r.publicKey)})`
}

/** The facts only a few formats have: the entries of a bundle, a wrong PEM label, how to sign with a tool's private key file. */
function formatDetails(diagnosis: KeyDiagnosis): string[] {
  const r = diagnosis.reading
  const details: string[] = []
  if (r.choices) {
    const { items, chosen, reason } = r.choices
    details.push(`The file holds ${items.length} keys; the one used here is "${items[chosen]!.title}". ${reason} Pick another in the key doctor (Keys page).`)
    items.forEach((item, i) => details.push(`${i + 1}. ${item.title}: ${item.details.join('; ')}`))
  }
  if (r.ok && r.labelWrong)
    details.push(`The PEM label is wrong: it says BEGIN ${r.labelWrong.label} but the contents belong under BEGIN ${r.labelWrong.expected} (edited by hand). The key inside was read.`)
  if (r.ok && r.kind === 'private-file') details.push(`To sign tokens with it: ${r.toSigningPem.fix}`)
  return details
}

/**
 * Key files the paste splitter cannot cut out of a paste (they have no -----BEGIN line, or are a
 * chain the splitter would take apart): when the whole paste is one of these and carries no
 * token, the explainer gives it to the doctor whole. Linear: one readKey over at most 1 MB.
 */
const WHOLE_PASTE_FORMATS = new Set<KeyFormat | 'unknown'>(['putty-private', 'sshcom-private', 'ssh2-public', 'hex-der', 'openssl-text', 'certificate-chain'])

export function isWholeKeyPaste(text: string): boolean {
  if (text.includes('eyJ')) return false
  return WHOLE_PASTE_FORMATS.has(readKey(text, DOCTOR_READ_OPTIONS).format)
}

export interface KeyPieceResult {
  finding: Finding
  diagnosis: KeyDiagnosis
}

/** Text is checked as pasted; bytes are a key file exactly as it would be mounted on the broker. */
export async function explainKey(input: string | Uint8Array): Promise<KeyPieceResult> {
  const diagnosis = await diagnoseKey(input) // reads every format the key doctor reads, the same way
  const r = diagnosis.reading
  const broker = diagnosis.asBrokerFile
  const details: string[] = [`Format: ${formatLabel(r.format)}. ${formatAbout(r.format)}`.trim(), ...formatDetails(diagnosis)]
  if (diagnosis.fixed) details.push(`The fixed jwt-public.der (from the key doctor on the Keys page) has: ${diagnosis.fixed.sha256Line}. Compare it with sha256sum of the file on the broker.`)
  if (r.ok && (r.kind === 'private' || r.kind === 'private-file')) details.push('This is a private key: it stays on the signing device. The broker gets only the public key.')
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
