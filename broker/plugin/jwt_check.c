/* The checks of the Voke JWT listener in the real plugin's order (mosquitto-jwt-auth 0.4.0 over
 * biscuit 0.6); the first failure decides, and jwt_line gets the line the real plugin prints for
 * it: 0. UTF-8 (the real one panics), 1. a password at all, 2. three parts and the signature
 * part's base64url, 3. RS256 signature with the key file, 4. the header read by serde_json and
 * typed as biscuit's RegisteredHeader, alg RS256, 5. the claims read and typed (RegisteredClaims,
 * then the plugin's sub/publ/subs; dates beyond chrono's range panic in the real one),
 * 6. exp, then nbf and iat, zero leeway, 7. sub present, a username, sub equal to it,
 * 8. every publ then subs entry a topic filter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "base64url.h"
#include "jwt_check.h"
#include "rsa_key.h"
#include "biscuit_types.h"
#include "serde_json_reader.h"
#include "serde_text.h"
#include "utf8.h"


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
	v->jwt_line_len = 0;
	return (struct voke_text){ v->jwt_line, sizeof v->jwt_line, 0, &v->jwt_line_len };
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

static void json_line(struct voke_verdict *v, const char *message, size_t line_no, size_t column)
{
	struct voke_text t = line_of(v);
	voke_text_printf(&t, "jwt-auth: error decoding jwt: JsonError(Error(");
	voke_text_debug(&t, message, strlen(message));
	voke_text_printf(&t, ", line: %zu, column: %zu))", line_no, column);
}

struct part_rules {
	const char *name;        /* "header" or "payload" */
	const char *not_json, *not_object, *duplicate;
};

static const struct part_rules HEADER_RULES = { "header", "TOKEN_HEADER_NOT_JSON", "TOKEN_HEADER_NOT_OBJECT", "HEADER_DUPLICATE" };
static const struct part_rules CLAIMS_RULES = { "payload", "TOKEN_PAYLOAD_NOT_JSON", "TOKEN_PAYLOAD_NOT_OBJECT", "CLAIM_DUPLICATE" };

/* serde_json::from_slice's first phase: the object buffered whole; syntax errors and a value
 * that is not an object are refused here with serde_json's message and position. */
static bool read_part(const unsigned char *s, size_t n, const char *struct_name, const struct part_rules *rules,
		struct voke_content *map, size_t *after_close, bool *trailing, struct voke_verdict *v)
{
	struct voke_serde_error err;
	if(voke_serde_read_struct(s, n, struct_name, map, after_close, trailing, &err)) return true;
	bool not_object = strncmp(err.message, "invalid type: ", 14) == 0;
	if(not_object) set(v, false, rules->not_object, "JsonError", "the %s is JSON but not an object", rules->name);
	else set(v, false, rules->not_json, "JsonError", "the %s is not JSON (%.120s)", rules->name, err.message);
	json_line(v, err.message, err.line, err.column);
	voke_content_free(map);
	return false;
}

/* A typed error, positioned where serde_json puts it: just past the object's closing '}'. */
static void typed_line(struct voke_verdict *v, const unsigned char *s, size_t n, size_t after_close, const char *message)
{
	size_t line_no, column;
	voke_serde_position(s, n, after_close, &line_no, &column);
	json_line(v, message, line_no, column);
}

/* from_slice's last step, de.end(): only whitespace may follow the object. */
static bool nothing_after(const unsigned char *s, size_t n, size_t after_close, bool trailing, const struct part_rules *rules, struct voke_verdict *v)
{
	if(!trailing) return true;
	struct voke_serde_error err;
	voke_serde_trailing_error(s, n, after_close, &err);
	set(v, false, rules->not_json, "JsonError", "the %s has text after its JSON object", rules->name);
	json_line(v, err.message, err.line, err.column);
	return false;
}

/* Step 4: the header typed; returns its alg. */
static bool check_header(const unsigned char *s, size_t n, struct voke_content *hdr, const char **alg, struct voke_verdict *v)
{
	size_t after_close;
	bool trailing;
	if(!read_part(s, n, "Header", &HEADER_RULES, hdr, &after_close, &trailing, v)) return false;
	struct voke_typed_error err;
	if(!voke_read_header(hdr, alg, &err)){
		if(err.fault == VOKE_TYPED_DUPLICATE) set(v, false, "HEADER_DUPLICATE", "JsonError", "the header has its %s member more than once", err.member);
		else if(err.fault == VOKE_TYPED_ALG) set(v, false, "ALG_NOT_RS256", "JsonError", "the header alg is missing or no algorithm name the plugin knows");
		else set(v, false, "HEADER_MEMBER_TYPE", "JsonError", "the header member %s has the wrong JSON type", err.member);
		typed_line(v, s, n, after_close, err.message);
		return false;
	}
	return nothing_after(s, n, after_close, trailing, &HEADER_RULES, v);
}

/* Step 5: the claims typed. Sets v->crash for a date chrono cannot hold. */
static bool check_claim_types(const unsigned char *s, size_t n, struct voke_content *o, struct voke_claims *c, struct voke_verdict *v)
{
	size_t after_close;
	bool trailing;
	if(!read_part(s, n, "ClaimsSet", &CLAIMS_RULES, o, &after_close, &trailing, v)) return false;
	struct voke_typed_error err;
	if(!voke_read_claims(o, c, &err)){
		const char *m = err.member;
		switch(err.fault){
			case VOKE_TYPED_DUPLICATE: set(v, false, "CLAIM_DUPLICATE", "JsonError", "the payload has its %s claim more than once", m); break;
			case VOKE_TYPED_SUB: set(v, false, "SUB_NOT_STRING", "JsonError", "sub is not a string"); break;
			case VOKE_TYPED_DATE:
				set(v, false, strcmp(m, "exp") == 0 ? "EXP_NOT_INTEGER" : strcmp(m, "nbf") == 0 ? "NBF_NOT_INTEGER" : "IAT_NOT_INTEGER",
						"JsonError", "%s is not an integer NumericDate", m);
				break;
			case VOKE_TYPED_DATE_RANGE: {
				set(v, false, strcmp(m, "exp") == 0 ? "EXP_OUT_OF_RANGE" : strcmp(m, "nbf") == 0 ? "NBF_OUT_OF_RANGE" : "IAT_OUT_OF_RANGE",
						"panic", "%s is beyond the date range: the real plugin panics and the whole broker dies; this one refuses", m);
				v->crash = true;
				fixed_line(v, "thread '<unnamed>' (PID) panicked at \xE2\x80\xA6/chrono-0.4.23/src/naive/datetime/mod.rs:128:18: invalid or out-of-range datetime");
				return false;
			}
			default: set(v, false, "CLAIM_TYPE", "JsonError", "the %s claim has the wrong JSON type", m); break;
		}
		typed_line(v, s, n, after_close, err.message);
		return false;
	}
	return nothing_after(s, n, after_close, trailing, &CLAIMS_RULES, v);
}

/* Step 6: zero leeway. chrono prints the difference to the broker's exact clock. */
static bool check_times(const struct voke_claims *c, long long now, long nanos, const struct voke_jwt_options *o, struct voke_verdict *v)
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

/* Step 7: sub present, then a username, then sub equal to it byte for byte. Only here does the
 * real plugin look at the username: an empty one with a faulty token is logged as the fault. */
static bool check_sub(const struct voke_claims *c, const char *username, struct voke_verdict *v)
{
	if(!c->sub){
		set(v, false, "SUB_MISSING", "SubMissing", "the token has no sub claim");
		fixed_line(v, "jwt-auth: claim 'sub' is missing");
		return false;
	}
	if(!username || !*username){
		set(v, false, "USERNAME_EMPTY", "UsernameNotSet", "no MQTT username was sent");
		fixed_line(v, "jwt-auth: username not set");
		return false;
	}
	size_t ulen = strlen(username);
	if(ulen == c->sub->len && memcmp(username, c->sub->string, ulen) == 0) return true;
	set(v, false, "SUB_MISMATCH", "SubMismatch", "sub does not equal the MQTT username");
	struct voke_text t = line_of(v);
	voke_text_printf(&t, "jwt-auth: claim 'sub': '");
	voke_text_put(&t, c->sub->string, c->sub->len);
	voke_text_printf(&t, "' doesn't match username: '");
	voke_text_put(&t, username, ulen);
	voke_text_printf(&t, "'");
	return false;
}

/* Step 8: the plugin's permissions from publ, then subs: every entry must parse as a topic filter. */
static bool check_filters(const struct voke_claims *c, struct voke_verdict *v)
{
	const struct voke_content *lists[2] = { c->publ, c->subs };
	for(int k = 0; k < 2; k++){
		for(size_t e = 0; lists[k] && e < lists[k]->count; e++){
			char error[600];
			const struct voke_content *f = &lists[k]->items[e];
			if(!voke_topic_filter_error(f->string, f->len, error, sizeof error)) continue;
			set(v, false, "TOPIC_FILTER_INVALID", "TopicPathError", "a %s entry is not an MQTT topic filter", k == 0 ? "publ" : "subs");
			struct voke_text t = line_of(v);
			voke_text_printf(&t, "jwt-auth: ");
			voke_text_put(&t, error, strlen(error));
			return false;
		}
	}
	return true;
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

/* The header names another algorithm biscuit knows (for the rule code of a bad signature). */
static bool known_other_alg(const struct parts *t)
{
	size_t len, after_close;
	bool trailing, other = false;
	unsigned char *bytes = voke_base64url_decode(t->text[0], t->len[0], &len, NULL);
	if(!bytes) return false;
	struct voke_content hdr;
	struct voke_serde_error err;
	if(voke_serde_read_struct(bytes, len, "Header", &hdr, &after_close, &trailing, &err)){
		struct voke_typed_error typed;
		const char *alg = NULL;
		other = voke_read_header(&hdr, &alg, &typed) && strcmp(alg, "RS256") != 0;
		voke_content_free(&hdr);
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
	struct voke_content hdr = {0}, claims_obj = {0};
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

	/* 1. A password at all (the username is only looked at in step 7). */
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
	const char *alg = NULL;
	if(!check_header(header, header_len, &hdr, &alg, v)) goto done;
	if(strcmp(alg, "RS256") != 0){
		set(v, false, "ALG_NOT_RS256", "WrongAlgorithmHeader", "a valid RS256 signature, but the header alg is another algorithm");
		fixed_line(v, "jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)");
		goto done;
	}

	/* 5.-8. The claims, typed; the times; sub and the username; publ and subs. */
	payload = decode_part(&t, 1, &payload_len, v);
	if(!payload) goto done;
	struct voke_claims c;
	if(!check_claim_types(payload, payload_len, &claims_obj, &c, v)) goto done;
	if(!check_times(&c, now, now_nanos, options, v)) goto done;
	if(options->validate_sub_match_username && !check_sub(&c, username, v)) goto done;
	if(!check_filters(&c, v)) goto done;
	set(v, true, "OK", "", c.has_exp ? "token accepted" : "token accepted (it has no exp and never expires)");

done:
	if(key.pkey) EVP_PKEY_free(key.pkey);
	voke_content_free(&hdr);
	voke_content_free(&claims_obj);
	free(sig);
	free(header);
	free(payload);
}
