/*
 * elections_paper.c — rounds voted on paper ballots (纸质选票, RULES §7
 * "Ballot", "Result" 5): staff record the ballots issued and returned; two
 * tellers (计票人: staff accounts, the first two to enter become the round's
 * tellers) each enter every ballot by its number; the server compares the
 * two readings of each number and lists where they differ; the chief
 * scrutineer (总监票人, an auditor account) settles each difference by
 * choosing one teller's reading. Or each teller enters the checked totals,
 * which must agree. Closing then decides with tally_decide exactly as for
 * electronic ballots (elections_count.c); more returned than issued voids
 * the round — the rules decide that.
 *
 * Paper ballots are anonymous: no entry names a voter. The audit records
 * who entered how many readings and which differences were settled how,
 * never a ballot's content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/elections.h"
#include "base/str.h"
#include "rules/ballot.h"
#include "rules/counting.h"
#include "store/floor.h"
#include "base/banned.h"

#define READING_MAX 8192

struct paper_ctx {
	struct request *req;
	int64_t id;
	struct round r;
	int slot;
	int64_t number;
	json_t *out;
};

/* The round, which must be a paper round and open. */
static enum rd_err paper_round(struct store_tx *tx, struct paper_ctx *c, bool need_open,
			       struct rd_error *err)
{
	enum rd_err rc = round_get(tx, c->id, &c->r);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such round");
	if (rc)
		return rc;
	if (strcmp(c->r.mode, "paper") != 0)
		return rd_fail(err, RD_ECONFLICT, "mode", "this round is voted electronically");
	if (need_open && strcmp(c->r.state, "open") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "the round is %s, not open", c->r.state);
	return RD_OK;
}

/* ---- ballots issued and returned ---------------------------------------- */

static enum rd_err counts_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct paper_ctx *c = arg;
	int64_t issued = req_body_i64(c->req, "issued", 0),
		returned = req_body_i64(c->req, "returned", 0), term_id, all;
	struct delegate_counts dc;
	enum rd_err rc = paper_round(tx, c, true, err);

	if (!rc)
		rc = plenary_term(tx, c->r.plenary_id, &term_id);
	if (!rc)
		rc = delegate_counts(tx, term_id, &dc);
	if (rc)
		return rc;
	all = rules_all_delegates(&dc);
	if (issued > all)
		return rd_fail(err, RD_EINVAL, "issued",
			       "more ballots issued (%lld) than there are delegates (%lld)",
			       (long long)issued, (long long)all);
	rc = paper_set_counts(tx, c->id, issued, returned);
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "paper.counts", "round", c->id,
			       json_pack("{s:I, s:I}", "issued", (json_int_t)issued, "returned",
					 (json_int_t)returned));
}

enum rd_err api_paper_counts(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct paper_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, counts_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200,
			json_pack("{s:I, s:I}", "issued", req_body_i64(req, "issued", 0),
				  "returned", req_body_i64(req, "returned", 0)));
}

/* ---- each teller's readings ---------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One entered ballot → its canonical reading (names sorted, keys sorted) in
 * out, or a 4xx naming "ballots[i].<field>". The names on the ballot: r. */
static enum rd_err reading_of(struct request *req, const struct round *r, json_t *b, size_t i,
			      char *out, size_t outsz, int64_t *number)
{
	static const char *const keys[] = {"yes", "no", "write_in"};
	const char *names[ROUND_MAX_NAMES];
	json_t *canon, *num = json_object_get(b, "number"), *v;
	const char *key;
	char *text;
	size_t k;

	if (!json_is_object(b))
		return req_fail(req, RD_EINVAL, "ballots", "ballots[%zu] must be an object", i);
	json_object_foreach(b, key, v)
	{
		if (strcmp(key, "number") != 0 && strcmp(key, "yes") != 0 &&
		    strcmp(key, "no") != 0 && strcmp(key, "write_in") != 0 &&
		    strcmp(key, "void") != 0 && strcmp(key, "reason") != 0)
			return req_fail(req, RD_EINVAL, "ballots", "ballots[%zu].%s is not a field",
					i, key);
	}
	if (!json_is_integer(num) || json_integer_value(num) < 1 ||
	    json_integer_value(num) > r->paper_returned)
		return req_fail(req, RD_EINVAL, "number",
				"ballots[%zu].number must be 1 to %lld (the ballots returned)", i,
				(long long)r->paper_returned);
	*number = json_integer_value(num);
	for (k = 0; k < r->n_names; k++)
		names[k] = r->names[k];
	if (json_is_true(json_object_get(b, "void"))) {
		const char *reason = json_string_value(json_object_get(b, "reason"));

		if (!reason || !*reason || strlen(reason) > 256 ||
		    !str_utf8_valid(reason, strlen(reason)))
			return req_fail(req, RD_EINVAL, "reason",
					"ballots[%zu].reason: say why the ballot is void", i);
		if (json_object_get(b, "yes") || json_object_get(b, "no") ||
		    json_object_get(b, "write_in"))
			return req_fail(req, RD_EINVAL, "void",
					"ballots[%zu]: a void ballot has no marks entered", i);
		canon = json_pack("{s:b, s:s}", "void", 1, "reason", reason);
	} else {
		canon = json_object();
		for (k = 0; k < 3; k++) {
			json_t *arr = json_object_get(b, keys[k]), *n, *sorted;
			const char *list[ROUND_MAX_NAMES];
			size_t m, cnt = json_array_size(arr);

			if ((arr && !json_is_array(arr)) || cnt > ROUND_MAX_NAMES) {
				json_decref(canon);
				return req_fail(req, RD_EINVAL, keys[k],
						"ballots[%zu].%s must be a list of names", i,
						keys[k]);
			}
			json_array_foreach(arr, m, n)
			{
				const char *s = json_string_value(n);
				bool on = elections_name_ok(s) &&
					  ballot_name_index(names, r->n_names, s) >= 0;

				if (!elections_name_ok(s) || (k < 2 && !on) || (k == 2 && on)) {
					json_decref(canon);
					return req_fail(
						req, RD_EINVAL, keys[k],
						k < 2 ? "ballots[%zu].%s[%zu] is not on the"
							" ballot"
						      : "ballots[%zu].%s[%zu] is on the ballot:"
							" enter it as yes",
						i, keys[k], m);
				}
				list[m] = s;
			}
			/* The order of names on a ballot means nothing: sorted, two
			 * equal readings compare equal as text. */
			qsort(list, cnt, sizeof(list[0]), cmp_str);
			sorted = json_array();
			for (m = 0; m < cnt; m++)
				json_array_append_new(sorted, json_string(list[m]));
			json_object_set_new(canon, keys[k], sorted);
		}
	}
	text = canon ? json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(canon);
	if (!text || strlen(text) >= outsz) {
		free(text);
		return req_fail(req, RD_ETOOBIG, "ballots", "ballots[%zu] is too large", i);
	}
	str_copy(out, outsz, text);
	free(text);
	return RD_OK;
}

static enum rd_err entries_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct paper_ctx *c = arg;
	json_t *list = json_object_get(c->req->body, "ballots"), *b;
	char *reading;
	int64_t number = 0;
	size_t i;
	enum rd_err rc = paper_round(tx, c, true, err);

	if (rc)
		return rc;
	if (!c->r.paper_counted)
		return rd_fail(err, RD_ECONFLICT, "returned",
			       "record the ballots issued and returned first");
	rc = paper_teller(tx, c->id, c->req->user.id, &c->slot);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "teller", "this round has two tellers already");
	if (rc)
		return rc;
	reading = arena_alloc(&c->req->arena, READING_MAX);
	if (!reading)
		return RD_ENOMEM;
	json_array_foreach(list, i, b)
	{
		rc = reading_of(c->req, &c->r, b, i, reading, READING_MAX, &number);
		if (!rc)
			rc = paper_entry_add(tx, c->id, c->slot, number, reading);
		if (rc == RD_ECONFLICT)
			return rd_fail(err, rc, "number",
				       "ballots[%zu]: you have entered ballot %lld already", i,
				       (long long)number);
		if (rc)
			return rc;
	}
	/* Who entered how many: never what. */
	return elections_audit(tx, c->req, "paper.entries", "round", c->id,
			       json_pack("{s:i, s:I}", "teller", c->slot, "ballots",
					 (json_int_t)json_array_size(list)));
}

enum rd_err api_paper_entries(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct paper_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, entries_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(
		res, 200,
		json_pack("{s:i, s:I}", "teller", c->slot, "entered",
			  (json_int_t)json_array_size(json_object_get(req->body, "ballots"))));
}

/* ---- checked totals ------------------------------------------------------ */

static enum rd_err totals_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct paper_ctx *c = arg;
	json_t *votes = json_object_get(c->req->body, "votes"), *v, *canon;
	int64_t nvoid = req_body_i64(c->req, "void", 0);
	const char *name;
	char *text;
	enum rd_err rc = paper_round(tx, c, true, err);

	if (rc)
		return rc;
	if (!c->r.paper_counted)
		return rd_fail(err, RD_ECONFLICT, "returned",
			       "record the ballots issued and returned first");
	json_object_foreach(votes, name, v)
	{
		if (!elections_name_ok(name) || !json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > c->r.paper_returned)
			return rd_fail(
				err, RD_EINVAL, "votes",
				"votes: each name's votes must be 0 to the ballots returned");
	}
	if (nvoid > c->r.paper_returned)
		return rd_fail(err, RD_EINVAL, "void", "more void ballots than ballots returned");
	rc = paper_teller(tx, c->id, c->req->user.id, &c->slot);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "teller", "this round has two tellers already");
	if (rc)
		return rc;
	canon = json_pack("{s:I, s:O}", "void", (json_int_t)nvoid, "votes", votes);
	text = canon ? json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(canon);
	if (!text)
		return RD_ENOMEM;
	rc = paper_totals_set(tx, c->id, c->slot, text);
	free(text);
	if (rc)
		return rc;
	return elections_audit(tx, c->req, "paper.totals", "round", c->id,
			       json_pack("{s:i}", "teller", c->slot));
}

enum rd_err api_paper_totals(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct paper_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, totals_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:i}", "teller", c->slot));
}

/* ---- the comparison, and the chief scrutineer's settlement --------------- */

struct compare {
	json_t *disagreements, *incomplete, *settled;
	int64_t agreed, entered[2];
	int64_t number; /* settle: the number looked for */
	const char *reading[2], *settled_reading;
	struct arena *a;
};

static json_t *reading_json(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;

	return j ? j : json_null();
}

static int compare_each(int64_t number, const char *r1, const char *r2, const char *settled,
			void *arg)
{
	struct compare *k = arg;

	k->entered[0] += r1 != NULL;
	k->entered[1] += r2 != NULL;
	if (k->number == number) {
		k->reading[0] = r1 ? arena_strdup(k->a, r1) : NULL;
		k->reading[1] = r2 ? arena_strdup(k->a, r2) : NULL;
		k->settled_reading = settled ? arena_strdup(k->a, settled) : NULL;
	}
	if (!k->disagreements)
		return 0;
	if (settled)
		json_array_append_new(k->settled,
				      json_pack("{s:I, s:o}", "number", (json_int_t)number,
						"reading", reading_json(settled)));
	else if (!r1 || !r2)
		json_array_append_new(k->incomplete, json_integer(number));
	else if (strcmp(r1, r2) != 0)
		json_array_append_new(k->disagreements,
				      json_pack("{s:I, s:[o, o]}", "number", (json_int_t)number,
						"readings", reading_json(r1), reading_json(r2)));
	else
		k->agreed++;
	return 0;
}

struct totals_view {
	bool entered[2], agree;
};

static enum rd_err totals_each(const char *t1, const char *t2, void *arg)
{
	struct totals_view *t = arg;

	t->entered[0] = t1 != NULL;
	t->entered[1] = t2 != NULL;
	t->agree = t1 && t2 && strcmp(t1, t2) == 0;
	return RD_OK;
}

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct paper_ctx *c = arg;
	struct compare k = {.disagreements = json_array(),
			    .incomplete = json_array(),
			    .settled = json_array(),
			    .a = &c->req->arena};
	struct totals_view t = {0};
	enum rd_err rc = paper_round(tx, c, false, err);

	if (!rc)
		rc = paper_entries_each(tx, c->id, compare_each, &k);
	if (!rc)
		rc = paper_totals_get(tx, c->id, totals_each, &t);
	if (rc) {
		json_decref(k.disagreements);
		json_decref(k.incomplete);
		json_decref(k.settled);
		return rc;
	}
	/* The totals' numbers are not shown before the round closes: only
	 * whether both tellers entered them and whether they agree. */
	c->out = json_pack(
		"{s:I, s:s, s:o, s:o, s:[o, o], s:[I, I], s:I, s:o, s:o, s:o, s:{s:[b, b], s:b}}",
		"round_id", (json_int_t)c->id, "state", c->r.state, "issued",
		c->r.paper_counted ? json_integer(c->r.paper_issued) : json_null(), "returned",
		c->r.paper_counted ? json_integer(c->r.paper_returned) : json_null(), "tellers",
		c->r.teller[0] ? json_integer(c->r.teller[0]) : json_null(),
		c->r.teller[1] ? json_integer(c->r.teller[1]) : json_null(), "entered",
		(json_int_t)k.entered[0], (json_int_t)k.entered[1], "agreed", (json_int_t)k.agreed,
		"disagreements", k.disagreements, "incomplete", k.incomplete, "settled", k.settled,
		"totals", "entered", t.entered[0], t.entered[1], "agree", t.agree);
	return c->out ? RD_OK : RD_ENOMEM;
}

enum rd_err api_paper_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct paper_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "paper", c->out));
}

static enum rd_err settle_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct paper_ctx *c = arg;
	struct compare k = {.number = c->number, .a = &c->req->arena};
	enum rd_err rc = paper_round(tx, c, true, err);

	if (!rc)
		rc = paper_entries_each(tx, c->id, compare_each, &k);
	if (rc)
		return rc;
	if (k.settled_reading)
		return rd_fail(err, RD_ECONFLICT, "number", "ballot %lld is settled already",
			       (long long)c->number);
	if (!k.reading[0] || !k.reading[1] || strcmp(k.reading[0], k.reading[1]) == 0)
		return rd_fail(err, RD_ECONFLICT, "number",
			       "the tellers do not disagree on ballot %lld", (long long)c->number);
	rc = paper_settle(tx, c->id, c->number, k.reading[c->slot - 1], c->req->user.id);
	if (rc)
		return rc;
	return elections_audit(
		tx, c->req, "paper.settle", "round", c->id,
		json_pack("{s:I, s:i}", "number", (json_int_t)c->number, "teller", c->slot));
}

enum rd_err api_paper_settle(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct paper_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	c->number = req_body_i64(req, "number", 0);
	c->slot = (int)req_body_i64(req, "teller", 0);
	rc = store_write(app->store, settle_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(
		res, 200,
		json_pack("{s:I, s:i}", "number", (json_int_t)c->number, "teller", c->slot));
}
