/*
 * elections.c — elections held by the congress (RULES §7, LOL art. 26–30):
 * an election per office with its seats and margin, candidates, and rounds
 * voted by electronic secret ballot; tie votes and re-elections as new
 * rounds linked to the first; the decision from src/rules (tally_decide);
 * the announcement (公告) signed with the deployment's Ed25519 key.
 *
 * Secret ballot (DESIGN.md invariants 3 and 4): a ballot is written to the
 * box and the voter to the register in one transaction, sharing nothing but
 * the round (store/elections.h); no log line or audit entry carries a
 * ballot; while a round is open nobody sees more than how many have voted;
 * when it closes the write-ahead log is checkpointed away.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/elections.h"
#include "api/elections_primary.h"
#include "api/floor.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/secret.h"
#include "base/str.h"
#include "doc/tally_json.h"
#include "rules/margins.h"
#include "rules/proposers.h"
#include "rules/stroke.h"
#include "rules/tally.h"
#include "store/elections.h"
#include "base/banned.h"

#define DECISION_MAX (4u << 20)

static bool officer(const struct request *req)
{
	return req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM);
}

enum rd_err elections_audit(struct store_tx *tx, struct request *req, const char *action,
			    const char *kind, int64_t id, json_t *detail)
{
	char subject[48];
	enum rd_err rc;

	snprintf(subject, sizeof(subject), "%s:%lld", kind, (long long)id);
	rc = api_audit(tx, req, action, subject, detail);
	json_decref(detail);
	return rc;
}

bool elections_name_ok(const char *s)
{
	return s && *s && str_utf8_valid(s, strlen(s)) && str_utf8_len(s, strlen(s)) <= 32;
}

static json_t *election_json(const struct election *e)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:{s:I, s:I}}", "id", (json_int_t)e->id,
			 "session_id", (json_int_t)e->session_id, "title", e->title, "office",
			 e->office, "seats", (json_int_t)e->seats, "margin", "min_extra",
			 (json_int_t)e->margin_min, "max_extra", (json_int_t)e->margin_max);
}

/* ---- elections and candidates ------------------------------------------- */

struct election_ctx {
	struct request *req;
	struct election e;
	struct candidate c;
	int64_t presidium_nominees;
	json_t *out;
};

static enum rd_err election_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct election_ctx *c = arg;
	struct session s;
	enum rd_err rc = session_get(tx, c->e.session_id, &s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such session");
	if (!rc)
		rc = election_create(tx, &c->e, clock_now_ms());
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "election.create", "election", c->e.id,
			       election_json(&c->e));
}

enum rd_err api_elections_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct election_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct margin_config cfg;
	enum office_class office;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->e.session_id = req_id(req, "id");
	str_copy(c->e.title, sizeof(c->e.title), req_body_str(req, "title"));
	if (office_class_parse(req_body_str(req, "office"), &office, &req->err))
		return RD_EINVAL;
	if (office == OFFICE_DIRECT)
		return req_fail(req, RD_EINVAL, "office",
				"direct elections are held by the voters, not the congress");
	str_copy(c->e.office, sizeof(c->e.office), office_class_name(office));
	c->e.seats = req_body_i64(req, "seats", 1);
	/* The margin of the session's election rules (选举办法); by default
	 * the statutory band for the office (RULES §7). */
	rc = margin_default_config(office, c->e.seats, &cfg, &req->err);
	if (rc)
		return rc;
	c->e.margin_min = req_body_i64(req, "margin_min_extra", cfg.min_extra);
	c->e.margin_max = req_body_i64(req, "margin_max_extra", cfg.max_extra);
	if (c->e.margin_min > c->e.margin_max)
		return req_fail(req, RD_EINVAL, "margin_max_extra",
				"margin_max_extra must not be less than margin_min_extra");
	rc = store_write(app->store, election_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201, json_pack("{s:o}", "election", election_json(&c->e)));
}

static int add_election(const struct election *e, void *arr)
{
	json_array_append_new(arr, election_json(e));
	return 0;
}

struct list_ctx {
	int64_t id;
	json_t *arr;
};

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	struct session s;
	enum rd_err rc = session_get(tx, c->id, &s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such session");
	return rc ? rc : elections_each(tx, c->id, add_election, c->arr);
}

enum rd_err api_elections_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx c = {.id = req_id(req, "id"), .arr = json_array()};
	enum rd_err rc = store_read(app->store, list_read, &c, &req->err);

	if (rc) {
		json_decref(c.arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "elections", c.arr));
}

struct names {
	const char *v[ROUND_MAX_NAMES];
	size_t n;
	struct arena *a;
	int64_t presidium;
	json_t *arr;
};

static int add_candidate(const struct candidate *cd, void *arg)
{
	struct names *n = arg;

	if (n->n < ROUND_MAX_NAMES)
		n->v[n->n++] = arena_strdup(n->a, cd->name);
	if (strcmp(cd->nominated_by, "presidium") == 0)
		n->presidium++;
	if (n->arr)
		json_array_append_new(
			n->arr,
			json_pack("{s:I, s:s, s:o, s:s, s:s}", "id", (json_int_t)cd->id, "name",
				  cd->name, "delegate_id",
				  cd->delegate_id ? json_integer(cd->delegate_id) : json_null(),
				  "nominated_by", cd->nominated_by, "bio", cd->bio));
	return 0;
}

static enum rd_err candidate_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct election_ctx *c = arg;
	struct names n = {.a = &c->req->arena};
	struct delegate d;
	enum rd_err rc = election_get(tx, c->e.id, &c->e);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = candidates_each(tx, c->e.id, add_candidate, &n);
	if (rc)
		return rc;
	if (n.n >= ROUND_MAX_NAMES)
		return rd_fail(err, RD_ECONFLICT, "name", "too many candidates");
	/* LOL art. 27(1): the presidium's nominees must not exceed the seats. */
	if (strcmp(c->c.nominated_by, "presidium") == 0 &&
	    proposers_check_nominee_limit(n.presidium + 1, c->e.seats, NULL))
		return rd_fail(err, RD_ECONFLICT, "nominated_by",
			       "the presidium may nominate at most %lld (the seats); more come by"
			       " joint nomination",
			       (long long)c->e.seats);
	if (c->c.delegate_id) {
		rc = delegate_get(tx, c->c.delegate_id, &d);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "delegate_id", "no such delegate");
		if (rc)
			return rc;
	}
	c->c.election_id = c->e.id;
	rc = candidate_add(tx, &c->c);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "%s is a candidate already", c->c.name);
	if (rc)
		return rc;
	return elections_audit(
		tx, c->req, "candidate.add", "election", c->e.id,
		json_pack("{s:s, s:s}", "name", c->c.name, "nominated_by", c->c.nominated_by));
}

enum rd_err api_candidates_add(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct election_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *by = req_body_str(req, "nominated_by");
	const char *bio = req_body_str(req, "bio");

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->e.id = req_id(req, "id");
	str_copy(c->c.name, sizeof(c->c.name), req_body_str(req, "name"));
	c->c.delegate_id = req_body_i64(req, "delegate_id", 0);
	if (strcmp(by, "presidium") != 0 && strcmp(by, "joint") != 0)
		return req_fail(req, RD_EINVAL, "nominated_by",
				"nominated_by must be presidium or joint (10 or more delegates)");
	str_copy(c->c.nominated_by, sizeof(c->c.nominated_by), by);
	str_copy(c->c.bio, sizeof(c->c.bio), bio ? bio : "");
	if (store_write(app->store, candidate_write, c, &req->err))
		return req->err.code ? req->err.code : RD_ESTORE;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:s, s:s}}", "candidate", "id", (json_int_t)c->c.id,
				  "name", c->c.name, "nominated_by", c->c.nominated_by));
}

/* ---- rounds -------------------------------------------------------------- */

static enum rd_err decision_json(const char *text, void *arg)
{
	json_t **out = arg;

	*out = json_loads(text, 0, NULL);
	return *out ? RD_OK : RD_EINTERNAL;
}

/* A round as JSON: never a count before it closes; the decision to officers
 * once closed, to everyone once announced. */
static json_t *round_json(struct store_tx *tx, const struct round *r, bool show)
{
	json_t *names = json_array(), *j, *decision = NULL;
	int64_t registered = 0, ballots = 0;

	for (size_t i = 0; i < r->n_names; i++)
		json_array_append_new(names, json_string(r->names[i]));
	ballot_counts(tx, r->id, &registered, &ballots);
	j = json_pack("{s:I, s:I, s:I, s:o, s:s, s:I, s:s, s:o, s:I}", "id", (json_int_t)r->id,
		      "election_id", (json_int_t)r->election_id, "plenary_id",
		      (json_int_t)r->plenary_id, "parent_id",
		      r->parent_id ? json_integer(r->parent_id) : json_null(), "kind", r->kind,
		      "seats", (json_int_t)r->seats, "state", r->state, "names", names, "voted",
		      (json_int_t)registered);
	if (show && strcmp(r->state, "draft") != 0 && strcmp(r->state, "open") != 0)
		round_decision(tx, r->id, decision_json, &decision);
	json_object_set_new(j, "mode", json_string(r->mode));
	json_object_set_new(j, "decision", decision ? decision : json_null());
	return j;
}

struct view_ctx {
	struct request *req;
	int64_t id;
	struct election e;
	struct margin_result margin;
	json_t *rounds;
	json_t *out;
};

/* Collects the ids; the JSON is built after, as it runs statements. */
static int add_round(const struct round *r, void *arg)
{
	struct view_ctx *c = arg;

	json_array_append_new(c->rounds, json_integer(r->id));
	return 0;
}

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct view_ctx *c = arg;
	struct names n = {.a = &c->req->arena, .arr = json_array()};
	struct margin_config cfg;
	enum office_class office;
	size_t order[ROUND_MAX_NAMES];
	json_t *sorted;
	enum rd_err rc = election_get(tx, c->id, &c->e);

	if (rc == RD_ENOTFOUND)
		rc = rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = candidates_each(tx, c->id, add_candidate, &n);
	if (rc) {
		json_decref(n.arr);
		return rc;
	}
	/* Candidates as the ballot lists them: by surname strokes (姓氏笔画). */
	sorted = json_array();
	if (n.n && stroke_sort(n.v, n.n, order, NULL) == RD_OK)
		for (size_t i = 0; i < n.n; i++)
			json_array_append(sorted, json_array_get(n.arr, order[i]));
	else
		json_array_extend(sorted, n.arr);
	json_decref(n.arr);
	office_class_parse(c->e.office, &office, NULL);
	cfg.min_extra = c->e.margin_min;
	cfg.max_extra = c->e.margin_max;
	margin_check(office, c->e.seats, (int64_t)n.n, &cfg, &c->margin, NULL);
	c->rounds = json_array();
	rc = rounds_each(tx, c->id, add_round, c);
	if (rc) {
		json_decref(sorted);
		return rc;
	}
	/* Now that the ids are read, each round with its counts and decision. */
	for (size_t i = 0; i < json_array_size(c->rounds); i++) {
		json_t *rj = json_array_get(c->rounds, i);
		struct round *r = calloc(1, sizeof(*r));

		if (!r)
			break;
		if (round_get(tx, json_integer_value(rj), r) == RD_OK)
			json_array_set_new(
				c->rounds, i,
				round_json(tx, r,
					   strcmp(r->state, "announced") == 0 || officer(c->req)));
		free(r);
	}
	c->out = json_pack("{s:o, s:o, s:{s:s, s:s, s:s, s:b, s:I, s:I}, s:o}", "election",
			   election_json(&c->e), "candidates", sorted, "margin", "status",
			   c->margin.status == MARGIN_OK	? "ok"
			   : c->margin.status == MARGIN_WARNING ? "warning"
								: "error",
			   "reason", margin_reason_name(c->margin.reason), "message",
			   c->margin.message, "primary_needed", c->margin.primary_needed,
			   "min_candidates", (json_int_t)c->margin.min_candidates, "max_candidates",
			   (json_int_t)c->margin.max_candidates, "rounds", c->rounds);
	return RD_OK;
}

enum rd_err api_elections_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct view_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}

struct round_ctx {
	struct request *req;
	int64_t id;
	struct round r;
	struct election e;
	struct margin_result margin;
	const char *kind; /* next round: tie_vote / re_election */
	const char *mode; /* first round: electronic / paper */
	json_t *names_in; /* re-election: names chosen, or NULL */
	/* ballot */
	const char *const *yes, *const *no, *const *write_in;
	size_t n_yes, n_no, n_write_in;
	char content[8192];
	char receipt[16];
	bool void_ballot;
	json_t *out;
};

static enum rd_err round_missing(enum rd_err rc, struct rd_error *err)
{
	return rc == RD_ENOTFOUND ? rd_fail(err, rc, "id", "no such round") : rc;
}

/* Puts the names in ballot order: surname strokes (RULES §7 "Ballot order"). */
static enum rd_err ballot_order(struct round *r, struct rd_error *err)
{
	const char *names[ROUND_MAX_NAMES];
	char copy[ROUND_MAX_NAMES][FLOOR_NAME];
	size_t order[ROUND_MAX_NAMES];
	enum rd_err rc;

	for (size_t i = 0; i < r->n_names; i++) {
		memcpy(copy[i], r->names[i], sizeof(copy[i]));
		names[i] = copy[i];
	}
	rc = stroke_sort(names, r->n_names, order, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->n_names; i++)
		memcpy(r->names[i], copy[order[i]], sizeof(r->names[i]));
	return RD_OK;
}

static enum rd_err first_round_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct names n = {.a = &c->req->arena};
	struct margin_config cfg;
	struct plenary p;
	enum office_class office;
	bool formal = false;
	enum rd_err rc = election_get(tx, c->r.election_id, &c->e);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = plenary_get(tx, c->r.plenary_id, &p);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EINVAL, "plenary_id", "no such plenary");
	if (!rc)
		rc = candidates_each(tx, c->e.id, add_candidate, &n);
	/* After a primary (预选) the ballot is the formal list fixed from it,
	 * in its vote order (LOL art. 27(1); RULES §7 "Ballot order"). */
	if (!rc)
		rc = elections_formal_list(tx, c->e.id, &c->req->arena, n.v, ROUND_MAX_NAMES, &n.n,
					   &formal);
	if (rc)
		return rc;
	/* The list must satisfy the election rules: errors block, warnings are
	 * recorded and shown (RULES §7, "Candidates versus seats"). */
	office_class_parse(c->e.office, &office, NULL);
	cfg.min_extra = c->e.margin_min;
	cfg.max_extra = c->e.margin_max;
	rc = margin_check(office, c->e.seats, (int64_t)n.n, &cfg, &c->margin, err);
	if (rc)
		return rc;
	if (c->margin.status == MARGIN_ERROR)
		return rd_fail(err, RD_ECONFLICT, "candidates", "%s", c->margin.message);
	if (c->margin.primary_needed)
		return rd_fail(err, RD_ECONFLICT, "candidates",
			       "more nominees than the margin allows: hold a primary (预选) first");
	c->r.seats = c->e.seats;
	str_copy(c->r.kind, sizeof(c->r.kind), "first");
	c->r.n_names = n.n;
	for (size_t i = 0; i < n.n; i++)
		str_copy(c->r.names[i], sizeof(c->r.names[i]), n.v[i]);
	rc = formal ? RD_OK : ballot_order(&c->r, err);
	if (!rc)
		rc = round_create(tx, &c->r);
	if (!rc)
		rc = round_set_mode(tx, c->r.id, c->mode);
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "round.create", "round", c->r.id,
			       json_pack("{s:I, s:s, s:s, s:s, s:s}", "election_id",
					 (json_int_t)c->e.id, "kind", "first", "mode", c->mode,
					 "margin", c->margin.status == MARGIN_OK ? "ok" : "warning",
					 "message", c->margin.message));
}

static enum rd_err round_view(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	bool registered = false;
	struct delegate d;
	enum rd_err rc = round_missing(round_get(tx, c->id, &c->r), err);

	if (rc)
		return rc;
	c->out = round_json(tx, &c->r, strcmp(c->r.state, "announced") == 0 || officer(c->req));
	if (delegate_of_user(tx, c->req->user.id, &d) == RD_OK)
		ballot_registered(tx, c->id, d.id, &registered);
	json_object_set_new(c->out, "i_voted", json_boolean(registered));
	return RD_OK;
}

enum rd_err api_rounds_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->r.election_id = req_id(req, "id");
	c->r.plenary_id = req_body_i64(req, "plenary_id", 0);
	c->mode = req_body_str(req, "mode");
	if (!c->mode)
		c->mode = "electronic";
	if (strcmp(c->mode, "electronic") != 0 && strcmp(c->mode, "paper") != 0)
		return req_fail(req, RD_EINVAL, "mode", "mode must be electronic or paper");
	rc = store_write(app->store, first_round_write, c, &req->err);
	if (rc)
		return rc;
	c->id = c->r.id;
	rc = store_read(app->store, round_view, c, &req->err);
	if (rc)
		return rc;
	json_object_set_new(c->out, "margin",
			    json_pack("{s:s, s:s}", "status",
				      c->margin.status == MARGIN_OK ? "ok" : "warning", "message",
				      c->margin.message));
	api_publish(app, "election.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->id, "election_id",
			      (json_int_t)c->r.election_id, "state", "draft"));
	return res_json(res, 201, json_pack("{s:o}", "round", c->out));
}

enum rd_err api_rounds_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, round_view, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "round", c->out));
}

static enum rd_err open_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct plenary p;
	int64_t other;
	enum rd_err rc = round_missing(round_get(tx, c->id, &c->r), err);

	if (!rc)
		rc = plenary_get(tx, c->r.plenary_id, &p);
	if (rc)
		return rc;
	if (strcmp(c->r.state, "draft") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the round is %s, not a draft",
			       c->r.state);
	rc = floor_require_sitting(tx, &p, err);
	if (!rc)
		rc = round_open_in(tx, p.id, &other);
	if (!rc && other)
		return rd_fail(err, RD_ECONFLICT, "state", "another round is open in this plenary");
	if (rc)
		return rc;
	rc = round_transition(tx, c->id, "draft", "open", clock_now_ms());
	if (rc)
		return rc;
	str_copy(c->r.state, sizeof(c->r.state), "open");
	return elections_audit(tx, c->req, "round.open", "round", c->id, NULL);
}

/* ---- the ballot ---------------------------------------------------------- */

/* Reads a JSON array of names; each 1–32 characters, valid UTF-8. */
static enum rd_err name_list(struct request *req, const char *field, const char *const **out,
			     size_t *n)
{
	json_t *arr = json_object_get(req->body, field), *v;
	const char **names;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!arr)
		return RD_OK;
	names = arena_alloc(&req->arena, sizeof(*names) * (json_array_size(arr) + 1));
	if (!names)
		return RD_ENOMEM;
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);

		if (!s || !*s || str_utf8_len(s, strlen(s)) > 32 || !str_utf8_valid(s, strlen(s)))
			return req_fail(req, RD_EINVAL, field, "%s[%zu] must be a name", field, i);
		names[i] = s;
	}
	*out = names;
	*n = json_array_size(arr);
	return RD_OK;
}

static enum rd_err ballot_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct attendance a;
	struct delegate d;
	const char *names[ROUND_MAX_NAMES];
	enum ballot_verdict verdict;
	struct ballot b = {.yes = c->yes,
			   .n_yes = c->n_yes,
			   .no = c->no,
			   .n_no = c->n_no,
			   .write_in = c->write_in,
			   .n_write_in = c->n_write_in};
	enum rd_err rc = round_missing(round_get(tx, c->id, &c->r), err);

	if (rc)
		return rc;
	if (strcmp(c->r.mode, "paper") == 0)
		return rd_fail(err, RD_ECONFLICT, "mode", "this round is voted on paper ballots");
	if (strcmp(c->r.state, "open") != 0)
		return rd_fail(err, RD_ECONFLICT, "state",
			       strcmp(c->r.state, "draft") == 0 ? "voting has not begun"
								: "voting has ended");
	rc = floor_caller_delegate(tx, c->req, c->r.plenary_id, &d, err);
	if (rc)
		return rc;
	if (strcmp(d.status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status", "a %s delegate cannot vote", d.status);
	rc = attendance_get(tx, c->r.plenary_id, d.id, &a);
	if (rc)
		return rc;
	if (strcmp(a.state, "present") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "attendance", "check in before you vote");
	for (size_t i = 0; i < c->r.n_names; i++)
		names[i] = c->r.names[i];
	/* Marks must name the round's candidates; write-ins must not. The
	 * verdict (valid or void) is the rules' (EL art. 44). */
	for (size_t i = 0; i < c->n_no; i++)
		if (ballot_name_index(names, c->r.n_names, c->no[i]) < 0)
			return rd_fail(err, RD_EINVAL, "no", "no[%zu] is not on the ballot", i);
	/* A primary (预选) is among the nominees: support or not, no write-in. */
	if (elections_is_primary(&c->r) && c->n_write_in)
		return rd_fail(err, RD_EINVAL, "write_in", "a primary has no write-ins");
	for (size_t i = 0; i < c->n_write_in; i++)
		if (ballot_name_index(names, c->r.n_names, c->write_in[i]) >= 0)
			return rd_fail(err, RD_EINVAL, "write_in",
				       "write_in[%zu] is on the ballot: mark it yes instead", i);
	if (ballot_read(&b, 0, c->r.seats, names, c->r.n_names, &verdict, err)) {
		str_copy(err->field, sizeof(err->field), "yes");
		return RD_EINVAL;
	}
	c->void_ballot = verdict != BALLOT_VALID;
	rc = ballot_cast(tx, c->id, d.id, c->content, c->receipt);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "id", "you have voted in this round already");
	return rc;
}

static void receipt_code(char out[16])
{
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	size_t i;

	for (i = 0; i < 12; i++)
		out[i] = alphabet[secret_uniform(sizeof(alphabet) - 1)];
	out[i] = '\0';
}

enum rd_err api_rounds_ballot(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	json_t *content;
	char *text;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = name_list(req, "yes", &c->yes, &c->n_yes);
	if (!rc)
		rc = name_list(req, "no", &c->no, &c->n_no);
	if (!rc)
		rc = name_list(req, "write_in", &c->write_in, &c->n_write_in);
	if (rc)
		return rc;
	/* The ballot as the box keeps it: the marks only, canonical JSON. */
	content = json_object();
	for (size_t i = 0; i < 3; i++) {
		static const char *const keys[] = {"yes", "no", "write_in"};
		json_t *v = json_object_get(req->body, keys[i]);

		json_object_set_new(content, keys[i], v ? json_deep_copy(v) : json_array());
	}
	text = content ? json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(content);
	if (!text || strlen(text) >= sizeof(c->content)) {
		free(text);
		return req_fail(req, RD_ETOOBIG, "body", "the ballot is too large");
	}
	str_copy(c->content, sizeof(c->content), text);
	free(text);
	receipt_code(c->receipt);
	rc = store_write(app->store, ballot_write, c, &req->err);
	if (rc)
		return rc;
	/* The event says only that someone voted in this round: screens ask for
	 * the count. Nothing about the ballot or the voter goes anywhere else. */
	api_publish(app, "election.voted", json_pack("{s:I}", "round_id", (json_int_t)c->id));
	return res_json(res, 200,
			json_pack("{s:s, s:b}", "receipt", c->receipt, "void", c->void_ballot));
}

/* ---- closing: the count and the decision --------------------------------- */

static enum rd_err close_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct arena a;
	struct delegate_counts dc;
	struct tally_input in;
	struct tally_result out;
	int64_t term_id, issued, returned, registered;
	struct buf json;
	bool paper;
	enum rd_err rc = round_missing(round_get(tx, c->id, &c->r), err);

	if (rc)
		return rc;
	paper = strcmp(c->r.mode, "paper") == 0;
	rc = round_transition(tx, c->id, "open", "closed", clock_now_ms());
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "state", "the round is %s, not open", c->r.state);
	if (rc)
		return rc;
	if (paper && !c->r.paper_counted)
		return rd_fail(err, RD_ECONFLICT, "returned",
			       "record the ballots issued and returned first");
	/* A primary (预选) is decided by vote order, not a threshold. */
	if (elections_is_primary(&c->r))
		return elections_primary_close(tx, c->req, &c->r, err);
	arena_init(&a, 256u << 20);
	buf_init(&json, DECISION_MAX);
	rc = plenary_term(tx, c->r.plenary_id, &term_id);
	if (!rc)
		rc = delegate_counts(tx, term_id, &dc);
	if (rc)
		goto out;
	if (paper) {
		/* Paper: as counted by staff in the hall. */
		issued = c->r.paper_issued;
		returned = c->r.paper_returned;
	} else {
		/* Electronic ballots are issued to those present and returned by
		 * those who voted. */
		rc = attendance_present(tx, c->r.plenary_id, &issued);
		if (!rc)
			rc = ballot_counts(tx, c->id, &registered, &returned);
		if (rc)
			goto out;
	}
	rc = elections_round_input(tx, &c->r, rules_all_delegates(&dc), issued, returned, &a, &in,
				   err);
	if (!rc)
		rc = tally_decide(&in, &a, &out, err);
	if (!rc)
		rc = tally_json_format(&out, &json);
	if (!rc)
		rc = round_set_counts(tx, c->id, in.electorate, in.ballots_issued,
				      in.ballots_returned, buf_str(&json));
	if (rc)
		goto out;
	/* The audit entry has the totals, never a ballot. */
	rc = elections_audit(
		tx, c->req, "round.close", "round", c->id,
		json_pack("{s:I, s:I, s:I, s:I}", "electorate", (json_int_t)in.electorate, "issued",
			  (json_int_t)in.ballots_issued, "returned",
			  (json_int_t)in.ballots_returned, "valid", (json_int_t)out.valid_ballots));
out:
	buf_release(&json);
	arena_release(&a);
	return rc;
}

/* ---- announcement ------------------------------------------------------- */

static enum rd_err copy_decision(const char *text, void *arg)
{
	json_t **out = arg;

	*out = json_loads(text, 0, NULL);
	return *out ? RD_OK : RD_EINTERNAL;
}

static enum rd_err announce_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct app *app = c->req->app;
	json_t *decision = NULL, *ann;
	unsigned char sig[crypto_sign_BYTES];
	char sig_hex[2 * crypto_sign_BYTES + 1], pk_hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
	char *text;
	enum rd_err rc = round_missing(round_get(tx, c->id, &c->r), err);

	if (!rc)
		rc = election_get(tx, c->r.election_id, &c->e);
	if (rc)
		return rc;
	if (strcmp(c->r.state, "closed") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the round is %s, not closed",
			       c->r.state);
	if (elections_is_primary(&c->r))
		return rd_fail(err, RD_ECONFLICT, "kind",
			       "a primary is not announced: fix the formal list from it");
	rc = round_decision(tx, c->id, copy_decision, &decision);
	if (rc)
		return rc;
	/* 公告: what the law requires published (RULES §7.4), signed so that
	 * anyone can check it came from this deployment unchanged. */
	secret_hex(app->sign_pk, sizeof(app->sign_pk), pk_hex);
	ann = json_pack("{s:s, s:s, s:I, s:I, s:s, s:I, s:o, s:s}", "congress", app->congress_name,
			"election", c->e.title, "election_id", (json_int_t)c->e.id, "round_id",
			(json_int_t)c->id, "kind", c->r.kind, "seats", (json_int_t)c->r.seats,
			"decision", decision, "public_key", pk_hex);
	text = ann ? json_dumps(ann, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(ann);
	if (!text)
		return RD_ENOMEM;
	crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), app->sign_sk);
	secret_hex(sig, sizeof(sig), sig_hex);
	rc = round_transition(tx, c->id, "closed", "announced", clock_now_ms());
	if (!rc)
		rc = round_set_announcement(tx, c->id, text, sig_hex);
	free(text);
	if (rc)
		return rc;
	str_copy(c->r.state, sizeof(c->r.state), "announced");
	return elections_audit(tx, c->req, "round.announce", "round", c->id,
			       json_pack("{s:s}", "signature", sig_hex));
}

static enum rd_err round_transition_run(struct request *req, struct response *res, store_fn fn)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, fn, c, &req->err);
	if (rc)
		return rc;
	/* After a secret round closes, drop the log of the commit order. */
	if (fn == close_write && store_checkpoint(app->store))
		log_warn("round %lld: the write-ahead log could not be truncated yet",
			 (long long)c->id);
	rc = store_read(app->store, round_view, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "election.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->id, "election_id",
			      (json_int_t)c->r.election_id, "state", c->r.state));
	return res_json(res, 200, json_pack("{s:o}", "round", c->out));
}

enum rd_err api_rounds_open(struct request *req, struct response *res)
{
	return round_transition_run(req, res, open_write);
}

enum rd_err api_rounds_close(struct request *req, struct response *res)
{
	return round_transition_run(req, res, close_write);
}

enum rd_err api_rounds_announce(struct request *req, struct response *res)
{
	return round_transition_run(req, res, announce_write);
}

struct ann_ctx {
	json_t *out;
};

static enum rd_err ann_copy(const char *text, const char *sig, void *arg)
{
	struct ann_ctx *c = arg;

	c->out = json_pack("{s:s, s:s}", "announcement", text, "signature", sig);
	return c->out ? RD_OK : RD_ENOMEM;
}

static enum rd_err ann_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct ann_ctx a = {0};
	enum rd_err rc = round_announcement(tx, c->id, ann_copy, &a);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "this round has not been announced");
	c->out = a.out;
	return rc;
}

/* Public: the signed announcement is what the law publishes. */
enum rd_err api_rounds_announcement(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, ann_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}

static int add_receipt(const char *r, void *arr)
{
	json_array_append_new(arr, json_string(r));
	return 0;
}

static enum rd_err receipts_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	enum rd_err rc = round_missing(round_get(tx, c->id, &c->r), err);

	if (rc)
		return rc;
	if (strcmp(c->r.state, "closed") != 0 && strcmp(c->r.state, "announced") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "receipts are listed once voting ends");
	return receipts_each(tx, c->id, add_receipt, c->out);
}

/* Each voter can find their receipt code here: their ballot was counted.
 * The list is sorted, so it says nothing about the order of voting. */
enum rd_err api_rounds_receipts(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	c->out = json_array();
	rc = store_read(app->store, receipts_read, c, &req->err);
	if (rc) {
		json_decref(c->out);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "receipts", c->out));
}

/* ---- the next round: a tie vote or a re-election ------------------------- */

static enum rd_err next_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct round_ctx *c = arg;
	struct round parent;
	json_t *decision = NULL, *list;
	size_t i;
	enum rd_err rc = round_missing(round_get(tx, c->id, &parent), err);

	if (rc)
		return rc;
	if (strcmp(parent.state, "announced") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "announce this round first");
	rc = election_get(tx, parent.election_id, &c->e);
	if (!rc)
		rc = round_decision(tx, c->id, copy_decision, &decision);
	if (rc)
		return rc;
	memset(&c->r, 0, sizeof(c->r));
	c->r.election_id = parent.election_id;
	c->r.plenary_id = parent.plenary_id;
	c->r.parent_id = parent.id;
	str_copy(c->r.kind, sizeof(c->r.kind), c->kind);
	if (!json_is_true(json_object_get(decision, "valid"))) {
		/* A void round (more returned than issued) is held again as it was. */
		c->r.seats = parent.seats;
		str_copy(c->r.kind, sizeof(c->r.kind), parent.kind);
		c->r.n_names = parent.n_names;
		memcpy(c->r.names, parent.names, sizeof(parent.names));
	} else if (strcmp(c->kind, "tie_vote") == 0) {
		/* LOL art. 29(1): only those tied at the cut-off are voted on again. */
		json_t *tie = json_object_get(decision, "tie");

		if (!json_is_object(tie)) {
			json_decref(decision);
			return rd_fail(err, RD_ECONFLICT, "kind", "this round has no tie");
		}
		c->r.seats = json_integer_value(json_object_get(tie, "seats"));
		json_t *v;

		list = json_object_get(tie, "names");
		json_array_foreach(list, i, v)
		{
			if (c->r.n_names < ROUND_MAX_NAMES)
				str_copy(c->r.names[c->r.n_names++], FLOOR_NAME,
					 json_string_value(v));
		}
	} else {
		/* LOL art. 29(2): the unfilled seats, candidates in the order of the
		 * votes they had, or those named in the request. */
		json_t *results = json_object_get(decision, "results"), *row;
		int64_t unfilled = json_integer_value(json_object_get(decision, "unfilled"));

		if (unfilled < 1) {
			json_decref(decision);
			return rd_fail(err, RD_ECONFLICT, "kind", "no seat is left unfilled");
		}
		c->r.seats = unfilled;
		if (c->names_in) {
			json_array_foreach(c->names_in, i, row)
			{
				if (c->r.n_names < ROUND_MAX_NAMES)
					str_copy(c->r.names[c->r.n_names++], FLOOR_NAME,
						 json_string_value(row));
			}
		} else {
			for (i = 0; i < parent.n_names && c->r.n_names < ROUND_MAX_NAMES; i++) {
				bool elected = false;
				size_t k;

				json_array_foreach(results, k, row)
				{
					if (strcmp(json_string_value(json_object_get(row, "name")),
						   parent.names[i]) == 0 &&
					    json_is_true(json_object_get(row, "elected")))
						elected = true;
				}
				if (!elected)
					str_copy(c->r.names[c->r.n_names++], FLOOR_NAME,
						 parent.names[i]);
			}
		}
		/* Vice and member offices must be contested again (RULES §7.3). */
		if ((strcmp(c->e.office, "vice") == 0 || strcmp(c->e.office, "member") == 0 ||
		     strcmp(c->e.office, "higher_delegate") == 0) &&
		    (int64_t)c->r.n_names <= c->r.seats) {
			json_decref(decision);
			return rd_fail(
				err, RD_ECONFLICT, "names",
				"a re-election for this office needs more candidates than seats");
		}
	}
	json_decref(decision);
	if (c->r.n_names == 0 || (int64_t)c->r.n_names < c->r.seats)
		return rd_fail(err, RD_ECONFLICT, "names", "not enough candidates for the seats");
	rc = round_create(tx, &c->r);
	if (!rc)
		rc = round_set_mode(tx, c->r.id, parent.mode);
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "round.create", "round", c->r.id,
			       json_pack("{s:I, s:s, s:I}", "parent_id", (json_int_t)parent.id,
					 "kind", c->r.kind, "seats", (json_int_t)c->r.seats));
}

enum rd_err api_rounds_next(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct round_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	c->kind = req_body_str(req, "kind");
	c->names_in = json_object_get(req->body, "names");
	if (strcmp(c->kind, "tie_vote") != 0 && strcmp(c->kind, "re_election") != 0)
		return req_fail(req, RD_EINVAL, "kind", "kind must be tie_vote or re_election");
	rc = store_write(app->store, next_write, c, &req->err);
	if (rc)
		return rc;
	c->id = c->r.id;
	rc = store_read(app->store, round_view, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "election.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->id, "election_id",
			      (json_int_t)c->r.election_id, "state", "draft"));
	return res_json(res, 201, json_pack("{s:o}", "round", c->out));
}
