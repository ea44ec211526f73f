/* The real plugin's log text, as its Rust libraries print it: Rust's `{:?}` of a string, Rust's
 * `{}` of an f64 (serde before 1.0.196 adds no ".0": `1796229547`, `-0`), and serde's words for a
 * value of the wrong type as serde_json words them ("null", "integer `7`", "sequence", ...). */
#ifndef VOKE_SERDE_TEXT_H
#define VOKE_SERDE_TEXT_H
#include <stdbool.h>
#include <stddef.h>
struct voke_content;

/* A bounded string builder: appends never overflow, the result is always NUL-terminated. */
struct voke_text {
	char *buf;
	size_t size, len;
	size_t *len_out;   /* when set, kept equal to len (the text may hold NUL bytes) */
};
void voke_text_put(struct voke_text *t, const char *s, size_t n);
void voke_text_printf(struct voke_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Rust's `{:?}` of a str (quoted; quotes, backslashes and control characters escaped). */
void voke_text_debug(struct voke_text *t, const char *s, size_t n);
/* Rust's `{}` of an f64: shortest round-trip digits, never an exponent, no ".0" for a whole number. */
void voke_text_float(struct voke_text *t, double x);

/* serde's Unexpected for a value, through serde_json's invalid_type (a unit is "null"). */
void voke_text_unexpected(struct voke_text *t, const struct voke_content *c);

#endif
