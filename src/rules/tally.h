/*
 * tally.h — deciding one round of an election (RULES §7, §9; the contract
 * of `renda tally` in spec/tally.md).
 *
 * Input: the kind of election (by the congress or by the voters), the round
 * (first, re-election, tie vote), the seats, the electorate, the ballots
 * issued and returned, the candidates, and either every ballot or the
 * counted totals. Output: whether the round is valid, the threshold, every
 * name's votes, who reached the threshold, who is elected, a tie at the
 * cut-off to be voted again, and the seats left for a re-election.
 *
 * Several offices voted in one round use separate ballots: decide each with
 * its own tally_decide (see tally_decide_many).
 *
 * Pure: no I/O, no globals. Every string in the result borrows from the
 * input (names) — the input must outlive the result; the arrays come from
 * the caller's arena.
 */
#ifndef RD_RULES_TALLY_H
#define RD_RULES_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "rules/ballot.h"
#include "rules/margins.h"

enum tally_kind {
	TALLY_CONGRESS = 0, /* elected by the delegates (LOL 25, 29; EL 45(2)) */
	TALLY_DIRECT,	    /* elected by the voters of a constituency (EL 45(1)) */
	TALLY_KIND_COUNT
};

enum tally_round {
	TALLY_FIRST = 0,   /* the first vote */
	TALLY_RE_ELECTION, /* 另行选举 for seats left unfilled */
	TALLY_TIE_VOTE,	   /* 再次投票 among those tied at the cut-off */
	TALLY_ROUND_COUNT
};

enum tally_void_reason {
	TALLY_VOID_NONE = 0,
	TALLY_VOID_MORE_RETURNED, /* more ballots returned than issued (EL art. 44(1)) */
	TALLY_VOID_TURNOUT,	  /* direct: not more than half the voters voted (EL 45(1)) */
};

/* Stable names used in JSON: "congress", "first", "more_returned_than_issued", ... */
const char *tally_kind_name(enum tally_kind k);
const char *tally_round_name(enum tally_round r);
const char *tally_void_reason_name(enum tally_void_reason r);
enum rd_err tally_kind_parse(const char *s, enum tally_kind *out, struct rd_error *e);
enum rd_err tally_round_parse(const char *s, enum tally_round *out, struct rd_error *e);

/* One name's total in counted form. */
struct tally_votes {
	const char *name;
	int64_t votes;
};

struct tally_input {
	enum tally_kind kind;
	enum tally_round round;
	enum office_class office; /* informative; carried, validated */
	int64_t seats;		  /* seats to fill in this round, >= 1 */
	int64_t electorate;	  /* congress: all sitting delegates; direct: registered voters */
	int64_t ballots_issued;	  /* 发出选票 */
	int64_t ballots_returned; /* 收回选票 (= those who voted) */
	const char *const *candidates;
	size_t n_candidates;
	/* exactly one of: */
	bool have_ballots;
	const struct ballot *ballots; /* n_ballots must equal ballots_returned */
	size_t n_ballots;
	bool have_counts;
	int64_t void_count;		 /* counts.void */
	const struct tally_votes *votes; /* counts.votes; may include write-ins */
	size_t n_votes;
};

struct tally_row {
	const char *name; /* borrowed from the input */
	int64_t votes;
	bool write_in; /* not one of the candidates */
	bool reached;  /* votes >= threshold */
	bool elected;
};

struct tally_result {
	bool valid;		       /* false: the round is void, to be held again */
	enum tally_void_reason reason; /* why, when not valid */
	int64_t issued, returned;
	int64_t valid_ballots, void_ballots;
	int64_t threshold;	/* fewest votes that can elect in this round */
	struct tally_row *rows; /* names with votes > 0, most votes first */
	size_t n_rows;
	const char **elected; /* in row order */
	size_t n_elected;
	const char **tie;  /* names tied at the cut-off, in row order; */
	size_t n_tie;	   /* n_tie == 0: no tie */
	int64_t tie_seats; /* seats to fill among the tied */
	int64_t unfilled;  /* seats left for a re-election */
};

/*
 * Checks the input as spec/tally.md requires. RD_OK, or RD_EINVAL with the
 * field at fault ("seats", "ballots[3].yes", "counts.votes", ...).
 */
enum rd_err tally_validate(const struct tally_input *in, struct rd_error *e);

/*
 * The fewest votes that can elect: more than half of the electorate
 * (congress, first and re-election), more than half of those who voted
 * (direct, first), one third of those who voted (direct, re-election), 1
 * (tie vote). Never less than 1. -1 if the input's numbers are out of range.
 */
int64_t tally_threshold(enum tally_kind k, enum tally_round r, int64_t electorate,
			int64_t returned);

/*
 * Decides one round. Validates first (see tally_validate); on RD_EINVAL
 * *out is zeroed. On success fills *out with arrays allocated from arena a
 * (freed with the arena) and strings borrowed from in. RD_ENOMEM if the
 * arena is exhausted.
 */
enum rd_err tally_decide(const struct tally_input *in, struct arena *a, struct tally_result *out,
			 struct rd_error *e);

/*
 * Decides n independent rounds (several offices voted at once, each on its
 * own ballot) into out[0..n-1]. Stops at the first failure, whose index is
 * stored in *failed (if given); the error names that round's field.
 */
enum rd_err tally_decide_many(const struct tally_input *in, size_t n, struct arena *a,
			      struct tally_result *out, size_t *failed, struct rd_error *e);

#endif
