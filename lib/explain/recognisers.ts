// What the explainer recognises in a pasted line, as data: a pattern, the causes it points to
// (most likely first), what to paste next, and the tool and version whose output it was taken
// from. The first recogniser whose pattern matches a line wins, so specific ones come first.
//
// Patterns must stay linear on any input: literal text, bounded character classes ({0,N}), no
// nested quantifiers and no backtracking over unbounded `.*` between two alternatives. Lines are
// cut to MAX_LINE_CHARS before matching (input.ts), so a bounded class is also a bounded cost.
// tests/examples/explain-capture.test.ts provokes each client and library failure for real and
// checks its output is recognised here; lib/explain/recognisers.test.ts checks every sample.
import { ASK_FOR_BROKER_LINE, NOT_AUTHORISED_CAUSES, type CauseCode } from './causes'

export type PieceKind = 'broker-log' | 'client' | 'tls' | 'network' | 'library'

export interface Recogniser {
  id: string
  kind: PieceKind
  pattern: RegExp
  /** What the line means, in one or two sentences. */
  meaning: string
  /** Facts taken from this line (names, seconds …), added to the meaning. */
  detail?: (match: RegExpExecArray) => string
  causes: readonly CauseCode[]
  /** What to paste or check next to narrow it down. */
  next: string
  /** The tool and version the pattern's samples were captured from. */
  capturedFrom: string
  /** Lines exactly as that tool printed them. */
  samples: readonly string[]
  /** Not shown when one of these also matched the paste: it adds nothing to them. */
  subsumedBy?: readonly string[]
}

const PLUGIN = 'mosquitto-jwt-auth 0.4.0 on Mosquitto 2.0.11 (broker-rules.md, measured 2026-12-01); also the local test broker'
const MOSQUITTO = 'Mosquitto 2.0.11 broker log'
const MOSQUITTO_PUB = 'mosquitto_pub 2.0.11 (Debian bookworm mosquitto-clients)'
const PAHO16 = 'paho-mqtt 1.6.1 (Debian bookworm python3-paho-mqtt, Python 3.11)'
const PAHO21 = 'paho-mqtt 2.1.0 (pip, Python 3.11)'
const MQTTJS = 'mqtt.js 5.16.0 on Node.js 20'
const NODE = 'Node.js 20 (tls, net, dns)'
const PYTHON = 'Python 3.11 ssl / socket (through paho-mqtt 1.6.1 and 2.1.0, and aiomqtt 0.16.1)'
const PYJWT = 'PyJWT 2.6.0 (Debian, cryptography 38.0.4) and 2.15.1 (pip, cryptography 50.0.2)'
const OPENSSL = 'OpenSSL 3.0 command line'
const PAHO_C = 'Eclipse Paho C 1.3.11: paho_c_pub and paho_cs_pub (Debian bookworm paho.mqtt.c-examples 1.3.12, OpenSSL 3.0)'
const AIOMQTT = 'aiomqtt 0.16.1 (Debian bookworm python3-asyncio-mqtt, module asyncio_mqtt, on paho-mqtt 1.6.1)'
const JOSE = 'jose 6.2.18 on Node.js 20'
const NODE_CRYPTO = 'Node.js 20 node:crypto (OpenSSL 3.0)'
const S_CLIENT = 'openssl s_client 3.0 (Debian bookworm)'
const CURL = 'curl 7.88.1 (Debian bookworm), the Option A call of fetch-token.sh'

const PASTE_TOKEN_AND_KEY = 'Paste the token and the enrolled jwt-public.der (as base64 or PEM) here: the verdict names the exact check.'
const JWT_AUTH_LINES = [
  'plugin-invalid-signature',
  'plugin-wrong-alg-header',
  'plugin-missing-alg',
  'plugin-not-json',
  'plugin-alg-not-a-name',
  'plugin-header-not-object',
  'plugin-jwk-type',
  'plugin-aud-type',
  'plugin-not-a-list',
  'plugin-time-out-of-range',
  'plugin-topic-filter',
  'plugin-unknown-alg',
  'plugin-base64',
  'plugin-not-a-string',
  'plugin-time-float',
  'plugin-time-string',
  'plugin-duplicate',
  'plugin-payload-not-object',
  'plugin-sub-missing',
  'plugin-sub-mismatch',
  'plugin-expired',
  'plugin-not-yet-valid',
  'plugin-username-not-set',
  'plugin-token-not-given',
  'plugin-parts',
  'plugin-panic-date',
  'plugin-panic-utf8',
  'plugin-panic-abort',
  'plugin-secret-file'
]
const CLIENT_REFUSALS = ['mosquitto-pub-v5-refused', 'mosquitto-pub-v311-refused', 'mqttjs-not-authorized', 'paho-connack-string-5']

function seconds(s: string): string {
  const n = Number(s)
  if (n < 120) return `${n} s`
  if (n < 7200) return `${Math.round(n / 60)} min (${n} s)`
  if (n < 172800) return `${(n / 3600).toFixed(1)} h (${n} s)`
  return `${Math.round(n / 86400)} days (${n} s)`
}

export const RECOGNISERS: readonly Recogniser[] = [
  // ---- The broker's JWT plugin (one jwt-auth: line per refused CONNECT) ----------------------
  {
    id: 'plugin-invalid-signature',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: ValidationError\(InvalidSignature\)/,
    meaning: 'The broker refused the token because its signature does not verify with the key file the broker loaded when it started.',
    causes: ['KEY_PAIR_MISMATCH', 'KEY_FILE_FORMAT', 'TOKEN_NOT_BARE', 'WRONG_ALGORITHM', 'KEY_NOT_RELOADED', 'KEY_TOO_SMALL'],
    next: `If every device fails since the broker started, the key file is the cause (paste jwt-public.der for the key doctor). If one device fails: ${PASTE_TOKEN_AND_KEY}`,
    capturedFrom: PLUGIN,
    samples: ['1796150000: jwt-auth: error decoding jwt: ValidationError(InvalidSignature)']
  },
  {
    id: 'plugin-wrong-alg-header',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: ValidationError\(WrongAlgorithmHeader\)/,
    meaning: 'The signature verified, but the token header names another algorithm than RS256.',
    causes: ['WRONG_ALGORITHM'],
    next: 'Paste the token to see the alg its header declares.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)']
  },
  {
    id: 'plugin-missing-alg',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("missing field `alg`"/,
    meaning: 'The token header has no "alg" member.',
    causes: ['HEADER_MALFORMED', 'WRONG_ALGORITHM'],
    next: 'Paste the token to see its header.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("missing field `alg`", line: 1, column: 13))']
  },
  {
    id: 'plugin-not-json',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("((?:expected (?:ident|value|`:`|`,` or `\}`|`,` or `\]`)|EOF while parsing an? (?:value|string|list|object)|trailing comma|trailing characters|key must be a string|invalid escape|invalid number|number out of range|lone leading surrogate in hex escape|unexpected end of hex escape|invalid unicode code point|recursion limit exceeded|control character \(\\\\u0000-\\\\u001F\) found while parsing a string))", line: \d{1,6}, column: (\d{1,9})/,
    meaning: 'The token header or payload is not valid JSON: the broker\u2019s JSON reader (serde_json) stopped on a syntax error. The line does not say which of the two parts.',
    detail: (m) => `serde_json says "${m[1]}" at column ${m[2]} of the decoded part.`,
    causes: ['PAYLOAD_NOT_JSON', 'HEADER_MALFORMED'],
    next: 'Paste the token to see which part is broken and where.',
    capturedFrom: `${PLUGIN}; serde_json 1.0.87 messages as the real plugin printed them (issue 23)`,
    samples: [
      'jwt-auth: error decoding jwt: JsonError(Error("expected ident", line: 1, column: 2))',
      'jwt-auth: error decoding jwt: JsonError(Error("trailing comma", line: 1, column: 47))'
    ]
  },
  {
    id: 'plugin-alg-not-a-name',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("(?:invalid type: [^,]{0,80}, expected (?:string or map|unit)|invalid value: map, expected map with a single key)"/,
    meaning: 'The header\u2019s alg is not an algorithm name: it is null, a number or an object the plugin cannot read as one.',
    causes: ['WRONG_ALGORITHM', 'HEADER_MALFORMED'],
    next: 'Paste the token to see its header: alg must be the string "RS256".',
    capturedFrom: `${PLUGIN}; alg null, {"RS256": 1} and {} (issue 23)`,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid type: null, expected string or map", line: 1, column: 12))']
  },
  {
    id: 'plugin-header-not-object',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid type: [^,]{0,80}, expected struct Header"/,
    meaning: 'The token header is JSON, but not an object.',
    causes: ['HEADER_MALFORMED'],
    next: 'Paste the token to see its header.',
    capturedFrom: `${PLUGIN}; a header that is a list or a string (issue 23)`,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid type: sequence, expected struct Header", line: 1, column: 0))']
  },
  {
    id: 'plugin-jwk-type',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("(?:invalid type: [^,]{0,80}, expected struct JWK|data did not match any variant of untagged enum (?:AlgorithmParameters|Algorithm))"/,
    meaning: 'The header has a jwk member that is not a JSON Web Key the plugin can read (not an object, an object of no known key type, or an alg inside it that names no known algorithm).',
    causes: ['HEADER_MEMBER_TYPE'],
    next: 'Paste the token to see its header; the broker needs no jwk, so leave it out.',
    capturedFrom: `${PLUGIN}; jwk true, {} and a jwk whose alg is "XYZ" (issue 23)`,
    samples: [
      'jwt-auth: error decoding jwt: JsonError(Error("data did not match any variant of untagged enum AlgorithmParameters", line: 1, column: 24))',
      'jwt-auth: error decoding jwt: JsonError(Error("data did not match any variant of untagged enum Algorithm", line: 1, column: 419))'
    ]
  },
  {
    id: 'plugin-aud-type',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("data did not match any variant of untagged enum SingleOrMultiple"/,
    meaning: 'The aud claim is neither a string nor an array of strings.',
    causes: ['CLAIM_TYPE'],
    next: 'Paste the token to see its claims.',
    capturedFrom: `${PLUGIN}; "aud": 7 (issue 23)`,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("data did not match any variant of untagged enum SingleOrMultiple", line: 1, column: 54))']
  },
  {
    id: 'plugin-not-a-list',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid type: [^,]{0,80}, expected a sequence"/,
    meaning: 'A member that must be an array is something else: publ or subs in the claims, or x5c or crit in the header.',
    causes: ['CLAIM_TYPE', 'HEADER_MEMBER_TYPE'],
    next: 'Paste the token to see which member.',
    capturedFrom: `${PLUGIN}; "publ": "cpi/#" and "x5c": "MIIB" (issue 23)`,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid type: string \\"cpi/#\\", expected a sequence", line: 1, column: 61))']
  },
  {
    id: 'plugin-time-out-of-range',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid value: integer `(\d{1,40})`, expected i64"/,
    meaning: 'A time claim (exp, iat or nbf) is an integer too large for a signed 64-bit number.',
    detail: (m) => `The value is ${m[1]}.`,
    causes: ['TIME_NOT_INTEGER'],
    next: 'Paste the token to see which claim: NumericDates are seconds since 1970, about 10 digits today.',
    capturedFrom: `${PLUGIN}; exp 9223372036854775808 (issue 23)`,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid value: integer `9223372036854775808`, expected i64", line: 1, column: 83))']
  },
  {
    id: 'plugin-topic-filter',
    kind: 'broker-log',
    pattern: /jwt-auth: (TopicAfterMultiLevelWildcard|InvalidTopicName\("([^"\n]{0,200})"\))/,
    meaning: 'The token is valid and its sub matches, but a topic filter in its publ or subs claim is not a valid MQTT filter.',
    detail: (m) => (m[2] === undefined ? 'A "#" is followed by another level: "#" must be the last level.' : `The level "${m[2]}" mixes "+" or "#" with other characters.`),
    causes: ['TOPIC_FILTER_INVALID'],
    next: 'Paste the token to see its publ and subs claims.',
    capturedFrom: `${PLUGIN}; publ ["a/#/b"], subs ["a+/b"] (issue 23)`,
    samples: ['jwt-auth: TopicAfterMultiLevelWildcard', 'jwt-auth: InvalidTopicName("a+/")']
  },
  {
    id: 'plugin-unknown-alg',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("unknown variant `([^`]{0,40})`/,
    meaning: 'The header\u2019s alg is not one of the names the plugin knows (they are case-sensitive).',
    detail: (m) => `The header says alg "${m[1]}"; it must be exactly "RS256".`,
    causes: ['WRONG_ALGORITHM'],
    next: 'Paste the token to see its header.',
    capturedFrom: PLUGIN,
    samples: [
      'jwt-auth: error decoding jwt: JsonError(Error("unknown variant `rs256`, expected one of `none`, `HS256`, `HS384`, `HS512`, `RS256`, `RS384`, `RS512`, `ES256`, `ES384`, `ES512`, `PS256`, `PS384`, `PS512`", line: 1, column: 14))'
    ]
  },
  {
    id: 'plugin-base64',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: DecodeBase64\(DecodeError \{ position: (\d{1,6}), kind: (\w{1,20}) \}\)/,
    meaning: 'A part of the token is not plain base64url.',
    detail: (m) => `The first bad character is at offset ${m[1]} of the failing part (kind: ${m[2]}).`,
    causes: ['TOKEN_BASE64', 'TOKEN_NOT_BARE'],
    next: 'Paste the token exactly as the device sends it (with any trailing newline) to see which character.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: 342, kind: Symbol })']
  },
  {
    id: 'plugin-not-a-string',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid type: [^,]{0,80}, expected a string"/,
    meaning: 'A member that must be a string is something else: sub, iss or jti in the claims, typ or kid (or another registered member) in the header, or an element of publ, subs, x5c or crit.',
    causes: ['SUB_NOT_STRING', 'CLAIM_TYPE', 'HEADER_MEMBER_TYPE'],
    next: 'Paste the token to see which member.',
    capturedFrom: `${PLUGIN}; also "kid": 7, "iss": 7 and "subs": ["a", 1] (issue 23)`,
    samples: [
      'jwt-auth: error decoding jwt: JsonError(Error("invalid type: integer `123`, expected a string", line: 1, column: 10))',
      'jwt-auth: error decoding jwt: JsonError(Error("invalid type: null, expected a string", line: 1, column: 35))'
    ]
  },
  {
    id: 'plugin-time-float',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid type: floating point `([^`]{0,40})`, expected i64"/,
    meaning: 'A time claim (exp, iat or nbf) is a number with a fraction or exponent, not an integer.',
    detail: (m) => `The value is ${m[1]}.`,
    causes: ['TIME_NOT_INTEGER'],
    next: 'Paste the token to see which claim.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid type: floating point `1796153103.5`, expected i64", line: 1, column: 62))']
  },
  {
    id: 'plugin-time-string',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid type: string [^,]{0,80}, expected i64"/,
    meaning: 'A time claim (exp, iat or nbf) is a string, not an integer.',
    causes: ['TIME_NOT_INTEGER'],
    next: 'Paste the token to see which claim.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid type: string \\"1796153103\\", expected i64", line: 1, column: 64))']
  },
  {
    id: 'plugin-duplicate',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("duplicate field `([^`]{0,40})`/,
    meaning: 'A member appears twice in the token\u2019s header or claims.',
    detail: (m) => `The repeated member is "${m[1]}".`,
    causes: ['DUPLICATE_CLAIM'],
    next: 'Paste the token to see both copies.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("duplicate field `sub`", line: 1, column: 58))']
  },
  {
    id: 'plugin-payload-not-object',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: JsonError\(Error\("invalid type: [^,]{0,40}, expected struct ClaimsSet"/,
    meaning: 'The token payload is JSON, but not an object of claims.',
    causes: ['PAYLOAD_NOT_OBJECT'],
    next: 'Paste the token to see its payload.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: JsonError(Error("invalid type: sequence, expected struct ClaimsSet", line: 1, column: 0))']
  },
  {
    id: 'plugin-sub-missing',
    kind: 'broker-log',
    pattern: /jwt-auth: claim 'sub' is missing/,
    meaning: 'The token has no sub claim (or sub is null).',
    causes: ['SUB_MISSING'],
    next: 'Check how the token is made: the claims must include "sub": "<plant id>".',
    capturedFrom: PLUGIN,
    samples: ["jwt-auth: claim 'sub' is missing"]
  },
  {
    id: 'plugin-sub-mismatch',
    kind: 'broker-log',
    pattern: /jwt-auth: claim 'sub': '([^'\n]{0,200})' doesn't match username: '([^'\n]{0,200})'/,
    meaning: 'The token is valid, but its sub is not the MQTT username.',
    detail: (m) => {
      const [sub, user] = [m[1]!, m[2]!]
      const hint =
        sub.toLowerCase() === user.toLowerCase()
          ? ' They differ only in upper/lower case: the broker compares case-sensitively.'
          : sub.trim() === user.trim()
            ? ' They differ only in spaces: the broker does not trim.'
            : ''
      return `sub is '${sub}', the username is '${user}'.${hint}`
    },
    causes: ['SUB_MISMATCH'],
    next: 'Use the plant id exactly as in sub as the username, or issue the token for the right plant.',
    capturedFrom: PLUGIN,
    samples: ["jwt-auth: claim 'sub': 'Plant-1' doesn't match username: 'plant-1'"]
  },
  {
    id: 'plugin-expired',
    kind: 'broker-log',
    pattern: /jwt-auth: error validating jwt: ValidationError\(Expired\(Duration \{ secs: (\d{1,20}), nanos: \d{1,10} \}\)\)/,
    meaning: 'The token has expired: exp is in the past for the broker.',
    detail: (m) => `It expired ${seconds(m[1]!)} before this attempt.`,
    causes: ['TOKEN_EXPIRED'],
    next: 'Check how and when the device refreshes its token; a few seconds past exp also points to a clock behind the broker\u2019s.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 3605, nanos: 123456789 }))']
  },
  {
    id: 'plugin-not-yet-valid',
    kind: 'broker-log',
    pattern: /jwt-auth: error validating jwt: ValidationError\(NotYetValid\(Duration \{ secs: (\d{1,20}), nanos: \d{1,10} \}\)\)/,
    meaning: 'The token is not valid yet for the broker: its iat or nbf lies in the broker\u2019s future.',
    detail: (m) => `It would become valid in ${seconds(m[1]!)}: the device clock is about that far ahead.`,
    causes: ['CLOCK_AHEAD'],
    next: 'Compare the device clock with a time server (the broker allows no leeway).',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: 42, nanos: 500000000 }))']
  },
  {
    id: 'plugin-username-not-set',
    kind: 'broker-log',
    pattern: /jwt-auth: username not set/,
    meaning: 'The client connected without a username (or with an empty one).',
    causes: ['USERNAME_NOT_SET'],
    next: 'Check that the client sets the username to the plant id.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: username not set']
  },
  {
    id: 'plugin-token-not-given',
    kind: 'broker-log',
    pattern: /jwt-auth: token not given/,
    meaning: 'The client connected without a password: no token was sent.',
    causes: ['PASSWORD_NOT_SENT'],
    next: 'Check that the client sets the token as the MQTT password.',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: token not given']
  },
  {
    id: 'plugin-parts',
    kind: 'broker-log',
    pattern: /jwt-auth: error decoding jwt: DecodeError\(PartsLengthError \{ expected: 3, actual: (\d{1,6}) \}\)/,
    meaning: 'The password is not a JWT: it does not have three dot-separated parts.',
    detail: (m) => `It has ${m[1]} part${m[1] === '1' ? '' : 's'}.`,
    causes: ['TOKEN_PARTS'],
    next: 'Check what the device sends as the password (a cut-off token, or another secret).',
    capturedFrom: PLUGIN,
    samples: ['jwt-auth: error decoding jwt: DecodeError(PartsLengthError { expected: 3, actual: 1 })']
  },
  {
    id: 'plugin-panic-date',
    kind: 'broker-log',
    pattern: /panicked at [^\n]{0,200}chrono-[\d.]{1,20}\/src\/naive\/datetime|invalid or out-of-range datetime/,
    meaning: 'The JWT plugin panicked on a date out of its range, and the whole broker process died: every device was dropped.',
    causes: ['BROKER_CRASH_DATE'],
    next: 'Find the device whose token has a huge exp, iat or nbf (milliseconds times 1000, or a made-up date): the broker log lines just before the panic show its client id.',
    capturedFrom: PLUGIN,
    samples: [
      "thread '<unnamed>' (4242) panicked at /root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/chrono-0.4.23/src/naive/datetime/mod.rs:128:18:",
      'invalid or out-of-range datetime'
    ]
  },
  {
    id: 'plugin-panic-utf8',
    kind: 'broker-log',
    pattern: /panicked at src\/mosquitto_sys\.rs|Utf8Error \{ valid_up_to: \d{1,6}/,
    meaning: 'The JWT plugin panicked on a password that is not UTF-8 text, and the whole broker process died: every device was dropped.',
    causes: ['BROKER_CRASH_UTF8'],
    next: 'Find the device that sends binary data as its password: the log lines just before the panic show its client id.',
    capturedFrom: PLUGIN,
    samples: [
      "thread '<unnamed>' (4242) panicked at src/mosquitto_sys.rs:155:55:",
      "called `Result::unwrap()` on an `Err` value: Utf8Error { valid_up_to: 0, error_len: Some(1) }"
    ]
  },
  {
    id: 'plugin-panic-abort',
    kind: 'broker-log',
    pattern: /thread caused non-unwinding panic\. aborting\./,
    meaning: 'The JWT plugin panicked and the whole broker process died: every device was dropped.',
    causes: ['BROKER_CRASH_DATE', 'BROKER_CRASH_UTF8'],
    next: 'Paste the lines just before this one: the "panicked at" line says which of the two known crashes it was.',
    capturedFrom: PLUGIN,
    samples: ['thread caused non-unwinding panic. aborting.'],
    subsumedBy: ['plugin-panic-date', 'plugin-panic-utf8']
  },
  {
    id: 'plugin-secret-file',
    kind: 'broker-log',
    pattern: /jwt-auth: couldn't open secret file/,
    meaning: 'The broker could not open its JWT key file at start-up and exited: the JWT listener is not running at all.',
    causes: ['KEY_FILE_MISSING'],
    next: 'Check the path in plugin_opt_jwt_sec_file, that the file is mounted there, and that the broker\u2019s user can read it.',
    capturedFrom: PLUGIN,
    samples: ["jwt-auth: couldn't open secret file"]
  },
  {
    id: 'local-plugin-secret-file',
    kind: 'broker-log',
    pattern: /voke-jwt-auth: cannot read plugin_opt_jwt_sec_file/,
    meaning: 'The local test broker could not read its JWT key file at start-up and exited (Voke\u2019s plugin says "couldn\u2019t open secret file" here).',
    causes: ['KEY_FILE_MISSING'],
    next: 'Check the path given with --key and that the file exists.',
    capturedFrom: 'the local test broker (broker/plugin, Mosquitto 2.0.11), started without its key file',
    samples: ['1796155772: voke-jwt-auth: cannot read plugin_opt_jwt_sec_file /tmp/no-key/jwt-public.der']
  },
  {
    id: 'mosquitto-plugin-init-failed',
    kind: 'broker-log',
    pattern: /Error: Plugin returned \d{1,4} when initialising\./,
    meaning: 'Mosquitto stopped at start-up because an auth plugin failed to initialise; for the JWT plugin that is usually its key file.',
    causes: ['KEY_FILE_MISSING'],
    next: 'Paste the broker log lines just before this one: the plugin says what it could not do.',
    capturedFrom: `${MOSQUITTO}, JWT plugin without its key file`,
    samples: ['1796155772: Error: Plugin returned 3 when initialising.'],
    subsumedBy: ['plugin-secret-file', 'local-plugin-secret-file']
  },
  {
    id: 'mosquitto-not-authorised',
    kind: 'broker-log',
    pattern: /Client [^\s]{0,256} disconnected, not authorised\./,
    meaning: 'Mosquitto refused a client after the JWT plugin rejected it (the client got CONNACK 5 or 135).',
    causes: NOT_AUTHORISED_CAUSES,
    next: 'The jwt-auth: line just before this one in the broker log names the failing check: paste the lines around it.',
    capturedFrom: MOSQUITTO,
    samples: ['1796150000: Client 3f2b9c1e-7a4d-4e8b-9f0a-1c2d3e4f5a6b disconnected, not authorised.'],
    subsumedBy: JWT_AUTH_LINES
  },

  // ---- Clients: the refusal as each one prints it --------------------------------------------
  {
    id: 'mosquitto-pub-v5-refused',
    kind: 'client',
    pattern: /Connection error: Not authorized\b/,
    meaning: 'mosquitto_pub (MQTT 5) got CONNACK reason code 135, Not authorized: the broker refused the token. The CONNACK never says which check failed.',
    causes: NOT_AUTHORISED_CAUSES,
    next: ASK_FOR_BROKER_LINE,
    capturedFrom: `${MOSQUITTO_PUB} -V mqttv5`,
    samples: ['Connection error: Not authorized']
  },
  {
    id: 'mosquitto-pub-v311-refused',
    kind: 'client',
    pattern: /Connection error: Connection Refused: not authori[sz]ed\./,
    meaning: 'mosquitto_pub (MQTT 3.1.1) got CONNACK return code 5, not authorised: the broker refused the token. The CONNACK never says which check failed.',
    causes: NOT_AUTHORISED_CAUSES,
    next: ASK_FOR_BROKER_LINE,
    capturedFrom: `${MOSQUITTO_PUB} -V mqttv311`,
    samples: ['Connection error: Connection Refused: not authorised.']
  },
  {
    id: 'mosquitto-pub-after-refusal',
    kind: 'client',
    pattern: /\bError: (?:A network protocol error occurred when communicating with the broker|The connection was refused)\./,
    meaning: 'mosquitto_pub\u2019s closing line after the broker refused the CONNECT (the line before it has the CONNACK).',
    causes: NOT_AUTHORISED_CAUSES,
    next: `Paste the "Connection error:" line above it too. ${ASK_FOR_BROKER_LINE}`,
    capturedFrom: MOSQUITTO_PUB,
    samples: ['Error: A network protocol error occurred when communicating with the broker.', 'Error: The connection was refused.'],
    subsumedBy: ['mosquitto-pub-v5-refused', 'mosquitto-pub-v311-refused', ...JWT_AUTH_LINES]
  },
  {
    id: 'mqttjs-not-authorized',
    kind: 'client',
    pattern: /ErrorWithReasonCode: Connection refused: Not authori[sz]ed/,
    meaning: 'mqtt.js got CONNACK 135 (MQTT 5) or 5 (MQTT 3.1.1), Not authorized: the broker refused the token. The CONNACK never says which check failed.',
    causes: NOT_AUTHORISED_CAUSES,
    next: ASK_FOR_BROKER_LINE,
    capturedFrom: MQTTJS,
    samples: ['ErrorWithReasonCode: Connection refused: Not authorized']
  },
  {
    id: 'paho-connack-string-5',
    kind: 'client',
    pattern: /Connection Refused: not authori[sz]ed\./,
    meaning: 'paho-mqtt\u2019s text for CONNACK return code 5 (MQTT 3.1.1): the broker refused the token. The CONNACK never says which check failed.',
    causes: NOT_AUTHORISED_CAUSES,
    next: ASK_FOR_BROKER_LINE,
    capturedFrom: `${PAHO16} and ${PAHO21}: connack_string(5)`,
    samples: ['Connection Refused: not authorised.']
  },
  {
    id: 'paho-c-refused',
    kind: 'client',
    pattern: /Connect failed(?:, rc| return code:) Unknown error code (5|135)\b/,
    meaning: 'Paho C\u2019s sample client was refused by the broker. It prints the CONNACK code as an "unknown error code": 5 on MQTT 3.1.1, 135 on MQTT 5, both mean not authorised. The CONNACK never says which check failed.',
    detail: (m) => `Code ${m[1]} is the ${m[1] === '5' ? 'MQTT 3.1.1 return code' : 'MQTT 5 reason code'}.`,
    causes: [...NOT_AUTHORISED_CAUSES, 'PASSWORD_NOT_SENT'],
    next: ASK_FOR_BROKER_LINE,
    capturedFrom: `${PAHO_C}, -V 311 and -V 5`,
    samples: ['Connect failed, rc Unknown error code 5', 'Connect failed, rc Unknown error code 135 reason code SUCCESS', 'Connect failed return code: Unknown error code 135']
  },
  {
    id: 'paho-c-connect-failure',
    kind: 'network',
    pattern: /Connect failed(?:, rc| return code:) Failure\b/,
    meaning: 'Paho C\u2019s sample client could not connect at all, before any CONNACK. It prints only "Failure" for a closed port, an unknown host, plain TCP to the TLS port and a host name the certificate does not list alike.',
    causes: ['PORT_CLOSED', 'TLS_PLAIN_TCP', 'DNS_NOT_FOUND', 'TLS_HOSTNAME', 'TLS_CA_MISSING'],
    next: 'Check the -c URL: ssl:// (not tcp://), the host name in the guide, and the port. An "SSL error:" line above it says more; openssl s_client -connect HOST:PORT -CAfile ca.crt -verify_hostname HOST names the TLS reason.',
    capturedFrom: `${PAHO_C}: closed port, unknown host, tcp:// to the TLS port, a name not in the certificate`,
    samples: ['Connect failed, rc Failure', 'Connect failed return code: Failure', 'Connect failed, rc Failure reason code SUCCESS'],
    subsumedBy: ['openssl-certificate-verify-failed']
  },
  {
    id: 'aiomqtt-refused',
    kind: 'client',
    pattern: /MqttConnectError: \[code:(5|135)\]/,
    meaning: 'aiomqtt was refused by the broker: code 5 (MQTT 3.1.1) or 135 (MQTT 5) means not authorised. The CONNACK never says which check failed.',
    detail: (m) => `Code ${m[1]} is the ${m[1] === '5' ? 'MQTT 3.1.1 return code' : 'MQTT 5 reason code'}.`,
    causes: NOT_AUTHORISED_CAUSES,
    next: ASK_FOR_BROKER_LINE,
    capturedFrom: `${AIOMQTT}, MQTT 3.1.1 and 5`,
    samples: ['asyncio_mqtt.error.MqttConnectError: [code:5] The connection was refused.', 'asyncio_mqtt.error.MqttConnectError: [code:135] Not authorized']
  },
  {
    id: 'mosquitto-pub-tls-error',
    kind: 'tls',
    pattern: /(?:\bError: |Unable to connect \()A TLS error occurred\./,
    meaning: 'mosquitto_pub could not complete the TLS handshake; it does not say why.',
    causes: ['TLS_CA_MISSING', 'TLS_HOSTNAME', 'TLS_OTHER'],
    next: 'Check that --cafile names the broker\u2019s CA file and -h the host name in its certificate; openssl s_client -connect HOST:PORT -CAfile ca.crt shows the exact reason.',
    capturedFrom: `${MOSQUITTO_PUB}, with --capath but not the broker's CA`,
    samples: ['Error: A TLS error occurred.', 'Unable to connect (A TLS error occurred.).']
  },
  {
    id: 'mosquitto-pub-connection-lost',
    kind: 'tls',
    pattern: /\bError: The connection was lost\./,
    meaning: 'mosquitto_pub lost the connection before any CONNACK. Against the TLS port this is what plain TCP (no --cafile, so no TLS) gets.',
    causes: ['TLS_PLAIN_TCP', 'TLS_CA_MISSING'],
    next: 'Run it again with --cafile (the broker\u2019s CA file), which turns TLS on.',
    capturedFrom: `${MOSQUITTO_PUB}, without --cafile against the TLS port`,
    samples: ['Error: The connection was lost.']
  },
  {
    id: 'mosquitto-pub-connection-refused',
    kind: 'network',
    pattern: /(?:^|[\s:])Error: Connection refused\s*$/,
    meaning: 'mosquitto_pub\u2019s TCP connection was refused: nothing listens on that host and port.',
    causes: ['PORT_CLOSED'],
    next: 'Check -h and -p against the guide (8887 production, 8884 local development).',
    capturedFrom: `${MOSQUITTO_PUB}, to a closed port`,
    samples: ['Error: Connection refused']
  },
  {
    id: 'mosquitto-pub-lookup-error',
    kind: 'network',
    pattern: /Unable to connect \(Lookup error\.\)\./,
    meaning: 'mosquitto_pub could not resolve the host name.',
    causes: ['DNS_NOT_FOUND'],
    next: 'Check the -h host name for typos, and the device\u2019s DNS.',
    capturedFrom: `${MOSQUITTO_PUB}, to a name that does not resolve`,
    samples: ['Unable to connect (Lookup error.).']
  },

  // ---- paho-mqtt's own errors ---------------------------------------------------------------
  {
    id: 'paho-unsupported-callback-api',
    kind: 'library',
    pattern: /ValueError: Unsupported callback API version/,
    meaning: 'paho-mqtt 2.0 refuses mqtt.Client() without callback_api_version.',
    causes: ['PAHO_CALLBACK_API'],
    next: 'Check which paho-mqtt runs: python3 -c "import paho.mqtt; print(paho.mqtt.__version__)"',
    capturedFrom: 'paho-mqtt 2.0.0 (message as quoted in broker-rules.md; 2.0.0 is not run here, 2.1 warns instead)',
    samples: ['ValueError: Unsupported callback API version: version 2.0 added a callback_api_version, see docs/migrations.rst for details']
  },
  {
    id: 'paho-callback-api-deprecated',
    kind: 'library',
    pattern: /DeprecationWarning: Callback API version 1 is deprecated/,
    meaning: 'paho-mqtt 2.1 was called without callback_api_version: it falls back to the old VERSION1 callbacks and warns. The connection itself can still work.',
    causes: ['PAHO_CALLBACK_API'],
    next: 'If the program fails too, paste the lines after this warning: this one alone is not an error.',
    capturedFrom: `${PAHO21}, mqtt.Client() without callback_api_version`,
    samples: ['<string>:10: DeprecationWarning: Callback API version 1 is deprecated, update to latest version']
  },
  {
    id: 'paho16-callback-api-argument',
    kind: 'library',
    pattern: /unexpected keyword argument 'callback_api_version'|has no attribute 'CallbackAPIVersion'/,
    meaning: 'paho-mqtt 1.6 runs code written for paho-mqtt 2.x: it has no callback_api_version.',
    causes: ['PAHO_CALLBACK_ON_16'],
    next: 'Check which paho-mqtt runs: python3 -c "import paho.mqtt; print(paho.mqtt.__version__)"',
    capturedFrom: `${PAHO16}, given callback_api_version`,
    samples: [
      "TypeError: Client.__init__() got an unexpected keyword argument 'callback_api_version'",
      "AttributeError: module 'paho.mqtt.client' has no attribute 'CallbackAPIVersion'"
    ]
  },
  {
    id: 'paho-password-too-long',
    kind: 'library',
    pattern: /struct\.error: 'H' format requires 0 <= number <= 65535/,
    meaning: 'paho-mqtt could not pack the password into the CONNECT packet: it is over 65,535 bytes, the MQTT limit.',
    causes: ['PASSWORD_TOO_LONG'],
    next: 'Paste the token (or print its length) to see what makes it so large.',
    capturedFrom: `${PAHO16} and ${PAHO21}, password of 70,000 bytes`,
    samples: ["struct.error: 'H' format requires 0 <= number <= 65535"]
  },

  // ---- TLS ----------------------------------------------------------------------------------
  {
    id: 's-client-hostname',
    kind: 'tls',
    pattern: /verify error:num=62:hostname mismatch|Verify return code: 62 \(hostname mismatch\)/,
    meaning: 'openssl s_client checked the broker\u2019s certificate against the name given with -verify_hostname: it is not issued for that name.',
    causes: ['TLS_HOSTNAME'],
    next: 'Connect with the host name in the guide; the certificate\u2019s names are listed by: openssl s_client -connect HOST:PORT -showcerts | openssl x509 -noout -ext subjectAltName',
    capturedFrom: `${S_CLIENT}, -verify_hostname with a name not in the certificate`,
    samples: ['verify error:num=62:hostname mismatch', 'Verify return code: 62 (hostname mismatch)']
  },
  {
    id: 's-client-untrusted',
    kind: 'tls',
    pattern: /verify error:num=(?:2|19|20|21):|Verify return code: (?:2|19|20|21) \(|Verification error: (?:self-signed certificate|unable to get local issuer certificate)/,
    meaning: 'openssl s_client does not trust the broker\u2019s certificate: the CA that signed it was not given with -CAfile.',
    causes: ['TLS_CA_MISSING'],
    next: 'Run it again with -CAfile and the broker\u2019s CA file: "Verify return code: 0 (ok)" means that CA file is the one to give the client.',
    capturedFrom: `${S_CLIENT}, without the broker's CA`,
    samples: ['verify error:num=19:self-signed certificate in certificate chain', 'Verify return code: 19 (self-signed certificate in certificate chain)', 'Verification error: self-signed certificate in certificate chain']
  },
  {
    id: 's-client-connect-refused',
    kind: 'network',
    pattern: /BIO_connect:Connection refused|connect:errno=111\b/,
    meaning: 'openssl s_client\u2019s TCP connection was refused: nothing listens on that host and port.',
    causes: ['PORT_CLOSED'],
    next: 'Check the host:port given to -connect (8887 production, 8884 local development).',
    capturedFrom: `${S_CLIENT}, to a closed port`,
    samples: ['4087BDC3167F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()', 'connect:errno=111']
  },
  {
    id: 'openssl-certificate-verify-failed',
    kind: 'tls',
    pattern: /error:0A000086:SSL routines:[^\n]{0,80}certificate verify failed/,
    meaning: 'OpenSSL, inside the client, does not trust the broker\u2019s certificate (Paho C prints this as "SSL error:"): the CA file that signed it was not given.',
    causes: ['TLS_CA_MISSING', 'TLS_HOSTNAME'],
    next: 'Give the client the broker\u2019s CA file (paho_c_pub: --cafile), and connect with the host name in the guide.',
    capturedFrom: `${PAHO_C} without --cafile; also ${S_CLIENT} with -verify_return_error`,
    samples: ['SSL error: C0E6DF39E07F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889:'],
    subsumedBy: ['s-client-untrusted', 's-client-hostname']
  },
  {
    id: 'curl-hostname',
    kind: 'tls',
    pattern: /curl: \(60\) SSL: no alternative certificate subject name matches target host name '([^'\n]{0,255})'/,
    meaning: 'curl checked the server\u2019s certificate: it is not issued for the host name in the URL.',
    detail: (m) => `The URL names "${m[1]}".`,
    causes: ['TLS_HOSTNAME'],
    next: 'Check the host in VOKE_API_URL (the API address in the guide), not an IP address or an alias.',
    capturedFrom: `${CURL}, a host name not in the certificate`,
    samples: ["curl: (60) SSL: no alternative certificate subject name matches target host name 'vm'"]
  },
  {
    id: 'curl-http-error',
    kind: 'network',
    pattern: /curl: \(22\) The requested URL returned error: (\d{3})/,
    meaning: 'The token endpoint answered the Option A call with an HTTP error status; with --fail, curl prints this line and exits 22 instead of printing a token.',
    detail: (m) =>
      m[1] === '401'
        ? 'HTTP 401: the request was not signed in. The session cookie is missing, expired or not from a current sign-in.'
        : m[1] === '403' || m[1] === '404'
          ? `HTTP ${m[1]}: the endpoint refused this plant id or path; check VOKE_PLANT_ID.`
          : `HTTP ${m[1]}.`,
    causes: ['TOKEN_API_REFUSED'],
    next: 'Sign in to Voke again, copy the session cookie into VOKE_SESSION_COOKIE, and check VOKE_PLANT_ID.',
    capturedFrom: `${CURL}, against the token-endpoint stub with a cookie it does not accept`,
    samples: ['curl: (22) The requested URL returned error: 401']
  },
  {
    id: 'curl-untrusted',
    kind: 'tls',
    pattern: /curl: \(60\) SSL certificate problem: /,
    meaning: 'curl does not trust the server\u2019s certificate, so the Option A call was not made.',
    causes: ['TLS_CA_MISSING'],
    next: 'Check VOKE_API_URL: it must be the API address in the guide, whose certificate a normal system trust store accepts; a proxy that inspects TLS needs its CA in the device\u2019s store.',
    capturedFrom: `${CURL}, a TLS server signed by a CA curl does not know`,
    samples: ['curl: (60) SSL certificate problem: self-signed certificate in certificate chain']
  },
  {
    id: 'curl-refused',
    kind: 'network',
    pattern: /curl: \(7\) Failed to connect to /,
    meaning: 'curl\u2019s connection to the token endpoint was refused: nothing listens on that host and port.',
    causes: ['PORT_CLOSED'],
    next: 'Check VOKE_API_URL (https and the API host in the guide, no port of the MQTT broker).',
    capturedFrom: `${CURL}, to a closed port`,
    samples: ["curl: (7) Failed to connect to 127.0.0.1 port 19799 after 0 ms: Couldn't connect to server"]
  },
  {
    id: 'curl-dns',
    kind: 'network',
    pattern: /curl: \(6\) Could not resolve host: /,
    meaning: 'curl could not resolve the token endpoint\u2019s host name.',
    causes: ['DNS_NOT_FOUND'],
    next: 'Check the host in VOKE_API_URL character for character, and the device\u2019s DNS.',
    capturedFrom: `${CURL}, to a name that does not resolve`,
    samples: ['curl: (6) Could not resolve host: no-such-host.invalid']
  },
  {
    id: 'python-ssl-hostname',
    kind: 'tls',
    pattern: /CERTIFICATE_VERIFY_FAILED\] certificate verify failed: Hostname mismatch, certificate is not valid for '([^'\n]{0,255})'/,
    meaning: 'Python\u2019s ssl module checked the broker\u2019s certificate: it is not issued for the host name the client used.',
    detail: (m) => `The client connected to "${m[1]}".`,
    causes: ['TLS_HOSTNAME'],
    next: 'Connect with the host name in the guide, not an IP address or an alias.',
    capturedFrom: `${PYTHON}, connecting by a name not in the certificate`,
    samples: ["ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'vm'. (_ssl.c:1006)"]
  },
  {
    id: 'python-ssl-verify-failed',
    kind: 'tls',
    pattern: /CERTIFICATE_VERIFY_FAILED\] certificate verify failed/,
    meaning: 'Python\u2019s ssl module does not trust the broker\u2019s certificate: the CA that signed it is not the one the client was given.',
    causes: ['TLS_CA_MISSING'],
    next: 'Check the ca_certs path given to tls_set(): it must be the broker\u2019s CA file.',
    capturedFrom: `${PYTHON}, tls_set() without the broker's CA`,
    samples: [
      'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)',
      'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)'
    ]
  },
  {
    id: 'node-tls-altname',
    kind: 'tls',
    pattern: /ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match certificate's altnames/,
    meaning: 'Node.js checked the broker\u2019s certificate: it is not issued for the host name the client used.',
    detail: (m) => {
      const names = /Host: ([^\s]{0,255}) is not in the cert's altnames: ([^\n]{0,300})/.exec(m.input)
      return names ? `The client used "${names[1]!.replace(/\.$/, '')}"; the certificate names ${names[2]}.` : ''
    },
    causes: ['TLS_HOSTNAME'],
    next: 'Connect with a name the certificate lists (the guide\u2019s host name), or set servername to it.',
    capturedFrom: `${MQTTJS}, servername not in the certificate`,
    samples: ["Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: mqtt.example.test. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1"]
  },
  {
    id: 'node-tls-untrusted',
    kind: 'tls',
    pattern: /self[- ]signed certificate in certificate chain|unable to get local issuer certificate|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT|unable to verify the first certificate/,
    meaning: 'The client does not trust the broker\u2019s certificate: it was not given the CA file that signed it.',
    causes: ['TLS_CA_MISSING'],
    next: 'Check the ca option (mqtt.js: ca: readFileSync(caFile)) or NODE_EXTRA_CA_CERTS.',
    capturedFrom: `${MQTTJS}, without the broker's CA`,
    samples: ['Error: self-signed certificate in certificate chain', 'Error: unable to get local issuer certificate']
  },

  // ---- Network ------------------------------------------------------------------------------
  {
    id: 'connection-refused',
    kind: 'network',
    pattern: /\bECONNREFUSED\b|ConnectionRefusedError: \[Errno 111\]|\[Errno 111\] Connection refused/,
    meaning: 'The TCP connection was refused: nothing listens on that host and port.',
    causes: ['PORT_CLOSED'],
    next: 'Check the host and port (8887 production, 8884 local development) and that the broker runs.',
    capturedFrom: `${NODE} via mqtt.js; ${PYTHON}`,
    samples: ['Error: connect ECONNREFUSED 127.0.0.1:1', 'ConnectionRefusedError: [Errno 111] Connection refused']
  },
  {
    id: 'dns-not-found',
    kind: 'network',
    pattern: /getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|socket\.gaierror: \[Errno -?\d{1,3}\]|Name or service not known|Temporary failure in name resolution|nodename nor servname provided/,
    meaning: 'The host name could not be resolved to an address.',
    causes: ['DNS_NOT_FOUND'],
    next: 'Check the host name for typos, and the device\u2019s DNS settings.',
    capturedFrom: `${NODE} via mqtt.js; ${PYTHON}`,
    samples: ['Error: getaddrinfo ENOTFOUND no-such-host.invalid', 'socket.gaierror: [Errno -2] Name or service not known']
  },
  {
    id: 'network-timeout',
    kind: 'network',
    pattern: /\bETIMEDOUT\b|TimeoutError: (?:timed out|\[Errno 110\])|\[Errno 110\] Connection timed out|socket\.timeout: timed out/,
    meaning: 'The connection attempt timed out: no answer at all from the host.',
    causes: ['NETWORK_TIMEOUT', 'DNS_NOT_FOUND'],
    next: 'Check that the plant network allows outgoing TCP to the broker\u2019s port (a firewall that drops packets looks like this).',
    capturedFrom: 'Node.js 20 and Python 3.11 message formats (not provoked in CI: the test machine has no address that drops packets)',
    samples: ['Error: connect ETIMEDOUT 203.0.113.7:8887', 'TimeoutError: timed out']
  },

  // ---- Signing libraries and key tools ------------------------------------------------------
  {
    id: 'pyjwt-public-key-to-sign',
    kind: 'library',
    pattern: /AttributeError: '[^'\n]{0,100}RSA[^'\n]{0,40}' object has no attribute 'sign'/,
    meaning: 'PyJWT was given an RSA public key to sign with: jwt.encode needs the private key.',
    causes: ['SIGNING_WITH_PUBLIC_KEY'],
    next: 'Check which file the program reads as its signing key: it must be jwt-private.pem.',
    capturedFrom: `${PYJWT}, jwt.encode(…, public key PEM, algorithm="RS256")`,
    samples: [
      "AttributeError: '_RSAPublicKey' object has no attribute 'sign'",
      "AttributeError: 'cryptography.hazmat.bindings._rust.openssl.rsa.RSA' object has no attribute 'sign'"
    ]
  },
  {
    id: 'cryptography-not-private-pem',
    kind: 'library',
    pattern: /Valid PEM but no BEGIN\/END delimiters for a private key found/,
    meaning: 'cryptography was asked for a private key but the PEM holds another kind (usually the public key).',
    causes: ['SIGNING_WITH_PUBLIC_KEY', 'KEY_NOT_LOADABLE'],
    next: 'Paste the first line of the file (-----BEGIN …-----) or give the file to the key doctor.',
    capturedFrom: 'cryptography 50.0.2 (pip), load_pem_private_key on a public key',
    samples: ['ValueError: Valid PEM but no BEGIN/END delimiters for a private key found. Are you sure this is a private key?']
  },
  {
    id: 'key-encrypted-no-password',
    kind: 'library',
    pattern: /Password was not given but private key is encrypted/,
    meaning: 'The private key is encrypted with a passphrase and the loader got none.',
    causes: ['KEY_ENCRYPTED'],
    next: 'Decrypt a copy for the device, or pass the passphrase to the loader.',
    capturedFrom: 'cryptography 38.0.4 (Debian) and 50.0.2 (pip), load_pem_private_key on an encrypted key',
    samples: ['TypeError: Password was not given but private key is encrypted']
  },
  {
    id: 'pyjwt-not-rsa',
    kind: 'library',
    pattern: /Invalid Key type for RSAAlgorithm|_EllipticCurvePrivateKey\.sign\(\) takes/,
    meaning: 'PyJWT was given a key that is not RSA (EC, Ed25519 …) to sign RS256.',
    causes: ['KEY_NOT_RSA'],
    next: 'Give the key file to the key doctor to see what it is.',
    capturedFrom: PYJWT,
    samples: [
      'jwt.exceptions.InvalidKeyError: Expected one of <generator object Algorithm.check_crypto_key_type.<locals>.<genexpr> at 0x7fa5077edf20>, got: ECPrivateKey. Invalid Key type for RSAAlgorithm',
      'TypeError: _EllipticCurvePrivateKey.sign() takes 3 positional arguments but 4 were given'
    ]
  },
  {
    id: 'pyjwt-key-unparsable',
    kind: 'library',
    pattern: /InvalidKeyError: Could not parse the provided public key|Could not deserialize key data/,
    meaning: 'PyJWT (through cryptography) could not read the key it was given: not a PEM key, DER bytes, or a damaged file.',
    causes: ['KEY_NOT_LOADABLE', 'SIGNING_WITH_PUBLIC_KEY'],
    next: 'Give the key file to the key doctor: it says what it is and how to convert it.',
    capturedFrom: PYJWT,
    samples: [
      'jwt.exceptions.InvalidKeyError: Could not parse the provided public key.',
      "ValueError: ('Could not deserialize key data. The data may be in an incorrect format, it may be encrypted with an unsupported algorithm, or it may be an unsupported key type (e.g. EC curves with explicit parameters).', [_OpenSSLErrorWithText(code=75497580, lib=9, reason=108, reason_text=b'error:0480006C:PEM routines::no start line')])"
    ]
  },
  {
    id: 'jose-not-pkcs8',
    kind: 'library',
    pattern: /"(pkcs8|spki)" must be (?:PKCS#8|SPKI) formatted string/,
    meaning: 'jose\u2019s importPKCS8 / importSPKI takes exactly one PEM form and was given another: a PKCS#1 key (BEGIN RSA PRIVATE KEY / BEGIN RSA PUBLIC KEY), the other half of the pair, or an encrypted key.',
    detail: (m) => (m[1] === 'pkcs8' ? 'importPKCS8 needs "-----BEGIN PRIVATE KEY-----" (unencrypted PKCS#8).' : 'importSPKI needs "-----BEGIN PUBLIC KEY-----" (SPKI).'),
    causes: ['KEY_NOT_LOADABLE', 'SIGNING_WITH_PUBLIC_KEY', 'KEY_ENCRYPTED'],
    next: 'Give the key file to the key doctor: it says what the file is and gives the openssl command that makes PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in key.pem).',
    capturedFrom: `${JOSE}: importPKCS8 on a PKCS#1, a public and an encrypted key; importSPKI on a PKCS#1 public key`,
    samples: ['TypeError: "pkcs8" must be PKCS#8 formatted string', 'TypeError: "spki" must be SPKI formatted string']
  },
  {
    id: 'jose-public-key-to-sign',
    kind: 'library',
    pattern: /CryptoKey instances must be of type "private" for the RS256 algorithm/,
    meaning: 'jose was given the public key to sign with: SignJWT needs the private key.',
    causes: ['SIGNING_WITH_PUBLIC_KEY'],
    next: 'Check which file the program imports for signing: it must be the private key (importPKCS8 of jwt-private.pem in PKCS#8).',
    capturedFrom: `${JOSE}: SignJWT.sign with an importSPKI key`,
    samples: ['TypeError: CryptoKey instances must be of type "private" for the RS256 algorithm']
  },
  {
    id: 'jose-not-rsa',
    kind: 'library',
    pattern: /(?:^\s{0,8}|DOMException \[)DataError\]?: Invalid key type\b/,
    meaning: 'jose (through WebCrypto) could not import the key for RS256: it is not an RSA key (EC, Ed25519 …).',
    causes: ['KEY_NOT_RSA'],
    next: 'Give the key file to the key doctor to see what it is.',
    capturedFrom: `${JOSE}: importPKCS8(EC P-256 key, "RS256")`,
    samples: ['DOMException [DataError]: Invalid key type', 'DataError: Invalid key type']
  },
  {
    id: 'node-crypto-decoder-unsupported',
    kind: 'library',
    pattern: /error:1E08010C:DECODER routines::unsupported|ERR_OSSL_UNSUPPORTED/,
    meaning: 'node:crypto (OpenSSL 3) could not read the key in the form the call expects: createPrivateKey or sign() was given a public key, DER bytes without format: "der", or text that is no key.',
    causes: ['SIGNING_WITH_PUBLIC_KEY', 'KEY_NOT_LOADABLE'],
    next: 'Give the key file to the key doctor; sign with jwt-private.pem (readFileSync(path, "utf8")), and pass { format: "der", type: "pkcs1" } for DER bytes.',
    capturedFrom: `${NODE_CRYPTO}: createPrivateKey and createSign().sign on a public key, on DER bytes, on text that is no key`,
    samples: ['Error: error:1E08010C:DECODER routines::unsupported', "  code: 'ERR_OSSL_UNSUPPORTED'"]
  },
  {
    id: 'node-crypto-encrypted',
    kind: 'library',
    pattern: /error:07880109:common libcrypto routines::interrupted or cancelled|ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED/,
    meaning: 'node:crypto was given an encrypted private key without its passphrase (OpenSSL 3 reports the cancelled passphrase prompt).',
    causes: ['KEY_ENCRYPTED'],
    next: 'Decrypt a copy for the device, or pass { key, passphrase } to createPrivateKey / sign.',
    capturedFrom: `${NODE_CRYPTO}: createPrivateKey and createSign().sign on an encrypted PKCS#8 key`,
    samples: ['Error: error:07880109:common libcrypto routines::interrupted or cancelled', "  code: 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED'"]
  },
  {
    id: 'openssl-pkcs12-rc2',
    kind: 'library',
    pattern: /inner_evp_generic_fetch:unsupported[^\n]{0,200}RC2-40-CBC|Algorithm \(RC2-40-CBC/,
    meaning: 'OpenSSL 3 could not open a PKCS#12 bundle encrypted with RC2: that cipher is only in its legacy provider.',
    causes: ['PKCS12_LEGACY'],
    next: 'Run the same openssl pkcs12 command with -legacy.',
    capturedFrom: `${OPENSSL}: openssl pkcs12 -in (bundle from -export -legacy)`,
    samples: [
      '803BA98DBB7F0000:error:0308010C:digital envelope routines:inner_evp_generic_fetch:unsupported:../crypto/evp/evp_fetch.c:386:Global default library context, Algorithm (RC2-40-CBC : 0), Properties ()'
    ]
  },
  {
    id: 'openssl-could-not-read-key',
    kind: 'library',
    pattern: /Could not read (?:private |public )?key from|unable to load (?:Private|Public) Key/,
    meaning: 'openssl could not read the key file in the form the command expects (PEM vs DER, public vs private).',
    causes: ['KEY_NOT_LOADABLE', 'SIGNING_WITH_PUBLIC_KEY'],
    next: 'Give the file to the key doctor: it says what the file is and gives the matching openssl command.',
    capturedFrom: `${OPENSSL} ("Could not read …"); OpenSSL 1.1 said "unable to load Private Key"`,
    samples: ['Could not read private key from rsa2048.pkcs1-public.der', 'Could not read key from rsa2048.spki.pem', 'unable to load Private Key']
  },
  {
    id: 'openssl-pkcs12-mac',
    kind: 'library',
    pattern: /Mac verify error: invalid password\?/,
    meaning: 'openssl could not open the PKCS#12 bundle: the password is wrong (or the file is damaged).',
    causes: ['KEY_NOT_LOADABLE'],
    next: 'Ask whoever exported the bundle for its password; the site never needs it.',
    capturedFrom: `${OPENSSL}: openssl pkcs12 -in with a wrong -passin`,
    samples: ['Mac verify error: invalid password?']
  }
]

const BY_ID = new Map(RECOGNISERS.map((r) => [r.id, r]))

export function recogniserById(id: string): Recogniser | undefined {
  return BY_ID.get(id)
}

/** The first recogniser whose pattern matches the line, with the match. */
export function recogniseLine(line: string): { recogniser: Recogniser; match: RegExpExecArray } | null {
  for (const recogniser of RECOGNISERS) {
    const match = recogniser.pattern.exec(line)
    if (match) return { recogniser, match }
  }
  return null
}
