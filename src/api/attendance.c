/*
 * attendance.c — check-in (报到/签到) and attendance per plenary.
 *
 * A delegate checks in on their own device, or staff check them in at the
 * desk by seat number or by the code on their card's QR code. Staff record
 * excused (请假, with a reason) and absent. Only sitting delegates can be
 * present: a suspended delegate (暂停执行代表职务) counts among all
 * delegates but may not take part (DL art. 48); a terminated one does not
 * count at all. While a vote is open nobody present can be marked away, so
 * that the count of those present cannot move under a running vote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "base/clock.h"
#include "base/str.h"
#include "store/elections.h"
#include "base/banned.h"

struct checkin_ctx {
	struct request *req;
	int64_t plenary_id;
	/* who: exactly one of these (self uses the caller's account) */
	bool self;
	int64_t delegate_id;
	const char *seat;
	const char *card;
	/* what */
	const char *state; /* present / absent / excused */
	const char *reason;
	const char *method;
	struct delegate d;
	struct attendance before;
	bool already;
};

static enum rd_err find_delegate(struct store_tx *tx, struct checkin_ctx *c, int64_t term_id,
				 struct rd_error *err)
{
	enum rd_err rc;

	if (c->self)
		return floor_caller_delegate(tx, c->req, c->plenary_id, &c->d, err);
	if (c->delegate_id) {
		rc = delegate_get(tx, c->delegate_id, &c->d);
		if (rc == RD_ENOTFOUND || (!rc && c->d.term_id != term_id))
			return rd_fail(err, RD_ENOTFOUND, "delegate_id",
				       "no such delegate in this congress");
		return rc;
	}
	if (c->seat) {
		rc = delegate_by_seat(tx, term_id, c->seat, &c->d);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, rc, "seat", "nobody sits in seat %s", c->seat);
		return rc;
	}
	rc = delegate_by_card(tx, c->card, &c->d);
	if (rc == RD_ENOTFOUND || (!rc && c->d.term_id != term_id))
		return rd_fail(err, RD_ENOTFOUND, "card_code", "no delegate has this card");
	return rc;
}

static enum rd_err checkin_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct checkin_ctx *c = arg;
	struct plenary p;
	int64_t term_id, open_poll;
	char subject[32];
	json_t *detail;
	const char *method = c->method;
	enum rd_err rc = plenary_get(tx, c->plenary_id, &p);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such plenary");
	if (rc)
		return rc;
	if (strcmp(p.state, "closed") == 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the plenary is closed");
	rc = plenary_term(tx, c->plenary_id, &term_id);
	if (!rc)
		rc = find_delegate(tx, c, term_id, err);
	if (rc)
		return rc;
	if (strcmp(c->state, "present") == 0 && strcmp(c->d.status, "sitting") != 0)
		return rd_fail(err, RD_ECONFLICT, "status", "%s is %s and cannot check in",
			       c->d.name, c->d.status);
	rc = attendance_get(tx, c->plenary_id, c->d.id, &c->before);
	if (rc)
		return rc;
	if (strcmp(c->before.state, c->state) == 0 && strcmp(c->state, "present") == 0) {
		c->already = true; /* a second tap, a retry: nothing to do */
		return RD_OK;
	}
	if (strcmp(c->before.state, "present") == 0 && strcmp(c->state, "present") != 0) {
		rc = poll_open_in(tx, c->plenary_id, &open_poll);
		if (rc)
			return rc;
		if (open_poll)
			return rd_fail(err, RD_ECONFLICT, "state",
				       "a vote is open: wait until it closes");
	}
	if (strcmp(c->state, "present") == 0 && strcmp(p.state, "open") == 0 && c->self)
		method = "late"; /* checked in after the plenary began */
	rc = attendance_set(tx, c->plenary_id, c->d.id, c->state, c->reason, method,
			    clock_now_ms());
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "plenary:%lld", (long long)c->plenary_id);
	detail = json_pack("{s:I, s:s, s:s, s:s, s:s}", "delegate_id", (json_int_t)c->d.id, "from",
			   c->before.state, "to", c->state, "method", method, "reason",
			   c->reason ? c->reason : "");
	rc = api_audit(tx, c->req, "attendance.set", subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err run_checkin(struct request *req, struct response *res, struct checkin_ctx *c)
{
	struct app *app = req->app;
	enum rd_err rc = store_write(app->store, checkin_write, c, &req->err);

	if (rc)
		return rc;
	if (!c->already)
		floor_attendance_mark(app, c->plenary_id);
	return res_json(res, 200,
			json_pack("{s:o, s:s, s:b}", "delegate", floor_delegate_json(&c->d),
				  "state", c->state, "already", c->already));
}

static struct checkin_ctx *new_ctx(struct request *req)
{
	struct checkin_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (c) {
		c->req = req;
		c->plenary_id = req_id(req, "id");
		c->state = "present";
		c->reason = "";
	}
	return c;
}

enum rd_err api_attendance_self(struct request *req, struct response *res)
{
	struct checkin_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->self = true;
	c->method = "self";
	return run_checkin(req, res, c);
}

enum rd_err api_attendance_desk(struct request *req, struct response *res)
{
	struct checkin_ctx *c = new_ctx(req);
	int given;

	if (!c)
		return RD_ENOMEM;
	c->delegate_id = req_body_i64(req, "delegate_id", 0);
	c->seat = req_body_str(req, "seat");
	c->card = req_body_str(req, "card_code");
	given = (c->delegate_id != 0) + (c->seat != NULL) + (c->card != NULL);
	if (given != 1)
		return req_fail(req, RD_EINVAL, "delegate_id",
				"give exactly one of delegate_id, seat or card_code");
	c->method = c->card ? "card" : c->seat ? "seat" : "desk";
	return run_checkin(req, res, c);
}

enum rd_err api_attendance_set(struct request *req, struct response *res)
{
	static const char *const states[] = {"present", "absent", "excused"};
	struct checkin_ctx *c = new_ctx(req);
	bool ok = false;

	if (!c)
		return RD_ENOMEM;
	c->delegate_id = req_id(req, "delegate_id");
	c->state = req_body_str(req, "state");
	c->reason = req_body_str(req, "reason");
	if (!c->reason)
		c->reason = "";
	for (size_t i = 0; i < 3; i++)
		ok = ok || strcmp(c->state, states[i]) == 0;
	if (!ok)
		return req_fail(req, RD_EINVAL, "state",
				"state must be present, absent or excused");
	if (strcmp(c->state, "excused") == 0 && !c->reason[0])
		return req_fail(req, RD_EINVAL, "reason", "an excused absence needs its reason");
	c->method = "desk";
	return run_checkin(req, res, c);
}

struct list_ctx {
	int64_t plenary_id;
	json_t *arr;
	struct quorum q;
};

static int add_row(const struct delegate *d, const struct attendance *a, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
					     "delegate_id", (json_int_t)d->id, "name", d->name,
					     "delegation", d->delegation, "seat", d->seat, "status",
					     d->status, "state", a->state, "method", a->method,
					     "at", (json_int_t)a->at));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	enum rd_err rc = floor_quorum(tx, c->plenary_id, &c->q);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such plenary");
	if (rc)
		return rc;
	return attendance_each(tx, c->plenary_id, add_row, c->arr);
}

enum rd_err api_attendance_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx c = {.plenary_id = req_id(req, "id"), .arr = json_array()};
	enum rd_err rc = store_read(app->store, list_read, &c, &req->err);

	if (rc) {
		json_decref(c.arr);
		return rc;
	}
	return res_json(
		res, 200,
		json_pack("{s:o, s:o}", "quorum", floor_quorum_json(&c.q), "attendance", c.arr));
}

/* ---- the delegate's device ---------------------------------------------- */

struct me_ctx {
	struct request *req;
	json_t *out;
};

/* The election round open in the plenary, for the device's 去投票 card:
 * {round_id, election_id, title, i_voted}, or null. */
static enum rd_err open_round_json(struct store_tx *tx, int64_t plenary_id, int64_t delegate_id,
				   json_t **out)
{
	struct round *r;
	struct election e;
	int64_t id = 0;
	bool voted = false;
	enum rd_err rc = round_open_in(tx, plenary_id, &id);

	*out = json_null();
	if (rc || !id)
		return rc;
	r = calloc(1, sizeof(*r));
	if (!r)
		return RD_ENOMEM;
	rc = round_get(tx, id, r);
	if (!rc)
		rc = election_get(tx, r->election_id, &e);
	if (!rc)
		rc = ballot_registered(tx, id, delegate_id, &voted);
	if (!rc)
		*out = json_pack("{s:I, s:I, s:s, s:b}", "round_id", (json_int_t)id, "election_id",
				 (json_int_t)r->election_id, "title", e.title, "i_voted", voted);
	free(r);
	return rc;
}

static int newest_poll(const struct poll *p, void *arg)
{
	struct poll *best = arg;

	/* The open vote wins; else the newest that is not a draft. */
	if (strcmp(p->state, "draft") == 0 || strcmp(best->state, "open") == 0)
		return 0;
	*best = *p;
	return 0;
}

static enum rd_err me_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct me_ctx *c = arg;
	struct delegate d;
	struct plenary p;
	struct attendance a;
	struct quorum q;
	struct poll poll = {0};
	char mine[8];
	struct agenda_item item;
	json_t *pj = json_null(), *ij = json_null(), *rj = NULL;
	enum rd_err rc = delegate_of_user(tx, c->req->user.id, &d);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "your account is not a delegate of this congress");
	if (rc)
		return rc;
	rc = plenary_current(tx, d.term_id, &p);
	if (rc == RD_ENOTFOUND) {
		c->out = json_pack("{s:o, s:n, s:n, s:n, s:n, s:n, s:n}", "delegate",
				   floor_delegate_json(&d), "plenary", "attendance", "quorum",
				   "poll", "current_item", "round");
		return RD_OK;
	}
	if (!rc)
		rc = attendance_get(tx, p.id, d.id, &a);
	if (!rc)
		rc = floor_quorum(tx, p.id, &q);
	if (!rc)
		rc = polls_each(tx, p.id, newest_poll, &poll);
	if (rc)
		return rc;
	if (p.current_item_id && agenda_get(tx, p.current_item_id, &item) == RD_OK)
		ij = floor_item_json(&item);
	rc = open_round_json(tx, p.id, d.id, &rj);
	if (rc)
		return rc;
	if (poll.id) {
		pj = floor_poll_json(&poll, strcmp(poll.state, "released") == 0);
		json_object_set_new(pj, "my_vote",
				    vote_get(tx, poll.id, d.id, mine) == RD_OK ? json_string(mine)
									       : json_null());
	}
	c->out = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "delegate",
			   floor_delegate_json(&d), "plenary", floor_plenary_json(&p), "attendance",
			   a.state, "quorum", floor_quorum_json(&q), "poll", pj, "current_item", ij,
			   "round", rj);
	return RD_OK;
}

enum rd_err api_me_floor(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct me_ctx c = {.req = req};
	enum rd_err rc = store_read(app->store, me_read, &c, &req->err);

	if (rc)
		return rc;
	return res_json(res, 200, c.out);
}
