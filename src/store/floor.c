/*
 * floor.c — plenaries, attendance, agenda items and documents (see floor.h).
 */
#include <string.h>

#include "base/secret.h"
#include "base/str.h"
#include "store/floor.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err plenary_create(struct store_tx *tx, int64_t session_id, int64_t number,
			   const char *title, const char *scheduled_at, int64_t *id)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO plenaries (session_id, number, title,"
					      " scheduled_at) VALUES (?, ?, ?, ?)");

	store_bind_i64(st, 1, session_id);
	store_bind_i64(st, 2, number);
	store_bind_text(st, 3, title);
	store_bind_text(st, 4, scheduled_at ? scheduled_at : "");
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	*id = store_last_id(tx);
	return RD_OK;
}

#define PLENARY_COLS                                                                               \
	"SELECT id, session_id, number, COALESCE(current_item_id, 0), title, scheduled_at, state"  \
	" FROM plenaries"

static void read_plenary(struct store_stmt *st, struct plenary *p)
{
	p->id = store_col_i64(st, 0);
	p->session_id = store_col_i64(st, 1);
	p->number = store_col_i64(st, 2);
	p->current_item_id = store_col_i64(st, 3);
	COPY(p->title, st, 4);
	COPY(p->scheduled_at, st, 5);
	COPY(p->state, st, 6);
}

enum rd_err plenary_get(struct store_tx *tx, int64_t id, struct plenary *out)
{
	struct store_stmt *st = store_sql(tx, PLENARY_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_plenary(st, out);
	return rc;
}

enum rd_err plenaries_each(struct store_tx *tx, int64_t session_id,
			   int (*each)(const struct plenary *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, PLENARY_COLS " WHERE session_id = ? ORDER BY number");
	enum store_step r;
	struct plenary p;

	store_bind_i64(st, 1, session_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_plenary(st, &p);
		if (each(&p, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err plenary_transition(struct store_tx *tx, int64_t id, const char *from, const char *to)
{
	struct store_stmt *st =
		store_sql(tx, "UPDATE plenaries SET state = ? WHERE id = ? AND state = ?");

	store_bind_text(st, 1, to);
	store_bind_i64(st, 2, id);
	store_bind_text(st, 3, from);
	return store_exec_changed(st);
}

enum rd_err plenary_set_current(struct store_tx *tx, int64_t id, int64_t item_id)
{
	struct store_stmt *st =
		store_sql(tx, "UPDATE plenaries SET current_item_id = ? WHERE id = ?");

	if (item_id)
		store_bind_i64(st, 1, item_id);
	else
		store_bind_null(st, 1);
	store_bind_i64(st, 2, id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

enum rd_err plenary_current(struct store_tx *tx, int64_t term_id, struct plenary *out)
{
	struct store_stmt *st = store_sql(
		tx,
		"SELECT p.id, p.session_id, p.number, COALESCE(p.current_item_id, 0), p.title,"
		" p.scheduled_at, p.state FROM plenaries p JOIN sessions s ON s.id = p.session_id"
		" WHERE s.term_id = ? AND p.state <> 'closed'"
		" ORDER BY p.state = 'open' DESC, s.number DESC, p.number LIMIT 1");
	enum rd_err rc;

	store_bind_i64(st, 1, term_id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_plenary(st, out);
	return rc;
}

enum rd_err plenary_term(struct store_tx *tx, int64_t plenary_id, int64_t *term_id)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT s.term_id FROM plenaries p"
			      " JOIN sessions s ON s.id = p.session_id WHERE p.id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, plenary_id);
	rc = store_one(st);
	if (rc == RD_OK)
		*term_id = store_col_i64(st, 0);
	return rc;
}

enum rd_err attendance_set(struct store_tx *tx, int64_t plenary_id, int64_t delegate_id,
			   const char *state, const char *reason, const char *method, int64_t at)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO attendance (plenary_id, delegate_id, state, reason, method, at)"
		    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (plenary_id, delegate_id) DO UPDATE SET"
		    " state = excluded.state, reason = excluded.reason, method = excluded.method,"
		    " at = excluded.at");

	store_bind_i64(st, 1, plenary_id);
	store_bind_i64(st, 2, delegate_id);
	store_bind_text(st, 3, state);
	store_bind_text(st, 4, reason ? reason : "");
	store_bind_text(st, 5, method ? method : "");
	store_bind_i64(st, 6, at);
	return store_exec(st);
}

enum rd_err attendance_get(struct store_tx *tx, int64_t plenary_id, int64_t delegate_id,
			   struct attendance *out)
{
	struct store_stmt *st = store_sql(tx, "SELECT state, reason, method, at FROM attendance"
					      " WHERE plenary_id = ? AND delegate_id = ?");
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	out->delegate_id = delegate_id;
	store_bind_i64(st, 1, plenary_id);
	store_bind_i64(st, 2, delegate_id);
	rc = store_one(st);
	if (rc == RD_ENOTFOUND) {
		str_copy(out->state, sizeof(out->state), "absent");
		return RD_OK;
	}
	if (rc)
		return rc;
	COPY(out->state, st, 0);
	COPY(out->reason, st, 1);
	COPY(out->method, st, 2);
	out->at = store_col_i64(st, 3);
	return RD_OK;
}

enum rd_err attendance_present(struct store_tx *tx, int64_t plenary_id, int64_t *n)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT COUNT(*) FROM attendance a JOIN delegates d ON d.id = a.delegate_id"
		    " WHERE a.plenary_id = ? AND a.state = 'present' AND d.status <> 'terminated'");
	enum rd_err rc;

	store_bind_i64(st, 1, plenary_id);
	rc = store_one(st);
	if (rc == RD_OK)
		*n = store_col_i64(st, 0);
	return rc;
}

enum rd_err attendance_each(struct store_tx *tx, int64_t plenary_id,
			    int (*each)(const struct delegate *, const struct attendance *, void *),
			    void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT d.id, COALESCE(g.name, ''), d.name, COALESCE(d.seat, ''), d.status,"
		    " COALESCE(a.state, 'absent'), COALESCE(a.reason, ''), COALESCE(a.method, ''),"
		    " COALESCE(a.at, 0), COALESCE(d.delegation_id, 0)"
		    " FROM plenaries p JOIN sessions s ON s.id = p.session_id"
		    " JOIN delegates d ON d.term_id = s.term_id AND d.status <> 'terminated'"
		    " LEFT JOIN delegations g ON g.id = d.delegation_id"
		    " LEFT JOIN attendance a ON a.plenary_id = p.id AND a.delegate_id = d.id"
		    " WHERE p.id = ? ORDER BY COALESCE(g.position, 1000000), g.id, d.id");
	enum store_step r;
	struct delegate d;
	struct attendance a;

	store_bind_i64(st, 1, plenary_id);
	while ((r = store_step(st)) == STORE_ROW) {
		memset(&d, 0, sizeof(d));
		memset(&a, 0, sizeof(a));
		d.id = a.delegate_id = store_col_i64(st, 0);
		COPY(d.delegation, st, 1);
		COPY(d.name, st, 2);
		COPY(d.seat, st, 3);
		COPY(d.status, st, 4);
		COPY(a.state, st, 5);
		COPY(a.reason, st, 6);
		COPY(a.method, st, 7);
		a.at = store_col_i64(st, 8);
		d.delegation_id = store_col_i64(st, 9);
		if (each(&d, &a, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err agenda_add(struct store_tx *tx, struct agenda_item *item)
{
	struct store_stmt *st;

	if (item->position <= 0) {
		st = store_sql(tx, "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items"
				   " WHERE plenary_id = ?");
		store_bind_i64(st, 1, item->plenary_id);
		if (store_one(st))
			return store_tx_error(tx, NULL);
		item->position = store_col_i64(st, 0);
	}
	st = store_sql(tx, "INSERT INTO agenda_items (plenary_id, position, title, document_id)"
			   " VALUES (?, ?, ?, ?)");
	store_bind_i64(st, 1, item->plenary_id);
	store_bind_i64(st, 2, item->position);
	store_bind_text(st, 3, item->title);
	if (item->document_id)
		store_bind_i64(st, 4, item->document_id);
	else
		store_bind_null(st, 4);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	item->id = store_last_id(tx);
	return RD_OK;
}

enum rd_err agenda_update(struct store_tx *tx, const struct agenda_item *item)
{
	struct store_stmt *st = store_sql(
		tx,
		"UPDATE agenda_items SET position = ?, title = ?, document_id = ? WHERE id = ?");

	store_bind_i64(st, 1, item->position);
	store_bind_text(st, 2, item->title);
	if (item->document_id)
		store_bind_i64(st, 3, item->document_id);
	else
		store_bind_null(st, 3);
	store_bind_i64(st, 4, item->id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

enum rd_err agenda_delete(struct store_tx *tx, int64_t id)
{
	struct store_stmt *st = store_sql(tx, "DELETE FROM agenda_items WHERE id = ?");

	store_bind_i64(st, 1, id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}

#define AGENDA_COLS                                                                                \
	"SELECT id, plenary_id, position, COALESCE(document_id, 0), title FROM agenda_items"

static void read_item(struct store_stmt *st, struct agenda_item *it)
{
	it->id = store_col_i64(st, 0);
	it->plenary_id = store_col_i64(st, 1);
	it->position = store_col_i64(st, 2);
	it->document_id = store_col_i64(st, 3);
	COPY(it->title, st, 4);
}

enum rd_err agenda_get(struct store_tx *tx, int64_t id, struct agenda_item *out)
{
	struct store_stmt *st = store_sql(tx, AGENDA_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_item(st, out);
	return rc;
}

enum rd_err agenda_each(struct store_tx *tx, int64_t plenary_id,
			int (*each)(const struct agenda_item *, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, AGENDA_COLS " WHERE plenary_id = ? ORDER BY position, id");
	enum store_step r;
	struct agenda_item it;

	store_bind_i64(st, 1, plenary_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_item(st, &it);
		if (each(&it, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err document_add(struct store_tx *tx, const char *title, const char *content_type,
			 const void *data, size_t n, int64_t at, int64_t *id)
{
	char hash[SECRET_HASH_HEX_LEN];
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO documents (title, content_type, size, hash,"
			      " data, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)");

	secret_hash_hex(data, n, hash);
	store_bind_text(st, 1, title);
	store_bind_text(st, 2, content_type);
	store_bind_i64(st, 3, (int64_t)n);
	store_bind_text(st, 4, hash);
	store_bind_blob(st, 5, data, n);
	store_bind_i64(st, 6, at);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	*id = store_last_id(tx);
	return RD_OK;
}

enum rd_err document_exists(struct store_tx *tx, int64_t id)
{
	struct store_stmt *st = store_sql(tx, "SELECT 1 FROM documents WHERE id = ?");

	store_bind_i64(st, 1, id);
	return store_one(st);
}

enum rd_err document_read(struct store_tx *tx, int64_t id,
			  enum rd_err (*each)(const char *title, const char *content_type,
					      const void *data, size_t n, void *ctx),
			  void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT title, content_type, data FROM documents WHERE id = ?");
	const void *p;
	size_t n;
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc)
		return rc;
	p = store_col_blob(st, 2, &n);
	return each(store_col_text(st, 0), store_col_text(st, 1), p ? p : "", n, ctx);
}
