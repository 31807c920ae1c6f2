/*
 * opinion.c — the transitions of a citizen's issue, its categories and its
 * tracking code (see opinion.h).
 */
#include "rules/opinion.h"

#include <string.h>

#include "base/banned.h"

static const char *const state_names[OP_STATE_COUNT] = {
	"submitted", "routed", "taken", "suggested", "closed", "merged", "rejected",
};

static const char *const action_names[OP_ACTION_COUNT] = {
	"triage", "route", "take", "record", "suggest", "answer", "merge", "reject",
};

#define X OP_STATE_COUNT /* not allowed */

/* to[action][from]: the state after the action, or X. */
static const enum op_state to[OP_ACTION_COUNT][OP_STATE_COUNT] = {
	/* columns: submitted, routed, taken, suggested, closed, merged, rejected */
	[OP_TRIAGE] = {OP_SUBMITTED, OP_ROUTED, OP_TAKEN, OP_SUGGESTED, X, X, X},
	[OP_ROUTE] = {OP_ROUTED, OP_ROUTED, OP_ROUTED, X, X, X, X},
	[OP_TAKE] = {X, OP_TAKEN, X, X, X, X, X},
	[OP_RECORD] = {X, X, OP_TAKEN, OP_SUGGESTED, X, X, X},
	[OP_SUGGEST] = {X, X, OP_SUGGESTED, X, X, X, X},
	[OP_ANSWER] = {OP_CLOSED, OP_CLOSED, OP_CLOSED, OP_CLOSED, X, X, X},
	[OP_MERGE] = {OP_MERGED, OP_MERGED, X, X, X, X, X},
	[OP_REJECT] = {OP_REJECTED, OP_REJECTED, X, X, X, X, X},
};

const char *op_state_name(enum op_state s)
{
	return s < OP_STATE_COUNT ? state_names[s] : NULL;
}

const char *op_action_name(enum op_action a)
{
	return a < OP_ACTION_COUNT ? action_names[a] : NULL;
}

enum rd_err op_state_parse(const char *s, enum op_state *out, struct rd_error *e)
{
	for (int i = 0; s && i < OP_STATE_COUNT; i++) {
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum op_state)i;
			return RD_OK;
		}
	}
	return rd_fail(e, RD_EINVAL, "state",
		       "state must be submitted, routed, taken, suggested, closed, merged or "
		       "rejected");
}

enum rd_err op_transition(enum op_state from, enum op_action a, enum op_state *out,
			  struct rd_error *e)
{
	if (from >= OP_STATE_COUNT || a >= OP_ACTION_COUNT || to[a][from] == X)
		return rd_fail(e, RD_ECONFLICT, "state", "the issue is %s: it cannot be %s now",
			       op_state_name(from) ? op_state_name(from) : "?",
			       op_action_name(a) ? op_action_name(a) : "?");
	*out = to[a][from];
	return RD_OK;
}

bool op_state_open(enum op_state s)
{
	return s == OP_SUBMITTED || s == OP_ROUTED || s == OP_TAKEN || s == OP_SUGGESTED;
}

const char *const op_categories[] = {
	"roads_transport", /* 交通出行 */
	"education",	   /* 教育 */
	"health",	   /* 医疗卫生 */
	"environment",	   /* 生态环境 */
	"agriculture",	   /* 农业农村 */
	"social_security", /* 社会保障 */
	"housing",	   /* 住房城建 */
	"public_safety",   /* 公共安全 */
	"employment",	   /* 就业创业 */
	"other",	   /* 其他 */
};
const size_t op_ncategories = sizeof(op_categories) / sizeof(op_categories[0]);

bool op_category_ok(const char *s)
{
	for (size_t i = 0; s && i < op_ncategories; i++)
		if (strcmp(s, op_categories[i]) == 0)
			return true;
	return false;
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void op_code_make(unsigned long long bits, char out[OP_CODE_LEN + 1])
{
	size_t k = 0;

	for (int i = 0; i < 12; i++) {
		if (i == 4 || i == 8)
			out[k++] = '-';
		out[k++] = crockford[(bits >> (5 * (11 - i))) & 31];
	}
	out[k] = '\0';
}

/* The value of a typed character, or -1. */
static int digit(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	if (c == 'I' || c == 'L')
		c = '1';
	const char *p = c ? strchr(crockford, c) : NULL;

	return p ? (int)(p - crockford) : -1;
}

bool op_code_normalize(const char *in, char out[OP_CODE_LEN + 1])
{
	size_t k = 0, n = 0;

	for (const char *p = in; p && *p; p++) {
		int d;

		if (*p == '-' || *p == ' ')
			continue;
		d = digit(*p);
		if (d < 0 || n == 12)
			return false;
		if (n == 4 || n == 8)
			out[k++] = '-';
		out[k++] = crockford[d];
		n++;
	}
	out[k] = '\0';
	return n == 12;
}
