/*
 * audit.h — the append-only, hash-chained audit log (DESIGN.md invariant 5).
 *
 * Every state change is written here in the same transaction as the change
 * itself, so the log and the data cannot disagree. Entry n stores
 *   hash_n = BLAKE2b-256( prev_hash || id || at || actor || action || subject || detail )
 * (each field length-prefixed) with prev_hash = hash_{n-1} and the first
 * entry chained to 64 zeros. audit_verify() recomputes the chain: an edited,
 * inserted or deleted entry breaks it from that point on. Deleting the newest
 * entries cannot be seen from the chain alone; `renda verify` prints the head
 * hash so it can be published and compared.
 *
 * Never put in `detail` anything that links a voter to a secret ballot.
 */
#ifndef RD_STORE_AUDIT_H
#define RD_STORE_AUDIT_H

#include <stdint.h>

#include "base/err.h"
#include "base/secret.h"
#include "store/store.h"

/*
 * Appends an entry inside a write transaction. detail is a JSON object text
 * ("{}" if NULL). On success *id_out (if given) gets the new entry's id.
 */
enum rd_err audit_append(struct store_tx *tx, int64_t at_ms, const char *actor, const char *action,
			 const char *subject, const char *detail, int64_t *id_out);

struct audit_report {
	int64_t entries;		/* entries checked */
	int64_t broken_at;		/* first entry whose hash fails, 0 if none */
	char head[SECRET_HASH_HEX_LEN]; /* hash of the newest entry ("" if empty) */
	char reason[128];		/* why broken_at failed */
	const char *reason_code;	/* "missing", "chain" or "edited" (NULL if intact) */
};

/* Walks the whole chain (a read transaction is enough). RD_OK even when the
 * chain is broken: the report says so; an error means it could not be read. */
enum rd_err audit_verify(struct store_tx *tx, struct audit_report *out);

/* The hash of one entry from its fields; exposed for tests. */
void audit_entry_hash(const char *prev_hash, int64_t id, int64_t at_ms, const char *actor,
		      const char *action, const char *subject, const char *detail,
		      char out[SECRET_HASH_HEX_LEN]);

#endif
