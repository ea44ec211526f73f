/* The checks of the Voke JWT listener, in the real plugin's order; the first failure decides:
 * 1. password shape, 2. RS256 signature with the key file, 3. header alg, 4. claims. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "base64url.h"
#include "jwt_check.h"
#include "rsa_key.h"
#include "strict_json.h"
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

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

struct parts {
	const char *text[3];
	size_t len[3];
	unsigned char *bytes[3];
	size_t bytes_len[3];
};

static void parts_free(struct parts *t)
{
	for(int k = 0; k < 3; k++) free(t->bytes[k]);
}

static const char *const PART_NAMES[3] = { "header", "payload", "signature" };

/* Rule 1: a compact JWS, three strict base64url parts. */
static bool check_shape(const unsigned char *pw, size_t len, struct parts *t, struct voke_verdict *v)
{
	if(!pw || len == 0){
		set(v, false, "PASSWORD_EMPTY", "InvalidToken", pw ? "the password is empty" : "no password was sent");
		return false;
	}
	if(memchr(pw, '\0', len) || !voke_utf8_valid(pw, len)){
		/* The real plugin panics here and takes the broker down; this one refuses. */
		set(v, false, "PASSWORD_NOT_UTF8", "InvalidToken", "the password is not valid UTF-8 (the real plugin crashes the broker on this)");
		return false;
	}
	if(len > 6 && strncasecmp((const char *)pw, "bearer", 6) == 0 && is_space(pw[6])){
		set(v, false, "TOKEN_BEARER_PREFIX", "InvalidToken", "the password starts with \"Bearer \"");
		return false;
	}
	for(size_t i = 0; i < len; i++){
		if(is_space(pw[i])){
			set(v, false, "TOKEN_WHITESPACE", "InvalidToken", "the password contains whitespace at byte %zu", i + 1);
			return false;
		}
	}
	const char *s = (const char *)pw;
	size_t start = 0;
	int count = 0;
	for(size_t i = 0; i <= len; i++){
		if(i == len || s[i] == '.'){
			if(count < 3){ t->text[count] = s + start; t->len[count] = i - start; }
			count++;
			start = i + 1;
		}
	}
	if(count != 3){
		set(v, false, "TOKEN_PARTS", "InvalidToken", "the token has %d dot-separated parts, not 3", count);
		return false;
	}
	for(int k = 0; k < 3; k++){
		if(memchr(t->text[k], '=', t->len[k])){
			set(v, false, "TOKEN_PADDING", "InvalidToken", "the %s part has \"=\" padding", PART_NAMES[k]);
			return false;
		}
		if(memchr(t->text[k], '+', t->len[k]) || memchr(t->text[k], '/', t->len[k])){
			set(v, false, "TOKEN_BASE64_ALPHABET", "InvalidToken", "the %s part uses the standard base64 alphabet (+ or /)", PART_NAMES[k]);
			return false;
		}
		t->bytes[k] = voke_base64url_decode(t->text[k], t->len[k], &t->bytes_len[k]);
		if(!t->bytes[k]){
			set(v, false, "TOKEN_BASE64URL", "InvalidToken", "the %s part is not valid base64url", PART_NAMES[k]);
			return false;
		}
	}
	return true;
}

/* The header's alg when the header is a JSON object with a string alg; copied into buf. */
static bool header_alg(const struct parts *t, char *buf, size_t size, struct voke_json_object *hdr)
{
	char err[96];
	if(!voke_json_parse_top((const char *)t->bytes[0], t->bytes_len[0], hdr, err, sizeof err)) return false;
	const struct voke_json_member *alg = hdr->is_object ? voke_json_get(hdr, "alg") : NULL;
	if(!alg || alg->type != VOKE_JSON_STRING){
		snprintf(buf, size, "(none)");
		return true;
	}
	size_t k = 0;
	for(size_t i = 0; i < alg->string_len && k + 1 < size; i++){
		unsigned char c = (unsigned char)alg->string[i];
		buf[k++] = (c >= 0x20 && c < 0x7F && c != '"') ? (char)c : '?';
	}
	buf[k] = '\0';
	return true;
}

static bool alg_is_rs256(const struct voke_json_object *hdr)
{
	const struct voke_json_member *alg = hdr->is_object ? voke_json_get(hdr, "alg") : NULL;
	return alg && alg->type == VOKE_JSON_STRING && alg->string_len == 5 && memcmp(alg->string, "RS256", 5) == 0;
}

static bool verify_rs256(EVP_PKEY *pkey, const struct parts *t)
{
	/* The signing input is the header and payload text exactly as sent, with the dot. */
	size_t input_len = t->len[0] + 1 + t->len[1];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1
		&& EVP_DigestVerify(ctx, t->bytes[2], t->bytes_len[2], (const unsigned char *)t->text[0], input_len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* Rule 4 for nbf/iat: integer when present, not in the future (zero leeway). */
static bool check_not_future(const struct voke_json_object *claims, const char *name, const char *not_integer, const char *in_future,
		long long now, struct voke_verdict *v)
{
	const struct voke_json_member *m = voke_json_get(claims, name);
	if(!m) return true;
	long long value;
	if(!voke_json_integer(m, &value)){
		set(v, false, not_integer, "InvalidClaims", "%s is not an integer NumericDate", name);
		return false;
	}
	if(value > now){
		set(v, false, in_future, "InvalidClaims", "%s is %lld s in the broker's future", name, value - now);
		return false;
	}
	return true;
}

static void check_claims(const struct parts *t, const char *username, long long now, const struct voke_jwt_options *o, struct voke_verdict *v)
{
	struct voke_json_object claims;
	char err[96];
	if(!voke_json_parse_top((const char *)t->bytes[1], t->bytes_len[1], &claims, err, sizeof err)){
		set(v, false, "TOKEN_PAYLOAD_NOT_JSON", "InvalidClaims", "the payload is not valid JSON (%s)", err);
		return;
	}
	if(!claims.is_object){
		set(v, false, "TOKEN_PAYLOAD_NOT_OBJECT", "InvalidClaims", "the payload is JSON but not an object");
		voke_json_free(&claims);
		return;
	}
	const char *dup = voke_json_first_duplicate(&claims);
	const struct voke_json_member *sub = voke_json_get(&claims, "sub");
	const struct voke_json_member *exp = voke_json_get(&claims, "exp");
	long long exp_value = 0;
	if(dup){
		set(v, false, "CLAIM_DUPLICATE", "InvalidClaims", "the payload has a member name more than once");
	}else if(o->validate_sub_match_username && !sub){
		set(v, false, "SUB_MISSING", "InvalidClaims", "the token has no sub claim");
	}else if(o->validate_sub_match_username && sub->type != VOKE_JSON_STRING){
		set(v, false, "SUB_NOT_STRING", "InvalidClaims", "sub is not a string");
	}else if(o->validate_sub_match_username
			&& (!username || strlen(username) != sub->string_len || memcmp(username, sub->string, sub->string_len) != 0)){
		set(v, false, "SUB_MISMATCH", "InvalidClaims", username ? "sub does not equal the MQTT username" : "no MQTT username was sent");
	}else if(o->validate_exp && exp && !voke_json_integer(exp, &exp_value)){
		set(v, false, "EXP_NOT_INTEGER", "InvalidClaims", "exp is not an integer NumericDate");
	}else if(o->validate_exp && exp && exp_value <= now){
		set(v, false, "EXPIRED", "InvalidClaims", "the token expired %lld s ago (exp <= now, no leeway)", now - exp_value);
	}else if(check_not_future(&claims, "nbf", "NBF_NOT_INTEGER", "NBF_IN_FUTURE", now, v)
			&& check_not_future(&claims, "iat", "IAT_NOT_INTEGER", "IAT_IN_FUTURE", now, v)){
		set(v, true, "OK", "", exp ? "token accepted" : "token accepted (it has no exp and never expires)");
	}
	voke_json_free(&claims);
}

void voke_jwt_check(const unsigned char *key_file, size_t key_len,
		const char *username, const unsigned char *password, size_t password_len,
		long long now, const struct voke_jwt_options *options, struct voke_verdict *v)
{
	struct parts t = {0};
	struct voke_json_object hdr = {0};
	struct voke_key_result key = {0};
	char alg[40] = "(unreadable header)";
	memset(v, 0, sizeof *v);

	if(!check_shape(password, password_len, &t, v)) goto done;
	bool header_ok = header_alg(&t, alg, sizeof alg, &hdr);

	/* Rule 2: the signature, with the key file exactly as loaded. */
	voke_rsa_key_load(key_file, key_len, &key);
	if(key.code){
		set(v, false, key.code, "InvalidSignature", "%s", key.detail);
		goto done;
	}
	if(!verify_rs256(key.pkey, &t)){
		if(header_ok && !alg_is_rs256(&hdr))
			set(v, false, "ALG_NOT_RS256", "InvalidSignature", "header alg is \"%s\", not RS256, and the signature is not RS256", alg);
		else
			set(v, false, "SIGNATURE_MISMATCH", "InvalidSignature", "the signature does not verify with the key file");
		goto done;
	}

	/* Rule 3: the header, alg exactly "RS256". */
	if(!header_ok){
		set(v, false, "TOKEN_HEADER_NOT_JSON", "InvalidToken", "the header is not valid JSON");
		goto done;
	}
	if(!hdr.is_object){
		set(v, false, "TOKEN_HEADER_NOT_OBJECT", "InvalidToken", "the header is JSON but not an object");
		goto done;
	}
	if(!alg_is_rs256(&hdr)){
		set(v, false, "ALG_NOT_RS256", "InvalidAlgorithm", "header alg is \"%s\", not RS256", alg);
		goto done;
	}

	/* Rule 4: the claims. */
	check_claims(&t, username, now, options, v);

done:
	if(key.pkey) EVP_PKEY_free(key.pkey);
	voke_json_free(&hdr);
	parts_free(&t);
}
