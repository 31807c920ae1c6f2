/*
 * direct.c — direct elections, constituencies and their rounds (see
 * direct.h). Portable SQL only.
 */
#include "store/direct.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err direct_election_create(struct store_tx *tx, struct direct_election *d, int64_t now)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO direct_elections (title, election_day, keep_unfilled_vacant,"
		    " created_at) VALUES (?, ?, ?, ?)");

	store_bind_text(st, 1, d->title);
	store_bind_text(st, 2, d->election_day);
	store_bind_i64(st, 3, d->keep_unfilled_vacant ? 1 : 0);
	store_bind_i64(st, 4, now);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	d->id = store_last_id(tx);
	return RD_OK;
}

#define DE_COLS "SELECT id, title, election_day, keep_unfilled_vacant FROM direct_elections"

static void read_de(struct store_stmt *st, struct direct_election *d)
{
	d->id = store_col_i64(st, 0);
	COPY(d->title, st, 1);
	COPY(d->election_day, st, 2);
	d->keep_unfilled_vacant = store_col_i64(st, 3) != 0;
}

enum rd_err direct_election_get(struct store_tx *tx, int64_t id, struct direct_election *out)
{
	struct store_stmt *st = store_sql(tx, DE_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_de(st, out);
	return rc;
}

enum rd_err direct_elections_each(struct store_tx *tx,
				  int (*each)(const struct direct_election *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, DE_COLS " ORDER BY id");
	struct direct_election d;
	enum store_step r;

	while ((r = store_step(st)) == STORE_ROW) {
		read_de(st, &d);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err constituency_create(struct store_tx *tx, struct constituency *c)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO constituencies (direct_election_id, name, voters, seats,"
			      " candidates) VALUES (?, ?, ?, ?, ?)");
	enum rd_err rc;

	store_bind_i64(st, 1, c->direct_election_id);
	store_bind_text(st, 2, c->name);
	store_bind_i64(st, 3, c->voters);
	store_bind_i64(st, 4, c->seats);
	store_bind_text(st, 5, c->candidates);
	rc = store_exec(st);
	if (rc)
		return store_tx_error(tx, NULL);
	c->id = store_last_id(tx);
	return RD_OK;
}

#define C_COLS "SELECT id, direct_election_id, name, voters, seats, candidates FROM constituencies"

static void read_c(struct store_stmt *st, struct constituency *c)
{
	c->id = store_col_i64(st, 0);
	c->direct_election_id = store_col_i64(st, 1);
	COPY(c->name, st, 2);
	c->voters = store_col_i64(st, 3);
	c->seats = store_col_i64(st, 4);
	COPY(c->candidates, st, 5);
}

enum rd_err constituency_get(struct store_tx *tx, int64_t id, struct constituency *out)
{
	struct store_stmt *st = store_sql(tx, C_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_c(st, out);
	return rc;
}

enum rd_err constituencies_each(struct store_tx *tx, int64_t direct_election_id,
				int (*each)(const struct constituency *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, C_COLS " WHERE direct_election_id = ? ORDER BY id");
	struct constituency *c = calloc(1, sizeof(*c));
	enum store_step r = STORE_ERROR;

	if (!c)
		return RD_ENOMEM;
	store_bind_i64(st, 1, direct_election_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_c(st, c);
		if (each(c, ctx))
			break;
	}
	free(c);
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err direct_round_create(struct store_tx *tx, struct direct_round *r)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO direct_rounds (constituency_id, parent_id, kind, seats, names)"
		    " VALUES (?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, r->constituency_id);
	if (r->parent_id)
		store_bind_i64(st, 2, r->parent_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, r->kind);
	store_bind_i64(st, 4, r->seats);
	store_bind_text(st, 5, r->names);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	r->id = store_last_id(tx);
	str_copy(r->state, sizeof(r->state), "draft");
	return RD_OK;
}

#define R_COLS                                                                                     \
	"SELECT id, constituency_id, COALESCE(parent_id, 0), kind, seats, names, state,"           \
	" COALESCE(recorded_at, 0), COALESCE(announced_at, 0) FROM direct_rounds"

static void read_r(struct store_stmt *st, struct direct_round *r)
{
	r->id = store_col_i64(st, 0);
	r->constituency_id = store_col_i64(st, 1);
	r->parent_id = store_col_i64(st, 2);
	COPY(r->kind, st, 3);
	r->seats = store_col_i64(st, 4);
	COPY(r->names, st, 5);
	COPY(r->state, st, 6);
	r->recorded_at = store_col_i64(st, 7);
	r->announced_at = store_col_i64(st, 8);
}

enum rd_err direct_round_get(struct store_tx *tx, int64_t id, struct direct_round *out)
{
	struct store_stmt *st = store_sql(tx, R_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_r(st, out);
	return rc;
}

enum rd_err direct_rounds_each(struct store_tx *tx, int64_t constituency_id,
			       int (*each)(const struct direct_round *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, R_COLS " WHERE constituency_id = ? ORDER BY id");
	struct direct_round *r = calloc(1, sizeof(*r));
	enum store_step s = STORE_ERROR;

	if (!r)
		return RD_ENOMEM;
	store_bind_i64(st, 1, constituency_id);
	while ((s = store_step(st)) == STORE_ROW) {
		read_r(st, r);
		if (each(r, ctx))
			break;
	}
	free(r);
	return s == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err direct_round_record(struct store_tx *tx, int64_t id, const char *figures,
				const char *decision, int64_t now)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE direct_rounds SET figures = ?, decision = ?, state = 'decided',"
		    " recorded_at = ? WHERE id = ? AND state IN ('draft', 'decided')");

	store_bind_text(st, 1, figures);
	store_bind_text(st, 2, decision);
	store_bind_i64(st, 3, now);
	store_bind_i64(st, 4, id);
	return store_exec_changed(st);
}

enum rd_err direct_round_figures(struct store_tx *tx, int64_t id,
				 enum rd_err (*each)(const char *figures, const char *decision,
						     void *),
				 void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT figures, decision FROM direct_rounds"
					      " WHERE id = ? AND decision IS NOT NULL");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	return rc ? rc : each(store_col_text(st, 0), store_col_text(st, 1), ctx);
}

enum rd_err direct_round_announce(struct store_tx *tx, int64_t id, const char *text,
				  const char *sig, int64_t now)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE direct_rounds SET announcement = ?, signature = ?, state = 'announced',"
		    " announced_at = ? WHERE id = ? AND state = 'decided'");

	store_bind_text(st, 1, text);
	store_bind_text(st, 2, sig);
	store_bind_i64(st, 3, now);
	store_bind_i64(st, 4, id);
	return store_exec_changed(st);
}

enum rd_err
direct_round_announcement(struct store_tx *tx, int64_t id,
			  enum rd_err (*each)(const char *text, const char *sig, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT announcement, signature FROM direct_rounds"
					      " WHERE id = ? AND announcement IS NOT NULL");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	return rc ? rc : each(store_col_text(st, 0), store_col_text(st, 1), ctx);
}

enum rd_err direct_round_children(struct store_tx *tx, int64_t parent_id, int64_t *n)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT COUNT(*) FROM direct_rounds WHERE parent_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, parent_id);
	rc = store_one(st);
	*n = rc ? 0 : store_col_i64(st, 0);
	return rc;
}

enum rd_err direct_rounds_announced(struct store_tx *tx, int64_t *ids, size_t max, size_t *n)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT id FROM direct_rounds WHERE announcement IS NOT NULL ORDER BY id");
	enum store_step r;

	*n = 0;
	while ((r = store_step(st)) == STORE_ROW && *n < max)
		ids[(*n)++] = store_col_i64(st, 0);
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
