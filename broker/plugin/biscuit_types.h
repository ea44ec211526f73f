/* The typed step of the real plugin's decoding: the header as biscuit 0.6's RegisteredHeader, the
 * payload as its RegisteredClaims then the plugin's own Claims (sub, publ, subs), each read from
 * the buffered object the way serde's flatten does it (members a struct knows are taken in the
 * order written; names no struct knows are ignored, even twice). */
#ifndef VOKE_BISCUIT_TYPES_H
#define VOKE_BISCUIT_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include "serde_json_reader.h"

/* What went wrong, for the rule code; none when the struct reads. */
enum voke_typed_fault {
	VOKE_TYPED_OK,
	VOKE_TYPED_DUPLICATE,     /* a known member twice */
	VOKE_TYPED_ALG,           /* alg missing, not a name biscuit knows, or not a string */
	VOKE_TYPED_MEMBER,        /* another known member of the wrong type */
	VOKE_TYPED_SUB,           /* sub not a string */
	VOKE_TYPED_DATE,          /* exp, nbf or iat not an i64 */
	VOKE_TYPED_DATE_RANGE     /* exp, nbf or iat beyond chrono's range: the real plugin panics */
};

struct voke_typed_error {
	enum voke_typed_fault fault;
	const char *member;       /* the member at fault ("kid", "exp", ...) */
	char message[8192];       /* serde's message (for DATE_RANGE: the panic's) */
};

/* alg: the SignatureAlgorithm read (e.g. "RS256"), when the header reads. */
bool voke_read_header(const struct voke_content *map, const char **alg, struct voke_typed_error *err);

struct voke_claims {
	bool has_exp, has_nbf, has_iat;
	long long exp, nbf, iat;
	const struct voke_content *sub;           /* a STRING, or NULL when absent or null */
	const struct voke_content *publ, *subs;   /* SEQs of STRINGs, or NULL */
};

bool voke_read_claims(const struct voke_content *map, struct voke_claims *claims, struct voke_typed_error *err);

/* The plugin's own topic-filter check of one publ/subs entry (topic_utils.rs parse_topic_path
 * with wildcards allowed): NULL when it parses, else its Debug text (TopicAfterMultiLevelWildcard,
 * InvalidTopicName("a+b")) written to out. */
const char *voke_topic_filter_error(const char *filter, size_t len, char *out, size_t size);

#endif
