/* See serde_text.h. Everything is bounded by the caller's buffer; nothing here allocates. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serde_json_reader.h"
#include "rust_escape_table.h"
#include "serde_text.h"
#include "utf8.h"

void voke_text_put(struct voke_text *t, const char *s, size_t n)
{
	if(t->size == 0) return;
	size_t room = t->size - 1 - t->len;
	if(n > room) n = room;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
	if(t->len_out) *t->len_out = t->len;
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

static bool rust_escapes(unsigned long cp)
{
	size_t lo = 0, hi = sizeof RUST_ESCAPED / sizeof RUST_ESCAPED[0];
	while(lo < hi){
		size_t mid = (lo + hi) / 2;
		if(cp < RUST_ESCAPED[mid][0]) hi = mid;
		else if(cp > RUST_ESCAPED[mid][1]) lo = mid + 1;
		else return true;
	}
	return false;
}

void voke_text_debug(struct voke_text *t, const char *s, size_t n)
{
	voke_text_put(t, "\"", 1);
	for(size_t i = 0; i < n;){
		unsigned char c = (unsigned char)s[i];
		if(c < 0x80){
			if(c == '"' || c == '\\'){ char e[2] = { '\\', (char)c }; voke_text_put(t, e, 2); }
			else if(c == '\n') voke_text_put(t, "\\n", 2);
			else if(c == '\r') voke_text_put(t, "\\r", 2);
			else if(c == '\t') voke_text_put(t, "\\t", 2);
			else if(c == 0) voke_text_put(t, "\\0", 2);
			else if(c < 0x20 || c == 0x7F) voke_text_printf(t, "\\u{%x}", c);
			else voke_text_put(t, (const char *)&s[i], 1);
			i++;
			continue;
		}
		size_t len = voke_utf8_sequence((const unsigned char *)s + i, n - i);
		if(len == 0){ voke_text_put(t, s + i, 1); i++; continue; }
		unsigned long cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
		for(size_t k = 1; k < len; k++) cp = cp << 6 | ((unsigned char)s[i + k] & 0x3Fu);
		if(rust_escapes(cp)) voke_text_printf(t, "\\u{%lx}", cp);
		else voke_text_put(t, s + i, len);
		i += len;
	}
	voke_text_put(t, "\"", 1);
}

void voke_text_float(struct voke_text *t, double x)
{
	if(x == 0){ voke_text_put(t, signbit(x) ? "-0" : "0", signbit(x) ? 2 : 1); return; }
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
	}else{
		voke_text_put(t, digits, (size_t)point);
		voke_text_put(t, ".", 1);
		voke_text_put(t, digits + point, d - (size_t)point);
	}
}

void voke_text_unexpected(struct voke_text *t, const struct voke_content *c)
{
	switch(c->type){
		case VOKE_UNIT: voke_text_printf(t, "null"); return;
		case VOKE_BOOL: voke_text_printf(t, "boolean `%s`", c->boolean ? "true" : "false"); return;
		case VOKE_STRING: voke_text_printf(t, "string "); voke_text_debug(t, c->string, c->len); return;
		case VOKE_SEQ: voke_text_printf(t, "sequence"); return;
		case VOKE_MAP: voke_text_printf(t, "map"); return;
		case VOKE_U64: voke_text_printf(t, "integer `%llu`", c->u64); return;
		case VOKE_I64: voke_text_printf(t, "integer `%lld`", c->i64); return;
		case VOKE_F64: voke_text_printf(t, "floating point `"); voke_text_float(t, c->f64); voke_text_printf(t, "`"); return;
	}
}
