/*
 * direct.c — direct elections of county delegates by the voters (RULES §9,
 * EL art. 25–47) as a results tool: staff set up a direct election and its
 * constituencies (选区) with registered voters, seats and candidates, then
 * enter each round's figures as the constituency's election committee
 * reports them — ballots issued and returned, the roving ballot boxes
 * (流动票箱, EL art. 38) apart, the proxy holders (委托投票, EL art. 42, at
 * most three each), void ballots and every name's votes. rules/direct.c
 * decides: validity by turnout, the winners, a tie vote, a re-election with
 * its candidates, seats left vacant. The decision of a round is signed and
 * published (公告) like an election round of the congress, as JSON and PDF.
 *
 * Figures can be entered again (corrected) until the round is announced;
 * each entry is an audit entry with the totals.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/direct_json.h"
#include "api/elections.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/secret.h"
#include "base/str.h"
#include "doc/pdf.h"
#include "rules/dates.h"
#include "rules/direct.h"
#include "store/direct.h"
#include "base/banned.h"

#define DIRECT_PDF_MAX (16u << 20)

struct direct_ctx {
	struct request *req;
	int64_t id;
	struct direct_election d;
	struct constituency c;
	struct direct_round r;
	json_t *out;
	char *text, *sig; /* the announcement as signed, and its signature */
};

static struct direct_ctx *ctx_new(struct request *req)
{
	struct direct_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (c) {
		memset(c, 0, sizeof(*c));
		c->req = req;
		c->id = req_id(req, "id");
	}
	return c;
}

static json_t *de_json(const struct direct_election *d)
{
	return json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)d->id, "title", d->title,
			 "election_day", d->election_day, "keep_unfilled_vacant",
			 d->keep_unfilled_vacant);
}

static json_t *parse_or_empty(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;

	return j ? j : json_array();
}

/* ---- direct elections ---------------------------------------------------- */

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	enum rd_err rc = direct_election_create(tx, &c->d, clock_now_ms());

	(void)err;
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "direct.create", "direct_election", c->d.id,
			       de_json(&c->d));
}

enum rd_err api_direct_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	const char *day = req_body_str(req, "election_day");
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	str_copy(c->d.title, sizeof(c->d.title), req_body_str(req, "title"));
	str_copy(c->d.election_day, sizeof(c->d.election_day), day ? day : "");
	/* RULES §9: seats a re-election leaves unfilled stay vacant (setting). */
	c->d.keep_unfilled_vacant = req_body_bool(req, "keep_unfilled_vacant", true);
	rc = store_write(app->store, create_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201, json_pack("{s:o}", "direct_election", de_json(&c->d)));
}

static int add_de(const struct direct_election *d, void *arr)
{
	json_array_append_new(arr, de_json(d));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	(void)err;
	return direct_elections_each(tx, add_de, arg);
}

enum rd_err api_direct_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	json_t *arr = json_array();
	enum rd_err rc = store_read(app->store, list_read, arr, &req->err);

	if (rc) {
		json_decref(arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "direct_elections", arr));
}

/* ---- the view ------------------------------------------------------------ */

struct view_ctx {
	struct store_tx *tx;
	json_t *arr;
};

static enum rd_err copy_figures(const char *figures, const char *decision, void *arg)
{
	json_t *o = arg;

	json_object_set_new(o, "figures", parse_or_empty(figures));
	json_object_set_new(o, "decision", parse_or_empty(decision));
	return RD_OK;
}

static json_t *round_json(const struct direct_round *r)
{
	return json_pack("{s:I, s:I, s:o, s:s, s:I, s:o, s:s, s:n, s:n}", "id", (json_int_t)r->id,
			 "constituency_id", (json_int_t)r->constituency_id, "parent_id",
			 r->parent_id ? json_integer(r->parent_id) : json_null(), "kind", r->kind,
			 "seats", (json_int_t)r->seats, "names", parse_or_empty(r->names), "state",
			 r->state, "figures", "decision");
}

static int add_round(const struct direct_round *r, void *arg)
{
	json_array_append_new(arg, round_json(r));
	return 0;
}

static int add_constituency(const struct constituency *c, void *arg)
{
	struct view_ctx *v = arg;

	json_array_append_new(v->arr,
			      json_pack("{s:I, s:s, s:I, s:I, s:o, s:[]}", "id", (json_int_t)c->id,
					"name", c->name, "voters", (json_int_t)c->voters, "seats",
					(json_int_t)c->seats, "candidates",
					parse_or_empty(c->candidates), "rounds"));
	return 0;
}

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	struct view_ctx v = {.tx = tx, .arr = json_array()};
	json_t *co, *rounds, *r;
	size_t i, k;
	enum rd_err rc = direct_election_get(tx, c->id, &c->d);

	if (rc == RD_ENOTFOUND)
		rc = rd_fail(err, rc, "id", "no such direct election");
	if (!rc)
		rc = constituencies_each(tx, c->id, add_constituency, &v);
	/* Then each constituency's rounds with their figures and decisions. */
	json_array_foreach(v.arr, i, co)
	{
		rounds = json_object_get(co, "rounds");
		if (!rc)
			rc = direct_rounds_each(tx, json_integer_value(json_object_get(co, "id")),
						add_round, rounds);
		json_array_foreach(rounds, k, r)
		{
			if (!rc)
				direct_round_figures(tx,
						     json_integer_value(json_object_get(r, "id")),
						     copy_figures, r);
		}
	}
	if (rc) {
		json_decref(v.arr);
		return rc;
	}
	c->out =
		json_pack("{s:o, s:o}", "direct_election", de_json(&c->d), "constituencies", v.arr);
	return RD_OK;
}

enum rd_err api_direct_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}

/* ---- constituencies ------------------------------------------------------ */

static enum rd_err constituency_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	enum rd_err rc = direct_election_get(tx, c->id, &c->d);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such direct election");
	c->c.direct_election_id = c->id;
	if (!rc)
		rc = constituency_create(tx, &c->c);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "the election has a constituency %s already",
			       c->c.name);
	if (rc)
		return rc;
	/* The first round: the candidates as listed (the formal list, 正式代表
	 * 候选人名单, EL art. 32, in its published order). */
	c->r.constituency_id = c->c.id;
	str_copy(c->r.kind, sizeof(c->r.kind), "first");
	c->r.seats = c->c.seats;
	str_copy(c->r.names, sizeof(c->r.names), c->c.candidates);
	rc = direct_round_create(tx, &c->r);
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "constituency.create", "constituency", c->c.id,
			       json_pack("{s:I, s:s, s:I, s:I}", "direct_election_id",
					 (json_int_t)c->id, "name", c->c.name, "voters",
					 (json_int_t)c->c.voters, "seats", (json_int_t)c->c.seats));
}

/* Checks a JSON array of candidate names: 1–32 characters, distinct. */
static enum rd_err names_check(struct request *req, json_t *arr, const char *field)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
	{
		if (!elections_name_ok(json_string_value(v)))
			return req_fail(req, RD_EINVAL, field, "%s[%zu] must be a name", field, i);
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_array_get(arr, j), v))
				return req_fail(req, RD_EINVAL, field, "%s is listed twice",
						json_string_value(v));
	}
	return RD_OK;
}

enum rd_err api_constituencies_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	json_t *cands = json_object_get(req->body, "candidates");
	char *text;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	str_copy(c->c.name, sizeof(c->c.name), req_body_str(req, "name"));
	c->c.voters = req_body_i64(req, "voters", 0);
	c->c.seats = req_body_i64(req, "seats", 1);
	rc = names_check(req, cands, "candidates");
	if (rc)
		return rc;
	if ((int64_t)json_array_size(cands) < c->c.seats)
		return req_fail(req, RD_EINVAL, "candidates", "fewer candidates than seats");
	text = json_dumps(cands, JSON_COMPACT);
	if (!text || strlen(text) >= sizeof(c->c.candidates)) {
		free(text);
		return req_fail(req, RD_ETOOBIG, "candidates", "too long");
	}
	str_copy(c->c.candidates, sizeof(c->c.candidates), text);
	free(text);
	rc = store_write(app->store, constituency_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:s, s:I, s:I, s:O, s:I}}", "constituency", "id",
				  (json_int_t)c->c.id, "name", c->c.name, "voters",
				  (json_int_t)c->c.voters, "seats", (json_int_t)c->c.seats,
				  "candidates", cands, "first_round_id", (json_int_t)c->r.id));
}

/* ---- figures and the decision ------------------------------------------- */

/* Loads the round, its constituency and election; 404 naming "id". */
static enum rd_err load_round(struct store_tx *tx, struct direct_ctx *c, struct rd_error *err)
{
	enum rd_err rc = direct_round_get(tx, c->id, &c->r);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such round");
	if (!rc)
		rc = constituency_get(tx, c->r.constituency_id, &c->c);
	if (!rc)
		rc = direct_election_get(tx, c->c.direct_election_id, &c->d);
	return rc;
}

/*
 * The round's full figures: the body (counts, ballots, roving, proxies) with
 * what the round and constituency fix (round, seats, voters, candidates, the
 * vacancy setting). Returns a new object.
 */
static json_t *full_figures(const struct direct_ctx *c, json_t *body)
{
	json_t *f = json_deep_copy(body);

	json_object_set_new(f, "round", json_string(c->r.kind));
	json_object_set_new(f, "seats", json_integer(c->r.seats));
	json_object_set_new(f, "voters", json_integer(c->c.voters));
	json_object_set_new(f, "candidates", parse_or_empty(c->r.names));
	json_object_set_new(f, "keep_unfilled_vacant", json_boolean(c->d.keep_unfilled_vacant));
	return f;
}

struct decide_ctx {
	struct arena a;
	struct direct_input in;
	struct direct_result r;
};

/* Decides figures f into d (arena initialised here; release it after). */
static enum rd_err decide(json_t *f, struct decide_ctx *d, struct rd_error *err)
{
	enum rd_err rc;

	arena_init(&d->a, 64u << 20);
	rc = direct_json_parse(f, &d->a, &d->in, err);
	if (!rc)
		rc = direct_decide(&d->in, &d->a, &d->r, err);
	return rc;
}

static enum rd_err figures_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	struct decide_ctx d;
	json_t *f = NULL, *dec = NULL;
	char *ftext = NULL, *dtext = NULL;
	enum rd_err rc = load_round(tx, c, err);

	memset(&d, 0, sizeof(d));
	arena_init(&d.a, 1);
	if (rc)
		goto out;
	if (strcmp(c->r.state, "announced") == 0) {
		rc = rd_fail(err, RD_ECONFLICT, "state", "the round is announced");
		goto out;
	}
	f = full_figures(c, c->req->body);
	arena_release(&d.a);
	rc = decide(f, &d, err);
	if (rc)
		goto out;
	dec = direct_json_result(&d.in, &d.r);
	ftext = f ? json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	dtext = dec ? json_dumps(dec, JSON_COMPACT) : NULL;
	if (!ftext || !dtext) {
		rc = RD_ENOMEM;
		goto out;
	}
	rc = direct_round_record(tx, c->id, ftext, dtext, clock_now_ms());
	if (!rc)
		rc = elections_audit(tx, c->req, "direct.figures", "direct_round", c->id,
				     json_pack("{s:I, s:I, s:I, s:I, s:b, s:s}", "voters",
					       (json_int_t)c->c.voters, "issued",
					       (json_int_t)d.in.ballots_issued, "returned",
					       (json_int_t)d.in.ballots_returned, "void",
					       (json_int_t)d.in.void_count, "valid",
					       d.r.tally.valid, "next",
					       direct_next_name(d.r.next)));
	if (!rc)
		c->out = json_incref(dec);
out:
	free(ftext);
	free(dtext);
	json_decref(f);
	json_decref(dec);
	arena_release(&d.a);
	return rc;
}

enum rd_err api_direct_figures(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_write(app->store, figures_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "direct.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->id, "constituency_id",
			      (json_int_t)c->c.id, "state", "decided"));
	return res_json(res, 200,
			json_pack("{s:I, s:o}", "round_id", (json_int_t)c->id, "decision", c->out));
}

/* ---- the next round ------------------------------------------------------ */

struct stored {
	json_t *figures, *decision;
};

static enum rd_err copy_stored(const char *figures, const char *decision, void *arg)
{
	struct stored *s = arg;

	s->figures = json_loads(figures, 0, NULL);
	s->decision = json_loads(decision, 0, NULL);
	return s->figures && s->decision ? RD_OK : RD_EINTERNAL;
}

/* The re-election's candidates (EL art. 45(4)): the rules' proposal, or the
 * names given, each an unelected candidate of this round. */
static enum rd_err re_election_names(struct stored *s, int64_t seats, json_t *given, json_t *out,
				     struct rd_error *err)
{
	struct decide_ctx d;
	struct direct_re_candidates rc_out;
	json_t *v;
	size_t i;
	enum rd_err rc = decide(s->figures, &d, err);

	if (!rc)
		rc = direct_re_election_candidates(&d.r.tally, d.in.candidates, d.in.n_candidates,
						   seats, &d.a, &rc_out, err);
	if (rc)
		goto out;
	if (given) {
		json_array_foreach(given, i, v)
		{
			const char *name = json_string_value(v);
			bool ok = false;

			for (size_t k = 0; k < d.in.n_candidates && name; k++)
				if (strcmp(d.in.candidates[k], name) == 0)
					ok = true;
			for (size_t k = 0; k < d.r.tally.n_elected && name; k++)
				if (strcmp(d.r.tally.elected[k], name) == 0)
					ok = false;
			if (!ok) {
				rc = rd_fail(err, RD_EINVAL, "names",
					     "names[%zu] is not an unelected candidate", i);
				goto out;
			}
			json_array_append(out, v);
		}
		/* EL art. 31(1), 45(4): contested again — more candidates than seats. */
		if ((int64_t)json_array_size(out) <= seats)
			rc = rd_fail(err, RD_EINVAL, "names",
				     "a re-election needs more candidates than its %lld seats",
				     (long long)seats);
		goto out;
	}
	if (rc_out.n_tie) {
		rc = rd_fail(err, RD_ECONFLICT, "names",
			     "candidates tie at the cut-off of the re-election's list: give the "
			     "names (%zu of them from the %zu tied)",
			     (size_t)rc_out.tie_places, rc_out.n_tie);
		goto out;
	}
	for (i = 0; i < rc_out.n; i++)
		json_array_append_new(out, json_string(rc_out.names[i]));
	if ((int64_t)rc_out.n <= seats)
		rc = rd_fail(err, RD_ECONFLICT, "names",
			     "too few unelected candidates for a contested re-election");
out:
	arena_release(&d.a);
	return rc;
}

static enum rd_err next_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	struct stored s = {0};
	struct direct_round parent;
	json_t *names = json_array(), *tie;
	const char *next;
	int64_t children = 0;
	char *text = NULL;
	enum rd_err rc = load_round(tx, c, err);

	if (!rc)
		rc = direct_round_figures(tx, c->id, copy_stored, &s);
	if (rc == RD_ENOTFOUND)
		rc = rd_fail(err, RD_ECONFLICT, "state", "record the round's figures first");
	if (!rc)
		rc = direct_round_children(tx, c->id, &children);
	if (rc)
		goto out;
	parent = c->r;
	next = json_string_value(json_object_get(s.decision, "next"));
	memset(&c->r, 0, sizeof(c->r));
	c->r.constituency_id = parent.constituency_id;
	c->r.parent_id = parent.id;
	tie = json_object_get(s.decision, "tie");
	if (strcmp(next, "tie_vote") == 0 && children == 0) {
		/* EL art. 45(3): only the tied, for the seats among them. */
		str_copy(c->r.kind, sizeof(c->r.kind), "tie_vote");
		c->r.seats = json_integer_value(json_object_get(tie, "seats"));
		json_array_extend(names, json_object_get(tie, "names"));
	} else if (strcmp(next, "hold_again") == 0 && children == 0) {
		/* EL art. 44(1), 45(1): the void vote again, as it was. */
		str_copy(c->r.kind, sizeof(c->r.kind), parent.kind);
		c->r.seats = parent.seats;
		json_decref(names);
		names = parse_or_empty(parent.names);
	} else if ((strcmp(next, "re_election") == 0 && children == 0) ||
		   (strcmp(next, "tie_vote") == 0 && children == 1 &&
		    json_integer_value(json_object_get(s.decision, "re_election_seats")) > 0)) {
		/* EL art. 45(4): 不足的名额另行选举. */
		str_copy(c->r.kind, sizeof(c->r.kind), "re_election");
		c->r.seats = json_integer_value(json_object_get(s.decision, "re_election_seats"));
		rc = re_election_names(&s, c->r.seats, json_object_get(c->req->body, "names"),
				       names, err);
		if (rc)
			goto out;
	} else {
		rc = rd_fail(err, RD_ECONFLICT, "state",
			     children ? "the round that follows exists already"
				      : "nothing follows this round (%s)",
			     next);
		goto out;
	}
	text = json_dumps(names, JSON_COMPACT);
	if (!text || strlen(text) >= sizeof(c->r.names)) {
		rc = RD_ENOMEM;
		goto out;
	}
	str_copy(c->r.names, sizeof(c->r.names), text);
	rc = direct_round_create(tx, &c->r);
	if (!rc)
		rc = elections_audit(tx, c->req, "direct_round.create", "direct_round", c->r.id,
				     json_pack("{s:I, s:s, s:I, s:O}", "parent_id",
					       (json_int_t)parent.id, "kind", c->r.kind, "seats",
					       (json_int_t)c->r.seats, "names", names));
out:
	free(text);
	json_decref(names);
	json_decref(s.figures);
	json_decref(s.decision);
	return rc;
}

enum rd_err api_direct_next(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_write(app->store, next_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "direct.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->r.id, "constituency_id",
			      (json_int_t)c->r.constituency_id, "state", "draft"));
	return res_json(res, 201, json_pack("{s:o}", "round", round_json(&c->r)));
}

/* ---- the announcement ---------------------------------------------------- */

static enum rd_err announce_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	struct app *app = c->req->app;
	struct stored s = {0};
	unsigned char sig[crypto_sign_BYTES];
	char sig_hex[2 * crypto_sign_BYTES + 1], pk_hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
	json_t *ann = NULL;
	char *text = NULL;
	enum rd_err rc = load_round(tx, c, err);

	if (!rc && strcmp(c->r.state, "decided") != 0)
		rc = rd_fail(err, RD_ECONFLICT, "state", "the round is %s, not decided",
			     c->r.state);
	if (!rc)
		rc = direct_round_figures(tx, c->id, copy_stored, &s);
	if (rc)
		goto out;
	/* 公告 (EL art. 45; RULES §9): the constituency's figures and decision,
	 * signed so that anyone can check them. */
	secret_hex(app->sign_pk, sizeof(app->sign_pk), pk_hex);
	ann = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:O, s:O, s:s}", "congress",
			app->congress_name, "election", c->d.title, "constituency", c->c.name,
			"constituency_id", (json_int_t)c->c.id, "round_id", (json_int_t)c->id,
			"kind", c->r.kind, "seats", (json_int_t)c->r.seats, "figures", s.figures,
			"decision", s.decision, "public_key", pk_hex);
	text = ann ? json_dumps(ann, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!text) {
		rc = RD_ENOMEM;
		goto out;
	}
	crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), app->sign_sk);
	secret_hex(sig, sizeof(sig), sig_hex);
	rc = direct_round_announce(tx, c->id, text, sig_hex, clock_now_ms());
	if (!rc)
		rc = elections_audit(tx, c->req, "direct_round.announce", "direct_round", c->id,
				     json_pack("{s:s}", "signature", sig_hex));
out:
	free(text);
	json_decref(ann);
	json_decref(s.figures);
	json_decref(s.decision);
	return rc;
}

enum rd_err api_direct_announce(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_write(app->store, announce_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "direct.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->id, "constituency_id",
			      (json_int_t)c->c.id, "state", "announced"));
	c->r.announced_at = clock_now_ms();
	str_copy(c->r.state, sizeof(c->r.state), "announced");
	return res_json(res, 200, json_pack("{s:o}", "round", round_json(&c->r)));
}

static enum rd_err ann_copy(const char *text, const char *sig, void *arg)
{
	struct direct_ctx *c = arg;

	c->out = json_pack("{s:s, s:s}", "announcement", text, "signature", sig);
	c->text = arena_strdup(&c->req->arena, text);
	c->sig = arena_strdup(&c->req->arena, sig);
	return c->out && c->text && c->sig ? RD_OK : RD_ENOMEM;
}

static enum rd_err ann_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct direct_ctx *c = arg;
	enum rd_err rc = direct_round_announcement(tx, c->id, ann_copy, c);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "this round has not been announced");
	if (!rc)
		rc = direct_round_get(tx, c->id, &c->r);
	return rc;
}

enum rd_err api_direct_announcement(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_read(app->store, ann_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t jint(json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

/* The announcement PDF, drawn from the signed text only (as elections_pdf.c). */
enum rd_err api_direct_announcement_pdf(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct direct_ctx *c = ctx_new(req);
	struct pdf_announcement p = {0};
	struct pdf_announcement_row *rows;
	const char **tie_names = NULL;
	json_t *j = NULL, *dec, *ballots, *v;
	struct buf out;
	char date[DATES_ZH_LEN], name[64], *bytes;
	size_t i, n;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	buf_init(&out, DIRECT_PDF_MAX);
	rc = store_read(app->store, ann_read, c, &req->err);
	if (rc)
		goto out;
	json_decref(c->out);
	c->out = NULL;
	j = json_loads(c->text, 0, NULL);
	dec = json_object_get(j, "decision");
	if (!json_is_object(dec)) {
		rc = req_fail(req, RD_EINTERNAL, "id", "the stored announcement is unreadable");
		goto out;
	}
	ballots = json_object_get(dec, "ballots");
	n = json_array_size(json_object_get(dec, "results"));
	rows = arena_alloc(&req->arena, sizeof(*rows) * (n ? n : 1));
	if (!rows) {
		rc = RD_ENOMEM;
		goto out;
	}
	json_array_foreach(json_object_get(dec, "results"), i, v)
	{
		rows[i].name = jstr(v, "name");
		rows[i].votes = jint(v, "votes");
		rows[i].write_in = json_is_true(json_object_get(v, "write_in"));
		rows[i].elected = json_is_true(json_object_get(v, "elected"));
	}
	if (json_is_object(json_object_get(dec, "tie"))) {
		json_t *list = json_object_get(json_object_get(dec, "tie"), "names");

		p.n_tie = json_array_size(list);
		tie_names = arena_alloc(&req->arena, sizeof(*tie_names) * (p.n_tie + 1));
		if (!tie_names) {
			rc = RD_ENOMEM;
			goto out;
		}
		json_array_foreach(list, i, v) tie_names[i] = json_string_value(v);
		p.tie = tie_names;
		p.tie_seats = jint(json_object_get(dec, "tie"), "seats");
	}
	p.congress =
		arena_printf(&req->arena, "%s　%s", jstr(j, "election"), jstr(j, "constituency"));
	p.title = "县级人民代表大会代表";
	p.kind = jstr(j, "kind");
	p.seats = jint(j, "seats");
	p.valid = json_is_true(json_object_get(dec, "valid"));
	p.issued = jint(ballots, "issued");
	p.returned = jint(ballots, "returned");
	p.valid_ballots = jint(ballots, "valid");
	p.void_ballots = jint(ballots, "void");
	p.threshold = jint(dec, "threshold");
	p.unfilled = jint(dec, "unfilled");
	p.rows = rows;
	p.n_rows = n;
	p.public_key = jstr(j, "public_key");
	p.signature = c->sig;
	dates_format_zh(dates_of_instant(c->r.announced_at), date);
	p.date = date;
	if (!p.congress) {
		rc = RD_ENOMEM;
		goto out;
	}
	rc = pdf_announcement(&p, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	snprintf(name, sizeof(name), "直接选举结果公告-%lld.pdf", (long long)c->id);
	rc = bytes ? res_bytes(res, bytes, n, "application/pdf", name) : RD_ENOMEM;
out:
	json_decref(j);
	buf_release(&out);
	return rc;
}

/* ---- renda verify -------------------------------------------------------- */

struct verify_copy {
	char *text, *sig;
};

static enum rd_err verify_copy(const char *text, const char *sig, void *arg)
{
	struct verify_copy *v = arg;

	v->text = strdup(text);
	v->sig = strdup(sig);
	return v->text && v->sig ? RD_OK : RD_ENOMEM;
}

enum rd_err direct_verify_round(struct store_tx *tx, int64_t round_id, const unsigned char pk[32],
				struct rd_error *err)
{
	struct verify_copy v = {0};
	struct stored s = {0};
	struct decide_ctx d;
	struct rd_error derr = {0};
	unsigned char sig[crypto_sign_BYTES];
	size_t siglen = 0;
	json_t *ann = NULL, *again = NULL;
	enum rd_err rc;

	memset(&d, 0, sizeof(d));
	arena_init(&d.a, 1);
	rc = direct_round_announcement(tx, round_id, verify_copy, &v);
	if (!rc)
		rc = direct_round_figures(tx, round_id, copy_stored, &s);
	if (rc) {
		rd_fail(err, rc, "round", "the round's announcement or figures cannot be read");
		goto out;
	}
	if (sodium_hex2bin(sig, sizeof(sig), v.sig, strlen(v.sig), NULL, &siglen, NULL) != 0 ||
	    siglen != sizeof(sig) ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)v.text, strlen(v.text), pk) !=
		    0) {
		rc = rd_fail(err, RD_ECONFLICT, "signature",
			     "the announcement's Ed25519 signature does not verify");
		goto out;
	}
	arena_release(&d.a);
	rc = decide(s.figures, &d, &derr);
	again = rc ? NULL : direct_json_result(&d.in, &d.r);
	if (!again) {
		rc = rd_fail(err, RD_ECONFLICT, "decision", "the decision cannot be recomputed: %s",
			     derr.message);
		goto out;
	}
	ann = json_loads(v.text, 0, NULL);
	if (!json_equal(again, s.decision))
		rc = rd_fail(
			err, RD_ECONFLICT, "decision",
			"the stored decision differs from the one recomputed from the figures");
	else if (!json_equal(again, json_object_get(ann, "decision")))
		rc = rd_fail(err, RD_ECONFLICT, "announcement",
			     "the announced decision differs from the one recomputed from the"
			     " figures");
out:
	arena_release(&d.a);
	json_decref(again);
	json_decref(ann);
	json_decref(s.figures);
	json_decref(s.decision);
	free(v.text);
	free(v.sig);
	return rc;
}
