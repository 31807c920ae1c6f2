/*
 * test_rules_primary.c — the primary (预选) and the formal list (LOL art.
 * 27(1), EL art. 32): places from the margin, vote order, ties at the
 * cut-off, exactly the margin, void ballots and void primaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/primary.h"
#include "base/banned.h"

static const char *const five[] = {"丁一", "王二", "毛三", "李四", "张五"};

static struct primary_result decide_counts(struct arena *a, int64_t places, const int64_t *votes,
					   size_t n, int64_t issued, int64_t returned, int64_t v)
{
	struct primary_input in = {.places = places,
				   .ballots_issued = issued,
				   .ballots_returned = returned,
				   .nominees = five,
				   .n_nominees = n,
				   .have_counts = true,
				   .void_count = v,
				   .votes = votes};
	struct primary_result r;
	struct rd_error e;

	assert_int_equal(primary_decide(&in, a, &r, &e), RD_OK);
	return r;
}

static void test_places(void **state)
{
	struct margin_config cfg = {1, 3}; /* vice: seats + 1 .. seats + 3 */
	struct rd_error e;
	int64_t p;

	(void)state;
	/* Default: the most the election rules allow. */
	assert_int_equal(primary_places(2, &cfg, 7, 0, &p, &e), RD_OK);
	assert_int_equal(p, 5);
	/* A chosen number inside the margin. */
	assert_int_equal(primary_places(2, &cfg, 7, 3, &p, &e), RD_OK);
	assert_int_equal(p, 3);
	/* Outside the margin: refused, naming places. */
	assert_int_equal(primary_places(2, &cfg, 7, 2, &p, &e), RD_EINVAL);
	assert_string_equal(e.field, "places");
	assert_int_equal(p, 0);
	assert_int_equal(primary_places(2, &cfg, 7, 6, &p, &e), RD_EINVAL);
	/* Exactly the margin's maximum of nominees: nothing to narrow. */
	assert_int_equal(primary_places(2, &cfg, 5, 0, &p, &e), RD_EINVAL);
	assert_string_equal(e.field, "places");
	/* One more than the maximum: a primary for 5 places. */
	assert_int_equal(primary_places(2, &cfg, 6, 0, &p, &e), RD_OK);
	assert_int_equal(p, 5);
	/* Head office: seats + 0 .. 1; three nominees for one seat → 2. */
	cfg = (struct margin_config){0, 1};
	assert_int_equal(primary_places(1, &cfg, 3, 0, &p, &e), RD_OK);
	assert_int_equal(p, 2);
	assert_int_equal(primary_places(0, &cfg, 3, 0, &p, &e), RD_EINVAL);
	assert_string_equal(e.field, "seats");
	cfg = (struct margin_config){2, 1};
	assert_int_equal(primary_places(1, &cfg, 3, 0, &p, &e), RD_EINVAL);
	assert_string_equal(e.field, "margin.max_extra");
}

static void test_vote_order(void **state)
{
	struct arena a;
	static const int64_t votes[] = {10, 50, 30, 40, 20};
	struct primary_result r;

	(void)state;
	arena_init(&a, 1u << 20);
	r = decide_counts(&a, 3, votes, 5, 60, 60, 0);
	assert_true(r.valid);
	assert_int_equal(r.n_formal, 3);
	assert_string_equal(r.formal[0], "王二");
	assert_string_equal(r.formal[1], "李四");
	assert_string_equal(r.formal[2], "毛三");
	assert_int_equal(r.n_tie, 0);
	assert_int_equal(r.n_rows, 5);
	assert_string_equal(r.rows[4].name, "丁一");
	assert_false(r.rows[3].formal);
	assert_int_equal(r.valid_ballots, 60);
	arena_release(&a);
}

static void test_tie_at_cutoff(void **state)
{
	struct arena a;
	/* Third and fourth tie for the last of three places. */
	static const int64_t votes[] = {50, 40, 30, 30, 10};
	struct primary_result r;

	(void)state;
	arena_init(&a, 1u << 20);
	r = decide_counts(&a, 3, votes, 5, 60, 60, 0);
	assert_true(r.valid);
	assert_int_equal(r.n_formal, 2);
	assert_string_equal(r.formal[0], "丁一");
	assert_string_equal(r.formal[1], "王二");
	assert_int_equal(r.n_tie, 2);
	assert_string_equal(r.tie[0], "毛三");
	assert_string_equal(r.tie[1], "李四");
	assert_int_equal(r.tie_places, 1);
	assert_true(r.rows[2].tied && r.rows[3].tied);
	assert_false(r.rows[4].tied);
	arena_release(&a);
}

static void test_ties_not_at_cutoff(void **state)
{
	struct arena a;
	/* A tie above the cut-off: both in, in ballot order. */
	static const int64_t above[] = {40, 40, 30, 20, 10};
	/* A tie below the cut-off: both out. */
	static const int64_t below[] = {50, 40, 30, 20, 20};
	struct primary_result r;

	(void)state;
	arena_init(&a, 1u << 20);
	r = decide_counts(&a, 3, above, 5, 60, 60, 0);
	assert_int_equal(r.n_tie, 0);
	assert_int_equal(r.n_formal, 3);
	assert_string_equal(r.formal[0], "丁一");
	assert_string_equal(r.formal[1], "王二");
	r = decide_counts(&a, 3, below, 5, 60, 60, 0);
	assert_int_equal(r.n_tie, 0);
	assert_int_equal(r.n_formal, 3);
	assert_string_equal(r.formal[2], "毛三");
	arena_release(&a);
}

static void test_three_way_tie_for_two_places(void **state)
{
	struct arena a;
	static const int64_t votes[] = {30, 30, 30, 5};
	struct primary_result r;

	(void)state;
	arena_init(&a, 1u << 20);
	r = decide_counts(&a, 2, votes, 4, 50, 50, 0);
	assert_int_equal(r.n_formal, 0);
	assert_int_equal(r.n_tie, 3);
	assert_int_equal(r.tie_places, 2);
	/* Everyone at zero: a tie among all for every place. */
	static const int64_t zero[] = {0, 0, 0};
	r = decide_counts(&a, 2, zero, 3, 40, 40, 0);
	assert_int_equal(r.n_tie, 3);
	assert_int_equal(r.tie_places, 2);
	arena_release(&a);
}

static void test_ballots(void **state)
{
	struct arena a;
	static const char *const y1[] = {"王二", "毛三"};
	static const char *const y2[] = {"王二"};
	static const char *const y3[] = {"王二", "毛三", "李四"}; /* 3 for 2 places: void */
	static const char *const n1[] = {"丁一"};
	static const char *const w1[] = {"外人"};
	struct ballot b[4] = {
		{.yes = y1, .n_yes = 2, .no = n1, .n_no = 1},
		{.yes = y2, .n_yes = 1},
		{.yes = y3, .n_yes = 3},
		{0}, /* blank: valid, supports nobody */
	};
	struct primary_input in = {.places = 2,
				   .ballots_issued = 4,
				   .ballots_returned = 4,
				   .nominees = five,
				   .n_nominees = 4,
				   .have_ballots = true,
				   .ballots = b,
				   .n_ballots = 4};
	struct primary_result r;
	struct rd_error e;

	(void)state;
	arena_init(&a, 1u << 20);
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.void_ballots, 1);
	assert_int_equal(r.valid_ballots, 3);
	assert_string_equal(r.rows[0].name, "王二");
	assert_int_equal(r.rows[0].votes, 2);
	assert_string_equal(r.rows[1].name, "毛三");
	assert_int_equal(r.rows[1].votes, 1);
	assert_int_equal(r.n_formal, 2);
	/* A write-in is malformed in a primary. */
	b[3] = (struct ballot){.write_in = w1, .n_write_in = 1};
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "ballots.write_in");
	arena_release(&a);
}

static void test_void_primary(void **state)
{
	struct arena a;
	static const int64_t votes[] = {5, 4, 3};
	struct primary_result r;

	(void)state;
	arena_init(&a, 1u << 20);
	r = decide_counts(&a, 2, votes, 3, 10, 11, 0); /* 11 returned of 10 issued */
	assert_false(r.valid);
	assert_int_equal(r.reason, PRIMARY_VOID_MORE_RETURNED);
	assert_string_equal(primary_void_reason_name(r.reason), "more_returned_than_issued");
	assert_int_equal(r.n_formal, 0);
	assert_int_equal(r.n_rows, 0);
	r = decide_counts(&a, 2, votes, 3, 10, 10, 0); /* returned == issued: valid */
	assert_true(r.valid);
	arena_release(&a);
}

static void test_malformed(void **state)
{
	struct arena a;
	int64_t votes[] = {5, 4, 3};
	struct primary_input in = {.places = 2,
				   .ballots_issued = 10,
				   .ballots_returned = 10,
				   .nominees = five,
				   .n_nominees = 3,
				   .have_counts = true,
				   .votes = votes};
	struct primary_result r;
	struct rd_error e;

	(void)state;
	arena_init(&a, 1u << 20);
	in.places = 3; /* as many places as nominees */
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "places");
	in.places = 0;
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	in.places = 2;
	votes[0] = 11; /* more than the valid ballots */
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "counts.votes");
	votes[0] = 10;
	votes[1] = 10;
	votes[2] = 1; /* 21 > 10 valid x 2 places */
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "counts.votes");
	votes[2] = 0; /* exactly valid x places */
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_OK);
	in.void_count = 11;
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "counts.void");
	in.void_count = 0;
	in.ballots_returned = -1;
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "ballots_returned");
	in.ballots_returned = 10;
	in.have_ballots = true; /* both */
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	in.have_ballots = false;
	static const char *const dup[] = {"丁一", "丁一", "王二"};
	in.nominees = dup;
	assert_int_equal(primary_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "nominees");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_vote_order),
		cmocka_unit_test(test_tie_at_cutoff),
		cmocka_unit_test(test_ties_not_at_cutoff),
		cmocka_unit_test(test_three_way_tie_for_two_places),
		cmocka_unit_test(test_ballots),
		cmocka_unit_test(test_void_primary),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
