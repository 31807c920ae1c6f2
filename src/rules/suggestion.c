/* suggestion.c — see suggestion.h. The transitions are data. */
#include "rules/suggestion.h"

#include <string.h>

#include "base/banned.h"

static const char *const state_names[SUGG_STATE_COUNT] = {
	"submitted", "rejected", "assigned", "return_requested", "replied", "rehandling", "closed",
};

static const char *const action_names[SUGG_ACTION_COUNT] = {
	"assign",
	"reject",
	"request_return",
	"approve_return",
	"deny_return",
	"request_extension",
	"decide_extension",
	"reply",
	"rate_ok",
	"rate_dissatisfied",
	"close",
};

static const struct {
	enum sugg_state from;
	enum sugg_action action;
	enum sugg_state to;
	enum sugg_actor by;
} table[] = {
	/* DL art. 51(1); Beijing art. 12: the office reviews and assigns. */
	{SUGG_SUBMITTED, SUGG_ASSIGN, SUGG_ASSIGNED, SUGG_BY_OFFICE},
	/* Henan art. 10: inadmissible items go back to the delegate with a reason. */
	{SUGG_SUBMITTED, SUGG_REJECT, SUGG_REJECTED, SUGG_BY_OFFICE},
	/* Henan art. 14: a unit may return a mis-assigned item within 10 working days. */
	{SUGG_ASSIGNED, SUGG_REQUEST_RETURN, SUGG_RETURN_REQUESTED, SUGG_BY_UNIT},
	{SUGG_RETURN_REQUESTED, SUGG_APPROVE_RETURN, SUGG_SUBMITTED, SUGG_BY_OFFICE},
	{SUGG_RETURN_REQUESTED, SUGG_DENY_RETURN, SUGG_ASSIGNED, SUGG_BY_OFFICE},
	/* DL art. 51(2): 6 months for broad or difficult ones, approved. */
	{SUGG_ASSIGNED, SUGG_REQUEST_EXTENSION, SUGG_ASSIGNED, SUGG_BY_UNIT},
	{SUGG_ASSIGNED, SUGG_DECIDE_EXTENSION, SUGG_ASSIGNED, SUGG_BY_OFFICE},
	{SUGG_ASSIGNED, SUGG_REPLY, SUGG_REPLIED, SUGG_BY_UNIT},
	/* Henan art. 22, Shandong art. 24: dissatisfied → rehandled, new reply. */
	{SUGG_REPLIED, SUGG_RATE_OK, SUGG_CLOSED, SUGG_BY_DELEGATE},
	{SUGG_REPLIED, SUGG_RATE_DISSATISFIED, SUGG_REHANDLING, SUGG_BY_DELEGATE},
	{SUGG_REHANDLING, SUGG_REPLY, SUGG_REPLIED, SUGG_BY_UNIT},
	/* The office closes what the ratings did not (e.g. the window passed). */
	{SUGG_REPLIED, SUGG_CLOSE, SUGG_CLOSED, SUGG_BY_OFFICE},
	{SUGG_REHANDLING, SUGG_CLOSE, SUGG_CLOSED, SUGG_BY_OFFICE},
};

const char *sugg_state_name(enum sugg_state s)
{
	return (int)s >= 0 && s < SUGG_STATE_COUNT ? state_names[s] : NULL;
}

const char *sugg_action_name(enum sugg_action a)
{
	return (int)a >= 0 && a < SUGG_ACTION_COUNT ? action_names[a] : NULL;
}

enum rd_err sugg_state_parse(const char *s, enum sugg_state *out, struct rd_error *e)
{
	for (int i = 0; s && i < SUGG_STATE_COUNT; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum sugg_state)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "state", "unknown state");
}

enum rd_err sugg_transition(enum sugg_state from, enum sugg_action a, enum sugg_state *to,
			    enum sugg_actor *by, struct rd_error *e)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].from == from && table[i].action == a) {
			*to = table[i].to;
			*by = table[i].by;
			return RD_OK;
		}
	return rd_fail(e, RD_ECONFLICT, "state", "a %s suggestion cannot be given '%s'",
		       sugg_state_name(from) ? sugg_state_name(from) : "?",
		       sugg_action_name(a) ? sugg_action_name(a) : "?");
}

static const char *const result_names[SUGG_RESULT_COUNT] = {"solved", "planned", "not_possible",
							    "explained"};

const char *sugg_result_name(enum sugg_result r)
{
	return (int)r >= 0 && r < SUGG_RESULT_COUNT ? result_names[r] : NULL;
}

enum rd_err sugg_result_parse(const char *s, enum sugg_result *out, struct rd_error *e)
{
	for (int i = 0; s && i < SUGG_RESULT_COUNT; i++)
		if (strcmp(s, result_names[i]) == 0) {
			*out = (enum sugg_result)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "category",
		       "category must be solved, planned, not_possible or explained");
}

bool sugg_result_needs_follow_up(enum sugg_result r)
{
	return r == SUGG_PLANNED;
}

static const char *const rating_names[SUGG_RATING_COUNT] = {"satisfied", "basically_satisfied",
							    "dissatisfied"};

const char *sugg_rating_name(enum sugg_rating r)
{
	return (int)r >= 0 && r < SUGG_RATING_COUNT ? rating_names[r] : NULL;
}

enum rd_err sugg_rating_parse(const char *s, enum sugg_rating *out, struct rd_error *e)
{
	for (int i = 0; s && i < SUGG_RATING_COUNT; i++)
		if (strcmp(s, rating_names[i]) == 0) {
			*out = (enum sugg_rating)i;
			return RD_OK;
		}
	return rd_fail(e, RD_EINVAL, "rating",
		       "rating must be satisfied, basically_satisfied or dissatisfied");
}
