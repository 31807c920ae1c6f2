/* test_rules_suggestion.c — the suggestion state table: every allowed step,
 * and refusals of steps the table does not have. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rules/suggestion.h"
#include "base/banned.h"

static void step(enum sugg_state from, enum sugg_action a, enum sugg_state want,
		 enum sugg_actor who)
{
	enum sugg_state to;
	enum sugg_actor by;

	assert_int_equal(sugg_transition(from, a, &to, &by, NULL), RD_OK);
	assert_int_equal(to, want);
	assert_int_equal(by, who);
}

static void test_the_whole_life(void **state)
{
	(void)state;
	step(SUGG_SUBMITTED, SUGG_ASSIGN, SUGG_ASSIGNED, SUGG_BY_OFFICE);
	step(SUGG_ASSIGNED, SUGG_REQUEST_RETURN, SUGG_RETURN_REQUESTED, SUGG_BY_UNIT);
	step(SUGG_RETURN_REQUESTED, SUGG_APPROVE_RETURN, SUGG_SUBMITTED, SUGG_BY_OFFICE);
	step(SUGG_RETURN_REQUESTED, SUGG_DENY_RETURN, SUGG_ASSIGNED, SUGG_BY_OFFICE);
	step(SUGG_ASSIGNED, SUGG_REQUEST_EXTENSION, SUGG_ASSIGNED, SUGG_BY_UNIT);
	step(SUGG_ASSIGNED, SUGG_DECIDE_EXTENSION, SUGG_ASSIGNED, SUGG_BY_OFFICE);
	step(SUGG_ASSIGNED, SUGG_REPLY, SUGG_REPLIED, SUGG_BY_UNIT);
	step(SUGG_REPLIED, SUGG_RATE_DISSATISFIED, SUGG_REHANDLING, SUGG_BY_DELEGATE);
	step(SUGG_REHANDLING, SUGG_REPLY, SUGG_REPLIED, SUGG_BY_UNIT);
	step(SUGG_REPLIED, SUGG_RATE_OK, SUGG_CLOSED, SUGG_BY_DELEGATE);
	step(SUGG_SUBMITTED, SUGG_REJECT, SUGG_REJECTED, SUGG_BY_OFFICE);
	step(SUGG_REHANDLING, SUGG_CLOSE, SUGG_CLOSED, SUGG_BY_OFFICE);
}

static void test_refusals_name_the_state(void **state)
{
	struct rd_error e = {0};
	enum sugg_state to;
	enum sugg_actor by;

	(void)state;
	/* Nothing leaves closed or rejected; no reply before assignment; no
	 * rating of an unanswered item; no return after the reply. */
	for (int a = 0; a < SUGG_ACTION_COUNT; a++) {
		assert_int_equal(sugg_transition(SUGG_CLOSED, (enum sugg_action)a, &to, &by, NULL),
				 RD_ECONFLICT);
		assert_int_equal(
			sugg_transition(SUGG_REJECTED, (enum sugg_action)a, &to, &by, NULL),
			RD_ECONFLICT);
	}
	assert_int_equal(sugg_transition(SUGG_SUBMITTED, SUGG_REPLY, &to, &by, &e), RD_ECONFLICT);
	assert_string_equal(e.field, "state");
	assert_non_null(strstr(e.message, "submitted"));
	assert_int_equal(sugg_transition(SUGG_ASSIGNED, SUGG_RATE_OK, &to, &by, NULL),
			 RD_ECONFLICT);
	assert_int_equal(sugg_transition(SUGG_REPLIED, SUGG_REQUEST_RETURN, &to, &by, NULL),
			 RD_ECONFLICT);
	assert_int_equal(sugg_transition(SUGG_SUBMITTED, SUGG_CLOSE, &to, &by, NULL), RD_ECONFLICT);
}

static void test_names_round_trip(void **state)
{
	enum sugg_state s;
	enum sugg_result r;
	enum sugg_rating g;

	(void)state;
	for (int i = 0; i < SUGG_STATE_COUNT; i++) {
		assert_int_equal(sugg_state_parse(sugg_state_name((enum sugg_state)i), &s, NULL),
				 RD_OK);
		assert_int_equal(s, i);
	}
	assert_int_equal(sugg_result_parse("planned", &r, NULL), RD_OK);
	assert_true(sugg_result_needs_follow_up(r));
	assert_false(sugg_result_needs_follow_up(SUGG_SOLVED));
	assert_int_equal(sugg_result_parse("done", &r, NULL), RD_EINVAL);
	assert_int_equal(sugg_rating_parse("basically_satisfied", &g, NULL), RD_OK);
	assert_int_equal(g, SUGG_BASICALLY_SATISFIED);
	assert_int_equal(sugg_rating_parse("meh", &g, NULL), RD_EINVAL);
	assert_null(sugg_state_name(SUGG_STATE_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_whole_life),
		cmocka_unit_test(test_refusals_name_the_state),
		cmocka_unit_test(test_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
