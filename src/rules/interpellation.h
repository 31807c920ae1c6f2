/*
 * interpellation.h — an interpellation (质询案) from its first signature to
 * the questioners' verdict on the answer, as a table of allowed transitions
 * (RULES §6; LOL art. 24; DL art. 20).
 *
 *                 cosign (delegates of the term, each once)
 *                   ↺
 *   (submit) ──▶ collecting ──lodge (10 sitting signers)──▶ lodged ──forward──▶ forwarded
 *                   │                                         │   (mode: oral/written)   │
 *                withdraw                                  withdraw                   answer
 *                   ▼                                         ▼                          ▼
 *               withdrawn ◀───────────────────────────────────┘     ┌────────────▶ answered
 *                                                                   │                │  │
 *                                          reanswer_required ──answer┘   rate_reanswer│
 * │rate_closed ▲                                 │  │ / close └─────────────────────────────────┘ ▼
 *                                                                                      closed
 *
 * The presidium decides the mode and forwards the interpellation to the
 * organ (LOL art. 24(2)); staff record the organ's answer with who gave it
 * and when (LOL art. 24(3): its head, at the meeting or over their
 * signature); each questioner rates it. When half or more of the
 * questioners are dissatisfied (DL art. 20: 半数以上) a new answer is due;
 * one further answer is provided for. Staff may close an answered item
 * whose ratings are not all in.
 */
#ifndef RD_RULES_INTERPELLATION_H
#define RD_RULES_INTERPELLATION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

enum interp_state {
	INTERP_COLLECTING = 0,
	INTERP_LODGED,		  /* 10 or more signed: for the presidium */
	INTERP_FORWARDED,	  /* the mode decided, with the organ */
	INTERP_ANSWERED,	  /* the answer is with the questioners to rate */
	INTERP_REANSWER_REQUIRED, /* DL art. 20: 再作答复 */
	INTERP_CLOSED,
	INTERP_WITHDRAWN,
	INTERP_STATE_COUNT
};

enum interp_action {
	INTERP_COSIGN = 0,
	INTERP_LODGE,
	INTERP_WITHDRAW,
	INTERP_FORWARD,
	INTERP_ANSWER,
	INTERP_RATE_REANSWER, /* the rating that brings the dissatisfied to half */
	INTERP_RATE_CLOSED,   /* the last rating, too few dissatisfied */
	INTERP_CLOSE,
	INTERP_ACTION_COUNT
};

enum interp_actor { INTERP_BY_PROPOSER, INTERP_BY_DELEGATE, INTERP_BY_PRESIDIUM, INTERP_BY_STAFF };

const char *interp_state_name(enum interp_state s);
const char *interp_action_name(enum interp_action a);
enum rd_err interp_state_parse(const char *s, enum interp_state *out, struct rd_error *e);

/* Looks up the table; RD_ECONFLICT (field "state") if it has no such step. */
enum rd_err interp_transition(enum interp_state from, enum interp_action a, enum interp_state *to,
			      enum interp_actor *by, struct rd_error *e);

/*
 * LOL art. 24(1): 代表十人以上联名可以书面提出…质询案. RD_OK if `signers`
 * (sitting delegates of the term, the proposer included) are 10 or more;
 * RD_EINVAL (field "signers") otherwise. PROPOSAL_INTERPELLATION of
 * rules/proposers.c.
 */
enum rd_err interp_signers_check(int64_t signers, struct rd_error *e);
int64_t interp_signers_required(void);

/*
 * DL art. 20(5) (2025 numbering): 提出质询案的代表半数以上对答复不满意的，
 * 可以要求受质询机关再作答复. True when `dissatisfied` is half or more of
 * `questioners` — 以上 includes the boundary (RULES §1), so with 10
 * questioners 5 dissatisfied suffice and 4 do not; with 9, 5 and not 4.
 * False for counts out of range or questioners < 1.
 */
bool interp_new_answer_due(int64_t questioners, int64_t dissatisfied);
/* The fewest dissatisfied questioners that make a new answer due, or -1. */
int64_t interp_dissatisfied_needed(int64_t questioners);

/* Answers: one, and one further answer when required (DL art. 20). */
#define INTERP_MAX_ROUNDS 2

/* The organs an interpellation may address (LOL art. 24(1); DL art. 20(2)). */
enum interp_organ {
	INTERP_GOVERNMENT = 0, /* 本级人民政府 */
	INTERP_DEPARTMENT,     /* 政府所属工作部门 */
	INTERP_SUPERVISORY,    /* 监察委员会 */
	INTERP_COURT,	       /* 人民法院 */
	INTERP_PROCURATORATE,  /* 人民检察院 */
	INTERP_ORGAN_COUNT
};
const char *interp_organ_name(enum interp_organ o);
enum rd_err interp_organ_parse(const char *s, enum interp_organ *out, struct rd_error *e);

/* LOL art. 24(2): answered orally at a meeting, or in writing. */
enum interp_mode { INTERP_ORAL = 0, INTERP_WRITTEN };
enum rd_err interp_mode_parse(const char *s, enum interp_mode *out, struct rd_error *e);
/* LOL art. 24(2): the meetings an oral answer is given at: the presidium's,
 * a plenary, a special committee's. RD_EINVAL (field "meeting"). */
enum rd_err interp_meeting_check(const char *s, struct rd_error *e);

/* Ratings: satisfied / dissatisfied (DL art. 20). RD_EINVAL (field "rating"). */
enum rd_err interp_rating_check(const char *s, bool *dissatisfied, struct rd_error *e);

#endif
