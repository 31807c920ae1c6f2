/*
 * elections.h — elections in the store: an election per office, its
 * candidates, its rounds (first, tie vote, re-election), and secret ballots.
 *
 * Secrecy (DESIGN.md invariant 3): ballot_cast() writes the voter into the
 * register and the ballot into the box in one transaction (so an
 * acknowledged ballot survives a crash and a voter votes once), but the two
 * rows share nothing except the round: the register has no time and is
 * ordered by delegate; the ballot has no voter and no time and is ordered by
 * a random token. Connections run with secure_delete, and store_checkpoint()
 * after a round closes removes the write-ahead log that held the commit
 * order.
 */
#ifndef RD_STORE_ELECTIONS_H
#define RD_STORE_ELECTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/floor.h"
#include "store/store.h"

struct election {
	int64_t id;
	int64_t session_id;
	char title[FLOOR_TITLE];
	char office[32]; /* office_class_name() */
	int64_t seats;
	int64_t margin_min, margin_max; /* the configured margin (选举办法) */
};

struct candidate {
	int64_t id;
	int64_t election_id;
	int64_t delegate_id; /* 0: not a delegate */
	char name[FLOOR_NAME];
	char nominated_by[16]; /* presidium / joint */
	char bio[FLOOR_TEXT];
};

#define ROUND_MAX_NAMES 64

struct round {
	int64_t id;
	int64_t election_id;
	int64_t plenary_id;
	int64_t parent_id; /* 0: the first round */
	char kind[16];	   /* first / re_election / tie_vote */
	int64_t seats;
	char state[16]; /* draft / open / closed / announced */
	bool has_counts;
	int64_t electorate, issued, returned;
	int64_t opened_at, closed_at, announced_at;
	char mode[16];			      /* electronic / paper */
	bool paper_counted;		      /* paper: issued and returned recorded */
	int64_t paper_issued, paper_returned; /* paper: as counted by staff */
	int64_t teller[2];		      /* paper: the two tellers' user ids, 0: not yet */
	size_t n_names;			      /* the ballot, in ballot order */
	char names[ROUND_MAX_NAMES][FLOOR_NAME];
};

enum rd_err election_create(struct store_tx *tx, struct election *e, int64_t now);
enum rd_err election_get(struct store_tx *tx, int64_t id, struct election *out);
enum rd_err elections_each(struct store_tx *tx, int64_t session_id,
			   int (*each)(const struct election *, void *), void *ctx);

enum rd_err candidate_add(struct store_tx *tx, struct candidate *c);
enum rd_err candidates_each(struct store_tx *tx, int64_t election_id,
			    int (*each)(const struct candidate *, void *), void *ctx);

/* Creates the round with its ballot names (r->names, r->n_names). */
enum rd_err round_create(struct store_tx *tx, struct round *r);
enum rd_err round_get(struct store_tx *tx, int64_t id, struct round *out);
enum rd_err rounds_each(struct store_tx *tx, int64_t election_id,
			int (*each)(const struct round *, void *), void *ctx);
/* Moves state, stamping the time column of the new state; RD_ECONFLICT if
 * the round was not in `from`. */
enum rd_err round_transition(struct store_tx *tx, int64_t id, const char *from, const char *to,
			     int64_t at);
/* An open round in the plenary, 0 if none. */
enum rd_err round_open_in(struct store_tx *tx, int64_t plenary_id, int64_t *round_id);
enum rd_err round_set_counts(struct store_tx *tx, int64_t id, int64_t electorate, int64_t issued,
			     int64_t returned, const char *decision);
/* Calls each with the decision JSON (spec/tally.md output); RD_ENOTFOUND if
 * the round has none yet. */
enum rd_err round_decision(struct store_tx *tx, int64_t id,
			   enum rd_err (*each)(const char *json, void *), void *ctx);
enum rd_err round_set_announcement(struct store_tx *tx, int64_t id, const char *announcement,
				   const char *signature);
/* The announcement and its signature; RD_ENOTFOUND if not announced. */
enum rd_err round_announcement(struct store_tx *tx, int64_t id,
			       enum rd_err (*each)(const char *text, const char *sig, void *),
			       void *ctx);

/*
 * Puts the voter in the register and the ballot (content JSON, receipt) in
 * the box. RD_ECONFLICT if the voter is in the register already; then
 * nothing is written.
 */
enum rd_err ballot_cast(struct store_tx *tx, int64_t round_id, int64_t delegate_id,
			const char *content, const char *receipt);
enum rd_err ballot_registered(struct store_tx *tx, int64_t round_id, int64_t delegate_id,
			      bool *yes);
/* How many have voted (the register) and how many ballots are in the box. */
enum rd_err ballot_counts(struct store_tx *tx, int64_t round_id, int64_t *registered,
			  int64_t *ballots);
/* Every ballot's content, in token (random) order. */
enum rd_err ballots_each(struct store_tx *tx, int64_t round_id,
			 int (*each)(const char *content, void *), void *ctx);
/* Every receipt, sorted. */
enum rd_err receipts_each(struct store_tx *tx, int64_t round_id,
			  int (*each)(const char *receipt, void *), void *ctx);

/* Ids of the announced rounds, in order: at most max, how many in *n. */
enum rd_err rounds_announced(struct store_tx *tx, int64_t *ids, size_t max, size_t *n);

/* ---- joint nominations (elections_nominations.c) ---------------------- */

#define NOMINATION_MAX_NAMES 16

struct nomination {
	int64_t id;
	int64_t election_id;
	int64_t started_by; /* a delegate */
	char state[16];	    /* open / submitted */
	int64_t created_at, submitted_at;
	int64_t signers;
	size_t n_names;
	char names[NOMINATION_MAX_NAMES][FLOOR_NAME];
};

/* Creates the nomination with its names; the starter is not yet a signer. */
enum rd_err nomination_create(struct store_tx *tx, struct nomination *n, int64_t now);
enum rd_err nomination_get(struct store_tx *tx, int64_t id, struct nomination *out);
enum rd_err nominations_each(struct store_tx *tx, int64_t election_id,
			     int (*each)(const struct nomination *, void *), void *ctx);
/* Adds the delegate as a signer; RD_ECONFLICT if they signed it already. */
enum rd_err nomination_sign(struct store_tx *tx, int64_t id, int64_t delegate_id, int64_t now);
enum rd_err nomination_signed(struct store_tx *tx, int64_t id, int64_t delegate_id, bool *yes);
/* How many names the delegate has signed for in the election's nominations. */
enum rd_err nomination_names_signed(struct store_tx *tx, int64_t election_id, int64_t delegate_id,
				    int64_t *n);
enum rd_err nomination_submit(struct store_tx *tx, int64_t id, int64_t now);
/* How many rounds the election has. */
enum rd_err election_round_count(struct store_tx *tx, int64_t election_id, int64_t *n);

/* ---- paper rounds (elections_paper.c) ---------------------------------- */

/* Sets the mode of a round that was just created. */
enum rd_err round_set_mode(struct store_tx *tx, int64_t id, const char *mode);
enum rd_err paper_set_counts(struct store_tx *tx, int64_t round_id, int64_t issued,
			     int64_t returned);
/* The user's teller slot (1 or 2) in the round, taking a free slot if the
 * user has none; RD_ECONFLICT if both are taken by others. */
enum rd_err paper_teller(struct store_tx *tx, int64_t round_id, int64_t user_id, int *slot);
/* One teller's reading of ballot `number`; RD_ECONFLICT if entered already. */
enum rd_err paper_entry_add(struct store_tx *tx, int64_t round_id, int slot, int64_t number,
			    const char *content);
/* Every ballot number entered by either teller or settled, in order, with
 * each teller's reading and the settled one (NULL where there is none). */
enum rd_err paper_entries_each(struct store_tx *tx, int64_t round_id,
			       int (*each)(int64_t number, const char *r1, const char *r2,
					   const char *settled, void *),
			       void *ctx);
/* The chief scrutineer's reading of ballot number; RD_ECONFLICT if settled. */
enum rd_err paper_settle(struct store_tx *tx, int64_t round_id, int64_t number, const char *content,
			 int64_t user_id);
/* A teller's checked totals (replacing an earlier entry). */
enum rd_err paper_totals_set(struct store_tx *tx, int64_t round_id, int slot, const char *content);
/* Both tellers' totals (NULL where not entered). */
enum rd_err paper_totals_get(struct store_tx *tx, int64_t round_id,
			     enum rd_err (*each)(const char *t1, const char *t2, void *),
			     void *ctx);

#endif
