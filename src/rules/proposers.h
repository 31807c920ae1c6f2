/*
 * proposers.h — how many people must join to propose something (RULES §4,
 * §6, §7, §8, §9): joint motions, interpellations, recalls, extra sessions,
 * joint nominations, voters' nominations; and the per-nominator limit.
 *
 * The thresholds are a table in proposers.c: a fixed number, or a fraction
 * of all delegates counted with "or more" (以上, boundary included).
 */
#ifndef RD_RULES_PROPOSERS_H
#define RD_RULES_PROPOSERS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

enum proposal_kind {
	PROPOSAL_JOINT_MOTION = 0, /* 议案: 10 delegates (LOL art. 22(2)) */
	PROPOSAL_INTERPELLATION,   /* 质询案: 10 delegates (LOL art. 24) */
	PROPOSAL_RECALL,	   /* 罢免案: 1/10 of all (LOL art. 31) */
	PROPOSAL_EXTRA_SESSION,	   /* 临时召集: 1/5 of all (LOL art. 14(3)) */
	PROPOSAL_JOINT_NOMINATION, /* 联名提名: 10 delegates (LOL art. 26(2)) */
	PROPOSAL_VOTER_NOMINATION, /* 选民联名推荐: 10 voters (EL art. 30(2)) */
	PROPOSAL_KIND_COUNT
};

/* The stable name of a kind ("joint_motion", ...), or NULL. */
const char *proposal_kind_name(enum proposal_kind k);

/*
 * The fewest proposers needed for kind k when the body has `all` members
 * (all delegates; ignored for fixed thresholds). -1 if k is unknown or all is
 * negative or above RULES_MAX_COUNT.
 */
int64_t proposers_required(enum proposal_kind k, int64_t all);

/*
 * Checks that `signers` proposers suffice. RD_OK if so; RD_EINVAL with field
 * "signers" and a message giving the number needed if not (or if a count is
 * out of range).
 */
enum rd_err proposers_check(enum proposal_kind k, int64_t all, int64_t signers, struct rd_error *e);

/*
 * LOL art. 26(3), EL art. 30: the presidium's nominees, and each delegate's
 * (or voter's) joint nominees, must not exceed the seats. RD_OK if
 * 0 <= nominees <= seats and seats >= 1; RD_EINVAL (field "nominees" or
 * "seats") otherwise.
 */
enum rd_err proposers_check_nominee_limit(int64_t nominees, int64_t seats, struct rd_error *e);

#endif
