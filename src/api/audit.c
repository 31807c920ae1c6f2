/*
 * audit.c — reading and verifying the audit log (staff and auditors).
 */
#include <string.h>

#include "api/app.h"
#include "base/clock.h"
#include "store/audit.h"
#include "base/banned.h"

struct list_ctx {
	int64_t after;
	int64_t limit;
	json_t *entries;
};

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	struct store_stmt *st;
	enum store_step r;
	char at[32];

	(void)err;
	st = store_sql(tx, "SELECT id, at, actor, action, subject, detail, hash FROM audit_log"
			   " WHERE id > ? ORDER BY id LIMIT ?");
	store_bind_i64(st, 1, c->after);
	store_bind_i64(st, 2, c->limit);
	while ((r = store_step(st)) == STORE_ROW) {
		json_t *detail = json_loads(store_col_text(st, 5), 0, NULL);

		clock_iso8601(store_col_i64(st, 1), at, sizeof(at));
		json_array_append_new(
			c->entries,
			json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s}", "id",
				  (json_int_t)store_col_i64(st, 0), "at", at, "actor",
				  store_col_text(st, 2), "action", store_col_text(st, 3), "subject",
				  store_col_text(st, 4), "detail", detail ? detail : json_object(),
				  "hash", store_col_text(st, 6)));
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err api_audit_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx c = {
		.after = req_query_i64(req, "after", 0),
		.limit = req_query_i64(req, "limit", 100),
		.entries = json_array(),
	};
	enum rd_err rc;

	if (!c.entries)
		return RD_ENOMEM;
	rc = store_read(app->store, list_read, &c, &req->err);
	if (rc) {
		json_decref(c.entries);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "entries", c.entries));
}

static enum rd_err verify_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	(void)err;
	return audit_verify(tx, arg);
}

enum rd_err api_audit_verify(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct audit_report rep;
	enum rd_err rc = store_read(app->store, verify_read, &rep, &req->err);

	if (rc)
		return rc;
	if (rep.broken_at)
		return res_json(res, 200,
				json_pack("{s:b, s:I, s:I, s:s, s:s}", "ok", 0, "entries",
					  (json_int_t)rep.entries, "broken_at",
					  (json_int_t)rep.broken_at, "reason", rep.reason,
					  "reason_code", rep.reason_code));
	return res_json(res, 200,
			json_pack("{s:b, s:I, s:s}", "ok", 1, "entries", (json_int_t)rep.entries,
				  "head", rep.head));
}
