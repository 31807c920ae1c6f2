/*
 * suggestion.h — the life of a delegate's suggestion (建议、批评和意见) as a
 * table of allowed transitions (RULES §5; DL art. 51; the provincial
 * handling rules in law/).
 *
 *   submitted ──assign──▶ assigned ──reply──▶ replied ──rate (all satisfied)──▶ closed
 *       │                   │  ▲                 │
 *     reject            return│  │deny_return      └─rate dissatisfied──▶ rehandling ──reply──▶
 * replied ▼                    ▼  │ rejected       return_requested ──approve_return──▶ submitted
 *
 * An extension (3 → 6 months) is asked by the unit and approved by the
 * office without changing the state; staff may close a replied or
 * rehandled item (e.g. when the rating window has passed). Each action
 * names who may take it; the API checks the caller, this table the order.
 */
#ifndef RD_RULES_SUGGESTION_H
#define RD_RULES_SUGGESTION_H

#include <stdbool.h>

#include "base/err.h"

enum sugg_state {
	SUGG_SUBMITTED = 0,
	SUGG_REJECTED,	       /* returned as inadmissible, with the reason */
	SUGG_ASSIGNED,	       /* with the handling units, the reply is due */
	SUGG_RETURN_REQUESTED, /* the lead unit says it was mis-assigned */
	SUGG_REPLIED,	       /* the reply is with the delegates to rate */
	SUGG_REHANDLING,       /* rated dissatisfied: a new reply is due */
	SUGG_CLOSED,
	SUGG_STATE_COUNT
};

enum sugg_action {
	SUGG_ASSIGN = 0,	/* office: lead unit (+ assisting) */
	SUGG_REJECT,		/* office: inadmissible, with the reason */
	SUGG_REQUEST_RETURN,	/* lead unit: mis-assigned (within the return window) */
	SUGG_APPROVE_RETURN,	/* office: back to submitted, to assign again */
	SUGG_DENY_RETURN,	/* office: stays with the unit */
	SUGG_REQUEST_EXTENSION, /* lead unit: broad or difficult, 6 months (DL 51(2)) */
	SUGG_DECIDE_EXTENSION,	/* office */
	SUGG_REPLY,		/* lead unit */
	SUGG_RATE_OK,		/* the last proposer's rating, none dissatisfied */
	SUGG_RATE_DISSATISFIED, /* any proposer dissatisfied: rehandling */
	SUGG_CLOSE,		/* office */
	SUGG_ACTION_COUNT
};

enum sugg_actor { SUGG_BY_OFFICE, SUGG_BY_UNIT, SUGG_BY_DELEGATE };

/* Stable names ("submitted", "assign", ...), or NULL. */
const char *sugg_state_name(enum sugg_state s);
const char *sugg_action_name(enum sugg_action a);
enum rd_err sugg_state_parse(const char *s, enum sugg_state *out, struct rd_error *e);

/*
 * Looks up the table: may `a` be taken in state `from`? On success *to is
 * the state after it and *by who may take it. RD_ECONFLICT (field "state")
 * naming the state and the action if the table does not allow it.
 */
enum rd_err sugg_transition(enum sugg_state from, enum sugg_action a, enum sugg_state *to,
			    enum sugg_actor *by, struct rd_error *e);

/* Reply result categories (RULES §5): solved or partly solved / planned
 * (with plan and date) / not possible now (with reasons) / explained. */
enum sugg_result {
	SUGG_SOLVED = 0,
	SUGG_PLANNED,
	SUGG_NOT_POSSIBLE,
	SUGG_EXPLAINED,
	SUGG_RESULT_COUNT
};
const char *sugg_result_name(enum sugg_result r);
enum rd_err sugg_result_parse(const char *s, enum sugg_result *out, struct rd_error *e);
/* Planned (and partly solved) items need a follow-up reply when done. */
bool sugg_result_needs_follow_up(enum sugg_result r);

/* Ratings of a reply. */
enum sugg_rating {
	SUGG_SATISFIED = 0,
	SUGG_BASICALLY_SATISFIED,
	SUGG_DISSATISFIED,
	SUGG_RATING_COUNT
};
const char *sugg_rating_name(enum sugg_rating r);
enum rd_err sugg_rating_parse(const char *s, enum sugg_rating *out, struct rd_error *e);

#endif
