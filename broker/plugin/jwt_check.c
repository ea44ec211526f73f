/* The checks of the Voke JWT listener in the real plugin's order (biscuit 0.6 under
 * mosquitto-jwt-auth 0.4.0); the first failure decides, and jwt_line gets the line the real plugin
 * prints for it: 0. UTF-8 (the real one panics), 1. username, password, 2. three parts and the
 * signature part's base64url, 3. RS256 signature with the key file, 4. header typed, alg RS256,
 * 5. claims typed in the order written (dates beyond chrono's range panic in the real one),
 * 6. exp, then nbf and iat, zero leeway, 7. sub equals the username. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "base64url.h"
#include "jwt_check.h"
#include "rsa_key.h"
#include "serde_text.h"
#include "strict_json.h"
#include "utf8.h"

/* chrono 0.4.23's NaiveDateTime covers years -262144 to 262143: 262143-12-31T23:59:59Z is the last
 * second and -262144-01-01T00:00:00Z the first (lib/tokens/numeric-date.ts derives them). */
#define CHRONO_MAX_TIMESTAMP 8210298412799LL
#define CHRONO_MIN_TIMESTAMP (-8334632851200LL)

static const char *const KNOWN_ALGS[] = { "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512" };
#define KNOWN_ALG_COUNT (sizeof KNOWN_ALGS / sizeof KNOWN_ALGS[0])

static void set(struct voke_verdict *v, bool accept, const char *rule, const char *reason, const char *fmt, ...)
{
	v->accept = accept;
	v->rule = rule;
	v->reason = reason;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof v->detail, fmt, ap);
	va_end(ap);
}

static struct voke_text line_of(struct voke_verdict *v)
{
	v->jwt_line[0] = '\0';
	return (struct voke_text){ v->jwt_line, sizeof v->jwt_line, 0 };
}

static void fixed_line(struct voke_verdict *v, const char *text)
{
	struct voke_text t = line_of(v);
	voke_text_put(&t, text, strlen(text));
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool name_is(const struct voke_json_member *m, const char *name)
{
	return m->name_len == strlen(name) && memcmp(m->name, name, m->name_len) == 0;
}

struct parts {
	const char *text[3];
	size_t len[3];
};

/* Which mistake a failing base64url part shows, for the rule code. */
static const char *shape_rule(const char *part, size_t len, const struct voke_b64_error *e)
{
	if(strcmp(e->kind, "Length") == 0) return memchr(part, '=', len) ? "TOKEN_PADDING" : "TOKEN_BASE64URL";
	if(strcmp(e->kind, "Trailing") == 0) return "TOKEN_BASE64URL";
	unsigned char c = (unsigned char)part[e->position];
	if(c == '=') return "TOKEN_PADDING";
	if(is_space(c)) return "TOKEN_WHITESPACE";
	if(c == '+' || c == '/') return "TOKEN_BASE64_ALPHABET";
	return "TOKEN_BASE64URL";
}

/* Decodes part k; on failure fills v with the DecodeBase64 refusal. */
static unsigned char *decode_part(const struct parts *t, int k, size_t *out_len, struct voke_verdict *v)
{
	static const char *const names[3] = { "header", "payload", "signature" };
	struct voke_b64_error e;
	unsigned char *bytes = voke_base64url_decode(t->text[k], t->len[k], out_len, &e);
	if(bytes) return bytes;
	set(v, false, shape_rule(t->text[k], t->len[k], &e), "DecodeBase64", "the %s part is not base64url (%s at byte %zu)", names[k], e.kind, e.position);
	struct voke_text line = line_of(v);
	voke_text_printf(&line, "jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: %zu, kind: %s })", e.position, e.kind);
	return NULL;
}

static void json_line(struct voke_verdict *v, const char *message, const unsigned char *s, size_t n, size_t index)
{
	size_t line, column;
	voke_position(s, n, index, &line, &column);
	struct voke_text t = line_of(v);
	voke_text_printf(&t, "jwt-auth: error decoding jwt: JsonError(Error(");
	voke_text_debug(&t, message, strlen(message));
	voke_text_printf(&t, ", line: %zu, column: %zu))", line, column);
}

/* Reads a header or payload as a JSON object; otherwise fills v with serde_json's refusal (its
 * exact words where they can be known: "expected value", a sequence; else the placeholders). */
static bool read_object(const unsigned char *s, size_t n, const char *struct_name, const char *not_json, const char *not_object,
		struct voke_json_object *obj, struct voke_verdict *v)
{
	char err[96];
	bool parsed = voke_json_parse_top((const char *)s, n, obj, err, sizeof err);
	size_t first = obj->first_index;
	if(parsed && obj->is_object) return true;
	char message[128];
	if(!parsed){
		set(v, false, not_json, "JsonError", "not valid JSON (%s)", err);
		if(first < n && (s[first] == 0 || !strchr("{[\"-0123456789tfn", s[first]))) json_line(v, "expected value", s, n, first + 1);
		else fixed_line(v, "jwt-auth: error decoding jwt: JsonError(Error(\"\xE2\x80\xA6\", line: L, column: C))");
		return false;
	}
	set(v, false, not_object, "JsonError", "JSON but not an object");
	if(s[first] == '['){
		snprintf(message, sizeof message, "invalid type: sequence, expected struct %s", struct_name);
		json_line(v, message, s, n, first);
	}else{
		struct voke_text t = line_of(v);
		voke_text_printf(&t, "jwt-auth: error decoding jwt: JsonError(Error(\"invalid type: \xE2\x80\xA6, expected struct %s\", line: L, column: C))", struct_name);
	}
	voke_json_free(obj);
	return false;
}

/* The first earlier member with the same name as members[k], or NULL. */
static bool repeated(const struct voke_json_object *o, size_t k)
{
	for(size_t j = 0; j < k; j++){
		if(o->members[j].name_len == o->members[k].name_len && memcmp(o->members[j].name, o->members[k].name, o->members[k].name_len) == 0) return true;
	}
	return false;
}

static void typed_line(struct voke_verdict *v, const struct voke_json_object *o, const unsigned char *s, size_t n, const char *message)
{
	json_line(v, message, s, n, o->close_index);
}

static void duplicate_line(struct voke_verdict *v, const struct voke_json_object *o, const unsigned char *s, size_t n, const struct voke_json_member *m)
{
	char message[160];
	snprintf(message, sizeof message, "duplicate field `%.*s`", (int)(m->name_len < 100 ? m->name_len : 100), m->name);
	typed_line(v, o, s, n, message);
}

static void unexpected_line(struct voke_verdict *v, const struct voke_json_object *o, const unsigned char *s, size_t n,
		const struct voke_json_member *m, const char *prefix, const char *expected)
{
	char message[600];
	struct voke_text t = { message, sizeof message, 0 };
	message[0] = '\0';
	voke_text_printf(&t, "%s", prefix);
	voke_text_unexpected(&t, m);
	voke_text_printf(&t, ", expected %s", expected);
	typed_line(v, o, s, n, message);
}

/* Step 4: the header typed member by member; returns the alg member when all is well. */
static bool check_header(const unsigned char *s, size_t n, struct voke_json_object *hdr, const struct voke_json_member **alg_out, struct voke_verdict *v)
{
	if(!read_object(s, n, "Header", "TOKEN_HEADER_NOT_JSON", "TOKEN_HEADER_NOT_OBJECT", hdr, v)) return false;
	const struct voke_json_member *alg = NULL;
	for(size_t k = 0; k < hdr->count; k++){
		const struct voke_json_member *m = &hdr->members[k];
		if(repeated(hdr, k)){
			set(v, false, "HEADER_DUPLICATE", "JsonError", "the header has a member name more than once");
			duplicate_line(v, hdr, s, n, m);
			return false;
		}
		if(!name_is(m, "alg")) continue;
		if(m->type != VOKE_JSON_STRING){
			set(v, false, "ALG_NOT_RS256", "JsonError", "the header alg is not a string");
			unexpected_line(v, hdr, s, n, m, "invalid type: ", "string or map");
			return false;
		}
		bool known = false;
		for(size_t a = 0; a < KNOWN_ALG_COUNT; a++){
			if(m->string_len == strlen(KNOWN_ALGS[a]) && memcmp(m->string, KNOWN_ALGS[a], m->string_len) == 0) known = true;
		}
		if(!known){
			set(v, false, "ALG_NOT_RS256", "JsonError", "the header alg is no algorithm name the plugin knows");
			char message[400];
			struct voke_text t = { message, sizeof message, 0 };
			message[0] = '\0';
			voke_text_printf(&t, "unknown variant `");
			voke_text_put(&t, m->string, m->string_len < 100 ? m->string_len : 100);
			voke_text_printf(&t, "`, expected one of `none`, `HS256`, `HS384`, `HS512`, `RS256`, `RS384`, `RS512`, `ES256`, `ES384`, `ES512`, `PS256`, `PS384`, `PS512`");
			typed_line(v, hdr, s, n, message);
			return false;
		}
		alg = m;
	}
	if(!alg){
		set(v, false, "ALG_NOT_RS256", "JsonError", "the header has no alg");
		typed_line(v, hdr, s, n, "missing field `alg`");
		return false;
	}
	*alg_out = alg;
	return true;
}

struct claims {
	bool has_exp, has_nbf, has_iat;
	long long exp, nbf, iat;
	const struct voke_json_member *sub;
};

/* Step 5: the claims typed in the order written. Sets v->crash for a date chrono cannot hold. */
static bool check_claim_types(const unsigned char *s, size_t n, struct voke_json_object *o, struct claims *c, struct voke_verdict *v)
{
	if(!read_object(s, n, "ClaimsSet", "TOKEN_PAYLOAD_NOT_JSON", "TOKEN_PAYLOAD_NOT_OBJECT", o, v)) return false;
	static const char *const dates[3] = { "exp", "nbf", "iat" };
	static const char *const not_integer[3] = { "EXP_NOT_INTEGER", "NBF_NOT_INTEGER", "IAT_NOT_INTEGER" };
	static const char *const out_of_range[3] = { "EXP_OUT_OF_RANGE", "NBF_OUT_OF_RANGE", "IAT_OUT_OF_RANGE" };
	for(size_t k = 0; k < o->count; k++){
		const struct voke_json_member *m = &o->members[k];
		if(repeated(o, k)){
			set(v, false, "CLAIM_DUPLICATE", "JsonError", "the payload has a member name more than once");
			duplicate_line(v, o, s, n, m);
			return false;
		}
		if(m->type == VOKE_JSON_NULL) continue; /* null counts as absent */
		if(name_is(m, "sub")){
			if(m->type != VOKE_JSON_STRING){
				set(v, false, "SUB_NOT_STRING", "JsonError", "sub is not a string");
				unexpected_line(v, o, s, n, m, "invalid type: ", "a string");
				return false;
			}
			c->sub = m;
		}
		for(int d = 0; d < 3; d++){
			if(!name_is(m, dates[d])) continue;
			long long value = 0;
			bool big = false;
			if(!voke_serde_i64(m, &value, &big)){
				set(v, false, not_integer[d], "JsonError", "%s is not an integer NumericDate", dates[d]);
				if(big){
					char message[160];
					snprintf(message, sizeof message, "invalid value: integer `%.*s`, expected i64", (int)m->lexeme_len, m->lexeme);
					typed_line(v, o, s, n, message);
				}else unexpected_line(v, o, s, n, m, "invalid type: ", "i64");
				return false;
			}
			if(value > CHRONO_MAX_TIMESTAMP || value < CHRONO_MIN_TIMESTAMP){
				set(v, false, out_of_range[d], "panic", "%s %lld is beyond the date range: the real plugin panics and the whole broker dies; this one refuses", dates[d], value);
				v->crash = true;
				fixed_line(v, "thread '<unnamed>' (PID) panicked at \xE2\x80\xA6/chrono-0.4.23/src/naive/datetime/mod.rs:128:18: invalid or out-of-range datetime");
				return false;
			}
			if(d == 0){ c->has_exp = true; c->exp = value; }
			if(d == 1){ c->has_nbf = true; c->nbf = value; }
			if(d == 2){ c->has_iat = true; c->iat = value; }
		}
	}
	return true;
}

/* Step 6: zero leeway. chrono prints the difference to the broker's exact clock. */
static bool check_times(const struct claims *c, long long now, long nanos, const struct voke_jwt_options *o, struct voke_verdict *v)
{
	struct voke_text t;
	if(o->validate_exp && c->has_exp && c->exp <= now){
		set(v, false, "EXPIRED", "Expired", "the token expired %lld s ago (exp <= now, no leeway)", now - c->exp);
		t = line_of(v);
		voke_text_printf(&t, "jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: %lld, nanos: %ld }))", now - c->exp, nanos);
		return false;
	}
	const bool has[2] = { c->has_nbf, c->has_iat };
	const long long value[2] = { c->nbf, c->iat };
	static const char *const names[2] = { "nbf", "iat" }, *const rules[2] = { "NBF_IN_FUTURE", "IAT_IN_FUTURE" };
	for(int k = 0; k < 2; k++){
		if(!has[k] || value[k] <= now) continue;
		set(v, false, rules[k], "NotYetValid", "%s is %lld s in the broker's future", names[k], value[k] - now);
		t = line_of(v);
		voke_text_printf(&t, "jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: %lld, nanos: %ld }))",
				value[k] - now - (nanos > 0 ? 1 : 0), nanos > 0 ? 1000000000L - nanos : 0L);
		return false;
	}
	return true;
}

/* Step 7: sub present and equal to the username, byte for byte. */
static bool check_sub(const struct claims *c, const char *username, struct voke_verdict *v)
{
	if(!c->sub){
		set(v, false, "SUB_MISSING", "SubMissing", "the token has no sub claim");
		fixed_line(v, "jwt-auth: claim 'sub' is missing");
		return false;
	}
	size_t ulen = strlen(username);
	if(ulen == c->sub->string_len && memcmp(username, c->sub->string, ulen) == 0) return true;
	set(v, false, "SUB_MISMATCH", "SubMismatch", "sub does not equal the MQTT username");
	struct voke_text t = line_of(v);
	voke_text_printf(&t, "jwt-auth: claim 'sub': '");
	voke_text_put(&t, c->sub->string, c->sub->string_len);
	voke_text_printf(&t, "' doesn't match username: '");
	voke_text_put(&t, username, ulen);
	voke_text_printf(&t, "'");
	return false;
}

static bool verify_rs256(EVP_PKEY *pkey, const struct parts *t, const unsigned char *sig, size_t sig_len)
{
	/* The signing input is the header and payload text exactly as sent, with the dot. */
	size_t input_len = t->len[0] + 1 + t->len[1];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1
		&& EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)t->text[0], input_len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The header's alg when the header part decodes to a JSON object with a string alg. */
static bool known_other_alg(const struct parts *t)
{
	size_t len;
	unsigned char *bytes = voke_base64url_decode(t->text[0], t->len[0], &len, NULL);
	if(!bytes) return false;
	struct voke_json_object hdr;
	char err[96];
	bool other = false;
	if(voke_json_parse_top((const char *)bytes, len, &hdr, err, sizeof err)){
		const struct voke_json_member *alg = hdr.is_object ? voke_json_get(&hdr, "alg") : NULL;
		if(alg && alg->type == VOKE_JSON_STRING && !(alg->string_len == 5 && memcmp(alg->string, "RS256", 5) == 0)){
			for(size_t a = 0; a < KNOWN_ALG_COUNT; a++){
				if(alg->string_len == strlen(KNOWN_ALGS[a]) && memcmp(alg->string, KNOWN_ALGS[a], alg->string_len) == 0) other = true;
			}
		}
		voke_json_free(&hdr);
	}
	free(bytes);
	return other;
}

/* Step 3 failed: name the cause the token shows; the real plugin logs InvalidSignature for all. */
static void signature_cause(const unsigned char *pw, size_t len, const struct parts *t, struct voke_verdict *v)
{
	fixed_line(v, "jwt-auth: error decoding jwt: ValidationError(InvalidSignature)");
	if(len > 6 && strncasecmp((const char *)pw, "bearer", 6) == 0 && is_space(pw[6])){
		set(v, false, "TOKEN_BEARER_PREFIX", "InvalidSignature", "the password starts with \"Bearer \"");
		return;
	}
	for(size_t i = 0; i < t->len[0] + 1 + t->len[1]; i++){
		if(is_space((unsigned char)t->text[0][i])){
			set(v, false, "TOKEN_WHITESPACE", "InvalidSignature", "the token has whitespace at byte %zu before its signature", i + 1);
			return;
		}
	}
	static const char *const shape_rules[3] = { "TOKEN_PADDING", "TOKEN_BASE64_ALPHABET", "TOKEN_BASE64URL" };
	for(int r = 0; r < 3; r++){
		for(int k = 0; k < 2; k++){
			size_t out_len;
			struct voke_b64_error e;
			unsigned char *bytes = voke_base64url_decode(t->text[k], t->len[k], &out_len, &e);
			if(bytes){ free(bytes); continue; }
			if(strcmp(shape_rule(t->text[k], t->len[k], &e), shape_rules[r]) == 0){
				set(v, false, shape_rules[r], "InvalidSignature", "a part before the signature is not base64url, so the signature cannot match");
				return;
			}
		}
	}
	if(known_other_alg(t)){
		set(v, false, "ALG_NOT_RS256", "InvalidSignature", "the header names another algorithm and the signature is not RS256");
		return;
	}
	set(v, false, "SIGNATURE_MISMATCH", "InvalidSignature", "the signature does not verify with the key file");
}

void voke_jwt_check(const unsigned char *key_file, size_t key_len,
		const char *username, const unsigned char *password, size_t password_len,
		long long now, long now_nanos, const struct voke_jwt_options *options, struct voke_verdict *v)
{
	struct voke_json_object hdr = {0}, claims_obj = {0};
	struct voke_key_result key = {0};
	unsigned char *sig = NULL, *header = NULL, *payload = NULL;
	size_t sig_len = 0, header_len = 0, payload_len = 0;
	memset(v, 0, sizeof *v);

	/* 0. Mosquitto hands over a C string; the real plugin unwraps it as UTF-8 and panics. */
	size_t len = 0;
	if(password){
		const unsigned char *nul = memchr(password, '\0', password_len);
		len = nul ? (size_t)(nul - password) : password_len;
		size_t valid_up_to;
		int error_len;
		if(voke_utf8_error(password, len, &valid_up_to, &error_len)){
			set(v, false, "PASSWORD_NOT_UTF8", "panic", "the password is not valid UTF-8: the real plugin panics and the whole broker dies; this one refuses");
			v->crash = true;
			struct voke_text t = line_of(v);
			voke_text_printf(&t, "thread '<unnamed>' (PID) panicked at src/mosquitto_sys.rs:155:55: called `Result::unwrap()` on an `Err` value: Utf8Error { valid_up_to: %zu, error_len: ", valid_up_to);
			if(error_len < 0) voke_text_printf(&t, "None }");
			else voke_text_printf(&t, "Some(%d) }", error_len);
			return;
		}
	}

	/* 1. A username, then a password at all. */
	if(!username || !*username){
		set(v, false, "USERNAME_EMPTY", "UsernameNotSet", "no MQTT username was sent");
		fixed_line(v, "jwt-auth: username not set");
		return;
	}
	if(!password){
		set(v, false, "PASSWORD_EMPTY", "TokenNotGiven", "no password was sent");
		fixed_line(v, "jwt-auth: token not given");
		return;
	}

	/* 2. Three parts, and the signature part as base64url. */
	struct parts t = {0};
	const char *s = (const char *)password;
	size_t start = 0;
	int count = 0;
	for(size_t i = 0; i <= len; i++){
		if(i == len || s[i] == '.'){
			if(count < 3){ t.text[count] = s + start; t.len[count] = i - start; }
			count++;
			start = i + 1;
		}
	}
	if(count != 3){
		set(v, false, "TOKEN_PARTS", "PartsLengthError", "the token has %d dot-separated parts, not 3", count);
		struct voke_text line = line_of(v);
		voke_text_printf(&line, "jwt-auth: error decoding jwt: DecodeError(PartsLengthError { expected: 3, actual: %d })", count);
		return;
	}
	sig = decode_part(&t, 2, &sig_len, v);
	if(!sig) goto done;

	/* 3. The signature over the raw text, with the key file exactly as loaded. */
	voke_rsa_key_load(key_file, key_len, &key);
	if(key.code){
		set(v, false, key.code, "InvalidSignature", "%s", key.detail);
		fixed_line(v, "jwt-auth: error decoding jwt: ValidationError(InvalidSignature)");
		goto done;
	}
	if(!verify_rs256(key.pkey, &t, sig, sig_len)){
		signature_cause(password, len, &t, v);
		goto done;
	}

	/* 4. The header, typed; alg exactly "RS256". */
	header = decode_part(&t, 0, &header_len, v);
	if(!header) goto done;
	const struct voke_json_member *alg = NULL;
	if(!check_header(header, header_len, &hdr, &alg, v)) goto done;
	if(!(alg->string_len == 5 && memcmp(alg->string, "RS256", 5) == 0)){
		set(v, false, "ALG_NOT_RS256", "WrongAlgorithmHeader", "a valid RS256 signature, but the header alg is another algorithm");
		fixed_line(v, "jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)");
		goto done;
	}

	/* 5.-7. The claims, typed; the times; sub. */
	payload = decode_part(&t, 1, &payload_len, v);
	if(!payload) goto done;
	struct claims c = {0};
	if(!check_claim_types(payload, payload_len, &claims_obj, &c, v)) goto done;
	if(!check_times(&c, now, now_nanos, options, v)) goto done;
	if(options->validate_sub_match_username && !check_sub(&c, username, v)) goto done;
	set(v, true, "OK", "", c.has_exp ? "token accepted" : "token accepted (it has no exp and never expires)");

done:
	if(key.pkey) EVP_PKEY_free(key.pkey);
	voke_json_free(&hdr);
	voke_json_free(&claims_obj);
	free(sig);
	free(header);
	free(payload);
}
