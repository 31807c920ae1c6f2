/* interpellations.c — see interpellations.h. Portable SQL only. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "store/interpellations.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err interpellation_create(struct store_tx *tx, struct interpellation *i)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO interpellations (session_id, term_id, delegate_id, organ_kind,"
		    " organ_name, question, content, state, submitted_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, 'collecting', ?)");

	store_bind_i64(st, 1, i->session_id);
	store_bind_i64(st, 2, i->term_id);
	store_bind_i64(st, 3, i->delegate_id);
	store_bind_text(st, 4, i->organ_kind);
	store_bind_text(st, 5, i->organ_name);
	store_bind_text(st, 6, i->question);
	store_bind_text(st, 7, i->content);
	store_bind_i64(st, 8, i->submitted_at);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	i->id = store_last_id(tx);
	str_copy(i->state, sizeof(i->state), "collecting");
	return RD_OK;
}

#define INTERP_COLS                                                                                \
	"SELECT i.id, i.session_id, i.term_id, i.delegate_id, i.organ_kind, i.organ_name,"         \
	" i.question, i.content, i.state, i.submitted_at, COALESCE(i.lodged_at, 0), i.mode,"       \
	" i.meeting, i.round FROM interpellations i"

static void read_interp(struct store_stmt *st, struct interpellation *i)
{
	i->id = store_col_i64(st, 0);
	i->session_id = store_col_i64(st, 1);
	i->term_id = store_col_i64(st, 2);
	i->delegate_id = store_col_i64(st, 3);
	COPY(i->organ_kind, st, 4);
	COPY(i->organ_name, st, 5);
	COPY(i->question, st, 6);
	COPY(i->content, st, 7);
	COPY(i->state, st, 8);
	i->submitted_at = store_col_i64(st, 9);
	i->lodged_at = store_col_i64(st, 10);
	COPY(i->mode, st, 11);
	COPY(i->meeting, st, 12);
	i->round = store_col_i64(st, 13);
}

enum rd_err interpellation_get(struct store_tx *tx, int64_t id, struct interpellation *out)
{
	struct store_stmt *st = store_sql(tx, INTERP_COLS " WHERE i.id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_interp(st, out);
	return rc;
}

enum rd_err interpellation_update(struct store_tx *tx, const struct interpellation *i)
{
	struct store_stmt *st = store_sql(tx, "UPDATE interpellations SET state = ?, lodged_at = ?,"
					      " mode = ?, meeting = ?, round = ? WHERE id = ?");

	store_bind_text(st, 1, i->state);
	if (i->lodged_at)
		store_bind_i64(st, 2, i->lodged_at);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, i->mode);
	store_bind_text(st, 4, i->meeting);
	store_bind_i64(st, 5, i->round);
	store_bind_i64(st, 6, i->id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

enum rd_err interpellations_each(struct store_tx *tx, int64_t session_id, int64_t delegate_id,
				 int64_t term_id,
				 int (*each)(const struct interpellation *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, INTERP_COLS " WHERE (? = 0 OR i.session_id = ?) AND (? = 0 OR i.id IN"
				" (SELECT interpellation_id FROM interpellation_signers WHERE"
				" delegate_id = ?) OR (i.term_id = ? AND i.state = 'collecting'))"
				" ORDER BY i.id DESC");
	struct interpellation *i = calloc(1, sizeof(*i));
	enum store_step r;
	enum rd_err rc = RD_OK;

	if (!i)
		return RD_ENOMEM;
	store_bind_i64(st, 1, session_id);
	store_bind_i64(st, 2, session_id);
	store_bind_i64(st, 3, delegate_id);
	store_bind_i64(st, 4, delegate_id);
	store_bind_i64(st, 5, term_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_interp(st, i);
		if (each(i, ctx))
			break;
	}
	if (r == STORE_ERROR)
		rc = store_tx_error(tx, NULL);
	free(i);
	return rc;
}

enum rd_err interpellation_event(struct store_tx *tx, int64_t iid, int64_t at, const char *actor,
				 const char *action, const char *from, const char *to,
				 const char *note)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO interpellation_events (interpellation_id, at, actor, action,"
		    " from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, iid);
	store_bind_i64(st, 2, at);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, from);
	store_bind_text(st, 6, to);
	store_bind_text(st, 7, note ? note : "");
	return store_exec(st);
}

enum rd_err interpellation_events_each(struct store_tx *tx, int64_t iid,
				       int (*each)(int64_t at, const char *actor,
						   const char *action, const char *from,
						   const char *to, const char *note, void *),
				       void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT at, actor, action, from_state, to_state, note FROM"
			      " interpellation_events WHERE interpellation_id = ? ORDER BY id");
	enum store_step r;

	store_bind_i64(st, 1, iid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err interpellation_answer_add(struct store_tx *tx, int64_t iid, int64_t round,
				      const char *mode, const char *answered_by,
				      const char *answered_on, const char *content,
				      const char *recorded_by, int64_t at)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO interpellation_answers (interpellation_id, round, mode,"
			      " answered_by, answered_on, content, recorded_by, at)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, iid);
	store_bind_i64(st, 2, round);
	store_bind_text(st, 3, mode);
	store_bind_text(st, 4, answered_by);
	store_bind_text(st, 5, answered_on);
	store_bind_text(st, 6, content);
	store_bind_text(st, 7, recorded_by);
	store_bind_i64(st, 8, at);
	return store_exec(st);
}

enum rd_err interpellation_answers_each(struct store_tx *tx, int64_t iid,
					int (*each)(int64_t round, const char *mode,
						    const char *answered_by,
						    const char *answered_on, const char *content,
						    const char *recorded_by, int64_t at, void *),
					void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT round, mode, answered_by, answered_on, content, recorded_by, at FROM"
		    " interpellation_answers WHERE interpellation_id = ? ORDER BY round");
	enum store_step r;

	store_bind_i64(st, 1, iid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5),
			 store_col_i64(st, 6), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err interpellation_rate(struct store_tx *tx, int64_t iid, int64_t round,
				int64_t delegate_id, const char *rating, const char *reason,
				int64_t at)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO interpellation_ratings (interpellation_id, round, delegate_id,"
		    " rating, reason, at) VALUES (?, ?, ?, ?, ?, ?)"
		    " ON CONFLICT (interpellation_id, round, delegate_id) DO NOTHING");

	store_bind_i64(st, 1, iid);
	store_bind_i64(st, 2, round);
	store_bind_i64(st, 3, delegate_id);
	store_bind_text(st, 4, rating);
	store_bind_text(st, 5, reason ? reason : "");
	store_bind_i64(st, 6, at);
	return store_exec_changed(st);
}

enum rd_err interpellation_rated(struct store_tx *tx, int64_t iid, int64_t round,
				 int64_t delegate_id, bool *yes)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT 1 FROM interpellation_ratings WHERE interpellation_id = ?"
			      " AND round = ? AND delegate_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, iid);
	store_bind_i64(st, 2, round);
	store_bind_i64(st, 3, delegate_id);
	rc = store_one(st);
	*yes = rc == RD_OK;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err interpellation_ratings_count(struct store_tx *tx, int64_t iid, int64_t round,
					 int64_t *rated, int64_t *dissatisfied)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN rating = 'dissatisfied' THEN 1"
		    " ELSE 0 END), 0) FROM interpellation_ratings WHERE interpellation_id = ?"
		    " AND round = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, iid);
	store_bind_i64(st, 2, round);
	rc = store_one(st);
	if (rc)
		return rc;
	*rated = store_col_i64(st, 0);
	*dissatisfied = store_col_i64(st, 1);
	return RD_OK;
}

enum rd_err interpellation_ratings_each(struct store_tx *tx, int64_t iid,
					int (*each)(int64_t round, const char *name,
						    const char *rating, const char *reason, void *),
					void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT r.round, d.name, r.rating, r.reason FROM interpellation_ratings r"
		    " JOIN delegates d ON d.id = r.delegate_id WHERE r.interpellation_id = ?"
		    " ORDER BY r.round, r.at, r.delegate_id");
	enum store_step r;

	store_bind_i64(st, 1, iid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
