/*
 * test_rules_margins.c — candidate margins by office (LOL 27, EL 31).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/margins.h"
#include "base/banned.h"

static struct margin_result check(enum office_class c, int64_t seats, int64_t cands, int64_t min,
				  int64_t max)
{
	struct margin_config cfg = {min, max};
	struct margin_result r;
	struct rd_error e;

	assert_int_equal(margin_check(c, seats, cands, &cfg, &r, &e), RD_OK);
	assert_true(r.message[0] != '\0'); /* never a silent result */
	return r;
}

static void test_head(void **state)
{
	struct margin_result r;

	(void)state;
	r = check(OFFICE_HEAD, 1, 2, 0, 1);
	assert_int_equal(r.status, MARGIN_OK);
	r = check(OFFICE_HEAD, 1, 1, 1, 1); /* only one nominated: uncontested is lawful */
	assert_int_equal(r.status, MARGIN_OK);
	assert_int_equal(r.reason, MARGIN_R_UNCONTESTED_HEAD);
	r = check(OFFICE_HEAD, 1, 3, 0, 1);
	assert_int_equal(r.status, MARGIN_WARNING);
	assert_int_equal(r.reason, MARGIN_R_PRIMARY_NEEDED);
	assert_true(r.primary_needed);
	r = check(OFFICE_HEAD, 1, 2, 0, 2); /* the rules allow more than the law */
	assert_int_equal(r.reason, MARGIN_R_CONFIG_ABOVE_LAW);
	assert_true(r.config_outside_law);
}

static void test_vice(void **state)
{
	struct margin_result r;

	(void)state;
	r = check(OFFICE_VICE, 4, 6, 1, 3);
	assert_int_equal(r.status, MARGIN_OK);
	assert_int_equal(r.min_candidates, 5);
	assert_int_equal(r.max_candidates, 7);
	r = check(OFFICE_VICE, 4, 4, 1, 3);
	assert_int_equal(r.status, MARGIN_ERROR);
	assert_int_equal(r.reason, MARGIN_R_UNCONTESTED);
	r = check(OFFICE_VICE, 4, 3, 1, 3);
	assert_int_equal(r.reason, MARGIN_R_FEWER_THAN_SEATS);
	r = check(OFFICE_VICE, 4, 5, 2, 3);
	assert_int_equal(r.reason, MARGIN_R_TOO_FEW);
	r = check(OFFICE_VICE, 4, 8, 1, 3);
	assert_true(r.primary_needed);
	r = check(OFFICE_VICE, 4, 8, 1, 4);
	assert_int_equal(r.reason, MARGIN_R_CONFIG_ABOVE_LAW);
	assert_false(r.primary_needed);
}

static void test_member_fractions(void **state)
{
	struct margin_result r;
	struct margin_band b;
	struct margin_config cfg;
	struct rd_error e;

	(void)state;
	/* 15 seats: 1.5 .. 3 extra → 2 .. 3 whole candidates. */
	assert_int_equal(margin_band_for(OFFICE_MEMBER, 15, &b, &e), RD_OK);
	assert_int_equal(b.min_extra, 2);
	assert_int_equal(b.max_extra, 3);
	r = check(OFFICE_MEMBER, 15, 17, 2, 3);
	assert_int_equal(r.status, MARGIN_OK);
	/* Rules that allow 1 extra fall below 1.5: warn, do not refuse. */
	r = check(OFFICE_MEMBER, 15, 16, 1, 3);
	assert_int_equal(r.status, MARGIN_WARNING);
	assert_int_equal(r.reason, MARGIN_R_CONFIG_BELOW_LAW);
	/* 3 seats: 0.3 .. 0.6, no whole number fits. */
	r = check(OFFICE_MEMBER, 3, 4, 1, 1);
	assert_int_equal(r.status, MARGIN_WARNING);
	assert_int_equal(r.reason, MARGIN_R_NO_INTEGER_IN_BAND);
	assert_int_equal(margin_default_config(OFFICE_MEMBER, 3, &cfg, &e), RD_OK);
	assert_int_equal(cfg.min_extra, 1);
	assert_int_equal(cfg.max_extra, 1);
	assert_int_equal(margin_default_config(OFFICE_MEMBER, 30, &cfg, &e), RD_OK);
	assert_int_equal(cfg.min_extra, 3);
	assert_int_equal(cfg.max_extra, 6);
}

static void test_delegates(void **state)
{
	struct margin_band b;
	struct rd_error e;
	struct margin_result r;

	(void)state;
	/* Higher congress: seats + 1/5 .. seats + 1/2; 10 seats → 12 .. 15. */
	assert_int_equal(margin_band_for(OFFICE_HIGHER_DELEGATE, 10, &b, &e), RD_OK);
	assert_int_equal(b.min_extra, 2);
	assert_int_equal(b.max_extra, 5);
	/* Direct: seats + 1/3 .. seats x 2; 1 seat → 2 candidates. */
	assert_int_equal(margin_band_for(OFFICE_DIRECT, 1, &b, &e), RD_OK);
	assert_int_equal(b.min_extra, 1);
	assert_int_equal(b.max_extra, 1);
	assert_int_equal(margin_band_for(OFFICE_DIRECT, 3, &b, &e), RD_OK);
	assert_int_equal(b.min_extra, 1);
	assert_int_equal(b.max_extra, 3);
	r = check(OFFICE_DIRECT, 1, 2, 1, 1);
	assert_int_equal(r.status, MARGIN_OK);
	r = check(OFFICE_DIRECT, 1, 1, 1, 1);
	assert_int_equal(r.reason, MARGIN_R_UNCONTESTED);
	r = check(OFFICE_DIRECT, 2, 6, 1, 2); /* more than seats x 2 → primary */
	assert_true(r.primary_needed);
	r = check(OFFICE_OTHER, 2, 2, 0, 1); /* by-election: uncontested allowed */
	assert_int_equal(r.status, MARGIN_OK);
}

static void test_bad_arguments(void **state)
{
	struct margin_config cfg = {2, 1};
	struct margin_result r;
	struct rd_error e;
	enum office_class c;

	(void)state;
	assert_int_equal(margin_check(OFFICE_VICE, 2, 3, &cfg, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "margin.max_extra");
	cfg.min_extra = -1;
	assert_int_equal(margin_check(OFFICE_VICE, 2, 3, &cfg, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "margin.min_extra");
	cfg = (struct margin_config){1, 3};
	assert_int_equal(margin_check(OFFICE_VICE, 0, 3, &cfg, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "seats");
	assert_int_equal(margin_check(OFFICE_VICE, 2, -3, &cfg, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "candidates");
	assert_int_equal(margin_check(OFFICE_CLASS_COUNT, 2, 3, &cfg, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "office");
	assert_int_equal(office_class_parse("higher_delegate", &c, &e), RD_OK);
	assert_int_equal(c, OFFICE_HIGHER_DELEGATE);
	assert_int_equal(office_class_parse("mayor", &c, &e), RD_EINVAL);
	assert_string_equal(margin_reason_name(MARGIN_R_PRIMARY_NEEDED), "primary_needed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_vice),
		cmocka_unit_test(test_member_fractions),
		cmocka_unit_test(test_delegates),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
