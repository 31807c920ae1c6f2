/*
 * stations.c — liaison stations (代表联络站): where delegates meet their
 * constituents on reception days. Staff keep the list and who belongs to
 * each station; anyone may read it (the public portal lists them, and a
 * citizen may address an issue to a station).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/opinions.h"
#include "base/clock.h"
#include "base/str.h"
#include "store/opinions.h"
#include "base/banned.h"

struct station_ctx {
	struct request *req;
	struct station s;
	int64_t ids[256];
	size_t n;
	json_t *out;
};

static int member_each(int64_t id, const char *name, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name));
	return 0;
}

static json_t *station_json(const struct station *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:[]}", "id", (json_int_t)s->id, "name",
			 s->name, "place", s->place, "address", s->address, "reception",
			 s->reception, "phone", s->phone, "delegates");
}

struct list_ctx {
	struct store_tx *tx;
	json_t *list;
	enum rd_err rc;
};

static int station_each(const struct station *s, void *arg)
{
	struct list_ctx *c = arg;
	json_t *j = station_json(s);

	json_array_append_new(c->list, j);
	c->rc = station_delegates_each(c->tx, s->id, member_each, json_object_get(j, "delegates"));
	return c->rc != RD_OK;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	enum rd_err rc;

	(void)err;
	c->tx = tx;
	rc = stations_each(tx, station_each, c);
	return rc ? rc : c->rc;
}

enum rd_err api_stations_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx c = {.list = json_array()};
	enum rd_err rc;

	if (!c.list)
		return RD_ENOMEM;
	rc = store_read(app->store, list_read, &c, &req->err);
	if (rc) {
		json_decref(c.list);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "stations", c.list));
}

static enum rd_err fill(struct request *req, struct station *s)
{
	static const char *const one_line[] = {"name", "place", "address", "reception", "phone"};

	for (size_t i = 0; i < sizeof(one_line) / sizeof(one_line[0]); i++) {
		const char *v = req_body_str(req, one_line[i]);

		if (v && !op_one_line(v))
			return req_fail(req, RD_EINVAL, one_line[i], "%s must be one line",
					one_line[i]);
	}
	str_copy(s->name, sizeof(s->name), req_body_str(req, "name"));
	str_copy(s->place, sizeof(s->place),
		 req_body_str(req, "place") ? req_body_str(req, "place") : "");
	str_copy(s->address, sizeof(s->address),
		 req_body_str(req, "address") ? req_body_str(req, "address") : "");
	str_copy(s->reception, sizeof(s->reception),
		 req_body_str(req, "reception") ? req_body_str(req, "reception") : "");
	str_copy(s->phone, sizeof(s->phone),
		 req_body_str(req, "phone") ? req_body_str(req, "phone") : "");
	return RD_OK;
}

static enum rd_err audit_station(struct store_tx *tx, struct station_ctx *c, const char *action)
{
	char subject[32];
	json_t *detail = json_pack("{s:s}", "name", c->s.name);
	enum rd_err rc;

	snprintf(subject, sizeof(subject), "station:%lld", (long long)c->s.id);
	rc = api_audit(tx, c->req, action, subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct station_ctx *c = arg;
	enum rd_err rc = station_create(tx, &c->s, clock_now_ms());

	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "a station has this name already");
	return rc ? rc : audit_station(tx, c, "station.create");
}

enum rd_err api_stations_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct station_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	if ((rc = fill(req, &c->s)))
		return rc;
	rc = store_write(app->store, create_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201, json_pack("{s:o}", "station", station_json(&c->s)));
}

static enum rd_err update_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct station_ctx *c = arg;
	struct station old;
	enum rd_err rc = station_get(tx, c->s.id, &old);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such liaison station");
	if (!rc)
		rc = station_update(tx, &c->s);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "a station has this name already");
	return rc ? rc : audit_station(tx, c, "station.update");
}

enum rd_err api_stations_update(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct station_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	if ((rc = fill(req, &c->s)))
		return rc;
	c->s.id = req_id(req, "id");
	rc = store_write(app->store, update_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "station", station_json(&c->s)));
}

static enum rd_err members_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct station_ctx *c = arg;
	struct delegate d;
	enum rd_err rc = station_get(tx, c->s.id, &c->s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such liaison station");
	for (size_t i = 0; !rc && i < c->n; i++) {
		rc = delegate_get(tx, c->ids[i], &d);
		if (rc == RD_ENOTFOUND || (!rc && strcmp(d.status, "terminated") == 0))
			return rd_fail(err, RD_EINVAL, "delegate_ids",
				       "delegate_ids[%zu] is not a delegate", i);
	}
	if (!rc)
		rc = station_set_delegates(tx, c->s.id, c->ids, c->n);
	return rc ? rc : audit_station(tx, c, "station.delegates");
}

static enum rd_err members_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct station_ctx *c = arg;

	(void)err;
	c->out = station_json(&c->s);
	return station_delegates_each(tx, c->s.id, member_each,
				      json_object_get(c->out, "delegates"));
}

enum rd_err api_stations_set_delegates(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct station_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	json_t *ids = json_object_get(req->body, "delegate_ids"), *v;
	size_t i;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->s.id = req_id(req, "id");
	json_array_foreach(ids, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return req_fail(req, RD_EINVAL, "delegate_ids",
					"delegate_ids[%zu] is not an id", i);
		c->ids[c->n++] = json_integer_value(v);
	}
	rc = store_write(app->store, members_write, c, &req->err);
	if (!rc)
		rc = store_read(app->store, members_read, c, &req->err);
	if (rc) {
		json_decref(c->out);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "station", c->out));
}
