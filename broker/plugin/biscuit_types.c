/* See biscuit_types.h. Each reader follows the serde-derived visitor of its Rust type: members
 * the struct knows, in the order written; a known member twice is "duplicate field"; a value of
 * the wrong type is serde's "invalid type: <what it is>, expected <what the type wants>"; null is
 * None for an Option. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base64url.h"
#include "biscuit_types.h"
#include "serde_text.h"

/* chrono 0.4.23's NaiveDateTime covers years -262144 to 262143: 262143-12-31T23:59:59Z is the last
 * second and -262144-01-01T00:00:00Z the first (lib/tokens/numeric-date.ts derives them). */
#define CHRONO_MAX_TIMESTAMP 8210298412799LL
#define CHRONO_MIN_TIMESTAMP (-8334632851200LL)

static const char *const SIGNATURE_ALGS[] = { "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512" };
#define SIGNATURE_ALG_COUNT (sizeof SIGNATURE_ALGS / sizeof SIGNATURE_ALGS[0])
/* biscuit's Algorithm (a JWK's alg): untagged over signature, key management and content encryption names. */
static const char *const JWK_ALGS[] = { "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512",
	"RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
	"A128GCMKW", "A192GCMKW", "A256GCMKW", "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
	"A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM" };

static bool is(const char *s, size_t len, const char *name) { return len == strlen(name) && memcmp(s, name, len) == 0; }

static bool fault(struct voke_typed_error *err, enum voke_typed_fault f, const char *member, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool fault(struct voke_typed_error *err, enum voke_typed_fault f, const char *member, const char *fmt, ...)
{
	err->fault = f;
	err->member = member;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

/* "invalid type: <unexpected>, expected <expected>" */
static bool invalid_type(struct voke_typed_error *err, enum voke_typed_fault f, const char *member, const struct voke_content *c, const char *expected)
{
	char what[sizeof err->message - 64];
	struct voke_text t = { what, sizeof what, 0, NULL };
	what[0] = '\0';
	voke_text_unexpected(&t, c);
	return fault(err, f, member, "invalid type: %s, expected %s", what, expected);
}

/* Option<String>: null is None. */
static bool read_string(const struct voke_content *c, const char *member, enum voke_typed_fault f, struct voke_typed_error *err)
{
	return c->type == VOKE_UNIT || c->type == VOKE_STRING || invalid_type(err, f, member, c, "a string");
}

/* Option<Vec<String>>. */
static bool read_strings(const struct voke_content *c, const char *member, struct voke_typed_error *err)
{
	if(c->type == VOKE_UNIT) return true;
	if(c->type != VOKE_SEQ) return invalid_type(err, VOKE_TYPED_MEMBER, member, c, "a sequence");
	for(size_t k = 0; k < c->count; k++){
		if(c->items[k].type != VOKE_STRING) return invalid_type(err, VOKE_TYPED_MEMBER, member, &c->items[k], "a string");
	}
	return true;
}

static bool all_strings(const struct voke_content *c)
{
	for(size_t k = 0; k < c->count; k++) if(c->items[k].type != VOKE_STRING) return false;
	return true;
}

#define UNKNOWN (-1)
#define TWICE (-2)

/* Which of names[0..count) member k is (a flattened struct takes only those): UNKNOWN, or TWICE
 * with err filled when the struct already took one of that name (err names owner, or the member). */
static int take(const struct voke_content *map, size_t k, const char *const *names, size_t count, bool *seen, const char *owner,
		struct voke_typed_error *err)
{
	for(size_t f = 0; f < count; f++){
		if(!is(map->keys[k], map->key_lens[k], names[f])) continue;
		if(seen[f]){
			fault(err, VOKE_TYPED_DUPLICATE, owner ? owner : names[f], "duplicate field `%s`", names[f]);
			return TWICE;
		}
		seen[f] = true;
		return (int)f;
	}
	return UNKNOWN;
}

static bool b64url_string(const struct voke_content *c)
{
	if(!c || c->type != VOKE_STRING) return false;
	size_t len;
	unsigned char *bytes = voke_base64url_decode(c->string, c->len, &len, NULL);
	free(bytes);
	return bytes != NULL;
}

static bool string_is(const struct voke_content *c, const char *value) { return c && c->type == VOKE_STRING && is(c->string, c->len, value); }

/* The members of a JWK the common parameters take (all of them, when those read): the key-type
 * structs see only the others. */
static const char *const JWK_COMMON[] = { "use", "key_ops", "alg", "kid", "x5u", "x5c", "x5t" };
#define JWK_COMMON_COUNT (sizeof JWK_COMMON / sizeof JWK_COMMON[0])

static bool jwk_common(const char *s, size_t len)
{
	for(size_t f = 0; f < JWK_COMMON_COUNT; f++) if(is(s, len, JWK_COMMON[f])) return true;
	return false;
}

static bool is_curve(const struct voke_content *c)
{
	return string_is(c, "P-256") || string_is(c, "P-384") || string_is(c, "P-521") || string_is(c, "Ed25519") || string_is(c, "Ed448");
}
static bool kty_ec(const struct voke_content *c) { return string_is(c, "EC"); }
static bool kty_rsa(const struct voke_content *c) { return string_is(c, "RSA"); }
static bool kty_oct(const struct voke_content *c) { return string_is(c, "oct"); }
static bool kty_okp(const struct voke_content *c) { return string_is(c, "OKP"); }
static bool other_primes(const struct voke_content *c);

/* A member of one of the key-type structs: its name, how its value reads, and whether it must be
 * there (null counts as absent only for the optional ones: a required null fails to read). */
struct key_field {
	const char *name;
	bool (*read)(const struct voke_content *);
	bool required;
};

#define MAX_KEY_FIELDS 10

/* One key-type struct over the buffered members (skipping the common parameters' when asked):
 * the members it knows in the order written; a known name twice, a value that does not read or a
 * required member missing means this struct does not match. Its own error is swallowed by the
 * untagged enum, so only the yes/no counts. */
static bool key_struct(const struct voke_content *map, bool skip_common, const struct key_field *fields, size_t count)
{
	bool seen[MAX_KEY_FIELDS] = { false };
	for(size_t k = 0; k < map->count; k++){
		if(skip_common && jwk_common(map->keys[k], map->key_lens[k])) continue;
		for(size_t f = 0; f < count; f++){
			if(!is(map->keys[k], map->key_lens[k], fields[f].name)) continue;
			if(seen[f]) return false;
			seen[f] = true;
			const struct voke_content *v = &map->items[k];
			if(v->type == VOKE_UNIT && !fields[f].required) break;
			if(!fields[f].read(v)) return false;
			break;
		}
	}
	for(size_t f = 0; f < count; f++) if(fields[f].required && !seen[f]) return false;
	return true;
}

/* RSA's oth: a list of OtherPrimesInfo { r, d, t }, each a map with all three. */
static bool other_primes(const struct voke_content *c)
{
	static const struct key_field info[] = { { "r", b64url_string, true }, { "d", b64url_string, true }, { "t", b64url_string, true } };
	if(c->type != VOKE_SEQ) return false;
	for(size_t k = 0; k < c->count; k++){
		if(c->items[k].type != VOKE_MAP || !key_struct(&c->items[k], false, info, 3)) return false;
	}
	return true;
}

/* AlgorithmParameters, untagged: EC, RSA, oct, OKP tried in order over the members the common
 * parameters left; the first that reads them is the key. */
static bool algorithm_parameters(const struct voke_content *map)
{
	static const struct key_field ec[] = { { "kty", kty_ec, true }, { "crv", is_curve, true }, { "x", b64url_string, true }, { "y", b64url_string, true },
		{ "d", b64url_string, false } };
	static const struct key_field rsa[] = { { "kty", kty_rsa, true }, { "n", b64url_string, true }, { "e", b64url_string, true }, { "d", b64url_string, false },
		{ "p", b64url_string, false }, { "q", b64url_string, false }, { "dp", b64url_string, false }, { "dq", b64url_string, false },
		{ "qi", b64url_string, false }, { "oth", other_primes, false } };
	static const struct key_field oct[] = { { "kty", kty_oct, true }, { "k", b64url_string, true } };
	static const struct key_field okp[] = { { "kty", kty_okp, true }, { "crv", is_curve, true }, { "x", b64url_string, true }, { "d", b64url_string, false } };
	return key_struct(map, true, ec, 5) || key_struct(map, true, rsa, 10) || key_struct(map, true, oct, 2) || key_struct(map, true, okp, 4);
}

/* Option<JWK<Empty>>: CommonParameters, then the untagged AlgorithmParameters. */
static bool read_jwk(const struct voke_content *c, struct voke_typed_error *err)
{
	if(c->type == VOKE_UNIT) return true;
	if(c->type != VOKE_MAP) return invalid_type(err, VOKE_TYPED_MEMBER, "jwk", c, "struct JWK");
	bool seen[JWK_COMMON_COUNT] = { false };
	for(size_t k = 0; k < c->count; k++){
		int f = take(c, k, JWK_COMMON, JWK_COMMON_COUNT, seen, "jwk", err);
		if(f == TWICE) return false;
		if(f == UNKNOWN) continue;
		const struct voke_content *v = &c->items[k];
		if(f == 1){
			if(v->type == VOKE_UNIT) continue;
			if(v->type != VOKE_SEQ) return invalid_type(err, VOKE_TYPED_MEMBER, "jwk", v, "a sequence");
			for(size_t e = 0; e < v->count; e++) if(v->items[e].type != VOKE_STRING) return invalid_type(err, VOKE_TYPED_MEMBER, "jwk", &v->items[e], "a string");
		}else if(f == 2){
			if(v->type == VOKE_UNIT) continue;
			bool ok = false;
			for(size_t a = 0; v->type == VOKE_STRING && a < sizeof JWK_ALGS / sizeof JWK_ALGS[0]; a++) if(is(v->string, v->len, JWK_ALGS[a])) ok = true;
			if(!ok) return fault(err, VOKE_TYPED_MEMBER, "jwk", "data did not match any variant of untagged enum Algorithm");
		}else if(f == 5){
			if(!read_strings(v, "jwk", err)) return false;
		}else if(!read_string(v, "jwk", VOKE_TYPED_MEMBER, err)) return false;
	}
	if(!algorithm_parameters(c)) return fault(err, VOKE_TYPED_MEMBER, "jwk", "data did not match any variant of untagged enum AlgorithmParameters");
	return true;
}

/* SignatureAlgorithm, an enum of unit variants read from Content: a name, or a map of one name to null. */
static bool read_alg(const struct voke_content *c, const char **alg, struct voke_typed_error *err)
{
	const char *name;
	size_t len;
	const struct voke_content *value = NULL;
	if(c->type == VOKE_STRING){ name = c->string; len = c->len; }
	else if(c->type == VOKE_MAP){
		if(c->count != 1) return fault(err, VOKE_TYPED_ALG, "alg", "invalid value: map, expected map with a single key");
		name = c->keys[0];
		len = c->key_lens[0];
		value = &c->items[0];
	}else return invalid_type(err, VOKE_TYPED_ALG, "alg", c, "string or map");
	for(size_t a = 0; a < SIGNATURE_ALG_COUNT; a++){
		if(!is(name, len, SIGNATURE_ALGS[a])) continue;
		if(value && value->type != VOKE_UNIT) return invalid_type(err, VOKE_TYPED_ALG, "alg", value, "unit");
		*alg = SIGNATURE_ALGS[a];
		return true;
	}
	char shown[sizeof err->message - 300];
	snprintf(shown, sizeof shown, "%.*s", (int)(len < sizeof shown - 1 ? len : sizeof shown - 1), name);
	return fault(err, VOKE_TYPED_ALG, "alg", "unknown variant `%s`, expected one of `none`, `HS256`, `HS384`, `HS512`, `RS256`, `RS384`, `RS512`, `ES256`, `ES384`, `ES512`, `PS256`, `PS384`, `PS512`", shown);
}

bool voke_read_header(const struct voke_content *map, const char **alg, struct voke_typed_error *err)
{
	static const char *const fields[] = { "alg", "typ", "cty", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "crit" };
	bool seen[10] = { false };
	*alg = NULL;
	memset(err, 0, sizeof *err);
	for(size_t k = 0; k < map->count; k++){
		int f = take(map, k, fields, 10, seen, NULL, err);
		if(f == TWICE) return false;
		if(f == UNKNOWN) continue;
		const struct voke_content *v = &map->items[k];
		bool ok;
		switch(f){
			case 0: ok = read_alg(v, alg, err); break;
			case 4: ok = read_jwk(v, err); break;
			case 7: case 9: ok = read_strings(v, fields[f], err); break;
			default: ok = read_string(v, fields[f], VOKE_TYPED_MEMBER, err); break;
		}
		if(!ok) return false;
	}
	if(!seen[0]) return fault(err, VOKE_TYPED_ALG, "alg", "missing field `alg`");
	return true;
}

/* Option<Timestamp>: an i64 (a u64 above i64::MAX is an invalid value), then chrono's range. */
static bool read_date(const struct voke_content *c, const char *member, bool *has, long long *out, struct voke_typed_error *err)
{
	if(c->type == VOKE_UNIT) return true;
	long long v;
	if(c->type == VOKE_I64) v = c->i64;
	else if(c->type == VOKE_U64){
		if(c->u64 > 9223372036854775807ULL) return fault(err, VOKE_TYPED_DATE, member, "invalid value: integer `%llu`, expected i64", c->u64);
		v = (long long)c->u64;
	}else return invalid_type(err, VOKE_TYPED_DATE, member, c, "i64");
	if(v > CHRONO_MAX_TIMESTAMP || v < CHRONO_MIN_TIMESTAMP) return fault(err, VOKE_TYPED_DATE_RANGE, member, "invalid or out-of-range datetime");
	*has = true;
	*out = v;
	return true;
}

bool voke_read_claims(const struct voke_content *map, struct voke_claims *claims, struct voke_typed_error *err)
{
	memset(claims, 0, sizeof *claims);
	memset(err, 0, sizeof *err);
	/* RegisteredClaims first, over the whole object ... */
	static const char *const registered[] = { "iss", "sub", "aud", "exp", "nbf", "iat", "jti" };
	bool seen[7] = { false };
	for(size_t k = 0; k < map->count; k++){
		int f = take(map, k, registered, 7, seen, NULL, err);
		if(f == TWICE) return false;
		if(f == UNKNOWN) continue;
		const struct voke_content *v = &map->items[k];
		bool ok = true;
		switch(f){
			case 0: case 6: ok = read_string(v, registered[f], VOKE_TYPED_MEMBER, err); break;
			case 1:
				ok = read_string(v, "sub", VOKE_TYPED_SUB, err);
				if(ok && v->type == VOKE_STRING) claims->sub = v;
				break;
			case 2:
				if(v->type == VOKE_UNIT || v->type == VOKE_STRING || (v->type == VOKE_SEQ && all_strings(v))) break;
				ok = fault(err, VOKE_TYPED_MEMBER, "aud", "data did not match any variant of untagged enum SingleOrMultiple");
				break;
			case 3: ok = read_date(v, "exp", &claims->has_exp, &claims->exp, err); break;
			case 4: ok = read_date(v, "nbf", &claims->has_nbf, &claims->nbf, err); break;
			case 5: ok = read_date(v, "iat", &claims->has_iat, &claims->iat, err); break;
		}
		if(!ok) return false;
	}
	/* ... then the plugin's Claims over what is left (its sub was taken above). */
	static const char *const own[] = { "publ", "subs" };
	bool own_seen[2] = { false };
	for(size_t k = 0; k < map->count; k++){
		int f = take(map, k, own, 2, own_seen, NULL, err);
		if(f == TWICE) return false;
		if(f == UNKNOWN) continue;
		const struct voke_content *v = &map->items[k];
		if(!read_strings(v, own[f], err)) return false;
		if(v->type == VOKE_SEQ){
			if(f == 0) claims->publ = v;
			else claims->subs = v;
		}
	}
	return true;
}

/* One level of a filter: its text up to and including the '/' that ends it. */
static const char *element_error(const char *e, size_t len, bool *multi_level, char *out, size_t size)
{
	*multi_level = false;
	if(e[0] == '#'){ *multi_level = true; return NULL; }
	if(e[0] == '+') return NULL;
	if(!memchr(e, '+', len) && !memchr(e, '#', len)) return NULL;
	struct voke_text t = { out, size, 0, NULL };
	out[0] = '\0';
	voke_text_printf(&t, "InvalidTopicName(");
	voke_text_debug(&t, e, len);
	voke_text_printf(&t, ")");
	return out;
}

const char *voke_topic_filter_error(const char *filter, size_t len, char *out, size_t size)
{
	size_t last = 0;
	bool multi;
	for(size_t i = 0; i < len; i++){
		if(filter[i] != '/') continue;
		size_t index = i + 1;
		if(index >= len) continue;
		const char *error = element_error(filter + last, index - last, &multi, out, size);
		last = index;
		if(error) return error;
		if(multi){
			snprintf(out, size, "TopicAfterMultiLevelWildcard");
			return out;
		}
	}
	if(last < len) return element_error(filter + last, len - last, &multi, out, size);
	return NULL;
}
