/*
 * opinions.h — the public channel in the store (社情民意, RULES §10):
 * citizens' issues, their contact details (kept apart: only
 * opinion_contact() reads them), photos, timeline and full-text search;
 * liaison stations (代表联络站) with their delegates; the delegates' liaison
 * activities.
 */
#ifndef RD_STORE_OPINIONS_H
#define RD_STORE_OPINIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/floor.h"
#include "store/store.h"

#define OP_TITLE   241	/* 60 characters */
#define OP_TEXT	   8001 /* 2,000 characters */
#define OP_PLACE   161	/* 40 characters */
#define OP_CONTACT 129	/* 32 characters */

struct opinion {
	int64_t id;
	char code[16];
	char title[OP_TITLE];
	char content[OP_TEXT];
	char place[OP_PLACE];
	char category[32];
	char state[16];
	int64_t addressed_to; /* the delegate whose code the citizen used; 0 none */
	int64_t delegate_id;  /* routed to / handled by; 0 none */
	int64_t station_id;   /* routed to; 0 none */
	int64_t merged_into;  /* 0 none */
	int64_t suggestion_id;
	char answer[OP_TEXT];
	char answered_by[FLOOR_TITLE];
	char reason[OP_TEXT];			   /* why it was refused */
	int64_t submitted_at, taken_at, closed_at; /* ms; 0 not yet */
	char submitted_on[16], closed_on[16];	   /* Asia/Shanghai dates */
	/* read only, from joins */
	char delegate_name[FLOOR_NAME];
	char station_name[FLOOR_TITLE];
	char addressed_name[FLOOR_NAME];
};

/* Inserts o (state as given) and, when name or phone is not empty, its
 * contact. Sets o->id. RD_ECONFLICT if the code is taken. */
enum rd_err opinion_create(struct store_tx *tx, struct opinion *o, const char *contact_name,
			   const char *contact_phone);
enum rd_err opinion_get(struct store_tx *tx, int64_t id, struct opinion *out);
enum rd_err opinion_by_code(struct store_tx *tx, const char *code, struct opinion *out);
/* Writes every changing field of o if the stored state is still
 * old_state: RD_ECONFLICT if it moved on meanwhile. */
enum rd_err opinion_update(struct store_tx *tx, const struct opinion *o, const char *old_state);

/* The citizen's contact details: RD_ENOTFOUND when none were given. */
enum rd_err opinion_contact(struct store_tx *tx, int64_t id, char name[OP_CONTACT],
			    char phone[OP_CONTACT]);

enum rd_err opinion_event(struct store_tx *tx, int64_t id, int64_t at, const char *actor,
			  const char *action, const char *note, bool public_);
/* The timeline in order; only the public steps when public_only. */
enum rd_err opinion_events_each(struct store_tx *tx, int64_t id, bool public_only,
				int (*each)(int64_t at, const char *actor, const char *action,
					    const char *note, bool public_, void *),
				void *ctx);

enum rd_err opinion_photo_add(struct store_tx *tx, int64_t id, const char *type, const void *data,
			      size_t n);
enum rd_err opinion_photo_count(struct store_tx *tx, int64_t id, int64_t *n);
/* The nth photo (1-based): the callback sees its type and bytes. */
enum rd_err opinion_photo_get(struct store_tx *tx, int64_t id, int64_t nth,
			      enum rd_err (*got)(const char *type, const void *data, size_t n,
						 void *),
			      void *ctx);

/* True if the same text came in from the same device since `since`. */
enum rd_err opinion_seen(struct store_tx *tx, const char *title, const char *content, int64_t since,
			 bool *yes);

/* A search of the issues. Every field is optional (NULL / 0 = any). */
struct op_filter {
	const char *match; /* an FTS5 expression from op_match_expr() */
	const char *category, *place, *state;
	const char *from, *to; /* submission dates, inclusive */
	int64_t delegate_id;   /* routed or addressed to, or to one of its stations */
	int64_t station_id;
	int64_t viewer_delegate; /* a delegate's view: only theirs (as delegate_id) */
	int64_t limit, offset;
};

/* Most rows counted for a total; more are reported as this many and
 * "capped": counting every match of a common word would cost more than the
 * page itself. */
#define OP_COUNT_CAP 10000

enum rd_err opinions_search(struct store_tx *tx, const struct op_filter *f,
			    int (*each)(const struct opinion *, void *), void *ctx, int64_t *total,
			    bool *capped);

/*
 * Writes into out (size outsz) an FTS5 expression that finds every term of
 * the user's query q: terms split at spaces (also the ideographic space),
 * each quoted as a phrase so no user text is read as query syntax, at most
 * 8. False if q holds nothing to search for or is too long.
 */
bool op_match_expr(const char *q, char *out, size_t outsz);

/* Likely duplicates of o among the other open or closed issues: up to 5,
 * most alike first, with a similarity of at least min_score per mille. */
enum rd_err opinion_similar(struct store_tx *tx, const struct opinion *o, int min_score,
			    int (*each)(const struct opinion *, int score, void *), void *ctx);

/* Liaison activities (the delegates' work with constituents). */
struct activity {
	int64_t id;
	int64_t delegate_id;
	int64_t station_id; /* 0 none */
	int64_t opinion_id; /* 0 none */
	char kind[16];	    /* contact / visit / reception / survey / other */
	char held_on[16];
	char note[OP_TEXT];
	int64_t at;
	char delegate_name[FLOOR_NAME];
};
enum rd_err activity_add(struct store_tx *tx, struct activity *a);
enum rd_err activities_of_opinion(struct store_tx *tx, int64_t opinion_id,
				  int (*each)(const struct activity *, void *), void *ctx);

/* Liaison stations. */
struct station {
	int64_t id;
	char name[FLOOR_TITLE];
	char place[OP_PLACE];
	char address[FLOOR_TITLE];
	char reception[FLOOR_TITLE]; /* reception days, as the station words them */
	char phone[FLOOR_SHORT];
};
enum rd_err station_create(struct store_tx *tx, struct station *s, int64_t at);
enum rd_err station_update(struct store_tx *tx, const struct station *s);
enum rd_err station_get(struct store_tx *tx, int64_t id, struct station *out);
enum rd_err stations_each(struct store_tx *tx, int (*each)(const struct station *, void *),
			  void *ctx);
enum rd_err station_set_delegates(struct store_tx *tx, int64_t id, const int64_t *ids, size_t n);
enum rd_err station_delegates_each(struct store_tx *tx, int64_t id,
				   int (*each)(int64_t delegate_id, const char *name, void *),
				   void *ctx);
enum rd_err station_has_delegate(struct store_tx *tx, int64_t id, int64_t delegate_id, bool *yes);

/* The public dashboard's numbers over submissions dated from..to (either
 * may be NULL). Each callback gets a key and counts. */
struct op_stats_cb {
	void (*total)(int64_t n, void *);
	void (*category)(const char *category, int64_t n, void *);
	void (*place)(const char *place, int64_t n, void *);
	void (*state)(const char *state, int64_t n, void *);
	void (*month)(const char *month, int64_t submitted, int64_t closed, void *);
	/* closed issues, and the days from submission to answer at the median
	 * and the 90th percentile (nearest rank) */
	void (*answer_days)(int64_t closed, int64_t median, int64_t p90, void *);
};
enum rd_err opinion_stats(struct store_tx *tx, const char *from, const char *to,
			  const struct op_stats_cb *cb, void *ctx);

#endif
