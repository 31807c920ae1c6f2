/*
 * test_rules_ballot.c — every void-ballot rule (EL art. 44(2), spec/tally.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/ballot.h"
#include "base/banned.h"

static const char *const cands[] = {"甲", "乙", "丙"};

static enum ballot_verdict read(const struct ballot *b, int64_t seats)
{
	enum ballot_verdict v = BALLOT_VALID;
	struct rd_error e;

	assert_int_equal(ballot_read(b, 0, seats, cands, 3, &v, &e), RD_OK);
	return v;
}

static void test_overvote_counts_yes_and_write_in(void **state)
{
	const char *yes2[] = {"甲", "乙"};
	const char *wi[] = {"丁"};
	const char *no3[] = {"甲", "乙", "丙"};
	struct ballot b = {.yes = yes2, .n_yes = 2};

	(void)state;
	assert_int_equal(read(&b, 2), BALLOT_VALID); /* exactly seats */
	b.write_in = wi;
	b.n_write_in = 1;
	assert_int_equal(read(&b, 2), BALLOT_VOID_OVERVOTE); /* 2 yes + 1 write-in > 2 */
	assert_int_equal(read(&b, 3), BALLOT_VALID);
	/* No and abstain choose nobody: three "no" on a one-seat ballot is valid. */
	b = (struct ballot){.no = no3, .n_no = 3};
	assert_int_equal(read(&b, 1), BALLOT_VALID);
}

static void test_duplicate_name_voids(void **state)
{
	const char *y[] = {"甲"};
	const char *y2[] = {"甲", "甲"};
	const char *wi[] = {"甲"};
	struct ballot b = {.yes = y, .n_yes = 1, .no = y, .n_no = 1};

	(void)state;
	assert_int_equal(read(&b, 3), BALLOT_VOID_DUPLICATE); /* yes and no */
	b = (struct ballot){.yes = y, .n_yes = 1, .write_in = wi, .n_write_in = 1};
	assert_int_equal(read(&b, 3), BALLOT_VOID_DUPLICATE); /* yes and write-in */
	b = (struct ballot){.yes = y2, .n_yes = 2};
	assert_int_equal(read(&b, 3), BALLOT_VOID_DUPLICATE);
}

static void test_blank_and_marked(void **state)
{
	struct ballot b = {0};

	(void)state;
	assert_int_equal(read(&b, 1), BALLOT_VALID); /* blank = all abstain, valid */
	b.marked_void = true;
	assert_int_equal(read(&b, 1), BALLOT_VOID_MARKED);
	assert_string_equal(ballot_verdict_name(BALLOT_VOID_MARKED), "void_marked");
}

static void test_malformed(void **state)
{
	const char *y[] = {"戊"};
	const char *empty[] = {""};
	struct ballot b = {.yes = y, .n_yes = 1};
	enum ballot_verdict v;
	struct rd_error e;

	(void)state;
	/* A yes for a person not on the ballot is malformed input, not void. */
	assert_int_equal(ballot_read(&b, 4, 1, cands, 3, &v, &e), RD_EINVAL);
	assert_string_equal(e.field, "ballots[4].yes");
	b = (struct ballot){.write_in = empty, .n_write_in = 1};
	assert_int_equal(ballot_read(&b, 0, 1, cands, 3, &v, &e), RD_EINVAL);
	assert_string_equal(e.field, "ballots[0].write_in");
	b = (struct ballot){.no = y, .n_no = 1};
	assert_int_equal(ballot_read(&b, 2, 1, cands, 3, &v, &e), RD_EINVAL);
	assert_string_equal(e.field, "ballots[2].no");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overvote_counts_yes_and_write_in),
		cmocka_unit_test(test_duplicate_name_voids),
		cmocka_unit_test(test_blank_and_marked),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
