/*
 * direct.h — direct elections of county delegates in the store (RULES §9,
 * migration 10): a direct election, its constituencies (选区) with voters,
 * seats and candidates, and per constituency its rounds (first, tie vote,
 * re-election) with the figures staff recorded and the decision of
 * rules/direct.c, both as JSON text, and the signed announcement.
 */
#ifndef RD_STORE_DIRECT_H
#define RD_STORE_DIRECT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

struct direct_election {
	int64_t id;
	char title[256];
	char election_day[40];
	bool keep_unfilled_vacant; /* RULES §9 setting */
};

struct constituency {
	int64_t id;
	int64_t direct_election_id;
	char name[256];
	int64_t voters;	       /* registered voters (选民) */
	int64_t seats;	       /* 1..3 (EL art. 25) */
	char candidates[8192]; /* JSON array of names, ballot order */
};

struct direct_round {
	int64_t id;
	int64_t constituency_id;
	int64_t parent_id; /* 0: the first round */
	char kind[16];	   /* first / re_election / tie_vote */
	int64_t seats;
	char names[8192]; /* JSON array: the ballot */
	char state[16];	  /* draft / decided / announced */
	int64_t recorded_at, announced_at;
};

enum rd_err direct_election_create(struct store_tx *tx, struct direct_election *d, int64_t now);
enum rd_err direct_election_get(struct store_tx *tx, int64_t id, struct direct_election *out);
enum rd_err direct_elections_each(struct store_tx *tx,
				  int (*each)(const struct direct_election *, void *), void *ctx);

/* RD_ECONFLICT if the election has a constituency of that name. */
enum rd_err constituency_create(struct store_tx *tx, struct constituency *c);
enum rd_err constituency_get(struct store_tx *tx, int64_t id, struct constituency *out);
enum rd_err constituencies_each(struct store_tx *tx, int64_t direct_election_id,
				int (*each)(const struct constituency *, void *), void *ctx);

enum rd_err direct_round_create(struct store_tx *tx, struct direct_round *r);
enum rd_err direct_round_get(struct store_tx *tx, int64_t id, struct direct_round *out);
enum rd_err direct_rounds_each(struct store_tx *tx, int64_t constituency_id,
			       int (*each)(const struct direct_round *, void *), void *ctx);
/* Records figures and decision (JSON); state becomes decided. RD_ECONFLICT
 * if the round is announced. */
enum rd_err direct_round_record(struct store_tx *tx, int64_t id, const char *figures,
				const char *decision, int64_t now);
/* Calls each with the figures and decision; RD_ENOTFOUND if none. */
enum rd_err direct_round_figures(struct store_tx *tx, int64_t id,
				 enum rd_err (*each)(const char *figures, const char *decision,
						     void *),
				 void *ctx);
/* decided → announced with the announcement text and signature. */
enum rd_err direct_round_announce(struct store_tx *tx, int64_t id, const char *text,
				  const char *sig, int64_t now);
enum rd_err direct_round_announcement(struct store_tx *tx, int64_t id,
				      enum rd_err (*each)(const char *text, const char *sig,
							  void *),
				      void *ctx);
/* How many rounds have parent_id as their parent. */
/* The ids of announced rounds, oldest first, at most max (renda verify). */
enum rd_err direct_rounds_announced(struct store_tx *tx, int64_t *ids, size_t max, size_t *n);
enum rd_err direct_round_children(struct store_tx *tx, int64_t parent_id, int64_t *n);

#endif
