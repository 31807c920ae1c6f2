/*
 * margins.c — candidate margins by office class; see margins.h.
 *
 * The statutory bands are data: one row per office class.
 */
#include "rules/margins.h"

#include <stdio.h>
#include <string.h>

#include "rules/counting.h"
#include "base/banned.h"

struct office_row {
	const char *name;
	bool bounded;
	bool uncontested_ok;
	/* extra candidates: lo_fixed + seats*lo_num/lo_den .. hi_fixed + seats*hi_num/hi_den */
	int64_t lo_fixed, lo_num, lo_den;
	int64_t hi_fixed, hi_num, hi_den;
	const char *article;
};

static const struct office_row offices[OFFICE_CLASS_COUNT] = {
	/* LOL art. 27(1): 正职…候选人数可以多一人…如果提名的候选人只有一人，也可以等额选举. */
	[OFFICE_HEAD] = {"head", true, true, 0, 0, 1, 1, 0, 1, "LOL art. 27(1)"},
	/* LOL art. 27(1): 副职…候选人数应比应选人数多一人至三人. */
	[OFFICE_VICE] = {"vice", true, false, 1, 0, 1, 3, 0, 1, "LOL art. 27(1)"},
	/* LOL art. 27(1): 常务委员会委员的候选人数应比应选人数多十分之一至五分之一. */
	[OFFICE_MEMBER] = {"member", true, false, 0, 1, 10, 0, 1, 5, "LOL art. 27(1)"},
	/* EL art. 31(2): 选举上一级人民代表大会代表的，…多于应选代表名额五分之一至二分之一. */
	[OFFICE_HIGHER_DELEGATE] = {"higher_delegate", true, false, 0, 1, 5, 0, 1, 2,
				    "EL art. 31(2)"},
	/* LOL art. 30: by-elections may be contested or not; no band. */
	[OFFICE_OTHER] = {"other", false, true, 0, 0, 1, 0, 0, 1, "LOL art. 30"},
	/* EL art. 31(2): 由选民直接选举…多于应选代表名额三分之一至一倍. */
	[OFFICE_DIRECT] = {"direct", true, false, 0, 1, 3, 0, 1, 1, "EL art. 31(2)"},
};

static const char *const reason_names[MARGIN_R_COUNT] = {
	[MARGIN_R_NONE] = "none",
	[MARGIN_R_UNCONTESTED_HEAD] = "uncontested_head",
	[MARGIN_R_PRIMARY_NEEDED] = "primary_needed",
	[MARGIN_R_CONFIG_BELOW_LAW] = "config_below_law",
	[MARGIN_R_CONFIG_ABOVE_LAW] = "config_above_law",
	[MARGIN_R_NO_INTEGER_IN_BAND] = "no_integer_in_band",
	[MARGIN_R_FEWER_THAN_SEATS] = "fewer_than_seats",
	[MARGIN_R_UNCONTESTED] = "uncontested",
	[MARGIN_R_TOO_FEW] = "too_few",
};

const char *office_class_name(enum office_class c)
{
	if ((unsigned)c >= OFFICE_CLASS_COUNT)
		return NULL;
	return offices[c].name;
}

enum rd_err office_class_parse(const char *s, enum office_class *out, struct rd_error *e)
{
	for (unsigned i = 0; s && i < OFFICE_CLASS_COUNT; i++) {
		if (strcmp(s, offices[i].name) == 0) {
			*out = (enum office_class)i;
			return RD_OK;
		}
	}
	return rd_fail(e, RD_EINVAL, "office",
		       "must be head, vice, member, higher_delegate, other or direct");
}

const char *margin_reason_name(enum margin_reason r)
{
	if ((unsigned)r >= MARGIN_R_COUNT)
		return "unknown";
	return reason_names[r];
}

enum rd_err margin_band_for(enum office_class c, int64_t seats, struct margin_band *out,
			    struct rd_error *e)
{
	const struct office_row *r;

	memset(out, 0, sizeof(*out));
	if ((unsigned)c >= OFFICE_CLASS_COUNT)
		return rd_fail(e, RD_EINVAL, "office", "unknown office class");
	if (seats < 1 || seats > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "seats", "must be between 1 and %lld",
			       (long long)RULES_MAX_COUNT);
	r = &offices[c];
	out->bounded = r->bounded;
	out->uncontested_ok = r->uncontested_ok;
	/* extra = fixed + seats*num/den, kept as one exact fraction. */
	out->lo_num = r->lo_fixed * r->lo_den + seats * r->lo_num;
	out->lo_den = r->lo_den;
	out->hi_num = r->hi_fixed * r->hi_den + seats * r->hi_num;
	out->hi_den = r->hi_den;
	out->min_extra = (out->lo_num + out->lo_den - 1) / out->lo_den;
	out->max_extra = out->hi_num / out->hi_den;
	if (!r->bounded) {
		out->min_extra = 0;
		out->max_extra = RULES_MAX_COUNT;
		out->hi_num = RULES_MAX_COUNT;
		out->hi_den = 1;
	}
	return RD_OK;
}

enum rd_err margin_default_config(enum office_class c, int64_t seats, struct margin_config *out,
				  struct rd_error *e)
{
	struct margin_band b;
	enum rd_err rc = margin_band_for(c, seats, &b, e);

	memset(out, 0, sizeof(*out));
	if (rc != RD_OK)
		return rc;
	if (!b.bounded) {
		out->min_extra = 1;
		out->max_extra = 1;
	} else if (b.min_extra <= b.max_extra) {
		out->min_extra = b.min_extra < 1 ? 1 : b.min_extra;
		out->max_extra = b.max_extra < out->min_extra ? out->min_extra : b.max_extra;
	} else {
		/* No whole number fits (e.g. member, 3 seats: 0.3 .. 0.6): the least
		 * contested election, one extra candidate. */
		out->min_extra = b.min_extra;
		out->max_extra = b.min_extra;
	}
	return RD_OK;
}

/* Records a finding if it is more severe than the one already kept. */
static void finding(struct margin_result *out, enum margin_status st, enum margin_reason why,
		    const char *msg)
{
	if (out->reason != MARGIN_R_NONE && st <= out->status)
		return;
	out->status = st;
	out->reason = why;
	snprintf(out->message, sizeof(out->message), "%s", msg);
}

enum rd_err margin_check(enum office_class c, int64_t seats, int64_t candidates,
			 const struct margin_config *cfg, struct margin_result *out,
			 struct rd_error *e)
{
	const struct office_row *r;
	struct margin_band b;
	enum rd_err rc;
	int64_t extra;
	char msg[256];

	memset(out, 0, sizeof(*out));
	rc = margin_band_for(c, seats, &b, e);
	if (rc != RD_OK)
		return rc;
	if (candidates < 0 || candidates > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "candidates", "count out of range");
	if (!cfg || cfg->min_extra < 0 || cfg->min_extra > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "margin.min_extra", "must be 0 or more");
	if (cfg->max_extra < cfg->min_extra || cfg->max_extra > RULES_MAX_COUNT)
		return rd_fail(e, RD_EINVAL, "margin.max_extra", "must not be below min_extra");
	r = &offices[c];
	out->band = b;
	out->min_candidates = seats + cfg->min_extra;
	out->max_candidates = seats + cfg->max_extra;
	extra = candidates - seats;

	/* The configured margin against the statutory band: warn only, because
	 * fractional bounds are not settled by law (RULES §7). */
	if (b.bounded) {
		if (b.min_extra > b.max_extra) {
			out->config_outside_law = true;
			snprintf(msg, sizeof(msg),
				 "%s: no whole number of extra candidates lies between %lld/%lld "
				 "and %lld/%lld for %lld seats",
				 r->article, (long long)b.lo_num, (long long)b.lo_den,
				 (long long)b.hi_num, (long long)b.hi_den, (long long)seats);
			finding(out, MARGIN_WARNING, MARGIN_R_NO_INTEGER_IN_BAND, msg);
		} else if (cfg->min_extra * b.lo_den < b.lo_num && !b.uncontested_ok) {
			out->config_outside_law = true;
			snprintf(msg, sizeof(msg),
				 "%s: the election rules allow %lld extra candidates, the law asks "
				 "for at least %lld/%lld",
				 r->article, (long long)cfg->min_extra, (long long)b.lo_num,
				 (long long)b.lo_den);
			finding(out, MARGIN_WARNING, MARGIN_R_CONFIG_BELOW_LAW, msg);
		} else if (cfg->max_extra * b.hi_den > b.hi_num) {
			out->config_outside_law = true;
			snprintf(msg, sizeof(msg),
				 "%s: the election rules allow %lld extra candidates, the law at "
				 "most %lld/%lld",
				 r->article, (long long)cfg->max_extra, (long long)b.hi_num,
				 (long long)b.hi_den);
			finding(out, MARGIN_WARNING, MARGIN_R_CONFIG_ABOVE_LAW, msg);
		}
	}

	/* The count against the configured margin. */
	if (extra > cfg->max_extra) {
		/* LOL art. 27(1), EL art. 32: more nominees than the margin → 预选. */
		out->primary_needed = true;
		snprintf(msg, sizeof(msg),
			 "%s: %lld nominees for %lld seats exceed the margin (at most %lld); "
			 "a primary (预选) decides the formal list",
			 r->article, (long long)candidates, (long long)seats,
			 (long long)out->max_candidates);
		finding(out, MARGIN_WARNING, MARGIN_R_PRIMARY_NEEDED, msg);
	}
	if (extra < 0) {
		snprintf(msg, sizeof(msg), "%lld candidates for %lld seats: fewer than the seats",
			 (long long)candidates, (long long)seats);
		finding(out, MARGIN_ERROR, MARGIN_R_FEWER_THAN_SEATS, msg);
	} else if (extra == 0 && b.uncontested_ok) {
		/* LOL art. 27(1): 如果提名的候选人只有一人，也可以等额选举;
		 * LOL art. 30: by-elections may be uncontested. */
		if (out->reason == MARGIN_R_NONE) {
			snprintf(msg, sizeof(msg),
				 "%s: as many candidates as seats (uncontested) is allowed",
				 r->article);
			finding(out, MARGIN_OK, MARGIN_R_UNCONTESTED_HEAD, msg);
		}
	} else if (extra == 0) {
		/* LOL art. 27(1), EL art. 31(1): 差额选举 is required. */
		snprintf(msg, sizeof(msg),
			 "%s: the election must be contested: more candidates than the %lld seats",
			 r->article, (long long)seats);
		finding(out, MARGIN_ERROR, MARGIN_R_UNCONTESTED, msg);
	} else if (extra < cfg->min_extra) {
		snprintf(msg, sizeof(msg),
			 "%lld candidates for %lld seats: the election rules ask for at least %lld",
			 (long long)candidates, (long long)seats, (long long)out->min_candidates);
		finding(out, MARGIN_ERROR, MARGIN_R_TOO_FEW, msg);
	}
	if (out->reason == MARGIN_R_NONE)
		snprintf(out->message, sizeof(out->message),
			 "%lld candidates for %lld seats are within the margin",
			 (long long)candidates, (long long)seats);
	return RD_OK;
}
