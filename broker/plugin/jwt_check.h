/* The Voke JWT listener's CONNECT decision (../../../shared/broker-rules.md), free of
 * Mosquitto so it can also run in the standalone checker used by the fuzz test. */
#ifndef VOKE_JWT_CHECK_H
#define VOKE_JWT_CHECK_H
#include <stdbool.h>
#include <stddef.h>

struct voke_jwt_options {
	bool validate_exp;
	bool validate_sub_match_username;
};

struct voke_verdict {
	bool accept;
	/* The real plugin would panic here and the whole broker would die; this one refuses. */
	bool crash;
	/* "OK" or the first failing rule, with the codes lib/tokens/broker-verdict.ts uses. */
	const char *rule;
	/* The real plugin's error name: InvalidSignature, WrongAlgorithmHeader, JsonError, ... */
	const char *reason;
	char detail[200];
	/* The line the real plugin prints ("jwt-auth: ..."); for a crash, its panic message. */
	char jwt_line[16384];
	size_t jwt_line_len;   /* the line may hold NUL bytes (a sub with \u0000 is printed raw) */
};

/* password may be NULL (no password sent: Mosquitto passes NULL for a zero-length one) and need
 * not be UTF-8; it is read as a C string, up to its first NUL byte within password_len.
 * username may be NULL. now/now_nanos: the broker's clock. */
void voke_jwt_check(const unsigned char *key_file, size_t key_len,
		const char *username, const unsigned char *password, size_t password_len,
		long long now, long now_nanos, const struct voke_jwt_options *options, struct voke_verdict *out);

#endif
