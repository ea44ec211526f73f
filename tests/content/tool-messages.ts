// What the tools print, verbatim, as measured on the real broker and clients (../shared/broker-rules.md,
// "What clients print" and "What the broker's log says", 2026-12-01). The site and the examples
// quote these; tool-messages.test.ts holds every quote to this list.

export interface ToolMessage {
  tool: string
  /** The protocol a client message belongs to, where it differs between MQTT 5 and 3.1.1. */
  protocol?: 'mqttv5' | 'mqttv311'
  /** Exact text; in log lines N, S and C stand for numbers and '…' for quoted values. */
  text: string
}

export const CLIENT_MESSAGES: ToolMessage[] = [
  { tool: 'mosquitto_pub', protocol: 'mqttv5', text: 'Connection error: Not authorized' },
  { tool: 'mosquitto_pub', protocol: 'mqttv5', text: 'Error: A network protocol error occurred when communicating with the broker.' },
  { tool: 'mosquitto_pub', protocol: 'mqttv311', text: 'Connection error: Connection Refused: not authorised.' },
  { tool: 'mosquitto_pub', protocol: 'mqttv311', text: 'Error: The connection was refused.' },
  { tool: 'mosquitto_pub', text: 'Error: A TLS error occurred.' },
  { tool: 'mosquitto_pub', text: 'Error: The connection was lost.' },
  { tool: 'paho-mqtt 1.6', protocol: 'mqttv311', text: 'Connection Refused: not authorised.' },
  { tool: 'mqtt.js 5', text: 'ErrorWithReasonCode: Connection refused: Not authorized' },
  { tool: 'mqtt.js 5', text: 'Error: self-signed certificate in certificate chain' },
  { tool: 'mqtt.js 5', text: 'Error: unable to get local issuer certificate' },
  { tool: 'python ssl', text: 'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: …' }
]

/** The real plugin's log lines (jwt-auth: …), with N/S/C for numbers and '…' for a quoted value. */
export const BROKER_LOG_LINES: string[] = [
  'jwt-auth: error decoding jwt: ValidationError(InvalidSignature)',
  'jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)',
  'jwt-auth: error decoding jwt: JsonError(Error("missing field `alg`", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("expected ident", line: 1, column: C))',
  'jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: N, kind: Symbol })',
  'jwt-auth: error decoding jwt: JsonError(Error("unknown variant `…`, expected one of `none`, `HS256`, `HS384`, `HS512`, `RS256`, `RS384`, `RS512`, `ES256`, `ES384`, `ES512`, `PS256`, `PS384`, `PS512`", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: integer `N`, expected a string", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: floating point `…`, expected i64", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: string \\"…\\", expected i64", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("duplicate field `…`", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: sequence, expected struct ClaimsSet", line: 1, column: 0))',
  "jwt-auth: claim 'sub' is missing",
  "jwt-auth: claim 'sub': '…' doesn't match username: '…'",
  'jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: S, nanos: N }))',
  'jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: S, nanos: N }))',
  'jwt-auth: username not set',
  'jwt-auth: error decoding jwt: DecodeError(PartsLengthError { expected: 3, actual: N })',
  'jwt-auth: token not given',
  "jwt-auth: couldn't open secret file"
]

/**
 * Lines derived with serde_json's rules where the measured table gives one example of a family
 * (lib/tokens/broker-log.ts and the broker case table compute them): a header that is not an
 * object, a character no JSON value starts with (a BOM), a u64 NumericDate, and the placeholders
 * for serde_json's syntax errors, whose words and position the site does not model. Not in
 * broker-rules.md verbatim, so kept apart from the measured list.
 */
export const DERIVED_BROKER_LOG_LINES: string[] = [
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: sequence, expected struct Header", line: 1, column: 0))',
  'jwt-auth: error decoding jwt: JsonError(Error("expected value", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("invalid value: integer `N`, expected i64", line: 1, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("…", line: L, column: C))',
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: …, expected struct …", line: L, column: C))',
  // Measured on the real plugin 2026-12-02 (../shared/oracle, issue #29): a typed member of the wrong
  // type (header crit/x5c, claims publ/subs), and a publ/subs entry that is no MQTT topic filter.
  // broker-rules.md §4 and §8 quote only the inner message of these.
  'jwt-auth: error decoding jwt: JsonError(Error("invalid type: string \\"…\\", expected a sequence", line: 1, column: C))',
  'jwt-auth: TopicAfterMultiLevelWildcard'
]

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A catalogue line as a regex: N/S/C any number, '…' any text; a quote may elide with '…' too. */
export function logLinePattern(line: string): RegExp {
  const body = escape(line)
    .replace(/\\\.\\\.\\\.|…/g, '.*')
    .replace(/\b[NSC]\b/g, '(?:\\d+|N|S|C|…)')
  return new RegExp(`^${body}`)
}
