/*
 * elections.c — elections, candidates, rounds and secret ballots (see
 * elections.h). Portable SQL only.
 */
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "base/str.h"
#include "store/elections.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err election_create(struct store_tx *tx, struct election *e, int64_t now)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO elections (session_id, title, office, seats, margin_min,"
			      " margin_max, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, e->session_id);
	store_bind_text(st, 2, e->title);
	store_bind_text(st, 3, e->office);
	store_bind_i64(st, 4, e->seats);
	store_bind_i64(st, 5, e->margin_min);
	store_bind_i64(st, 6, e->margin_max);
	store_bind_i64(st, 7, now);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	e->id = store_last_id(tx);
	return RD_OK;
}

#define ELECTION_COLS                                                                              \
	"SELECT id, session_id, title, office, seats, margin_min, margin_max FROM elections"

static void read_election(struct store_stmt *st, struct election *e)
{
	e->id = store_col_i64(st, 0);
	e->session_id = store_col_i64(st, 1);
	COPY(e->title, st, 2);
	COPY(e->office, st, 3);
	e->seats = store_col_i64(st, 4);
	e->margin_min = store_col_i64(st, 5);
	e->margin_max = store_col_i64(st, 6);
}

enum rd_err election_get(struct store_tx *tx, int64_t id, struct election *out)
{
	struct store_stmt *st = store_sql(tx, ELECTION_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_election(st, out);
	return rc;
}

enum rd_err elections_each(struct store_tx *tx, int64_t session_id,
			   int (*each)(const struct election *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, ELECTION_COLS " WHERE session_id = ? ORDER BY id");
	enum store_step r;
	struct election e;

	store_bind_i64(st, 1, session_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_election(st, &e);
		if (each(&e, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err candidate_add(struct store_tx *tx, struct candidate *c)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO candidates (election_id, name, delegate_id, nominated_by,"
		    " bio) VALUES (?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, c->election_id);
	store_bind_text(st, 2, c->name);
	if (c->delegate_id)
		store_bind_i64(st, 3, c->delegate_id);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, c->nominated_by);
	store_bind_text(st, 5, c->bio);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	c->id = store_last_id(tx);
	return RD_OK;
}

enum rd_err candidates_each(struct store_tx *tx, int64_t election_id,
			    int (*each)(const struct candidate *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT id, election_id, COALESCE(delegate_id, 0),"
					      " name, nominated_by, bio FROM candidates"
					      " WHERE election_id = ? ORDER BY id");
	enum store_step r;
	struct candidate c;

	store_bind_i64(st, 1, election_id);
	while ((r = store_step(st)) == STORE_ROW) {
		c.id = store_col_i64(st, 0);
		c.election_id = store_col_i64(st, 1);
		c.delegate_id = store_col_i64(st, 2);
		COPY(c.name, st, 3);
		COPY(c.nominated_by, st, 4);
		COPY(c.bio, st, 5);
		if (each(&c, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err round_create(struct store_tx *tx, struct round *r)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO rounds (election_id, plenary_id, parent_id, kind, seats)"
			      " VALUES (?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, r->election_id);
	store_bind_i64(st, 2, r->plenary_id);
	if (r->parent_id)
		store_bind_i64(st, 3, r->parent_id);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, r->kind);
	store_bind_i64(st, 5, r->seats);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	r->id = store_last_id(tx);
	str_copy(r->state, sizeof(r->state), "draft");
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

#define ROUND_COLS                                                                                 \
	"SELECT id, election_id, plenary_id, COALESCE(parent_id, 0),"                              \
	" CASE WHEN stage = 'primary' THEN 'primary' ELSE kind END, seats, state,"                 \
	" electorate IS NOT NULL, COALESCE(electorate, 0), COALESCE(issued, 0),"                   \
	" COALESCE(returned, 0), COALESCE(opened_at, 0), COALESCE(closed_at, 0),"                  \
	" COALESCE(announced_at, 0), mode, paper_returned IS NOT NULL,"                            \
	" COALESCE(paper_issued, 0), COALESCE(paper_returned, 0), COALESCE(teller1, 0),"           \
	" COALESCE(teller2, 0) FROM rounds"

static enum rd_err read_round(struct store_tx *tx, struct store_stmt *st, struct round *r)
{
	struct store_stmt *names;
	enum store_step s;

	memset(r, 0, sizeof(*r));
	r->id = store_col_i64(st, 0);
	r->election_id = store_col_i64(st, 1);
	r->plenary_id = store_col_i64(st, 2);
	r->parent_id = store_col_i64(st, 3);
	COPY(r->kind, st, 4);
	r->seats = store_col_i64(st, 5);
	COPY(r->state, st, 6);
	r->has_counts = store_col_i64(st, 7) != 0;
	r->electorate = store_col_i64(st, 8);
	r->issued = store_col_i64(st, 9);
	r->returned = store_col_i64(st, 10);
	r->opened_at = store_col_i64(st, 11);
	r->closed_at = store_col_i64(st, 12);
	r->announced_at = store_col_i64(st, 13);
	COPY(r->mode, st, 14);
	r->paper_counted = store_col_i64(st, 15) != 0;
	r->paper_issued = store_col_i64(st, 16);
	r->paper_returned = store_col_i64(st, 17);
	r->teller[0] = store_col_i64(st, 18);
	r->teller[1] = store_col_i64(st, 19);
	names = store_sql(tx, "SELECT name FROM round_candidates WHERE round_id = ?"
			      " ORDER BY position");
	store_bind_i64(names, 1, r->id);
	while ((s = store_step(names)) == STORE_ROW && r->n_names < ROUND_MAX_NAMES) {
		COPY(r->names[r->n_names], names, 0);
		r->n_names++;
	}
	return s == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err round_get(struct store_tx *tx, int64_t id, struct round *out)
{
	struct store_stmt *st = store_sql(tx, ROUND_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	return rc ? rc : read_round(tx, st, out);
}

enum rd_err rounds_each(struct store_tx *tx, int64_t election_id,
			int (*each)(const struct round *, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT id FROM rounds WHERE election_id = ? ORDER BY id");
	int64_t ids[256];
	size_t n = 0;
	enum store_step r;
	struct round *rd;
	enum rd_err rc = RD_OK;

	/* Ids first: reading a round runs statements of its own. */
	store_bind_i64(st, 1, election_id);
	while ((r = store_step(st)) == STORE_ROW && n < 256)
		ids[n++] = store_col_i64(st, 0);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return RD_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = round_get(tx, ids[i], rd);
		if (!rc && each(rd, ctx))
			break;
	}
	free(rd);
	return rc;
}

enum rd_err round_transition(struct store_tx *tx, int64_t id, const char *from, const char *to,
			     int64_t at)
{
	static const struct {
		const char *state, *sql;
	} stamp[] = {
		{"open",
		 "UPDATE rounds SET state = 'open', opened_at = ? WHERE id = ? AND state = ?"},
		{"closed",
		 "UPDATE rounds SET state = 'closed', closed_at = ? WHERE id = ? AND state = ?"},
		{"announced", "UPDATE rounds SET state = 'announced', announced_at = ? WHERE id = "
			      "? AND state = ?"},
	};
	struct store_stmt *st = NULL;

	for (size_t i = 0; i < sizeof(stamp) / sizeof(stamp[0]); i++)
		if (strcmp(stamp[i].state, to) == 0)
			st = store_sql(tx, stamp[i].sql);
	if (!st)
		return RD_EINTERNAL;
	store_bind_i64(st, 1, at);
	store_bind_i64(st, 2, id);
	store_bind_text(st, 3, from);
	return store_exec_changed(st);
}

enum rd_err round_open_in(struct store_tx *tx, int64_t plenary_id, int64_t *round_id)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT id FROM rounds WHERE plenary_id = ? AND state = 'open' LIMIT 1");
	enum rd_err rc;

	store_bind_i64(st, 1, plenary_id);
	rc = store_one(st);
	*round_id = rc == RD_OK ? store_col_i64(st, 0) : 0;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err round_set_counts(struct store_tx *tx, int64_t id, int64_t electorate, int64_t issued,
			     int64_t returned, const char *decision)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE rounds SET electorate = ?, issued = ?, returned = ?, decision = ?"
		    " WHERE id = ?");

	store_bind_i64(st, 1, electorate);
	store_bind_i64(st, 2, issued);
	store_bind_i64(st, 3, returned);
	store_bind_text(st, 4, decision);
	store_bind_i64(st, 5, id);
	return store_exec(st);
}

enum rd_err round_decision(struct store_tx *tx, int64_t id,
			   enum rd_err (*each)(const char *json, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT decision FROM rounds WHERE id = ? AND decision IS NOT NULL");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	return rc ? rc : each(store_col_text(st, 0), ctx);
}

enum rd_err round_set_announcement(struct store_tx *tx, int64_t id, const char *announcement,
				   const char *signature)
{
	struct store_stmt *st =
		store_sql(tx, "UPDATE rounds SET announcement = ?, signature = ? WHERE id = ?");

	store_bind_text(st, 1, announcement);
	store_bind_text(st, 2, signature);
	store_bind_i64(st, 3, id);
	return store_exec(st);
}

enum rd_err round_announcement(struct store_tx *tx, int64_t id,
			       enum rd_err (*each)(const char *text, const char *sig, void *),
			       void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT announcement, signature FROM rounds"
					      " WHERE id = ? AND announcement IS NOT NULL");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	return rc ? rc : each(store_col_text(st, 0), store_col_text(st, 1), ctx);
}

enum rd_err ballot_cast(struct store_tx *tx, int64_t round_id, int64_t delegate_id,
			const char *content, const char *receipt)
{
	unsigned char token[16];
	struct store_stmt *st = store_sql(tx, "INSERT INTO ballot_register (round_id, delegate_id)"
					      " VALUES (?, ?) ON CONFLICT DO NOTHING");
	enum rd_err rc;

	store_bind_i64(st, 1, round_id);
	store_bind_i64(st, 2, delegate_id);
	rc = store_exec(st);
	if (rc)
		return rc;
	if (!store_changes(tx))
		return RD_ECONFLICT;
	/* A random token as the key: the box keeps no order of arrival. */
	for (size_t i = 0; i < sizeof(token); i++)
		token[i] = (unsigned char)secret_uniform(256);
	st = store_sql(tx, "INSERT INTO ballots (round_id, token, receipt, content)"
			   " VALUES (?, ?, ?, ?)");
	store_bind_i64(st, 1, round_id);
	store_bind_blob(st, 2, token, sizeof(token));
	store_bind_text(st, 3, receipt);
	store_bind_text(st, 4, content);
	return store_exec(st);
}

enum rd_err ballot_registered(struct store_tx *tx, int64_t round_id, int64_t delegate_id, bool *yes)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT 1 FROM ballot_register WHERE round_id = ? AND delegate_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, round_id);
	store_bind_i64(st, 2, delegate_id);
	rc = store_one(st);
	*yes = rc == RD_OK;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err ballot_counts(struct store_tx *tx, int64_t round_id, int64_t *registered,
			  int64_t *ballots)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT (SELECT COUNT(*) FROM ballot_register WHERE round_id = ?),"
			      " (SELECT COUNT(*) FROM ballots WHERE round_id = ?)");
	enum rd_err rc;

	store_bind_i64(st, 1, round_id);
	store_bind_i64(st, 2, round_id);
	rc = store_one(st);
	if (rc)
		return rc;
	*registered = store_col_i64(st, 0);
	*ballots = store_col_i64(st, 1);
	return RD_OK;
}

enum rd_err ballots_each(struct store_tx *tx, int64_t round_id,
			 int (*each)(const char *content, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT content FROM ballots WHERE round_id = ? ORDER BY token");
	enum store_step r;

	store_bind_i64(st, 1, round_id);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_text(st, 0), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err receipts_each(struct store_tx *tx, int64_t round_id,
			  int (*each)(const char *receipt, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT receipt FROM ballots WHERE round_id = ? ORDER BY receipt");
	enum store_step r;

	store_bind_i64(st, 1, round_id);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_text(st, 0), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
