/*
 * test_rules_dates.c — civil dates and suggestion deadlines (RULES §5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/dates.h"
#include "rules/deadlines.h"
#include "base/banned.h"

static struct civil_date D(int y, int m, int d) {
	struct civil_date r = {y, m, d};
	return r;
}

static void
assert_date(struct civil_date got, int y, int m, int d)
{
	char a[11], b[11];

	dates_format(got, a);
	dates_format(D(y, m, d), b);
	assert_string_equal(a, b);
}

static void test_days_and_weekday(void **state)
{
	(void)state;
	assert_int_equal(dates_to_days(D(1970, 1, 1)), 0);
	assert_int_equal(dates_to_days(D(2000, 3, 1)), 11017);
	assert_date(dates_from_days(11017), 2000, 3, 1);
	assert_date(dates_from_days(-1), 1969, 12, 31);
	assert_int_equal(dates_weekday(D(1970, 1, 1)), 4);  /* Thursday */
	assert_int_equal(dates_weekday(D(2025, 10, 1)), 3); /* Wednesday */
	assert_int_equal(dates_weekday(D(2025, 9, 28)), 7); /* Sunday */
	for (int64_t z = -800000; z < 3000000; z += 997)
		assert_int_equal(dates_to_days(dates_from_days(z)), z);
	assert_true(dates_valid(D(2024, 2, 29)));
	assert_false(dates_valid(D(2023, 2, 29)));
	assert_false(dates_valid(D(1900, 2, 29)));
	assert_true(dates_valid(D(2000, 2, 29)));
	assert_int_equal(dates_cmp(D(2026, 1, 2), D(2026, 1, 3)), -1);
}

/* A day begins at 00:00 in Asia/Shanghai, which is 16:00 UTC the day
 * before: 2026-11-29T15:59:59.999Z is still the 29th there, the next
 * millisecond is the 30th. */
static void test_instant_to_day(void **state)
{
	const int64_t nov30_start = 1795968000000LL; /* 2026-11-29T16:00:00Z */

	(void)state;
	assert_date(dates_of_instant(nov30_start - 1), 2026, 11, 29);
	assert_date(dates_of_instant(nov30_start), 2026, 11, 30);
	assert_int_equal(dates_start_ms((struct civil_date){2026, 11, 30}), nov30_start);
	/* Every day's first instant maps back to the day; the one before, not. */
	for (int64_t day = -400; day < 40000; day += 97) {
		struct civil_date c = dates_from_days(day);
		int64_t t = dates_start_ms(c);

		assert_int_equal(dates_cmp(dates_of_instant(t), c), 0);
		assert_true(dates_cmp(dates_of_instant(t - 1), c) < 0);
	}
	/* Before 1970 too: 1969-12-31T15:59:59.999Z is 1969-12-31 there. */
	/* The minute of the day there, and the date as documents print it. */
	assert_int_equal(dates_minute_of_instant(nov30_start), 0);
	assert_int_equal(dates_minute_of_instant(nov30_start - 1), 1439);
	assert_int_equal(dates_minute_of_instant(nov30_start + (9 * 60 + 5) * 60000LL), 9 * 60 + 5);
	assert_int_equal(dates_minute_of_instant(-1), 7 * 60 + 59); /* 07:59 on 1970-01-01 there */
	{
		char zh[DATES_ZH_LEN];

		dates_format_zh(D(2026, 11, 30), zh);
		assert_string_equal(zh, "2026年11月30日");
		dates_format_zh(D(2027, 1, 5), zh);
		assert_string_equal(zh, "2027年1月5日");
	}
	assert_date(dates_of_instant(-8LL * 3600 * 1000 - 1), 1969, 12, 31);
	assert_date(dates_of_instant(-8LL * 3600 * 1000), 1970, 1, 1);
}

static void test_add_months_clamps(void **state)
{
	struct civil_date r;
	struct rd_error e;

	(void)state;
	assert_int_equal(dates_add_months(D(2026, 11, 30), 3, &r, &e), RD_OK);
	assert_date(r, 2027, 2, 28);
	assert_int_equal(dates_add_months(D(2027, 11, 30), 3, &r, &e), RD_OK);
	assert_date(r, 2028, 2, 29);
	assert_int_equal(dates_add_months(D(2026, 3, 31), 1, &r, &e), RD_OK);
	assert_date(r, 2026, 4, 30);
	assert_int_equal(dates_add_months(D(2026, 1, 15), 6, &r, &e), RD_OK);
	assert_date(r, 2026, 7, 15);
	assert_int_equal(dates_add_months(D(2026, 3, 31), -1, &r, &e), RD_OK);
	assert_date(r, 2026, 2, 28);
	assert_int_equal(dates_add_months(D(9999, 12, 1), 1, &r, &e), RD_EINVAL);
	assert_int_equal(dates_add_months(D(2026, 2, 30), 1, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "date");
}

static void test_parse_format(void **state)
{
	struct civil_date r;
	struct rd_error e;
	char out[11];

	(void)state;
	assert_int_equal(dates_parse("2026-02-28", 10, &r, &e), RD_OK);
	dates_format(r, out);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(dates_parse("2026-02-29", 10, &r, &e), RD_EINVAL);
	assert_int_equal(dates_parse("2026-2-28", 9, &r, &e), RD_EINVAL);
	assert_int_equal(dates_parse("2026/02/28", 10, &r, &e), RD_EINVAL);
	assert_int_equal(dates_parse("0000-01-01", 10, &r, &e), RD_EINVAL);
	assert_int_equal(dates_parse("2026-13-01", 10, &r, &e), RD_EINVAL);
}

static void test_reply_deadlines(void **state)
{
	struct deadline_settings s;
	struct civil_date due;
	struct rd_error e;

	(void)state;
	deadline_settings_default(&s);
	assert_int_equal(s.reply_months, 3);
	assert_int_equal(s.reply_extended_months, 6);
	assert_int_equal(s.rehandle_months, 1);
	assert_int_equal(s.rating_working_days, 15);
	assert_int_equal(s.return_working_days, 10);
	assert_int_equal(deadline_reply(&s, D(2026, 11, 30), false, NULL, &due, &e), RD_OK);
	assert_date(due, 2027, 2, 28);
	assert_int_equal(deadline_reply(&s, D(2026, 11, 30), true, NULL, &due, &e), RD_OK);
	assert_date(due, 2027, 5, 30);
	assert_int_equal(deadline_rehandle(&s, D(2026, 1, 31), NULL, &due, &e), RD_OK);
	assert_date(due, 2026, 2, 28);
	s.rehandle_months = 2; /* Beijing */
	assert_int_equal(deadline_rehandle(&s, D(2026, 1, 31), NULL, &due, &e), RD_OK);
	assert_date(due, 2026, 3, 31);
	/* Optional: roll a deadline that falls on a weekend to Monday. */
	s.roll_past_days_off = true;
	assert_int_equal(deadline_reply(&s, D(2026, 11, 30), false, NULL, &due, &e), RD_OK);
	assert_date(due, 2027, 3, 1); /* 2027-02-28 is a Sunday */
	s.reply_extended_months = 2;
	assert_int_equal(deadline_reply(&s, D(2026, 1, 1), false, NULL, &due, &e), RD_EINVAL);
	assert_string_equal(e.field, "reply_extended_months");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_and_weekday),
		cmocka_unit_test(test_instant_to_day),
		cmocka_unit_test(test_add_months_clamps),
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_reply_deadlines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
