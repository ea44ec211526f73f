/* Strict base64url decoding as JWTs use it. */
#ifndef VOKE_BASE64URL_H
#define VOKE_BASE64URL_H
#include <stdbool.h>
#include <stddef.h>

/* Decodes unpadded base64url (A-Z a-z 0-9 - _ only). Leftover bits must be zero.
 * Returns a malloc'd buffer (never NULL on success, even for empty input) or NULL. */
unsigned char *voke_base64url_decode(const char *s, size_t n, size_t *out_len);

#endif
