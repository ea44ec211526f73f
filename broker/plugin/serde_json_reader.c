/* serde_json 1.0.87's SliceRead deserializer, step for step (de.rs, read.rs): the same checks in
 * the same order, the same "error" (position of the index) and "peek_error" (one further) calls,
 * so every message and line/column matches the real plugin's. Built without serde_json's
 * float_roundtrip and arbitrary_precision features, as the plugin is. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serde_json_pow10.h"
#include "serde_json_reader.h"
#include "serde_text.h"
#include "utf8.h"

/* serde_json's recursion limit: 128, counted down on every '[' and '{'. */
#define REMAINING_DEPTH 128

struct reader {
	const unsigned char *s;
	size_t n, i;
	int remaining_depth;
	struct voke_serde_error *err;
	bool failed;
};

void voke_serde_position(const unsigned char *s, size_t n, size_t i, size_t *line, size_t *column)
{
	*line = 1;
	*column = 0;
	for(size_t k = 0; k < i && k < n; k++){
		if(s[k] == '\n'){ (*line)++; *column = 0; }
		else (*column)++;
	}
}

static bool fail_at(struct reader *r, size_t index, const char *message)
{
	if(r->failed) return false;
	r->failed = true;
	snprintf(r->err->message, sizeof r->err->message, "%s", message);
	voke_serde_position(r->s, r->n, index, &r->err->line, &r->err->column);
	return false;
}

/* Deserializer::error: the position of the index (after the byte that caused it). */
static bool error(struct reader *r, const char *message) { return fail_at(r, r->i, message); }
/* Deserializer::peek_error: one past the index, capped at the end. */
static bool peek_error(struct reader *r, const char *message) { return fail_at(r, r->i + 1 < r->n ? r->i + 1 : r->n, message); }

static int peek(const struct reader *r) { return r->i < r->n ? r->s[r->i] : -1; }
static int peek_or_null(const struct reader *r) { return r->i < r->n ? r->s[r->i] : 0; }
static int next_char(struct reader *r) { return r->i < r->n ? r->s[r->i++] : -1; }

static int parse_whitespace(struct reader *r)
{
	for(;;){
		int c = peek(r);
		if(c == ' ' || c == '\n' || c == '\t' || c == '\r') r->i++;
		else return c;
	}
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* --- numbers (de.rs parse_integer … f64_from_parts) --- */

static bool f64_from_parts(struct reader *r, bool positive, uint64_t significand, int32_t exponent, double *out)
{
	double f = (double)significand;
	for(;;){
		uint32_t index = exponent < 0 ? (uint32_t)0 - (uint32_t)exponent : (uint32_t)exponent; /* wrapping_abs as usize */
		if(index < 309){
			if(exponent >= 0){
				f *= POW10[index];
				if(isinf(f)) return error(r, "number out of range");
			}else f /= POW10[index];
			break;
		}
		if(f == 0.0) break;
		if(exponent >= 0) return error(r, "number out of range");
		f /= 1e308;
		exponent += 308;
	}
	*out = positive ? f : -f;
	return true;
}

static bool overflows(uint64_t a, uint64_t b, uint64_t max) { return a >= max / 10 && (a > max / 10 || b > max % 10); }

static bool parse_exponent(struct reader *r, bool positive, uint64_t significand, int32_t starting_exp, double *out)
{
	r->i++; /* 'e' or 'E' */
	bool positive_exp = true;
	if(peek_or_null(r) == '+') r->i++;
	else if(peek_or_null(r) == '-'){ r->i++; positive_exp = false; }
	int next = next_char(r);
	if(next < 0) return error(r, "EOF while parsing a value");
	if(!is_digit(next)) return error(r, "invalid number");
	int32_t exp = next - '0';
	while(is_digit(peek_or_null(r))){
		int digit = peek_or_null(r) - '0';
		r->i++;
		if(overflows((uint64_t)exp, (uint64_t)digit, INT32_MAX)){
			/* parse_exponent_overflow: an error instead of infinity, else zero. */
			if(significand != 0 && positive_exp) return error(r, "number out of range");
			while(is_digit(peek_or_null(r))) r->i++;
			*out = positive ? 0.0 : -0.0;
			return true;
		}
		exp = exp * 10 + digit;
	}
	int64_t final_exp = positive_exp ? (int64_t)starting_exp + exp : (int64_t)starting_exp - exp;
	if(final_exp > INT32_MAX) final_exp = INT32_MAX;
	if(final_exp < INT32_MIN) final_exp = INT32_MIN;
	return f64_from_parts(r, positive, significand, (int32_t)final_exp, out);
}

static bool parse_decimal(struct reader *r, bool positive, uint64_t significand, int32_t exponent, double *out)
{
	r->i++; /* '.' */
	while(is_digit(peek_or_null(r))){
		uint64_t digit = (uint64_t)(peek_or_null(r) - '0');
		if(overflows(significand, digit, UINT64_MAX)){
			/* parse_decimal_overflow: further digits are ignored. */
			while(is_digit(peek_or_null(r))) r->i++;
			if(peek_or_null(r) == 'e' || peek_or_null(r) == 'E') return parse_exponent(r, positive, significand, exponent, out);
			return f64_from_parts(r, positive, significand, exponent, out);
		}
		r->i++;
		significand = significand * 10 + digit;
		exponent -= 1;
	}
	if(exponent == 0) return peek(r) >= 0 ? peek_error(r, "invalid number") : peek_error(r, "EOF while parsing a value");
	if(peek_or_null(r) == 'e' || peek_or_null(r) == 'E') return parse_exponent(r, positive, significand, exponent, out);
	return f64_from_parts(r, positive, significand, exponent, out);
}

static bool parse_long_integer(struct reader *r, bool positive, uint64_t significand, double *out)
{
	int32_t exponent = 0;
	for(;;){
		int c = peek_or_null(r);
		if(is_digit(c)){ r->i++; exponent++; continue; }
		if(c == '.') return parse_decimal(r, positive, significand, exponent, out);
		if(c == 'e' || c == 'E') return parse_exponent(r, positive, significand, exponent, out);
		return f64_from_parts(r, positive, significand, exponent, out);
	}
}

static bool parse_number(struct reader *r, bool positive, uint64_t significand, struct voke_content *out)
{
	int c = peek_or_null(r);
	if(c == '.' || c == 'e' || c == 'E'){
		out->type = VOKE_F64;
		return c == '.' ? parse_decimal(r, positive, significand, 0, &out->f64) : parse_exponent(r, positive, significand, 0, &out->f64);
	}
	if(positive){
		out->type = VOKE_U64;
		out->u64 = significand;
		return true;
	}
	int64_t neg = (int64_t)(0 - significand); /* (significand as i64).wrapping_neg() */
	if(neg >= 0){ /* -0, or below i64::MIN: a float */
		out->type = VOKE_F64;
		out->f64 = -(double)significand;
	}else{
		out->type = VOKE_I64;
		out->i64 = neg;
	}
	return true;
}

static bool parse_integer(struct reader *r, bool positive, struct voke_content *out)
{
	int next = next_char(r);
	if(next < 0) return error(r, "EOF while parsing a value");
	if(next == '0'){
		if(is_digit(peek_or_null(r))) return peek_error(r, "invalid number");
		return parse_number(r, positive, 0, out);
	}
	if(next < '1' || next > '9') return error(r, "invalid number");
	uint64_t significand = (uint64_t)(next - '0');
	for(;;){
		int c = peek_or_null(r);
		if(!is_digit(c)) return parse_number(r, positive, significand, out);
		uint64_t digit = (uint64_t)(c - '0');
		if(overflows(significand, digit, UINT64_MAX)){
			out->type = VOKE_F64;
			return parse_long_integer(r, positive, significand, &out->f64);
		}
		r->i++;
		significand = significand * 10 + digit;
	}
}

/* --- strings (read.rs parse_str_bytes, parse_escape) --- */

struct buf {
	char *data;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const void *data, size_t len)
{
	if(b->oom) return;
	if(b->len + len + 1 > b->cap){
		size_t cap = b->cap ? b->cap * 2 : 32;
		while(cap < b->len + len + 1) cap *= 2;
		char *grown = realloc(b->data, cap);
		if(!grown){ b->oom = true; return; }
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static int hex_val(unsigned char c)
{
	if(c >= '0' && c <= '9') return c - '0';
	if(c >= 'a' && c <= 'f') return c - 'a' + 10;
	if(c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static bool decode_hex_escape(struct reader *r, unsigned *out)
{
	if(r->i + 4 > r->n){
		r->i = r->n;
		return error(r, "EOF while parsing a string");
	}
	unsigned v = 0;
	for(int k = 0; k < 4; k++){
		int h = hex_val(r->s[r->i++]);
		if(h < 0) return error(r, "invalid escape");
		v = (v << 4) + (unsigned)h;
	}
	*out = v;
	return true;
}

static void put_utf8(struct buf *b, unsigned long cp)
{
	unsigned char o[4];
	size_t len;
	if(cp < 0x80){ o[0] = (unsigned char)cp; len = 1; }
	else if(cp < 0x800){ o[0] = (unsigned char)(0xC0 | (cp >> 6)); o[1] = (unsigned char)(0x80 | (cp & 0x3F)); len = 2; }
	else if(cp < 0x10000){ o[0] = (unsigned char)(0xE0 | (cp >> 12)); o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (unsigned char)(0x80 | (cp & 0x3F)); len = 3; }
	else{ o[0] = (unsigned char)(0xF0 | (cp >> 18)); o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F)); o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (unsigned char)(0x80 | (cp & 0x3F)); len = 4; }
	put(b, o, len);
}

static bool parse_escape(struct reader *r, struct buf *b)
{
	int ch = next_char(r);
	if(ch < 0) return error(r, "EOF while parsing a string");
	char simple;
	switch(ch){
		case '"': simple = '"'; break;
		case '\\': simple = '\\'; break;
		case '/': simple = '/'; break;
		case 'b': simple = '\b'; break;
		case 'f': simple = '\f'; break;
		case 'n': simple = '\n'; break;
		case 'r': simple = '\r'; break;
		case 't': simple = '\t'; break;
		case 'u': {
			unsigned n1;
			if(!decode_hex_escape(r, &n1)) return false;
			if(n1 >= 0xDC00 && n1 <= 0xDFFF) return error(r, "lone leading surrogate in hex escape");
			if(n1 >= 0xD800 && n1 <= 0xDBFF){
				if(peek(r) < 0) return error(r, "EOF while parsing a string");
				if(peek(r) != '\\'){ r->i++; return error(r, "unexpected end of hex escape"); }
				r->i++;
				if(peek(r) < 0) return error(r, "EOF while parsing a string");
				if(peek(r) != 'u'){ r->i++; return error(r, "unexpected end of hex escape"); }
				r->i++;
				unsigned n2;
				if(!decode_hex_escape(r, &n2)) return false;
				if(n2 < 0xDC00 || n2 > 0xDFFF) return error(r, "lone leading surrogate in hex escape");
				put_utf8(b, ((unsigned long)(n1 - 0xD800) << 10 | (n2 - 0xDC00)) + 0x10000);
				return true;
			}
			put_utf8(b, n1);
			return true;
		}
		default: return error(r, "invalid escape");
	}
	put(b, &simple, 1);
	return true;
}

/* After the opening quote; the decoded text goes to *out (malloc'd, NUL-terminated). */
static bool parse_str(struct reader *r, char **out, size_t *out_len)
{
	struct buf b = {0};
	size_t start = r->i;
	for(;;){
		while(r->i < r->n && r->s[r->i] != '"' && r->s[r->i] != '\\' && r->s[r->i] >= 0x20) r->i++;
		if(r->i == r->n){ free(b.data); return error(r, "EOF while parsing a string"); }
		unsigned char c = r->s[r->i];
		if(c == '"'){
			put(&b, r->s + start, r->i - start);
			r->i++;
			if(!b.data) put(&b, "", 0);
			if(b.oom){ free(b.data); return error(r, "out of memory"); }
			if(!voke_utf8_valid((const unsigned char *)b.data, b.len)){ free(b.data); return error(r, "invalid unicode code point"); }
			*out = b.data;
			*out_len = b.len;
			return true;
		}
		if(c == '\\'){
			put(&b, r->s + start, r->i - start);
			r->i++;
			if(!parse_escape(r, &b)){ free(b.data); return false; }
			start = r->i;
			continue;
		}
		r->i++;
		free(b.data);
		return error(r, "control character (\\u0000-\\u001F) found while parsing a string");
	}
}

/* --- values as serde's Content (deserialize_any, SeqAccess, MapAccess) --- */

static bool parse_ident(struct reader *r, const char *rest)
{
	for(const char *e = rest; *e; e++){
		int c = next_char(r);
		if(c < 0) return error(r, "EOF while parsing a value");
		if(c != *e) return error(r, "expected ident");
	}
	return true;
}

static bool parse_any(struct reader *r, struct voke_content *out);

static bool push_item(struct voke_content *c, struct voke_content *item, char *key, size_t key_len)
{
	struct voke_content *items = realloc(c->items, (c->count + 1) * sizeof *items);
	if(!items) return false;
	c->items = items;
	if(c->type == VOKE_MAP){
		char **keys = realloc(c->keys, (c->count + 1) * sizeof *keys);
		if(!keys) return false;
		c->keys = keys;
		size_t *lens = realloc(c->key_lens, (c->count + 1) * sizeof *lens);
		if(!lens) return false;
		c->key_lens = lens;
		c->keys[c->count] = key;
		c->key_lens[c->count] = key_len;
	}
	c->items[c->count++] = *item;
	return true;
}

static bool visit_seq(struct reader *r, struct voke_content *out)
{
	out->type = VOKE_SEQ;
	for(bool first = true;; first = false){
		int c = parse_whitespace(r);
		if(c == ']') return true;
		if(c == ',' && !first){ r->i++; c = parse_whitespace(r); }
		else if(c < 0) return peek_error(r, "EOF while parsing a list");
		else if(!first) return peek_error(r, "expected `,` or `]`");
		if(c == ']') return peek_error(r, "trailing comma");
		if(c < 0) return peek_error(r, "EOF while parsing a value");
		struct voke_content item = {0};
		if(!parse_any(r, &item)){ voke_content_free(&item); return false; }
		if(!push_item(out, &item, NULL, 0)){ voke_content_free(&item); return error(r, "out of memory"); }
	}
}

static bool visit_map(struct reader *r, struct voke_content *out)
{
	out->type = VOKE_MAP;
	for(bool first = true;; first = false){
		int c = parse_whitespace(r);
		if(c == '}') return true;
		if(c == ',' && !first){ r->i++; c = parse_whitespace(r); }
		else if(c < 0) return peek_error(r, "EOF while parsing an object");
		else if(!first) return peek_error(r, "expected `,` or `}`");
		if(c == '}') return peek_error(r, "trailing comma");
		if(c < 0) return peek_error(r, "EOF while parsing a value");
		if(c != '"') return peek_error(r, "key must be a string");
		r->i++;
		char *key = NULL;
		size_t key_len = 0;
		if(!parse_str(r, &key, &key_len)) return false;
		/* parse_object_colon */
		c = parse_whitespace(r);
		if(c != ':'){ free(key); return peek_error(r, c < 0 ? "EOF while parsing an object" : "expected `:`"); }
		r->i++;
		struct voke_content value = {0};
		if(!parse_any(r, &value)){ free(key); voke_content_free(&value); return false; }
		if(!push_item(out, &value, key, key_len)){ free(key); voke_content_free(&value); return error(r, "out of memory"); }
	}
}

/* '[' or '{' with the recursion check, the visitor, then end_seq / end_map. */
static bool parse_nested(struct reader *r, struct voke_content *out, bool map)
{
	if(--r->remaining_depth == 0) return peek_error(r, "recursion limit exceeded");
	r->i++;
	bool ok = map ? visit_map(r, out) : visit_seq(r, out);
	r->remaining_depth++;
	/* end_seq / end_map run even after an error, whose position is already fixed. */
	int c = parse_whitespace(r);
	if(c == (map ? '}' : ']')){ r->i++; return ok; }
	return ok ? peek_error(r, "trailing characters") : false;
}

static bool parse_any(struct reader *r, struct voke_content *out)
{
	int c = parse_whitespace(r);
	if(c < 0) return peek_error(r, "EOF while parsing a value");
	switch(c){
		case 'n': r->i++; out->type = VOKE_UNIT; return parse_ident(r, "ull");
		case 't': r->i++; out->type = VOKE_BOOL; out->boolean = true; return parse_ident(r, "rue");
		case 'f': r->i++; out->type = VOKE_BOOL; out->boolean = false; return parse_ident(r, "alse");
		case '-': r->i++; return parse_integer(r, false, out);
		case '"': r->i++; out->type = VOKE_STRING; return parse_str(r, &out->string, &out->len);
		case '[': return parse_nested(r, out, false);
		case '{': return parse_nested(r, out, true);
		default:
			if(is_digit(c)) return parse_integer(r, true, out);
			return peek_error(r, "expected value");
	}
}

bool voke_serde_read_struct(const unsigned char *s, size_t n, const char *struct_name,
		struct voke_content *map, size_t *after_close, bool *trailing, struct voke_serde_error *err)
{
	struct reader r = { s, n, 0, REMAINING_DEPTH, err, false };
	memset(map, 0, sizeof *map);
	*after_close = 0;
	*trailing = false;
	int c = parse_whitespace(&r);
	if(c < 0) return peek_error(&r, "EOF while parsing a value");
	if(c == '{'){
		if(!parse_nested(&r, map, true)){ voke_content_free(map); return false; }
		*after_close = r.i;
		*trailing = parse_whitespace(&r) >= 0;
		return true;
	}
	/* peek_invalid_type: the value is read (its own syntax errors first), then "invalid type"
	 * positioned at the index reached (fix_position). */
	struct voke_content other = {0};
	char unexpected[400];
	struct voke_text t = { unexpected, sizeof unexpected, 0, NULL };
	unexpected[0] = '\0';
	if(c == '['){
		voke_text_put(&t, "sequence", 8);
	}else if(c == 'n' || c == 't' || c == 'f' || c == '-' || c == '"' || is_digit(c)){
		if(!parse_any(&r, &other)){ voke_content_free(&other); return false; }
		voke_text_unexpected(&t, &other);
		voke_content_free(&other);
	}else{
		return peek_error(&r, "expected value");
	}
	char message[sizeof err->message];
	snprintf(message, sizeof message, "invalid type: %s, expected struct %s", unexpected, struct_name);
	return error(&r, message);
}

void voke_serde_trailing_error(const unsigned char *s, size_t n, size_t after_close, struct voke_serde_error *err)
{
	struct reader r = { s, n, after_close, REMAINING_DEPTH, err, false };
	parse_whitespace(&r);
	peek_error(&r, "trailing characters");
}

void voke_content_free(struct voke_content *c)
{
	free(c->string);
	for(size_t k = 0; k < c->count; k++){
		voke_content_free(&c->items[k]);
		if(c->keys) free(c->keys[k]);
	}
	free(c->items);
	free(c->keys);
	free(c->key_lens);
	memset(c, 0, sizeof *c);
}
