/*
 * proposers.c — proposer thresholds as a table; see proposers.h.
 */
#include "rules/proposers.h"

#include <stddef.h>

#include "rules/counting.h"
#include "base/banned.h"

struct proposer_rule {
	const char *name;
	int64_t fixed; /* a fixed number of proposers, or 0 */
	int64_t num;   /* else at least num/den of all */
	int64_t den;
	const char *article;
};

static const struct proposer_rule rules[PROPOSAL_KIND_COUNT] = {
	/* LOL art. 22(2): 县级…代表十人以上联名 may submit a motion. */
	[PROPOSAL_JOINT_MOTION] = {"joint_motion", 10, 0, 1, "LOL art. 22(2)"},
	/* LOL art. 24: 代表十人以上联名可以书面提出…质询案. */
	[PROPOSAL_INTERPELLATION] = {"interpellation", 10, 0, 1, "LOL art. 24"},
	/* LOL art. 31(1): 十分之一以上代表联名 may propose a recall. */
	[PROPOSAL_RECALL] = {"recall", 0, 1, 10, "LOL art. 31(1)"},
	/* LOL art. 14(3): 经过五分之一以上代表提议 an extra session may be convened. */
	[PROPOSAL_EXTRA_SESSION] = {"extra_session", 0, 1, 5, "LOL art. 14(3)"},
	/* LOL art. 26(2): 县级的人民代表大会代表十人以上书面联名 may nominate. */
	[PROPOSAL_JOINT_NOMINATION] = {"joint_nomination", 10, 0, 1, "LOL art. 26(2)"},
	/* EL art. 30(2): 选民或者代表，十人以上联名，也可以推荐代表候选人. */
	[PROPOSAL_VOTER_NOMINATION] = {"voter_nomination", 10, 0, 1, "EL art. 30(2)"},
};

const char *proposal_kind_name(enum proposal_kind k)
{
	if ((unsigned)k >= PROPOSAL_KIND_COUNT)
		return NULL;
	return rules[k].name;
}

int64_t proposers_required(enum proposal_kind k, int64_t all)
{
	if ((unsigned)k >= PROPOSAL_KIND_COUNT || all < 0 || all > RULES_MAX_COUNT)
		return -1;
	if (rules[k].fixed > 0)
		return rules[k].fixed;
	return rules_at_least_fraction(all, rules[k].num, rules[k].den);
}

enum rd_err proposers_check(enum proposal_kind k, int64_t all, int64_t signers, struct rd_error *e)
{
	int64_t need = proposers_required(k, all);

	if (need < 0)
		return rd_fail(e, RD_EINVAL, "all", "unknown proposal kind or count out of range");
	if (signers < 0 || signers > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "signers", "count out of range");
	if (signers < need)
		return rd_fail(e, RD_EINVAL, "signers",
			       "%s needs at least %lld proposers (%s), got %lld", rules[k].name,
			       (long long)need, rules[k].article, (long long)signers);
	return RD_OK;
}

enum rd_err proposers_check_nominee_limit(int64_t nominees, int64_t seats, struct rd_error *e)
{
	if (seats < 1 || seats > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "seats", "must be at least 1");
	if (nominees < 0)
		return rd_fail(e, RD_EINVAL, "nominees", "must not be negative");
	/* LOL art. 26(3): 主席团提名的候选人人数，每一代表与其他代表联合提名的
	 * 候选人人数，均不得超过应选名额. */
	if (nominees > seats)
		return rd_fail(
			e, RD_EINVAL, "nominees",
			"one nominator may name at most %lld candidates (the seats), got %lld",
			(long long)seats, (long long)nominees);
	return RD_OK;
}
