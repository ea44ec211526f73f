/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
#ifndef VOKE_UTF8_H
#define VOKE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

bool voke_utf8_valid(const unsigned char *s, size_t n);
/* Length in bytes of the valid UTF-8 sequence at s (1..4), or 0 when it is not valid. */
size_t voke_utf8_sequence(const unsigned char *s, size_t n);

/* Rust's Utf8Error for s: false when valid; else *valid_up_to and *error_len (-1 for None,
 * when the input ends inside a sequence), as the real plugin's panic message prints them. */
bool voke_utf8_error(const unsigned char *s, size_t n, size_t *valid_up_to, int *error_len);

#endif
