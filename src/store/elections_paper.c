/*
 * elections_paper.c — paper rounds in the store (see elections.h): the
 * ballots issued and returned, the two tellers, each teller's reading of
 * every ballot by its number, the chief scrutineer's settled readings, and
 * the checked totals. Nothing here names a voter: paper ballots are
 * anonymous, and the entries are keyed by the number written on the ballot
 * at the count.
 */
#include <string.h>

#include "store/elections.h"
#include "base/banned.h"

enum rd_err round_set_mode(struct store_tx *tx, int64_t id, const char *mode)
{
	struct store_stmt *st = store_sql(tx, "UPDATE rounds SET mode = ? WHERE id = ?");

	store_bind_text(st, 1, mode);
	store_bind_i64(st, 2, id);
	return store_exec(st);
}

enum rd_err paper_set_counts(struct store_tx *tx, int64_t round_id, int64_t issued,
			     int64_t returned)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE rounds SET paper_issued = ?, paper_returned = ? WHERE id = ?");

	store_bind_i64(st, 1, issued);
	store_bind_i64(st, 2, returned);
	store_bind_i64(st, 3, round_id);
	return store_exec(st);
}

enum rd_err paper_teller(struct store_tx *tx, int64_t round_id, int64_t user_id, int *slot)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT COALESCE(teller1, 0), COALESCE(teller2, 0) FROM rounds WHERE id = ?");
	int64_t t[2];
	enum rd_err rc;

	store_bind_i64(st, 1, round_id);
	if (store_step(st) != STORE_ROW)
		return store_tx_error(tx, NULL);
	t[0] = store_col_i64(st, 0);
	t[1] = store_col_i64(st, 1);
	for (int i = 0; i < 2; i++)
		if (t[i] == user_id) {
			*slot = i + 1;
			return RD_OK;
		}
	for (int i = 0; i < 2; i++)
		if (!t[i]) {
			st = store_sql(tx, i == 0 ? "UPDATE rounds SET teller1 = ? WHERE id = ?"
						  : "UPDATE rounds SET teller2 = ? WHERE id = ?");
			store_bind_i64(st, 1, user_id);
			store_bind_i64(st, 2, round_id);
			rc = store_exec(st);
			*slot = i + 1;
			return rc;
		}
	return RD_ECONFLICT;
}

enum rd_err paper_entry_add(struct store_tx *tx, int64_t round_id, int slot, int64_t number,
			    const char *content)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO paper_entries (round_id, teller, number,"
			      " content) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");

	store_bind_i64(st, 1, round_id);
	store_bind_i64(st, 2, slot);
	store_bind_i64(st, 3, number);
	store_bind_text(st, 4, content);
	return store_exec_changed(st);
}

enum rd_err paper_entries_each(struct store_tx *tx, int64_t round_id,
			       int (*each)(int64_t number, const char *r1, const char *r2,
					   const char *settled, void *),
			       void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT k.number,"
		    " (SELECT content FROM paper_entries WHERE round_id = ?1 AND teller = 1"
		    "  AND number = k.number),"
		    " (SELECT content FROM paper_entries WHERE round_id = ?1 AND teller = 2"
		    "  AND number = k.number),"
		    " (SELECT content FROM paper_settled WHERE round_id = ?1 AND number = k.number)"
		    " FROM (SELECT number FROM paper_entries WHERE round_id = ?1"
		    "  UNION SELECT number FROM paper_settled WHERE round_id = ?1) k"
		    " ORDER BY k.number");
	enum store_step r;

	store_bind_i64(st, 1, round_id);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err paper_settle(struct store_tx *tx, int64_t round_id, int64_t number, const char *content,
			 int64_t user_id)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO paper_settled (round_id, number,"
					      " content, settled_by) VALUES (?, ?, ?, ?)"
					      " ON CONFLICT DO NOTHING");

	store_bind_i64(st, 1, round_id);
	store_bind_i64(st, 2, number);
	store_bind_text(st, 3, content);
	store_bind_i64(st, 4, user_id);
	return store_exec_changed(st);
}

enum rd_err paper_totals_set(struct store_tx *tx, int64_t round_id, int slot, const char *content)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO paper_totals (round_id, teller, content)"
					      " VALUES (?, ?, ?) ON CONFLICT (round_id, teller)"
					      " DO UPDATE SET content = excluded.content");

	store_bind_i64(st, 1, round_id);
	store_bind_i64(st, 2, slot);
	store_bind_text(st, 3, content);
	return store_exec(st);
}

enum rd_err paper_totals_get(struct store_tx *tx, int64_t round_id,
			     enum rd_err (*each)(const char *t1, const char *t2, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT (SELECT content FROM paper_totals WHERE round_id = ?1 AND teller = 1),"
		    " (SELECT content FROM paper_totals WHERE round_id = ?1 AND teller = 2)");

	store_bind_i64(st, 1, round_id);
	if (store_step(st) != STORE_ROW)
		return store_tx_error(tx, NULL);
	return each(store_col_text(st, 0), store_col_text(st, 1), ctx);
}

enum rd_err rounds_announced(struct store_tx *tx, int64_t *ids, size_t max, size_t *n)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT id FROM rounds WHERE state = 'announced' ORDER BY id");
	enum store_step r;

	*n = 0;
	while ((r = store_step(st)) == STORE_ROW && *n < max)
		ids[(*n)++] = store_col_i64(st, 0);
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
