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
	/* "OK" or the first failing rule, with the codes lib/tokens/broker-verdict.ts uses. */
	const char *rule;
	/* The error name the real plugin would print: InvalidSignature, InvalidToken, ... */
	const char *reason;
	char detail[200];
};

/* password may be NULL (no password sent) and need not be UTF-8; username may be NULL. */
void voke_jwt_check(const unsigned char *key_file, size_t key_len,
		const char *username, const unsigned char *password, size_t password_len,
		long long now, const struct voke_jwt_options *options, struct voke_verdict *out);

#endif
