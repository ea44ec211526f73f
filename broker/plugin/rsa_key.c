/* PKCS#1 RSAPublicKey DER with ring's rules: strict DER (minimal lengths and integers, no
 * trailing bytes), modulus 256-1024 bytes and odd, exponent odd with 3 <= e < 2^33. When the
 * file is something else, a small DER/PEM sniff names it for the log line. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include "rsa_key.h"

struct der { const unsigned char *p; size_t n; };

/* Reads one element: tag, strict DER definite length, contents. */
static bool der_read(struct der *d, unsigned char *tag, struct der *content)
{
	if(d->n < 2) return false;
	*tag = d->p[0];
	size_t len, header = 2;
	unsigned char l = d->p[1];
	if(l < 0x80) len = l;
	else if(l == 0x81){
		if(d->n < 3 || d->p[2] < 0x80) return false;
		len = d->p[2]; header = 3;
	}else if(l == 0x82){
		if(d->n < 4 || d->p[2] == 0 || ((size_t)d->p[2] << 8 | d->p[3]) < 0x100) return false;
		len = (size_t)d->p[2] << 8 | d->p[3]; header = 4;
	}else return false; /* indefinite, or larger than any key file we accept */
	if(d->n - header < len) return false;
	content->p = d->p + header;
	content->n = len;
	d->p += header + len;
	d->n -= header + len;
	return true;
}

/* A positive, minimally encoded INTEGER; returns its magnitude without the sign byte. */
static bool der_positive_integer(struct der *d, struct der *magnitude)
{
	unsigned char tag;
	if(!der_read(d, &tag, magnitude) || tag != 0x02 || magnitude->n == 0) return false;
	if(magnitude->p[0] & 0x80) return false; /* negative */
	if(magnitude->p[0] == 0){
		if(magnitude->n == 1) return false; /* zero: not a usable modulus or exponent */
		if(!(magnitude->p[1] & 0x80)) return false; /* non-minimal */
		magnitude->p++; magnitude->n--;
	}
	return true;
}

static size_t bit_length(const struct der *m)
{
	unsigned char top = m->p[0];
	size_t bits = 0;
	while(top){ bits++; top >>= 1; }
	return (m->n - 1) * 8 + bits;
}

/* Parses SEQUENCE { n, e } at the start of d; *rest gets what follows. */
static bool parse_pkcs1(struct der d, struct der *n, struct der *e, size_t *rest)
{
	unsigned char tag;
	struct der seq;
	if(!der_read(&d, &tag, &seq) || tag != 0x30) return false;
	if(!der_positive_integer(&seq, n) || !der_positive_integer(&seq, e) || seq.n != 0) return false;
	*rest = d.n;
	return true;
}

static const unsigned char RSA_ENCRYPTION_OID[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };

/* Names what a file that is not a PKCS#1 RSAPublicKey DER is, as lib/keys/broker-key-check.ts does. */
static const char *sniff(const unsigned char *bytes, size_t len, char *detail, size_t detail_size)
{
	if(len >= 11 && memcmp(bytes, "-----BEGIN ", 11) == 0){
		const unsigned char *end = memchr(bytes + 11, '\n', len - 11);
		size_t line = end ? (size_t)(end - bytes) : len;
		char label[64] = {0};
		size_t k = 0;
		for(size_t i = 11; i < line && k < sizeof label - 1 && bytes[i] != '-'; i++) label[k++] = (char)bytes[i];
		for(size_t i = 0; i < k; i++) if((unsigned char)label[i] < 0x20 || (unsigned char)label[i] > 0x7E) label[i] = '?';
		snprintf(detail, detail_size, "the key file is PEM text (BEGIN %s); the broker reads binary PKCS#1 DER only", label);
		if(strstr(label, "PRIVATE KEY")) return "KEY_IS_PRIVATE";
		if(strstr(label, "CERTIFICATE") && !strstr(label, "REQUEST")) return "KEY_IS_CERTIFICATE";
		if(strstr(label, "PUBLIC KEY")) return "KEY_PEM_NOT_DER";
		return "KEY_WRONG_FORMAT";
	}
	struct der d = { bytes, len }, seq, first, second, third;
	unsigned char tag, t1, t2, t3;
	if(!der_read(&d, &tag, &seq) || tag != 0x30 || !der_read(&seq, &t1, &first)){
		snprintf(detail, detail_size, "the key file is not DER at all (%zu bytes)", len);
		return "KEY_WRONG_FORMAT";
	}
	bool has_second = der_read(&seq, &t2, &second);
	bool has_third = has_second && der_read(&seq, &t3, &third);
	if(t1 == 0x30 && has_second && t2 == 0x03 && !has_third){
		unsigned char oid_tag;
		struct der oid;
		bool rsa = der_read(&first, &oid_tag, &oid) && oid_tag == 0x06 && oid.n == sizeof RSA_ENCRYPTION_OID
			&& memcmp(oid.p, RSA_ENCRYPTION_OID, oid.n) == 0;
		snprintf(detail, detail_size, "the key file is an SPKI DER public key (BEGIN PUBLIC KEY in binary), not PKCS#1 RSAPublicKey");
		return rsa ? "KEY_SPKI_NOT_PKCS1" : "KEY_NOT_RSA";
	}
	if(t1 == 0x02 && first.n == 1 && (first.p[0] == 0 || first.p[0] == 1) && has_second){
		snprintf(detail, detail_size, "the key file is a private key; the broker needs the public key");
		return "KEY_IS_PRIVATE";
	}
	if(t1 == 0x30 && has_second && t2 == 0x30 && has_third && t3 == 0x03){
		snprintf(detail, detail_size, "the key file is an X.509 certificate, not a bare RSA public key");
		return "KEY_IS_CERTIFICATE";
	}
	snprintf(detail, detail_size, "the key file is DER but not a PKCS#1 RSAPublicKey");
	return "KEY_WRONG_FORMAT";
}

static EVP_PKEY *build_pkey(const struct der *n, const struct der *e)
{
	EVP_PKEY *pkey = NULL;
	BIGNUM *bn_n = BN_bin2bn(n->p, (int)n->n, NULL);
	BIGNUM *bn_e = BN_bin2bn(e->p, (int)e->n, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if(bn_n && bn_e && bld && ctx
			&& OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n)
			&& OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)
			&& (params = OSSL_PARAM_BLD_to_param(bld)) != NULL
			&& EVP_PKEY_fromdata_init(ctx) > 0){
		if(EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) pkey = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_n);
	BN_free(bn_e);
	return pkey;
}

void voke_rsa_key_load(const unsigned char *bytes, size_t len, struct voke_key_result *out)
{
	memset(out, 0, sizeof *out);
	struct der n, e;
	size_t rest = 0;
	if(len == 0){
		out->code = "KEY_EMPTY";
		snprintf(out->detail, sizeof out->detail, "the key file is empty");
		return;
	}
	if(!parse_pkcs1((struct der){ bytes, len }, &n, &e, &rest)){
		out->code = sniff(bytes, len, out->detail, sizeof out->detail);
		return;
	}
	if(rest != 0){
		out->code = "KEY_TRAILING_DATA";
		snprintf(out->detail, sizeof out->detail, "the key file holds a PKCS#1 DER key followed by %zu extra bytes", rest);
		return;
	}
	/* ring measures the modulus in whole bytes (256 to 1024): a 2041-bit key passes, 2040 does not. */
	size_t n_bits = bit_length(&n);
	if(n.n < 256 || n.n > 1024){
		out->code = n.n < 256 ? "KEY_TOO_SMALL" : "KEY_TOO_LARGE";
		snprintf(out->detail, sizeof out->detail, "the key is %zu bits (%zu bytes); the broker accepts 256 to 1024 bytes (2041 to 8192 bits)", n_bits, n.n);
		return;
	}
	if(!(n.p[n.n - 1] & 1)){
		out->code = "KEY_BAD_MODULUS";
		snprintf(out->detail, sizeof out->detail, "the modulus is even, so this is not a real RSA key");
		return;
	}
	uint64_t e_value = 0;
	bool e_small = bit_length(&e) <= 33;
	if(e_small) for(size_t i = 0; i < e.n; i++) e_value = e_value << 8 | e.p[i];
	if(!e_small || e_value < 3 || !(e_value & 1)){
		out->code = "KEY_BAD_EXPONENT";
		snprintf(out->detail, sizeof out->detail, "the public exponent must be odd, at least 3 and below 2^33");
		return;
	}
	out->pkey = build_pkey(&n, &e);
	if(!out->pkey){
		out->code = "KEY_UNREADABLE";
		snprintf(out->detail, sizeof out->detail, "OpenSSL could not build an RSA key from the file");
	}
}
