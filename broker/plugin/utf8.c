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

bool voke_utf8_error(const unsigned char *s, size_t n, size_t *valid_up_to, int *error_len)
{
	size_t i = 0;
	while(i < n){
		unsigned char c = s[i];
		if(c < 0x80){ i++; continue; }
		size_t width = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
		*valid_up_to = i;
		if(width == 0){ *error_len = 1; return true; }
		unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
		for(size_t k = 1; k < width; k++){
			if(i + k >= n){ *error_len = -1; return true; }
			unsigned char d = s[i + k];
			bool ok = k == 1 ? (d >= lo && d <= hi) : (d >= 0x80 && d <= 0xBF);
			if(!ok){ *error_len = (int)k; return true; }
		}
		i += width;
	}
	return false;
}
