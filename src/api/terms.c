/*
 * terms.c — terms (届), sessions (次会议) with their presidium, and
 * delegations (代表团). Staff set them up; everyone logged in may read.
 */
#include <stdio.h>
#include <string.h>

#include "api/floor.h"
#include "base/str.h"
#include "base/banned.h"

static int add_term(const struct term *t, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)t->id, "number",
					     (json_int_t)t->number, "name", t->name));
	return 0;
}

static enum rd_err terms_read(struct store_tx *tx, void *arr, struct rd_error *err)
{
	(void)err;
	return terms_each(tx, add_term, arr);
}

enum rd_err api_terms_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	json_t *arr = json_array();
	enum rd_err rc = store_read(app->store, terms_read, arr, &req->err);

	if (rc) {
		json_decref(arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "terms", arr));
}

struct create_ctx {
	struct request *req;
	int64_t parent; /* term or session id */
	int64_t number;
	const char *name;
	int64_t id;
};

static enum rd_err term_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct create_ctx *c = arg;
	char subject[32];
	json_t *d;
	enum rd_err rc = term_create(tx, c->number, c->name, &c->id);

	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "number", "term %lld exists already", (long long)c->number);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "term:%lld", (long long)c->id);
	d = json_pack("{s:I, s:s}", "number", (json_int_t)c->number, "name", c->name);
	rc = api_audit(tx, c->req, "term.create", subject, d);
	json_decref(d);
	return rc;
}

enum rd_err api_terms_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct create_ctx c = {.req = req,
			       .number = req_body_i64(req, "number", 0),
			       .name = req_body_str(req, "name")};
	enum rd_err rc = store_write(app->store, term_write, &c, &req->err);

	if (rc)
		return rc;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:I, s:s}}", "term", "id", (json_int_t)c.id, "number",
				  (json_int_t)c.number, "name", c.name));
}

static json_t *session_json(const struct session *s)
{
	return json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)s->id, "term_id",
			 (json_int_t)s->term_id, "number", (json_int_t)s->number, "name", s->name);
}

static int add_session(const struct session *s, void *arr)
{
	json_array_append_new(arr, session_json(s));
	return 0;
}

static enum rd_err sessions_read(struct store_tx *tx, void *arr, struct rd_error *err)
{
	(void)err;
	return sessions_each(tx, add_session, arr);
}

enum rd_err api_sessions_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	json_t *arr = json_array();
	enum rd_err rc = store_read(app->store, sessions_read, arr, &req->err);

	if (rc) {
		json_decref(arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "sessions", arr));
}

static enum rd_err session_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct create_ctx *c = arg;
	struct term t;
	char subject[32];
	json_t *d;
	enum rd_err rc = term_get(tx, c->parent, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EINVAL, "term_id", "no such term");
	if (rc)
		return rc;
	rc = session_create(tx, c->parent, c->number, c->name, &c->id);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "number", "session %lld of this term exists already",
			       (long long)c->number);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "session:%lld", (long long)c->id);
	d = json_pack("{s:I, s:I, s:s}", "term_id", (json_int_t)c->parent, "number",
		      (json_int_t)c->number, "name", c->name);
	rc = api_audit(tx, c->req, "session.create", subject, d);
	json_decref(d);
	return rc;
}

enum rd_err api_sessions_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct create_ctx c = {.req = req,
			       .parent = req_body_i64(req, "term_id", 0),
			       .number = req_body_i64(req, "number", 0),
			       .name = req_body_str(req, "name")};
	struct session s = {0};
	enum rd_err rc = store_write(app->store, session_write, &c, &req->err);

	if (rc)
		return rc;
	s.id = c.id;
	s.term_id = c.parent;
	s.number = c.number;
	str_copy(s.name, sizeof(s.name), c.name);
	return res_json(res, 201, json_pack("{s:o}", "session", session_json(&s)));
}

struct session_view {
	int64_t id;
	json_t *out;
};

static int add_plenary(const struct plenary *p, void *arr)
{
	json_array_append_new(arr, floor_plenary_json(p));
	return 0;
}

static int add_id(int64_t id, void *arr)
{
	json_array_append_new(arr, json_integer(id));
	return 0;
}

static enum rd_err session_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct session_view *v = arg;
	struct session s;
	struct term t;
	json_t *plenaries = json_array(), *presidium = json_array();
	enum rd_err rc = session_get(tx, v->id, &s);

	if (rc == RD_ENOTFOUND)
		rc = rd_fail(err, RD_ENOTFOUND, "id", "no such session");
	if (!rc)
		rc = term_get(tx, s.term_id, &t);
	if (!rc)
		rc = plenaries_each(tx, v->id, add_plenary, plenaries);
	if (!rc)
		rc = presidium_each(tx, v->id, add_id, presidium);
	if (rc) {
		json_decref(plenaries);
		json_decref(presidium);
		return rc;
	}
	v->out = json_pack("{s:o, s:{s:I, s:I, s:s}, s:o, s:o}", "session", session_json(&s),
			   "term", "id", (json_int_t)t.id, "number", (json_int_t)t.number, "name",
			   t.name, "plenaries", plenaries, "presidium", presidium);
	return RD_OK;
}

enum rd_err api_sessions_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct session_view v = {.id = req_id(req, "id")};
	enum rd_err rc = store_read(app->store, session_read, &v, &req->err);

	if (rc)
		return rc;
	return res_json(res, 200, v.out);
}

struct presidium_ctx {
	struct request *req;
	int64_t session_id;
	int64_t ids[256];
	size_t n;
};

static enum rd_err presidium_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct presidium_ctx *c = arg;
	struct session s;
	struct delegate d;
	char subject[32];
	json_t *detail;
	enum rd_err rc = session_get(tx, c->session_id, &s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no such session");
	if (rc)
		return rc;
	for (size_t i = 0; i < c->n; i++) {
		rc = delegate_get(tx, c->ids[i], &d);
		if (rc == RD_ENOTFOUND || (!rc && d.term_id != s.term_id))
			return rd_fail(err, RD_EINVAL, "delegate_ids",
				       "delegate_ids[%zu] is not a delegate of this term", i);
		if (rc)
			return rc;
		if (strcmp(d.status, "terminated") == 0)
			return rd_fail(err, RD_EINVAL, "delegate_ids",
				       "delegate_ids[%zu] is no longer a delegate", i);
	}
	rc = presidium_set(tx, c->session_id, c->ids, c->n);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "session:%lld", (long long)c->session_id);
	detail = json_object();
	json_object_set(detail, "delegate_ids", json_object_get(c->req->body, "delegate_ids"));
	rc = api_audit(tx, c->req, "session.presidium", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_sessions_set_presidium(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct presidium_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	json_t *ids = json_object_get(req->body, "delegate_ids"), *v;
	size_t i;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->session_id = req_id(req, "id");
	json_array_foreach(ids, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return req_fail(req, RD_EINVAL, "delegate_ids",
					"delegate_ids[%zu] must be a delegate id", i);
		for (size_t k = 0; k < c->n; k++)
			if (c->ids[k] == json_integer_value(v))
				return req_fail(req, RD_EINVAL, "delegate_ids",
						"delegate_ids lists %lld twice",
						(long long)c->ids[k]);
		c->ids[c->n++] = json_integer_value(v);
	}
	rc = store_write(app->store, presidium_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:O}", "delegate_ids", ids));
}

static int add_delegation(const struct delegation *d, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)d->id,
					     "term_id", (json_int_t)d->term_id, "name", d->name,
					     "position", (json_int_t)d->position));
	return 0;
}

struct list_ctx {
	int64_t term_id;
	json_t *arr;
};

static enum rd_err delegations_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	struct term t;
	enum rd_err rc = term_get(tx, c->term_id, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no such term");
	if (rc)
		return rc;
	return delegations_each(tx, c->term_id, add_delegation, c->arr);
}

enum rd_err api_delegations_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx c = {.term_id = req_id(req, "id"), .arr = json_array()};
	enum rd_err rc = store_read(app->store, delegations_read, &c, &req->err);

	if (rc) {
		json_decref(c.arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "delegations", c.arr));
}

static enum rd_err delegation_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct create_ctx *c = arg;
	struct term t;
	char subject[32];
	json_t *d;
	enum rd_err rc = term_get(tx, c->parent, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no such term");
	if (rc)
		return rc;
	rc = delegation_create(tx, c->parent, c->name, c->number, &c->id);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "this term has a delegation of that name");
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "delegation:%lld", (long long)c->id);
	d = json_pack("{s:I, s:s}", "term_id", (json_int_t)c->parent, "name", c->name);
	rc = api_audit(tx, c->req, "delegation.create", subject, d);
	json_decref(d);
	return rc;
}

enum rd_err api_delegations_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct create_ctx c = {.req = req,
			       .parent = req_id(req, "id"),
			       .number = req_body_i64(req, "position", 0),
			       .name = req_body_str(req, "name")};
	enum rd_err rc = store_write(app->store, delegation_write, &c, &req->err);

	if (rc)
		return rc;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:I, s:s, s:I}}", "delegation", "id", (json_int_t)c.id,
				  "term_id", (json_int_t)c.parent, "name", c.name, "position",
				  (json_int_t)c.number));
}
