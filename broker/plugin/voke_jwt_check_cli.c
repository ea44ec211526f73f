/* Standalone checker for tests: runs voke_jwt_check() on many passwords without a broker, so
 * the fuzz test can feed thousands of inputs (under ASan/UBSan) and compare with brokerVerdict.
 * Usage: voke-jwt-check KEY_FILE NOW < records     (one key file for every record)
 *        voke-jwt-check - NOW < records            (each record starts with its own key bytes)
 * A record on stdin: [u32 key length, key,] u32 username length, username, u32 password length,
 * password (little endian; length 0xFFFFFFFF = absent; a zero-length password is absent too,
 * as Mosquitto passes it). The clock is NOW seconds and half a second. Each answer on stdout is
 * one line: "<RULE>\t<reason>\t<detail>\t<crash 0/1>\t<the real plugin's line>", the line with
 * backslash, tab and newline escaped as \\, \t and \n. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include "jwt_check.h"

static int read_u32(uint32_t *v)
{
	unsigned char b[4];
	if(fread(b, 1, 4, stdin) != 4) return -1;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

/* Reads a length-prefixed field into a NUL-terminated malloc'd buffer; *absent for 0xFFFFFFFF. */
static unsigned char *read_field(uint32_t *len, int *absent)
{
	if(read_u32(len) != 0) return NULL;
	*absent = *len == 0xFFFFFFFFu;
	if(*absent){ *len = 0; return calloc(1, 1); }
	if(*len > (1u << 20)) return NULL;
	unsigned char *buf = malloc((size_t)*len + 1);
	if(!buf || fread(buf, 1, *len, stdin) != *len){ free(buf); return NULL; }
	buf[*len] = '\0';
	return buf;
}

int main(int argc, char **argv)
{
	if(argc != 3){ fprintf(stderr, "usage: %s KEY_FILE NOW < records\n", argv[0]); return 2; }
	bool key_per_record = strcmp(argv[1], "-") == 0;
	static unsigned char file_key[1 << 16];
	size_t file_key_len = 0;
	if(!key_per_record){
		FILE *f = fopen(argv[1], "rb");
		if(!f){ perror(argv[1]); return 2; }
		file_key_len = fread(file_key, 1, sizeof file_key, f);
		fclose(f);
	}
	long long now = atoll(argv[2]);
	struct voke_jwt_options options = { true, true };
	for(;;){
		uint32_t klen = 0, ulen, plen;
		int kabsent, uabsent, pabsent;
		unsigned char *key = NULL;
		if(key_per_record){
			key = read_field(&klen, &kabsent);
			if(!key) break;
		}
		unsigned char *user = read_field(&ulen, &uabsent);
		if(!user){ free(key); break; }
		unsigned char *pw = read_field(&plen, &pabsent);
		if(!pw){ free(key); free(user); break; }
		struct voke_verdict v;
		/* Copied to an exact-size heap buffer so ASan sees any read past the key's end. */
		size_t key_len = key_per_record ? klen : file_key_len;
		unsigned char *exact = malloc(key_len ? key_len : 1);
		if(!exact) return 3;
		memcpy(exact, key_per_record ? key : file_key, key_len);
		voke_jwt_check(exact, key_len, uabsent ? NULL : (const char *)user, pabsent || plen == 0 ? NULL : pw, plen, now, 500000000L, &options, &v);
		printf("%s\t%s\t%s\t%d\t", v.rule, v.reason, v.detail, v.crash ? 1 : 0);
		for(const char *c = v.jwt_line; c < v.jwt_line + v.jwt_line_len; c++){
			if(*c == '\\') fputs("\\\\", stdout);
			else if(*c == '\t') fputs("\\t", stdout);
			else if(*c == '\n') fputs("\\n", stdout);
			else putchar(*c);
		}
		putchar('\n');
		free(exact);
		free(key);
		free(user);
		free(pw);
	}
	return 0;
}
