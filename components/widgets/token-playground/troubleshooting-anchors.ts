// Which Troubleshooting section explains a verdict rule (heading ids of content/troubleshooting.mdx).
const ANCHORS: Record<string, string> = {
  KEY_SPKI_NOT_PKCS1: 'key-file-in-spki-format',
  SIGNATURE_MISMATCH: 'key-pair-does-not-match',
  KEY_TOO_SMALL: 'key-too-small',
  KEY_BAD_EXPONENT: 'key-too-small',
  TOKEN_BEARER_PREFIX: 'password-is-not-a-bare-token',
  TOKEN_WHITESPACE: 'password-is-not-a-bare-token',
  TOKEN_PADDING: 'password-is-not-a-bare-token',
  TOKEN_BASE64_ALPHABET: 'password-is-not-a-bare-token',
  ALG_NOT_RS256: 'wrong-algorithm',
  SUB_MISSING: 'username-does-not-match-sub',
  SUB_NOT_STRING: 'username-does-not-match-sub',
  SUB_MISMATCH: 'username-does-not-match-sub',
  EXPIRED: 'token-expired',
  IAT_IN_FUTURE: 'device-clock-ahead',
  NBF_IN_FUTURE: 'device-clock-ahead',
  EXP_NOT_INTEGER: 'time-claims-that-are-not-integers',
  IAT_NOT_INTEGER: 'time-claims-that-are-not-integers',
  NBF_NOT_INTEGER: 'time-claims-that-are-not-integers',
  CLAIM_DUPLICATE: 'duplicate-claims',
  NO_EXP: 'token-without-exp-never-expires',
  PASSWORD_NOT_UTF8: 'broker-stops-on-a-non-utf-8-password',
  PASSWORD_EMPTY: 'password-is-not-a-bare-token',
  TOKEN_PARTS: 'password-is-not-a-bare-token',
  TOKEN_BASE64URL: 'password-is-not-a-bare-token',
  USERNAME_EMPTY: 'username-does-not-match-sub',
  HEADER_DUPLICATE: 'duplicate-claims',
  EXP_OUT_OF_RANGE: 'broker-stops-on-dates-beyond-its-range',
  NBF_OUT_OF_RANGE: 'broker-stops-on-dates-beyond-its-range',
  IAT_OUT_OF_RANGE: 'broker-stops-on-dates-beyond-its-range',
  EXP_IN_MILLISECONDS: 'broker-stops-on-dates-beyond-its-range'
}

/** "/troubleshooting#token-expired" for a rule or warning code, or null when no section covers it. */
export function troubleshootingHref(code: string): string | null {
  const anchor = ANCHORS[code]
  return anchor ? `/troubleshooting#${anchor}` : null
}

export const troubleshootingAnchors: readonly string[] = [...new Set(Object.values(ANCHORS))]
