/*
 * roster.c — terms, sessions, presidium, delegations and delegates (see
 * floor.h). Portable SQL only.
 */
#include <string.h>

#include "base/str.h"
#include "store/floor.h"
#include "base/banned.h"

/* Copies a text column into a fixed buffer; NULL becomes "". */
#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err term_create(struct store_tx *tx, int64_t number, const char *name, int64_t *id)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO terms (number, name) VALUES (?, ?)");

	store_bind_i64(st, 1, number);
	store_bind_text(st, 2, name);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	*id = store_last_id(tx);
	return RD_OK;
}

static void read_term(struct store_stmt *st, struct term *t)
{
	t->id = store_col_i64(st, 0);
	t->number = store_col_i64(st, 1);
	COPY(t->name, st, 2);
}

enum rd_err term_get(struct store_tx *tx, int64_t id, struct term *out)
{
	struct store_stmt *st = store_sql(tx, "SELECT id, number, name FROM terms WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_term(st, out);
	return rc;
}

enum rd_err terms_each(struct store_tx *tx, int (*each)(const struct term *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT id, number, name FROM terms ORDER BY number");
	enum store_step r;
	struct term t;

	while ((r = store_step(st)) == STORE_ROW) {
		read_term(st, &t);
		if (each(&t, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err session_create(struct store_tx *tx, int64_t term_id, int64_t number, const char *name,
			   int64_t *id)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO sessions (term_id, number, name) VALUES (?, ?, ?)");

	store_bind_i64(st, 1, term_id);
	store_bind_i64(st, 2, number);
	store_bind_text(st, 3, name);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	*id = store_last_id(tx);
	return RD_OK;
}

static void read_session(struct store_stmt *st, struct session *s)
{
	s->id = store_col_i64(st, 0);
	s->term_id = store_col_i64(st, 1);
	s->number = store_col_i64(st, 2);
	COPY(s->name, st, 3);
}

enum rd_err session_get(struct store_tx *tx, int64_t id, struct session *out)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT id, term_id, number, name FROM sessions WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_session(st, out);
	return rc;
}

enum rd_err sessions_each(struct store_tx *tx, int (*each)(const struct session *, void *),
			  void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT s.id, s.term_id, s.number, s.name"
					      " FROM sessions s JOIN terms t ON t.id = s.term_id"
					      " ORDER BY t.number DESC, s.number DESC");
	enum store_step r;
	struct session s;

	while ((r = store_step(st)) == STORE_ROW) {
		read_session(st, &s);
		if (each(&s, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err presidium_set(struct store_tx *tx, int64_t session_id, const int64_t *ids, size_t n)
{
	struct store_stmt *st = store_sql(tx, "DELETE FROM presidium_members WHERE session_id = ?");

	store_bind_i64(st, 1, session_id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	for (size_t i = 0; i < n; i++) {
		st = store_sql(tx, "INSERT INTO presidium_members (session_id, delegate_id)"
				   " VALUES (?, ?)");
		store_bind_i64(st, 1, session_id);
		store_bind_i64(st, 2, ids[i]);
		if (store_exec(st))
			return store_tx_error(tx, NULL);
	}
	return RD_OK;
}

enum rd_err presidium_each(struct store_tx *tx, int64_t session_id,
			   int (*each)(int64_t delegate_id, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT delegate_id FROM presidium_members"
					      " WHERE session_id = ? ORDER BY delegate_id");
	enum store_step r;

	store_bind_i64(st, 1, session_id);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err delegation_create(struct store_tx *tx, int64_t term_id, const char *name,
			      int64_t position, int64_t *id)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO delegations (term_id, name, position) VALUES (?, ?, ?)");

	store_bind_i64(st, 1, term_id);
	store_bind_text(st, 2, name);
	store_bind_i64(st, 3, position);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	*id = store_last_id(tx);
	return RD_OK;
}

enum rd_err delegation_find(struct store_tx *tx, int64_t term_id, const char *name, int64_t *id)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT id FROM delegations WHERE term_id = ? AND name = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, term_id);
	store_bind_text(st, 2, name);
	rc = store_one(st);
	if (rc == RD_OK)
		*id = store_col_i64(st, 0);
	return rc;
}

enum rd_err delegation_term(struct store_tx *tx, int64_t id, int64_t *term_id)
{
	struct store_stmt *st = store_sql(tx, "SELECT term_id FROM delegations WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		*term_id = store_col_i64(st, 0);
	return rc;
}

enum rd_err delegations_each(struct store_tx *tx, int64_t term_id,
			     int (*each)(const struct delegation *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT id, term_id, position, name FROM delegations"
					      " WHERE term_id = ? ORDER BY position, id");
	enum store_step r;
	struct delegation d;

	store_bind_i64(st, 1, term_id);
	while ((r = store_step(st)) == STORE_ROW) {
		d.id = store_col_i64(st, 0);
		d.term_id = store_col_i64(st, 1);
		d.position = store_col_i64(st, 2);
		COPY(d.name, st, 3);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

#define DELEGATE_COLS                                                                              \
	"d.id, d.term_id, COALESCE(d.delegation_id, 0), COALESCE(d.user_id, 0), d.name, d.gender," \
	" d.ethnicity, d.birth_date, d.party, d.occupation, d.constituency, COALESCE(d.seat, '')," \
	" d.status, d.status_date, d.status_reason, d.card_code, COALESCE(g.name, '')"
#define DELEGATE_FROM " FROM delegates d LEFT JOIN delegations g ON g.id = d.delegation_id"

static void read_delegate(struct store_stmt *st, struct delegate *d)
{
	d->id = store_col_i64(st, 0);
	d->term_id = store_col_i64(st, 1);
	d->delegation_id = store_col_i64(st, 2);
	d->user_id = store_col_i64(st, 3);
	COPY(d->name, st, 4);
	COPY(d->gender, st, 5);
	COPY(d->ethnicity, st, 6);
	COPY(d->birth_date, st, 7);
	COPY(d->party, st, 8);
	COPY(d->occupation, st, 9);
	COPY(d->constituency, st, 10);
	COPY(d->seat, st, 11);
	COPY(d->status, st, 12);
	COPY(d->status_date, st, 13);
	COPY(d->status_reason, st, 14);
	COPY(d->card_code, st, 15);
	COPY(d->delegation, st, 16);
}

/* Binds the editable fields from parameter `first` on (10 of them). */
static void bind_fields(struct store_stmt *st, int first, const struct delegate *d)
{
	store_bind_text(st, first, d->name);
	store_bind_text(st, first + 1, d->gender);
	store_bind_text(st, first + 2, d->ethnicity);
	store_bind_text(st, first + 3, d->birth_date);
	store_bind_text(st, first + 4, d->party);
	store_bind_text(st, first + 5, d->occupation);
	if (d->delegation_id)
		store_bind_i64(st, first + 6, d->delegation_id);
	else
		store_bind_null(st, first + 6);
	store_bind_text(st, first + 7, d->constituency);
	/* No seat is NULL, so that UNIQUE (term_id, seat) allows many. */
	store_bind_text(st, first + 8, d->seat[0] ? d->seat : NULL);
}

enum rd_err delegate_create(struct store_tx *tx, struct delegate *d)
{
	struct store_stmt *st = store_sql(
		tx,
		"INSERT INTO delegates (term_id, card_code, name, gender, ethnicity, birth_date,"
		" party, occupation, delegation_id, constituency, seat)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, d->term_id);
	store_bind_text(st, 2, d->card_code);
	bind_fields(st, 3, d);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	d->id = store_last_id(tx);
	return RD_OK;
}

enum rd_err delegate_update(struct store_tx *tx, const struct delegate *d)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE delegates SET name = ?, gender = ?, ethnicity = ?, birth_date = ?,"
		    " party = ?, occupation = ?, delegation_id = ?, constituency = ?, seat = ?"
		    " WHERE id = ?");

	bind_fields(st, 1, d);
	store_bind_i64(st, 10, d->id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

enum rd_err delegate_set_status(struct store_tx *tx, int64_t id, const char *status,
				const char *date, const char *reason)
{
	struct store_stmt *st = store_sql(
		tx,
		"UPDATE delegates SET status = ?, status_date = ?, status_reason = ? WHERE id = ?");

	store_bind_text(st, 1, status);
	store_bind_text(st, 2, date);
	store_bind_text(st, 3, reason);
	store_bind_i64(st, 4, id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

enum rd_err delegate_set_user(struct store_tx *tx, int64_t id, int64_t user_id)
{
	struct store_stmt *st = store_sql(tx, "UPDATE delegates SET user_id = ? WHERE id = ?");

	if (user_id)
		store_bind_i64(st, 1, user_id);
	else
		store_bind_null(st, 1);
	store_bind_i64(st, 2, id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

static enum rd_err delegate_one(struct store_stmt *st, struct delegate *out)
{
	enum rd_err rc = store_one(st);

	if (rc == RD_OK)
		read_delegate(st, out);
	return rc;
}

enum rd_err delegate_get(struct store_tx *tx, int64_t id, struct delegate *out)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT " DELEGATE_COLS DELEGATE_FROM " WHERE d.id = ?");

	store_bind_i64(st, 1, id);
	return delegate_one(st, out);
}

enum rd_err delegate_by_user(struct store_tx *tx, int64_t term_id, int64_t user_id,
			     struct delegate *out)
{
	struct store_stmt *st = store_sql(tx, "SELECT " DELEGATE_COLS DELEGATE_FROM
					      " WHERE d.term_id = ? AND d.user_id = ?");

	store_bind_i64(st, 1, term_id);
	store_bind_i64(st, 2, user_id);
	return delegate_one(st, out);
}

enum rd_err delegate_by_seat(struct store_tx *tx, int64_t term_id, const char *seat,
			     struct delegate *out)
{
	struct store_stmt *st = store_sql(tx, "SELECT " DELEGATE_COLS DELEGATE_FROM
					      " WHERE d.term_id = ? AND d.seat = ?");

	store_bind_i64(st, 1, term_id);
	store_bind_text(st, 2, seat);
	return delegate_one(st, out);
}

enum rd_err delegate_by_card(struct store_tx *tx, const char *code, struct delegate *out)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT " DELEGATE_COLS DELEGATE_FROM " WHERE d.card_code = ?");

	store_bind_text(st, 1, code);
	return delegate_one(st, out);
}

enum rd_err delegate_of_user(struct store_tx *tx, int64_t user_id, struct delegate *out)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT " DELEGATE_COLS DELEGATE_FROM
			      " JOIN terms t ON t.id = d.term_id WHERE d.user_id = ?"
			      " ORDER BY t.number DESC LIMIT 1");

	store_bind_i64(st, 1, user_id);
	return delegate_one(st, out);
}

enum rd_err delegates_each(struct store_tx *tx, int64_t term_id,
			   int (*each)(const struct delegate *, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT " DELEGATE_COLS DELEGATE_FROM " WHERE d.term_id = ?"
			      " ORDER BY COALESCE(g.position, 1000000), g.id, d.id");
	enum store_step r;
	struct delegate d;

	store_bind_i64(st, 1, term_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_delegate(st, &d);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err delegate_counts(struct store_tx *tx, int64_t term_id, struct delegate_counts *out)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT COUNT(CASE WHEN status = 'sitting' THEN 1 END),"
			      " COUNT(CASE WHEN status = 'suspended' THEN 1 END),"
			      " COUNT(CASE WHEN status = 'terminated' THEN 1 END)"
			      " FROM delegates WHERE term_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, term_id);
	rc = store_one(st);
	if (rc)
		return rc;
	out->active = store_col_i64(st, 0);
	out->suspended = store_col_i64(st, 1);
	out->terminated = store_col_i64(st, 2);
	return RD_OK;
}
