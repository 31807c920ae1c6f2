/*
 * elections_count.c — the tally input of a round from what is recorded for
 * it (see elections.h): used when a round closes and again by `renda
 * verify`, so that both decide from the same reading of the same records.
 *
 * Electronic rounds: every ballot in the box. Paper rounds: ballot by
 * ballot, the reading both tellers entered alike for each number 1 ..
 * returned, or the chief scrutineer's where they differed; or, when no
 * ballot was entered, the checked totals both tellers entered alike. A paper
 * round with more ballots returned than issued and no count is decided on
 * empty totals: the rules void it (EL art. 44(1)).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/elections.h"
#include "base/buf.h"
#include "base/str.h"
#include "doc/tally_json.h"
#include "base/banned.h"

struct count_ctx {
	struct arena *a;
	struct ballot *ballots;
	size_t n, cap;
	bool fail;
	/* paper */
	int64_t returned;
	int64_t incomplete, disagreement, beyond; /* first such number, 0: none */
	size_t n_entries;
};

/* Parses one stored reading ({"yes", "no", "write_in"} or {"void": true})
 * into b, strings copied to the arena. false if unreadable. */
static bool parse_ballot(const char *content, struct arena *a, struct ballot *b)
{
	static const char *const keys[] = {"yes", "no", "write_in"};
	json_t *j = json_loads(content, 0, NULL);
	bool ok = j != NULL;

	memset(b, 0, sizeof(*b));
	if (ok && json_is_true(json_object_get(j, "void")))
		b->marked_void = true;
	for (size_t k = 0; ok && k < 3; k++) {
		json_t *arr = json_object_get(j, keys[k]);
		size_t m = json_array_size(arr);
		const char **names = arena_alloc(a, sizeof(*names) * (m + 1));

		if (!names) {
			ok = false;
			break;
		}
		for (size_t i = 0; i < m; i++)
			names[i] = arena_strdup(a, json_string_value(json_array_get(arr, i)));
		if (k == 0) {
			b->yes = names;
			b->n_yes = m;
		} else if (k == 1) {
			b->no = names;
			b->n_no = m;
		} else {
			b->write_in = names;
			b->n_write_in = m;
		}
	}
	json_decref(j);
	return ok;
}

static int add_ballot(const char *content, void *arg)
{
	struct count_ctx *c = arg;

	if (c->n == c->cap || !parse_ballot(content, c->a, &c->ballots[c->n])) {
		c->fail = true;
		return 1;
	}
	c->n++;
	return 0;
}

static int add_reading(int64_t number, const char *r1, const char *r2, const char *settled,
		       void *arg)
{
	struct count_ctx *c = arg;
	const char *reading = settled;

	c->n_entries++;
	if (number > c->returned) {
		if (!c->beyond)
			c->beyond = number;
		return 0;
	}
	if (!reading && r1 && r2 && strcmp(r1, r2) == 0)
		reading = r1;
	if (!reading) {
		if (!r1 || !r2) {
			if (!c->incomplete)
				c->incomplete = number;
		} else if (!c->disagreement) {
			c->disagreement = number;
		}
		return 0;
	}
	if (!parse_ballot(reading, c->a, &c->ballots[number - 1])) {
		c->fail = true;
		return 1;
	}
	c->n++;
	return 0;
}

struct totals_ctx {
	struct arena *a;
	struct tally_input *in;
	bool any, differ;
};

static enum rd_err read_totals(const char *t1, const char *t2, void *arg)
{
	struct totals_ctx *t = arg;
	json_t *j, *votes, *v;
	struct tally_votes *rows;
	const char *name;
	size_t i = 0;

	t->any = t1 || t2;
	if (!t1 || !t2 || strcmp(t1, t2) != 0) {
		t->differ = true;
		return RD_OK;
	}
	j = json_loads(t1, 0, NULL);
	if (!j)
		return RD_EINTERNAL;
	votes = json_object_get(j, "votes");
	rows = arena_alloc(t->a, sizeof(*rows) * (json_object_size(votes) + 1));
	if (!rows) {
		json_decref(j);
		return RD_ENOMEM;
	}
	json_object_foreach(votes, name, v)
	{
		rows[i].name = arena_strdup(t->a, name);
		rows[i].votes = json_integer_value(v);
		i++;
	}
	t->in->have_counts = true;
	t->in->void_count = json_integer_value(json_object_get(j, "void"));
	t->in->votes = rows;
	t->in->n_votes = i;
	json_decref(j);
	return RD_OK;
}

static enum rd_err paper_input(struct store_tx *tx, const struct round *r, struct arena *a,
			       struct tally_input *in, struct rd_error *err)
{
	struct count_ctx cc = {.a = a, .returned = in->ballots_returned};
	struct totals_ctx tc = {.a = a, .in = in};
	enum rd_err rc;

	cc.cap = (size_t)in->ballots_returned;
	cc.ballots = arena_alloc(a, sizeof(*cc.ballots) * (cc.cap + 1));
	if (!cc.ballots)
		return RD_ENOMEM;
	rc = paper_entries_each(tx, r->id, add_reading, &cc);
	if (!rc && cc.fail)
		rc = RD_EINTERNAL;
	if (rc)
		return rc;
	if (cc.n_entries) {
		if (cc.beyond)
			return rd_fail(err, RD_ECONFLICT, "entries",
				       "ballot %lld was entered but only %lld were returned",
				       (long long)cc.beyond, (long long)in->ballots_returned);
		if (cc.incomplete || (!cc.disagreement && cc.n != cc.cap))
			return rd_fail(err, RD_ECONFLICT, "entries",
				       "not every ballot has been entered by both tellers%s%lld",
				       cc.incomplete ? ": ballot " : "; entered: ",
				       cc.incomplete ? (long long)cc.incomplete : (long long)cc.n);
		if (cc.disagreement)
			return rd_fail(err, RD_ECONFLICT, "disagreements",
				       "the tellers read ballot %lld differently: the chief"
				       " scrutineer must settle it",
				       (long long)cc.disagreement);
		in->have_ballots = true;
		in->ballots = cc.ballots;
		in->n_ballots = cc.n;
		return RD_OK;
	}
	rc = paper_totals_get(tx, r->id, read_totals, &tc);
	if (rc)
		return rc;
	if (in->have_counts)
		return RD_OK;
	if (tc.any)
		return rd_fail(err, RD_ECONFLICT, "totals",
			       "the tellers' checked totals must both be entered and agree");
	if (in->ballots_returned > in->ballots_issued) {
		/* Not counted: the rules void the round as it stands. */
		in->have_counts = true;
		return RD_OK;
	}
	return rd_fail(err, RD_ECONFLICT, "entries", "no count has been entered");
}

enum rd_err elections_round_input(struct store_tx *tx, const struct round *r, int64_t electorate,
				  int64_t issued, int64_t returned, struct arena *a,
				  struct tally_input *in, struct rd_error *err)
{
	const char **names = arena_alloc(a, sizeof(*names) * (r->n_names + 1));
	struct count_ctx cc = {.a = a};
	int64_t registered, nballots;
	enum rd_err rc;

	if (!names)
		return RD_ENOMEM;
	memset(in, 0, sizeof(*in));
	for (size_t i = 0; i < r->n_names; i++)
		names[i] = r->names[i];
	/* RULES §7: the threshold is more than half of ALL delegates. */
	in->kind = TALLY_CONGRESS;
	tally_round_parse(r->kind, &in->round, NULL);
	in->office = OFFICE_OTHER;
	in->seats = r->seats;
	in->electorate = electorate;
	in->ballots_issued = issued;
	in->ballots_returned = returned;
	in->candidates = names;
	in->n_candidates = r->n_names;
	if (strcmp(r->mode, "paper") == 0)
		return paper_input(tx, r, a, in, err);
	rc = ballot_counts(tx, r->id, &registered, &nballots);
	if (rc)
		return rc;
	cc.cap = (size_t)nballots + 1;
	cc.ballots = arena_alloc(a, sizeof(*cc.ballots) * cc.cap);
	if (!cc.ballots)
		return RD_ENOMEM;
	rc = ballots_each(tx, r->id, add_ballot, &cc);
	if (!rc && cc.fail)
		rc = RD_EINTERNAL;
	if (rc)
		return rc;
	in->have_ballots = true;
	in->ballots = cc.ballots;
	in->n_ballots = cc.n;
	return RD_OK;
}

/* ---- renda verify: one announced round ----------------------------------- */

struct stored {
	struct arena *a;
	const char *announcement, *signature, *decision;
};

static enum rd_err copy_ann(const char *text, const char *sig, void *arg)
{
	struct stored *s = arg;

	s->announcement = arena_strdup(s->a, text ? text : "");
	s->signature = arena_strdup(s->a, sig ? sig : "");
	return s->announcement && s->signature ? RD_OK : RD_ENOMEM;
}

static enum rd_err copy_dec(const char *text, void *arg)
{
	struct stored *s = arg;

	s->decision = arena_strdup(s->a, text ? text : "");
	return s->decision ? RD_OK : RD_ENOMEM;
}

enum rd_err elections_verify_round(struct store_tx *tx, int64_t round_id,
				   const unsigned char pk[32], struct rd_error *err)
{
	struct arena a;
	struct stored s = {.a = &a};
	struct round *r = calloc(1, sizeof(*r));
	struct tally_input in;
	struct tally_result out;
	struct rd_error terr = {0};
	unsigned char sig[crypto_sign_BYTES];
	size_t siglen = 0;
	struct buf json;
	json_t *ann = NULL, *stored = NULL, *again = NULL;
	enum rd_err rc;

	arena_init(&a, 256u << 20);
	buf_init(&json, 4u << 20);
	rc = r ? round_get(tx, round_id, r) : RD_ENOMEM;
	if (!rc)
		rc = round_announcement(tx, round_id, copy_ann, &s);
	if (!rc)
		rc = round_decision(tx, round_id, copy_dec, &s);
	if (rc) {
		rd_fail(err, rc, "round", "the round's announcement or decision cannot be read");
		goto out;
	}
	/* The signature over the announcement exactly as stored. */
	if (sodium_hex2bin(sig, sizeof(sig), s.signature, strlen(s.signature), NULL, &siglen,
			   NULL) != 0 ||
	    siglen != sizeof(sig) ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)s.announcement,
					strlen(s.announcement), pk) != 0) {
		rc = rd_fail(err, RD_ECONFLICT, "signature",
			     "the announcement's Ed25519 signature does not verify");
		goto out;
	}
	/* The decision again, by the rules, from the recorded ballots or counts. */
	rc = elections_round_input(tx, r, r->electorate, r->issued, r->returned, &a, &in, &terr);
	if (!rc)
		rc = tally_decide(&in, &a, &out, &terr);
	if (!rc)
		rc = tally_json_format(&out, &json);
	if (rc) {
		rc = rd_fail(err, RD_ECONFLICT, "decision", "the count cannot be recomputed: %s",
			     terr.message);
		goto out;
	}
	again = json_loads(buf_str(&json), 0, NULL);
	stored = json_loads(s.decision, 0, NULL);
	ann = json_loads(s.announcement, 0, NULL);
	if (!json_equal(again, stored))
		rc = rd_fail(err, RD_ECONFLICT, "decision",
			     "the stored decision differs from the one recomputed from the count");
	else if (!json_equal(again, json_object_get(ann, "decision")))
		rc = rd_fail(err, RD_ECONFLICT, "announcement",
			     "the announced decision differs from the one recomputed from the"
			     " count");
out:
	json_decref(again);
	json_decref(stored);
	json_decref(ann);
	buf_release(&json);
	arena_release(&a);
	free(r);
	return rc;
}
