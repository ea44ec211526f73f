/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
#ifndef VOKE_UTF8_H
#define VOKE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

bool voke_utf8_valid(const unsigned char *s, size_t n);
/* Length in bytes of the valid UTF-8 sequence at s (1..4), or 0 when it is not valid. */
size_t voke_utf8_sequence(const unsigned char *s, size_t n);

#endif
