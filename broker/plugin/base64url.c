/* Strict base64url: the alphabet, the length and the unused trailing bits are all checked,
 * so exactly one text decodes to given bytes (as the Rust base64 crate the real plugin uses). */
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

unsigned char *voke_base64url_decode(const char *s, size_t n, size_t *out_len)
{
	if(n % 4 == 1) return NULL;
	unsigned char *out = malloc(n * 3 / 4 + 1);
	if(!out) return NULL;
	unsigned long buffer = 0;
	int bits = 0;
	size_t o = 0;
	for(size_t i = 0; i < n; i++){
		int v = digit((unsigned char)s[i]);
		if(v < 0){ free(out); return NULL; }
		buffer = ((buffer << 6) | (unsigned long)v) & 0xFFFFFF;
		bits += 6;
		if(bits >= 8){
			bits -= 8;
			out[o++] = (unsigned char)((buffer >> bits) & 0xFF);
		}
	}
	if(bits > 0 && (buffer & ((1UL << bits) - 1)) != 0){ free(out); return NULL; }
	*out_len = o;
	return out;
}
