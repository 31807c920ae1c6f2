/*
 * test_rules_poll.c — quorum (LOL 14) and resolution outcomes (LOL 25).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/poll.h"
#include "base/banned.h"

static void test_quorum(void **state)
{
	struct quorum q;
	struct rd_error e;

	(void)state;
	assert_int_equal(poll_quorum(120, 80, &q, &e), RD_OK);
	assert_int_equal(q.required, 80);
	assert_true(q.met);
	assert_int_equal(poll_quorum(120, 79, &q, &e), RD_OK);
	assert_false(q.met);
	assert_int_equal(poll_quorum(120, 121, &q, &e), RD_EINVAL);
	assert_string_equal(e.field, "present");
	assert_int_equal(poll_quorum(-1, 0, &q, &e), RD_EINVAL);
	assert_string_equal(e.field, "all");
}

static void test_majority_of_all(void **state)
{
	/* RULES §3: 200 delegates, 160 present, 100 yes, 10 no → fails. */
	struct poll_count c = {200, 160, 100, 10, 40, 10};
	struct poll_outcome o;
	struct rd_error e;

	(void)state;
	assert_int_equal(poll_decide(&c, POLL_MAJORITY_OF_ALL, &o, &e), RD_OK);
	assert_int_equal(o.needed, 101);
	assert_false(o.passed);
	assert_true(o.quorum);
	c.yes = 101;
	c.abstain = 39;
	assert_int_equal(poll_decide(&c, POLL_MAJORITY_OF_ALL, &o, &e), RD_OK);
	assert_true(o.passed);
}

static void test_other_thresholds(void **state)
{
	struct poll_count c = {120, 100, 80, 10, 5, 5};
	struct poll_outcome o;
	struct rd_error e;
	enum poll_threshold t;

	(void)state;
	assert_int_equal(poll_decide(&c, POLL_TWO_THIRDS_OF_ALL, &o, &e), RD_OK);
	assert_int_equal(o.needed, 80);
	assert_true(o.passed);
	c.yes = 79;
	c.no = 11;
	assert_int_equal(poll_decide(&c, POLL_TWO_THIRDS_OF_ALL, &o, &e), RD_OK);
	assert_false(o.passed);
	assert_int_equal(poll_decide(&c, POLL_MAJORITY_OF_PRESENT, &o, &e), RD_OK);
	assert_int_equal(o.needed, 51);
	assert_true(o.passed);
	assert_int_equal(poll_threshold_parse("two_thirds_of_all", &t, &e), RD_OK);
	assert_int_equal(t, POLL_TWO_THIRDS_OF_ALL);
	assert_int_equal(poll_threshold_parse("half", &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "threshold");
	assert_string_equal(poll_threshold_name(POLL_MAJORITY_OF_ALL), "majority_of_all");
}

static void test_consistency(void **state)
{
	struct poll_count c = {200, 160, 100, 10, 40, 9};
	struct poll_outcome o;
	struct rd_error e;

	(void)state;
	assert_int_equal(poll_decide(&c, POLL_MAJORITY_OF_ALL, &o, &e), RD_EINVAL);
	assert_string_equal(e.field, "not_voted");
	assert_int_equal(o.needed, 0);
	c.not_voted = 10;
	c.present = 201;
	assert_int_equal(poll_decide(&c, POLL_MAJORITY_OF_ALL, &o, &e), RD_EINVAL);
	assert_string_equal(e.field, "present");
	c.present = 160;
	c.no = -1;
	assert_int_equal(poll_decide(&c, POLL_MAJORITY_OF_ALL, &o, &e), RD_EINVAL);
	assert_string_equal(e.field, "no");
	c.no = 10;
	assert_int_equal(poll_decide(&c, (enum poll_threshold)7, &o, &e), RD_EINVAL);
	assert_string_equal(e.field, "threshold");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_majority_of_all),
		cmocka_unit_test(test_other_thresholds),
		cmocka_unit_test(test_consistency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
