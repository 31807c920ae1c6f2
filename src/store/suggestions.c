/* suggestions.c — see suggestions.h. Portable SQL only. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "store/suggestions.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

static void bind_opt(struct store_stmt *st, int i, int64_t v)
{
	if (v)
		store_bind_i64(st, i, v);
	else
		store_bind_null(st, i);
}

enum rd_err unit_create(struct store_tx *tx, const char *name, const char *email, int64_t user_id,
			int64_t *id)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO handling_units (name, user_id, email) VALUES (?, ?, ?)");

	store_bind_text(st, 1, name);
	bind_opt(st, 2, user_id);
	store_bind_text(st, 3, email ? email : "");
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	*id = store_last_id(tx);
	return RD_OK;
}

static void read_unit(struct store_stmt *st, struct unit *u)
{
	u->id = store_col_i64(st, 0);
	u->user_id = store_col_i64(st, 1);
	COPY(u->name, st, 2);
	COPY(u->email, st, 3);
}

#define UNIT_COLS "SELECT id, COALESCE(user_id, 0), name, email FROM handling_units"

enum rd_err unit_get(struct store_tx *tx, int64_t id, struct unit *out)
{
	struct store_stmt *st = store_sql(tx, UNIT_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_unit(st, out);
	return rc;
}

enum rd_err unit_of_user(struct store_tx *tx, int64_t user_id, struct unit *out)
{
	struct store_stmt *st = store_sql(tx, UNIT_COLS " WHERE user_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, user_id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_unit(st, out);
	return rc;
}

enum rd_err units_each(struct store_tx *tx, int (*each)(const struct unit *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, UNIT_COLS " ORDER BY id");
	enum store_step r;
	struct unit u;

	while ((r = store_step(st)) == STORE_ROW) {
		read_unit(st, &u);
		if (each(&u, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err suggestion_create(struct store_tx *tx, struct suggestion *s)
{
	struct store_stmt *st = store_sql(
		tx,
		"INSERT INTO suggestions (term_id, delegate_id, title, content, category, state,"
		" submitted_at) VALUES (?, ?, ?, ?, ?, 'submitted', ?)");

	store_bind_i64(st, 1, s->term_id);
	store_bind_i64(st, 2, s->delegate_id);
	store_bind_text(st, 3, s->title);
	store_bind_text(st, 4, s->content);
	store_bind_text(st, 5, s->category);
	store_bind_i64(st, 6, s->submitted_at);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	s->id = store_last_id(tx);
	str_copy(s->state, sizeof(s->state), "submitted");
	return RD_OK;
}

#define SUGG_COLS                                                                                  \
	"SELECT s.id, s.term_id, s.delegate_id, s.title, s.content, s.category, s.state,"          \
	" s.submitted_at, s.assigned_on, s.due_on, s.extension_requested, s.extended,"             \
	" COALESCE(s.lead_unit_id, 0), s.round FROM suggestions s"

static void read_sugg(struct store_stmt *st, struct suggestion *s)
{
	s->id = store_col_i64(st, 0);
	s->term_id = store_col_i64(st, 1);
	s->delegate_id = store_col_i64(st, 2);
	COPY(s->title, st, 3);
	COPY(s->content, st, 4);
	COPY(s->category, st, 5);
	COPY(s->state, st, 6);
	s->submitted_at = store_col_i64(st, 7);
	COPY(s->assigned_on, st, 8);
	COPY(s->due_on, st, 9);
	s->extension_requested = store_col_i64(st, 10) != 0;
	s->extended = store_col_i64(st, 11) != 0;
	s->lead_unit_id = store_col_i64(st, 12);
	s->round = store_col_i64(st, 13);
}

enum rd_err suggestion_get(struct store_tx *tx, int64_t id, struct suggestion *out)
{
	struct store_stmt *st = store_sql(tx, SUGG_COLS " WHERE s.id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_sugg(st, out);
	return rc;
}

enum rd_err suggestion_update(struct store_tx *tx, const struct suggestion *s)
{
	struct store_stmt *st = store_sql(
		tx,
		"UPDATE suggestions SET state = ?, assigned_on = ?, due_on = ?,"
		" extension_requested = ?, extended = ?, lead_unit_id = ?, round = ? WHERE id = ?");

	store_bind_text(st, 1, s->state);
	store_bind_text(st, 2, s->assigned_on);
	store_bind_text(st, 3, s->due_on);
	store_bind_i64(st, 4, s->extension_requested);
	store_bind_i64(st, 5, s->extended);
	bind_opt(st, 6, s->lead_unit_id);
	store_bind_i64(st, 7, s->round);
	store_bind_i64(st, 8, s->id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

/*
 * The WHERE clause of a list, from fixed pieces only; bind_list() binds the
 * values in the same order. whose_only: the caller's set without the state
 * and due-date filters (for the summary).
 */
static void list_where(const struct sugg_filter *f, bool whose_only, struct buf *b)
{
	buf_puts(b, " WHERE 1 = 1");
	if (f->delegate_id)
		buf_puts(b, " AND s.id IN (SELECT suggestion_id FROM suggestion_signers"
			    " WHERE delegate_id = ?)");
	else if (f->unit_id)
		buf_puts(b, " AND s.id IN (SELECT suggestion_id FROM suggestion_units"
			    " WHERE unit_id = ?)");
	if (whose_only)
		return;
	if (f->state)
		buf_puts(b, " AND s.state = ?");
	if (f->due_before)
		buf_puts(b, " AND s.due_on <> '' AND s.due_on < ?");
}

/* Binds the values of list_where() from parameter i on; returns the next. */
static int bind_list(struct store_stmt *st, int i, const struct sugg_filter *f, bool whose_only)
{
	if (f->delegate_id)
		store_bind_i64(st, i++, f->delegate_id);
	else if (f->unit_id)
		store_bind_i64(st, i++, f->unit_id);
	if (whose_only)
		return i;
	if (f->state)
		store_bind_text(st, i++, f->state);
	if (f->due_before)
		store_bind_text(st, i++, f->due_before);
	return i;
}

/*
 * The order of each view. A unit's inbox: what is still open by the date
 * its reply is due, the earliest first (then by id); open items with no
 * reply due (replied, waiting for the ratings) newest first; the closed ones
 * last, newest first. Everyone else: newest first.
 *
 * The page is cut from the ids and the sort keys only, then its rows are
 * read: sorting whole rows (their text) made the last page of the busiest
 * inbox (6,154 items) cost 87 ms instead of 16.
 */
#define INBOX_KEYS                                                                                 \
	", CASE WHEN s.state = 'closed' THEN 2 WHEN s.due_on = '' THEN 1 ELSE 0 END AS k1,"        \
	" CASE WHEN s.state <> 'closed' AND s.due_on <> '' THEN s.due_on ELSE '' END AS k2,"       \
	" CASE WHEN s.state <> 'closed' AND s.due_on <> '' THEN s.id ELSE -s.id END AS k3"

enum rd_err suggestions_page(struct store_tx *tx, const struct sugg_filter *f,
			     int (*each)(const struct suggestion *, void *), void *ctx)
{
	struct buf sql;
	struct store_stmt *st;
	enum store_step r;
	struct suggestion *s = calloc(1, sizeof(*s));
	bool inbox = f->unit_id && !f->delegate_id;
	enum rd_err rc = RD_OK;
	int i;

	buf_init(&sql, 4096);
	if (!s) {
		rc = RD_ENOMEM;
		goto out;
	}
	buf_puts(&sql, SUGG_COLS " JOIN (SELECT s.id AS pid");
	if (inbox)
		buf_puts(&sql, INBOX_KEYS);
	buf_puts(&sql, " FROM suggestions s");
	list_where(f, false, &sql);
	buf_puts(&sql, inbox ? " ORDER BY k1, k2, k3" : " ORDER BY s.id DESC");
	buf_puts(&sql, " LIMIT ? OFFSET ?) p ON p.pid = s.id");
	buf_puts(&sql, inbox ? " ORDER BY p.k1, p.k2, p.k3" : " ORDER BY s.id DESC");
	rc = buf_error(&sql);
	if (rc)
		goto out;
	st = store_sql(tx, buf_str(&sql));
	i = bind_list(st, 1, f, false);
	store_bind_i64(st, i++, f->limit);
	store_bind_i64(st, i, f->offset);
	while ((r = store_step(st)) == STORE_ROW) {
		read_sugg(st, s);
		if (each(s, ctx))
			break;
	}
	if (r == STORE_ERROR)
		rc = store_tx_error(tx, NULL);
out:
	buf_release(&sql);
	free(s);
	return rc;
}

enum rd_err suggestions_summary(struct store_tx *tx, const struct sugg_filter *f, const char *today,
				const char *soon_until,
				int (*each)(const char *state, int64_t count, int64_t overdue,
					    int64_t due_soon, void *),
				void *ctx)
{
	struct buf sql;
	struct store_stmt *st;
	enum store_step r;
	enum rd_err rc;

	buf_init(&sql, 1024);
	buf_puts(&sql, "SELECT s.state, COUNT(*),"
		       " COUNT(CASE WHEN s.due_on <> '' AND s.due_on < ? THEN 1 END),"
		       " COUNT(CASE WHEN s.due_on >= ? AND s.due_on <= ? THEN 1 END)"
		       " FROM suggestions s");
	list_where(f, true, &sql);
	buf_puts(&sql, " GROUP BY s.state ORDER BY s.state");
	rc = buf_error(&sql);
	if (rc)
		goto out;
	st = store_sql(tx, buf_str(&sql));
	store_bind_text(st, 1, today);
	store_bind_text(st, 2, today);
	store_bind_text(st, 3, soon_until);
	bind_list(st, 4, f, true);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_text(st, 0), store_col_i64(st, 1), store_col_i64(st, 2),
			 store_col_i64(st, 3), ctx))
			break;
	if (r == STORE_ERROR)
		rc = store_tx_error(tx, NULL);
out:
	buf_release(&sql);
	return rc;
}

enum rd_err suggestion_set_units(struct store_tx *tx, int64_t sid, int64_t lead,
				 const int64_t *assisting, size_t n)
{
	struct store_stmt *st =
		store_sql(tx, "DELETE FROM suggestion_units WHERE suggestion_id = ?");

	store_bind_i64(st, 1, sid);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	for (size_t i = 0; lead && i <= n; i++) {
		st = store_sql(tx, "INSERT INTO suggestion_units (suggestion_id, unit_id, role)"
				   " VALUES (?, ?, ?)");
		store_bind_i64(st, 1, sid);
		store_bind_i64(st, 2, i == 0 ? lead : assisting[i - 1]);
		store_bind_text(st, 3, i == 0 ? "lead" : "assisting");
		if (store_exec(st))
			return store_tx_error(tx, NULL);
	}
	return RD_OK;
}

enum rd_err suggestion_unit_role(struct store_tx *tx, int64_t sid, int64_t unit_id, char *role)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT role FROM suggestion_units WHERE suggestion_id = ? AND unit_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, unit_id);
	rc = store_one(st);
	if (rc == RD_OK)
		store_col_copy(st, 0, role, 16);
	return rc;
}

enum rd_err suggestion_units_each(struct store_tx *tx, int64_t sid,
				  int (*each)(int64_t unit_id, const char *name, const char *role,
					      void *),
				  void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT u.id, u.name, su.role FROM suggestion_units su"
		    " JOIN handling_units u ON u.id = su.unit_id WHERE su.suggestion_id = ?"
		    " ORDER BY su.role DESC, u.id");
	enum store_step r;

	store_bind_i64(st, 1, sid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err suggestion_event(struct store_tx *tx, int64_t sid, int64_t at, const char *actor,
			     const char *action, const char *from, const char *to, const char *note)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO suggestion_events (suggestion_id, at, actor, action, from_state,"
		    " to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, at);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, from);
	store_bind_text(st, 6, to);
	store_bind_text(st, 7, note ? note : "");
	return store_exec(st);
}

enum rd_err suggestion_events_each(struct store_tx *tx, int64_t sid,
				   int (*each)(int64_t at, const char *actor, const char *action,
					       const char *from, const char *to, const char *note,
					       void *),
				   void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT at, actor, action, from_state, to_state, note FROM suggestion_events"
		    " WHERE suggestion_id = ? ORDER BY id");
	enum store_step r;

	store_bind_i64(st, 1, sid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err suggestion_reply_add(struct store_tx *tx, int64_t sid, int64_t unit_id, int64_t round,
				 const char *category, const char *content, const char *signed_by,
				 int64_t at, const char *due_on, const char *replied_on,
				 bool on_time)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO suggestion_replies (suggestion_id, unit_id, round, category,"
		    " content, signed_by, at, due_on, replied_on, on_time)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, unit_id);
	store_bind_i64(st, 3, round);
	store_bind_text(st, 4, category);
	store_bind_text(st, 5, content);
	store_bind_text(st, 6, signed_by);
	store_bind_i64(st, 7, at);
	store_bind_text(st, 8, due_on ? due_on : "");
	store_bind_text(st, 9, replied_on);
	store_bind_i64(st, 10, on_time);
	return store_exec(st);
}

enum rd_err suggestion_replies_each(struct store_tx *tx, int64_t sid,
				    int (*each)(int64_t round, const char *unit,
						const char *category, const char *content,
						const char *signed_by, int64_t at, void *),
				    void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT r.round, u.name, r.category, r.content, r.signed_by, r.at"
			      " FROM suggestion_replies r JOIN handling_units u ON u.id = r.unit_id"
			      " WHERE r.suggestion_id = ? ORDER BY r.id");
	enum store_step r;

	store_bind_i64(st, 1, sid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_text(st, 4), store_col_i64(st, 5), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err suggestion_rate(struct store_tx *tx, int64_t sid, int64_t round, int64_t delegate_id,
			    const char *rating, const char *reason, int64_t at)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO suggestion_ratings (suggestion_id, round, delegate_id, rating,"
		    " reason, at) VALUES (?, ?, ?, ?, ?, ?)"
		    " ON CONFLICT (suggestion_id, round, delegate_id) DO NOTHING");

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, round);
	store_bind_i64(st, 3, delegate_id);
	store_bind_text(st, 4, rating);
	store_bind_text(st, 5, reason ? reason : "");
	store_bind_i64(st, 6, at);
	return store_exec_changed(st);
}

enum rd_err suggestion_rated(struct store_tx *tx, int64_t sid, int64_t round, int64_t delegate_id,
			     bool *yes)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT 1 FROM suggestion_ratings WHERE suggestion_id = ?"
			      " AND round = ? AND delegate_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, round);
	store_bind_i64(st, 3, delegate_id);
	rc = store_one(st);
	*yes = rc == RD_OK;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err suggestion_ratings_count(struct store_tx *tx, int64_t sid, int64_t round,
				     int64_t *rated, int64_t *dissatisfied)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT COUNT(*), COUNT(CASE WHEN rating = 'dissatisfied' THEN 1 END) FROM"
		    " suggestion_ratings WHERE suggestion_id = ? AND round = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, sid);
	store_bind_i64(st, 2, round);
	rc = store_one(st);
	if (rc)
		return rc;
	*rated = store_col_i64(st, 0);
	*dissatisfied = store_col_i64(st, 1);
	return RD_OK;
}

enum rd_err suggestion_ratings_each(struct store_tx *tx, int64_t sid,
				    int (*each)(int64_t round, const char *name, const char *rating,
						const char *reason, void *),
				    void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT r.round, d.name, r.rating, r.reason FROM suggestion_ratings r"
			      " JOIN delegates d ON d.id = r.delegate_id WHERE r.suggestion_id = ?"
			      " ORDER BY r.round, r.at");
	enum store_step r;

	store_bind_i64(st, 1, sid);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
