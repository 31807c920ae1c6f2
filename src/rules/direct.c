/*
 * direct.c — one constituency's round of a direct election; see direct.h.
 *
 * The count and the election itself are tally_decide's (TALLY_DIRECT);
 * this file checks the figures only a constituency records (roving boxes,
 * proxies, seats per constituency), says what follows, and proposes the
 * re-election's candidates.
 */
#include "rules/direct.h"

#include <stdio.h>
#include <string.h>

#include "rules/counting.h"
#include "base/banned.h"

static const char *const next_names[DIRECT_NEXT_COUNT] = {
	[DIRECT_DONE] = "done",		[DIRECT_HOLD_AGAIN] = "hold_again",
	[DIRECT_TIE_VOTE] = "tie_vote", [DIRECT_RE_ELECTION] = "re_election",
	[DIRECT_VACANT] = "vacant",
};

const char *direct_next_name(enum direct_next n)
{
	return (unsigned)n < DIRECT_NEXT_COUNT ? next_names[n] : NULL;
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

void direct_tally_input(const struct direct_input *in, struct tally_input *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = TALLY_DIRECT;
	out->round = in->round;
	out->office = OFFICE_DIRECT;
	out->seats = in->seats;
	out->electorate = in->voters;
	out->ballots_issued = in->ballots_issued;
	out->ballots_returned = in->ballots_returned;
	out->candidates = in->candidates;
	out->n_candidates = in->n_candidates;
	out->have_counts = true;
	out->void_count = in->void_count;
	out->votes = in->votes;
	out->n_votes = in->n_votes;
}

static enum rd_err validate_proxies(const struct direct_input *in, struct rd_error *e)
{
	int64_t sum = 0;
	char field[64];

	if (in->n_proxies > DIRECT_PROXY_LIST_MAX)
		return rd_fail(e, RD_EINVAL, "proxies", "at most %d entries",
			       DIRECT_PROXY_LIST_MAX);
	if (in->n_proxies > 0 && !in->proxies)
		return rd_fail(e, RD_EINVAL, "proxies", "missing");
	for (size_t i = 0; i < in->n_proxies; i++) {
		const struct direct_proxy *p = &in->proxies[i];

		if (!p->holder || !p->holder[0]) {
			snprintf(field, sizeof(field), "proxies[%zu].holder", i);
			return rd_fail(e, RD_EINVAL, field, "must not be empty");
		}
		/* EL art. 42: 每一选民接受的委托不得超过三人. */
		if (p->principals < 1 || p->principals > DIRECT_PROXIES_MAX) {
			snprintf(field, sizeof(field), "proxies[%zu].principals", i);
			return rd_fail(e, RD_EINVAL, field,
				       "a voter may vote for 1 to %d others (EL art. 42)",
				       DIRECT_PROXIES_MAX);
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(in->proxies[j].holder, p->holder) == 0) {
				snprintf(field, sizeof(field), "proxies[%zu].holder", i);
				return rd_fail(e, RD_EINVAL, field,
					       "'%s' is listed twice: give one entry per voter",
					       p->holder);
			}
		}
		sum += p->principals;
	}
	/* The proxies' ballots are among those returned. */
	if (sum > in->ballots_returned)
		return rd_fail(e, RD_EINVAL, "proxies",
			       "%lld ballots by proxy, more than the %lld returned", (long long)sum,
			       (long long)in->ballots_returned);
	return RD_OK;
}

enum rd_err direct_validate(const struct direct_input *in, struct rd_error *e)
{
	struct tally_input t;
	enum rd_err rc;

	if ((unsigned)in->round >= TALLY_ROUND_COUNT)
		return rd_fail(e, RD_EINVAL, "round", "must be first, re_election or tie_vote");
	/* EL art. 25(2): 选区的大小，按照每一选区选一名至三名代表划分. */
	if (in->seats < 1 || in->seats > DIRECT_SEATS_MAX)
		return rd_fail(e, RD_EINVAL, "seats",
			       "a constituency elects 1 to %d delegates (EL art. 25)",
			       DIRECT_SEATS_MAX);
	if (in->voters < 1)
		return rd_fail(e, RD_EINVAL, "voters", "a constituency has registered voters");
	rc = check_count(in->voters, "voters", e);
	if (rc == RD_OK)
		rc = check_count(in->roving_issued, "roving.issued", e);
	if (rc == RD_OK)
		rc = check_count(in->roving_returned, "roving.returned", e);
	if (rc != RD_OK)
		return rc;
	direct_tally_input(in, &t);
	rc = tally_validate(&t, e);
	if (rc != RD_OK)
		return rc;
	/* EL art. 38: the roving boxes' ballots are part of the totals. */
	if (in->roving_issued > in->ballots_issued)
		return rd_fail(e, RD_EINVAL, "roving.issued", "exceeds ballots_issued");
	if (in->roving_returned > in->ballots_returned)
		return rd_fail(e, RD_EINVAL, "roving.returned", "exceeds ballots_returned");
	return validate_proxies(in, e);
}

enum rd_err direct_decide(const struct direct_input *in, struct arena *a, struct direct_result *out,
			  struct rd_error *e)
{
	struct margin_config cfg;
	struct tally_input t;
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	rc = direct_validate(in, e);
	if (rc != RD_OK)
		return rc;
	direct_tally_input(in, &t);
	rc = tally_decide(&t, a, &out->tally, e);
	if (rc != RD_OK) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	/* EL art. 45(1): 选区全体选民的过半数参加投票，选举有效. */
	out->turnout_needed = rules_more_than_half(in->voters);
	out->turnout_met = in->ballots_returned >= out->turnout_needed;
	out->proxy_holders = (int64_t)in->n_proxies;
	for (size_t i = 0; i < in->n_proxies; i++)
		out->proxy_ballots += in->proxies[i].principals;
	out->roving_more_returned = in->roving_returned > in->roving_issued;
	if (in->round == TALLY_FIRST &&
	    margin_default_config(OFFICE_DIRECT, in->seats, &cfg, NULL) == RD_OK &&
	    margin_check(OFFICE_DIRECT, in->seats, (int64_t)in->n_candidates, &cfg, &out->margin,
			 NULL) == RD_OK)
		/* EL art. 31(2): seats + 1/3 .. seats x 2; 1 seat → 2 candidates. */
		out->margin_checked = true;

	if (!out->tally.valid) {
		/* EL art. 44(1), 45(1): a void vote is held again. */
		out->next = DIRECT_HOLD_AGAIN;
	} else if (out->tally.n_tie > 0) {
		/* EL art. 45(3): 就票数相等的候选人再次投票. */
		out->next = DIRECT_TIE_VOTE;
		out->re_election_seats = out->tally.unfilled;
	} else if (out->tally.unfilled > 0 && in->round == TALLY_RE_ELECTION &&
		   in->keep_unfilled_vacant) {
		/* RULES §9: seats a re-election leaves unfilled stay vacant
		 * (a setting; filled later by a by-election, EL art. 57). */
		out->next = DIRECT_VACANT;
		out->vacant = out->tally.unfilled;
	} else if (out->tally.unfilled > 0) {
		/* EL art. 45(4): 不足的名额另行选举. */
		out->next = DIRECT_RE_ELECTION;
		out->re_election_seats = out->tally.unfilled;
	} else {
		out->next = DIRECT_DONE;
	}
	return RD_OK;
}

enum rd_err direct_re_election_candidates(const struct tally_result *first,
					  const char *const *candidates, size_t n_candidates,
					  int64_t seats, struct arena *a,
					  struct direct_re_candidates *out, struct rd_error *e)
{
	struct {
		const char *name;
		int64_t votes;
	} * rows;
	size_t n = 0, want, above = 0, tied = 0;
	int64_t cut;

	memset(out, 0, sizeof(*out));
	if (seats < 1 || seats > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "seats", "must be at least 1");
	if (!first || !first->valid)
		return rd_fail(e, RD_EINVAL, "round", "the first round was void: hold it again");
	rows = arena_alloc(a, sizeof(*rows) * (n_candidates ? n_candidates : 1));
	out->names = arena_alloc(a, sizeof(*out->names) * (n_candidates ? n_candidates : 1));
	out->tie = arena_alloc(a, sizeof(*out->tie) * (n_candidates ? n_candidates : 1));
	if (!rows || !out->names || !out->tie) {
		memset(out, 0, sizeof(*out));
		return rd_fail(e, RD_ENOMEM, NULL, "out of memory");
	}
	/* The unelected candidates with their first-round votes, sorted
	 * (stable: equal votes keep the ballot order). */
	for (size_t i = 0; i < n_candidates; i++) {
		int64_t votes = 0;
		bool elected = false;
		size_t j;

		for (size_t r = 0; r < first->n_rows; r++) {
			if (strcmp(first->rows[r].name, candidates[i]) == 0) {
				votes = first->rows[r].votes;
				elected = first->rows[r].elected;
			}
		}
		if (elected)
			continue;
		j = n++;
		while (j > 0 && rows[j - 1].votes < votes) {
			rows[j] = rows[j - 1];
			j--;
		}
		rows[j].name = candidates[i];
		rows[j].votes = votes;
	}
	/* EL art. 45(4): 按照本法第三十一条规定的差额比例，确定候选人名单。如果只选一人，
	 * 候选人应为二人 — the least lawful margin, ceil(seats/3) (EL art. 31(2)). */
	out->wanted = seats + rules_one_third(seats);
	want = (size_t)out->wanted;
	if (n <= want) {
		out->short_list = n < want;
		for (size_t i = 0; i < n; i++)
			out->names[i] = rows[i].name;
		out->n = n;
		return RD_OK;
	}
	cut = rows[want - 1].votes;
	if (rows[want].votes != cut) {
		for (size_t i = 0; i < want; i++)
			out->names[i] = rows[i].name;
		out->n = want;
		return RD_OK;
	}
	/* A tie across the cut-off: the law does not say; a person chooses. */
	for (size_t i = 0; i < n; i++) {
		if (rows[i].votes > cut)
			out->names[above++] = rows[i].name;
		else if (rows[i].votes == cut)
			out->tie[tied++] = rows[i].name;
	}
	out->n = above;
	out->n_tie = tied;
	out->tie_places = out->wanted - (int64_t)above;
	return RD_OK;
}
