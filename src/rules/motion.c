/* motion.c — see motion.h. The transitions are data. */
#include "rules/motion.h"

#include <stddef.h>
#include <string.h>

#include "rules/proposers.h"
#include "base/banned.h"

static const char *const state_names[MOTION_STATE_COUNT] = {
	"collecting",  "lodged",	"referred",  "on_agenda",
	"put_to_vote", "as_suggestion", "withdrawn",
};

static const char *const action_names[MOTION_ACTION_COUNT] = {
	"cosign",
	"lodge",
	"lodge_late",
	"cancel",
	"agenda",
	"refer",
	"handle_as_suggestion",
	"put_to_vote",
	"request_withdrawal",
	"consent_withdrawal",
	"refuse_withdrawal",
};

static const struct {
	enum motion_state from;
	enum motion_action action;
	enum motion_state to;
	enum motion_actor by;
} table[] = {
	/* LOL art. 22(2): 代表十人以上联名 — each signer confirms for themself. */
	{MOTION_COLLECTING, MOTION_COSIGN, MOTION_COLLECTING, MOTION_BY_DELEGATE},
	{MOTION_COLLECTING, MOTION_LODGE, MOTION_LODGED, MOTION_BY_PROPOSER},
	/* RULES §4: a motion filed late is handled as a suggestion. */
	{MOTION_COLLECTING, MOTION_LODGE_LATE, MOTION_AS_SUGGESTION, MOTION_BY_PROPOSER},
	/* Not yet a motion: the proposer may drop it alone. */
	{MOTION_COLLECTING, MOTION_CANCEL, MOTION_WITHDRAWN, MOTION_BY_PROPOSER},
	/* LOL art. 22(2), DL art. 15(2): 由主席团决定是否列入大会议程，或者先交
	 * 有关的专门委员会审议、提出是否列入大会议程的意见，再由主席团决定. */
	{MOTION_LODGED, MOTION_AGENDA, MOTION_ON_AGENDA, MOTION_BY_PRESIDIUM},
	{MOTION_LODGED, MOTION_REFER, MOTION_REFERRED, MOTION_BY_PRESIDIUM},
	{MOTION_LODGED, MOTION_HANDLE_AS_SUGGESTION, MOTION_AS_SUGGESTION, MOTION_BY_PRESIDIUM},
	{MOTION_REFERRED, MOTION_AGENDA, MOTION_ON_AGENDA, MOTION_BY_PRESIDIUM},
	{MOTION_REFERRED, MOTION_HANDLE_AS_SUGGESTION, MOTION_AS_SUGGESTION, MOTION_BY_PRESIDIUM},
	{MOTION_ON_AGENDA, MOTION_PUT_TO_VOTE_ACTION, MOTION_PUT_TO_VOTE, MOTION_BY_PRESIDIUM},
	/* LOL art. 22(3), DL art. 15(3): 在交付大会表决前，提案人要求撤回的，
	 * 经主席团同意 — asked by the proposer, consented to by the presidium. */
	{MOTION_LODGED, MOTION_REQUEST_WITHDRAWAL, MOTION_LODGED, MOTION_BY_PROPOSER},
	{MOTION_REFERRED, MOTION_REQUEST_WITHDRAWAL, MOTION_REFERRED, MOTION_BY_PROPOSER},
	{MOTION_ON_AGENDA, MOTION_REQUEST_WITHDRAWAL, MOTION_ON_AGENDA, MOTION_BY_PROPOSER},
	{MOTION_LODGED, MOTION_CONSENT_WITHDRAWAL, MOTION_WITHDRAWN, MOTION_BY_PRESIDIUM},
	{MOTION_REFERRED, MOTION_CONSENT_WITHDRAWAL, MOTION_WITHDRAWN, MOTION_BY_PRESIDIUM},
	{MOTION_ON_AGENDA, MOTION_CONSENT_WITHDRAWAL, MOTION_WITHDRAWN, MOTION_BY_PRESIDIUM},
	{MOTION_LODGED, MOTION_REFUSE_WITHDRAWAL, MOTION_LODGED, MOTION_BY_PRESIDIUM},
	{MOTION_REFERRED, MOTION_REFUSE_WITHDRAWAL, MOTION_REFERRED, MOTION_BY_PRESIDIUM},
	{MOTION_ON_AGENDA, MOTION_REFUSE_WITHDRAWAL, MOTION_ON_AGENDA, MOTION_BY_PRESIDIUM},
};

const char *motion_state_name(enum motion_state s)
{
	return (int)s >= 0 && s < MOTION_STATE_COUNT ? state_names[s] : NULL;
}

const char *motion_action_name(enum motion_action a)
{
	return (int)a >= 0 && a < MOTION_ACTION_COUNT ? action_names[a] : NULL;
}

enum rd_err motion_state_parse(const char *s, enum motion_state *out, struct rd_error *e)
{
	for (int i = 0; s && i < MOTION_STATE_COUNT; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum motion_state)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "state", "unknown state");
}

enum rd_err motion_transition(enum motion_state from, enum motion_action a, enum motion_state *to,
			      enum motion_actor *by, struct rd_error *e)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].from == from && table[i].action == a) {
			*to = table[i].to;
			*by = table[i].by;
			return RD_OK;
		}
	return rd_fail(e, RD_ECONFLICT, "state", "a %s motion cannot be given '%s'",
		       motion_state_name(from) ? motion_state_name(from) : "?",
		       motion_action_name(a) ? motion_action_name(a) : "?");
}

bool motion_withdrawable(enum motion_state s)
{
	enum motion_state to;
	enum motion_actor by;

	return motion_transition(s, MOTION_CONSENT_WITHDRAWAL, &to, &by, NULL) == RD_OK;
}

enum rd_err motion_signers_check(int64_t signers, struct rd_error *e)
{
	/* LOL art. 22(2), DL art. 15: ten or more delegates jointly; a fixed
	 * number, so the count of all delegates does not enter. */
	return proposers_check(PROPOSAL_JOINT_MOTION, 0, signers, e);
}

int64_t motion_signers_required(void)
{
	return proposers_required(PROPOSAL_JOINT_MOTION, 0);
}

bool motion_filed_late(int64_t filed_ms, int64_t deadline_ms)
{
	return deadline_ms > 0 && filed_ms > deadline_ms;
}

static const char *const decision_names[] = {"agenda", "refer", "suggestion"};

enum rd_err motion_decision_parse(const char *s, enum motion_decision *out, struct rd_error *e)
{
	for (int i = 0; s && i < 3; i++)
		if (strcmp(s, decision_names[i]) == 0) {
			*out = (enum motion_decision)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "decision", "decision must be agenda, refer or suggestion");
}

enum motion_action motion_decision_action(enum motion_decision d)
{
	switch (d) {
	case MOTION_DECIDE_AGENDA:
		return MOTION_AGENDA;
	case MOTION_DECIDE_REFER:
		return MOTION_REFER;
	case MOTION_DECIDE_SUGGESTION:
		break;
	}
	return MOTION_HANDLE_AS_SUGGESTION;
}
