// Every way a key input or key file can be wrong, as stable codes the UI and tests switch on.
import { CodedError } from './errors'

export type KeyErrorCode =
  // Reading bytes
  | 'KEY_EMPTY'
  | 'KEY_INPUT_TOO_LARGE'
  | 'KEY_UNREADABLE'
  | 'DER_TRUNCATED'
  | 'DER_INDEFINITE_LENGTH'
  | 'DER_BAD_LENGTH'
  | 'DER_UNEXPECTED_TAG'
  | 'DER_TRAILING_BYTES'
  | 'DER_BAD_INTEGER'
  | 'DER_BAD_OID'
  | 'PEM_MALFORMED'
  | 'PEM_UNKNOWN_LABEL'
  | 'PEM_LABEL_MISMATCH'
  | 'JWK_INVALID'
  | 'SSH_KEY_INVALID'
  // Keys the site recognises but cannot use
  | 'KEY_NOT_RSA'
  | 'KEY_ENCRYPTED'
  | 'KEY_OPENSSH_PRIVATE'
  | 'KEY_RSA_PSS'
  | 'KEY_MULTI_PRIME'
  // The broker's view of a key file
  | 'KEY_SPKI_NOT_PKCS1'
  | 'KEY_PEM_NOT_DER'
  | 'KEY_IS_PRIVATE'
  | 'KEY_IS_CERTIFICATE'
  | 'KEY_WRONG_FORMAT'
  | 'KEY_TOO_SMALL'
  | 'KEY_TOO_LARGE'
  | 'KEY_BAD_EXPONENT'

export class KeyFormatError extends CodedError<KeyErrorCode> {}

/** Errors of the DER layer: the bytes are not well-formed DER at all. */
export function derError(code: KeyErrorCode, message: string): KeyFormatError {
  return new KeyFormatError(
    code,
    message,
    'The data is damaged or not a key. Export the key again (e.g. with openssl) and use the whole file.'
  )
}
