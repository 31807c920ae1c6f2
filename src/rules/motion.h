/*
 * motion.h — a delegates' joint motion (议案) from its first signature to
 * the presidium's decision, as a table of allowed transitions (RULES §4;
 * LOL art. 22; DL art. 15).
 *
 *                 cosign (delegates of the term, each once)
 *                   ↺
 *   (submit) ──▶ collecting ──lodge (10 sitting signers, on time)──▶ lodged
 *                   │   └──lodge_late (after the presidium's deadline)──▶ as_suggestion
 *                 cancel                                                   ▲
 *                   ▼                                                      │
 *               withdrawn ◀──consent_withdrawal── lodged ──as_suggestion───┤
 *                   ▲                               │ │                    │
 *                   │                            refer agenda              │
 *                   │                               ▼ ▼                    │
 *                   ├──consent_withdrawal──── referred ──as_suggestion─────┘
 *                   │                               │agenda
 *                   │                               ▼
 *                   └──consent_withdrawal──── on_agenda ──put_to_vote──▶ put_to_vote
 *
 * A proposer's request to withdraw (request_withdrawal) and the
 * presidium's refusal (refuse_withdrawal) leave the state as it is, like a
 * suggestion's extension request; consent ends the motion (LOL art. 22(3):
 * 经主席团同意，会议对该项议案的审议即行终止). Once put to the vote it can
 * no longer be withdrawn. Before it is lodged a motion is not yet one: the
 * proposer may cancel it alone. Each action names who may take it; the API
 * checks the caller, this table the order.
 */
#ifndef RD_RULES_MOTION_H
#define RD_RULES_MOTION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

enum motion_state {
	MOTION_COLLECTING = 0, /* the proposer submitted; co-signers sign */
	MOTION_LODGED,	       /* 10 or more signed in time: for the presidium */
	MOTION_REFERRED,       /* to a special committee first (LOL art. 22(2)) */
	MOTION_ON_AGENDA,      /* 列入大会议程 */
	MOTION_PUT_TO_VOTE,    /* 交付大会表决: no withdrawal after this */
	MOTION_AS_SUGGESTION,  /* not accepted, late or outside the powers: a suggestion */
	MOTION_WITHDRAWN,
	MOTION_STATE_COUNT
};

enum motion_action {
	MOTION_COSIGN = 0,	     /* a delegate of the term, on their own device */
	MOTION_LODGE,		     /* the proposer, with enough signers, before the deadline */
	MOTION_LODGE_LATE,	     /* the same after the deadline: handled as a suggestion */
	MOTION_CANCEL,		     /* the proposer, before it is lodged */
	MOTION_AGENDA,		     /* presidium: put it on the agenda */
	MOTION_REFER,		     /* presidium: a special committee deliberates first */
	MOTION_HANDLE_AS_SUGGESTION, /* presidium: not on the agenda */
	MOTION_PUT_TO_VOTE_ACTION,   /* presidium: the motion goes to the vote */
	MOTION_REQUEST_WITHDRAWAL,   /* the proposer asks */
	MOTION_CONSENT_WITHDRAWAL,   /* presidium consents: the motion ends */
	MOTION_REFUSE_WITHDRAWAL,    /* presidium refuses: it stays */
	MOTION_ACTION_COUNT
};

enum motion_actor { MOTION_BY_PROPOSER, MOTION_BY_DELEGATE, MOTION_BY_PRESIDIUM };

/* Stable names ("collecting", "cosign", ...), or NULL. */
const char *motion_state_name(enum motion_state s);
const char *motion_action_name(enum motion_action a);
enum rd_err motion_state_parse(const char *s, enum motion_state *out, struct rd_error *e);

/*
 * Looks up the table: may `a` be taken in state `from`? On success *to is
 * the state after it and *by who may take it. RD_ECONFLICT (field "state")
 * naming the state and the action if the table does not allow it.
 */
enum rd_err motion_transition(enum motion_state from, enum motion_action a, enum motion_state *to,
			      enum motion_actor *by, struct rd_error *e);

/* Whether a proposer may still ask to withdraw a motion in state s. */
bool motion_withdrawable(enum motion_state s);

/*
 * LOL art. 22(2), DL art. 15: 县级以上的地方各级人民代表大会代表十人以上
 * 联名 may submit a motion. `signers` counts the sitting delegates of the
 * term who have signed, the proposer included. RD_OK if they are 10 or more
 * (以上 includes 10); RD_EINVAL (field "signers") with the number needed
 * otherwise. The threshold is PROPOSAL_JOINT_MOTION of rules/proposers.c.
 */
enum rd_err motion_signers_check(int64_t signers, struct rd_error *e);
/* The fewest signers a motion needs (10). */
int64_t motion_signers_required(void);

/*
 * RULES §4: a motion filed after the deadline the presidium set is handled
 * as a suggestion. Times in ms; deadline_ms 0 means no deadline was set.
 * Filing at the deadline itself is on time.
 */
bool motion_filed_late(int64_t filed_ms, int64_t deadline_ms);

/* The presidium's decisions on a lodged motion. */
enum motion_decision { MOTION_DECIDE_AGENDA = 0, MOTION_DECIDE_REFER, MOTION_DECIDE_SUGGESTION };
/* "agenda" / "refer" / "suggestion"; RD_EINVAL (field "decision"). */
enum rd_err motion_decision_parse(const char *s, enum motion_decision *out, struct rd_error *e);
/* The table's action for a decision. */
enum motion_action motion_decision_action(enum motion_decision d);

#endif
