/* Strict base64url: the length, the alphabet and the unused trailing bits are all checked, so
 * exactly one text decodes to given bytes, with data_encoding's error positions and kinds. */
#include <stdlib.h>
#include "base64url.h"

static int digit(unsigned char c)
{
	if(c >= 'A' && c <= 'Z') return c - 'A';
	if(c >= 'a' && c <= 'z') return c - 'a' + 26;
	if(c >= '0' && c <= '9') return c - '0' + 52;
	if(c == '-') return 62;
	if(c == '_') return 63;
	return -1;
}

static unsigned char *fail(struct voke_b64_error *err, size_t position, const char *kind, unsigned char *out)
{
	free(out);
	if(err){ err->position = position; err->kind = kind; }
	return NULL;
}

unsigned char *voke_base64url_decode(const char *s, size_t n, size_t *out_len, struct voke_b64_error *err)
{
	if(n % 4 == 1) return fail(err, n - 1, "Length", NULL);
	unsigned char *out = malloc(n * 3 / 4 + 1);
	if(!out) return fail(err, 0, "Length", NULL);
	unsigned long buffer = 0;
	int bits = 0;
	size_t o = 0;
	for(size_t i = 0; i < n; i++){
		int v = digit((unsigned char)s[i]);
		if(v < 0) return fail(err, i, "Symbol", out);
		buffer = ((buffer << 6) | (unsigned long)v) & 0xFFFFFF;
		bits += 6;
		if(bits >= 8){
			bits -= 8;
			out[o++] = (unsigned char)((buffer >> bits) & 0xFF);
		}
	}
	if(bits > 0 && (buffer & ((1UL << bits) - 1)) != 0) return fail(err, n - 1, "Trailing", out);
	*out_len = o;
	return out;
}
