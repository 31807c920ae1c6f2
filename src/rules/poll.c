/*
 * poll.c — quorum and resolution outcomes; see poll.h.
 */
#include "rules/poll.h"

#include <string.h>

#include "rules/counting.h"
#include "base/banned.h"

static const char *const threshold_names[POLL_THRESHOLD_COUNT] = {
	[POLL_MAJORITY_OF_ALL] = "majority_of_all",
	[POLL_TWO_THIRDS_OF_ALL] = "two_thirds_of_all",
	[POLL_MAJORITY_OF_PRESENT] = "majority_of_present",
};

const char *poll_threshold_name(enum poll_threshold t)
{
	if ((unsigned)t >= POLL_THRESHOLD_COUNT)
		return NULL;
	return threshold_names[t];
}

enum rd_err poll_threshold_parse(const char *s, enum poll_threshold *out, struct rd_error *e)
{
	for (unsigned i = 0; s && i < POLL_THRESHOLD_COUNT; i++) {
		if (strcmp(s, threshold_names[i]) == 0) {
			*out = (enum poll_threshold)i;
			return RD_OK;
		}
	}
	return rd_fail(e, RD_EINVAL, "threshold",
		       "must be majority_of_all, two_thirds_of_all or majority_of_present");
}

static enum rd_err check_count(int64_t v, const char *field, struct rd_error *e)
{
	if (v < 0)
		return rd_fail(e, RD_EINVAL, field, "must not be negative");
	if (v > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, field, "is too large");
	return RD_OK;
}

enum rd_err poll_quorum(int64_t all, int64_t present, struct quorum *q, struct rd_error *e)
{
	enum rd_err rc;

	memset(q, 0, sizeof(*q));
	rc = check_count(all, "all", e);
	if (rc == RD_OK)
		rc = check_count(present, "present", e);
	if (rc != RD_OK)
		return rc;
	if (present > all)
		return rd_fail(e, RD_EINVAL, "present", "exceeds all delegates");
	q->all = all;
	q->present = present;
	/* LOL art. 14(4): 有三分之二以上的代表出席，始得举行. */
	q->required = rules_two_thirds(all);
	q->met = present >= q->required;
	return RD_OK;
}

enum rd_err poll_decide(const struct poll_count *c, enum poll_threshold t, struct poll_outcome *out,
			struct rd_error *e)
{
	static const char *const fields[] = {"all", "present", "yes", "no", "abstain", "not_voted"};
	int64_t v[6];
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	v[0] = c->all;
	v[1] = c->present;
	v[2] = c->yes;
	v[3] = c->no;
	v[4] = c->abstain;
	v[5] = c->not_voted;
	for (int i = 0; i < 6; i++) {
		rc = check_count(v[i], fields[i], e);
		if (rc != RD_OK)
			return rc;
	}
	if ((unsigned)t >= POLL_THRESHOLD_COUNT)
		return rd_fail(e, RD_EINVAL, "threshold", "unknown threshold");
	if (c->present > c->all)
		return rd_fail(e, RD_EINVAL, "present", "exceeds all delegates");
	/* RULES §3: not voted is shown separately, and every present delegate
	 * is exactly one of yes / no / abstain / not voted. */
	if (c->yes + c->no + c->abstain + c->not_voted != c->present)
		return rd_fail(e, RD_EINVAL, "not_voted",
			       "yes + no + abstain + not_voted must equal present");
	switch (t) {
	case POLL_MAJORITY_OF_ALL:
		/* LOL art. 25: 以全体代表的过半数通过. */
		out->needed = rules_more_than_half(c->all);
		break;
	case POLL_TWO_THIRDS_OF_ALL:
		/* RULES §3: 全体代表的三分之二以上 for bodies that require it. */
		out->needed = rules_two_thirds(c->all);
		break;
	case POLL_MAJORITY_OF_PRESENT:
		/* RULES §3: a setting for other bodies; base = those present. */
		out->needed = rules_more_than_half(c->present);
		break;
	default:
		return rd_fail(e, RD_EINTERNAL, "threshold", "unknown threshold");
	}
	out->passed = c->yes >= out->needed;
	/* LOL art. 14(4). */
	out->quorum = c->present >= rules_two_thirds(c->all);
	return RD_OK;
}
