/*
 * elections_primary.c — the primary (预选), LOL art. 27(1), EL art. 32,
 * RULES §7: when the nominees exceed the margin of the election rules, the
 * presidium holds a primary among them; the formal candidate list is taken
 * in the order of the primary's votes, as many as the margin fixes.
 *
 * A primary is a secret electronic round of the election (store/primaries.h)
 * opened, voted and closed through the round endpoints of elections.c; its
 * ballot is one mark per nominee (yes: support; no or none: not), and a
 * ballot supporting more nominees than the places is void. Closing decides
 * it with primary_decide (no threshold: vote order). A tie across the
 * cut-off is settled by a further primary among the tied for the places
 * left (by analogy with LOL art. 29(1)); a void primary (more returned than
 * issued) is held again. The chain of primaries is walked from the newest
 * one among all nominees; once no tie remains, the formal list is fixed and
 * becomes the first round's ballot, in vote order.
 *
 * Routes: POST /api/elections/{id}/primary (the next primary needed),
 * GET /api/elections/{id}/primary (the state of the chain and the list),
 * POST /api/elections/{id}/formal-list (fix it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/elections.h"
#include "api/elections_primary.h"
#include "api/floor.h"
#include "base/clock.h"
#include "base/str.h"
#include "rules/counting.h"
#include "rules/margins.h"
#include "rules/primary.h"
#include "rules/stroke.h"
#include "store/primaries.h"
#include "base/banned.h"

#define PRIMARY_MAX_ROUNDS 64

bool elections_is_primary(const struct round *r)
{
	return strcmp(r->kind, "primary") == 0;
}

/* ---- the decision as JSON ------------------------------------------------ */

static json_t *names_json(const char *const *names, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(names[i]));
	return arr;
}

static json_t *decision_json(const struct primary_result *p)
{
	json_t *rows = json_array();
	const char *reason = primary_void_reason_name(p->reason);

	for (size_t i = 0; i < p->n_rows; i++)
		json_array_append_new(rows,
				      json_pack("{s:s, s:I, s:b, s:b}", "name", p->rows[i].name,
						"votes", (json_int_t)p->rows[i].votes, "formal",
						p->rows[i].formal, "tied", p->rows[i].tied));
	return json_pack("{s:s, s:b, s:o, s:{s:I, s:I, s:I, s:I}, s:I, s:o, s:o, s:o}", "primary",
			 "预选", "valid", p->valid, "reason",
			 reason ? json_string(reason) : json_null(), "ballots", "issued",
			 (json_int_t)p->issued, "returned", (json_int_t)p->returned, "valid",
			 (json_int_t)p->valid_ballots, "void", (json_int_t)p->void_ballots,
			 "places", (json_int_t)p->places, "results", rows, "formal",
			 names_json(p->formal, p->n_formal), "tie",
			 p->n_tie ? json_pack("{s:o, s:I}", "names", names_json(p->tie, p->n_tie),
					      "places", (json_int_t)p->tie_places)
				  : json_null());
}

/* ---- closing a primary (hook of elections.c close_write) ----------------- */

enum rd_err elections_primary_close(struct store_tx *tx, struct request *req, const struct round *r,
				    struct rd_error *err)
{
	struct arena a;
	struct delegate_counts dc;
	struct tally_input tin;
	struct primary_input in = {0};
	struct primary_result out;
	const char *names[ROUND_MAX_NAMES];
	int64_t term_id, issued = 0, returned = 0, registered = 0;
	json_t *dj = NULL;
	char *text = NULL;
	enum rd_err rc;

	arena_init(&a, 256u << 20);
	rc = plenary_term(tx, r->plenary_id, &term_id);
	if (!rc)
		rc = delegate_counts(tx, term_id, &dc);
	/* Electronic: issued to those present, returned by those who voted. */
	if (!rc)
		rc = attendance_present(tx, r->plenary_id, &issued);
	if (!rc)
		rc = ballot_counts(tx, r->id, &registered, &returned);
	if (!rc)
		rc = elections_round_input(tx, r, rules_all_delegates(&dc), issued, returned, &a,
					   &tin, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < r->n_names; i++)
		names[i] = r->names[i];
	in.places = r->seats;
	in.ballots_issued = issued;
	in.ballots_returned = returned;
	in.nominees = names;
	in.n_nominees = r->n_names;
	in.have_ballots = true;
	in.ballots = tin.ballots;
	in.n_ballots = tin.n_ballots;
	rc = primary_decide(&in, &a, &out, err);
	if (rc)
		goto out;
	dj = decision_json(&out);
	text = dj ? json_dumps(dj, JSON_COMPACT) : NULL;
	if (!text) {
		rc = RD_ENOMEM;
		goto out;
	}
	rc = round_set_counts(tx, r->id, rules_all_delegates(&dc), issued, returned, text);
	if (rc)
		goto out;
	/* The audit entry has the totals, never a ballot. */
	rc = elections_audit(tx, req, "primary.close", "round", r->id,
			     json_pack("{s:I, s:I, s:I, s:I, s:b}", "issued", (json_int_t)issued,
				       "returned", (json_int_t)returned, "valid",
				       (json_int_t)out.valid_ballots, "places",
				       (json_int_t)out.places, "tie", out.n_tie > 0));
out:
	free(text);
	json_decref(dj);
	arena_release(&a);
	return rc;
}

/* ---- the chain of primaries ---------------------------------------------- */

enum chain_state {
	CHAIN_NONE = 0, /* no primary yet */
	CHAIN_PENDING,	/* a primary is in draft or open */
	CHAIN_NEEDS,	/* a further primary is needed (tie, or a void one again) */
	CHAIN_COMPLETE, /* no tie left: the formal list can be fixed */
};

struct chain {
	struct round *rounds[PRIMARY_MAX_ROUNDS];
	size_t n;
	bool other_rounds; /* the election has a first round already */
	enum chain_state state;
	int64_t pending_id;
	/* CHAIN_NEEDS: the primary to create */
	struct round next;
	/* the formal list so far, and each name's votes in the first primary */
	const char *formal[ROUND_MAX_NAMES];
	int64_t votes[ROUND_MAX_NAMES];
	size_t n_formal;
	int64_t places; /* of the primary among all nominees */
	json_t *root_decision;
};

static int collect_id(const struct round *r, void *arg)
{
	json_array_append_new(arg, json_integer(r->id));
	return 0;
}

static enum rd_err copy_json(const char *text, void *arg)
{
	json_t **out = arg;

	*out = json_loads(text, 0, NULL);
	return *out ? RD_OK : RD_EINTERNAL;
}

/* The newest primary whose parent is parent_id, or NULL. */
static struct round *newest_child(struct chain *c, int64_t parent_id)
{
	struct round *best = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (c->rounds[i]->parent_id == parent_id && (!best || c->rounds[i]->id > best->id))
			best = c->rounds[i];
	return best;
}

static int64_t root_votes(json_t *root, const char *name)
{
	json_t *row;
	size_t i;

	json_array_foreach(json_object_get(root, "results"), i, row)
	{
		if (strcmp(json_string_value(json_object_get(row, "name")), name) == 0)
			return json_integer_value(json_object_get(row, "votes"));
	}
	return 0;
}

/* Loads the election's primaries and walks them (see the file comment). */
static enum rd_err chain_load(struct store_tx *tx, int64_t election_id, struct arena *a,
			      struct chain *c)
{
	json_t *ids = json_array(), *dec = NULL, *v;
	struct round *node;
	size_t i;
	enum rd_err rc = rounds_each(tx, election_id, collect_id, ids);

	memset(c, 0, sizeof(*c));
	json_array_foreach(ids, i, v)
	{
		struct round *r = arena_alloc(a, sizeof(*r));

		if (!r) {
			rc = RD_ENOMEM;
			break;
		}
		if (!rc)
			rc = round_get(tx, json_integer_value(v), r);
		if (rc)
			break;
		if (!elections_is_primary(r))
			c->other_rounds = true;
		else if (c->n < PRIMARY_MAX_ROUNDS)
			c->rounds[c->n++] = r;
	}
	json_decref(ids);
	if (rc)
		return rc;
	node = newest_child(c, 0);
	if (!node)
		return RD_OK; /* CHAIN_NONE */
	c->places = node->seats;
	for (;;) {
		json_t *tie;

		if (strcmp(node->state, "draft") == 0 || strcmp(node->state, "open") == 0) {
			c->state = CHAIN_PENDING;
			c->pending_id = node->id;
			break;
		}
		json_decref(dec);
		dec = NULL;
		rc = round_decision(tx, node->id, copy_json, &dec);
		if (rc)
			break;
		if (node->parent_id == 0) {
			json_decref(c->root_decision);
			c->root_decision = json_incref(dec);
		}
		if (!json_is_true(json_object_get(dec, "valid"))) {
			/* EL art. 44(1): a void primary is held again as it was. */
			c->state = CHAIN_NEEDS;
			c->next = *node;
			break;
		}
		json_array_foreach(json_object_get(dec, "formal"), i, v)
		{
			if (c->n_formal < ROUND_MAX_NAMES) {
				c->formal[c->n_formal] = arena_strdup(a, json_string_value(v));
				c->votes[c->n_formal] =
					root_votes(c->root_decision, json_string_value(v));
				c->n_formal++;
			}
		}
		tie = json_object_get(dec, "tie");
		if (!json_is_object(tie)) {
			c->state = CHAIN_COMPLETE;
			break;
		}
		struct round *child = newest_child(c, node->id);

		if (!child) {
			/* By analogy with LOL art. 29(1): only the tied are voted on
			 * again, for the places left. */
			c->state = CHAIN_NEEDS;
			memset(&c->next, 0, sizeof(c->next));
			c->next.election_id = node->election_id;
			c->next.plenary_id = node->plenary_id;
			c->next.parent_id = node->id;
			c->next.seats = json_integer_value(json_object_get(tie, "places"));
			json_array_foreach(json_object_get(tie, "names"), i, v)
			{
				if (c->next.n_names < ROUND_MAX_NAMES)
					str_copy(c->next.names[c->next.n_names++], FLOOR_NAME,
						 json_string_value(v));
			}
			break;
		}
		node = child;
	}
	json_decref(dec);
	return rc;
}

static const char *chain_state_name(enum chain_state s)
{
	static const char *const names[] = {"none", "pending", "tie_vote_needed", "complete"};

	return names[s];
}

/* ---- POST /api/elections/{id}/primary ------------------------------------ */

struct names_ctx {
	const char *v[ROUND_MAX_NAMES];
	size_t n;
	struct arena *a;
};

static int add_name(const struct candidate *cd, void *arg)
{
	struct names_ctx *n = arg;

	if (n->n < ROUND_MAX_NAMES)
		n->v[n->n++] = arena_strdup(n->a, cd->name);
	return 0;
}

struct primary_ctx {
	struct request *req;
	int64_t election_id;
	int64_t plenary_id;
	int64_t places; /* requested, 0: the margin's maximum */
	struct election e;
	struct chain chain;
	struct round r;
	size_t n_formal;
	json_t *out;
};

/* The margin must call for a primary (LOL art. 27(1), EL art. 32). */
static enum rd_err margin_requires_primary(struct store_tx *tx, struct primary_ctx *c,
					   struct names_ctx *n, struct margin_result *m,
					   struct rd_error *err)
{
	struct margin_config cfg = {c->e.margin_min, c->e.margin_max};
	enum office_class office;
	enum rd_err rc = candidates_each(tx, c->e.id, add_name, n);

	if (rc)
		return rc;
	office_class_parse(c->e.office, &office, NULL);
	rc = margin_check(office, c->e.seats, (int64_t)n->n, &cfg, m, err);
	if (rc)
		return rc;
	if (!m->primary_needed)
		return rd_fail(err, RD_ECONFLICT, "candidates",
			       "%zu nominees are within the margin (at most %lld): no primary is "
			       "held (LOL art. 27(1))",
			       n->n, (long long)m->max_candidates);
	return RD_OK;
}

static enum rd_err primary_create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct primary_ctx *c = arg;
	struct names_ctx n = {.a = &c->req->arena};
	struct margin_result m;
	struct plenary p;
	size_t order[ROUND_MAX_NAMES];
	enum rd_err rc = election_get(tx, c->election_id, &c->e);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = primary_formal_each(tx, c->e.id, NULL, NULL, &c->n_formal);
	if (!rc)
		rc = chain_load(tx, c->e.id, &c->req->arena, &c->chain);
	if (rc)
		goto out;
	if (c->n_formal) {
		rc = rd_fail(err, RD_ECONFLICT, "state", "the formal list is fixed already");
		goto out;
	}
	if (c->chain.other_rounds) {
		rc = rd_fail(err, RD_ECONFLICT, "state", "the election has a first round already");
		goto out;
	}
	switch (c->chain.state) {
	case CHAIN_PENDING:
		rc = rd_fail(err, RD_ECONFLICT, "state", "primary round %lld is not closed yet",
			     (long long)c->chain.pending_id);
		goto out;
	case CHAIN_COMPLETE:
		rc = rd_fail(err, RD_ECONFLICT, "state",
			     "the primary has decided the formal list: fix it");
		goto out;
	case CHAIN_NEEDS:
		/* A tie vote among the tied, or a void primary again: in the
		 * plenary given, or the previous one's. */
		c->r = c->chain.next;
		c->r.id = 0;
		if (c->plenary_id)
			c->r.plenary_id = c->plenary_id;
		break;
	case CHAIN_NONE:
		rc = margin_requires_primary(tx, c, &n, &m, err);
		if (!rc)
			rc = primary_places(
				c->e.seats,
				&(struct margin_config){c->e.margin_min, c->e.margin_max},
				(int64_t)n.n, c->places, &c->r.seats, err);
		if (rc)
			goto out;
		c->r.election_id = c->e.id;
		c->r.plenary_id = c->plenary_id;
		/* The primary's ballot lists the nominees by surname strokes. */
		rc = stroke_sort(n.v, n.n, order, err);
		if (rc)
			goto out;
		for (size_t i = 0; i < n.n; i++)
			str_copy(c->r.names[i], FLOOR_NAME, n.v[order[i]]);
		c->r.n_names = n.n;
		break;
	}
	if (!c->r.plenary_id) {
		rc = rd_fail(err, RD_EINVAL, "plenary_id", "give the plenary of the primary");
		goto out;
	}
	rc = plenary_get(tx, c->r.plenary_id, &p);
	if (rc == RD_ENOTFOUND) {
		rc = rd_fail(err, RD_EINVAL, "plenary_id", "no such plenary");
		goto out;
	}
	if (!rc)
		rc = primary_round_create(tx, &c->r);
	if (!rc)
		rc = elections_audit(
			tx, c->req, "primary.create", "round", c->r.id,
			json_pack("{s:I, s:I, s:I, s:I}", "election_id", (json_int_t)c->e.id,
				  "parent_id", (json_int_t)c->r.parent_id, "places",
				  (json_int_t)c->r.seats, "nominees", (json_int_t)c->r.n_names));
out:
	json_decref(c->chain.root_decision);
	c->chain.root_decision = NULL;
	return rc;
}

enum rd_err api_primary_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct primary_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	json_t *names;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->election_id = req_id(req, "id");
	c->plenary_id = req_body_i64(req, "plenary_id", 0);
	c->places = req_body_i64(req, "places", 0);
	rc = store_write(app->store, primary_create_write, c, &req->err);
	if (rc)
		return rc;
	names = json_array();
	for (size_t i = 0; i < c->r.n_names; i++)
		json_array_append_new(names, json_string(c->r.names[i]));
	api_publish(app, "election.round",
		    json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)c->r.id, "election_id",
			      (json_int_t)c->e.id, "state", "draft"));
	return res_json(res, 201,
			json_pack("{s:{s:I, s:I, s:I, s:o, s:s, s:I, s:s, s:o, s:s}}", "round",
				  "id", (json_int_t)c->r.id, "election_id", (json_int_t)c->e.id,
				  "plenary_id", (json_int_t)c->r.plenary_id, "parent_id",
				  c->r.parent_id ? json_integer(c->r.parent_id) : json_null(),
				  "kind", "primary", "seats", (json_int_t)c->r.seats, "state",
				  "draft", "names", names, "mode", "electronic"));
}

/* ---- GET /api/elections/{id}/primary ------------------------------------- */

static int add_formal(const char *name, int64_t votes, void *arr)
{
	json_array_append_new(arr,
			      json_pack("{s:s, s:I}", "name", name, "votes", (json_int_t)votes));
	return 0;
}

static json_t *list_json(const struct chain *ch)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < ch->n_formal; i++)
		json_array_append_new(arr, json_pack("{s:s, s:I}", "name", ch->formal[i], "votes",
						     (json_int_t)ch->votes[i]));
	return arr;
}

static enum rd_err primary_view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct primary_ctx *c = arg;
	struct names_ctx n = {.a = &c->req->arena};
	struct margin_config cfg;
	struct margin_result m;
	enum office_class office;
	json_t *fixed = json_array(), *rounds = json_array(), *next = json_null();
	enum rd_err rc = election_get(tx, c->election_id, &c->e);

	if (rc == RD_ENOTFOUND)
		rc = rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = candidates_each(tx, c->e.id, add_name, &n);
	if (!rc)
		rc = primary_formal_each(tx, c->e.id, add_formal, fixed, &c->n_formal);
	if (!rc)
		rc = chain_load(tx, c->e.id, &c->req->arena, &c->chain);
	if (rc)
		goto fail;
	office_class_parse(c->e.office, &office, NULL);
	cfg = (struct margin_config){c->e.margin_min, c->e.margin_max};
	margin_check(office, c->e.seats, (int64_t)n.n, &cfg, &m, NULL);
	for (size_t i = 0; i < c->chain.n; i++) {
		const struct round *r = c->chain.rounds[i];

		json_array_append_new(
			rounds,
			json_pack("{s:I, s:o, s:s, s:I, s:I}", "id", (json_int_t)r->id, "parent_id",
				  r->parent_id ? json_integer(r->parent_id) : json_null(), "state",
				  r->state, "places", (json_int_t)r->seats, "nominees",
				  (json_int_t)r->n_names));
	}
	if (c->chain.state == CHAIN_NEEDS) {
		json_t *names = json_array();

		for (size_t i = 0; i < c->chain.next.n_names; i++)
			json_array_append_new(names, json_string(c->chain.next.names[i]));
		json_decref(next);
		next = json_pack("{s:o, s:I}", "names", names, "places",
				 (json_int_t)c->chain.next.seats);
	}
	c->out = json_pack("{s:I, s:b, s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:b}", "election_id",
			   (json_int_t)c->e.id, "needed", m.primary_needed, "nominees",
			   (json_int_t)n.n, "min_places", (json_int_t)m.min_candidates,
			   "max_places", (json_int_t)m.max_candidates, "state",
			   c->n_formal ? "fixed" : chain_state_name(c->chain.state), "rounds",
			   rounds, "next", next, "list",
			   c->n_formal ? json_incref(fixed) : list_json(&c->chain), "fixed_list",
			   fixed, "first_round", c->chain.other_rounds);
	json_decref(c->chain.root_decision);
	return RD_OK;
fail:
	json_decref(c->chain.root_decision);
	json_decref(fixed);
	json_decref(rounds);
	json_decref(next);
	return rc;
}

enum rd_err api_primary_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct primary_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->election_id = req_id(req, "id");
	rc = store_read(app->store, primary_view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "primary", c->out));
}

/* ---- POST /api/elections/{id}/formal-list -------------------------------- */

static enum rd_err fix_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct primary_ctx *c = arg;
	enum rd_err rc = election_get(tx, c->election_id, &c->e);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such election");
	if (!rc)
		rc = chain_load(tx, c->e.id, &c->req->arena, &c->chain);
	if (rc)
		goto out;
	if (c->chain.state != CHAIN_COMPLETE) {
		rc = rd_fail(err, RD_ECONFLICT, "state",
			     c->chain.state == CHAIN_NONE ? "no primary has been held"
			     : c->chain.state == CHAIN_PENDING
				     ? "a primary round is not closed yet"
				     : "a tie at the cut-off (or a void primary) must be voted on "
				       "again first");
		goto out;
	}
	if ((int64_t)c->chain.n_formal != c->chain.places) {
		rc = rd_fail(err, RD_EINTERNAL, "formal", "the primaries do not fill the places");
		goto out;
	}
	/* LOL art. 27(1): 根据在预选中得票多少的顺序…确定正式候选人名单. */
	rc = primary_formal_set(tx, c->e.id, c->chain.formal, c->chain.votes, c->chain.n_formal);
	if (rc == RD_ECONFLICT) {
		rc = rd_fail(err, rc, "state", "the formal list is fixed already");
		goto out;
	}
	if (!rc)
		rc = elections_audit(tx, c->req, "primary.formal_list", "election", c->e.id,
				     json_pack("{s:o}", "names", list_json(&c->chain)));
	if (!rc)
		c->out = list_json(&c->chain);
out:
	json_decref(c->chain.root_decision);
	return rc;
}

enum rd_err api_primary_fix(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct primary_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->election_id = req_id(req, "id");
	rc = store_write(app->store, fix_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "election.primary",
		    json_pack("{s:I, s:s}", "election_id", (json_int_t)c->e.id, "state", "fixed"));
	return res_json(res, 200, json_pack("{s:o}", "formal_list", c->out));
}

/* ---- the hook of the first round ----------------------------------------- */

struct formal_ctx {
	struct arena *a;
	const char **names;
	size_t max, n;
};

static int formal_name(const char *name, int64_t votes, void *arg)
{
	struct formal_ctx *f = arg;

	(void)votes;
	if (f->n < f->max)
		f->names[f->n++] = arena_strdup(f->a, name);
	return 0;
}

enum rd_err elections_formal_list(struct store_tx *tx, int64_t election_id, struct arena *a,
				  const char **names, size_t max, size_t *n, bool *fixed)
{
	const char *tmp[ROUND_MAX_NAMES] = {0};
	struct formal_ctx f = {
		.a = a, .names = tmp, .max = max < ROUND_MAX_NAMES ? max : ROUND_MAX_NAMES};
	size_t have = 0;
	enum rd_err rc = primary_formal_each(tx, election_id, formal_name, &f, &have);

	*fixed = false;
	if (rc || have == 0)
		return rc;
	for (size_t i = 0; i < f.n; i++) {
		if (!tmp[i])
			return RD_ENOMEM;
		names[i] = tmp[i];
	}
	*n = f.n;
	*fixed = true;
	return RD_OK;
}
