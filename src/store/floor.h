/*
 * floor.h — the session floor in the store: terms (届), sessions (次会议),
 * the roll of delegates with their delegations, plenaries (全体会议),
 * attendance, agenda items, documents, polls (表决) and votes.
 *
 * Every function runs inside a transaction the caller opened (store_read or
 * store_write). Lookups return RD_ENOTFOUND when there is no such row;
 * inserts that break a unique rule return RD_ECONFLICT. Text fields are
 * copied into fixed buffers sized for the limits the API enforces.
 */
#ifndef RD_STORE_FLOOR_H
#define RD_STORE_FLOOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "rules/counting.h"
#include "rules/poll.h"
#include "store/store.h"

#define FLOOR_NAME  129	 /* 32 characters */
#define FLOOR_TITLE 513	 /* 128 characters */
#define FLOOR_TEXT  1025 /* 256 characters */
#define FLOOR_SHORT 65	 /* 16 characters */

struct term {
	int64_t id;
	int64_t number; /* 第十七届 = 17 */
	char name[FLOOR_TITLE];
};

struct session {
	int64_t id;
	int64_t term_id;
	int64_t number; /* 第二次会议 = 2 */
	char name[FLOOR_TITLE];
};

struct delegation {
	int64_t id;
	int64_t term_id;
	int64_t position; /* order on lists */
	char name[FLOOR_TITLE];
};

enum delegate_status { DELEGATE_SITTING, DELEGATE_SUSPENDED, DELEGATE_TERMINATED };

struct delegate {
	int64_t id;
	int64_t term_id;
	int64_t delegation_id; /* 0: none */
	int64_t user_id;       /* 0: no account */
	char name[FLOOR_NAME];
	char gender[8]; /* "male" / "female" */
	char ethnicity[FLOOR_SHORT];
	char birth_date[16]; /* YYYY-MM-DD or "" */
	char party[FLOOR_TITLE];
	char occupation[FLOOR_TEXT];
	char constituency[FLOOR_TITLE];
	char seat[FLOOR_SHORT]; /* "" when none */
	char status[16];	/* sitting / suspended / terminated */
	char status_date[16];
	char status_reason[FLOOR_TEXT];
	char card_code[48];	      /* what the card's QR code says */
	char delegation[FLOOR_TITLE]; /* the delegation's name (read only) */
};

struct plenary {
	int64_t id;
	int64_t session_id;
	int64_t number;
	int64_t current_item_id; /* 0: none */
	char title[FLOOR_TITLE];
	char scheduled_at[32];
	char state[16]; /* scheduled / open / closed */
};

struct agenda_item {
	int64_t id;
	int64_t plenary_id;
	int64_t position;
	int64_t document_id; /* 0: none */
	char title[FLOOR_TITLE];
};

struct attendance {
	int64_t delegate_id;
	char state[16]; /* present / absent / excused ("absent" when no row) */
	char reason[FLOOR_TEXT];
	char method[16]; /* self / desk / seat / card / late */
	int64_t at;	 /* ms, 0 when no row */
};

struct poll {
	int64_t id;
	int64_t plenary_id;
	int64_t agenda_item_id; /* 0: none */
	char title[FLOOR_TITLE];
	enum poll_threshold threshold;
	bool anonymous;
	bool last_press; /* last press counts (else the first) */
	char state[16];	 /* draft / open / closed / released */
	int64_t opened_at, closed_at, released_at;
	bool has_result; /* closed or released: the fields below are set */
	struct poll_count count;
	int64_t needed;
	bool passed;
};

/* Terms and sessions. */
enum rd_err term_create(struct store_tx *tx, int64_t number, const char *name, int64_t *id);
enum rd_err term_get(struct store_tx *tx, int64_t id, struct term *out);
enum rd_err terms_each(struct store_tx *tx, int (*each)(const struct term *, void *), void *ctx);
enum rd_err session_create(struct store_tx *tx, int64_t term_id, int64_t number, const char *name,
			   int64_t *id);
enum rd_err session_get(struct store_tx *tx, int64_t id, struct session *out);
enum rd_err sessions_each(struct store_tx *tx, int (*each)(const struct session *, void *),
			  void *ctx);
/* The session's presidium: replaces, or asks membership. */
enum rd_err presidium_set(struct store_tx *tx, int64_t session_id, const int64_t *delegate_ids,
			  size_t n);
enum rd_err presidium_each(struct store_tx *tx, int64_t session_id,
			   int (*each)(int64_t delegate_id, void *), void *ctx);

/* Delegations. */
enum rd_err delegation_create(struct store_tx *tx, int64_t term_id, const char *name,
			      int64_t position, int64_t *id);
/* Finds a delegation of the term by name; RD_ENOTFOUND if none. */
enum rd_err delegation_find(struct store_tx *tx, int64_t term_id, const char *name, int64_t *id);
enum rd_err delegations_each(struct store_tx *tx, int64_t term_id,
			     int (*each)(const struct delegation *, void *), void *ctx);

/* The term of a delegation; RD_ENOTFOUND if there is no such delegation. */
enum rd_err delegation_term(struct store_tx *tx, int64_t id, int64_t *term_id);

/* Delegates. delegate_create sets d->id; d->card_code must be set. */
enum rd_err delegate_create(struct store_tx *tx, struct delegate *d);
/* Writes every editable field of d (not status, card or user). */
enum rd_err delegate_update(struct store_tx *tx, const struct delegate *d);
enum rd_err delegate_set_status(struct store_tx *tx, int64_t id, const char *status,
				const char *date, const char *reason);
enum rd_err delegate_set_user(struct store_tx *tx, int64_t id, int64_t user_id);
enum rd_err delegate_get(struct store_tx *tx, int64_t id, struct delegate *out);
/* The delegate of a term linked to an account / with a seat / with a card. */
enum rd_err delegate_by_user(struct store_tx *tx, int64_t term_id, int64_t user_id,
			     struct delegate *out);
enum rd_err delegate_by_seat(struct store_tx *tx, int64_t term_id, const char *seat,
			     struct delegate *out);
enum rd_err delegate_by_card(struct store_tx *tx, const char *code, struct delegate *out);
/* The account's delegate record in the newest term it has one in. */
enum rd_err delegate_of_user(struct store_tx *tx, int64_t user_id, struct delegate *out);
/* Every delegate of the term, delegations in their order, then by id. */
enum rd_err delegates_each(struct store_tx *tx, int64_t term_id,
			   int (*each)(const struct delegate *, void *), void *ctx);
/* Delegates of the term counted by status (for rules_all_delegates). */
enum rd_err delegate_counts(struct store_tx *tx, int64_t term_id, struct delegate_counts *out);

/* Plenaries. */
enum rd_err plenary_create(struct store_tx *tx, int64_t session_id, int64_t number,
			   const char *title, const char *scheduled_at, int64_t *id);
enum rd_err plenary_get(struct store_tx *tx, int64_t id, struct plenary *out);
enum rd_err plenaries_each(struct store_tx *tx, int64_t session_id,
			   int (*each)(const struct plenary *, void *), void *ctx);
/* Moves state from one value to another; RD_ECONFLICT if it was not `from`. */
enum rd_err plenary_transition(struct store_tx *tx, int64_t id, const char *from, const char *to);
enum rd_err plenary_set_current(struct store_tx *tx, int64_t id, int64_t item_id);
/* The plenary a delegate's device should show in a term: the open one, else
 * the next scheduled one (newest session first). RD_ENOTFOUND if none. */
enum rd_err plenary_current(struct store_tx *tx, int64_t term_id, struct plenary *out);
/* The term a plenary belongs to. */
enum rd_err plenary_term(struct store_tx *tx, int64_t plenary_id, int64_t *term_id);

/* Attendance. */
enum rd_err attendance_set(struct store_tx *tx, int64_t plenary_id, int64_t delegate_id,
			   const char *state, const char *reason, const char *method, int64_t at);
/* A delegate's attendance ("absent" with at = 0 when never recorded). */
enum rd_err attendance_get(struct store_tx *tx, int64_t plenary_id, int64_t delegate_id,
			   struct attendance *out);
/* Delegates present who are not terminated. */
enum rd_err attendance_present(struct store_tx *tx, int64_t plenary_id, int64_t *n);
/* Every delegate of the plenary's term that is not terminated, with attendance. */
enum rd_err attendance_each(struct store_tx *tx, int64_t plenary_id,
			    int (*each)(const struct delegate *, const struct attendance *, void *),
			    void *ctx);

/* Agenda and documents. */
enum rd_err agenda_add(struct store_tx *tx, struct agenda_item *item);
enum rd_err agenda_update(struct store_tx *tx, const struct agenda_item *item);
enum rd_err agenda_delete(struct store_tx *tx, int64_t id);
enum rd_err agenda_get(struct store_tx *tx, int64_t id, struct agenda_item *out);
enum rd_err agenda_each(struct store_tx *tx, int64_t plenary_id,
			int (*each)(const struct agenda_item *, void *), void *ctx);
enum rd_err document_add(struct store_tx *tx, const char *title, const char *content_type,
			 const void *data, size_t n, int64_t at, int64_t *id);
/* RD_OK if the document exists, else RD_ENOTFOUND. */
enum rd_err document_exists(struct store_tx *tx, int64_t id);
/* Calls each with the document's bytes (valid during the call). */
enum rd_err document_read(struct store_tx *tx, int64_t id,
			  enum rd_err (*each)(const char *title, const char *content_type,
					      const void *data, size_t n, void *ctx),
			  void *ctx);

/* Polls. poll_create sets p->id. */
enum rd_err poll_create(struct store_tx *tx, struct poll *p);
enum rd_err poll_get(struct store_tx *tx, int64_t id, struct poll *out);
enum rd_err polls_each(struct store_tx *tx, int64_t plenary_id,
		       int (*each)(const struct poll *, void *), void *ctx);
/* Moves state and stamps the time column of the new state; RD_ECONFLICT if
 * the poll was not in `from`. */
enum rd_err poll_transition(struct store_tx *tx, int64_t id, const char *from, const char *to,
			    int64_t at);
/* The open poll of a plenary, 0 if none. */
enum rd_err poll_open_in(struct store_tx *tx, int64_t plenary_id, int64_t *poll_id);
enum rd_err poll_store_result(struct store_tx *tx, int64_t id, const struct poll_count *c,
			      int64_t needed, bool passed);

/* Votes: the primary key (poll, delegate) makes a second vote a conflict:
 * vote_insert then returns RD_ECONFLICT and leaves the transaction usable. */
enum rd_err vote_insert(struct store_tx *tx, int64_t poll_id, int64_t delegate_id,
			const char *choice, int64_t at);
/* Last-press-valid polls: replaces the delegate's vote. */
enum rd_err vote_replace(struct store_tx *tx, int64_t poll_id, int64_t delegate_id,
			 const char *choice, int64_t at);
/* choice (8 bytes) gets the delegate's vote; RD_ENOTFOUND if none. */
enum rd_err vote_get(struct store_tx *tx, int64_t poll_id, int64_t delegate_id, char *choice);
enum rd_err votes_count(struct store_tx *tx, int64_t poll_id, int64_t *yes, int64_t *no,
			int64_t *abstain);
/* Named polls: each vote with the delegate, in seat order. */
enum rd_err votes_each(struct store_tx *tx, int64_t poll_id,
		       int (*each)(const struct delegate *, const char *choice, void *), void *ctx);

#endif
