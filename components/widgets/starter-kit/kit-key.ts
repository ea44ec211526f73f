// The key a kit is built with, from what the reader chose: a key generated here, the one from
// this visit (Keys page), or a loaded file. A key the broker would refuse gives no kit, but the
// key doctor's reason and fix. lib/keys loads on first use only.
import type { KitKey, KitSigner } from '../../../lib/kit'
import type { KeyInputValue } from '../../ui/key-input'
import type { SessionKey } from '../shared/session-keys'

export type KeyOutcome = { ok: true; key: KitKey | null; label: string } | { ok: false; message: string; fix: string }

async function tools() {
  const [keys, encoding] = await Promise.all([import('../../../lib/keys'), import('../../../lib/encoding')])
  return { ...keys, ...encoding }
}

export async function keyFromSession(session: SessionKey, signer: KitSigner): Promise<KeyOutcome> {
  const { sha256Hex } = await tools()
  return {
    ok: true,
    label: session.label,
    key: { ...(signer === 'device' ? { privatePem: session.privatePem } : {}), publicDer: session.publicDer, sha256Hex: await sha256Hex(session.publicDer) }
  }
}

export async function generatedKey(): Promise<{ outcome: KeyOutcome; session: SessionKey }> {
  const { generateKeyFiles } = await tools()
  const files = await generateKeyFiles(2048)
  const session = { privatePem: files['jwt-private.pem'], publicDer: files['jwt-public.der'], label: '2048-bit key generated for the starter kit' }
  return { session, outcome: await keyFromSession(session, 'device') }
}

/** A loaded file: Option B needs a private key; Option A takes any form holding the listener's public key. */
export async function keyFromInput(value: KeyInputValue, signer: KitSigner): Promise<KeyOutcome> {
  if (value.source === 'none') return { ok: false, message: 'No key loaded yet.', fix: signer === 'device' ? 'Paste or choose jwt-private.pem.' : 'Paste or choose the listener\u2019s jwt-public.der.' }
  if (value.source === 'too-large') return { ok: false, message: `${value.name} is far too large to be a key.`, fix: 'Choose the key file itself.' }
  const { readKey, checkKeyStrength, encodePkcs1PublicKey, pemEncode, sha256Hex } = await tools()
  const reading = readKey(value.source === 'text' ? value.text : value.bytes)
  if (!reading.ok) return { ok: false, message: reading.error.message, fix: reading.error.fix }
  const strength = checkKeyStrength(reading.publicKey)
  if (!strength.ok) return { ok: false, message: strength.message, fix: strength.fix }
  if (signer === 'device' && reading.kind !== 'private')
    return {
      ok: false,
      message: `This is a ${reading.kind === 'certificate' ? 'certificate' : 'public key'}; a device that signs its own tokens needs the private key.`,
      fix: 'Load jwt-private.pem (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY), or generate a new pair here.'
    }
  const publicDer = encodePkcs1PublicKey(reading.publicKey)
  return {
    ok: true,
    label: value.source === 'file' ? value.name : 'pasted key',
    key: {
      ...(signer === 'device' && reading.kind === 'private' ? { privatePem: pemEncode('RSA PRIVATE KEY', reading.pkcs1Der) } : {}),
      publicDer,
      sha256Hex: await sha256Hex(publicDer)
    }
  }
}
