// Coded errors for tokens that cannot even be decoded.
import { CodedError } from '../errors'

export type TokenErrorCode =
  | 'TOKEN_EMPTY'
  | 'TOKEN_TOO_LONG'
  | 'TOKEN_NOT_UTF8'
  | 'TOKEN_BEARER_PREFIX'
  | 'TOKEN_WHITESPACE'
  | 'TOKEN_PARTS'
  | 'TOKEN_PADDING'
  | 'TOKEN_BASE64_ALPHABET'
  | 'TOKEN_BASE64URL'
  | 'TOKEN_HEADER_NOT_JSON'
  | 'TOKEN_HEADER_NOT_OBJECT'
  | 'TOKEN_PAYLOAD_NOT_JSON'
  | 'TOKEN_PAYLOAD_NOT_OBJECT'
  | 'TOKEN_KEY_NOT_PRIVATE'
  | 'TOKEN_KEY_UNREADABLE'

export class TokenError extends CodedError<TokenErrorCode> {}
