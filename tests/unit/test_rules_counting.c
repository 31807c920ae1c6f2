/*
 * test_rules_counting.c — counting bases (RULES §1) at their boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/counting.h"
#include "base/banned.h"

static void test_more_than_half(void **state)
{
	(void)state;
	assert_int_equal(rules_more_than_half(200), 101); /* 100 of 200 is not a majority */
	assert_int_equal(rules_more_than_half(201), 101);
	assert_int_equal(rules_more_than_half(1), 1);
	assert_int_equal(rules_more_than_half(0), 1);
	assert_int_equal(rules_more_than_half(-1), -1);
	assert_int_equal(rules_more_than_half(RULES_MAX_COUNT + 1), -1);
}

static void test_two_thirds(void **state)
{
	(void)state;
	assert_int_equal(rules_two_thirds(120), 80); /* exactly 2/3 counts (以上) */
	assert_int_equal(rules_two_thirds(121), 81);
	assert_int_equal(rules_two_thirds(200), 134);
	assert_int_equal(rules_two_thirds(3), 2);
	assert_int_equal(rules_two_thirds(0), 0);
}

static void test_one_tenth(void **state)
{
	(void)state;
	assert_int_equal(rules_one_tenth(324), 33); /* a recall with 324 delegates */
	assert_true(25 < rules_one_tenth(324));	    /* 25 is not enough */
	assert_int_equal(rules_one_tenth(320), 32);
	assert_int_equal(rules_one_tenth(1), 1);
}

static void test_one_fifth_and_third(void **state)
{
	(void)state;
	assert_int_equal(rules_one_fifth(200), 40);
	assert_int_equal(rules_one_fifth(201), 41);
	assert_int_equal(rules_one_third(600), 200); /* reached by 200 */
	assert_int_equal(rules_one_third(601), 201);
	assert_int_equal(rules_one_third(2), 1);
}

static void test_fraction_bounds(void **state)
{
	(void)state;
	assert_int_equal(rules_at_least_fraction(RULES_MAX_COUNT, 1000, 1), RULES_MAX_COUNT * 1000);
	assert_int_equal(rules_at_least_fraction(10, 1, 0), -1);
	assert_int_equal(rules_at_least_fraction(10, -1, 3), -1);
}

static void test_all_delegates(void **state)
{
	struct delegate_counts c = {.active = 190, .suspended = 2, .terminated = 8};

	(void)state;
	/* Suspended delegates count, terminated ones do not. */
	assert_int_equal(rules_all_delegates(&c), 192);
	c.suspended = -1;
	assert_int_equal(rules_all_delegates(&c), -1);
	c.suspended = RULES_MAX_COUNT;
	assert_int_equal(rules_all_delegates(&c), -1);
	assert_int_equal(rules_all_delegates(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_more_than_half),	cmocka_unit_test(test_two_thirds),
		cmocka_unit_test(test_one_tenth),	cmocka_unit_test(test_one_fifth_and_third),
		cmocka_unit_test(test_fraction_bounds), cmocka_unit_test(test_all_delegates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
