// The site-search table (issue 25): real error strings a reader pastes into the search box, whole or
// in part, with the section that should come up in the top three results. The browser test
// (tests/e2e/search-errors.spec.ts) searches for each; the examples test
// (tests/examples/explain-capture.test.ts) checks that each is what a tool printed in that run, so
// no row is a message typed from memory. The section is chosen by hand, not computed from the index.

const T = '/troubleshooting#'
const CONNACK = `${T}read-the-connack-code-first`
const LOAD_KEY = `${T}the-signing-library-cannot-load-the-key`
const TLS_CA = `${T}tls-certificate-not-trusted`
const TLS_NAME = `${T}host-name-does-not-match-the-certificate`
const NETWORK = `${T}connection-refused-timed-out-or-host-not-found`
const BARE_TOKEN = `${T}password-is-not-a-bare-token`

/**
 * [what the reader pastes, the section that explains it, the tool that printed it]. Numbers and
 * names in quotes are the reader's own (another plant id, host, port or time): the capture check
 * compares the rest. A tool ending in "(real plugin only)" is captured when ../shared/oracle is there.
 */
export const SEARCH_ERROR_TABLE: readonly (readonly [string, string, string])[] = [
  ['Connection Refused: not authorised.', CONNACK, 'paho-mqtt 1.6 connack_string(5); mosquitto_pub -V mqttv311'],
  ['Client <unknown> disconnected, not authorised.', CONNACK, 'Mosquitto 2.0.11 log'],
  ['Connection error: Not authorized', CONNACK, 'mosquitto_pub -V mqttv5'],
  ['ErrorWithReasonCode: Connection refused: Not authorized', CONNACK, 'mqtt.js 5'],
  ['Connect failed, rc Unknown error code 5', CONNACK, 'paho_c_pub -V 311'],
  ['Connect failed return code: Unknown error code 135', CONNACK, 'paho_cs_pub -V 5'],
  ['asyncio_mqtt.error.MqttConnectError: [code:135] Not authorized', CONNACK, 'aiomqtt 0.16.1'],
  ['jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 3605, nanos: 123456789 }))', `${T}token-expired`, 'mosquitto-jwt-auth 0.4.0'],
  ['jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: 148, nanos: 61414895 }))', `${T}token-expired`, 'mosquitto-jwt-auth 0.4.0 (other numbers)'],
  ['ValidationError(NotYetValid', `${T}device-clock-ahead`, 'mosquitto-jwt-auth 0.4.0 (part)'],
  ['jwt-auth: error decoding jwt: ValidationError(InvalidSignature)', `${T}key-pair-does-not-match`, 'mosquitto-jwt-auth 0.4.0'],
  ["jwt-auth: claim 'sub': 'Plant-1' doesn't match username: 'plant-1'", `${T}username-does-not-match-sub`, 'mosquitto-jwt-auth 0.4.0'],
  ["doesn't match username", `${T}username-does-not-match-sub`, 'mosquitto-jwt-auth 0.4.0 (part)'],
  ['jwt-auth: token not given', BARE_TOKEN, 'mosquitto-jwt-auth 0.4.0'],
  ['DecodeBase64(DecodeError { position: 342, kind: Symbol })', BARE_TOKEN, 'mosquitto-jwt-auth 0.4.0 (part)'],
  ["jwt-auth: couldn't open secret file", `${T}broker-does-not-start-key-file-missing`, 'mosquitto-jwt-auth 0.4.0 (real plugin only)'],
  ['invalid or out-of-range datetime', `${T}broker-stops-on-dates-beyond-its-range`, 'mosquitto-jwt-auth 0.4.0 panic'],
  ['jwt.exceptions.InvalidKeyError: Could not parse the provided public key.', LOAD_KEY, 'PyJWT 2.6.0'],
  ['Could not parse the provided public key', LOAD_KEY, 'PyJWT 2.6.0 (part)'],
  ['TypeError: "pkcs8" must be PKCS#8 formatted string', LOAD_KEY, 'jose 6.2.18'],
  ['CryptoKey instances must be of type "private" for the RS256 algorithm', LOAD_KEY, 'jose 6.2.18 (part)'],
  ['Error: error:1E08010C:DECODER routines::unsupported', LOAD_KEY, 'node:crypto, Node.js 20'],
  ['Mac verify error: invalid password?', LOAD_KEY, 'openssl pkcs12 3.0'],
  ["struct.error: 'H' format requires 0 <= number <= 65535", `${T}token-longer-than-65535-bytes`, 'paho-mqtt 1.6.1 and 2.1.0'],
  ['DeprecationWarning: Callback API version 1 is deprecated, update to latest version', `${T}paho-mqtt-2-and-the-callback-api-version`, 'paho-mqtt 2.1.0'],
  ['ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)', TLS_CA, 'Python 3.11 ssl'],
  ['Verify return code: 19 (self-signed certificate in certificate chain)', TLS_CA, 'openssl s_client 3.0'],
  ['SSL error: C0E6DF39E07F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889:', TLS_CA, 'paho_c_pub without --cafile'],
  ['Error: The connection was lost.', TLS_CA, 'mosquitto_pub without --cafile'],
  ["certificate verify failed: Hostname mismatch, certificate is not valid for 'vm'", TLS_NAME, 'Python 3.11 ssl, aiomqtt 0.16.1'],
  ['verify error:num=62:hostname mismatch', TLS_NAME, 'openssl s_client 3.0'],
  ['Error: connect ECONNREFUSED 127.0.0.1:1', NETWORK, 'mqtt.js 5 on Node.js 20'],
  ['curl: (6) Could not resolve host: no-such-host.invalid', NETWORK, 'curl 7.88.1'],
  ['curl: (22) The requested URL returned error: 401', '/tokens#option-a-let-voke-issue-the-token', 'curl 7.88.1, fetch-token.sh']
]
