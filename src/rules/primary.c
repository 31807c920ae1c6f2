/*
 * primary.c — the primary (预选) and the formal candidate list; see
 * primary.h for the rules and what renda does where the law is silent.
 *
 * The steps: validate; count (each ballot read by ballot_read with the
 * places as its seats, or the totals); void the primary if more ballots
 * came back than were issued; order by votes, stable; cut at `places`,
 * stopping before a tie that crosses the cut-off.
 */
#include "rules/primary.h"

#include <string.h>

#include "rules/counting.h"
#include "base/banned.h"

const char *primary_void_reason_name(enum primary_void_reason r)
{
	return r == PRIMARY_VOID_MORE_RETURNED ? "more_returned_than_issued" : NULL;
}

enum rd_err primary_places(int64_t seats, const struct margin_config *cfg, int64_t nominees,
			   int64_t requested, int64_t *out, struct rd_error *e)
{
	int64_t lo, hi, p;

	*out = 0;
	if (seats < 1 || seats > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "seats", "must be between 1 and %lld",
			       (long long)RULES_MAX_COUNT);
	if (!cfg || cfg->min_extra < 0 || cfg->min_extra > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "margin.min_extra", "must be 0 or more");
	if (cfg->max_extra < cfg->min_extra || cfg->max_extra > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "margin.max_extra", "must not be below min_extra");
	if (nominees < 0 || nominees > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "nominees", "count out of range");
	lo = seats + cfg->min_extra;
	hi = seats + cfg->max_extra;
	p = requested ? requested : hi;
	/* LOL art. 27(1): 按照选举办法规定的差额数，确定正式候选人名单. */
	if (p < lo || p > hi)
		return rd_fail(e, RD_EINVAL, "places",
			       "the formal list must have %lld to %lld names (the seats and the "
			       "margin of the election rules, LOL art. 27(1))",
			       (long long)lo, (long long)hi);
	if (p >= nominees)
		return rd_fail(e, RD_EINVAL, "places",
			       "%lld nominees fit a formal list of %lld: no primary is needed",
			       (long long)nominees, (long long)p);
	*out = p;
	return RD_OK;
}

static enum rd_err check_count(int64_t v, const char *field, struct rd_error *e)
{
	if (v < 0)
		return rd_fail(e, RD_EINVAL, field, "must not be negative");
	if (v > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, field, "must be at most %lld",
			       (long long)RULES_MAX_COUNT);
	return RD_OK;
}

static enum rd_err validate_counts(const struct primary_input *in, struct rd_error *e)
{
	int64_t valid, sum = 0;
	enum rd_err rc = check_count(in->void_count, "counts.void", e);

	if (rc != RD_OK)
		return rc;
	if (in->void_count > in->ballots_returned)
		return rd_fail(e, RD_EINVAL, "counts.void", "exceeds ballots_returned");
	if (!in->votes)
		return rd_fail(e, RD_EINVAL, "counts.votes", "missing");
	valid = in->ballots_returned - in->void_count;
	for (size_t i = 0; i < in->n_nominees; i++) {
		if (in->votes[i] < 0)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "'%s' has a negative number of votes", in->nominees[i]);
		if (in->votes[i] > valid)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "'%s' has %lld votes, more than the %lld valid ballots",
				       in->nominees[i], (long long)in->votes[i], (long long)valid);
		sum += in->votes[i];
		/* A valid ballot supports at most `places` nominees. */
		if (sum > valid * in->places)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "the votes together exceed valid ballots (%lld) x places "
				       "(%lld)",
				       (long long)valid, (long long)in->places);
	}
	return RD_OK;
}

enum rd_err primary_validate(const struct primary_input *in, struct rd_error *e)
{
	enum ballot_verdict verdict;
	enum rd_err rc;

	if (in->n_nominees < 2 || !in->nominees)
		return rd_fail(e, RD_EINVAL, "nominees", "a primary needs at least two nominees");
	if (in->n_nominees > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "nominees", "too many");
	for (size_t i = 0; i < in->n_nominees; i++) {
		if (!in->nominees[i] || !in->nominees[i][0])
			return rd_fail(e, RD_EINVAL, "nominees", "a name must not be empty");
		if (ballot_name_index(in->nominees, i, in->nominees[i]) >= 0)
			return rd_fail(e, RD_EINVAL, "nominees", "'%s' is listed twice",
				       in->nominees[i]);
	}
	if (in->places < 1 || in->places >= (int64_t)in->n_nominees)
		return rd_fail(e, RD_EINVAL, "places",
			       "must be at least 1 and fewer than the %zu nominees",
			       in->n_nominees);
	rc = check_count(in->ballots_issued, "ballots_issued", e);
	if (rc == RD_OK)
		rc = check_count(in->ballots_returned, "ballots_returned", e);
	if (rc != RD_OK)
		return rc;
	if (in->have_ballots == in->have_counts)
		return rd_fail(e, RD_EINVAL, in->have_ballots ? "counts" : "ballots",
			       "give exactly one of ballots and counts");
	if (in->have_counts)
		return validate_counts(in, e);
	if ((int64_t)in->n_ballots != in->ballots_returned)
		return rd_fail(e, RD_EINVAL, "ballots",
			       "has %zu entries but ballots_returned is %lld", in->n_ballots,
			       (long long)in->ballots_returned);
	if (in->n_ballots > 0 && !in->ballots)
		return rd_fail(e, RD_EINVAL, "ballots", "missing");
	for (size_t i = 0; i < in->n_ballots; i++) {
		if (in->ballots[i].n_write_in > 0)
			return rd_fail(e, RD_EINVAL, "ballots.write_in",
				       "ballot %zu has a write-in: a primary is among the nominees",
				       i);
		rc = ballot_read(&in->ballots[i], i, in->places, in->nominees, in->n_nominees,
				 &verdict, e);
		if (rc != RD_OK)
			return rc;
	}
	return RD_OK;
}

/* Counts the ballots into votes[] (one per nominee) and *void_out. */
static void count_ballots(const struct primary_input *in, int64_t *votes, int64_t *void_out)
{
	enum ballot_verdict verdict;

	*void_out = 0;
	for (size_t i = 0; i < in->n_ballots; i++) {
		const struct ballot *b = &in->ballots[i];

		ballot_read(b, i, in->places, in->nominees, in->n_nominees, &verdict, NULL);
		if (verdict != BALLOT_VALID) {
			/* Supporting more nominees than places voids the ballot, as
			 * choosing more persons than seats does (EL art. 44(2)). */
			(*void_out)++;
			continue;
		}
		for (size_t k = 0; k < b->n_yes; k++)
			votes[ballot_name_index(in->nominees, in->n_nominees, b->yes[k])]++;
	}
}

enum rd_err primary_decide(const struct primary_input *in, struct arena *a,
			   struct primary_result *out, struct rd_error *e)
{
	int64_t *votes, cut;
	size_t n = in->n_nominees, p, above = 0, tied = 0;
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	rc = primary_validate(in, e);
	if (rc != RD_OK)
		return rc;
	out->issued = in->ballots_issued;
	out->returned = in->ballots_returned;
	out->places = in->places;
	votes = arena_alloc(a, sizeof(*votes) * n);
	out->rows = arena_alloc(a, sizeof(*out->rows) * n);
	out->formal = arena_alloc(a, sizeof(*out->formal) * n);
	out->tie = arena_alloc(a, sizeof(*out->tie) * n);
	if (!votes || !out->rows || !out->formal || !out->tie) {
		memset(out, 0, sizeof(*out));
		return rd_fail(e, RD_ENOMEM, NULL, "out of memory");
	}
	if (in->have_counts) {
		memcpy(votes, in->votes, sizeof(*votes) * n);
		out->void_ballots = in->void_count;
	} else {
		memset(votes, 0, sizeof(*votes) * n);
		count_ballots(in, votes, &out->void_ballots);
	}
	out->valid_ballots = out->returned - out->void_ballots;
	/* EL art. 44(1): 收回的选票多于发出的选票…选举无效，应当重新进行选举. */
	if (in->ballots_returned > in->ballots_issued) {
		out->reason = PRIMARY_VOID_MORE_RETURNED;
		return RD_OK;
	}
	out->valid = true;
	/* LOL art. 27(1): 根据在预选中得票多少的顺序. An insertion sort keeps
	 * equal votes in ballot order (Beijing direct-election rules art. 43). */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0 && out->rows[j - 1].votes < votes[i]) {
			out->rows[j] = out->rows[j - 1];
			j--;
		}
		out->rows[j] = (struct primary_row){.name = in->nominees[i], .votes = votes[i]};
	}
	out->n_rows = n;
	p = (size_t)in->places;
	cut = out->rows[p - 1].votes;
	if (out->rows[p].votes == cut) {
		/* A tie across the cut-off: those above it are in; the tied are
		 * voted on again for the places left (by analogy with LOL art.
		 * 29(1), EL art. 45(3): 就票数相等的人再次投票). */
		for (size_t i = 0; i < n; i++) {
			if (out->rows[i].votes > cut) {
				out->rows[i].formal = true;
				out->formal[above++] = out->rows[i].name;
			} else if (out->rows[i].votes == cut) {
				out->rows[i].tied = true;
				out->tie[tied++] = out->rows[i].name;
			}
		}
		out->n_formal = above;
		out->n_tie = tied;
		out->tie_places = in->places - (int64_t)above;
		return RD_OK;
	}
	for (size_t i = 0; i < p; i++) {
		out->rows[i].formal = true;
		out->formal[i] = out->rows[i].name;
	}
	out->n_formal = p;
	return RD_OK;
}
