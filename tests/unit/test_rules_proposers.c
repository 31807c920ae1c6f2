/*
 * test_rules_proposers.c — proposer thresholds and the nominee limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/proposers.h"
#include "base/banned.h"

static void test_fixed_thresholds(void **state)
{
	struct rd_error e;

	(void)state;
	assert_int_equal(proposers_required(PROPOSAL_JOINT_MOTION, 324), 10);
	assert_int_equal(proposers_required(PROPOSAL_INTERPELLATION, 50), 10);
	assert_int_equal(proposers_required(PROPOSAL_JOINT_NOMINATION, 200), 10);
	assert_int_equal(proposers_required(PROPOSAL_VOTER_NOMINATION, 5000), 10);
	assert_int_equal(proposers_check(PROPOSAL_JOINT_MOTION, 200, 10, &e), RD_OK);
	assert_int_equal(proposers_check(PROPOSAL_INTERPELLATION, 200, 9, &e), RD_EINVAL);
	assert_string_equal(e.field, "signers");
}

static void test_fraction_thresholds(void **state)
{
	struct rd_error e;

	(void)state;
	/* RULES §8: 324 delegates → a recall needs 33; 25 is not enough. */
	assert_int_equal(proposers_required(PROPOSAL_RECALL, 324), 33);
	assert_int_equal(proposers_check(PROPOSAL_RECALL, 324, 25, &e), RD_EINVAL);
	assert_non_null(strstr(e.message, "33"));
	assert_int_equal(proposers_check(PROPOSAL_RECALL, 324, 32, &e), RD_EINVAL);
	assert_int_equal(proposers_check(PROPOSAL_RECALL, 324, 33, &e), RD_OK);
	assert_int_equal(proposers_required(PROPOSAL_EXTRA_SESSION, 200), 40);
	assert_int_equal(proposers_required(PROPOSAL_EXTRA_SESSION, 201), 41);
	assert_int_equal(proposers_required(PROPOSAL_KIND_COUNT, 201), -1);
	assert_int_equal(proposers_required(PROPOSAL_RECALL, -1), -1);
	assert_string_equal(proposal_kind_name(PROPOSAL_RECALL), "recall");
}

static void test_nominee_limit(void **state)
{
	struct rd_error e;

	(void)state;
	assert_int_equal(proposers_check_nominee_limit(3, 3, &e), RD_OK);
	assert_int_equal(proposers_check_nominee_limit(4, 3, &e), RD_EINVAL);
	assert_string_equal(e.field, "nominees");
	assert_int_equal(proposers_check_nominee_limit(1, 0, &e), RD_EINVAL);
	assert_string_equal(e.field, "seats");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_thresholds),
		cmocka_unit_test(test_fraction_thresholds),
		cmocka_unit_test(test_nominee_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
