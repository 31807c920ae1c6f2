/* test_ratelimit.c — fixed-window counters: limit, expiry, clear, a full table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "base/ratelimit.h"
#include "base/secret.h"
#include "base/banned.h"

static int setup(void **state)
{
	(void)state;
	return secret_init() == RD_OK ? 0 : -1;
}

static void test_limit_then_refused(void **state)
{
	struct ratelimit *rl = ratelimit_new(3, 1000, 64);

	(void)state;
	assert_non_null(rl);
	assert_false(ratelimit_blocked(rl, "10.0.0.1", 5000));
	assert_true(ratelimit_hit(rl, "10.0.0.1", 5000));
	assert_true(ratelimit_hit(rl, "10.0.0.1", 5001));
	assert_false(ratelimit_blocked(rl, "10.0.0.1", 5001));
	assert_true(ratelimit_hit(rl, "10.0.0.1", 5002));
	assert_true(ratelimit_blocked(rl, "10.0.0.1", 5002));
	assert_false(ratelimit_hit(rl, "10.0.0.1", 5003));
	assert_false(ratelimit_hit(rl, "10.0.0.1", 5999));
	/* Another key is counted apart. */
	assert_true(ratelimit_hit(rl, "10.0.0.2", 5003));
	assert_false(ratelimit_blocked(rl, "10.0.0.2", 5003));
	ratelimit_free(rl);
}

static void test_window_expiry(void **state)
{
	struct ratelimit *rl = ratelimit_new(2, 1000, 64);

	(void)state;
	assert_true(ratelimit_hit(rl, "alice", 10000));
	assert_true(ratelimit_hit(rl, "alice", 10500));
	assert_false(ratelimit_hit(rl, "alice", 10999)); /* still in the window */
	assert_true(ratelimit_blocked(rl, "alice", 10999));
	/* The window is [start, start + window): at start + window it is new. */
	assert_false(ratelimit_blocked(rl, "alice", 11000));
	assert_true(ratelimit_hit(rl, "alice", 11000));
	assert_true(ratelimit_hit(rl, "alice", 11001));
	assert_false(ratelimit_hit(rl, "alice", 11002));
	ratelimit_free(rl);
}

static void test_refused_hits_do_not_extend_window(void **state)
{
	struct ratelimit *rl = ratelimit_new(1, 1000, 64);

	(void)state;
	assert_true(ratelimit_hit(rl, "k", 1000));
	for (int64_t t = 1001; t < 2000; t += 100)
		assert_false(ratelimit_hit(rl, "k", t));
	assert_true(ratelimit_hit(rl, "k", 2000));
	ratelimit_free(rl);
}

static void test_clear(void **state)
{
	struct ratelimit *rl = ratelimit_new(2, 60000, 64);

	(void)state;
	assert_true(ratelimit_hit(rl, "bob", 1000));
	assert_true(ratelimit_hit(rl, "bob", 1001));
	assert_false(ratelimit_hit(rl, "bob", 1002));
	ratelimit_clear(rl, "bob");
	assert_false(ratelimit_blocked(rl, "bob", 1003));
	assert_true(ratelimit_hit(rl, "bob", 1003));
	assert_true(ratelimit_hit(rl, "bob", 1004));
	assert_false(ratelimit_hit(rl, "bob", 1005));
	/* Clearing a key never seen is harmless. */
	ratelimit_clear(rl, "nobody");
	ratelimit_free(rl);
}

static void test_blocked_counts_nothing(void **state)
{
	struct ratelimit *rl = ratelimit_new(2, 1000, 64);

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_false(ratelimit_blocked(rl, "carol", 1000 + i));
	assert_true(ratelimit_hit(rl, "carol", 1100));
	for (int i = 0; i < 100; i++)
		assert_false(ratelimit_blocked(rl, "carol", 1100));
	assert_true(ratelimit_hit(rl, "carol", 1100));
	assert_true(ratelimit_blocked(rl, "carol", 1100));
	ratelimit_free(rl);
}

static void test_zero_limit_refuses_everything(void **state)
{
	struct ratelimit *rl = ratelimit_new(0, 1000, 8);

	(void)state;
	assert_false(ratelimit_hit(rl, "x", 1000));
	assert_true(ratelimit_blocked(rl, "x", 1000));
	ratelimit_free(rl);
}

static void test_many_keys_and_full_table_still_limits(void **state)
{
	struct ratelimit *rl = ratelimit_new(3, 60000, 32);
	char key[32];

	(void)state;
	/* Far more keys than slots, all in one window: no crash, no growth. */
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "spray-%d", i);
		assert_true(ratelimit_hit(rl, key, 1000));
	}
	/* A key hammered in a full table is still limited. */
	assert_true(ratelimit_hit(rl, "target", 2000));
	assert_true(ratelimit_hit(rl, "target", 2001));
	assert_true(ratelimit_hit(rl, "target", 2002));
	assert_false(ratelimit_hit(rl, "target", 2003));
	assert_false(ratelimit_hit(rl, "target", 2004));
	assert_true(ratelimit_blocked(rl, "target", 2005));
	ratelimit_free(rl);
}

static void test_one_slot(void **state)
{
	struct ratelimit *rl = ratelimit_new(1, 1000, 1);

	(void)state;
	assert_true(ratelimit_hit(rl, "a", 1000));
	assert_false(ratelimit_hit(rl, "a", 1001));
	/* The only slot holds a blocked key: others are refused (fail closed)
	 * until its window ends, then take the slot over. */
	assert_false(ratelimit_hit(rl, "b", 1002));
	assert_true(ratelimit_hit(rl, "b", 2000));
	assert_false(ratelimit_hit(rl, "b", 2001));
	ratelimit_free(rl);
}

static void test_spraying_other_keys_does_not_unblock(void **state)
{
	struct ratelimit *rl = ratelimit_new(10, 900000, 4096);
	char key[32];

	(void)state;
	for (int i = 0; i < 10; i++)
		assert_true(ratelimit_hit(rl, "u:admin", 1000 + i));
	assert_true(ratelimit_blocked(rl, "u:admin", 1100));
	/* An attacker fails logins for 20,000 made-up names in the window. */
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "u:fake%d", i);
		ratelimit_hit(rl, key, 2000 + i);
	}
	assert_true(ratelimit_blocked(rl, "u:admin", 30000));
	assert_false(ratelimit_hit(rl, "u:admin", 30001));
	/* And the window still ends. */
	assert_true(ratelimit_hit(rl, "u:admin", 1000 + 900000));
	ratelimit_free(rl);
}

static void test_time_zero_and_free_null(void **state)
{
	struct ratelimit *rl = ratelimit_new(1, 1000, 8);

	(void)state;
	/* now_ms of 0 is not mistaken for an empty slot. */
	assert_true(ratelimit_hit(rl, "z", 0));
	assert_false(ratelimit_hit(rl, "z", 0));
	ratelimit_free(rl);
	ratelimit_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_then_refused),
		cmocka_unit_test(test_window_expiry),
		cmocka_unit_test(test_refused_hits_do_not_extend_window),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_blocked_counts_nothing),
		cmocka_unit_test(test_zero_limit_refuses_everything),
		cmocka_unit_test(test_many_keys_and_full_table_still_limits),
		cmocka_unit_test(test_one_slot),
		cmocka_unit_test(test_spraying_other_keys_does_not_unblock),
		cmocka_unit_test(test_time_zero_and_free_null),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
