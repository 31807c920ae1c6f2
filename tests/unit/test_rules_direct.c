/*
 * test_rules_direct.c — direct elections of county delegates (RULES §9,
 * EL art. 25–47): the boundaries of the turnout, the winners, the
 * re-election's one third, proxies, roving boxes, vacancies and the
 * re-election's candidates; and the golden cases in tests/rules/direct/,
 * each {"input": figures, "expect": decision} or {"input": ...,
 * "expect_field": "seats"} for malformed figures (api/direct_json.h).
 * RENDA_GOLDEN_PRINT=1 prints each case's actual decision (to write one).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "api/direct_json.h"
#include "rules/direct.h"
#include "base/banned.h"

static const char *const two[] = {"甲", "乙"};

static struct direct_input figures(enum tally_round round, int64_t voters, int64_t returned,
				   const struct tally_votes *votes, size_t n_votes)
{
	struct direct_input in = {.round = round,
				  .seats = 1,
				  .voters = voters,
				  .ballots_issued = returned,
				  .ballots_returned = returned,
				  .candidates = two,
				  .n_candidates = 2,
				  .votes = votes,
				  .n_votes = n_votes,
				  .keep_unfilled_vacant = true};
	return in;
}

static void test_turnout_boundary(void **state)
{
	struct tally_votes v[] = {{"甲", 300}, {"乙", 200}};
	struct direct_input in = figures(TALLY_FIRST, 1000, 500, v, 2);
	struct direct_result r;
	struct rd_error e;
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	/* EL art. 45(1): exactly half of the voters is not more than half. */
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_false(r.tally.valid);
	assert_false(r.turnout_met);
	assert_int_equal(r.turnout_needed, 501);
	assert_int_equal(r.next, DIRECT_HOLD_AGAIN);
	in.ballots_issued = in.ballots_returned = 501;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_true(r.tally.valid);
	assert_true(r.turnout_met);
	/* 300 of 501 returned: more than half (251) → elected. */
	assert_int_equal(r.tally.threshold, 251);
	assert_int_equal(r.next, DIRECT_DONE);
	arena_release(&a);
}

static void test_winner_boundary(void **state)
{
	struct tally_votes v[] = {{"甲", 400}, {"乙", 390}};
	struct direct_input in = figures(TALLY_FIRST, 1000, 800, v, 2);
	struct direct_result r;
	struct rd_error e;
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	/* 400 of 800: exactly half is not more than half → re-election. */
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.tally.n_elected, 0);
	assert_int_equal(r.next, DIRECT_RE_ELECTION);
	assert_int_equal(r.re_election_seats, 1);
	v[0].votes = 401;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.tally.n_elected, 1);
	assert_int_equal(r.next, DIRECT_DONE);
	arena_release(&a);
}

static void test_re_election_third(void **state)
{
	struct tally_votes v[] = {{"甲", 199}, {"乙", 150}};
	struct direct_input in = figures(TALLY_RE_ELECTION, 1000, 600, v, 2);
	struct direct_result r;
	struct rd_error e;
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	/* EL art. 45(5): at least one third of 600 = 200. */
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.tally.threshold, 200);
	assert_int_equal(r.tally.n_elected, 0);
	assert_int_equal(r.next, DIRECT_VACANT);
	assert_int_equal(r.vacant, 1);
	in.keep_unfilled_vacant = false;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.next, DIRECT_RE_ELECTION);
	v[0].votes = 200;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.tally.n_elected, 1);
	assert_int_equal(r.next, DIRECT_DONE);
	arena_release(&a);
}

static void test_proxies_and_roving(void **state)
{
	struct tally_votes v[] = {{"甲", 400}, {"乙", 300}};
	struct direct_proxy p[] = {{"0001", 3}, {"0002", 1}};
	struct direct_input in = figures(TALLY_FIRST, 1000, 800, v, 2);
	struct direct_result r;
	struct rd_error e;
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	in.proxies = p;
	in.n_proxies = 2;
	in.roving_issued = 30;
	in.roving_returned = 30;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.proxy_holders, 2);
	assert_int_equal(r.proxy_ballots, 4);
	assert_false(r.roving_more_returned);
	/* EL art. 42: a fourth principal is refused. */
	p[0].principals = 4;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "proxies[0].principals");
	p[0].principals = 0;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_EINVAL);
	p[0].principals = 3;
	p[1].holder = "0001";
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "proxies[1].holder");
	p[1].holder = "0002";
	in.roving_returned = 801;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "roving.returned");
	in.roving_returned = 31;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_true(r.roving_more_returned);
	in.seats = 4;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_EINVAL);
	assert_string_equal(e.field, "seats");
	arena_release(&a);
}

static void test_re_election_candidates(void **state)
{
	static const char *const four[] = {"甲", "乙", "丙", "丁"};
	struct tally_votes v[] = {{"甲", 300}, {"乙", 250}, {"丙", 200}, {"丁", 100}};
	struct direct_input in = figures(TALLY_FIRST, 1000, 800, v, 4);
	struct direct_result r;
	struct direct_re_candidates c;
	struct rd_error e;
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	in.candidates = four;
	in.n_candidates = 4;
	in.seats = 2;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.tally.n_elected, 0);
	/* 1 seat → exactly 2 candidates, by first-round votes (EL art. 45(4)). */
	assert_int_equal(direct_re_election_candidates(&r.tally, four, 4, 1, &a, &c, &e), RD_OK);
	assert_int_equal(c.wanted, 2);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.names[0], "甲");
	assert_string_equal(c.names[1], "乙");
	/* 2 seats → 2 + ceil(2/3) = 3. */
	assert_int_equal(direct_re_election_candidates(&r.tally, four, 4, 2, &a, &c, &e), RD_OK);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.names[2], "丙");
	/* A tie across the cut-off: a person chooses. */
	v[2].votes = 250;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(direct_re_election_candidates(&r.tally, four, 4, 1, &a, &c, &e), RD_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.n_tie, 2);
	assert_int_equal(c.tie_places, 1);
	/* 3 seats → 3 + 1 = 4: all four, no tie to settle. */
	assert_int_equal(direct_re_election_candidates(&r.tally, four, 4, 3, &a, &c, &e), RD_OK);
	assert_false(c.short_list);
	assert_int_equal(c.n, 4);
	/* An elected candidate is not a candidate again; zero votes count as 0. */
	v[0].votes = 500;
	v[1].votes = 150;
	v[2].votes = 100;
	v[3].votes = 0;
	in.seats = 1;
	assert_int_equal(direct_decide(&in, &a, &r, &e), RD_OK);
	assert_int_equal(r.tally.n_elected, 1);
	assert_int_equal(direct_re_election_candidates(&r.tally, four, 4, 1, &a, &c, &e), RD_OK);
	assert_string_equal(c.names[0], "乙");
	assert_int_equal(c.n_tie, 0);
	/* Fewer unelected than wanted: all of them. */
	assert_int_equal(direct_re_election_candidates(&r.tally, four, 4, 3, &a, &c, &e), RD_OK);
	assert_true(c.short_list);
	assert_int_equal(c.n, 3);
	arena_release(&a);
}

static void golden_case(const char *dir, const char *file)
{
	char path[1024];
	json_error_t jerr;
	json_t *c, *got = NULL;
	struct direct_input in;
	struct direct_result r;
	struct rd_error e;
	struct arena a;
	enum rd_err rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	c = json_load_file(path, 0, &jerr);
	if (!c)
		fail_msg("%s: %s", path, jerr.text);
	arena_init(&a, 16u << 20);
	memset(&e, 0, sizeof(e));
	rc = direct_json_parse(json_object_get(c, "input"), &a, &in, &e);
	if (!rc)
		rc = direct_decide(&in, &a, &r, &e);
	if (!rc)
		got = direct_json_result(&in, &r);
	if (getenv("RENDA_GOLDEN_PRINT")) {
		char *s = got ? json_dumps(got, JSON_COMPACT) : NULL;

		printf("GOLDEN\t%s\t%s\t%s\n", file, s ? s : "null", e.field);
		free(s);
	} else if (json_object_get(c, "expect_field")) {
		if (rc != RD_EINVAL)
			fail_msg("%s: expected RD_EINVAL naming %s", file,
				 json_string_value(json_object_get(c, "expect_field")));
		if (strcmp(e.field, json_string_value(json_object_get(c, "expect_field"))) != 0)
			fail_msg("%s: field %s, expected %s (%s)", file, e.field,
				 json_string_value(json_object_get(c, "expect_field")), e.message);
	} else {
		if (rc != RD_OK)
			fail_msg("%s: %s: %s", file, e.field, e.message);
		if (!json_equal(got, json_object_get(c, "expect"))) {
			char *s = json_dumps(got, JSON_COMPACT);

			fail_msg("%s: decision differs: %s", file, s);
		}
	}
	json_decref(got);
	json_decref(c);
	arena_release(&a);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int json_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

static void test_golden(void **state)
{
	const char *root = getenv("RENDA_ROOT");
	char dir[400];
	struct dirent **list;
	int n;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/rules/direct", root ? root : ".");
	n = scandir(dir, &list, json_file, by_name);
	if (n < 0)
		fail_msg("cannot read %s (run from the repository root or set RENDA_ROOT)", dir);
	assert_true(n >= 15);
	for (int i = 0; i < n; i++) {
		golden_case(dir, list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_turnout_boundary),
		cmocka_unit_test(test_winner_boundary),
		cmocka_unit_test(test_re_election_third),
		cmocka_unit_test(test_proxies_and_roving),
		cmocka_unit_test(test_re_election_candidates),
		cmocka_unit_test(test_golden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
