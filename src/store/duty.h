/*
 * duty.h — a delegate's duty record (履职档案) in the store: what renda
 * already holds about one delegate's work, read back per period, and the
 * liaison activities (联络活动) a delegate records.
 *
 * Nothing here is stored twice: attendance comes from `attendance`, votes
 * from `votes`, election rounds from `ballot_register`, suggestions from
 * `suggestion_signers`, public issues from `opinions`, activities from
 * `liaison_activities` (migration 7).
 *
 * Secret ballots (invariants 3 and 4): the register has no choice and no
 * time, and the functions below return only which rounds a delegate took
 * part in. The choice in an anonymous poll never leaves the store: the query
 * itself replaces it with NULL, so no caller can print it by mistake.
 *
 * A period is [from_ms, to_ms) in UTC milliseconds for items with a time,
 * and [from_day, to_day] as "YYYY-MM-DD" for activities, which have a civil
 * date. Every function runs inside the caller's transaction; callbacks stop
 * the walk by returning non-zero. Text is valid until the callback returns.
 */
#ifndef RD_STORE_DUTY_H
#define RD_STORE_DUTY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

#define DUTY_TITLE 513	/* 128 characters */
#define DUTY_NOTE  2049 /* 500 characters */

struct duty_period {
	int64_t from_ms, to_ms; /* [from, to) */
	char from_day[11];	/* first day, "YYYY-MM-DD" */
	char to_day[11];	/* last day, inclusive */
};

/* A plenary of the delegate's term that has been held (not only scheduled). */
struct duty_plenary {
	int64_t id;
	int64_t number;
	int64_t held_at; /* ms: the first check-in, else the first vote opened */
	char title[DUTY_TITLE];
	char session[DUTY_TITLE];
	char state[16]; /* the delegate's: present / absent / excused ("absent": no row) */
};

/* A poll the delegate voted in. */
struct duty_poll {
	int64_t id;
	int64_t opened_at;
	bool anonymous;
	char title[DUTY_TITLE];
	char plenary[DUTY_TITLE];
	char choice[8]; /* named and released polls only, else "" */
};

/* An electronic election round the delegate cast a ballot in (closed or
 * announced: while a round is open nobody is told who has voted). */
struct duty_round {
	int64_t id;
	int64_t opened_at;
	char kind[16]; /* first / re_election / tie_vote */
	char election[DUTY_TITLE];
	char office[DUTY_TITLE];
};

struct duty_suggestion {
	int64_t id;
	int64_t submitted_at;
	char title[DUTY_TITLE];
	char state[24];
	char category[65];
	char role[16];		    /* proposer / co_signer */
	char result[16];	    /* the newest reply's category, "" before a reply */
	char rating[24];	    /* the delegate's newest rating, "" if none */
	char lead_unit[DUTY_TITLE]; /* "" before assignment */
};

/* A public issue (社情民意) routed to or handled by the delegate. */
struct duty_opinion {
	int64_t id;
	int64_t submitted_at;
	int64_t closed_at; /* 0 while open */
	char code[32];
	char title[DUTY_TITLE];
	char state[16];
	char category[32];
};

struct duty_activity {
	int64_t id;
	int64_t delegate_id;
	int64_t station_id; /* 0: none */
	int64_t opinion_id; /* 0: none */
	int64_t at;	    /* ms, when it was recorded */
	char kind[16];	    /* contact / visit / reception / survey / other */
	char held_on[11];
	char note[DUTY_NOTE];
	char station[DUTY_TITLE]; /* the station's name (read only), "" */
	char opinion_code[32];	  /* the tracking code (read only), "" */
};

/* The plenaries of term_id held in the period, each with the delegate's
 * attendance, oldest first. A plenary that was opened but has neither a
 * check-in nor a vote has no time and belongs to no period. */
enum rd_err duty_plenaries_each(struct store_tx *tx, int64_t term_id, int64_t delegate_id,
				const struct duty_period *p,
				int (*each)(const struct duty_plenary *, void *), void *ctx);

/* The polls the delegate voted in whose voting opened in the period. */
enum rd_err duty_polls_each(struct store_tx *tx, int64_t delegate_id, const struct duty_period *p,
			    int (*each)(const struct duty_poll *, void *), void *ctx);

/* How many polls of term_id opened in the period (open, closed or released). */
enum rd_err duty_polls_held(struct store_tx *tx, int64_t term_id, const struct duty_period *p,
			    int64_t *n);

/* The closed or announced rounds whose register holds the delegate and which
 * opened in the period. Paper rounds have no register and never appear. */
enum rd_err duty_rounds_each(struct store_tx *tx, int64_t delegate_id, const struct duty_period *p,
			     int (*each)(const struct duty_round *, void *), void *ctx);

/* The suggestions the delegate proposed or co-signed, submitted in the period. */
enum rd_err duty_suggestions_each(struct store_tx *tx, int64_t delegate_id,
				  const struct duty_period *p,
				  int (*each)(const struct duty_suggestion *, void *), void *ctx);

/* The public issues routed to the delegate (opinions.delegate_id), submitted
 * in the period. */
enum rd_err duty_opinions_each(struct store_tx *tx, int64_t delegate_id,
			       const struct duty_period *p,
			       int (*each)(const struct duty_opinion *, void *), void *ctx);

/* The delegate's liaison activities held in the period (p NULL: all), newest first. */
enum rd_err duty_activities_each(struct store_tx *tx, int64_t delegate_id,
				 const struct duty_period *p,
				 int (*each)(const struct duty_activity *, void *), void *ctx);

/* Records an activity (a->id is set); a->station_id and a->opinion_id may be 0. */
enum rd_err duty_activity_add(struct store_tx *tx, struct duty_activity *a);

/* The liaison stations the delegate belongs to, by name. */
enum rd_err duty_stations_each(struct store_tx *tx, int64_t delegate_id,
			       int (*each)(int64_t id, const char *name, void *), void *ctx);

/* The name of a liaison station (out of DUTY_TITLE bytes); RD_ENOTFOUND. */
enum rd_err duty_station_name(struct store_tx *tx, int64_t id, char *out);

#endif
