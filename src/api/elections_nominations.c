/*
 * elections_nominations.c — joint nominations (联名提名, RULES §7
 * "Nomination", LOL art. 26): a delegate starts a nomination for an
 * election naming at most as many persons as there are seats; other
 * delegates of the term confirm it, each on their own device and once; when
 * enough have signed (proposers_check, PROPOSAL_JOINT_NOMINATION: 10) it is
 * submitted and its names become candidates nominated 'joint'. No delegate's
 * joint nominations may together name more persons than the seats
 * (proposers_check_nominee_limit). Nominations close when the first round is
 * prepared. Every step is audited.
 */
#include <stdio.h>
#include <string.h>

#include "api/elections.h"
#include "base/clock.h"
#include "base/str.h"
#include "rules/counting.h"
#include "rules/proposers.h"
#include "store/floor.h"
#include "base/banned.h"

struct nom_ctx {
	struct request *req;
	int64_t id; /* election (create, list) or nomination (sign) */
	struct election e;
	struct nomination n;
	int64_t required;
	bool submitted;
	json_t *out;
};

static json_t *nomination_json(const struct nomination *n, int64_t required, bool i_signed)
{
	json_t *names = json_array();

	for (size_t i = 0; i < n->n_names; i++)
		json_array_append_new(names, json_string(n->names[i]));
	return json_pack("{s:I, s:I, s:I, s:s, s:o, s:I, s:I, s:b}", "id", (json_int_t)n->id,
			 "election_id", (json_int_t)n->election_id, "started_by",
			 (json_int_t)n->started_by, "state", n->state, "names", names, "signers",
			 (json_int_t)n->signers, "required", (json_int_t)required, "i_signed",
			 i_signed);
}

/* The election, the signers needed, and the caller as a sitting delegate of
 * the election's term (RD_EFORBIDDEN otherwise). Nominations are refused
 * once a round exists: the ballot is then fixed. */
static enum rd_err nom_context(struct store_tx *tx, struct nom_ctx *c, int64_t election_id,
			       struct delegate *me, struct rd_error *err)
{
	struct session s = {0};
	struct delegate_counts dc;
	int64_t rounds;
	enum rd_err rc = election_get(tx, election_id, &c->e);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = session_get(tx, c->e.session_id, &s);
	if (!rc)
		rc = delegate_counts(tx, s.term_id, &dc);
	if (!rc)
		rc = election_round_count(tx, c->e.id, &rounds);
	if (rc)
		return rc;
	c->required = proposers_required(PROPOSAL_JOINT_NOMINATION, rules_all_delegates(&dc));
	if (!me)
		return RD_OK;
	if (rounds > 0)
		return rd_fail(err, RD_ECONFLICT, "state",
			       "nominations are closed: the ballot has been prepared");
	rc = delegate_by_user(tx, s.term_id, c->req->user.id, me);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "only delegates of this term nominate jointly");
	if (rc)
		return rc;
	if (strcmp(me->status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status", "a %s delegate cannot nominate",
			       me->status);
	return RD_OK;
}

/* LOL art. 26(3): one delegate's joint nominees must not exceed the seats. */
static enum rd_err nominee_limit(struct store_tx *tx, struct nom_ctx *c, int64_t delegate_id,
				 size_t more, struct rd_error *err)
{
	int64_t signed_for = 0;
	enum rd_err rc = nomination_names_signed(tx, c->e.id, delegate_id, &signed_for);

	if (rc)
		return rc;
	if (proposers_check_nominee_limit(signed_for + (int64_t)more, c->e.seats, NULL))
		return rd_fail(err, RD_ECONFLICT, "names",
			       "a delegate's joint nominations may name at most %lld persons"
			       " (the seats); you have signed for %lld",
			       (long long)c->e.seats, (long long)signed_for);
	return RD_OK;
}

/* Signs for the caller; submits the nomination when the signers suffice:
 * its names become candidates (a name already a candidate stays as it is). */
static enum rd_err sign_and_maybe_submit(struct store_tx *tx, struct nom_ctx *c,
					 const struct delegate *me, struct rd_error *err)
{
	struct delegate_counts dc;
	struct session s = {0};
	struct candidate cd;
	json_t *added;
	enum rd_err rc = nomination_sign(tx, c->n.id, me->id, clock_now_ms());

	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "id", "you have signed this nomination already");
	if (!rc)
		rc = nomination_get(tx, c->n.id, &c->n);
	if (!rc)
		rc = elections_audit(tx, c->req, "nomination.sign", "nomination", c->n.id,
				     json_pack("{s:I, s:I}", "election_id", (json_int_t)c->e.id,
					       "signers", (json_int_t)c->n.signers));
	if (!rc)
		rc = session_get(tx, c->e.session_id, &s);
	if (!rc)
		rc = delegate_counts(tx, s.term_id, &dc);
	if (rc)
		return rc;
	if (proposers_check(PROPOSAL_JOINT_NOMINATION, rules_all_delegates(&dc), c->n.signers,
			    NULL) != RD_OK)
		return RD_OK;
	rc = nomination_submit(tx, c->n.id, clock_now_ms());
	if (rc)
		return rc;
	added = json_array();
	for (size_t i = 0; i < c->n.n_names && !rc; i++) {
		memset(&cd, 0, sizeof(cd));
		cd.election_id = c->e.id;
		str_copy(cd.name, sizeof(cd.name), c->n.names[i]);
		str_copy(cd.nominated_by, sizeof(cd.nominated_by), "joint");
		rc = candidate_add(tx, &cd);
		if (rc == RD_ECONFLICT)
			rc = RD_OK; /* nominated already */
		else if (!rc)
			json_array_append_new(added, json_string(cd.name));
	}
	if (rc) {
		json_decref(added);
		return rc;
	}
	str_copy(c->n.state, sizeof(c->n.state), "submitted");
	c->submitted = true;
	return elections_audit(tx, c->req, "nomination.submit", "nomination", c->n.id,
			       json_pack("{s:I, s:I, s:o}", "election_id", (json_int_t)c->e.id,
					 "signers", (json_int_t)c->n.signers, "candidates", added));
}

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct nom_ctx *c = arg;
	struct delegate me = {0};
	json_t *names;
	enum rd_err rc = nom_context(tx, c, c->id, &me, err);

	if (rc)
		return rc;
	if (proposers_check_nominee_limit((int64_t)c->n.n_names, c->e.seats, NULL))
		return rd_fail(err, RD_EINVAL, "names",
			       "a joint nomination names at most %lld persons (the seats)",
			       (long long)c->e.seats);
	rc = nominee_limit(tx, c, me.id, c->n.n_names, err);
	if (rc)
		return rc;
	c->n.election_id = c->e.id;
	c->n.started_by = me.id;
	rc = nomination_create(tx, &c->n, clock_now_ms());
	if (rc)
		return rc;
	names = json_array();
	for (size_t i = 0; i < c->n.n_names; i++)
		json_array_append_new(names, json_string(c->n.names[i]));
	rc = elections_audit(
		tx, c->req, "nomination.create", "nomination", c->n.id,
		json_pack("{s:I, s:o}", "election_id", (json_int_t)c->e.id, "names", names));
	return rc ? rc : sign_and_maybe_submit(tx, c, &me, err);
}

static void publish(struct app *app, const struct nom_ctx *c)
{
	api_publish(app, "election.nomination",
		    json_pack("{s:I, s:I, s:s, s:I}", "nomination_id", (json_int_t)c->n.id,
			      "election_id", (json_int_t)c->e.id, "state", c->n.state, "signers",
			      (json_int_t)c->n.signers));
}

enum rd_err api_nominations_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct nom_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	json_t *arr = json_object_get(req->body, "names"), *v;
	size_t i;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);

		if (!elections_name_ok(s))
			return req_fail(req, RD_EINVAL, "names", "names[%zu] must be a name", i);
		if (i >= NOMINATION_MAX_NAMES)
			return req_fail(req, RD_EINVAL, "names", "too many names");
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->n.names[k], s) == 0)
				return req_fail(req, RD_EINVAL, "names",
						"names[%zu] repeats a name", i);
		str_copy(c->n.names[i], FLOOR_NAME, s);
		c->n.n_names = i + 1;
	}
	rc = store_write(app->store, create_write, c, &req->err);
	if (rc)
		return rc;
	publish(app, c);
	return res_json(
		res, 201,
		json_pack("{s:o}", "nomination", nomination_json(&c->n, c->required, true)));
}

static enum rd_err sign_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct nom_ctx *c = arg;
	struct delegate me = {0};
	bool already = false;
	enum rd_err rc = nomination_get(tx, c->id, &c->n);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such nomination");
	if (!rc)
		rc = nom_context(tx, c, c->n.election_id, &me, err);
	if (rc)
		return rc;
	if (strcmp(c->n.state, "open") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the nomination has been submitted");
	rc = nomination_signed(tx, c->n.id, me.id, &already);
	if (rc)
		return rc;
	if (already)
		return rd_fail(err, RD_ECONFLICT, "id", "you have signed this nomination already");
	rc = nominee_limit(tx, c, me.id, c->n.n_names, err);
	return rc ? rc : sign_and_maybe_submit(tx, c, &me, err);
}

enum rd_err api_nominations_sign(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct nom_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, sign_write, c, &req->err);
	if (rc)
		return rc;
	publish(app, c);
	return res_json(
		res, 200,
		json_pack("{s:o}", "nomination", nomination_json(&c->n, c->required, true)));
}

struct list_item {
	struct nom_ctx *c;
	int64_t me;
	struct store_tx *tx;
};

static int add_nomination(const struct nomination *n, void *arg)
{
	struct list_item *li = arg;
	bool mine = false;

	if (li->me)
		nomination_signed(li->tx, n->id, li->me, &mine);
	json_array_append_new(li->c->out, nomination_json(n, li->c->required, mine));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct nom_ctx *c = arg;
	struct session s = {0};
	struct delegate me = {0};
	struct list_item li = {.c = c, .tx = tx};
	enum rd_err rc = nom_context(tx, c, c->id, NULL, err);

	if (!rc)
		rc = session_get(tx, c->e.session_id, &s);
	if (rc)
		return rc;
	if (delegate_by_user(tx, s.term_id, c->req->user.id, &me) == RD_OK)
		li.me = me.id;
	return nominations_each(tx, c->id, add_nomination, &li);
}

enum rd_err api_nominations_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct nom_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	c->out = json_array();
	rc = store_read(app->store, list_read, c, &req->err);
	if (rc) {
		json_decref(c->out);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "nominations", c->out));
}
