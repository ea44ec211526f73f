/* Strict JSON reader: recursive descent with a depth limit, every index checked against the
 * length, strings decoded (escapes, surrogate pairs) so "s\u0075b" counts as "sub". */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "strict_json.h"
#include "utf8.h"

#define MAX_DEPTH 64

struct parser {
	const unsigned char *s;
	size_t n, i;
	const char *error;
};

struct strbuf {
	char *data;
	size_t len, cap;
};

static bool fail(struct parser *p, const char *what)
{
	if(!p->error) p->error = what;
	return false;
}

static bool buf_put(struct strbuf *b, const void *data, size_t len)
{
	if(!b) return true;
	if(b->len + len + 1 > b->cap){
		size_t cap = b->cap ? b->cap * 2 : 32;
		while(cap < b->len + len + 1) cap *= 2;
		char *grown = realloc(b->data, cap);
		if(!grown) return false;
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return true;
}

static void skip_ws(struct parser *p)
{
	while(p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r')) p->i++;
}

static int hex4(struct parser *p)
{
	if(p->n - p->i < 4) return -1;
	int v = 0;
	for(int k = 0; k < 4; k++){
		unsigned char c = p->s[p->i + (size_t)k];
		v <<= 4;
		if(c >= '0' && c <= '9') v |= c - '0';
		else if(c >= 'a' && c <= 'f') v |= c - 'a' + 10;
		else if(c >= 'A' && c <= 'F') v |= c - 'A' + 10;
		else return -1;
	}
	p->i += 4;
	return v;
}

static bool put_codepoint(struct strbuf *b, unsigned long cp)
{
	unsigned char out[4];
	size_t len;
	if(cp < 0x80){ out[0] = (unsigned char)cp; len = 1; }
	else if(cp < 0x800){ out[0] = (unsigned char)(0xC0 | (cp >> 6)); out[1] = (unsigned char)(0x80 | (cp & 0x3F)); len = 2; }
	else if(cp < 0x10000){
		out[0] = (unsigned char)(0xE0 | (cp >> 12)); out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F)); len = 3;
	}else{
		out[0] = (unsigned char)(0xF0 | (cp >> 18)); out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (unsigned char)(0x80 | (cp & 0x3F)); len = 4;
	}
	return buf_put(b, out, len);
}

/* Reads a string starting at '"'; decodes into b when b is not NULL. */
static bool parse_string(struct parser *p, struct strbuf *b)
{
	p->i++; /* opening quote */
	for(;;){
		if(p->i >= p->n) return fail(p, "unterminated string");
		unsigned char c = p->s[p->i];
		if(c == '"'){ p->i++; return true; }
		if(c < 0x20) return fail(p, "control character in a string");
		if(c == '\\'){
			p->i++;
			if(p->i >= p->n) return fail(p, "unterminated escape");
			unsigned char e = p->s[p->i++];
			char simple = 0;
			switch(e){
				case '"': simple = '"'; break;
				case '\\': simple = '\\'; break;
				case '/': simple = '/'; break;
				case 'b': simple = '\b'; break;
				case 'f': simple = '\f'; break;
				case 'n': simple = '\n'; break;
				case 'r': simple = '\r'; break;
				case 't': simple = '\t'; break;
				case 'u': {
					int hi = hex4(p);
					if(hi < 0) return fail(p, "bad \\u escape");
					unsigned long cp = (unsigned long)hi;
					/* A pair becomes one code point. A lone surrogate is an error, as serde_json
					 * refuses it: to the broker such a header or payload is not JSON. */
					if(hi >= 0xDC00 && hi <= 0xDFFF) return fail(p, "lone trailing surrogate");
					if(hi >= 0xD800 && hi <= 0xDBFF){
						if(p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') return fail(p, "lone leading surrogate");
						p->i += 2;
						int lo = hex4(p);
						if(lo < 0xDC00 || lo > 0xDFFF) return fail(p, "lone leading surrogate");
						cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
					}
					if(b && !put_codepoint(b, cp)) return fail(p, "out of memory");
					continue;
				}
				default: return fail(p, "unknown escape");
			}
			if(b && !buf_put(b, &simple, 1)) return fail(p, "out of memory");
			continue;
		}
		size_t len = voke_utf8_sequence(p->s + p->i, p->n - p->i);
		if(len == 0) return fail(p, "invalid UTF-8 in a string");
		if(b && !buf_put(b, p->s + p->i, len)) return fail(p, "out of memory");
		p->i += len;
	}
}

static bool digits(struct parser *p)
{
	size_t start = p->i;
	while(p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
	return p->i > start;
}

static bool parse_number(struct parser *p)
{
	size_t start = p->i;
	if(p->s[p->i] == '-') p->i++;
	if(p->i >= p->n) return fail(p, "bad number");
	if(p->s[p->i] == '0') p->i++;
	else if(!digits(p)) return fail(p, "bad number");
	if(p->i < p->n && p->s[p->i] == '.'){
		p->i++;
		if(!digits(p)) return fail(p, "bad number fraction");
	}
	if(p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')){
		p->i++;
		if(p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
		if(!digits(p)) return fail(p, "bad number exponent");
	}
	/* serde_json refuses a number beyond f64 ("number out of range"): not JSON to the broker. */
	char buf[400];
	size_t n = p->i - start;
	if(n < sizeof buf){
		memcpy(buf, p->s + start, n);
		buf[n] = '\0';
		if(isinf(strtod(buf, NULL))) return fail(p, "number out of range");
	}
	return true;
}

static bool parse_value(struct parser *p, int depth, enum voke_json_type *type, struct strbuf *string_out);

static bool parse_array(struct parser *p, int depth)
{
	p->i++;
	skip_ws(p);
	if(p->i < p->n && p->s[p->i] == ']'){ p->i++; return true; }
	for(;;){
		enum voke_json_type t;
		if(!parse_value(p, depth + 1, &t, NULL)) return false;
		skip_ws(p);
		if(p->i >= p->n) return fail(p, "unterminated array");
		if(p->s[p->i] == ','){ p->i++; continue; }
		if(p->s[p->i] == ']'){ p->i++; return true; }
		return fail(p, "expected , or ] in an array");
	}
}

/* Parses an object; when top is not NULL, records each member there. */
static bool parse_object(struct parser *p, int depth, struct voke_json_object *top)
{
	p->i++;
	skip_ws(p);
	if(p->i < p->n && p->s[p->i] == '}'){ p->i++; return true; }
	for(;;){
		skip_ws(p);
		if(p->i >= p->n || p->s[p->i] != '"') return fail(p, "expected a member name");
		struct strbuf name = {0};
		if(!parse_string(p, top ? &name : NULL)){ free(name.data); return false; }
		skip_ws(p);
		if(p->i >= p->n || p->s[p->i] != ':'){ free(name.data); return fail(p, "expected :"); }
		p->i++;
		skip_ws(p);
		size_t value_start = p->i;
		enum voke_json_type type;
		struct strbuf value = {0};
		if(!parse_value(p, depth + 1, &type, top ? &value : NULL)){ free(name.data); free(value.data); return false; }
		if(top){
			struct voke_json_member *grown = realloc(top->members, (top->count + 1) * sizeof *grown);
			if(!grown){ free(name.data); free(value.data); return fail(p, "out of memory"); }
			top->members = grown;
			struct voke_json_member *m = &top->members[top->count++];
			if(!name.data){ name.data = calloc(1, 1); }
			m->name = name.data;
			m->name_len = name.len;
			m->type = type;
			m->lexeme = (const char *)p->s + value_start;
			m->lexeme_len = p->i - value_start;
			m->string = NULL;
			m->string_len = 0;
			if(type == VOKE_JSON_STRING){
				if(!value.data) value.data = calloc(1, 1);
				m->string = value.data;
				m->string_len = value.len;
			}else{
				free(value.data);
			}
			if(!m->name || (type == VOKE_JSON_STRING && !m->string)) return fail(p, "out of memory");
		}
		skip_ws(p);
		if(p->i >= p->n) return fail(p, "unterminated object");
		if(p->s[p->i] == ','){ p->i++; continue; }
		if(p->s[p->i] == '}'){ p->i++; return true; }
		return fail(p, "expected , or } in an object");
	}
}

static bool literal(struct parser *p, const char *word)
{
	size_t len = strlen(word);
	if(p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0) return fail(p, "unexpected character");
	p->i += len;
	return true;
}

static bool parse_value(struct parser *p, int depth, enum voke_json_type *type, struct strbuf *string_out)
{
	if(depth > MAX_DEPTH) return fail(p, "nested too deeply");
	skip_ws(p);
	if(p->i >= p->n) return fail(p, "unexpected end");
	unsigned char c = p->s[p->i];
	switch(c){
		case '{': *type = VOKE_JSON_OBJECT; return parse_object(p, depth, NULL);
		case '[': *type = VOKE_JSON_ARRAY; return parse_array(p, depth);
		case '"': *type = VOKE_JSON_STRING; return parse_string(p, string_out);
		case 't': *type = VOKE_JSON_BOOL; return literal(p, "true");
		case 'f': *type = VOKE_JSON_BOOL; return literal(p, "false");
		case 'n': *type = VOKE_JSON_NULL; return literal(p, "null");
		default:
			if(c == '-' || (c >= '0' && c <= '9')){ *type = VOKE_JSON_NUMBER; return parse_number(p); }
			return fail(p, "unexpected character");
	}
}

bool voke_json_parse_top(const char *text, size_t len, struct voke_json_object *out, char *err, size_t err_size)
{
	struct parser p = { (const unsigned char *)text, len, 0, NULL };
	memset(out, 0, sizeof *out);
	bool ok;
	skip_ws(&p);
	out->first_index = p.i;
	if(p.i < p.n && p.s[p.i] == '{'){
		out->is_object = true;
		ok = parse_object(&p, 0, out);
		out->close_index = p.i - 1;
	}else{
		enum voke_json_type t;
		ok = parse_value(&p, 0, &t, NULL);
	}
	if(ok){
		skip_ws(&p);
		if(p.i != p.n) ok = fail(&p, "text after the JSON value");
	}
	if(!ok){
		size_t first = out->first_index;
		if(err && err_size) snprintf(err, err_size, "%s at byte %zu", p.error ? p.error : "invalid JSON", p.i + 1);
		voke_json_free(out);
		out->first_index = first;
		return false;
	}
	return true;
}

void voke_json_free(struct voke_json_object *obj)
{
	for(size_t k = 0; k < obj->count; k++){
		free(obj->members[k].name);
		free(obj->members[k].string);
	}
	free(obj->members);
	obj->members = NULL;
	obj->count = 0;
}

static bool name_is(const struct voke_json_member *m, const char *name)
{
	size_t len = strlen(name);
	return m->name_len == len && memcmp(m->name, name, len) == 0;
}

const struct voke_json_member *voke_json_get(const struct voke_json_object *obj, const char *name)
{
	for(size_t k = 0; k < obj->count; k++){
		if(name_is(&obj->members[k], name)) return obj->members[k].type == VOKE_JSON_NULL ? NULL : &obj->members[k];
	}
	return NULL;
}

const char *voke_json_first_duplicate(const struct voke_json_object *obj)
{
	for(size_t a = 1; a < obj->count; a++){
		for(size_t b = 0; b < a; b++){
			const struct voke_json_member *x = &obj->members[a], *y = &obj->members[b];
			if(x->name_len == y->name_len && memcmp(x->name, y->name, x->name_len) == 0) return x->name;
		}
	}
	return NULL;
}

bool voke_json_integer(const struct voke_json_member *m, long long *value)
{
	if(m->type != VOKE_JSON_NUMBER) return false;
	const char *s = m->lexeme;
	size_t n = m->lexeme_len, i = 0;
	if(i < n && s[i] == '-') i++;
	if(i >= n) return false;
	if(s[i] == '0' && n - i != 1) return false;
	if(i == 1 && s[i] == '0') return false; /* "-0" is the float -0.0 to serde_json */
	for(size_t k = i; k < n; k++){
		if(s[k] < '0' || s[k] > '9') return false;
	}
	char buf[32];
	if(n >= sizeof buf) return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	char *end;
	long long v = strtoll(buf, &end, 10);
	if(errno == ERANGE || *end != '\0') return false;
	*value = v;
	return true;
}
