/* test_motion_rules.c — the rules of motions (议案) and interpellations
 * (质询案): the signer threshold at its boundary (9 no, 10 yes), late
 * filing at the deadline, the two state tables, and DL art. 20's "half or
 * more dissatisfied" at its boundary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rules/interpellation.h"
#include "rules/motion.h"
#include "base/banned.h"

static void test_motion_needs_ten_signers(void **state)
{
	struct rd_error e = {0};

	(void)state;
	/* LOL art. 22(2): 代表十人以上联名 — 以上 includes ten. */
	assert_int_equal(motion_signers_required(), 10);
	assert_int_equal(motion_signers_check(9, &e), RD_EINVAL);
	assert_string_equal(e.field, "signers");
	assert_non_null(strstr(e.message, "10"));
	assert_int_equal(motion_signers_check(10, NULL), RD_OK);
	assert_int_equal(motion_signers_check(11, NULL), RD_OK);
	assert_int_equal(motion_signers_check(0, NULL), RD_EINVAL);
	assert_int_equal(motion_signers_check(-1, NULL), RD_EINVAL);
	/* LOL art. 24(1): the same for interpellations. */
	assert_int_equal(interp_signers_required(), 10);
	assert_int_equal(interp_signers_check(9, NULL), RD_EINVAL);
	assert_int_equal(interp_signers_check(10, NULL), RD_OK);
}

static void test_filed_late(void **state)
{
	(void)state;
	/* No deadline set: never late. At the deadline: on time. A ms after: late. */
	assert_false(motion_filed_late(1000, 0));
	assert_false(motion_filed_late(999, 1000));
	assert_false(motion_filed_late(1000, 1000));
	assert_true(motion_filed_late(1001, 1000));
}

static void mstep(enum motion_state from, enum motion_action a, enum motion_state want,
		  enum motion_actor who)
{
	enum motion_state to;
	enum motion_actor by;

	assert_int_equal(motion_transition(from, a, &to, &by, NULL), RD_OK);
	assert_int_equal(to, want);
	assert_int_equal(by, who);
}

static void test_motion_table(void **state)
{
	struct rd_error e = {0};
	enum motion_state to;
	enum motion_actor by;
	enum motion_decision d;

	(void)state;
	mstep(MOTION_COLLECTING, MOTION_COSIGN, MOTION_COLLECTING, MOTION_BY_DELEGATE);
	mstep(MOTION_COLLECTING, MOTION_LODGE, MOTION_LODGED, MOTION_BY_PROPOSER);
	mstep(MOTION_COLLECTING, MOTION_LODGE_LATE, MOTION_AS_SUGGESTION, MOTION_BY_PROPOSER);
	mstep(MOTION_COLLECTING, MOTION_CANCEL, MOTION_WITHDRAWN, MOTION_BY_PROPOSER);
	mstep(MOTION_LODGED, MOTION_REFER, MOTION_REFERRED, MOTION_BY_PRESIDIUM);
	mstep(MOTION_REFERRED, MOTION_AGENDA, MOTION_ON_AGENDA, MOTION_BY_PRESIDIUM);
	mstep(MOTION_LODGED, MOTION_HANDLE_AS_SUGGESTION, MOTION_AS_SUGGESTION,
	      MOTION_BY_PRESIDIUM);
	mstep(MOTION_ON_AGENDA, MOTION_PUT_TO_VOTE_ACTION, MOTION_PUT_TO_VOTE, MOTION_BY_PRESIDIUM);
	mstep(MOTION_ON_AGENDA, MOTION_REQUEST_WITHDRAWAL, MOTION_ON_AGENDA, MOTION_BY_PROPOSER);
	mstep(MOTION_ON_AGENDA, MOTION_CONSENT_WITHDRAWAL, MOTION_WITHDRAWN, MOTION_BY_PRESIDIUM);
	mstep(MOTION_LODGED, MOTION_REFUSE_WITHDRAWAL, MOTION_LODGED, MOTION_BY_PRESIDIUM);

	/* LOL art. 22(3): withdrawal only before the vote. */
	assert_true(motion_withdrawable(MOTION_ON_AGENDA));
	assert_true(motion_withdrawable(MOTION_REFERRED));
	assert_false(motion_withdrawable(MOTION_PUT_TO_VOTE));
	assert_false(motion_withdrawable(MOTION_COLLECTING));
	assert_int_equal(
		motion_transition(MOTION_PUT_TO_VOTE, MOTION_REQUEST_WITHDRAWAL, &to, &by, &e),
		RD_ECONFLICT);
	assert_string_equal(e.field, "state");
	assert_non_null(strstr(e.message, "put_to_vote"));
	/* No co-signing once lodged; no decision before; nothing leaves the ends. */
	assert_int_equal(motion_transition(MOTION_LODGED, MOTION_COSIGN, &to, &by, NULL),
			 RD_ECONFLICT);
	assert_int_equal(motion_transition(MOTION_COLLECTING, MOTION_AGENDA, &to, &by, NULL),
			 RD_ECONFLICT);
	assert_int_equal(motion_transition(MOTION_REFERRED, MOTION_REFER, &to, &by, NULL),
			 RD_ECONFLICT);
	for (int a = 0; a < MOTION_ACTION_COUNT; a++) {
		assert_int_equal(
			motion_transition(MOTION_WITHDRAWN, (enum motion_action)a, &to, &by, NULL),
			RD_ECONFLICT);
		assert_int_equal(motion_transition(MOTION_AS_SUGGESTION, (enum motion_action)a, &to,
						   &by, NULL),
				 RD_ECONFLICT);
		assert_int_equal(motion_transition(MOTION_PUT_TO_VOTE, (enum motion_action)a, &to,
						   &by, NULL),
				 RD_ECONFLICT);
	}
	for (int i = 0; i < MOTION_STATE_COUNT; i++) {
		enum motion_state s;

		assert_int_equal(
			motion_state_parse(motion_state_name((enum motion_state)i), &s, NULL),
			RD_OK);
		assert_int_equal(s, i);
	}
	assert_null(motion_state_name(MOTION_STATE_COUNT));
	assert_int_equal(motion_decision_parse("refer", &d, NULL), RD_OK);
	assert_int_equal(motion_decision_action(d), MOTION_REFER);
	assert_int_equal(motion_decision_parse("suggestion", &d, NULL), RD_OK);
	assert_int_equal(motion_decision_action(d), MOTION_HANDLE_AS_SUGGESTION);
	assert_int_equal(motion_decision_parse("maybe", &d, &e), RD_EINVAL);
	assert_string_equal(e.field, "decision");
}

static void test_new_answer_at_half(void **state)
{
	(void)state;
	/* DL art. 20(5): 半数以上 — half or more (以上 includes the boundary). */
	assert_int_equal(interp_dissatisfied_needed(10), 5);
	assert_false(interp_new_answer_due(10, 4));
	assert_true(interp_new_answer_due(10, 5)); /* exactly half */
	assert_true(interp_new_answer_due(10, 6)); /* more than half */
	assert_int_equal(interp_dissatisfied_needed(11), 6);
	assert_false(interp_new_answer_due(11, 5)); /* under half */
	assert_true(interp_new_answer_due(11, 6));
	assert_int_equal(interp_dissatisfied_needed(1), 1);
	assert_true(interp_new_answer_due(1, 1));
	assert_false(interp_new_answer_due(1, 0));
	/* Out of range. */
	assert_int_equal(interp_dissatisfied_needed(0), -1);
	assert_false(interp_new_answer_due(0, 0));
	assert_false(interp_new_answer_due(10, 11));
	assert_false(interp_new_answer_due(10, -1));
}

static void istep(enum interp_state from, enum interp_action a, enum interp_state want,
		  enum interp_actor who)
{
	enum interp_state to;
	enum interp_actor by;

	assert_int_equal(interp_transition(from, a, &to, &by, NULL), RD_OK);
	assert_int_equal(to, want);
	assert_int_equal(by, who);
}

static void test_interpellation_table(void **state)
{
	struct rd_error e = {0};
	enum interp_state to;
	enum interp_actor by;
	enum interp_organ o;
	enum interp_mode m;
	bool dis;

	(void)state;
	istep(INTERP_COLLECTING, INTERP_COSIGN, INTERP_COLLECTING, INTERP_BY_DELEGATE);
	istep(INTERP_COLLECTING, INTERP_LODGE, INTERP_LODGED, INTERP_BY_PROPOSER);
	istep(INTERP_LODGED, INTERP_FORWARD, INTERP_FORWARDED, INTERP_BY_PRESIDIUM);
	istep(INTERP_FORWARDED, INTERP_ANSWER, INTERP_ANSWERED, INTERP_BY_STAFF);
	istep(INTERP_ANSWERED, INTERP_RATE_REANSWER, INTERP_REANSWER_REQUIRED, INTERP_BY_DELEGATE);
	istep(INTERP_REANSWER_REQUIRED, INTERP_ANSWER, INTERP_ANSWERED, INTERP_BY_STAFF);
	istep(INTERP_ANSWERED, INTERP_RATE_CLOSED, INTERP_CLOSED, INTERP_BY_DELEGATE);
	istep(INTERP_ANSWERED, INTERP_CLOSE, INTERP_CLOSED, INTERP_BY_STAFF);
	istep(INTERP_LODGED, INTERP_WITHDRAW, INTERP_WITHDRAWN, INTERP_BY_PROPOSER);
	/* Not withdrawn once forwarded; not answered before it is forwarded. */
	assert_int_equal(interp_transition(INTERP_FORWARDED, INTERP_WITHDRAW, &to, &by, &e),
			 RD_ECONFLICT);
	assert_string_equal(e.field, "state");
	assert_int_equal(interp_transition(INTERP_LODGED, INTERP_ANSWER, &to, &by, NULL),
			 RD_ECONFLICT);
	for (int a = 0; a < INTERP_ACTION_COUNT; a++)
		assert_int_equal(
			interp_transition(INTERP_CLOSED, (enum interp_action)a, &to, &by, NULL),
			RD_ECONFLICT);
	for (int i = 0; i < INTERP_STATE_COUNT; i++) {
		enum interp_state s;

		assert_int_equal(
			interp_state_parse(interp_state_name((enum interp_state)i), &s, NULL),
			RD_OK);
		assert_int_equal(s, i);
	}
	assert_int_equal(interp_organ_parse("court", &o, NULL), RD_OK);
	assert_string_equal(interp_organ_name(o), "court");
	assert_int_equal(interp_organ_parse("party_committee", &o, &e), RD_EINVAL);
	assert_string_equal(e.field, "organ_kind");
	assert_int_equal(interp_mode_parse("written", &m, NULL), RD_OK);
	assert_int_equal(m, INTERP_WRITTEN);
	assert_int_equal(interp_mode_parse("phone", &m, NULL), RD_EINVAL);
	assert_int_equal(interp_meeting_check("plenary", NULL), RD_OK);
	assert_int_equal(interp_meeting_check("dinner", &e), RD_EINVAL);
	assert_string_equal(e.field, "meeting");
	assert_int_equal(interp_rating_check("dissatisfied", &dis, NULL), RD_OK);
	assert_true(dis);
	assert_int_equal(interp_rating_check("basically_satisfied", &dis, NULL), RD_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_motion_needs_ten_signers),
		cmocka_unit_test(test_filed_late),
		cmocka_unit_test(test_motion_table),
		cmocka_unit_test(test_new_answer_at_half),
		cmocka_unit_test(test_interpellation_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
