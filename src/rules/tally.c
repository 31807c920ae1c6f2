/*
 * tally.c — deciding one round of an election; see tally.h.
 *
 * The steps: validate the input; count (from ballots, reading each one, or
 * from the totals); decide whether the round is valid; compute the
 * threshold; sort; mark who reached it; fill the seats in vote order,
 * stopping at a tie across the cut-off.
 */
#include "rules/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/counting.h"
#include "base/banned.h"

static const char *const kind_names[TALLY_KIND_COUNT] = {"congress", "direct"};
static const char *const round_names[TALLY_ROUND_COUNT] = {"first", "re_election", "tie_vote"};

const char *tally_kind_name(enum tally_kind k)
{
	return (unsigned)k < TALLY_KIND_COUNT ? kind_names[k] : NULL;
}

const char *tally_round_name(enum tally_round r)
{
	return (unsigned)r < TALLY_ROUND_COUNT ? round_names[r] : NULL;
}

const char *tally_void_reason_name(enum tally_void_reason r)
{
	switch (r) {
	case TALLY_VOID_NONE:
		return NULL;
	case TALLY_VOID_MORE_RETURNED:
		return "more_returned_than_issued";
	case TALLY_VOID_TURNOUT:
		return "turnout_not_over_half";
	}
	return NULL;
}

enum rd_err tally_kind_parse(const char *s, enum tally_kind *out, struct rd_error *e)
{
	for (unsigned i = 0; s && i < TALLY_KIND_COUNT; i++) {
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum tally_kind)i;
			return RD_OK;
		}
	}
	return rd_fail(e, RD_EINVAL, "kind", "must be congress or direct");
}

enum rd_err tally_round_parse(const char *s, enum tally_round *out, struct rd_error *e)
{
	for (unsigned i = 0; s && i < TALLY_ROUND_COUNT; i++) {
		if (strcmp(s, round_names[i]) == 0) {
			*out = (enum tally_round)i;
			return RD_OK;
		}
	}
	return rd_fail(e, RD_EINVAL, "round", "must be first, re_election or tie_vote");
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

static enum rd_err validate_counts(const struct tally_input *in, struct rd_error *e)
{
	int64_t valid, sum = 0;
	enum rd_err rc;

	rc = check_count(in->void_count, "counts.void", e);
	if (rc != RD_OK)
		return rc;
	if (in->void_count > in->ballots_returned)
		return rd_fail(e, RD_EINVAL, "counts.void", "exceeds ballots_returned");
	if (in->n_votes > 0 && !in->votes)
		return rd_fail(e, RD_EINVAL, "counts.votes", "missing");
	valid = in->ballots_returned - in->void_count;
	for (size_t i = 0; i < in->n_votes; i++) {
		const struct tally_votes *v = &in->votes[i];

		if (!v->name || !v->name[0])
			return rd_fail(e, RD_EINVAL, "counts.votes", "a name must not be empty");
		for (size_t j = 0; j < i; j++)
			if (strcmp(in->votes[j].name, v->name) == 0)
				return rd_fail(e, RD_EINVAL, "counts.votes", "'%s' is listed twice",
					       v->name);
		if (v->votes < 0)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "'%s' has a negative number of votes", v->name);
		/* A ballot gives one name at most one vote. */
		if (v->votes > valid)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "'%s' has %lld votes, more than the %lld valid ballots",
				       v->name, (long long)v->votes, (long long)valid);
		sum += v->votes;
		/* A valid ballot chooses at most `seats` persons. */
		if (sum > valid * in->seats)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "the votes together exceed valid ballots (%lld) x seats "
				       "(%lld)",
				       (long long)valid, (long long)in->seats);
	}
	return RD_OK;
}

enum rd_err tally_validate(const struct tally_input *in, struct rd_error *e)
{
	enum ballot_verdict verdict;
	enum rd_err rc;

	if ((unsigned)in->kind >= TALLY_KIND_COUNT)
		return rd_fail(e, RD_EINVAL, "kind", "must be congress or direct");
	if ((unsigned)in->round >= TALLY_ROUND_COUNT)
		return rd_fail(e, RD_EINVAL, "round", "must be first, re_election or tie_vote");
	if ((unsigned)in->office >= OFFICE_CLASS_COUNT)
		return rd_fail(e, RD_EINVAL, "office", "unknown office");
	if (in->seats < 1)
		return rd_fail(e, RD_EINVAL, "seats", "must be at least 1");
	rc = check_count(in->seats, "seats", e);
	if (rc == RD_OK)
		rc = check_count(in->electorate, "electorate", e);
	if (rc == RD_OK)
		rc = check_count(in->ballots_issued, "ballots_issued", e);
	if (rc == RD_OK)
		rc = check_count(in->ballots_returned, "ballots_returned", e);
	if (rc != RD_OK)
		return rc;
	if (in->ballots_issued > in->electorate)
		return rd_fail(e, RD_EINVAL, "ballots_issued", "exceeds the electorate");
	if (in->n_candidates > 0 && !in->candidates)
		return rd_fail(e, RD_EINVAL, "candidates", "missing");
	for (size_t i = 0; i < in->n_candidates; i++) {
		if (!in->candidates[i] || !in->candidates[i][0])
			return rd_fail(e, RD_EINVAL, "candidates", "a name must not be empty");
		if (ballot_name_index(in->candidates, i, in->candidates[i]) >= 0)
			return rd_fail(e, RD_EINVAL, "candidates", "'%s' is listed twice",
				       in->candidates[i]);
	}
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
		rc = ballot_read(&in->ballots[i], i, in->seats, in->candidates, in->n_candidates,
				 &verdict, e);
		if (rc != RD_OK)
			return rc;
	}
	return RD_OK;
}

int64_t tally_threshold(enum tally_kind k, enum tally_round r, int64_t electorate, int64_t returned)
{
	int64_t t;

	if (electorate < 0 || electorate > RULES_MAX_COUNT || returned < 0 ||
	    returned > RULES_MAX_COUNT)
		return -1;
	if (r == TALLY_TIE_VOTE) {
		/* LOL art. 29(1), EL art. 45(3): 就票数相等的人再次投票，以得票多的当选
		 * — the most votes win; one vote can decide. */
		return 1;
	}
	if (k == TALLY_CONGRESS) {
		/* LOL art. 25, 29(2); EL art. 45(2), 45(5): more than half of all
		 * delegates, in the first round and in a re-election alike. */
		t = rules_more_than_half(electorate);
	} else if (r == TALLY_FIRST) {
		/* EL art. 45(1): 获得参加投票的选民过半数的选票 — base: ballots
		 * returned, void ones included. */
		t = rules_more_than_half(returned);
	} else {
		/* EL art. 45(5): 以得票多的当选，但是得票数不得少于选票的三分之一. */
		t = rules_one_third(returned);
	}
	return t < 1 ? 1 : t;
}

/* A row while counting: the public row plus its place among the candidates. */
struct work_row {
	struct tally_row row;
	size_t cand; /* index in candidates, or SIZE_MAX for a write-in */
};

static int row_cmp(const void *pa, const void *pb)
{
	const struct work_row *a = pa, *b = pb;

	/* spec/tally.md: most votes first, ties in the order of the candidates,
	 * write-ins after (among themselves: by the bytes of the name, so that
	 * counting from ballots and from totals give the same order). */
	if (a->row.votes != b->row.votes)
		return a->row.votes > b->row.votes ? -1 : 1;
	if (a->row.write_in != b->row.write_in)
		return a->row.write_in ? 1 : -1;
	if (!a->row.write_in)
		return a->cand < b->cand ? -1 : a->cand > b->cand;
	return strcmp(a->row.name, b->row.name);
}

/* Adds one vote (or n votes) for name: a candidate's row or a write-in's. */
static void add_votes(struct work_row *rows, size_t *n_rows, size_t n_candidates,
		      const char *const *candidates, const char *name, int64_t n)
{
	long c = ballot_name_index(candidates, n_candidates, name);

	if (c >= 0) {
		rows[c].row.votes += n;
		return;
	}
	for (size_t i = n_candidates; i < *n_rows; i++) {
		if (strcmp(rows[i].row.name, name) == 0) {
			rows[i].row.votes += n;
			return;
		}
	}
	rows[*n_rows].row.name = name;
	rows[*n_rows].row.votes = n;
	rows[*n_rows].row.write_in = true;
	rows[*n_rows].cand = SIZE_MAX;
	(*n_rows)++;
}

/* Counts the input into rows (capacity checked by the caller); sets *voids. */
static void count(const struct tally_input *in, struct work_row *rows, size_t *n_rows,
		  int64_t *voids)
{
	enum ballot_verdict v;

	for (size_t i = 0; i < in->n_candidates; i++) {
		rows[i].row.name = in->candidates[i];
		rows[i].cand = i;
	}
	*n_rows = in->n_candidates;
	if (in->have_counts) {
		*voids = in->void_count;
		for (size_t i = 0; i < in->n_votes; i++)
			add_votes(rows, n_rows, in->n_candidates, in->candidates, in->votes[i].name,
				  in->votes[i].votes);
		return;
	}
	*voids = 0;
	for (size_t i = 0; i < in->n_ballots; i++) {
		const struct ballot *b = &in->ballots[i];

		/* Validated already: RD_OK is certain here. */
		if (ballot_read(b, i, in->seats, in->candidates, in->n_candidates, &v, NULL) !=
			    RD_OK ||
		    v != BALLOT_VALID) {
			(*voids)++;
			continue;
		}
		for (size_t j = 0; j < b->n_yes; j++)
			add_votes(rows, n_rows, in->n_candidates, in->candidates, b->yes[j], 1);
		for (size_t j = 0; j < b->n_write_in; j++)
			add_votes(rows, n_rows, in->n_candidates, in->candidates, b->write_in[j],
				  1);
	}
}

/* Fills the seats in row order: all who reached it, unless a tie at the
 * cut-off leaves the winners undetermined (LOL art. 29(1), EL art. 45(3)). */
static void elect(struct tally_result *out, int64_t seats)
{
	size_t reached = 0, sure = 0, tied_end;
	int64_t cut;

	while (reached < out->n_rows && out->rows[reached].reached)
		reached++;
	if ((int64_t)reached <= seats) {
		/* LOL art. 29(2), EL art. 45(4): fewer reached than seats → the
		 * rest go to a re-election (另行选举). */
		for (size_t i = 0; i < reached; i++)
			out->rows[i].elected = true;
		out->n_elected = reached;
		out->unfilled = seats - (int64_t)reached;
		return;
	}
	/* LOL art. 29(1): 获得过半数选票的候选人人数超过应选名额时，以得票多的当选. */
	cut = out->rows[seats - 1].votes;
	while (sure < reached && out->rows[sure].votes > cut)
		sure++;
	tied_end = sure;
	while (tied_end < reached && out->rows[tied_end].votes == cut)
		tied_end++;
	if ((int64_t)tied_end <= seats) {
		/* No tie across the cut-off: the first `seats` rows win. */
		sure = (size_t)seats;
		tied_end = sure;
	}
	for (size_t i = 0; i < sure; i++)
		out->rows[i].elected = true;
	out->n_elected = sure;
	if (tied_end > sure) {
		/* 如遇票数相等不能确定当选人时，应当就票数相等的人再次投票. */
		out->n_tie = tied_end - sure;
		out->tie_seats = seats - (int64_t)sure;
	}
	out->unfilled = 0;
}

enum rd_err tally_decide(const struct tally_input *in, struct arena *a, struct tally_result *out,
			 struct rd_error *e)
{
	struct work_row *work = NULL;
	size_t cap, n_work = 0, k = 0;
	int64_t voids = 0;
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	rc = tally_validate(in, e);
	if (rc != RD_OK)
		return rc;

	cap = in->n_candidates;
	if (in->have_counts) {
		cap += in->n_votes;
	} else {
		for (size_t i = 0; i < in->n_ballots; i++)
			cap += in->ballots[i].n_write_in;
	}
	if (cap > SIZE_MAX / sizeof(*work) / 2)
		return rd_fail(e, RD_ENOMEM, NULL, "too many names");
	work = arena_alloc(a, (cap ? cap : 1) * sizeof(*work));
	if (!work)
		return rd_fail(e, RD_ENOMEM, NULL, "out of memory");
	count(in, work, &n_work, &voids);

	out->issued = in->ballots_issued;
	out->returned = in->ballots_returned;
	out->void_ballots = voids;
	out->valid_ballots = in->ballots_returned - voids;
	out->threshold = tally_threshold(in->kind, in->round, in->electorate, in->ballots_returned);
	out->valid = true;
	if (in->ballots_returned > in->ballots_issued) {
		/* EL art. 44(1): 每次选举所投的票数，多于投票人数的无效. */
		out->valid = false;
		out->reason = TALLY_VOID_MORE_RETURNED;
	} else if (in->kind == TALLY_DIRECT && in->round != TALLY_TIE_VOTE &&
		   in->ballots_returned <= in->electorate / 2) {
		/* EL art. 45(1): 选区全体选民的过半数参加投票，选举有效. */
		out->valid = false;
		out->reason = TALLY_VOID_TURNOUT;
	}
	if (!out->valid) {
		out->unfilled = in->seats;
		return RD_OK;
	}

	/* Only names that received a vote are reported. */
	for (size_t i = 0; i < n_work; i++)
		if (work[i].row.votes > 0)
			work[k++] = work[i];
	n_work = k;
	qsort(work, n_work, sizeof(*work), row_cmp);
	out->rows = arena_alloc(a, (n_work ? n_work : 1) * sizeof(*out->rows));
	out->elected = arena_alloc(a, (n_work ? n_work : 1) * sizeof(*out->elected));
	out->tie = arena_alloc(a, (n_work ? n_work : 1) * sizeof(*out->tie));
	if (!out->rows || !out->elected || !out->tie) {
		memset(out, 0, sizeof(*out));
		return rd_fail(e, RD_ENOMEM, NULL, "out of memory");
	}
	out->n_rows = n_work;
	for (size_t i = 0; i < n_work; i++) {
		out->rows[i] = work[i].row;
		out->rows[i].reached = out->rows[i].votes >= out->threshold;
	}
	elect(out, in->seats);
	for (size_t i = 0; i < out->n_elected; i++)
		out->elected[i] = out->rows[i].name;
	for (size_t i = 0; i < out->n_tie; i++)
		out->tie[i] = out->rows[out->n_elected + i].name;
	return RD_OK;
}

enum rd_err tally_decide_many(const struct tally_input *in, size_t n, struct arena *a,
			      struct tally_result *out, size_t *failed, struct rd_error *e)
{
	enum rd_err rc;

	/* RULES §7: several offices in one round, separate ballots, each
	 * counted separately. */
	for (size_t i = 0; i < n; i++) {
		rc = tally_decide(&in[i], a, &out[i], e);
		if (rc != RD_OK) {
			if (failed)
				*failed = i;
			return rc;
		}
	}
	return RD_OK;
}
