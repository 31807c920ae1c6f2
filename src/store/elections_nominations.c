/*
 * elections_nominations.c — joint nominations (联名提名, LOL art. 26(2)) in
 * the store: the nomination, its names in the order given, and its signers
 * (one row per delegate: the primary key makes a second signature conflict).
 * See elections.h.
 */
#include <string.h>

#include "base/str.h"
#include "store/elections.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err nomination_create(struct store_tx *tx, struct nomination *n, int64_t now)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO nominations (election_id, started_by,"
					      " created_at) VALUES (?, ?, ?)");

	store_bind_i64(st, 1, n->election_id);
	store_bind_i64(st, 2, n->started_by);
	store_bind_i64(st, 3, now);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	n->id = store_last_id(tx);
	n->created_at = now;
	str_copy(n->state, sizeof(n->state), "open");
	for (size_t i = 0; i < n->n_names; i++) {
		st = store_sql(tx, "INSERT INTO nomination_names (nomination_id, position, name)"
				   " VALUES (?, ?, ?)");
		store_bind_i64(st, 1, n->id);
		store_bind_i64(st, 2, (int64_t)i + 1);
		store_bind_text(st, 3, n->names[i]);
		if (store_exec(st))
			return store_tx_error(tx, NULL);
	}
	return RD_OK;
}

enum rd_err nomination_get(struct store_tx *tx, int64_t id, struct nomination *out)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT id, election_id, started_by, state, created_at,"
		    " COALESCE(submitted_at, 0), (SELECT COUNT(*) FROM nomination_signers"
		    " WHERE nomination_id = nominations.id) FROM nominations WHERE id = ?");
	enum store_step r;

	memset(out, 0, sizeof(*out));
	store_bind_i64(st, 1, id);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (r != STORE_ROW)
		return RD_ENOTFOUND;
	out->id = store_col_i64(st, 0);
	out->election_id = store_col_i64(st, 1);
	out->started_by = store_col_i64(st, 2);
	COPY(out->state, st, 3);
	out->created_at = store_col_i64(st, 4);
	out->submitted_at = store_col_i64(st, 5);
	out->signers = store_col_i64(st, 6);
	st = store_sql(tx, "SELECT name FROM nomination_names WHERE nomination_id = ?"
			   " ORDER BY position");
	store_bind_i64(st, 1, id);
	while ((r = store_step(st)) == STORE_ROW && out->n_names < NOMINATION_MAX_NAMES) {
		COPY(out->names[out->n_names], st, 0);
		out->n_names++;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err nominations_each(struct store_tx *tx, int64_t election_id,
			     int (*each)(const struct nomination *, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT id FROM nominations WHERE election_id = ? ORDER BY id");
	int64_t ids[256];
	size_t n = 0;
	enum store_step r;
	struct nomination nom;
	enum rd_err rc = RD_OK;

	/* Ids first: reading a nomination runs statements of its own. */
	store_bind_i64(st, 1, election_id);
	while ((r = store_step(st)) == STORE_ROW && n < 256)
		ids[n++] = store_col_i64(st, 0);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	for (size_t i = 0; i < n && !rc; i++) {
		rc = nomination_get(tx, ids[i], &nom);
		if (!rc && each(&nom, ctx))
			break;
	}
	return rc;
}

enum rd_err nomination_sign(struct store_tx *tx, int64_t id, int64_t delegate_id, int64_t now)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO nomination_signers (nomination_id,"
					      " delegate_id, signed_at) VALUES (?, ?, ?)"
					      " ON CONFLICT DO NOTHING");

	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, delegate_id);
	store_bind_i64(st, 3, now);
	return store_exec_changed(st);
}

enum rd_err nomination_signed(struct store_tx *tx, int64_t id, int64_t delegate_id, bool *yes)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT 1 FROM nomination_signers WHERE nomination_id = ? AND delegate_id = ?");
	enum store_step r;

	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, delegate_id);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	*yes = r == STORE_ROW;
	return RD_OK;
}

enum rd_err nomination_names_signed(struct store_tx *tx, int64_t election_id, int64_t delegate_id,
				    int64_t *n)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT COUNT(*) FROM nomination_names n"
			      " JOIN nomination_signers s ON s.nomination_id = n.nomination_id"
			      " JOIN nominations m ON m.id = n.nomination_id"
			      " WHERE m.election_id = ? AND s.delegate_id = ?");
	enum store_step r;

	store_bind_i64(st, 1, election_id);
	store_bind_i64(st, 2, delegate_id);
	r = store_step(st);
	if (r != STORE_ROW)
		return store_tx_error(tx, NULL);
	*n = store_col_i64(st, 0);
	return RD_OK;
}

enum rd_err nomination_submit(struct store_tx *tx, int64_t id, int64_t now)
{
	struct store_stmt *st = store_sql(tx, "UPDATE nominations SET state = 'submitted',"
					      " submitted_at = ? WHERE id = ? AND state = 'open'");

	store_bind_i64(st, 1, now);
	store_bind_i64(st, 2, id);
	return store_exec_changed(st);
}

enum rd_err election_round_count(struct store_tx *tx, int64_t election_id, int64_t *n)
{
	struct store_stmt *st = store_sql(tx, "SELECT COUNT(*) FROM rounds WHERE election_id = ?");
	enum store_step r;

	store_bind_i64(st, 1, election_id);
	r = store_step(st);
	if (r != STORE_ROW)
		return store_tx_error(tx, NULL);
	*n = store_col_i64(st, 0);
	return RD_OK;
}
