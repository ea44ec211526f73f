/* UTF-8 validation: the real plugin turns the password into a Rust &str and panics on bad
 * UTF-8; this plugin checks first and rejects instead. */
#include "utf8.h"

size_t voke_utf8_sequence(const unsigned char *s, size_t n)
{
	if(n == 0) return 0;
	unsigned char c = s[0];
	if(c < 0x80) return 1;
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if(c >= 0xC2 && c <= 0xDF) len = 2;
	else if(c == 0xE0){ len = 3; lo = 0xA0; }
	else if(c == 0xED){ len = 3; hi = 0x9F; } /* no UTF-16 surrogates */
	else if(c >= 0xE1 && c <= 0xEF) len = 3;
	else if(c == 0xF0){ len = 4; lo = 0x90; }
	else if(c >= 0xF1 && c <= 0xF3) len = 4;
	else if(c == 0xF4){ len = 4; hi = 0x8F; }
	else return 0;
	if(n < len) return 0;
	if(s[1] < lo || s[1] > hi) return 0;
	for(size_t i = 2; i < len; i++){
		if(s[i] < 0x80 || s[i] > 0xBF) return 0;
	}
	return len;
}

bool voke_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while(i < n){
		size_t len = voke_utf8_sequence(s + i, n - i);
		if(len == 0) return false;
		i += len;
	}
	return true;
}
