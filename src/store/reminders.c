/* reminders.c — see reminders.h. Portable SQL only. */
#include "store/reminders.h"

#include "base/banned.h"

enum rd_err reminders_due_each(struct store_tx *tx, const char *horizon,
			       int (*each)(const struct reminder_item *, void *), void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT u.id, u.name, u.email, s.id, s.title, s.state, s.due_on"
			      " FROM suggestions s JOIN handling_units u ON u.id = s.lead_unit_id"
			      " WHERE s.state IN ('assigned', 'rehandling') AND s.due_on <> ''"
			      " AND s.due_on <= ? ORDER BY u.id, s.due_on, s.id");
	struct reminder_item it;
	enum store_step r;

	store_bind_text(st, 1, horizon);
	while ((r = store_step(st)) == STORE_ROW) {
		it.unit_id = store_col_i64(st, 0);
		it.unit_name = store_col_text(st, 1);
		it.unit_email = store_col_text(st, 2);
		it.suggestion_id = store_col_i64(st, 3);
		it.title = store_col_text(st, 4);
		it.state = store_col_text(st, 5);
		it.due_on = store_col_text(st, 6);
		if (each(&it, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err reminder_was_sent(struct store_tx *tx, int64_t unit_id, const char *on,
			      const char *kind, bool *sent)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT 1 FROM reminders WHERE unit_id = ? AND sent_on = ? AND kind = ?");
	enum store_step r;

	store_bind_i64(st, 1, unit_id);
	store_bind_text(st, 2, on);
	store_bind_text(st, 3, kind);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	*sent = r == STORE_ROW;
	return RD_OK;
}

enum rd_err reminder_record(struct store_tx *tx, int64_t unit_id, const char *on, const char *kind,
			    int64_t at, const char *address, int64_t items)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO reminders (unit_id, sent_on, kind, at, address, items)"
		    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, sent_on, kind) DO NOTHING");

	store_bind_i64(st, 1, unit_id);
	store_bind_text(st, 2, on);
	store_bind_text(st, 3, kind);
	store_bind_i64(st, 4, at);
	store_bind_text(st, 5, address);
	store_bind_i64(st, 6, items);
	return store_exec_changed(st);
}
