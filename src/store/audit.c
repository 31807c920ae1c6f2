/* audit.c — see audit.h. */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/banned.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Feeds one length-prefixed field, so that ("ab","c") and ("a","bc") differ. */
static void feed(crypto_generichash_state *st, const void *p, size_t n)
{
	unsigned char len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)n >> (8 * i));
	crypto_generichash_update(st, len, sizeof(len));
	crypto_generichash_update(st, p, n);
}

static void feed_str(crypto_generichash_state *st, const char *s)
{
	feed(st, s, strlen(s));
}

static void feed_i64(crypto_generichash_state *st, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", (long long)v);

	feed(st, num, (size_t)n);
}

void audit_entry_hash(const char *prev_hash, int64_t id, int64_t at_ms, const char *actor,
		      const char *action, const char *subject, const char *detail,
		      char out[SECRET_HASH_HEX_LEN])
{
	crypto_generichash_state st;
	unsigned char h[SECRET_HASH_LEN];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	feed_str(&st, prev_hash);
	feed_i64(&st, id);
	feed_i64(&st, at_ms);
	feed_str(&st, actor);
	feed_str(&st, action);
	feed_str(&st, subject);
	feed_str(&st, detail);
	crypto_generichash_final(&st, h, sizeof(h));
	secret_hex(h, sizeof(h), out);
}

enum rd_err audit_append(struct store_tx *tx, int64_t at_ms, const char *actor, const char *action,
			 const char *subject, const char *detail, int64_t *id_out)
{
	struct store_stmt *st;
	char prev[SECRET_HASH_HEX_LEN], hash[SECRET_HASH_HEX_LEN];
	int64_t id = 1;
	enum store_step r;

	if (!detail)
		detail = "{}";
	str_copy(prev, sizeof(prev), zero_hash);
	st = store_sql(tx, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (r == STORE_ROW) {
		id = store_col_i64(st, 0) + 1;
		str_copy(prev, sizeof(prev), store_col_text(st, 1));
	}
	audit_entry_hash(prev, id, at_ms, actor, action, subject, detail, hash);
	st = store_sql(tx, "INSERT INTO audit_log (id, at, actor, action, subject, detail,"
			   " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, at_ms);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, subject);
	store_bind_text(st, 6, detail);
	store_bind_text(st, 7, prev);
	store_bind_text(st, 8, hash);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	if (id_out)
		*id_out = id;
	return RD_OK;
}

enum rd_err audit_verify(struct store_tx *tx, struct audit_report *out)
{
	struct store_stmt *st;
	char prev[SECRET_HASH_HEX_LEN], want[SECRET_HASH_HEX_LEN];
	int64_t expect_id = 1;
	enum store_step r;

	memset(out, 0, sizeof(*out));
	str_copy(prev, sizeof(prev), zero_hash);
	st = store_sql(tx, "SELECT id, at, actor, action, subject, detail, prev_hash, hash"
			   " FROM audit_log ORDER BY id");
	while ((r = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_i64(st, 0);
		const char *stored_prev = store_col_text(st, 6);
		const char *stored_hash = store_col_text(st, 7);

		out->entries++;
		if (id != expect_id) {
			out->broken_at = id;
			out->reason_code = "missing";
			snprintf(out->reason, sizeof(out->reason),
				 "entry %lld is missing (ids jump to %lld)", (long long)expect_id,
				 (long long)id);
			return RD_OK;
		}
		if (!stored_prev || strcmp(stored_prev, prev) != 0) {
			out->broken_at = id;
			out->reason_code = "chain";
			snprintf(out->reason, sizeof(out->reason),
				 "prev_hash does not match the entry before");
			return RD_OK;
		}
		audit_entry_hash(prev, id, store_col_i64(st, 1), store_col_text(st, 2),
				 store_col_text(st, 3), store_col_text(st, 4),
				 store_col_text(st, 5), want);
		if (!stored_hash || strcmp(stored_hash, want) != 0) {
			out->broken_at = id;
			out->reason_code = "edited";
			snprintf(out->reason, sizeof(out->reason),
				 "content does not match its hash (edited)");
			return RD_OK;
		}
		str_copy(prev, sizeof(prev), stored_hash);
		expect_id++;
	}
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (out->entries)
		str_copy(out->head, sizeof(out->head), prev);
	return RD_OK;
}
