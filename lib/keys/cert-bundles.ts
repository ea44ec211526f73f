// Certificates in the plural and their relatives: a certificate's subject and issuer in words,
// a chain's leaf, the certificates inside a PKCS#7 bundle (.p7b / .p7c, openssl crl2pkcs7,
// certtool --p7-generate, Windows export) and the public key inside a PKCS#10 certificate
// signing request. All read with the bounds-checked DER cursor.
import { DerReader, decodeOid, readOid, readWhole, TAG } from './der'
import { choiceKeyLine, type KeyChoice, type KeyChoices } from './key-choices'
import { KeyFormatError } from './key-errors'
import { certificateParts, decodePkcs1PublicKey, spkiToPkcs1 } from './rsa-keys'

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2'

/** Attribute types a Name shows (RFC 4514 short names; emailAddress from PKCS#9). */
const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'emailAddress'
}

function decodeString(tag: number, value: Uint8Array): string {
  if (tag === 0x1e) {
    // BMPString: UTF-16BE
    let text = ''
    for (let i = 0; i + 1 < value.length; i += 2) text += String.fromCharCode((value[i]! << 8) | value[i + 1]!)
    return text
  }
  if (tag === 0x0c) return new TextDecoder('utf-8').decode(value) // UTF8String (bad bytes replaced)
  return String.fromCharCode(...value.subarray(0, 256)) // Printable, IA5, T61 (as Latin-1)
}

/** A Name (SEQUENCE OF SET OF AttributeTypeAndValue) as "CN=…, O=…", most specific first as openssl -nameopt RFC2253 prints it. */
export function nameText(nameDer: Uint8Array): string {
  const parts: string[] = []
  const rdns = new DerReader(readWhole(nameDer, TAG.SEQUENCE, 'name').value)
  while (!rdns.atEnd) {
    const set = rdns.enter(TAG.SET)
    while (!set.atEnd) {
      const atv = set.enter(TAG.SEQUENCE)
      const oid = readOid(atv)
      const { tag, value } = atv.read()
      parts.push(`${NAME_ATTRIBUTES[oid] ?? oid}=${decodeString(tag, value)}`)
    }
  }
  return parts.length ? parts.reverse().join(', ') : '(empty name)'
}

export interface CertificateSummary {
  subject: string
  issuer: string
  /** The raw Name DER, compared byte for byte to find who issued whom. */
  subjectDer: Uint8Array
  issuerDer: Uint8Array
  spki: Uint8Array
}

export function certificateSummary(certDer: Uint8Array): CertificateSummary {
  const { issuerDer, subjectDer, spki } = certificateParts(certDer)
  return { subject: nameText(subjectDer), issuer: nameText(issuerDer), subjectDer, issuerDer, spki }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])

function keyOfSpki(spki: Uint8Array): Pick<KeyChoice, 'publicKey' | 'problem'> {
  try {
    return { publicKey: decodePkcs1PublicKey(spkiToPkcs1(spki)) }
  } catch (error) {
    if (error instanceof KeyFormatError) return { problem: error }
    throw error
  }
}

/**
 * Names every certificate and offers the leaf: the one whose subject issued none of the others
 * (a CA's subject is the issuer of the next one down). Order in the file does not matter.
 */
export function certificateChoices(certs: Uint8Array[]): KeyChoices {
  const summaries = certs.map(certificateSummary)
  const issuedOthers = summaries.map((s, i) => summaries.some((other, j) => j !== i && sameBytes(other.issuerDer, s.subjectDer)))
  const items: KeyChoice[] = summaries.map((s, i) => {
    const key = keyOfSpki(s.spki)
    const role = issuedOthers[i] ? (sameBytes(s.issuerDer, s.subjectDer) ? 'root CA: issued another certificate here' : 'CA: issued another certificate here') : 'issued no other certificate here'
    return { title: s.subject, details: [`Issued by: ${s.issuer}`, choiceKeyLine(key.publicKey, key.problem), role], ...key }
  })
  const leaves = issuedOthers.flatMap((issued, i) => (issued ? [] : [i]))
  if (certs.length === 1) return { items, chosen: 0, reason: 'The only certificate in the file.' }
  if (leaves.length === 1)
    return { items, chosen: leaves[0]!, reason: 'The leaf (the device\u2019s own certificate): the only one here that issued no other certificate.' }
  const chosen = leaves[0] ?? 0
  return {
    items,
    chosen,
    reason:
      leaves.length > 1
        ? `${leaves.length} certificates issued no other, so the file is not one chain; the first of them is offered. Pick the device's own certificate.`
        : 'Every certificate issued another (a loop), so no leaf can be told; the first is offered. Pick the device\u2019s own certificate.'
  }
}

/**
 * The certificates of a PKCS#7 ContentInfo holding SignedData (RFC 2315 / RFC 5652):
 * SEQUENCE { signedData OID, [0] { SEQUENCE { version, digestAlgorithms SET, contentInfo,
 * certificates [0] IMPLICIT SET OF Certificate OPTIONAL, crls [1] OPTIONAL, signerInfos SET } } }
 */
export function pkcs7Certificates(der: Uint8Array): Uint8Array[] {
  const contentInfo = new DerReader(readWhole(der, TAG.SEQUENCE, 'PKCS#7 bundle').value)
  const type = decodeOid(contentInfo.read(TAG.OID).value)
  if (type !== OID_SIGNED_DATA)
    throw new KeyFormatError('KEY_UNREADABLE', 'This PKCS#7 file holds no certificates (it is not SignedData).', 'Export the certificate chain again as a .p7b bundle or as PEM certificates.')
  const signedData = contentInfo.enter(TAG.CONTEXT_0).enter(TAG.SEQUENCE)
  signedData.read(TAG.INTEGER)
  signedData.read(TAG.SET)
  signedData.read(TAG.SEQUENCE)
  const certs: Uint8Array[] = []
  if (signedData.peekTag() === TAG.CONTEXT_0) {
    const set = signedData.enter(TAG.CONTEXT_0)
    while (!set.atEnd) {
      const element = set.read()
      if (element.tag === TAG.SEQUENCE) certs.push(element.raw) // other choices (attribute certificates) are skipped
    }
  }
  if (certs.length === 0)
    throw new KeyFormatError('KEY_UNREADABLE', 'This PKCS#7 bundle holds no certificates.', 'Export the bundle again with its certificates, or paste the device certificate itself.')
  return certs
}

export interface CsrSummary {
  subject: string
  spki: Uint8Array
}

/** PKCS#10 (RFC 2986): SEQUENCE { info SEQUENCE { version, subject, SPKI, [0] attributes }, algorithm, signature }. */
export function readCsr(der: Uint8Array): CsrSummary {
  const request = new DerReader(readWhole(der, TAG.SEQUENCE, 'certificate request').value)
  const info = request.enter(TAG.SEQUENCE)
  info.read(TAG.INTEGER)
  const subject = nameText(info.read(TAG.SEQUENCE).raw)
  const spki = info.read(TAG.SEQUENCE).raw.slice()
  info.read(TAG.CONTEXT_0)
  info.expectEnd('certificate request')
  request.read(TAG.SEQUENCE)
  request.read(TAG.BIT_STRING)
  request.expectEnd('certificate request')
  return { subject, spki }
}

/** The shape of a CSR's first element: INTEGER, Name, SPKI, [0] attributes and nothing else. */
export function looksLikeCsrInfo(info: Uint8Array): boolean {
  const reader = new DerReader(info)
  const tags: number[] = []
  while (!reader.atEnd && tags.length < 5) tags.push(reader.read().tag)
  return tags.length === 4 && tags[0] === TAG.INTEGER && tags[1] === TAG.SEQUENCE && tags[2] === TAG.SEQUENCE && tags[3] === TAG.CONTEXT_0
}
