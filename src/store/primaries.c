/*
 * primaries.c — primary rounds and the formal list (see primaries.h).
 * Portable SQL only.
 */
#include "store/primaries.h"

#include "base/str.h"
#include "base/banned.h"

enum rd_err primary_round_create(struct store_tx *tx, struct round *r)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO rounds (election_id, plenary_id, parent_id, kind, seats, stage)"
		    " VALUES (?, ?, ?, ?, ?, 'primary')");

	store_bind_i64(st, 1, r->election_id);
	store_bind_i64(st, 2, r->plenary_id);
	if (r->parent_id)
		store_bind_i64(st, 3, r->parent_id);
	else
		store_bind_null(st, 3);
	/* The kind column keeps what the primary is: among all, or a tie vote. */
	store_bind_text(st, 4, r->parent_id ? "tie_vote" : "first");
	store_bind_i64(st, 5, r->seats);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	r->id = store_last_id(tx);
	str_copy(r->state, sizeof(r->state), "draft");
	str_copy(r->kind, sizeof(r->kind), "primary");
	str_copy(r->mode, sizeof(r->mode), "electronic");
	for (size_t i = 0; i < r->n_names; i++) {
		st = store_sql(tx, "INSERT INTO round_candidates (round_id, position, name)"
				   " VALUES (?, ?, ?)");
		store_bind_i64(st, 1, r->id);
		store_bind_i64(st, 2, (int64_t)i + 1);
		store_bind_text(st, 3, r->names[i]);
		if (store_exec(st))
			return store_tx_error(tx, NULL);
	}
	return RD_OK;
}

enum rd_err primary_formal_set(struct store_tx *tx, int64_t election_id, const char *const *names,
			       const int64_t *votes, size_t n)
{
	struct store_stmt *st;
	size_t have = 0;
	enum rd_err rc = primary_formal_each(tx, election_id, NULL, NULL, &have);

	if (rc)
		return rc;
	if (have)
		return RD_ECONFLICT;
	for (size_t i = 0; i < n; i++) {
		st = store_sql(tx, "INSERT INTO primary_formal (election_id, position, name, votes)"
				   " VALUES (?, ?, ?, ?)");
		store_bind_i64(st, 1, election_id);
		store_bind_i64(st, 2, (int64_t)i + 1);
		store_bind_text(st, 3, names[i]);
		store_bind_i64(st, 4, votes[i]);
		if (store_exec(st))
			return store_tx_error(tx, NULL);
	}
	return RD_OK;
}

enum rd_err primary_formal_each(struct store_tx *tx, int64_t election_id,
				int (*each)(const char *name, int64_t votes, void *), void *ctx,
				size_t *n)
{
	struct store_stmt *st = store_sql(tx, "SELECT name, votes FROM primary_formal"
					      " WHERE election_id = ? ORDER BY position");
	enum store_step r;
	size_t k = 0;

	store_bind_i64(st, 1, election_id);
	while ((r = store_step(st)) == STORE_ROW) {
		k++;
		if (each && each(store_col_text(st, 0), store_col_i64(st, 1), ctx))
			break;
	}
	if (n)
		*n = k;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
