/*
 * suggestions.h — delegates' suggestions in the store: handling units, the
 * suggestions, the units assigned, a timeline of every step, replies and
 * ratings (RULES §5). Their proposers and co-signers are in store/signers.h
 * (SIGNERS_SUGGESTION).
 */
#ifndef RD_STORE_SUGGESTIONS_H
#define RD_STORE_SUGGESTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/floor.h"
#include "store/store.h"

struct unit {
	int64_t id;
	int64_t user_id; /* 0: no account yet */
	char name[FLOOR_TITLE];
	char email[256]; /* where reminders go; "" for none */
};

struct suggestion {
	int64_t id;
	int64_t term_id;
	int64_t delegate_id; /* the first proposer */
	char title[FLOOR_TITLE];
	char content[8193];
	char category[FLOOR_SHORT];
	char state[24];
	int64_t submitted_at;
	char assigned_on[16]; /* civil date, "" before assignment */
	char due_on[16];      /* reply (or rehandling) due, "" when none */
	bool extension_requested;
	bool extended;
	int64_t lead_unit_id; /* 0 before assignment */
	int64_t round;	      /* replies so far */
};

/* email may be NULL (none). */
enum rd_err unit_create(struct store_tx *tx, const char *name, const char *email, int64_t user_id,
			int64_t *id);
enum rd_err unit_get(struct store_tx *tx, int64_t id, struct unit *out);
enum rd_err unit_of_user(struct store_tx *tx, int64_t user_id, struct unit *out);
enum rd_err units_each(struct store_tx *tx, int (*each)(const struct unit *, void *), void *ctx);

enum rd_err suggestion_create(struct store_tx *tx, struct suggestion *s);
enum rd_err suggestion_get(struct store_tx *tx, int64_t id, struct suggestion *out);
/* Writes state, dates, flags, lead unit and round of s. */
enum rd_err suggestion_update(struct store_tx *tx, const struct suggestion *s);
/* Which suggestions a list holds, and which page of them. */
struct sugg_filter {
	int64_t delegate_id;	/* a delegate's own (proposer or co-signer); 0: not */
	int64_t unit_id;	/* a unit's (lead or assisting); 0: not; both 0: all */
	const char *state;	/* only this state; NULL: any */
	const char *due_before; /* "YYYY-MM-DD": only those with a reply due before it */
	int64_t limit, offset;	/* the page (suggestions_page only) */
};

/* One page of the suggestions seen by one kind of caller: all (the office)
 * and a delegate's own newest first, a unit's inbox what is open by due date
 * first, then the closed ones newest first (the order is in suggestions.c).
 * each() is called per row with a suggestion that lives until it returns;
 * nonzero stops. RD_ENOMEM or the store's error. */
enum rd_err suggestions_page(struct store_tx *tx, const struct sugg_filter *f,
			     int (*each)(const struct suggestion *, void *), void *ctx);
/* Per state, of the caller's whole set (only delegate_id and unit_id of f
 * count): how many, how many with a reply due before today (overdue), and
 * how many due from today to soon_until, both days included (dates
 * "YYYY-MM-DD"). States without suggestions are left out. */
enum rd_err suggestions_summary(struct store_tx *tx, const struct sugg_filter *f, const char *today,
				const char *soon_until,
				int (*each)(const char *state, int64_t count, int64_t overdue,
					    int64_t due_soon, void *),
				void *ctx);

/* Replaces the units of a suggestion; lead 0 removes them all. */
enum rd_err suggestion_set_units(struct store_tx *tx, int64_t sid, int64_t lead,
				 const int64_t *assisting, size_t n);
/* The role ("lead"/"assisting") of a unit on a suggestion; RD_ENOTFOUND. */
enum rd_err suggestion_unit_role(struct store_tx *tx, int64_t sid, int64_t unit_id, char *role);
enum rd_err suggestion_units_each(struct store_tx *tx, int64_t sid,
				  int (*each)(int64_t unit_id, const char *name, const char *role,
					      void *),
				  void *ctx);

enum rd_err suggestion_event(struct store_tx *tx, int64_t sid, int64_t at, const char *actor,
			     const char *action, const char *from, const char *to,
			     const char *note);
enum rd_err suggestion_events_each(struct store_tx *tx, int64_t sid,
				   int (*each)(int64_t at, const char *actor, const char *action,
					       const char *from, const char *to, const char *note,
					       void *),
				   void *ctx);

/* due_on: the date the reply was due ("" if none); replied_on: the date of
 * `at` in the deployment's time zone, both "YYYY-MM-DD"; on_time as
 * handling_on_time() decided: for the on-time rate (store/reports.h). */
enum rd_err suggestion_reply_add(struct store_tx *tx, int64_t sid, int64_t unit_id, int64_t round,
				 const char *category, const char *content, const char *signed_by,
				 int64_t at, const char *due_on, const char *replied_on,
				 bool on_time);
enum rd_err suggestion_replies_each(struct store_tx *tx, int64_t sid,
				    int (*each)(int64_t round, const char *unit,
						const char *category, const char *content,
						const char *signed_by, int64_t at, void *),
				    void *ctx);
/* One rating per delegate and round: RD_ECONFLICT for a second one. */
enum rd_err suggestion_rate(struct store_tx *tx, int64_t sid, int64_t round, int64_t delegate_id,
			    const char *rating, const char *reason, int64_t at);
/* Whether a delegate has rated the round's reply. */
enum rd_err suggestion_rated(struct store_tx *tx, int64_t sid, int64_t round, int64_t delegate_id,
			     bool *yes);
/* Counts of the round's ratings: how many rated, how many dissatisfied. */
enum rd_err suggestion_ratings_count(struct store_tx *tx, int64_t sid, int64_t round,
				     int64_t *rated, int64_t *dissatisfied);
enum rd_err suggestion_ratings_each(struct store_tx *tx, int64_t sid,
				    int (*each)(int64_t round, const char *name, const char *rating,
						const char *reason, void *),
				    void *ctx);

#endif
