// Voke JWT example for an embedded Linux device in C: connects to Voke's JWT listener over TLS
// with an RS256 token as the MQTT password, publishes telemetry, prints commands, and signs a
// fresh token (and reconnects with it) before the current one expires.
//
// Needs libmosquitto (MQTT 5 and TLS), OpenSSL 3 (RS256 signing) and cJSON (the token's JSON):
//   sudo apt install build-essential libmosquitto-dev libssl-dev libcjson-dev   # Debian/Ubuntu
//   make            # builds ./voke_connect
// Run it (every setting is a flag, else an environment variable, else the guide's default;
// see --help). Option B, the device signs its own tokens with the private key:
//   ./voke_connect --plant-id <plant UUID> --private-key /etc/voke/jwt-private.pem
// Option A, a token Voke's API issued (get one with examples/token-api/fetch-token.sh; it cannot
// be renewed by this program):
//   VOKE_TOKEN='eyJ...' ./voke_connect --plant-id <plant UUID>
// Against a local broker: --host 127.0.0.1 --port 8884 --ca-file <its CA certificate>.
//
// It prints one line per event: connected, published <topic> <json> (once the broker acknowledged
// it), command <topic> <payload>, token refreshed, expires <ISO time>, reconnecting <why>.
// Exit codes: 0 after --messages N were acknowledged (or Ctrl-C); 1 an unexpected failure;
// 2 configuration (printed as "error: ..."); 3 the broker refused the connection
// ("refused: CONNACK <code> ..."); 4 a --token/VOKE_TOKEN expired and a reconnect needs a new one.
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

enum { EXIT_CONFIG = 2, EXIT_REFUSED = 3, EXIT_TOKEN_EXPIRED = 4 };
enum { MAX_PLANT_ID = 256, TOPIC_SIZE = MAX_PLANT_ID + 32 };  // plant ids are UUIDs (36 characters)

/** One "error: ..." message, kept until main prints it. */
static char error_text[1024];

static int fail(int code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(error_text, sizeof error_text, format, args);
  va_end(args);
  return code;
}

static double now_seconds(void) {  // wall clock: token times are Unix seconds
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double monotonic_seconds(void) {  // deadlines: immune to clock changes
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/** A Unix time as UTC ISO 8601 with milliseconds, like JavaScript's toISOString(). */
static const char *iso(double timestamp, char out[32]) {
  time_t seconds = (time_t)floor(timestamp);
  struct tm utc;
  gmtime_r(&seconds, &utc);
  size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &utc);
  snprintf(out + n, 32 - n, ".%03dZ", (int)((timestamp - floor(timestamp)) * 1000));
  return out;
}

// #region config
struct config {
  const char *host, *plant_id, *ca_file, *private_key, *token, *session_cookie;
  int port, protocol;  // protocol: MQTT_PROTOCOL_V5 or MQTT_PROTOCOL_V311
  long token_lifetime, refresh_before;
  long long messages;  // 0 = run forever
  double interval;     // seconds between readings
};

static const char *setting(const char *variable, const char *fallback) {
  const char *value = getenv(variable);
  return value ? value : fallback;
}

/** A number setting within [low, high]; returns 0, or EXIT_CONFIG with the reason. */
static int number(const char *name, const char *raw, double low, double high, bool whole, double *out) {
  char *end;
  errno = 0;
  double value = strtod(raw, &end);
  if (end == raw || *end || errno || !(value >= low && value <= high) || (whole && value != floor(value)))
    return fail(EXIT_CONFIG, "%s must be %s from %.16g to %.16g, not \"%s\".", name, whole ? "a whole number" : "a number", low, high, raw);
  *out = value;
  return 0;
}

/** Every setting: the flag, else the environment variable, else the guide's default. */
static int load_config(int argc, char **argv, struct config *config) {
  config->host = setting("VOKE_MQTT_HOST", "mqtt.voke.lovinka.com");
  const char *port = setting("VOKE_MQTT_PORT", "8887");  // production; 8884 local dev
  config->plant_id = setting("VOKE_PLANT_ID", "REPLACE-WITH-YOUR-PLANT-ID");
  config->ca_file = getenv("VOKE_CA_FILE");  // unset: the system's trusted CAs
  config->private_key = setting("VOKE_PRIVATE_KEY", "/etc/voke/jwt-private.pem");
  config->token = getenv("VOKE_TOKEN");  // Option A: a token you already have
  // A session cookie signs you in to Voke: environment only, never a flag (it would show in `ps`).
  config->session_cookie = getenv("VOKE_SESSION_COOKIE");
  const char *lifetime = setting("VOKE_TOKEN_LIFETIME", "3600");
  const char *refresh_before = setting("VOKE_REFRESH_BEFORE", "300");
  const char *protocol = setting("VOKE_MQTT_PROTOCOL", "5");
  const char *messages = setting("VOKE_MESSAGES", "0");
  const char *interval = setting("VOKE_INTERVAL", "10");

  static const struct option flags[] = {
      {"host", required_argument, NULL, 'h'}, {"port", required_argument, NULL, 'p'},
      {"plant-id", required_argument, NULL, 'i'}, {"ca-file", required_argument, NULL, 'c'},
      {"private-key", required_argument, NULL, 'k'}, {"token", required_argument, NULL, 't'},
      {"token-lifetime", required_argument, NULL, 'l'}, {"refresh-before", required_argument, NULL, 'r'},
      {"protocol", required_argument, NULL, 'v'}, {"messages", required_argument, NULL, 'm'},
      {"interval", required_argument, NULL, 'n'}, {"help", no_argument, NULL, '?' + 1}, {0}};
  opterr = 0;  // getopt's own messages go to stderr; ours are one "error:" line
  for (int flag; (flag = getopt_long(argc, argv, ":", flags, NULL)) != -1;) {
    switch (flag) {
      case 'h': config->host = optarg; break;
      case 'p': port = optarg; break;
      case 'i': config->plant_id = optarg; break;
      case 'c': config->ca_file = optarg; break;
      case 'k': config->private_key = optarg; break;
      case 't': config->token = optarg; break;
      case 'l': lifetime = optarg; break;
      case 'r': refresh_before = optarg; break;
      case 'v': protocol = optarg; break;
      case 'm': messages = optarg; break;
      case 'n': interval = optarg; break;
      case '?' + 1: return -1;  // --help
      case ':': return fail(EXIT_CONFIG, "%s needs a value.", argv[optind - 1]);
      default: return fail(EXIT_CONFIG, "unknown option %s (see --help).", argv[optind - 1]);
    }
  }
  if (optind < argc) return fail(EXIT_CONFIG, "unexpected argument \"%s\" (settings are --name value).", argv[optind]);

  double value;
  if (number("--port", port, 1, 65535, true, &value)) return EXIT_CONFIG;
  config->port = (int)value;
  if (number("--token-lifetime", lifetime, 1, 86400, true, &value)) return EXIT_CONFIG;  // Voke's maximum: 24 h
  config->token_lifetime = (long)value;
  if (number("--refresh-before", refresh_before, 0, 86400, true, &value)) return EXIT_CONFIG;
  config->refresh_before = (long)value;
  if (number("--messages", messages, 0, 9007199254740991.0, true, &value)) return EXIT_CONFIG;
  config->messages = (long long)value;
  if (number("--interval", interval, 0.01, 86400, false, &config->interval)) return EXIT_CONFIG;
  // The placeholder is checked by its prefix: the docs fill your plant id into the full literal.
  if (strncmp(config->plant_id, "REPLACE-WITH-", 13) == 0)
    return fail(EXIT_CONFIG, "Set your plant id: --plant-id <plant id> or VOKE_PLANT_ID=<plant id>.");
  if (strlen(config->plant_id) > MAX_PLANT_ID)  // it goes into topics of a fixed size below
    return fail(EXIT_CONFIG, "--plant-id / VOKE_PLANT_ID is longer than %d characters.", MAX_PLANT_ID);
  if (strcmp(protocol, "5") == 0) config->protocol = MQTT_PROTOCOL_V5;
  else if (strcmp(protocol, "3.1.1") == 0) config->protocol = MQTT_PROTOCOL_V311;
  else return fail(EXIT_CONFIG, "--protocol / VOKE_MQTT_PROTOCOL must be 5 or 3.1.1, not \"%s\".", protocol);
  if (!config->token && config->session_cookie)
    return fail(EXIT_CONFIG, "VOKE_SESSION_COOKIE is set, but this C program does not call Voke's token API: get a token "
                             "with examples/token-api/fetch-token.sh and pass it as VOKE_TOKEN, or unset "
                             "VOKE_SESSION_COOKIE to sign tokens with --private-key.");
  return 0;
}
// #endregion config

static const char *USAGE =
    "Usage: voke_connect [--plant-id ID] [--private-key FILE | --token JWT] [--host HOST] [--port N]\n"
    "                    [--ca-file FILE] [--protocol 5|3.1.1] [--token-lifetime S] [--refresh-before S]\n"
    "                    [--messages N] [--interval S]\n"
    "Every flag can also be set as VOKE_<NAME> (VOKE_PLANT_ID, VOKE_MQTT_HOST, VOKE_MQTT_PORT, ...).\n";

// #region sign
/** base64url without padding, as JWT wants it. The result is malloc'd. */
static char *base64url(const unsigned char *data, size_t length) {
  char *out = malloc(4 * ((length + 2) / 3) + 1);
  if (!out) return NULL;
  int n = EVP_EncodeBlock((unsigned char *)out, data, (int)length);
  for (int i = 0; i < n; i++) out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
  while (n > 0 && out[n - 1] == '=') out[--n] = '\0';
  return out;
}

static int no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
  (void)buffer, (void)size, (void)rwflag, (void)userdata;
  return -1;  // never prompt on the terminal: an encrypted key is an error
}

/**
 * Option B: the device signs its own token with the plant's RSA private key. The broker checks
 * the signature (RS256 only), that sub equals the MQTT username, and exp/iat with zero leeway.
 * Returns the malloc'd token and sets *expires_at, or NULL with the reason in error_text.
 */
static char *sign_token(const char *plant_id, const char *key_path, long lifetime, double *expires_at) {
  FILE *file = fopen(key_path, "r");
  if (!file) {
    fail(1, "Cannot read the private key file (--private-key / VOKE_PRIVATE_KEY): %s: %s", key_path, strerror(errno));
    return NULL;
  }
  // OpenSSL reads PKCS#1 ("BEGIN RSA PRIVATE KEY") and PKCS#8 ("BEGIN PRIVATE KEY") PEM.
  EVP_PKEY *key = PEM_read_PrivateKey(file, NULL, no_passphrase, NULL);
  fclose(file);
  if (!key) {
    fail(1, "%s is not an unencrypted PEM private key (PKCS#1 or PKCS#8).", key_path);
    return NULL;
  }
  char *token = NULL, *header = NULL, *claims_b64 = NULL, *claims_json = NULL, *signature_b64 = NULL, *signing_input = NULL;
  unsigned char *signature = NULL;
  EVP_MD_CTX *digest = NULL;
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < 2048) {
    fail(1, "%s is not an RSA private key of 2048 bits or more (RS256 needs one).", key_path);
    goto done;
  }
  // Whole seconds: the broker refuses fractional exp/iat. It also refuses an iat in the future,
  // with no leeway, so iat is set a minute back: a device clock up to 60 s fast still works.
  long long now = (long long)time(NULL);
  cJSON *claims = cJSON_CreateObject();
  cJSON_AddStringToObject(claims, "sub", plant_id);  // cJSON escapes any character in the id
  cJSON_AddNumberToObject(claims, "iat", (double)(now - 60));
  cJSON_AddNumberToObject(claims, "exp", (double)(now + lifetime));
  claims_json = cJSON_PrintUnformatted(claims);
  cJSON_Delete(claims);
  static const char HEADER[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
  header = base64url((const unsigned char *)HEADER, strlen(HEADER));
  claims_b64 = claims_json ? base64url((const unsigned char *)claims_json, strlen(claims_json)) : NULL;
  if (!header || !claims_b64 || !(signing_input = malloc(strlen(header) + strlen(claims_b64) + 2))) goto out_of_memory;
  sprintf(signing_input, "%s.%s", header, claims_b64);

  // RS256 = RSASSA-PKCS1-v1_5 (OpenSSL's default RSA padding) over SHA-256 of "header.claims".
  size_t signature_length = 0;
  digest = EVP_MD_CTX_new();
  if (!digest || EVP_DigestSignInit(digest, NULL, EVP_sha256(), NULL, key) != 1 ||
      EVP_DigestSign(digest, NULL, &signature_length, (unsigned char *)signing_input, strlen(signing_input)) != 1 ||
      !(signature = malloc(signature_length)) ||
      EVP_DigestSign(digest, signature, &signature_length, (unsigned char *)signing_input, strlen(signing_input)) != 1) {
    fail(1, "OpenSSL could not sign the token with %s.", key_path);
    goto done;
  }
  if (!(signature_b64 = base64url(signature, signature_length)) ||
      !(token = malloc(strlen(signing_input) + strlen(signature_b64) + 2)))
    goto out_of_memory;
  sprintf(token, "%s.%s", signing_input, signature_b64);
  *expires_at = (double)(now + lifetime);
  goto done;
out_of_memory:
  fail(1, "out of memory while signing the token.");
done:
  EVP_MD_CTX_free(digest);
  EVP_PKEY_free(key);
  free(header), free(claims_b64), free(claims_json), free(signature), free(signature_b64), free(signing_input);
  return token;
}
// #endregion sign

/**
 * Option A with a given token: it cannot be renewed, but its exp says when it stops working
 * (*has_exp false: no exp, it never does). Read without verifying: the broker verifies it.
 */
static int given_token_expiry(const char *token, bool *has_exp, double *expires_at) {
  const char *first = strchr(token, '.'), *second = first ? strchr(first + 1, '.') : NULL;
  if (!second || second == first + 1 || strchr(second + 1, '.'))
    return fail(EXIT_CONFIG, "--token / VOKE_TOKEN is not a JWT (three base64url parts separated by dots).");
  // The claims part, base64url → base64 with padding, which OpenSSL decodes.
  size_t length = (size_t)(second - first - 1), padded = length;
  char *text = malloc(length + 4);
  unsigned char *json = malloc(length + 4);
  cJSON *claims = NULL;
  if (text && json) {
    for (size_t i = 0; i < length; i++) text[i] = first[1 + i] == '-' ? '+' : first[1 + i] == '_' ? '/' : first[1 + i];
    while (padded % 4) text[padded++] = '=';
    text[padded] = '\0';
    int decoded = EVP_DecodeBlock(json, (unsigned char *)text, (int)padded);
    // EVP_DecodeBlock counts the padding as zero bytes: leave them out.
    if (decoded >= 0) claims = cJSON_ParseWithLength((const char *)json, (size_t)decoded - (padded - length));
  }
  int code = 0;
  if (cJSON_IsObject(claims)) {
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(claims, "exp");
    *has_exp = cJSON_IsNumber(exp);
    *expires_at = *has_exp ? exp->valuedouble : 0;
  } else {
    code = fail(EXIT_CONFIG, "--token / VOKE_TOKEN is not a JWT: its claims part is not base64url-encoded JSON.");
  }
  cJSON_Delete(claims);
  free(text), free(json);
  return code;
}

/** One telemetry reading until the broker acknowledged it (mid 0: not yet handed to libmosquitto). */
struct reading {
  int mid;
  char *payload;
};

struct state {
  const struct config *config;
  bool connected, connecting, ever_connected;
  double connect_deadline;
  int refused;  // a CONNACK code other than 0
  struct reading *readings;
  size_t reading_count;
  long long acknowledged;
  char last_error[256];  // libmosquitto's last error log line, e.g. an OpenSSL verify failure
};

// #region connect
static const int SESSION_EXPIRY = 86400;  // seconds the broker keeps the session (and queued commands) while offline

/** What a refusing CONNACK most likely means on Voke's JWT listener (it never says which check failed). */
static void print_refusal(int code, int protocol) {
  int not_authorised = protocol == MQTT_PROTOCOL_V5 ? MQTT_RC_NOT_AUTHORIZED : 5;  // 135 or 5
  if (code != not_authorised) {
    printf("refused: CONNACK %d (MQTT %s code %d; the broker log says why)\n", code, protocol == MQTT_PROTOCOL_V5 ? "5" : "3.1.1", code);
    return;
  }
  printf("refused: CONNACK %d not authorised: the broker refused the token. Most likely the token has expired; its sub "
         "is not this plant id (the username); its alg is not RS256; it was not signed with the private key whose "
         "public key is enrolled (the enrolled file must be PKCS#1 DER); or its iat/nbf lies in the future (device "
         "clock ahead).\n", code);
}

static void subscribe_commands(struct mosquitto *mosq, const char *plant_id);

static void on_connect(struct mosquitto *mosq, void *userdata, int code, int flags, const mosquitto_property *properties) {
  (void)flags, (void)properties;
  struct state *state = userdata;
  state->connecting = false;
  if (code != 0) {  // 135 under MQTT 5, 5 under MQTT 3.1.1: the token was refused
    state->refused = code;
    return;
  }
  state->connected = state->ever_connected = true;
  printf("connected\n");
  subscribe_commands(mosq, state->config->plant_id);
}

static void on_disconnect(struct mosquitto *mosq, void *userdata, int code, const mosquitto_property *properties) {
  (void)mosq, (void)code, (void)properties;
  struct state *state = userdata;
  state->connected = state->connecting = false;
}

static void on_log(struct mosquitto *mosq, void *userdata, int level, const char *text) {
  (void)mosq;
  if (level & MOSQ_LOG_ERR) snprintf(((struct state *)userdata)->last_error, sizeof ((struct state *)userdata)->last_error, "%s", text);
}

static void on_publish(struct mosquitto *mosq, void *userdata, int mid, int reason_code, const mosquitto_property *properties);
static void on_command(struct mosquitto *mosq, void *userdata, const struct mosquitto_message *message, const mosquitto_property *properties);

/** An MQTT client for the plant: client id = username = plant id, TLS, a persistent session. */
static struct mosquitto *create_client(const struct config *config, struct state *state) {
  struct mosquitto *mosq = mosquitto_new(config->plant_id, false, state);  // false: keep the session
  if (!mosq) return NULL;
  mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, config->protocol);
  if (config->ca_file) mosquitto_tls_set(mosq, config->ca_file, NULL, NULL, NULL, NULL);
  else mosquitto_int_option(mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);  // TLS always; the system's trusted CAs
  mosquitto_connect_v5_callback_set(mosq, on_connect);
  mosquitto_disconnect_v5_callback_set(mosq, on_disconnect);
  mosquitto_message_v5_callback_set(mosq, on_command);  // see the commands region
  mosquitto_publish_v5_callback_set(mosq, on_publish);  // see the telemetry region
  mosquitto_log_callback_set(mosq, on_log);
  return mosq;
}

/** Open a connection with `token` as the password; the CONNACK arrives in on_connect. */
static int connect_with(struct mosquitto *mosq, const struct config *config, const char *token) {
  mosquitto_username_pw_set(mosq, config->plant_id, token);  // the username must equal the token's sub
  mosquitto_property *properties = NULL;
  if (config->protocol == MQTT_PROTOCOL_V5)  // ask the broker to keep the session while we are away
    mosquitto_property_add_int32(&properties, MQTT_PROP_SESSION_EXPIRY_INTERVAL, SESSION_EXPIRY);
  int rc = mosquitto_connect_bind_v5(mosq, config->host, config->port, 60, NULL, properties);
  mosquitto_property_free_all(&properties);
  return rc;
}
// #endregion connect

// #region commands
/**
 * Subscribes to the plant's commands (QoS 1), after every connect: with the persistent session,
 * commands sent while the plant was offline arrive now. The ACL lets a plant read only its own
 * commands topic.
 */
static void subscribe_commands(struct mosquitto *mosq, const char *plant_id) {
  char topic[TOPIC_SIZE];
  snprintf(topic, sizeof topic, "cpi/%s/commands", plant_id);
  mosquitto_subscribe_v5(mosq, NULL, topic, 1, 0, NULL);
}

static void on_command(struct mosquitto *mosq, void *userdata, const struct mosquitto_message *message, const mosquitto_property *properties) {
  (void)mosq, (void)userdata, (void)properties;
  printf("command %s %.*s\n", message->topic, message->payloadlen, (const char *)message->payload);
  // Act on the command here; with QoS 1 it may arrive twice, so make handling idempotent.
}
// #endregion commands

// #region telemetry
static double read_temperature(void) {  // stands in for reading the PLC
  return 21.5;
}

/** Hands a reading to libmosquitto (QoS 1); it stays in state->readings until its PUBACK. */
static void send_reading(struct mosquitto *mosq, struct state *state, struct reading *reading) {
  char topic[TOPIC_SIZE];
  snprintf(topic, sizeof topic, "cpi/%s/telemetry", state->config->plant_id);
  int rc = mosquitto_publish_v5(mosq, &reading->mid, topic, (int)strlen(reading->payload), reading->payload, 1, false, NULL);
  if (rc != MOSQ_ERR_SUCCESS) reading->mid = 0;  // not sent: tried again after the next connect
}

/**
 * One JSON reading for cpi/<plant>/telemetry. While the client is disconnected (e.g. during a
 * token refresh) it is held back and sent after the next connect.
 */
static int publish_reading(struct mosquitto *mosq, struct state *state, long long seq) {
  char at[32], payload[128];
  snprintf(payload, sizeof payload, "{\"seq\":%lld,\"at\":\"%s\",\"temperature\":%.1f}", seq, iso(now_seconds(), at), read_temperature());
  struct reading *grown = realloc(state->readings, (state->reading_count + 1) * sizeof *grown);
  char *copy = strdup(payload);
  if (!grown || !copy) return free(copy), fail(1, "out of memory");
  state->readings = grown;
  struct reading *reading = &state->readings[state->reading_count++];
  *reading = (struct reading){0, copy};
  if (state->connected) send_reading(mosq, state, reading);
  return 0;
}

/** PUBACK: MQTT 5 answers 135 for a topic outside the plant's ACL; MQTT 3.1.1 drops those silently. */
static void on_publish(struct mosquitto *mosq, void *userdata, int mid, int reason_code, const mosquitto_property *properties) {
  (void)mosq, (void)properties;
  struct state *state = userdata;
  for (size_t i = 0; i < state->reading_count; i++) {
    if (state->readings[i].mid != mid) continue;
    const char *payload = state->readings[i].payload;
    if (reason_code >= 128) printf("publish refused: published cpi/%s/telemetry %s (PUBACK %d)\n", state->config->plant_id, payload, reason_code);
    else printf("published cpi/%s/telemetry %s\n", state->config->plant_id, payload), state->acknowledged++;
    free(state->readings[i].payload);
    state->readings[i] = state->readings[--state->reading_count];  // order does not matter here
    return;
  }
}
// #endregion telemetry

static size_t in_flight(const struct state *state) {
  size_t n = 0;
  for (size_t i = 0; i < state->reading_count; i++) n += state->readings[i].mid != 0;
  return n;
}

// #region refresh
/**
 * The current token and when to renew it: refresh-before seconds ahead of its expiry, but at most
 * a fifth of its lifetime ahead, so short lifetimes still get most of their use.
 */
struct token_keeper {
  char *token;  // malloc'd
  bool renewable, has_exp;
  long refresh_before;
  double expires_at, obtained_at, refresh_at;
};

static void schedule(struct token_keeper *tokens) {
  if (!tokens->has_exp) {  // a token without exp never expires
    tokens->refresh_at = INFINITY;
    return;
  }
  double lead = fmin((double)tokens->refresh_before, (tokens->expires_at - tokens->obtained_at) / 5);
  tokens->refresh_at = tokens->expires_at - fmax(lead, 0);
}

/** Signs a new token; on failure keeps the current one and returns false (reason in error_text). */
static bool renew(struct token_keeper *tokens, const struct config *config) {
  double expires_at;
  char *token = sign_token(config->plant_id, config->private_key, config->token_lifetime, &expires_at);
  if (!token) return false;
  free(tokens->token);
  tokens->token = token, tokens->expires_at = expires_at, tokens->obtained_at = now_seconds();
  schedule(tokens);
  char at[32];
  printf("token refreshed, expires %s\n", iso(expires_at, at));
  return true;
}

/** Sends DISCONNECT once the broker has acknowledged every telemetry message in flight (at most 10 s). */
static void disconnect_gracefully(struct mosquitto *mosq, struct state *state) {
  for (double deadline = monotonic_seconds() + 10; in_flight(state) && state->connected && monotonic_seconds() < deadline;)
    mosquitto_loop(mosq, 50, 1);
  mosquitto_disconnect_v5(mosq, 0, NULL);  // written at once; unacknowledged messages are sent again after the reconnect
  state->connected = state->connecting = false;
}

static int open_connection(struct mosquitto *mosq, struct state *state, const char *token);

/** Connect again, never with a dead token: renewed first if due; exit 4 for an expired VOKE_TOKEN. */
static int reconnect(struct mosquitto *mosq, struct state *state, struct token_keeper *tokens, const char *why) {
  const struct config *config = state->config;
  if (tokens->renewable && now_seconds() >= tokens->refresh_at && !renew(tokens, config)) {
    printf("no token to reconnect with: %s\n", error_text);
    return 0;  // the loop retries later
  }
  if (!tokens->renewable && tokens->has_exp && now_seconds() >= tokens->expires_at - 1) {
    char at[32];
    return fail(EXIT_TOKEN_EXPIRED, "The token from --token / VOKE_TOKEN expired at %s and cannot be renewed: get a new one and start again.", iso(tokens->expires_at, at));
  }
  printf("reconnecting %s\n", why);
  return open_connection(mosq, state, tokens->token);
}

/**
 * Before the token expires, get a new one and reconnect with it (disconnect, connect with the
 * new password): the broker checks the token only when a client connects.
 */
static int refresh_if_due(struct mosquitto *mosq, struct state *state, struct token_keeper *tokens) {
  if (now_seconds() < tokens->refresh_at) return 0;
  if (!tokens->renewable) {
    char at[32];
    tokens->refresh_at = INFINITY;  // warn once
    printf("warning: the given token expires at %s and cannot be renewed\n", iso(tokens->expires_at, at));
    return 0;
  }
  if (!renew(tokens, state->config)) {  // e.g. the key file is gone: keep the current token, try again soon
    tokens->refresh_at = now_seconds() + 5;
    printf("token refresh failed: %s\n", error_text);
    return 0;
  }
  if (!state->connected) return 0;  // a reconnect in progress will use the new token
  disconnect_gracefully(mosq, state);
  return reconnect(mosq, state, tokens, "with the new token");
}
// #endregion refresh

/** Starts a connection attempt; a broker that cannot be reached is retried later. */
static int open_connection(struct mosquitto *mosq, struct state *state, const char *token) {
  state->connecting = true;
  state->connect_deadline = monotonic_seconds() + 10;
  state->last_error[0] = '\0';
  int rc = connect_with(mosq, state->config, token);
  if (rc == MOSQ_ERR_TLS)  // e.g. the broker's certificate is not signed by a trusted CA
    return fail(EXIT_CONFIG, "the TLS connection to %s:%d failed (%s): check --host, or give the broker's CA with --ca-file / VOKE_CA_FILE",
                state->config->host, state->config->port, state->last_error[0] ? state->last_error : mosquitto_strerror(rc));
  if (rc != MOSQ_ERR_SUCCESS) {
    printf("connection error: %s\n", rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
    state->connected = state->connecting = false;
  }
  return 0;
}

static volatile sig_atomic_t stop_requested = 0;
static void request_stop(int signal_number) {
  (void)signal_number;
  stop_requested = 1;
}

static int run(const struct config *config, struct mosquitto *mosq, struct state *state, struct token_keeper *tokens) {
  int code = open_connection(mosq, state, tokens->token);  // the first token goes to the broker as it is
  long long sent = 0;
  double next_reading = -1, retry_at = -1;
  int attempt = 0;
  while (code == 0 && !stop_requested) {
    if (state->connected || state->connecting) {
      int rc = mosquitto_loop(mosq, 50, 1);
      if (rc == MOSQ_ERR_TLS && !state->ever_connected)
        return fail(EXIT_CONFIG, "the TLS connection to %s:%d failed (%s): check --host, or give the broker's CA with --ca-file / VOKE_CA_FILE",
                    config->host, config->port, state->last_error[0] ? state->last_error : mosquitto_strerror(rc));
      if (rc != MOSQ_ERR_SUCCESS && mosquitto_socket(mosq) < 0) state->connected = state->connecting = false;
    } else {
      nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
    }
    if (state->refused) {
      print_refusal(state->refused, config->protocol);
      return EXIT_REFUSED;
    }
    if (state->connecting && monotonic_seconds() > state->connect_deadline) {
      printf("connection error: no CONNACK within 10 s\n");
      mosquitto_disconnect(mosq);
      state->connected = state->connecting = false;
    }
    if (state->connected) {
      attempt = 0, retry_at = -1;
      for (size_t i = 0; i < state->reading_count; i++)  // held back while offline: send now
        if (state->readings[i].mid == 0) send_reading(mosq, state, &state->readings[i]);
    } else if (!state->connecting) {  // dropped (or never made): retry after 1, 2, 4 ... 30 s
      if (retry_at < 0) retry_at = monotonic_seconds() + fmin(30, pow(2, attempt++));
      else if (monotonic_seconds() >= retry_at && (retry_at = -1, code = reconnect(mosq, state, tokens, "after the connection dropped"))) break;
    }
    if ((code = refresh_if_due(mosq, state, tokens))) break;

    if (state->connected && next_reading < 0) next_reading = monotonic_seconds();  // telemetry starts with the first connection
    if (next_reading >= 0 && monotonic_seconds() >= next_reading && (config->messages == 0 || sent < config->messages)) {
      if ((code = publish_reading(mosq, state, ++sent))) break;
      next_reading += config->interval;
    }
    if (config->messages && state->acknowledged >= config->messages && !state->connecting) {
      mosquitto_disconnect(mosq);  // sent at once: libmosquitto writes DISCONNECT before it returns
      return 0;
    }
  }
  if (stop_requested && state->connected) mosquitto_disconnect(mosq);
  return code;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);  // one event per line, even into a pipe
  struct config config;
  int code = load_config(argc, argv, &config);
  if (code < 0) return fputs(USAGE, stdout), 0;
  if (code) return printf("error: %s\n", error_text), code;

  // No token, no connection: a first token that cannot be had is a setup problem (exit 2).
  struct token_keeper tokens = {.renewable = !config.token, .refresh_before = config.refresh_before, .obtained_at = now_seconds()};
  if (config.token) {
    if ((code = given_token_expiry(config.token, &tokens.has_exp, &tokens.expires_at))) return printf("error: %s\n", error_text), code;
    tokens.token = strdup(config.token);
  } else {
    tokens.token = sign_token(config.plant_id, config.private_key, config.token_lifetime, &tokens.expires_at);
    if (!tokens.token) return printf("error: %s\n", error_text), EXIT_CONFIG;
    tokens.has_exp = true;
  }
  schedule(&tokens);
  char at[32];
  if (tokens.has_exp && tokens.expires_at <= now_seconds())
    printf("warning: the token expired at %s; the broker will refuse it\n", iso(tokens.expires_at, at));

  signal(SIGINT, request_stop);  // Ctrl-C and SIGTERM stop cleanly (exit 0)
  signal(SIGTERM, request_stop);
  mosquitto_lib_init();
  struct state state = {.config = &config};
  struct mosquitto *mosq = create_client(&config, &state);
  if (!mosq) code = fail(1, "libmosquitto could not create a client: %s", strerror(errno));
  else code = run(&config, mosq, &state, &tokens);
  if (code && code != EXIT_REFUSED) printf("error: %s\n", error_text);

  mosquitto_destroy(mosq);
  mosquitto_lib_cleanup();
  for (size_t i = 0; i < state.reading_count; i++) free(state.readings[i].payload);
  free(state.readings);
  free(tokens.token);
  return code;
}
