/* A strict JSON reader for JWT headers and payloads (RFC 8259, UTF-8 only). It keeps what
 * cJSON throws away: the exact number lexemes (1.5, 2e9 and 2000000000.0 are not integers to
 * the broker) and every top-level member name (a duplicate rejects the token). */
#ifndef VOKE_STRICT_JSON_H
#define VOKE_STRICT_JSON_H
#include <stdbool.h>
#include <stddef.h>

enum voke_json_type { VOKE_JSON_NULL, VOKE_JSON_BOOL, VOKE_JSON_NUMBER, VOKE_JSON_STRING, VOKE_JSON_ARRAY, VOKE_JSON_OBJECT };

struct voke_json_member {
	char *name;             /* decoded, NUL-terminated (may contain NUL: use name_len) */
	size_t name_len;
	enum voke_json_type type;
	const char *lexeme;     /* the value's text as written (numbers: the exact lexeme) */
	size_t lexeme_len;
	char *string;           /* decoded value when type is STRING, else NULL */
	size_t string_len;
};

struct voke_json_object {
	bool is_object;                     /* false: valid JSON, but not an object at the top */
	struct voke_json_member *members;   /* top-level members in order, duplicates kept */
	size_t count;
	size_t close_index;                 /* byte offset of the top-level closing '}' (serde_json reports typed errors there) */
	size_t first_index;                 /* byte offset of the first non-whitespace byte */
};

/* Parses text as one JSON value. Returns false (and fills err) when it is not valid JSON;
 * first_index is set either way. On success, free with voke_json_free(). */
bool voke_json_parse_top(const char *text, size_t len, struct voke_json_object *out, char *err, size_t err_size);
void voke_json_free(struct voke_json_object *obj);

/* The first member called name, or NULL. A null value counts as absent. */
const struct voke_json_member *voke_json_get(const struct voke_json_object *obj, const char *name);
/* The first name that occurs twice at the top level, or NULL. */
const char *voke_json_first_duplicate(const struct voke_json_object *obj);
/* True when the member is a number written as a plain integer (-?(0|[1-9][0-9]*)) that fits
 * in a signed 64-bit NumericDate; stores it in *value. */
bool voke_json_integer(const struct voke_json_member *m, long long *value);

#endif
