/* The real plugin's log text, as its Rust libraries print it: Rust's `{:?}` of a string, Rust's
 * `{}` of an f64 (with serde's ".0"), serde's "invalid type: ..." words for a JSON value, and
 * serde_json's line/column of a byte offset. Shared by jwt_check.c's log lines. */
#ifndef VOKE_SERDE_TEXT_H
#define VOKE_SERDE_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include "strict_json.h"

/* A bounded string builder: appends never overflow, the result is always NUL-terminated. */
struct voke_text {
	char *buf;
	size_t size, len;
};
void voke_text_put(struct voke_text *t, const char *s, size_t n);
void voke_text_printf(struct voke_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Rust's `{:?}` of a str (quoted; quotes, backslashes and control characters escaped). */
void voke_text_debug(struct voke_text *t, const char *s, size_t n);
/* Rust's `{}` of an f64 written as lexeme, shortest round-trip digits, never an exponent, ".0" added. */
void voke_text_float(struct voke_text *t, const char *lexeme, size_t n);

/* serde's Unexpected for a member's value: "integer `7`", "string \"x\"", "sequence", ... */
void voke_text_unexpected(struct voke_text *t, const struct voke_json_member *m);
/* How serde reads a JSON integer: true with *value when it is an integer within i64;
 * *unsigned_big when it is an integer above i64::MAX but within u64 (else a float). */
bool voke_serde_i64(const struct voke_json_member *m, long long *value, bool *unsigned_big);

/* serde_json's position of byte index i: 1-based line, column = bytes before it on its line. */
void voke_position(const unsigned char *s, size_t n, size_t i, size_t *line, size_t *column);

#endif
