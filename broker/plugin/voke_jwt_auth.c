/* Mosquitto 2.0 auth plugin (plugin API v5) that authenticates CONNECTs exactly like Voke's JWT
 * listener (mosquitto-jwt-auth 0.4.0 with RS256): the MQTT password is an RS256 JWT whose sub
 * equals the username. Local development and tests only; the rules live in jwt_check.c.
 *
 * Options, as on Voke's broker:
 *   plugin_opt_jwt_alg RS256
 *   plugin_opt_jwt_sec_file <PKCS#1 RSAPublicKey DER>
 *   plugin_opt_jwt_validate_exp true
 *   plugin_opt_jwt_validate_sub_match_username true
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>
#include "jwt_check.h"

#define LOG_PREFIX "voke-jwt-auth"

struct plugin_state {
	mosquitto_plugin_id_t *id;
	unsigned char *key;     /* the key file's raw bytes, read once at start and never validated then */
	size_t key_len;
	struct voke_jwt_options options;
};

static int read_file(const char *path, unsigned char **out, size_t *out_len)
{
	FILE *f = fopen(path, "rb");
	if(!f) return -1;
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	while(buf){
		if(len == cap){
			unsigned char *grown = cap < (1u << 20) ? realloc(buf, cap * 2) : NULL;
			if(!grown){ free(buf); buf = NULL; break; }
			buf = grown;
			cap *= 2;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if(got == 0) break;
	}
	int failed = !buf || ferror(f);
	fclose(f);
	if(failed){ free(buf); return -1; }
	*out = buf;
	*out_len = len;
	return 0;
}

/* "true"/"false" like the real plugin's options; anything else is a configuration error. */
static int parse_bool(const char *key, const char *value, bool *out)
{
	if(strcmp(value, "true") == 0){ *out = true; return 0; }
	if(strcmp(value, "false") == 0){ *out = false; return 0; }
	mosquitto_log_printf(MOSQ_LOG_ERR, LOG_PREFIX ": plugin_opt_%s must be true or false, not \"%s\"", key, value);
	return -1;
}

/* A client id or username printed safely: printable ASCII kept, the rest as '?'. */
static void printable(const char *in, char *out, size_t size)
{
	size_t k = 0;
	if(!in){ snprintf(out, size, "(none)"); return; }
	for(size_t i = 0; in[i] && k + 1 < size; i++){
		unsigned char c = (unsigned char)in[i];
		out[k++] = (c >= 0x20 && c < 0x7F && c != '"') ? (char)c : '?';
	}
	out[k] = '\0';
}

/* Opt-in (VOKE_JWT_AUTH_ABORT_ON_PANIC in Mosquitto's environment, for a differential check
 * against the real plugin): where the real plugin panics, print its panic as Rust does (location
 * line, message line, the abort) and take the whole broker down with it. */
static void abort_like_real(const char *panic)
{
	const char *message = strstr(panic, ": ");
	const char *pid = strstr(panic, "(PID)");
	int location_len = message ? (int)(message - panic) : (int)strlen(panic);
	if(pid && pid < panic + location_len){
		fprintf(stderr, "%.*s(%ld)", (int)(pid - panic), panic, (long)getpid());
		location_len -= (int)(pid + 5 - panic);
		panic = pid + 5;
	}
	fprintf(stderr, "%.*s:\n%s\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
			"thread caused non-unwinding panic. aborting.\n", location_len, panic, message ? message + 2 : "");
	fflush(stderr);
	abort();
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	(void)event;
	struct mosquitto_evt_basic_auth *ed = event_data;
	struct plugin_state *state = userdata;
	struct voke_verdict v;
	const char *password = ed->password;

	struct timespec clock;
	clock_gettime(CLOCK_REALTIME, &clock);
	voke_jwt_check(state->key, state->key_len, ed->username, (const unsigned char *)password,
			password ? strlen(password) : 0, (long long)clock.tv_sec, clock.tv_nsec, &state->options, &v);

	/* One line per decision, naming the rule: the CONNACK never says which check failed. The
	 * token itself is never logged. */
	char client_id[128], username[128];
	printable(mosquitto_client_id(ed->client), client_id, sizeof client_id);
	printable(ed->username, username, sizeof username);
	if(v.accept){
		mosquitto_log_printf(MOSQ_LOG_NOTICE, LOG_PREFIX ": accepted client \"%s\" username \"%s\": OK (%s)", client_id, username, v.detail);
		return MOSQ_ERR_SUCCESS;
	}
	mosquitto_log_printf(MOSQ_LOG_NOTICE, LOG_PREFIX ": refused client \"%s\" username \"%s\": %s %s: %s",
			client_id, username, v.rule, v.reason, v.detail);
	/* The real plugin's own line, written to stderr as it does (eprintln!), so a local log reads like
	 * production. Where the real one panics and the broker dies, this one says so and refuses. */
	if(v.crash && getenv("VOKE_JWT_AUTH_ABORT_ON_PANIC")) abort_like_real(v.jwt_line);
	if(v.crash) fprintf(stderr, "jwt-auth: [local plugin: the real plugin panics here and the whole broker dies] ");
	fwrite(v.jwt_line, 1, v.jwt_line_len, stderr);
	fputc('\n', stderr);
	return MOSQ_ERR_AUTH;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for(int i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	struct plugin_state *state = calloc(1, sizeof *state);
	if(!state) return MOSQ_ERR_NOMEM;
	state->id = identifier;
	state->options.validate_exp = true;
	state->options.validate_sub_match_username = true;
	const char *alg = NULL, *key_path = NULL;
	int bad = 0;

	for(int i = 0; i < option_count; i++){
		const char *k = options[i].key, *val = options[i].value;
		if(!k || !val) continue;
		if(strcmp(k, "jwt_alg") == 0) alg = val;
		else if(strcmp(k, "jwt_sec_file") == 0) key_path = val;
		else if(strcmp(k, "jwt_validate_exp") == 0) bad |= parse_bool(k, val, &state->options.validate_exp);
		else if(strcmp(k, "jwt_validate_sub_match_username") == 0) bad |= parse_bool(k, val, &state->options.validate_sub_match_username);
		else mosquitto_log_printf(MOSQ_LOG_WARNING, LOG_PREFIX ": ignoring unknown option plugin_opt_%s", k);
	}
	if(!alg || strcmp(alg, "RS256") != 0){
		mosquitto_log_printf(MOSQ_LOG_ERR, LOG_PREFIX ": plugin_opt_jwt_alg must be RS256 (the only algorithm Voke's listener uses)");
		bad = 1;
	}
	if(!key_path){
		mosquitto_log_printf(MOSQ_LOG_ERR, LOG_PREFIX ": plugin_opt_jwt_sec_file is required");
		bad = 1;
	}else if(read_file(key_path, &state->key, &state->key_len) != 0){
		mosquitto_log_printf(MOSQ_LOG_ERR, LOG_PREFIX ": cannot read plugin_opt_jwt_sec_file %s", key_path);
		bad = 1;
	}
	if(bad){
		free(state->key);
		free(state);
		return MOSQ_ERR_INVAL;
	}
	/* Like the real plugin, say nothing about whether the key is usable: a wrong file shows up
	 * only when clients connect (every token then fails with InvalidSignature). */
	mosquitto_log_printf(MOSQ_LOG_INFO, LOG_PREFIX ": loaded %zu bytes from %s", state->key_len, key_path);
	*userdata = state;
	return mosquitto_callback_register(identifier, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, state);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)options;
	(void)option_count;
	struct plugin_state *state = userdata;
	if(!state) return MOSQ_ERR_SUCCESS;
	mosquitto_callback_unregister(state->id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
	free(state->key);
	free(state);
	return MOSQ_ERR_SUCCESS;
}
