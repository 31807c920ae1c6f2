/*
 * plenary.c — plenaries (全体会议): create, open, close, the current agenda
 * item, the agenda with its documents, and the big screen's view.
 *
 * A plenary goes scheduled → open → closed. It cannot close while a vote is
 * open. The quorum (LOL art. 14(4)) is always computed, never stored: it
 * comes from the roll and the attendance at the moment it is asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "base/clock.h"
#include "base/str.h"
#include "base/banned.h"

struct plenary_ctx {
	struct request *req;
	int64_t id; /* plenary */
	int64_t session_id;
	int64_t number;
	const char *title;
	const char *scheduled_at;
	int64_t item_id;
	struct plenary p;
	json_t *out;
};

static enum rd_err plenary_missing(enum rd_err rc, struct rd_error *err)
{
	return rc == RD_ENOTFOUND ? rd_fail(err, rc, "id", "no such plenary") : rc;
}

static enum rd_err audit_plenary(struct store_tx *tx, struct request *req, const char *action,
				 int64_t id, json_t *detail)
{
	char subject[32];
	enum rd_err rc;

	snprintf(subject, sizeof(subject), "plenary:%lld", (long long)id);
	rc = api_audit(tx, req, action, subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct plenary_ctx *c = arg;
	struct session s;
	enum rd_err rc = session_get(tx, c->session_id, &s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such session");
	if (rc)
		return rc;
	rc = plenary_create(tx, c->session_id, c->number, c->title, c->scheduled_at, &c->id);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "number", "this session has plenary %lld already",
			       (long long)c->number);
	if (rc)
		return rc;
	rc = plenary_get(tx, c->id, &c->p);
	if (rc)
		return rc;
	return audit_plenary(tx, c->req, "plenary.create", c->id, floor_plenary_json(&c->p));
}

enum rd_err api_plenaries_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct plenary_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->session_id = req_id(req, "id");
	c->number = req_body_i64(req, "number", 0);
	c->title = req_body_str(req, "title");
	c->scheduled_at = req_body_str(req, "scheduled_at");
	rc = store_write(app->store, create_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201, json_pack("{s:o}", "plenary", floor_plenary_json(&c->p)));
}

static int add_item(const struct agenda_item *it, void *arr)
{
	json_array_append_new(arr, floor_item_json(it));
	return 0;
}

struct polls_ctx {
	json_t *arr;
	bool officer; /* staff or presidium: sees closed results before release */
};

static int add_poll(const struct poll *p, void *arg)
{
	struct polls_ctx *c = arg;
	bool show = strcmp(p->state, "released") == 0 ||
		    (c->officer && strcmp(p->state, "closed") == 0);

	json_array_append_new(c->arr, floor_poll_json(p, show));
	return 0;
}

static bool is_officer(const struct request *req)
{
	return req->authed && (req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM));
}

static enum rd_err get_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct plenary_ctx *c = arg;
	struct quorum q;
	struct polls_ctx pc = {.arr = json_array(), .officer = is_officer(c->req)};
	json_t *agenda = json_array();
	enum rd_err rc = plenary_missing(plenary_get(tx, c->id, &c->p), err);

	if (!rc)
		rc = floor_quorum(tx, c->id, &q);
	if (!rc)
		rc = agenda_each(tx, c->id, add_item, agenda);
	if (!rc)
		rc = polls_each(tx, c->id, add_poll, &pc);
	if (rc) {
		json_decref(agenda);
		json_decref(pc.arr);
		return rc;
	}
	c->out = json_pack("{s:o, s:o, s:o, s:o}", "plenary", floor_plenary_json(&c->p), "quorum",
			   floor_quorum_json(&q), "agenda", agenda, "polls", pc.arr);
	return RD_OK;
}

enum rd_err api_plenaries_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct plenary_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, get_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}

static enum rd_err open_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct plenary_ctx *c = arg;
	enum rd_err rc = plenary_missing(plenary_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	rc = plenary_transition(tx, c->id, "scheduled", "open");
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "state", "the plenary is %s, not scheduled", c->p.state);
	if (rc)
		return rc;
	str_copy(c->p.state, sizeof(c->p.state), "open");
	return audit_plenary(tx, c->req, "plenary.open", c->id, NULL);
}

static enum rd_err close_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct plenary_ctx *c = arg;
	int64_t open_poll;
	enum rd_err rc = plenary_missing(plenary_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	rc = poll_open_in(tx, c->id, &open_poll);
	if (rc)
		return rc;
	if (open_poll)
		return rd_fail(err, RD_ECONFLICT, "state", "close the open vote first");
	rc = plenary_transition(tx, c->id, "open", "closed");
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "state", "the plenary is %s, not open", c->p.state);
	if (rc)
		return rc;
	str_copy(c->p.state, sizeof(c->p.state), "closed");
	return audit_plenary(tx, c->req, "plenary.close", c->id, NULL);
}

static enum rd_err current_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct plenary_ctx *c = arg;
	struct agenda_item it;
	enum rd_err rc = plenary_missing(plenary_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	if (c->item_id) {
		rc = agenda_get(tx, c->item_id, &it);
		if (rc == RD_ENOTFOUND || (!rc && it.plenary_id != c->id))
			return rd_fail(err, RD_EINVAL, "item_id",
				       "no such agenda item in this plenary");
		if (rc)
			return rc;
	}
	rc = plenary_set_current(tx, c->id, c->item_id);
	if (rc)
		return rc;
	c->p.current_item_id = c->item_id;
	return audit_plenary(tx, c->req, "plenary.current_item", c->id,
			     json_pack("{s:I}", "item_id", (json_int_t)c->item_id));
}

static enum rd_err run_plenary(struct request *req, struct response *res, store_fn fn)
{
	struct app *app = req->app;
	struct plenary_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	c->item_id = req_body_i64(req, "item_id", 0);
	rc = store_write(app->store, fn, c, &req->err);
	if (rc)
		return rc;
	api_publish(
		app, "floor.plenary",
		json_pack("{s:I, s:s, s:o}", "plenary_id", (json_int_t)c->id, "state", c->p.state,
			  "current_item_id",
			  c->p.current_item_id ? json_integer(c->p.current_item_id) : json_null()));
	return res_json(res, 200, json_pack("{s:o}", "plenary", floor_plenary_json(&c->p)));
}

enum rd_err api_plenaries_open(struct request *req, struct response *res)
{
	return run_plenary(req, res, open_write);
}

enum rd_err api_plenaries_close(struct request *req, struct response *res)
{
	return run_plenary(req, res, close_write);
}

enum rd_err api_plenaries_set_current(struct request *req, struct response *res)
{
	return run_plenary(req, res, current_write);
}

/* ---- the big screen ----------------------------------------------------- */

struct screen_ctx {
	int64_t id;
	json_t *out;
	struct poll last; /* the newest poll that is not a draft */
	bool has_poll;
};

static int newest_poll(const struct poll *p, void *arg)
{
	struct screen_ctx *c = arg;

	if (strcmp(p->state, "draft") != 0) {
		c->last = *p;
		c->has_poll = true;
	}
	return 0;
}

static enum rd_err screen_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct screen_ctx *c = arg;
	struct plenary p;
	struct session s;
	struct quorum q;
	struct agenda_item it;
	json_t *item = json_null(), *poll = json_null();
	int64_t yes, no, abstain;
	enum rd_err rc = plenary_missing(plenary_get(tx, c->id, &p), err);

	if (!rc)
		rc = session_get(tx, p.session_id, &s);
	if (!rc)
		rc = floor_quorum(tx, c->id, &q);
	if (!rc && p.current_item_id && agenda_get(tx, p.current_item_id, &it) == RD_OK)
		item = floor_item_json(&it);
	if (!rc)
		rc = polls_each(tx, c->id, newest_poll, c);
	if (!rc && c->has_poll) {
		/* How many have voted is shown live; how they voted only once
		 * the presiding officer releases the result. */
		rc = votes_count(tx, c->last.id, &yes, &no, &abstain);
		poll = floor_poll_json(&c->last, strcmp(c->last.state, "released") == 0);
		json_object_set_new(poll, "voted", json_integer(yes + no + abstain));
	}
	if (rc) {
		json_decref(item);
		json_decref(poll);
		return rc;
	}
	c->out = json_pack("{s:s, s:o, s:o, s:o, s:o}", "session", s.name, "plenary",
			   floor_plenary_json(&p), "quorum", floor_quorum_json(&q), "current_item",
			   item, "poll", poll);
	return RD_OK;
}

enum rd_err api_plenaries_screen(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct screen_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->id = req_id(req, "id");
	rc = store_read(app->store, screen_read, c, &req->err);
	if (rc)
		return rc;
	json_object_set_new(c->out, "congress", json_string(app->congress_name));
	return res_json(res, 200, c->out);
}

/* ---- agenda and documents ----------------------------------------------- */

struct item_ctx {
	struct request *req;
	struct agenda_item it;
	bool remove;
};

static enum rd_err check_document(struct store_tx *tx, int64_t id, struct rd_error *err)
{
	enum rd_err rc = id ? document_exists(tx, id) : RD_OK;

	return rc == RD_ENOTFOUND ? rd_fail(err, RD_EINVAL, "document_id", "no such document") : rc;
}

static enum rd_err item_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct item_ctx *c = arg;
	struct plenary p;
	struct agenda_item before;
	char subject[32];
	json_t *detail;
	enum rd_err rc;

	if (c->it.id) {
		rc = agenda_get(tx, c->it.id, &before);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, rc, "id", "no such agenda item");
		if (rc)
			return rc;
		c->it.plenary_id = before.plenary_id;
	}
	rc = plenary_missing(plenary_get(tx, c->it.plenary_id, &p), err);
	if (rc)
		return rc;
	if (strcmp(p.state, "closed") == 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the plenary is closed");
	if (c->remove) {
		if (p.current_item_id == c->it.id)
			return rd_fail(err, RD_ECONFLICT, "id", "this item is on the screens now");
		rc = agenda_delete(tx, c->it.id);
		if (rc == RD_ECONFLICT)
			return rd_fail(err, rc, "id", "a vote belongs to this item");
	} else {
		rc = check_document(tx, c->it.document_id, err);
		if (rc)
			return rc;
		if (c->it.id) {
			if (!c->it.title[0])
				str_copy(c->it.title, sizeof(c->it.title), before.title);
			if (!c->it.position)
				c->it.position = before.position;
			rc = agenda_update(tx, &c->it);
		} else {
			rc = agenda_add(tx, &c->it);
		}
	}
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "agenda:%lld", (long long)c->it.id);
	detail = floor_item_json(&c->it);
	rc = api_audit(tx, c->req,
		       c->remove  ? "agenda.delete"
		       : c->it.id ? "agenda.update"
				  : "agenda.add",
		       subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err run_item(struct request *req, struct response *res, struct item_ctx *c,
			    int status)
{
	struct app *app = req->app;
	enum rd_err rc = store_write(app->store, item_write, c, &req->err);

	if (rc)
		return rc;
	api_publish(app, "floor.plenary",
		    json_pack("{s:I, s:s}", "plenary_id", (json_int_t)c->it.plenary_id, "agenda",
			      c->remove ? "delete" : "change"));
	if (c->remove)
		return res_json(res, 200, json_pack("{s:b}", "ok", 1));
	return res_json(res, status, json_pack("{s:o}", "item", floor_item_json(&c->it)));
}

static struct item_ctx *item_from_body(struct request *req)
{
	struct item_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *title = req_body_str(req, "title");

	if (!c)
		return NULL;
	c->req = req;
	str_copy(c->it.title, sizeof(c->it.title), title ? title : "");
	c->it.position = req_body_i64(req, "position", 0);
	c->it.document_id = req_body_i64(req, "document_id", 0);
	return c;
}

enum rd_err api_agenda_add(struct request *req, struct response *res)
{
	struct item_ctx *c = item_from_body(req);

	if (!c)
		return RD_ENOMEM;
	c->it.plenary_id = req_id(req, "id");
	return run_item(req, res, c, 201);
}

enum rd_err api_agenda_update(struct request *req, struct response *res)
{
	struct item_ctx *c = item_from_body(req);

	if (!c)
		return RD_ENOMEM;
	c->it.id = req_id(req, "id");
	return run_item(req, res, c, 200);
}

enum rd_err api_agenda_delete(struct request *req, struct response *res)
{
	struct item_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->it.id = req_id(req, "id");
	c->remove = true;
	return run_item(req, res, c, 200);
}

struct doc_ctx {
	struct request *req;
	const char *title;
	int64_t id;
	char *bytes;
	size_t n;
	char title_out[FLOOR_TITLE];
};

static enum rd_err doc_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct doc_ctx *c = arg;
	char subject[32];
	json_t *detail;
	enum rd_err rc;

	(void)err;
	rc = document_add(tx, c->title, c->req->raw_type, c->req->raw, c->req->raw_len,
			  clock_now_ms(), &c->id);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "document:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:I}", "title", c->title, "size", (json_int_t)c->req->raw_len);
	rc = api_audit(tx, c->req, "document.upload", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_documents_upload(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct doc_ctx c = {.req = req, .title = req_query(req, "title")};
	enum rd_err rc;

	if (req->raw_len < 5 || memcmp(req->raw, "%PDF-", 5) != 0)
		return req_fail(req, RD_EINVAL, "body", "the upload is not a PDF file");
	rc = store_write(app->store, doc_write, &c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:s, s:I}}", "document", "id", (json_int_t)c.id,
				  "title", c.title, "size", (json_int_t)req->raw_len));
}

static enum rd_err copy_doc(const char *title, const char *type, const void *data, size_t n,
			    void *arg)
{
	struct doc_ctx *c = arg;

	(void)type;
	c->bytes = malloc(n ? n : 1);
	if (!c->bytes)
		return RD_ENOMEM;
	memcpy(c->bytes, data, n);
	c->n = n;
	str_copy(c->title_out, sizeof(c->title_out), title ? title : "");
	return RD_OK;
}

static enum rd_err doc_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct doc_ctx *c = arg;
	enum rd_err rc = document_read(tx, c->id, copy_doc, c);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such document");
	return rc;
}

enum rd_err api_documents_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct doc_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->id = req_id(req, "id");
	rc = store_read(app->store, doc_read, c, &req->err);
	if (rc) {
		free(c->bytes);
		return rc;
	}
	/* Shown inline: the browser's PDF viewer opens it in the page. */
	rc = res_bytes(res, c->bytes, c->n, "application/pdf", NULL);
	res->frameable = true;
	return rc;
}
