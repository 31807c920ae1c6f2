/* test_rules_handling.c — reminders' window and the report's rates: the
 * boundaries (due today, the last day of the window, the day after), per
 * mille rounded half up by integers, on-time on the due date itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rules/handling.h"
#include "base/banned.h"

static struct civil_date day(int y, int m, int d)
{
	struct civil_date c = {.y = y, .m = m, .d = d};

	return c;
}

static void test_remind_window(void **state)
{
	struct civil_date today = day(2026, 5, 1), hz;

	(void)state;
	assert_int_equal(handling_remind_kind(today, day(2026, 4, 30), 15), REMIND_OVERDUE);
	assert_int_equal(handling_remind_kind(today, day(2026, 5, 1), 15), REMIND_DUE_SOON);
	assert_int_equal(handling_remind_kind(today, day(2026, 5, 16), 15), REMIND_DUE_SOON);
	assert_int_equal(handling_remind_kind(today, day(2026, 5, 17), 15), REMIND_NONE);
	assert_int_equal(handling_remind_kind(today, day(2026, 5, 1), 0), REMIND_DUE_SOON);
	assert_int_equal(handling_remind_horizon(today, 15, &hz, NULL), RD_OK);
	assert_int_equal(dates_cmp(hz, day(2026, 5, 16)), 0);
	assert_int_equal(handling_remind_horizon(day(2026, 12, 20), 15, &hz, NULL), RD_OK);
	assert_int_equal(dates_cmp(hz, day(2027, 1, 4)), 0);
	assert_int_equal(handling_remind_horizon(today, -1, &hz, NULL), RD_EINVAL);
	assert_int_equal(handling_remind_horizon(today, HANDLING_REMIND_DAYS_MAX + 1, &hz, NULL),
			 RD_EINVAL);
	assert_int_equal(handling_days_between(day(2026, 2, 27), day(2026, 3, 1)), 2);
	assert_int_equal(handling_days_between(day(2026, 3, 1), day(2026, 2, 27)), -2);
}

static void test_per_mille(void **state)
{
	int64_t pm = -1;

	(void)state;
	assert_false(handling_per_mille(0, 0, &pm));
	assert_int_equal(pm, -1);
	assert_false(handling_per_mille(3, 2, &pm));
	assert_false(handling_per_mille(-1, 2, &pm));
	assert_true(handling_per_mille(0, 7, &pm));
	assert_int_equal(pm, 0);
	assert_true(handling_per_mille(2, 3, &pm)); /* 666.67 */
	assert_int_equal(pm, 667);
	assert_true(handling_per_mille(1, 3, &pm)); /* 333.33 */
	assert_int_equal(pm, 333);
	assert_true(handling_per_mille(1, 2000, &pm)); /* 0.5: half up */
	assert_int_equal(pm, 1);
	assert_true(handling_per_mille(1931, 2000, &pm)); /* 965.5 */
	assert_int_equal(pm, 966);
	assert_true(handling_per_mille(5, 5, &pm));
	assert_int_equal(pm, 1000);
}

static void test_on_time(void **state)
{
	(void)state;
	assert_true(handling_on_time("2026-08-01", "2026-08-01"));
	assert_true(handling_on_time("2026-07-31", "2026-08-01"));
	assert_false(handling_on_time("2026-08-02", "2026-08-01"));
	assert_false(handling_on_time("2026-08-01", ""));
	assert_false(handling_on_time("2026-08-01", NULL));
	assert_false(handling_on_time("bad", "2026-08-01"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remind_window),
		cmocka_unit_test(test_per_mille),
		cmocka_unit_test(test_on_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
