/*
 * poll.h — quorum of a plenary (RULES §2) and the outcome of a vote on a
 * resolution (表决, RULES §3).
 *
 * The base of every verdict is "all delegates" (see counting.h), not those
 * present or voting: 200 delegates, 160 present, 100 yes → fails (needs 101).
 * The threshold is a per-poll setting; majority_of_all is the default.
 */
#ifndef RD_RULES_POLL_H
#define RD_RULES_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

enum poll_threshold {
	POLL_MAJORITY_OF_ALL = 0, /* default: LOL art. 25 */
	POLL_TWO_THIRDS_OF_ALL,	  /* other bodies, e.g. constitutional matters */
	POLL_MAJORITY_OF_PRESENT, /* other bodies whose rules say so */
	POLL_THRESHOLD_COUNT
};

/* The stable name of a threshold ("majority_of_all", ...), or NULL. */
const char *poll_threshold_name(enum poll_threshold t);

/* Parses a threshold name; RD_EINVAL (field "threshold") if unknown. */
enum rd_err poll_threshold_parse(const char *s, enum poll_threshold *out, struct rd_error *e);

struct quorum {
	int64_t all;	  /* all delegates */
	int64_t present;  /* checked in */
	int64_t required; /* 2/3 or more of all */
	bool met;	  /* present >= required */
};

/*
 * LOL art. 14(4): a plenary may be held only if 2/3 or more of all delegates
 * are present. Fills q. RD_EINVAL naming "all" or "present" if a count is
 * negative or too large, or present > all; q is then zeroed.
 */
enum rd_err poll_quorum(int64_t all, int64_t present, struct quorum *q, struct rd_error *e);

/* The numbers of one closed poll. */
struct poll_count {
	int64_t all;	   /* all delegates at the moment of the vote */
	int64_t present;   /* checked in */
	int64_t yes;	   /* 赞成 */
	int64_t no;	   /* 反对 */
	int64_t abstain;   /* 弃权 */
	int64_t not_voted; /* present but pressed nothing (未按表决器) */
};

struct poll_outcome {
	int64_t needed; /* yes votes needed to pass */
	bool passed;	/* yes >= needed */
	bool quorum;	/* present >= 2/3 of all (informative) */
};

/*
 * Decides a poll. Checks the counts first: none negative or above
 * RULES_MAX_COUNT, present <= all, yes+no+abstain+not_voted == present;
 * a failed check returns RD_EINVAL naming the field ("present", "not_voted",
 * ...) and leaves *out zeroed. On success fills *out and returns RD_OK.
 */
enum rd_err poll_decide(const struct poll_count *c, enum poll_threshold t, struct poll_outcome *out,
			struct rd_error *e);

#endif
