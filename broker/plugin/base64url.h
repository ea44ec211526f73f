/* Strict base64url decoding as the real plugin does it (data_encoding's BASE64URL_NOPAD). */
#ifndef VOKE_BASE64URL_H
#define VOKE_BASE64URL_H
#include <stdbool.h>
#include <stddef.h>

/* Why a part does not decode, as data_encoding's DecodeError prints it. */
struct voke_b64_error {
	size_t position;   /* byte offset inside the part */
	const char *kind;  /* "Length", "Symbol" or "Trailing" */
};

/* Decodes unpadded base64url (A-Z a-z 0-9 - _ only). Checks, in data_encoding's order: the
 * length (4k+1 is impossible), then the first byte outside the alphabet, then leftover bits.
 * Returns a malloc'd buffer (never NULL on success, even for empty input), or NULL with *err
 * filled (err may be NULL). */
unsigned char *voke_base64url_decode(const char *s, size_t n, size_t *out_len, struct voke_b64_error *err);

#endif
