// Files that hold several keys (a certificate chain, a PKCS#7 bundle, an OpenPGP key with
// subkeys): each key named, one offered by default with the reason, and the reader may pick another.
import { KeyFormatError } from './key-errors'
import { describeKey, type RsaPublicKey } from './rsa-keys'

export interface KeyChoice {
  /** Names the key as its tool shows it: a certificate's subject, an OpenPGP user id. */
  title: string
  /** More lines: the issuer, the key's size, what it is for. */
  details: string[]
  publicKey?: RsaPublicKey
  /** Why this entry has no usable RSA key (EC, DSA, damaged …); the error if it is picked. */
  problem?: KeyFormatError
}

export interface KeyChoices {
  items: KeyChoice[]
  /** The index offered (the default, or the reader's pick). */
  chosen: number
  /** Why that one is offered by default ("the leaf: it issued no other certificate"). */
  reason: string
}

/** One line about a choice's key: "RSA 2048 bits, e 65537", or the problem. */
export function choiceKeyLine(publicKey: RsaPublicKey | undefined, problem: KeyFormatError | undefined): string {
  return publicKey ? `Key: ${describeKey(publicKey)}` : `Key: none usable (${problem?.message ?? 'unreadable'})`
}

/** The reader's pick when it is a valid index, else the default. */
export function pickChoice(choices: KeyChoices, pick: number | undefined): KeyChoices {
  return pick !== undefined && Number.isInteger(pick) && pick >= 0 && pick < choices.items.length ? { ...choices, chosen: pick } : choices
}

/** The chosen entry's RSA key, or its coded problem. */
export function chosenKey(choices: KeyChoices): RsaPublicKey {
  const choice = choices.items[choices.chosen]!
  if (choice.publicKey) return choice.publicKey
  throw choice.problem ?? new KeyFormatError('KEY_UNREADABLE', 'The chosen entry holds no readable key.', 'Pick another entry.')
}
