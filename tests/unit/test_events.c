/* test_events.c — the in-process event ring behind SSE. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "events/events.h"
#include "base/banned.h"

static int woken;
static int waited;

static void on_wake(void *arg)
{
	(*(int *)arg)++;
	woken++;
}

static void on_wait(void *arg)
{
	(void)arg;
	waited++;
}

static int reset_counters(void **state)
{
	(void)state;
	woken = 0;
	waited = 0;
	return 0;
}

static void test_publish_then_poll_in_order(void **state)
{
	struct events *ev = events_new(16);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t last, a, b, c;
	char expect[512];
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	last = events_last_id(ev);
	a = events_publish(ev, "user.created", "{\"id\":1}");
	b = events_publish(ev, "user.updated", "{\"id\":1,\"name\":\"人大\"}");
	c = events_publish(ev, "vote.opened", "{}");
	assert_true(a > last);
	assert_int_equal(b, a + 1);
	assert_int_equal(c, b + 1);
	assert_int_equal(events_last_id(ev), c);

	assert_int_equal(events_poll(ev, &last, &out, 100, &w, on_wait), EVENTS_DATA);
	snprintf(expect, sizeof(expect),
		 "id: %" PRIu64 "\nevent: user.created\ndata: {\"id\":1}\n\n"
		 "id: %" PRIu64 "\nevent: user.updated\ndata: {\"id\":1,\"name\":\"人大\"}\n\n"
		 "id: %" PRIu64 "\nevent: vote.opened\ndata: {}\n\n",
		 a, b, c);
	assert_string_equal(buf_str(&out), expect);
	assert_int_equal(last, c);
	assert_false(w.registered);
	assert_int_equal(waited, 0);
	buf_release(&out);
	events_free(ev);
}

static void test_poll_from_middle(void **state)
{
	struct events *ev = events_new(16);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t ids[5], last;
	char expect[256];
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	for (int i = 0; i < 5; i++)
		ids[i] = events_publish(ev, "t", "{}");
	last = ids[2];
	assert_int_equal(events_poll(ev, &last, &out, 100, &w, on_wait), EVENTS_DATA);
	snprintf(expect, sizeof(expect),
		 "id: %" PRIu64 "\nevent: t\ndata: {}\n\nid: %" PRIu64 "\nevent: t\ndata: {}\n\n",
		 ids[3], ids[4]);
	assert_string_equal(buf_str(&out), expect);
	assert_int_equal(last, ids[4]);
	buf_release(&out);
	events_free(ev);
}

static void test_max_per_poll(void **state)
{
	struct events *ev = events_new(16);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t ids[5], last;
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	last = events_last_id(ev);
	for (int i = 0; i < 5; i++)
		ids[i] = events_publish(ev, "t", "{}");
	assert_int_equal(events_poll(ev, &last, &out, 2, &w, on_wait), EVENTS_DATA);
	assert_int_equal(last, ids[1]);
	buf_reset(&out);
	assert_int_equal(events_poll(ev, &last, &out, 2, &w, on_wait), EVENTS_DATA);
	assert_int_equal(last, ids[3]);
	buf_reset(&out);
	assert_int_equal(events_poll(ev, &last, &out, 2, &w, on_wait), EVENTS_DATA);
	assert_int_equal(last, ids[4]);
	assert_non_null(strstr(buf_str(&out), "event: t"));
	buf_reset(&out);
	/* Nothing new now: waiting. */
	assert_int_equal(events_poll(ev, &last, &out, 2, &w, on_wait), EVENTS_WAITING);
	assert_string_equal(buf_str(&out), "");
	events_cancel(ev, &w);
	buf_release(&out);
	events_free(ev);
}

static void test_overflow_sends_reset_first(void **state)
{
	struct events *ev = events_new(4);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t ids[10], last;
	char expect[128];
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	last = events_last_id(ev);
	for (int i = 0; i < 10; i++)
		ids[i] = events_publish(ev, "t", "{}");
	/* The ring holds ids[6..9]; the reader at the start missed 6 events. */
	assert_int_equal(events_poll(ev, &last, &out, 100, &w, on_wait), EVENTS_DATA);
	snprintf(expect, sizeof(expect), "id: %" PRIu64 "\nevent: reset\ndata: {}\n\n", ids[5]);
	assert_int_equal(strncmp(buf_str(&out), expect, strlen(expect)), 0);
	/* Then the four events still in the ring, in order. */
	for (int i = 6; i < 10; i++) {
		snprintf(expect, sizeof(expect), "id: %" PRIu64 "\nevent: t\n", ids[i]);
		assert_non_null(strstr(buf_str(&out), expect));
	}
	snprintf(expect, sizeof(expect), "id: %" PRIu64 "\n", ids[4]);
	assert_null(strstr(buf_str(&out), expect));
	assert_int_equal(last, ids[9]);
	buf_reset(&out);

	/* A reader exactly one behind the oldest gets no reset. */
	last = ids[5];
	assert_int_equal(events_poll(ev, &last, &out, 100, &w, on_wait), EVENTS_DATA);
	assert_null(strstr(buf_str(&out), "reset"));
	assert_int_equal(last, ids[9]);
	buf_release(&out);
	events_free(ev);
}

static void test_id_from_the_future_resets(void **state)
{
	struct events *ev = events_new(4);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t id, last;
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	id = events_publish(ev, "t", "{}");
	/* An id newer than anything given out (another server, a restart). */
	last = id + 1000;
	assert_int_equal(events_poll(ev, &last, &out, 100, &w, on_wait), EVENTS_DATA);
	assert_non_null(strstr(buf_str(&out), "event: reset"));
	assert_non_null(strstr(buf_str(&out), "event: t"));
	assert_int_equal(last, id);
	buf_release(&out);
	events_free(ev);
}

static void test_waiter_and_wake_on_publish(void **state)
{
	struct events *ev = events_new(8);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t last, id;
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	last = events_last_id(ev);
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_WAITING);
	assert_true(w.registered);
	assert_int_equal(waited, 1);
	assert_int_equal(mine, 0);
	assert_int_equal(events_waiting(ev), 1);
	id = events_publish(ev, "t", "{\"x\":1}");
	/* Woken exactly once, and no longer registered. */
	assert_int_equal(mine, 1);
	assert_false(w.registered);
	assert_int_equal(events_waiting(ev), 0);
	events_publish(ev, "t", "{\"x\":2}");
	assert_int_equal(mine, 1);
	/* The woken reader now gets both. */
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_DATA);
	assert_non_null(strstr(buf_str(&out), "{\"x\":1}"));
	assert_non_null(strstr(buf_str(&out), "{\"x\":2}"));
	assert_int_equal(last, id + 1);
	buf_release(&out);
	events_free(ev);
}

static void test_wake_many_on_heartbeat(void **state)
{
	struct events *ev = events_new(8);
	struct events_waiter w[3];
	int count[3] = {0};
	struct buf out;
	uint64_t last;

	(void)state;
	buf_init(&out, 1 << 16);
	for (int i = 0; i < 3; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].wake = on_wake;
		w[i].arg = &count[i];
		last = events_last_id(ev);
		assert_int_equal(events_poll(ev, &last, &out, 10, &w[i], NULL), EVENTS_WAITING);
	}
	assert_int_equal(events_waiting(ev), 3);
	events_heartbeat(ev);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(count[i], 1);
		assert_false(w[i].registered);
	}
	assert_int_equal(events_waiting(ev), 0);
	/* A heartbeat with nobody waiting is harmless. */
	events_heartbeat(ev);
	assert_int_equal(woken, 3);
	buf_release(&out);
	events_free(ev);
}

/* The skips callback of a waiter: true for type "skip". */
static bool skips_skip(void *arg, const char *type)
{
	(void)arg;
	return strcmp(type, "skip") == 0;
}

static void test_waiter_skips_a_type(void **state)
{
	struct events *ev = events_new(8);
	struct events_waiter w[2];
	int count[2] = {0};
	struct buf out;
	uint64_t last[2];

	(void)state;
	buf_init(&out, 1 << 16);
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].wake = on_wake;
		w[i].arg = &count[i];
		last[i] = events_last_id(ev);
		assert_int_equal(events_poll(ev, &last[i], &out, 10, &w[i], NULL), EVENTS_WAITING);
	}
	w[1].skips = skips_skip;
	/* A skipped type wakes only the other waiter; the skipping one stays. */
	events_publish(ev, "skip", "{\"x\":1}");
	assert_int_equal(count[0], 1);
	assert_int_equal(count[1], 0);
	assert_true(w[1].registered);
	assert_false(w[0].registered);
	assert_int_equal(events_waiting(ev), 1);
	events_publish(ev, "skip", "{\"x\":2}");
	assert_int_equal(count[1], 0);
	/* Another type wakes it, and its poll has every event since (the caller
	 * filters): nothing is lost, no reset. */
	events_publish(ev, "t", "{\"x\":3}");
	assert_int_equal(count[1], 1);
	assert_false(w[1].registered);
	assert_int_equal(events_waiting(ev), 0);
	assert_int_equal(events_poll(ev, &last[1], &out, 10, &w[1], NULL), EVENTS_DATA);
	assert_null(strstr(buf_str(&out), "reset"));
	assert_non_null(strstr(buf_str(&out), "{\"x\":1}"));
	assert_non_null(strstr(buf_str(&out), "{\"x\":3}"));
	/* A heartbeat wakes a skipping waiter too. */
	buf_reset(&out);
	assert_int_equal(events_poll(ev, &last[1], &out, 10, &w[1], NULL), EVENTS_WAITING);
	events_heartbeat(ev);
	assert_int_equal(count[1], 2);
	assert_int_equal(events_waiting(ev), 0);
	buf_release(&out);
	events_free(ev);
}

static void test_cancel(void **state)
{
	struct events *ev = events_new(8);
	struct events_waiter w[3];
	int count[3] = {0};
	struct buf out;
	uint64_t last;

	(void)state;
	buf_init(&out, 1 << 16);
	for (int i = 0; i < 3; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].wake = on_wake;
		w[i].arg = &count[i];
		last = events_last_id(ev);
		assert_int_equal(events_poll(ev, &last, &out, 10, &w[i], on_wait), EVENTS_WAITING);
	}
	/* Cancel the middle one, then the head of the list. */
	events_cancel(ev, &w[1]);
	assert_false(w[1].registered);
	assert_int_equal(events_waiting(ev), 2);
	events_cancel(ev, &w[2]);
	assert_int_equal(events_waiting(ev), 1);
	/* Cancelling twice is harmless. */
	events_cancel(ev, &w[1]);
	assert_int_equal(events_waiting(ev), 1);
	events_publish(ev, "t", "{}");
	assert_int_equal(count[0], 1);
	assert_int_equal(count[1], 0);
	assert_int_equal(count[2], 0);
	/* Cancelling a waiter already woken is harmless. */
	events_cancel(ev, &w[0]);
	assert_int_equal(events_waiting(ev), 0);
	buf_release(&out);
	events_free(ev);
}

static void test_close(void **state)
{
	struct events *ev = events_new(8);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t last;
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	last = events_last_id(ev);
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_WAITING);
	events_close(ev);
	assert_int_equal(mine, 1);
	assert_false(w.registered);
	/* After close every poll ends the stream, even with events unsent. */
	events_publish(ev, "t", "{}");
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_CLOSED);
	assert_false(w.registered);
	assert_int_equal(events_waiting(ev), 0);
	buf_release(&out);
	events_free(ev);
}

static void test_empty_ring_and_stale_id(void **state)
{
	struct events *ev = events_new(8);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t last, base;
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	base = events_last_id(ev);
	/* Ids start at the clock in microseconds, so they grow across restarts. */
	assert_true(base > (uint64_t)1600000000000 * 1000);
	/* A reader with an id from the future on an empty ring is brought back. */
	last = base + 5000;
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_WAITING);
	assert_int_equal(last, base);
	events_cancel(ev, &w);
	/* ...so it sees the next event. */
	events_publish(ev, "t", "{}");
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_DATA);
	assert_int_equal(last, base + 1);
	buf_release(&out);
	events_free(ev);
}

static void test_ids_increase_across_rings(void **state)
{
	struct events *a = events_new(2);
	uint64_t prev = 0;

	(void)state;
	for (int i = 0; i < 100; i++) {
		uint64_t id = events_publish(a, "t", "{}");

		assert_true(id > prev);
		prev = id;
	}
	events_free(a);
	/* A new ring (a restart) starts from the clock, not from zero. */
	a = events_new(2);
	assert_true(events_last_id(a) >= prev - 100);
	events_free(a);
}

/* Ids from PostgreSQL's events table: set base, gaps, duplicates ignored. */
static void test_given_ids_with_gaps(void **state)
{
	struct events *ev = events_new(4);
	struct events_waiter w = {.wake = on_wake};
	struct buf out;
	uint64_t last;
	int mine = 0;

	(void)state;
	w.arg = &mine;
	buf_init(&out, 1 << 16);
	assert_true(events_set_base(ev, 10));
	assert_int_equal(events_last_id(ev), 10);
	assert_int_equal(events_publish_id(ev, 11, "t", "{\"n\":11}"), 11);
	assert_int_equal(events_publish_id(ev, 14, "t", "{\"n\":14}"), 14);
	/* Already there (a second read of the same rows): ignored. */
	assert_int_equal(events_publish_id(ev, 14, "t", "{}"), 0);
	assert_int_equal(events_publish_id(ev, 12, "t", "{}"), 0);
	assert_false(events_set_base(ev, 100));
	/* A reader inside a gap gets what follows, without a reset. */
	last = 12;
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_DATA);
	assert_string_equal(buf_str(&out), "id: 14\nevent: t\ndata: {\"n\":14}\n\n");
	assert_int_equal(last, 14);
	buf_reset(&out);
	/* At the base: everything. */
	last = 10;
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_DATA);
	assert_non_null(strstr(buf_str(&out), "id: 11\n"));
	assert_null(strstr(buf_str(&out), "reset"));
	buf_reset(&out);
	/* Fill past capacity: 11 and 14 go, the floor becomes 14. */
	for (uint64_t id = 20; id < 24; id++)
		assert_int_equal(events_publish_id(ev, id, "t", "{}"), id);
	last = 14;
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_DATA);
	assert_null(strstr(buf_str(&out), "reset"));
	assert_int_equal(last, 23);
	buf_reset(&out);
	last = 13;
	assert_int_equal(events_poll(ev, &last, &out, 10, &w, on_wait), EVENTS_DATA);
	assert_non_null(strstr(buf_str(&out), "id: 14\nevent: reset\n"));
	assert_int_equal(last, 23);
	buf_release(&out);
	events_free(ev);
}

static uint64_t caught_up;

static void catch_up_hook(void *arg, uint64_t want)
{
	struct events *ev = arg;

	caught_up = want;
	events_publish_id(ev, want, "t", "{}");
}

static void test_catch_up_hook(void **state)
{
	struct events *ev = events_new(4);

	(void)state;
	events_set_base(ev, 0);
	events_publish_id(ev, 1, "t", "{}");
	caught_up = 0;
	/* Not newer than the ring: no call. */
	events_catch_up(ev, 1);
	assert_int_equal(caught_up, 0);
	events_catch_up(ev, 5);
	assert_int_equal(caught_up, 0); /* no hook yet */
	events_set_catch_up(ev, catch_up_hook, ev);
	events_catch_up(ev, 5);
	assert_int_equal(caught_up, 5);
	assert_int_equal(events_last_id(ev), 5);
	events_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_publish_then_poll_in_order, reset_counters),
		cmocka_unit_test_setup(test_poll_from_middle, reset_counters),
		cmocka_unit_test_setup(test_max_per_poll, reset_counters),
		cmocka_unit_test_setup(test_overflow_sends_reset_first, reset_counters),
		cmocka_unit_test_setup(test_id_from_the_future_resets, reset_counters),
		cmocka_unit_test_setup(test_waiter_and_wake_on_publish, reset_counters),
		cmocka_unit_test_setup(test_wake_many_on_heartbeat, reset_counters),
		cmocka_unit_test_setup(test_waiter_skips_a_type, reset_counters),
		cmocka_unit_test_setup(test_cancel, reset_counters),
		cmocka_unit_test_setup(test_close, reset_counters),
		cmocka_unit_test_setup(test_empty_ring_and_stale_id, reset_counters),
		cmocka_unit_test_setup(test_ids_increase_across_rings, reset_counters),
		cmocka_unit_test_setup(test_given_ids_with_gaps, reset_counters),
		cmocka_unit_test_setup(test_catch_up_hook, reset_counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
