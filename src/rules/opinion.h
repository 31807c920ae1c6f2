/*
 * opinion.h — the life of a citizen's issue (社情民意, RULES §10) as a table
 * of allowed transitions, the fixed list of categories, and the shape of a
 * tracking code.
 *
 *   submitted ──route──▶ routed ──take──▶ taken ──suggest──▶ suggested
 *      │  ▲                │  ▲            │                   │
 *      │  └──── route ─────┘  └── route ───┘                   │
 *      ├──merge──▶ merged        answer (taken or suggested) ──┴──▶ closed
 *      └──reject─▶ rejected
 *
 * A citizen who writes through a delegate's code (代表码) is routed to that
 * delegate at once. Staff may route (again) until the issue is answered,
 * merge a duplicate or refuse an inadmissible one while nobody has taken it
 * up, and answer it themselves at any open step; the handling delegate
 * takes it up, records contacts and visits, links the suggestion it became
 * and answers it. The API checks who the caller is; this table the order.
 */
#ifndef RD_RULES_OPINION_H
#define RD_RULES_OPINION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

enum op_state {
	OP_SUBMITTED = 0,
	OP_ROUTED,    /* with a delegate or a liaison station */
	OP_TAKEN,     /* the delegate has taken it up */
	OP_SUGGESTED, /* became a suggestion: the department's reply follows */
	OP_CLOSED,    /* answered */
	OP_MERGED,    /* a duplicate, merged into another issue */
	OP_REJECTED,  /* not admissible, with the reason */
	OP_STATE_COUNT
};

enum op_action {
	OP_TRIAGE = 0, /* staff: category and place */
	OP_ROUTE,      /* staff: to a delegate or a station */
	OP_TAKE,       /* the delegate */
	OP_RECORD,     /* the delegate: a contact, a visit */
	OP_SUGGEST,    /* the delegate: linked to a suggestion */
	OP_ANSWER,     /* the delegate, or staff */
	OP_MERGE,      /* staff */
	OP_REJECT,     /* staff */
	OP_ACTION_COUNT
};

const char *op_state_name(enum op_state s);
const char *op_action_name(enum op_action a);
enum rd_err op_state_parse(const char *s, enum op_state *out, struct rd_error *e);

/* May action a be taken in state from? RD_OK and *to, or RD_ECONFLICT
 * (field "state") naming both. */
enum rd_err op_transition(enum op_state from, enum op_action a, enum op_state *to,
			  struct rd_error *e);

/* True while the issue is open (not closed, merged or rejected). */
bool op_state_open(enum op_state s);

/* The categories, by stable name ("roads_transport", ...). */
extern const char *const op_categories[];
extern const size_t op_ncategories;
bool op_category_ok(const char *s);

/*
 * Tracking codes: 12 characters of Crockford's base 32 (no I, L, O, U) in
 * three groups, "MY7K-3PQ9-XW2D": 60 random bits, easy to read out on the
 * phone. op_code_make() spells 60 bits; op_code_normalize() accepts what a
 * citizen types (lower case, no dashes, O for 0, I or L for 1) and writes
 * the canonical form, or returns false.
 */
#define OP_CODE_LEN 15 /* with the dashes, without the NUL */
void op_code_make(unsigned long long bits, char out[OP_CODE_LEN + 1]);
bool op_code_normalize(const char *in, char out[OP_CODE_LEN + 1]);

#endif
