/* motions.c — see motions.h. Portable SQL only. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "store/motions.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

static void bind_opt(struct store_stmt *st, int i, int64_t v)
{
	if (v)
		store_bind_i64(st, i, v);
	else
		store_bind_null(st, i);
}

enum rd_err motion_deadline_get(struct store_tx *tx, int64_t session_id, int64_t *due_at)
{
	struct store_stmt *st = store_sql(
		tx,
		"SELECT due_at FROM session_deadlines WHERE session_id = ? AND kind = 'motion'");
	enum rd_err rc;

	store_bind_i64(st, 1, session_id);
	rc = store_one(st);
	*due_at = rc == RD_OK ? store_col_i64(st, 0) : 0;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err motion_deadline_set(struct store_tx *tx, int64_t session_id, int64_t due_at,
				const char *set_by, int64_t at)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO session_deadlines (session_id, kind, due_at, set_by, set_at)"
		    " VALUES (?, 'motion', ?, ?, ?) ON CONFLICT (session_id, kind) DO UPDATE"
		    " SET due_at = excluded.due_at, set_by = excluded.set_by,"
		    " set_at = excluded.set_at");

	store_bind_i64(st, 1, session_id);
	store_bind_i64(st, 2, due_at);
	store_bind_text(st, 3, set_by);
	store_bind_i64(st, 4, at);
	return store_exec(st);
}

enum rd_err motion_create(struct store_tx *tx, struct motion *m)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO motions (session_id, term_id, delegate_id, subject, grounds,"
		    " solution, category, state, submitted_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, 'collecting', ?)");

	store_bind_i64(st, 1, m->session_id);
	store_bind_i64(st, 2, m->term_id);
	store_bind_i64(st, 3, m->delegate_id);
	store_bind_text(st, 4, m->subject);
	store_bind_text(st, 5, m->grounds);
	store_bind_text(st, 6, m->solution);
	store_bind_text(st, 7, m->category);
	store_bind_i64(st, 8, m->submitted_at);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	m->id = store_last_id(tx);
	str_copy(m->state, sizeof(m->state), "collecting");
	return RD_OK;
}

#define MOTION_COLS                                                                                \
	"SELECT m.id, m.session_id, m.term_id, m.delegate_id, m.subject, m.grounds, m.solution,"   \
	" m.category, m.state, m.submitted_at, COALESCE(m.lodged_at, 0), m.late, m.committee,"     \
	" m.withdrawal_requested, COALESCE(m.poll_id, 0), COALESCE(m.suggestion_id, 0)"            \
	" FROM motions m"

static void read_motion(struct store_stmt *st, struct motion *m)
{
	m->id = store_col_i64(st, 0);
	m->session_id = store_col_i64(st, 1);
	m->term_id = store_col_i64(st, 2);
	m->delegate_id = store_col_i64(st, 3);
	COPY(m->subject, st, 4);
	COPY(m->grounds, st, 5);
	COPY(m->solution, st, 6);
	COPY(m->category, st, 7);
	COPY(m->state, st, 8);
	m->submitted_at = store_col_i64(st, 9);
	m->lodged_at = store_col_i64(st, 10);
	m->late = store_col_i64(st, 11) != 0;
	COPY(m->committee, st, 12);
	m->withdrawal_requested = store_col_i64(st, 13) != 0;
	m->poll_id = store_col_i64(st, 14);
	m->suggestion_id = store_col_i64(st, 15);
}

enum rd_err motion_get(struct store_tx *tx, int64_t id, struct motion *out)
{
	struct store_stmt *st = store_sql(tx, MOTION_COLS " WHERE m.id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_motion(st, out);
	return rc;
}

enum rd_err motion_update(struct store_tx *tx, const struct motion *m)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE motions SET state = ?, lodged_at = ?, late = ?, committee = ?,"
		    " withdrawal_requested = ?, poll_id = ?, suggestion_id = ? WHERE id = ?");

	store_bind_text(st, 1, m->state);
	bind_opt(st, 2, m->lodged_at);
	store_bind_i64(st, 3, m->late);
	store_bind_text(st, 4, m->committee);
	store_bind_i64(st, 5, m->withdrawal_requested);
	bind_opt(st, 6, m->poll_id);
	bind_opt(st, 7, m->suggestion_id);
	store_bind_i64(st, 8, m->id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

enum rd_err motions_each(struct store_tx *tx, int64_t session_id, int64_t delegate_id,
			 int64_t term_id, int (*each)(const struct motion *, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, MOTION_COLS
			  " WHERE (? = 0 OR m.session_id = ?) AND (? = 0"
			  " OR m.id IN (SELECT motion_id FROM motion_signers WHERE delegate_id = ?)"
			  " OR (m.term_id = ? AND m.state = 'collecting')) ORDER BY m.id DESC");
	struct motion *m = calloc(1, sizeof(*m));
	enum store_step r;
	enum rd_err rc = RD_OK;

	if (!m)
		return RD_ENOMEM;
	store_bind_i64(st, 1, session_id);
	store_bind_i64(st, 2, session_id);
	store_bind_i64(st, 3, delegate_id);
	store_bind_i64(st, 4, delegate_id);
	store_bind_i64(st, 5, term_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_motion(st, m);
		if (each(m, ctx))
			break;
	}
	if (r == STORE_ERROR)
		rc = store_tx_error(tx, NULL);
	free(m);
	return rc;
}

enum rd_err motion_signers_to_suggestion(struct store_tx *tx, int64_t mid, int64_t sid)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO suggestion_signers (suggestion_id, delegate_id, role, at)"
		    " SELECT ?, delegate_id, role, at FROM motion_signers WHERE motion_id = ?");

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, mid);
	return store_exec(st);
}

enum rd_err motion_attach(struct store_tx *tx, int64_t mid, int64_t document_id)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO motion_attachments (motion_id, document_id) VALUES (?, ?)");

	store_bind_i64(st, 1, mid);
	store_bind_i64(st, 2, document_id);
	return store_exec(st);
}

enum rd_err motion_attachments_each(struct store_tx *tx, int64_t mid,
				    int (*each)(int64_t document_id, const char *title,
						int64_t size, void *),
				    void *ctx)
{
	struct store_stmt *st = store_sql(
		tx,
		"SELECT d.id, d.title, d.size FROM motion_attachments a"
		" JOIN documents d ON d.id = a.document_id WHERE a.motion_id = ? ORDER BY d.id");
	enum store_step r;

	store_bind_i64(st, 1, mid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_i64(st, 2), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err motion_event(struct store_tx *tx, int64_t mid, int64_t at, const char *actor,
			 const char *action, const char *from, const char *to, const char *note)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO motion_events (motion_id, at, actor, action, from_state, to_state,"
		    " note) VALUES (?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, mid);
	store_bind_i64(st, 2, at);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, from);
	store_bind_text(st, 6, to);
	store_bind_text(st, 7, note ? note : "");
	return store_exec(st);
}

enum rd_err motion_events_each(struct store_tx *tx, int64_t mid,
			       int (*each)(int64_t at, const char *actor, const char *action,
					   const char *from, const char *to, const char *note,
					   void *),
			       void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT at, actor, action, from_state, to_state, note FROM motion_events"
		    " WHERE motion_id = ? ORDER BY id");
	enum store_step r;

	store_bind_i64(st, 1, mid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
