/* The JWT key file as the real plugin (ring's RSA_PKCS1_2048_8192_SHA256) reads it: PKCS#1
 * RSAPublicKey DER and nothing else. Anything else gets a code naming what the file is. */
#ifndef VOKE_RSA_KEY_H
#define VOKE_RSA_KEY_H
#include <stddef.h>
#include <openssl/evp.h>

struct voke_key_result {
	EVP_PKEY *pkey;        /* set when code is NULL; free with EVP_PKEY_free */
	const char *code;      /* NULL when usable, else e.g. KEY_SPKI_NOT_PKCS1 (same codes as lib/keys/key-errors.ts) */
	char detail[160];
};

/* Never fails open: any problem gives a code. */
void voke_rsa_key_load(const unsigned char *der, size_t len, struct voke_key_result *out);

#endif
