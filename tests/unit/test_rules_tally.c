/*
 * test_rules_tally.c — deciding election rounds (LOL 25, 29; EL 44, 45).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/tally.h"
#include "base/banned.h"

struct fixture {
	struct arena a;
	struct tally_result r;
	struct rd_error e;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	arena_init(&f.a, 1 << 20);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_release(&f->a);
	return 0;
}

static struct tally_input counted(enum tally_kind k, enum tally_round r, int64_t seats,
				  int64_t electorate, int64_t issued, int64_t returned,
				  const char *const *cands, size_t nc, int64_t voids,
				  const struct tally_votes *v, size_t nv)
{
	struct tally_input in = {
		.kind = k,
		.round = r,
		.office = OFFICE_OTHER,
		.seats = seats,
		.electorate = electorate,
		.ballots_issued = issued,
		.ballots_returned = returned,
		.candidates = cands,
		.n_candidates = nc,
		.have_counts = true,
		.void_count = voids,
		.votes = v,
		.n_votes = nv,
	};
	return in;
}

static const char *const AB[] = {"A", "B"};
static const char *const ABCD[] = {"A", "B", "C", "D"};

static void test_majority_of_all_boundary(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 100}, {"B", 54}};
	struct tally_input in =
		counted(TALLY_CONGRESS, TALLY_FIRST, 1, 200, 160, 160, AB, 2, 5, v, 2);

	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.threshold, 101);
	assert_false(f->r.rows[0].reached); /* 100 of 200 is not a majority */
	assert_int_equal(f->r.n_elected, 0);
	assert_int_equal(f->r.unfilled, 1);
	v[0].votes = 101;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.n_elected, 1);
	assert_string_equal(f->r.elected[0], "A");
	assert_int_equal(f->r.unfilled, 0);
}

static void test_tie_at_cutoff_more_reached(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 150}, {"B", 120}, {"C", 120}, {"D", 10}};
	struct tally_input in =
		counted(TALLY_CONGRESS, TALLY_FIRST, 2, 200, 200, 200, ABCD, 4, 0, v, 4);

	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.n_elected, 1);
	assert_string_equal(f->r.elected[0], "A");
	assert_int_equal(f->r.n_tie, 2);
	assert_string_equal(f->r.tie[0], "B");
	assert_string_equal(f->r.tie[1], "C");
	assert_int_equal(f->r.tie_seats, 1);
	assert_int_equal(f->r.unfilled, 0);
}

static void test_tie_with_fewer_reached(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 150}, {"B", 90}, {"C", 90}};
	struct tally_input in =
		counted(TALLY_CONGRESS, TALLY_FIRST, 3, 200, 200, 200, ABCD, 4, 0, v, 3);

	/* B and C tie, but below the threshold: no tie vote, a re-election. */
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.n_elected, 1);
	assert_int_equal(f->r.n_tie, 0);
	assert_int_equal(f->r.unfilled, 2);
}

static void test_write_in_wins(void **state)
{
	struct fixture *f = *state;
	const char *y[] = {"A"};
	const char *wi[] = {"王五"};
	struct ballot b[] = {
		{.write_in = wi, .n_write_in = 1},
		{.write_in = wi, .n_write_in = 1},
		{.yes = y, .n_yes = 1},
	};
	struct tally_input in = {.kind = TALLY_CONGRESS,
				 .round = TALLY_FIRST,
				 .office = OFFICE_HEAD,
				 .seats = 1,
				 .electorate = 3,
				 .ballots_issued = 3,
				 .ballots_returned = 3,
				 .candidates = AB,
				 .n_candidates = 2,
				 .have_ballots = true,
				 .ballots = b,
				 .n_ballots = 3};

	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.threshold, 2);
	assert_string_equal(f->r.rows[0].name, "王五");
	assert_true(f->r.rows[0].write_in);
	assert_true(f->r.rows[0].elected);
	assert_false(f->r.rows[1].write_in);
}

static void test_more_returned_than_issued(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 150}};
	struct tally_input in =
		counted(TALLY_CONGRESS, TALLY_FIRST, 2, 200, 190, 191, AB, 2, 0, v, 1);

	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_false(f->r.valid);
	assert_int_equal(f->r.reason, TALLY_VOID_MORE_RETURNED);
	assert_int_equal(f->r.n_rows, 0);
	assert_int_equal(f->r.n_elected, 0);
	assert_int_equal(f->r.unfilled, 2);
}

static void test_direct_turnout(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 251}, {"B", 200}};
	struct tally_input in =
		counted(TALLY_DIRECT, TALLY_FIRST, 1, 1000, 1000, 500, AB, 2, 0, v, 2);

	/* Exactly 50% turnout: void. */
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_false(f->r.valid);
	assert_int_equal(f->r.reason, TALLY_VOID_TURNOUT);
	/* 50% + 1: valid; threshold more than half of 501 = 251. */
	in.ballots_returned = 501;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_true(f->r.valid);
	assert_int_equal(f->r.threshold, 251);
	assert_int_equal(f->r.n_elected, 1);
	/* The base includes void ballots: 250 of 501 is not enough. */
	v[0].votes = 250;
	in.void_count = 20;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.n_elected, 0);
	assert_int_equal(f->r.unfilled, 1);
}

static void test_direct_re_election_one_third(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 200}, {"B", 190}};
	struct tally_input in =
		counted(TALLY_DIRECT, TALLY_RE_ELECTION, 1, 1000, 700, 600, AB, 2, 0, v, 2);

	assert_int_equal(tally_threshold(TALLY_DIRECT, TALLY_RE_ELECTION, 1000, 600), 200);
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.threshold, 200);
	assert_int_equal(f->r.n_elected, 1);
	v[0].votes = 199;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.n_elected, 0);
	assert_int_equal(f->r.unfilled, 1);
	/* The turnout rule applies again. */
	in.ballots_returned = 500;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.reason, TALLY_VOID_TURNOUT);
}

static void test_tie_vote(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 92}, {"B", 92}};
	struct tally_input in =
		counted(TALLY_CONGRESS, TALLY_TIE_VOTE, 1, 200, 190, 190, AB, 2, 6, v, 2);

	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.threshold, 1);
	assert_int_equal(f->r.n_elected, 0);
	assert_int_equal(f->r.n_tie, 2); /* a new tie is reported as a tie */
	assert_int_equal(f->r.tie_seats, 1);
	v[1].votes = 91;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_int_equal(f->r.n_elected, 1);
	assert_string_equal(f->r.elected[0], "A");
	/* Direct tie votes ignore turnout. */
	in.kind = TALLY_DIRECT;
	in.electorate = 1000;
	in.ballots_issued = 400;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_OK);
	assert_true(f->r.valid);
}

static void test_malformed(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v[] = {{"A", 6}, {"B", 5}};
	struct tally_input in = counted(TALLY_CONGRESS, TALLY_FIRST, 1, 10, 10, 10, AB, 2, 0, v, 2);

	/* all votes above valid x seats */
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "counts.votes");
	v[1].votes = 4;
	in.void_count = 11;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "counts.void");
	in.void_count = 0;
	in.seats = 0;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "seats");
	in.seats = 1;
	in.ballots_issued = 11;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "ballots_issued");
	in.ballots_issued = 10;
	in.have_ballots = true;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "counts");
	in.have_ballots = false;
	in.have_counts = false;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "ballots");
	in.have_ballots = true;
	assert_int_equal(tally_decide(&in, &f->a, &f->r, &f->e), RD_EINVAL);
	assert_string_equal(f->e.field, "ballots"); /* 0 ballots, 10 returned */
}

static void test_many_offices(void **state)
{
	struct fixture *f = *state;
	struct tally_votes v1[] = {{"A", 150}}, v2[] = {{"B", 90}};
	struct tally_input in[2] = {
		counted(TALLY_CONGRESS, TALLY_FIRST, 1, 200, 200, 200, AB, 2, 0, v1, 1),
		counted(TALLY_CONGRESS, TALLY_FIRST, 1, 200, 200, 200, AB, 2, 0, v2, 1),
	};
	struct tally_result r[2];
	size_t failed = 9;

	assert_int_equal(tally_decide_many(in, 2, &f->a, r, &failed, &f->e), RD_OK);
	assert_int_equal(r[0].n_elected, 1);
	assert_int_equal(r[1].unfilled, 1);
	in[1].seats = 0;
	assert_int_equal(tally_decide_many(in, 2, &f->a, r, &failed, &f->e), RD_EINVAL);
	assert_int_equal(failed, 1);
}

static void test_names(void **state)
{
	enum tally_kind k;
	enum tally_round r;
	struct rd_error e;

	(void)state;
	assert_int_equal(tally_kind_parse("direct", &k, &e), RD_OK);
	assert_int_equal(k, TALLY_DIRECT);
	assert_int_equal(tally_round_parse("tie_vote", &r, &e), RD_OK);
	assert_int_equal(r, TALLY_TIE_VOTE);
	assert_int_equal(tally_round_parse("second", &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "round");
	assert_string_equal(tally_void_reason_name(TALLY_VOID_TURNOUT), "turnout_not_over_half");
	assert_null(tally_void_reason_name(TALLY_VOID_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_majority_of_all_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_at_cutoff_more_reached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_with_fewer_reached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_in_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_returned_than_issued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_direct_turnout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_direct_re_election_one_third, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_vote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_offices, setup, teardown),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
