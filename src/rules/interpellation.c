/* interpellation.c — see interpellation.h. The transitions are data. */
#include "rules/interpellation.h"

#include <stddef.h>
#include <string.h>

#include "rules/counting.h"
#include "rules/proposers.h"
#include "base/banned.h"

static const char *const state_names[INTERP_STATE_COUNT] = {
	"collecting", "lodged", "forwarded", "answered", "reanswer_required", "closed", "withdrawn",
};

static const char *const action_names[INTERP_ACTION_COUNT] = {
	"cosign", "lodge", "withdraw", "forward", "answer", "rate_reanswer", "rate_closed", "close",
};

static const struct {
	enum interp_state from;
	enum interp_action action;
	enum interp_state to;
	enum interp_actor by;
} table[] = {
	/* LOL art. 24(1): 代表十人以上联名…书面提出. */
	{INTERP_COLLECTING, INTERP_COSIGN, INTERP_COLLECTING, INTERP_BY_DELEGATE},
	{INTERP_COLLECTING, INTERP_LODGE, INTERP_LODGED, INTERP_BY_PROPOSER},
	/* Guangdong congress procedure art. 51: 在主席团作出处理决定前，提案人
	 * 要求撤回的，会议对该案的审议即行终止 — no consent needed before then. */
	{INTERP_COLLECTING, INTERP_WITHDRAW, INTERP_WITHDRAWN, INTERP_BY_PROPOSER},
	{INTERP_LODGED, INTERP_WITHDRAW, INTERP_WITHDRAWN, INTERP_BY_PROPOSER},
	/* LOL art. 24(2): 由主席团决定交由受质询机关…口头答复，或者…书面答复. */
	{INTERP_LODGED, INTERP_FORWARD, INTERP_FORWARDED, INTERP_BY_PRESIDIUM},
	/* LOL art. 24(3): the organ's head answers at the meeting or signs. */
	{INTERP_FORWARDED, INTERP_ANSWER, INTERP_ANSWERED, INTERP_BY_STAFF},
	/* DL art. 20: 半数以上对答复不满意的，可以要求…再作答复. */
	{INTERP_ANSWERED, INTERP_RATE_REANSWER, INTERP_REANSWER_REQUIRED, INTERP_BY_DELEGATE},
	{INTERP_ANSWERED, INTERP_RATE_CLOSED, INTERP_CLOSED, INTERP_BY_DELEGATE},
	{INTERP_REANSWER_REQUIRED, INTERP_ANSWER, INTERP_ANSWERED, INTERP_BY_STAFF},
	/* Staff close what the ratings did not (not all rated). */
	{INTERP_ANSWERED, INTERP_CLOSE, INTERP_CLOSED, INTERP_BY_STAFF},
};

const char *interp_state_name(enum interp_state s)
{
	return (int)s >= 0 && s < INTERP_STATE_COUNT ? state_names[s] : NULL;
}

const char *interp_action_name(enum interp_action a)
{
	return (int)a >= 0 && a < INTERP_ACTION_COUNT ? action_names[a] : NULL;
}

enum rd_err interp_state_parse(const char *s, enum interp_state *out, struct rd_error *e)
{
	for (int i = 0; s && i < INTERP_STATE_COUNT; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum interp_state)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "state", "unknown state");
}

enum rd_err interp_transition(enum interp_state from, enum interp_action a, enum interp_state *to,
			      enum interp_actor *by, struct rd_error *e)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].from == from && table[i].action == a) {
			*to = table[i].to;
			*by = table[i].by;
			return RD_OK;
		}
	return rd_fail(e, RD_ECONFLICT, "state", "a %s interpellation cannot be given '%s'",
		       interp_state_name(from) ? interp_state_name(from) : "?",
		       interp_action_name(a) ? interp_action_name(a) : "?");
}

enum rd_err interp_signers_check(int64_t signers, struct rd_error *e)
{
	return proposers_check(PROPOSAL_INTERPELLATION, 0, signers, e);
}

int64_t interp_signers_required(void)
{
	return proposers_required(PROPOSAL_INTERPELLATION, 0);
}

int64_t interp_dissatisfied_needed(int64_t questioners)
{
	if (questioners < 1 || questioners > RULES_MAX_COUNT)
		return -1;
	/* 半数以上: at least ceil(n/2) — 以上 includes half itself. */
	return rules_at_least_fraction(questioners, 1, 2);
}

bool interp_new_answer_due(int64_t questioners, int64_t dissatisfied)
{
	int64_t need = interp_dissatisfied_needed(questioners);

	if (need < 0 || dissatisfied < 0 || dissatisfied > questioners)
		return false;
	return dissatisfied >= need;
}

static const char *const organ_names[INTERP_ORGAN_COUNT] = {
	"government", "department", "supervisory_commission", "court", "procuratorate",
};

const char *interp_organ_name(enum interp_organ o)
{
	return (int)o >= 0 && o < INTERP_ORGAN_COUNT ? organ_names[o] : NULL;
}

enum rd_err interp_organ_parse(const char *s, enum interp_organ *out, struct rd_error *e)
{
	for (int i = 0; s && i < INTERP_ORGAN_COUNT; i++)
		if (strcmp(s, organ_names[i]) == 0) {
			*out = (enum interp_organ)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "organ_kind",
		       "organ_kind must be government, department, supervisory_commission,"
		       " court or procuratorate (LOL art. 24)");
}

enum rd_err interp_mode_parse(const char *s, enum interp_mode *out, struct rd_error *e)
{
	if (s && strcmp(s, "oral") == 0) {
		*out = INTERP_ORAL;
		return RD_OK;
	}
	if (s && strcmp(s, "written") == 0) {
		*out = INTERP_WRITTEN;
		return RD_OK;
	}
	return rd_fail(e, RD_EINVAL, "mode", "mode must be oral or written (LOL art. 24(2))");
}

enum rd_err interp_meeting_check(const char *s, struct rd_error *e)
{
	static const char *const meetings[] = {"presidium", "plenary", "committee"};

	for (size_t i = 0; s && i < sizeof(meetings) / sizeof(meetings[0]); i++)
		if (strcmp(s, meetings[i]) == 0)
			return RD_OK;
	return rd_fail(e, RD_EINVAL, "meeting",
		       "an oral answer is given at a presidium, plenary or committee meeting"
		       " (LOL art. 24(2))");
}

enum rd_err interp_rating_check(const char *s, bool *dissatisfied, struct rd_error *e)
{
	if (s && strcmp(s, "satisfied") == 0) {
		*dissatisfied = false;
		return RD_OK;
	}
	if (s && strcmp(s, "dissatisfied") == 0) {
		*dissatisfied = true;
		return RD_OK;
	}
	return rd_fail(e, RD_EINVAL, "rating", "rating must be satisfied or dissatisfied");
}
