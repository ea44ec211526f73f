// Every cause the explainer can name: one sentence, the fix, and the guide section that explains
// it (a path with a heading id; tests check each id is a heading of that page). Recognisers and
// the token and key branches refer to causes by code only, so wording lives in one place.

export interface Cause {
  title: string
  fix: string
  /** Site path with anchor, e.g. "/troubleshooting#token-expired". */
  section: string
}

const T = '/troubleshooting#'

export const CAUSES = {
  KEY_FILE_FORMAT: {
    title: "The broker's key file is not PKCS#1 DER (SPKI DER, PEM, a private key or a certificate was enrolled).",
    fix: 'On Voke\u2019s listener the key file is the operator\u2019s: tell Voke that every token is refused, and ask Voke\u2019s listener operator to check that the broker loads jwt-public.der as PKCS#1 DER (and for its SHA-256). On a local broker, the key doctor converts any other form; stop and start the broker after replacing the file.',
    section: `${T}key-file-in-spki-format`
  },
  KEY_PAIR_MISMATCH: {
    title: 'The token was signed by a private key whose public key is not the enrolled one (or the token was changed after signing).',
    fix: 'Check the signing key against the enrolled jwt-public.der (key doctor, "belong together", or its SHA-256). With Option B, sign with the listener\u2019s own private key, the one Voke\u2019s operator gives you: a key pair of your own is never the enrolled one. With Option A, tell Voke, with the time of the refusal.',
    section: `${T}key-pair-does-not-match`
  },
  KEY_NOT_RELOADED: {
    title: 'The key file was replaced, but the broker still holds the old key: it reads the file only when it starts.',
    fix: 'Ask Voke\u2019s listener operator to start the broker again after installing the new jwt-public.der (it reads the key only when it starts). A local broker: stop it and start it again.',
    section: `${T}key-file-replaced-broker-not-restarted`
  },
  KEY_TOO_SMALL: {
    title: 'The enrolled key is under 2048 bits (or has an unusual public exponent), so no signature verifies.',
    fix: 'The listener needs a key pair of 2048 bits or more, which only its operator makes and enrols: ask Voke\u2019s listener operator. On a local broker, make a 2048-bit pair and load its jwt-public.der.',
    section: `${T}key-too-small`
  },
  TOKEN_NOT_BARE: {
    title: 'The password is not the bare token: a "Bearer " prefix, a leading space, or whitespace was sent with it.',
    fix: 'Send exactly the three dot-separated parts, nothing before or after.',
    section: `${T}password-is-not-a-bare-token`
  },
  TOKEN_BASE64: {
    title: 'The token is not plain base64url: "=" padding, "+" or "/", or a trailing newline.',
    fix: 'Encode each part as base64url without padding (use a JWT library), and strip the newline when reading the token from a file.',
    section: `${T}password-is-not-a-bare-token`
  },
  TOKEN_PARTS: {
    title: 'The password is not a JWT with three parts (header.payload.signature): truncated, doubled or something else.',
    fix: 'Copy the complete token, or check that the device sends the JWT and not another secret.',
    section: `${T}password-is-not-a-bare-token`
  },
  PASSWORD_NOT_SENT: {
    title: 'The client sent no password (or an empty one): the token never reached the broker.',
    fix: 'Set the token as the MQTT password (paho: username_pw_set(plant_id, token); mosquitto_pub: "-P <token>" in a private options file, as examples/cli/mosquitto-pub.sh does, never -P on the command line, where ps shows it).',
    section: `${T}password-is-not-a-bare-token`
  },
  USERNAME_NOT_SET: {
    title: 'The client sent no username (or an empty one); the broker needs the plant id there.',
    fix: 'Set the MQTT username to the plant id, exactly as the token\u2019s sub.',
    section: `${T}username-does-not-match-sub`
  },
  WRONG_ALGORITHM: {
    title: 'The token is not an RS256 token: signed with HS256, ES256, RS384, PS256 …, or its header says another alg (also "rs256" in lower case).',
    fix: 'Sign with RS256 (PyJWT: algorithm="RS256") and the listener\u2019s RSA private key, the one whose public half the broker loads.',
    section: `${T}wrong-algorithm`
  },
  HEADER_MALFORMED: {
    title: 'The token header is not what the broker reads: no "alg", not JSON, or a member written twice.',
    fix: 'Let a JWT library write the header ({"alg": "RS256", "typ": "JWT"}) instead of building it by hand.',
    section: '/tokens#header'
  },
  HEADER_MEMBER_TYPE: {
    title: 'A registered header member has the wrong JSON type: typ, cty, kid, jku, x5u or x5t not a string, x5c or crit not an array of strings, or jwk not a JSON Web Key object.',
    fix: 'Give each header member its registered type, or leave it out: a JWT library writes the header ({"alg": "RS256", "typ": "JWT"}) correctly.',
    section: '/tokens#header'
  },
  CLAIM_TYPE: {
    title: 'A claim the broker types has the wrong JSON type: iss or jti not a string, aud neither a string nor an array of strings, or publ or subs not an array of strings.',
    fix: 'Write iss and jti as strings, aud as a string or an array of strings, publ and subs as arrays of topic filters, or leave them out.',
    section: '/tokens#claims-the-broker-checks'
  },
  TOPIC_FILTER_INVALID: {
    title: 'A topic filter in the publ or subs claim is not a valid MQTT filter: "#" not as the last level, or "+" or "#" mixed with other characters in a level.',
    fix: 'Write "+" and "#" only as whole levels, and "#" only last, e.g. "cpi/<plant id>/#".',
    section: '/access-control#the-publ-and-subs-claims'
  },
  PAYLOAD_NOT_JSON: {
    title: 'The token header or payload is not valid JSON (a trailing comma, a missing quote, colon or comma, a bad escape, a number out of range …).',
    fix: 'Build the header and claims as objects and let a JWT library serialise them, instead of writing the JSON by hand.',
    section: '/tokens#claims-the-broker-checks'
  },
  SUB_MISMATCH: {
    title: 'The MQTT username is not exactly the token\u2019s sub (case and spaces count).',
    fix: 'Use the plant id from sub, character for character, as the username.',
    section: `${T}username-does-not-match-sub`
  },
  SUB_MISSING: {
    title: 'The token has no sub claim (or "sub": null).',
    fix: 'Add "sub": "<plant id>" to the claims.',
    section: `${T}username-does-not-match-sub`
  },
  SUB_NOT_STRING: {
    title: 'The sub claim is not a string (for example a number).',
    fix: 'Write the plant id as a JSON string.',
    section: `${T}username-does-not-match-sub`
  },
  TOKEN_EXPIRED: {
    title: 'The token has expired: exp is in the past (no leeway).',
    fix: 'Issue a fresh token, and refresh tokens before they expire.',
    section: `${T}token-expired`
  },
  CLOCK_AHEAD: {
    title: 'iat or nbf is in the broker\u2019s future: the device clock runs ahead (no leeway, one second is enough).',
    fix: 'Synchronise the device clock (NTP), and set iat one minute in the past (now \u2212 60), as the examples do: a clock up to 60 s fast is then still accepted.',
    section: `${T}device-clock-ahead`
  },
  TIME_NOT_INTEGER: {
    title: 'exp, iat or nbf is not a plain integer (a float such as Date.now() / 1000, a string, 2e9 or 2000000000.0).',
    fix: 'Write whole seconds: int(time.time()) in Python, Math.floor(Date.now() / 1000) in JavaScript.',
    section: `${T}time-claims-that-are-not-integers`
  },
  DUPLICATE_CLAIM: {
    title: 'A claim (or header member) appears twice in the JSON.',
    fix: 'Build the claims as an object and let the JWT library serialise it.',
    section: `${T}duplicate-claims`
  },
  PAYLOAD_NOT_OBJECT: {
    title: 'The token payload is not a JSON object of claims.',
    fix: 'Sign a claims object such as {"sub": "<plant id>", "iat": …, "exp": …}.',
    section: '/tokens#claims-the-broker-checks'
  },
  BROKER_CRASH_DATE: {
    title: 'A token with exp, iat or nbf far beyond any real date (above about 8.2·10^12 s) crashed the whole broker (plugin panic).',
    fix: 'Write NumericDates in whole seconds (10 digits today), within a lifetime of hours, and check a device\u2019s first token before it connects. Tell Voke\u2019s listener operator: the broker must be started again, and its log shows which device connected last.',
    section: `${T}broker-stops-on-dates-beyond-its-range`
  },
  BROKER_CRASH_UTF8: {
    title: 'A password that is not valid UTF-8 crashed the whole broker (plugin panic).',
    fix: 'Send the token as plain ASCII text. Tell Voke\u2019s listener operator: the broker must be started again, and its log shows which device sent binary data.',
    section: `${T}broker-stops-on-a-non-utf-8-password`
  },
  KEY_FILE_MISSING: {
    title: 'The broker could not open its key file (plugin_opt_jwt_sec_file) when it started, so it exited: the JWT listener is not running.',
    fix: 'On Voke\u2019s listener this is the operator\u2019s to fix: tell Voke\u2019s listener operator that the broker cannot open its key file. A local broker: check the key file\u2019s path and that it exists, then start the broker again.',
    section: `${T}broker-does-not-start-key-file-missing`
  },
  TLS_CA_MISSING: {
    title: 'The client does not trust the broker\u2019s certificate: it was not given the CA file that signed it.',
    fix: 'Give the client the broker\u2019s CA certificate (paho: tls_set(ca_certs=…); mosquitto_pub: --cafile; mqtt.js: ca).',
    section: `${T}tls-certificate-not-trusted`
  },
  TLS_HOSTNAME: {
    title: 'The host name the client connects to is not a name in the broker\u2019s certificate.',
    fix: 'Connect with the host name the certificate is issued for (the one in the guide), not an IP address or an alias.',
    section: `${T}host-name-does-not-match-the-certificate`
  },
  TLS_PLAIN_TCP: {
    title: 'The client spoke plain MQTT to the TLS port: the broker dropped the connection.',
    fix: 'Turn TLS on in the client (paho: tls_set(); mosquitto_pub: --cafile; mqtt.js: protocol "mqtts").',
    section: `${T}tls-certificate-not-trusted`
  },
  TLS_OTHER: {
    title: 'The TLS handshake failed, for a reason the client does not say.',
    fix: 'Run the client again with more output (mosquitto_pub -d), or check with: openssl s_client -connect HOST:PORT -CAfile ca.crt',
    section: `${T}tls-certificate-not-trusted`
  },
  PORT_CLOSED: {
    title: 'Nothing accepts connections on that host and port: a wrong port, the broker not running, or a firewall rejecting it.',
    fix: 'Check the host and port (8887 production, 8884 local development) and that the broker runs.',
    section: `${T}connection-refused-timed-out-or-host-not-found`
  },
  NETWORK_TIMEOUT: {
    title: 'No answer from the host within the timeout: a firewall dropping packets, or no route to the host.',
    fix: 'Check the host name, and that the plant network allows outgoing TCP to the broker\u2019s port.',
    section: `${T}connection-refused-timed-out-or-host-not-found`
  },
  DNS_NOT_FOUND: {
    title: 'The host name does not resolve: a typo, or no DNS on the device\u2019s network.',
    fix: 'Check the host name character for character, and the device\u2019s DNS settings.',
    section: `${T}connection-refused-timed-out-or-host-not-found`
  },
  PAHO_CALLBACK_API: {
    title: 'paho-mqtt 2.x changed mqtt.Client(): it wants callback_api_version (2.0 raises without it, 2.1 warns and uses VERSION1).',
    fix: 'Pass callback_api_version=mqtt.CallbackAPIVersion.VERSION2 (only when mqtt has CallbackAPIVersion, so paho 1.6 still works) and use the VERSION2 callback signatures.',
    section: `${T}paho-mqtt-2-and-the-callback-api-version`
  },
  PAHO_CALLBACK_ON_16: {
    title: 'The program passes callback_api_version, which paho-mqtt 1.6 (Debian bookworm) does not know.',
    fix: 'Pass it only when hasattr(mqtt, "CallbackAPIVersion"), or install paho-mqtt 2.x.',
    section: `${T}paho-mqtt-2-and-the-callback-api-version`
  },
  PASSWORD_TOO_LONG: {
    title: 'The token is longer than 65,535 bytes, the most an MQTT password can hold: the client cannot even send it.',
    fix: 'Keep the token small: only the claims the broker needs (sub, iat, exp), no large custom claims.',
    section: `${T}token-longer-than-65535-bytes`
  },
  SIGNING_WITH_PUBLIC_KEY: {
    title: 'The signing code was given the public key; tokens are signed with the private key (jwt-private.pem).',
    fix: 'Load jwt-private.pem (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY) to sign; the public key only goes to the broker.',
    section: `${T}the-signing-library-cannot-load-the-key`
  },
  KEY_NOT_LOADABLE: {
    title: 'The library could not read the key file: wrong format for that call (DER where PEM is expected, a public key where a private one is needed), damaged, or encrypted.',
    fix: 'Give the key doctor the file: it says what it is and gives the command that converts it.',
    section: `${T}the-signing-library-cannot-load-the-key`
  },
  KEY_ENCRYPTED: {
    title: 'The private key is protected by a passphrase, and none was given.',
    fix: 'Decrypt a copy for the device (openssl pkcs8 -in key.pem -out jwt-private.pem -traditional), or pass the passphrase to the loader.',
    section: `${T}the-signing-library-cannot-load-the-key`
  },
  KEY_NOT_RSA: {
    title: 'The signing key is not an RSA key (EC, Ed25519 …); RS256 needs RSA.',
    fix: 'Sign with the listener\u2019s RSA private key (Option B): check the file you hold on the Keys page.',
    section: '/keys#check-a-key-file'
  },
  PKCS12_LEGACY: {
    title: 'The PKCS#12 bundle is encrypted with RC2 (OpenSSL before 3.0, old Windows); OpenSSL 3 only opens it with -legacy.',
    fix: 'Add -legacy: openssl pkcs12 -legacy -in bundle.p12 -nocerts -nodes -out key.pem',
    section: '/keys#convert-a-key-you-already-have'
  },
  TOKEN_API_REFUSED: {
    title: 'Voke\u2019s token endpoint refused the Option A request: the session cookie is missing, expired or not from a current sign-in, or the plant id is wrong, or the plant\u2019s authMethod is not TOKEN (Option A needs it).',
    fix: 'Sign in again and copy the session cookie into VOKE_SESSION_COOKIE; check VOKE_PLANT_ID and that the plant\u2019s authMethod is TOKEN.',
    section: '/tokens#option-a-let-voke-issue-the-token'
  },
  ACL_DENIED: {
    title: 'The topic is outside the plant\u2019s ACL (MQTT 5 acknowledges a forbidden QoS 1 publish with 135).',
    fix: 'Publish to cpi/<plant id>/telemetry, status or ack, and subscribe to cpi/<plant id>/commands.',
    section: `${T}publishes-vanish-or-subscriptions-stay-silent`
  },
  NOT_THE_JWT_LISTENER: {
    title: 'This answer is not one Voke\u2019s JWT listener gives for a token: every token problem is 5 (MQTT 3.1.1) or 135 (MQTT 5). The client may be talking to another listener or broker.',
    fix: 'Check the host and port of the JWT listener (8887 production, 8884 local development).',
    section: `${T}read-the-connack-code-first`
  }
} as const satisfies Record<string, Cause>

export type CauseCode = keyof typeof CAUSES

/** The causes of a refusal the client only sees as "not authorised", most likely first. */
export const NOT_AUTHORISED_CAUSES: readonly CauseCode[] = [
  'TOKEN_EXPIRED',
  'KEY_FILE_FORMAT',
  'KEY_PAIR_MISMATCH',
  'SUB_MISMATCH',
  'CLOCK_AHEAD',
  'TOKEN_NOT_BARE',
  'TOKEN_BASE64',
  'WRONG_ALGORITHM',
  'TIME_NOT_INTEGER',
  'KEY_NOT_RELOADED'
]

/** What to paste next when only the client's "not authorised" is known. */
export const ASK_FOR_BROKER_LINE =
  'The client only says "not authorised", whatever the cause. Ask the broker\u2019s operator for the jwt-auth: line the broker logged at that time (it names the failing check), or paste the token itself (and jwt-public.der) here.'
