/*
 * polls.c — votes on resolutions (表决), RULES §3.
 *
 * draft → open → closed → released, driven by the presiding officer (or the
 * secretariat at their word). A vote is accepted only while the poll is open
 * (a closed vote never changes), only from a sitting delegate of the term
 * who has checked in to the plenary (GB 50799 §12.2), and once: the store's
 * primary key (poll, delegate) makes two devices or a retry count once.
 * First-press-valid polls refuse a different second choice; last-press-valid
 * polls replace it. The verdict is poll_decide() from src/rules on the
 * numbers at the moment of closing, stored with the poll.
 */
#include <stdio.h>
#include <string.h>

#include "api/floor.h"
#include "base/clock.h"
#include "base/str.h"
#include "rules/counting.h"
#include "base/banned.h"

struct poll_ctx {
	struct request *req;
	int64_t id;
	struct poll p;
	struct delegate d;
	const char *choice;
	char previous[8];
	bool already;
	bool officer;
	json_t *out;
};

static bool is_officer(const struct request *req)
{
	return req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM);
}

static enum rd_err poll_missing(enum rd_err rc, struct rd_error *err)
{
	return rc == RD_ENOTFOUND ? rd_fail(err, rc, "id", "no such vote") : rc;
}

static enum rd_err audit_poll(struct store_tx *tx, struct request *req, const char *action,
			      const struct poll *p, bool with_result)
{
	char subject[32];
	json_t *detail = floor_poll_json(p, with_result);
	enum rd_err rc;

	snprintf(subject, sizeof(subject), "poll:%lld", (long long)p->id);
	rc = api_audit(tx, req, action, subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct poll_ctx *c = arg;
	struct plenary pl;
	struct agenda_item it;
	enum rd_err rc = plenary_get(tx, c->p.plenary_id, &pl);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such plenary");
	if (rc)
		return rc;
	if (strcmp(pl.state, "closed") == 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the plenary is closed");
	if (c->p.agenda_item_id) {
		rc = agenda_get(tx, c->p.agenda_item_id, &it);
		if (rc == RD_ENOTFOUND || (!rc && it.plenary_id != pl.id))
			return rd_fail(err, RD_EINVAL, "agenda_item_id",
				       "no such agenda item in this plenary");
		if (rc)
			return rc;
	}
	rc = poll_create(tx, &c->p);
	if (rc)
		return rc;
	return audit_poll(tx, c->req, "poll.create", &c->p, false);
}

enum rd_err api_polls_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct poll_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *threshold = req_body_str(req, "threshold");
	const char *mode = req_body_str(req, "press_mode");
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->p.plenary_id = req_id(req, "id");
	c->p.agenda_item_id = req_body_i64(req, "agenda_item_id", 0);
	str_copy(c->p.title, sizeof(c->p.title), req_body_str(req, "title"));
	c->p.anonymous = req_body_bool(req, "anonymous", false);
	c->p.threshold = POLL_MAJORITY_OF_ALL; /* LOL art. 25 */
	if (threshold && poll_threshold_parse(threshold, &c->p.threshold, &req->err))
		return RD_EINVAL;
	if (mode && strcmp(mode, "first") != 0 && strcmp(mode, "last") != 0)
		return req_fail(req, RD_EINVAL, "press_mode", "press_mode must be first or last");
	c->p.last_press = mode && strcmp(mode, "last") == 0;
	rc = store_write(app->store, create_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "floor.poll",
		    json_pack("{s:I, s:I, s:s}", "poll_id", (json_int_t)c->p.id, "plenary_id",
			      (json_int_t)c->p.plenary_id, "state", "draft"));
	return res_json(res, 201, json_pack("{s:o}", "poll", floor_poll_json(&c->p, false)));
}

static enum rd_err get_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct poll_ctx *c = arg;
	int64_t yes, no, abstain, term_id;
	bool show;
	enum rd_err rc = poll_missing(poll_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	rc = votes_count(tx, c->id, &yes, &no, &abstain);
	if (rc)
		return rc;
	show = strcmp(c->p.state, "released") == 0 ||
	       (c->officer && strcmp(c->p.state, "closed") == 0);
	c->out = floor_poll_json(&c->p, show);
	json_object_set_new(c->out, "voted", json_integer(yes + no + abstain));
	/* A delegate's own vote, so a reloaded device shows what it sent. */
	if (plenary_term(tx, c->p.plenary_id, &term_id) == RD_OK &&
	    delegate_by_user(tx, term_id, c->req->user.id, &c->d) == RD_OK &&
	    vote_get(tx, c->id, c->d.id, c->previous) == RD_OK)
		json_object_set_new(c->out, "my_vote", json_string(c->previous));
	else
		json_object_set_new(c->out, "my_vote", json_null());
	return RD_OK;
}

enum rd_err api_polls_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct poll_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	c->officer = is_officer(req);
	rc = store_read(app->store, get_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "poll", c->out));
}

static enum rd_err open_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct poll_ctx *c = arg;
	struct plenary pl;
	int64_t other;
	enum rd_err rc = poll_missing(poll_get(tx, c->id, &c->p), err);

	if (!rc)
		rc = plenary_get(tx, c->p.plenary_id, &pl);
	if (rc)
		return rc;
	if (strcmp(c->p.state, "draft") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the vote is %s, not a draft",
			       c->p.state);
	rc = floor_require_sitting(tx, &pl, err);
	if (rc)
		return rc;
	rc = poll_open_in(tx, pl.id, &other);
	if (rc)
		return rc;
	if (other)
		return rd_fail(err, RD_ECONFLICT, "state", "another vote is open in this plenary");
	rc = poll_transition(tx, c->id, "draft", "open", clock_now_ms());
	if (rc)
		return rc;
	str_copy(c->p.state, sizeof(c->p.state), "open");
	return audit_poll(tx, c->req, "poll.open", &c->p, false);
}

static enum rd_err close_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct poll_ctx *c = arg;
	struct delegate_counts dc;
	struct poll_count count = {0};
	struct poll_outcome out;
	int64_t term_id;
	enum rd_err rc = poll_missing(poll_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	rc = poll_transition(tx, c->id, "open", "closed", clock_now_ms());
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "state", "the vote is %s, not open", c->p.state);
	if (rc)
		return rc;
	/* The numbers at the moment of closing: all delegates (RULES §1), those
	 * present, and the votes. Nobody present can leave while the vote is
	 * open (attendance.c), so every vote is from someone present. */
	rc = plenary_term(tx, c->p.plenary_id, &term_id);
	if (!rc)
		rc = delegate_counts(tx, term_id, &dc);
	if (!rc)
		rc = attendance_present(tx, c->p.plenary_id, &count.present);
	if (!rc)
		rc = votes_count(tx, c->id, &count.yes, &count.no, &count.abstain);
	if (rc)
		return rc;
	count.all = rules_all_delegates(&dc);
	count.not_voted = count.present - count.yes - count.no - count.abstain;
	rc = poll_decide(&count, c->p.threshold, &out, err);
	if (rc)
		return rc;
	rc = poll_store_result(tx, c->id, &count, out.needed, out.passed);
	if (rc)
		return rc;
	rc = poll_missing(poll_get(tx, c->id, &c->p), err);
	if (rc)
		return rc;
	return audit_poll(tx, c->req, "poll.close", &c->p, true);
}

static enum rd_err release_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct poll_ctx *c = arg;
	enum rd_err rc = poll_missing(poll_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	rc = poll_transition(tx, c->id, "closed", "released", clock_now_ms());
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "state", "the vote is %s, not closed", c->p.state);
	if (rc)
		return rc;
	str_copy(c->p.state, sizeof(c->p.state), "released");
	return audit_poll(tx, c->req, "poll.release", &c->p, true);
}

static enum rd_err run_transition(struct request *req, struct response *res, store_fn fn)
{
	struct app *app = req->app;
	struct poll_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	bool released;
	json_t *ev;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, fn, c, &req->err);
	if (rc)
		return rc;
	released = strcmp(c->p.state, "released") == 0;
	ev = json_pack("{s:I, s:I, s:s}", "poll_id", (json_int_t)c->id, "plenary_id",
		       (json_int_t)c->p.plenary_id, "state", c->p.state);
	if (released)
		json_object_set_new(ev, "poll", floor_poll_json(&c->p, true));
	api_publish(app, "floor.poll", ev);
	return res_json(res, 200, json_pack("{s:o}", "poll", floor_poll_json(&c->p, true)));
}

enum rd_err api_polls_open(struct request *req, struct response *res)
{
	return run_transition(req, res, open_write);
}

enum rd_err api_polls_close(struct request *req, struct response *res)
{
	return run_transition(req, res, close_write);
}

enum rd_err api_polls_release(struct request *req, struct response *res)
{
	return run_transition(req, res, release_write);
}

static enum rd_err vote_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct poll_ctx *c = arg;
	struct attendance a;
	enum rd_err rc = poll_missing(poll_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	if (strcmp(c->p.state, "open") != 0)
		return rd_fail(err, RD_ECONFLICT, "state",
			       strcmp(c->p.state, "draft") == 0 ? "the vote has not opened yet"
								: "the vote is closed");
	rc = floor_caller_delegate(tx, c->req, c->p.plenary_id, &c->d, err);
	if (rc)
		return rc;
	if (strcmp(c->d.status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status", "a %s delegate cannot vote",
			       c->d.status);
	rc = attendance_get(tx, c->p.plenary_id, c->d.id, &a);
	if (rc)
		return rc;
	if (strcmp(a.state, "present") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "attendance", "check in before you vote");
	if (c->p.last_press)
		return vote_replace(tx, c->id, c->d.id, c->choice, clock_now_ms());
	rc = vote_insert(tx, c->id, c->d.id, c->choice, clock_now_ms());
	if (rc != RD_ECONFLICT)
		return rc;
	/* Already voted. The same choice again is a retry or a second device:
	 * it counted once and that is the answer. Another choice is refused. */
	rc = vote_get(tx, c->id, c->d.id, c->previous);
	if (rc)
		return rc;
	if (strcmp(c->previous, c->choice) != 0)
		return rd_fail(err, RD_ECONFLICT, "choice",
			       "you have voted already; the first press counts");
	c->already = true;
	return RD_OK;
}

/* On the writer thread, after the commit: answer the device. */
static void vote_done(void *arg, enum rd_err rc)
{
	struct poll_ctx *c = arg;

	if (!rc && !c->already)
		floor_progress_mark(c->req->app, c->id);
	req_finish(c->req, rc, 200,
		   rc ? NULL
		      : json_pack("{s:I, s:s, s:b}", "poll_id", (json_int_t)c->id, "choice",
				  c->choice, "already", c->already));
}

enum rd_err api_polls_vote(struct request *req, struct response *res)
{
	static const char *const choices[] = {"yes", "no", "abstain"};
	struct app *app = req->app;
	struct poll_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	bool ok = false;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	c->choice = req_body_str(req, "choice");
	for (size_t i = 0; i < 3; i++)
		ok = ok || strcmp(c->choice, choices[i]) == 0;
	if (!ok)
		return req_fail(req, RD_EINVAL, "choice", "choice must be yes, no or abstain");
	/* The vote itself is not audited: the votes table is its record, and
	 * the poll's open/close entries seal the window it was cast in.
	 * A hall votes at once: the answer is deferred until the group commit
	 * is durable, and the worker thread serves other devices meanwhile. */
	(void)res;
	req_defer(req);
	rc = store_write_async(app->store, vote_write, c, &req->err, vote_done, c);
	if (rc)
		req_finish(req, rc, 0, NULL);
	return RD_OK;
}

struct votes_ctx {
	int64_t id;
	json_t *arr;
	struct poll p;
};

static int add_vote(const struct delegate *d, const char *choice, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s}", "delegate_id",
					     (json_int_t)d->id, "name", d->name, "delegation",
					     d->delegation, "seat", d->seat, "choice", choice));
	return 0;
}

static enum rd_err votes_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct votes_ctx *c = arg;
	enum rd_err rc = poll_missing(poll_get(tx, c->id, &c->p), err);

	if (rc)
		return rc;
	if (c->p.anonymous)
		return rd_fail(err, RD_EFORBIDDEN, "id", "this vote was anonymous");
	if (strcmp(c->p.state, "released") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the result is not released yet");
	return votes_each(tx, c->id, add_vote, c->arr);
}

enum rd_err api_polls_votes(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct votes_ctx c = {.id = req_id(req, "id"), .arr = json_array()};
	enum rd_err rc = store_read(app->store, votes_read, &c, &req->err);

	if (rc) {
		json_decref(c.arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "votes", c.arr));
}
