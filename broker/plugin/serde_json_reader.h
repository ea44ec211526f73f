/* JSON read the way the real plugin reads a JWT header or payload: serde_json 1.0.87's
 * from_slice into a struct with flattened members (biscuit's Header and ClaimsSet). The object
 * is first buffered whole as serde's Content (every syntax error, with serde_json's own message
 * and line/column, comes before any type error), keeping what the typed step needs: u64, i64 and
 * f64 told apart as serde_json parses them (its fast f64 path, not strtod), strings decoded,
 * members in the order written with repeats kept. */
#ifndef VOKE_SERDE_JSON_READER_H
#define VOKE_SERDE_JSON_READER_H
#include <stdbool.h>
#include <stddef.h>

enum voke_content_type { VOKE_UNIT, VOKE_BOOL, VOKE_U64, VOKE_I64, VOKE_F64, VOKE_STRING, VOKE_SEQ, VOKE_MAP };

struct voke_content {
	enum voke_content_type type;
	bool boolean;
	unsigned long long u64;
	long long i64;
	double f64;
	char *string;                   /* STRING: decoded UTF-8, NUL-terminated (may hold NUL: use len) */
	size_t len;
	struct voke_content *items;     /* SEQ: the elements; MAP: the values */
	char **keys;                    /* MAP: decoded member names, keys[k] has key_lens[k] bytes */
	size_t *key_lens;
	size_t count;
};

/* A serde_json error: its message and position (line 1-based, column = bytes before it on its line). */
struct voke_serde_error {
	char message[8192];
	size_t line, column;
};

/* Reads s as serde_json::from_slice reads a struct named struct_name whose members are all
 * flattened: true with *map filled (type MAP) when s holds an object; false with *err otherwise
 * (a syntax error, or "invalid type: …, expected struct <name>" for another JSON value). On
 * success *after_close is the byte index just past the closing '}', where serde_json positions
 * the typed errors, and *trailing is true when non-whitespace follows (reported only once the
 * typed step passes). Free *map with voke_content_free. */
bool voke_serde_read_struct(const unsigned char *s, size_t n, const char *struct_name,
		struct voke_content *map, size_t *after_close, bool *trailing, struct voke_serde_error *err);

/* serde_json's position of byte index i (Read::position). */
void voke_serde_position(const unsigned char *s, size_t n, size_t i, size_t *line, size_t *column);
/* The "trailing characters" error for s (de.end()), positioned as serde_json does. */
void voke_serde_trailing_error(const unsigned char *s, size_t n, size_t after_close, struct voke_serde_error *err);

void voke_content_free(struct voke_content *c);

#endif
