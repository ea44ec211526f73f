/* See serde_text.h. Everything is bounded by the caller's buffer; nothing here allocates. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serde_text.h"

void voke_text_put(struct voke_text *t, const char *s, size_t n)
{
	if(t->size == 0) return;
	size_t room = t->size - 1 - t->len;
	if(n > room) n = room;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void voke_text_printf(struct voke_text *t, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if(n > 0) voke_text_put(t, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void voke_text_debug(struct voke_text *t, const char *s, size_t n)
{
	voke_text_put(t, "\"", 1);
	for(size_t i = 0; i < n; i++){
		unsigned char c = (unsigned char)s[i];
		if(c == '"' || c == '\\'){ char e[2] = { '\\', (char)c }; voke_text_put(t, e, 2); }
		else if(c == '\n') voke_text_put(t, "\\n", 2);
		else if(c == '\r') voke_text_put(t, "\\r", 2);
		else if(c == '\t') voke_text_put(t, "\\t", 2);
		else if(c == 0) voke_text_put(t, "\\0", 2);
		else if(c < 0x20 || c == 0x7F) voke_text_printf(t, "\\u{%x}", c);
		else voke_text_put(t, (const char *)&s[i], 1);
	}
	voke_text_put(t, "\"", 1);
}

void voke_text_float(struct voke_text *t, const char *lexeme, size_t n)
{
	char in[400];
	if(n >= sizeof in) n = sizeof in - 1;
	memcpy(in, lexeme, n);
	in[n] = '\0';
	double x = strtod(in, NULL);
	if(x == 0 && signbit(x)){ voke_text_put(t, "-0.0", 4); return; }
	if(!isfinite(x)){ voke_text_put(t, x < 0 ? "-inf" : "inf", x < 0 ? 4 : 3); return; }
	/* The fewest significant digits that read back as the same double, as Rust prints. */
	char sci[64];
	for(int p = 1; p <= 17; p++){
		snprintf(sci, sizeof sci, "%.*e", p - 1, x);
		if(strtod(sci, NULL) == x) break;
	}
	char digits[32];
	size_t d = 0;
	const char *c = sci;
	bool negative = *c == '-';
	if(negative) c++;
	for(; *c && *c != 'e'; c++) if(*c >= '0' && *c <= '9' && d < sizeof digits - 1) digits[d++] = *c;
	digits[d] = '\0';
	while(d > 1 && digits[d - 1] == '0') digits[--d] = '\0';
	long exp10 = *c == 'e' ? strtol(c + 1, NULL, 10) : 0;
	long point = exp10 + 1; /* digits before the decimal point */
	if(negative) voke_text_put(t, "-", 1);
	if(point <= 0){
		voke_text_put(t, "0.", 2);
		for(long k = 0; k < -point; k++) voke_text_put(t, "0", 1);
		voke_text_put(t, digits, d);
	}else if((size_t)point >= d){
		voke_text_put(t, digits, d);
		for(size_t k = d; k < (size_t)point; k++) voke_text_put(t, "0", 1);
		voke_text_put(t, ".0", 2);
	}else{
		voke_text_put(t, digits, (size_t)point);
		voke_text_put(t, ".", 1);
		voke_text_put(t, digits + point, d - (size_t)point);
	}
}

/* An integer lexeme within serde_json's integers (i64 or u64); "-0" is a float to serde_json. */
static bool integer_lexeme(const struct voke_json_member *m, bool *negative, unsigned long long *magnitude)
{
	if(m->type != VOKE_JSON_NUMBER) return false;
	const char *s = m->lexeme;
	size_t n = m->lexeme_len, i = 0;
	*negative = n > 0 && s[0] == '-';
	if(*negative) i++;
	if(i >= n || (s[i] == '0' && n - i != 1)) return false;
	for(size_t k = i; k < n; k++) if(s[k] < '0' || s[k] > '9') return false;
	if(n - i > 20) return false;
	char buf[32];
	memcpy(buf, s + i, n - i);
	buf[n - i] = '\0';
	errno = 0;
	*magnitude = strtoull(buf, NULL, 10);
	if(errno == ERANGE) return false;
	if(*negative && *magnitude == 0) return false;
	if(*negative && *magnitude > 9223372036854775808ULL) return false;
	return true;
}

bool voke_serde_i64(const struct voke_json_member *m, long long *value, bool *unsigned_big)
{
	bool negative;
	unsigned long long magnitude;
	*unsigned_big = false;
	if(!integer_lexeme(m, &negative, &magnitude)) return false;
	if(!negative && magnitude > 9223372036854775807ULL){ *unsigned_big = true; return false; }
	*value = negative ? (magnitude == 9223372036854775808ULL ? (-9223372036854775807LL - 1) : -(long long)magnitude) : (long long)magnitude;
	return true;
}

void voke_text_unexpected(struct voke_text *t, const struct voke_json_member *m)
{
	bool negative;
	unsigned long long magnitude;
	switch(m->type){
		case VOKE_JSON_NULL: voke_text_printf(t, "unit value"); return;
		case VOKE_JSON_BOOL: voke_text_printf(t, "boolean `%s`", m->lexeme[0] == 't' ? "true" : "false"); return;
		case VOKE_JSON_STRING: voke_text_printf(t, "string "); voke_text_debug(t, m->string, m->string_len); return;
		case VOKE_JSON_ARRAY: voke_text_printf(t, "sequence"); return;
		case VOKE_JSON_OBJECT: voke_text_printf(t, "map"); return;
		case VOKE_JSON_NUMBER:
			if(integer_lexeme(m, &negative, &magnitude)){
				voke_text_printf(t, "integer `%s%llu`", negative ? "-" : "", magnitude);
			}else{
				voke_text_printf(t, "floating point `");
				voke_text_float(t, m->lexeme, m->lexeme_len);
				voke_text_printf(t, "`");
			}
			return;
	}
}

void voke_position(const unsigned char *s, size_t n, size_t i, size_t *line, size_t *column)
{
	*line = 1;
	*column = 0;
	for(size_t k = 0; k < i && k < n; k++){
		if(s[k] == '\n'){ (*line)++; *column = 0; }
		else (*column)++;
	}
}
