/*
 * motions.h — delegates' joint motions (议案, RULES §4) in the store: the
 * motions with their attachments (PDFs in `documents`) and a timeline of
 * every step, and the deadline for motions the presidium sets per session.
 * Their signers are in store/signers.h (SIGNERS_MOTION).
 *
 * Every function runs inside a transaction the caller opened. Lookups give
 * RD_ENOTFOUND when there is no such row; an insert that breaks a unique
 * rule gives RD_ECONFLICT.
 */
#ifndef RD_STORE_MOTIONS_H
#define RD_STORE_MOTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/floor.h"
#include "store/store.h"

#define MOTION_TEXT 4097 /* 1,000 characters of up to 4 bytes */

struct motion {
	int64_t id;
	int64_t session_id;
	int64_t term_id;
	int64_t delegate_id;	    /* the proposer (领衔代表) */
	char subject[FLOOR_TITLE];  /* 案由 */
	char grounds[MOTION_TEXT];  /* 案据 */
	char solution[MOTION_TEXT]; /* 方案 */
	char category[FLOOR_SHORT];
	char state[24];		     /* rules/motion.h names */
	int64_t submitted_at;	     /* ms */
	int64_t lodged_at;	     /* ms, 0 before it is lodged */
	bool late;		     /* lodged after the session's deadline */
	char committee[FLOOR_TITLE]; /* the special committee it was referred to */
	bool withdrawal_requested;   /* the proposer asked; the presidium has not decided */
	int64_t poll_id;	     /* the vote it was put to, 0 if none recorded */
	int64_t suggestion_id;	     /* the suggestion it became, 0 if none */
};

/* The deadline for motions in a session, ms; *due_at = 0 when none is set. */
enum rd_err motion_deadline_get(struct store_tx *tx, int64_t session_id, int64_t *due_at);
/* Sets (or replaces) it. */
enum rd_err motion_deadline_set(struct store_tx *tx, int64_t session_id, int64_t due_at,
				const char *set_by, int64_t at);

/* Inserts m in state 'collecting'; sets m->id and m->state. */
enum rd_err motion_create(struct store_tx *tx, struct motion *m);
enum rd_err motion_get(struct store_tx *tx, int64_t id, struct motion *out);
/* Writes state, lodged_at, late, committee, withdrawal_requested, poll_id
 * and suggestion_id of m. RD_ENOTFOUND if there is no such motion. */
enum rd_err motion_update(struct store_tx *tx, const struct motion *m);
/*
 * Motions, newest first. session_id 0: of every session. delegate_id 0:
 * all (officers); else those the delegate signed and, when term_id is not
 * 0, those of that term still collecting signatures (to co-sign).
 */
enum rd_err motions_each(struct store_tx *tx, int64_t session_id, int64_t delegate_id,
			 int64_t term_id, int (*each)(const struct motion *, void *), void *ctx);

/* Makes the motion's signers the signers of suggestion sid (the motion
 * handled as a suggestion): the proposer as its proposer, the co-signers as
 * its co-signers, with the times they signed. */
enum rd_err motion_signers_to_suggestion(struct store_tx *tx, int64_t mid, int64_t sid);

enum rd_err motion_attach(struct store_tx *tx, int64_t mid, int64_t document_id);
enum rd_err motion_attachments_each(struct store_tx *tx, int64_t mid,
				    int (*each)(int64_t document_id, const char *title,
						int64_t size, void *),
				    void *ctx);

/* One line of the timeline; note may be NULL. */
enum rd_err motion_event(struct store_tx *tx, int64_t mid, int64_t at, const char *actor,
			 const char *action, const char *from, const char *to, const char *note);
enum rd_err motion_events_each(struct store_tx *tx, int64_t mid,
			       int (*each)(int64_t at, const char *actor, const char *action,
					   const char *from, const char *to, const char *note,
					   void *),
			       void *ctx);

#endif
