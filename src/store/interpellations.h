/*
 * interpellations.h — interpellations (质询案, RULES §6) in the store: the
 * timeline, the organ's answers (one per round) and each questioner's
 * rating of each answer. The questioners who signed are in store/signers.h
 * (SIGNERS_INTERPELLATION).
 *
 * Every function runs inside a transaction the caller opened. Lookups give
 * RD_ENOTFOUND when there is no such row; an insert that breaks a unique
 * rule gives RD_ECONFLICT.
 */
#ifndef RD_STORE_INTERPELLATIONS_H
#define RD_STORE_INTERPELLATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/floor.h"
#include "store/store.h"

struct interpellation {
	int64_t id;
	int64_t session_id;
	int64_t term_id;
	int64_t delegate_id;	      /* the proposer (领衔代表) */
	char organ_kind[32];	      /* rules/interpellation.h organ names */
	char organ_name[FLOOR_TITLE]; /* 质询对象, e.g. 县交通运输局 */
	char question[FLOOR_TITLE];   /* 质询的问题 */
	char content[8193];	      /* 质询的内容 */
	char state[24];
	int64_t submitted_at; /* ms */
	int64_t lodged_at;    /* ms, 0 before */
	char mode[16];	      /* oral / written, "" before the presidium decides */
	char meeting[16];     /* for oral answers: presidium / plenary / committee */
	int64_t round;	      /* answers so far */
};

/* Inserts i in state 'collecting'; sets i->id and i->state. */
enum rd_err interpellation_create(struct store_tx *tx, struct interpellation *i);
enum rd_err interpellation_get(struct store_tx *tx, int64_t id, struct interpellation *out);
/* Writes state, lodged_at, mode, meeting and round. */
enum rd_err interpellation_update(struct store_tx *tx, const struct interpellation *i);
/* Like motions_each: all (officers), or a delegate's and those of the
 * delegate's term still collecting signatures. */
enum rd_err interpellations_each(struct store_tx *tx, int64_t session_id, int64_t delegate_id,
				 int64_t term_id,
				 int (*each)(const struct interpellation *, void *), void *ctx);

enum rd_err interpellation_event(struct store_tx *tx, int64_t iid, int64_t at, const char *actor,
				 const char *action, const char *from, const char *to,
				 const char *note);
enum rd_err interpellation_events_each(struct store_tx *tx, int64_t iid,
				       int (*each)(int64_t at, const char *actor,
						   const char *action, const char *from,
						   const char *to, const char *note, void *),
				       void *ctx);

/* The answer of a round: who answered (the organ's head), the day
 * (YYYY-MM-DD), the text, and who recorded it. */
enum rd_err interpellation_answer_add(struct store_tx *tx, int64_t iid, int64_t round,
				      const char *mode, const char *answered_by,
				      const char *answered_on, const char *content,
				      const char *recorded_by, int64_t at);
enum rd_err interpellation_answers_each(struct store_tx *tx, int64_t iid,
					int (*each)(int64_t round, const char *mode,
						    const char *answered_by,
						    const char *answered_on, const char *content,
						    const char *recorded_by, int64_t at, void *),
					void *ctx);

/* One rating per questioner and round: RD_ECONFLICT for a second one. */
enum rd_err interpellation_rate(struct store_tx *tx, int64_t iid, int64_t round,
				int64_t delegate_id, const char *rating, const char *reason,
				int64_t at);
enum rd_err interpellation_rated(struct store_tx *tx, int64_t iid, int64_t round,
				 int64_t delegate_id, bool *yes);
enum rd_err interpellation_ratings_count(struct store_tx *tx, int64_t iid, int64_t round,
					 int64_t *rated, int64_t *dissatisfied);
enum rd_err interpellation_ratings_each(struct store_tx *tx, int64_t iid,
					int (*each)(int64_t round, const char *name,
						    const char *rating, const char *reason, void *),
					void *ctx);

#endif
