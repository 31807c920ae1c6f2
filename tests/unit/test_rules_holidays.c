/*
 * test_rules_holidays.c — the working-day calendar and its file format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/deadlines.h"
#include "rules/holidays.h"
#include "base/banned.h"

/* The 2025 National Day and Mid-Autumn holiday as the State Council set it:
 * 1 to 8 October off; Sunday 28 September and Saturday 11 October worked. */
static const char national_day_2025[] = "# 2025 国庆节、中秋节\n"
					"2025-10-08 holiday\n"
					"2025-10-01 holiday 国庆节\n"
					"2025-10-02 holiday\n"
					"2025-10-03 holiday\n"
					"2025-10-04\tholiday\r\n"
					"2025-10-05 holiday\n"
					"2025-10-06 holiday   中秋节\n"
					"2025-10-07 holiday\n"
					"\n"
					"   # make-up working days\n"
					"2025-09-28 workday Sunday\n"
					"2025-10-11 workday Saturday";

static struct civil_date D(int y, int m, int d) {
	struct civil_date r = {y, m, d};
	return r;
}

static void
assert_date(struct civil_date got, int y, int m, int d)
{
	assert_int_equal(got.y, y);
	assert_int_equal(got.m, m);
	assert_int_equal(got.d, d);
}

static void test_parse_and_query(void **state)
{
	struct arena a;
	struct holiday_calendar cal;
	struct rd_error e;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_int_equal(holidays_parse(national_day_2025, strlen(national_day_2025), &a, &cal, &e),
			 RD_OK);
	assert_int_equal(cal.n, 10);
	for (size_t i = 1; i < cal.n; i++)
		assert_true(cal.days[i - 1].day < cal.days[i].day);
	assert_true(holidays_is_working_day(&cal, D(2025, 9, 28)));  /* Sunday, worked */
	assert_false(holidays_is_working_day(&cal, D(2025, 10, 1))); /* Wednesday, off */
	assert_false(holidays_is_working_day(&cal, D(2025, 10, 4)));
	assert_true(holidays_is_working_day(&cal, D(2025, 10, 9)));
	assert_true(holidays_is_working_day(&cal, D(2025, 10, 11))); /* Saturday, worked */
	assert_false(holidays_is_working_day(&cal, D(2025, 10, 12)));
	assert_false(holidays_is_working_day(NULL, D(2025, 10, 12)));
	assert_true(holidays_is_working_day(NULL, D(2025, 10, 1)));
	arena_release(&a);
}

static void test_working_days_across_holiday(void **state)
{
	struct arena a;
	struct holiday_calendar cal;
	struct deadline_settings s;
	struct civil_date due;
	struct rd_error e;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_int_equal(holidays_parse(national_day_2025, strlen(national_day_2025), &a, &cal, &e),
			 RD_OK);
	/* Friday 26 Sep + 3: Sun 28 (make-up), Mon 29, Tue 30. */
	assert_int_equal(holidays_add_working_days(&cal, D(2025, 9, 26), 3, &due, &e), RD_OK);
	assert_date(due, 2025, 9, 30);
	/* Tue 30 Sep + 3: Thu 9, Fri 10, Sat 11 October (make-up). */
	assert_int_equal(holidays_add_working_days(&cal, D(2025, 9, 30), 3, &due, &e), RD_OK);
	assert_date(due, 2025, 10, 11);
	assert_int_equal(holidays_add_working_days(&cal, D(2025, 9, 30), 0, &due, &e), RD_OK);
	assert_date(due, 2025, 9, 30);
	/* Rating window: reply received Tue 30 Sep; 15 working days:
	 * Oct 9, 10, 11, 13-17 (5), 20-24 (5), 27, 28 → Tue 28 October. */
	deadline_settings_default(&s);
	assert_int_equal(deadline_rating(&s, D(2025, 9, 30), &cal, &due, &e), RD_OK);
	assert_date(due, 2025, 10, 28);
	/* Return window: assigned Thu 25 Sep; 10 working days:
	 * Sep 26, 28, 29, 30, Oct 9, 10, 11, 13, 14, 15 → Wed 15 October. */
	assert_int_equal(deadline_return(&s, D(2025, 9, 25), &cal, &due, &e), RD_OK);
	assert_date(due, 2025, 10, 15);
	assert_int_equal(holidays_next_working_day(&cal, D(2025, 10, 1), &due, &e), RD_OK);
	assert_date(due, 2025, 10, 9);
	assert_int_equal(holidays_add_working_days(&cal, D(2025, 9, 26), -1, &due, &e), RD_EINVAL);
	arena_release(&a);
}

static void expect_line_error_n(const char *text, size_t len, const char *field)
{
	struct arena a;
	struct holiday_calendar cal;
	struct rd_error e;

	arena_init(&a, 1 << 20);
	assert_int_equal(holidays_parse(text, len, &a, &cal, &e), RD_EINVAL);
	assert_string_equal(e.field, field);
	assert_int_equal(cal.n, 0);
	arena_release(&a);
}

static void expect_line_error(const char *text, const char *field)
{
	expect_line_error_n(text, strlen(text), field);
}

static void test_bad_lines(void **state)
{
	(void)state;
	expect_line_error("2025-10-01 holiday\n2025-10-32 holiday\n", "line 2");
	expect_line_error("# c\n\n2025-10-01 vacation\n", "line 3");
	expect_line_error("2025-10-01\n", "line 1");
	expect_line_error("20251001 holiday\n", "line 1");
	expect_line_error("2025-10-01 holidays\n", "line 1");
	expect_line_error("2025-10-09 workday\n", "line 1"); /* a Thursday */
	expect_line_error("2025-10-01 holiday\n2025-10-02 holiday\n2025-10-01 holiday\n", "line 3");
	expect_line_error_n("2025-10-01 holiday\n\0002025-10-02 holiday\n", 39, "line 2");
}

static void test_empty(void **state)
{
	struct arena a;
	struct holiday_calendar cal;
	struct rd_error e;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_int_equal(holidays_parse("", 0, &a, &cal, &e), RD_OK);
	assert_int_equal(cal.n, 0);
	assert_int_equal(holidays_parse("# only a comment\n\n", 18, &a, &cal, &e), RD_OK);
	assert_int_equal(cal.n, 0);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_query),
		cmocka_unit_test(test_working_days_across_holiday),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
