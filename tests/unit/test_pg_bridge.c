/* test_pg_bridge.c — two bridges (two "nodes") on one PostgreSQL: both rings
 * get every event of both, in the same order, with the same ids. Needs a
 * throwaway database: RENDA_TEST_PG (a libpq URL); skipped without it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "events/events.h"
#include "events/pg_bridge.h"
#include "base/banned.h"

#define PER_NODE 300

static const char *pg_url(void)
{
	const char *u = getenv("RENDA_TEST_PG");

	return u && *u ? u : NULL;
}

static void drop_table(const char *url)
{
	PGconn *c = PQconnectdb(url);

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQclear(PQexec(c, "DROP TABLE IF EXISTS events"));
	PQfinish(c);
}

/* Ends every bridge connection, as a server restart would. */
static void terminate_bridges(const char *url)
{
	PGconn *c = PQconnectdb(url);

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQclear(PQexec(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
			  " WHERE application_name = 'renda-events'"));
	PQfinish(c);
}

static void on_wake(void *arg)
{
	(void)arg;
}

/* Everything the ring holds after `from`, as SSE text. */
static void drain(struct events *ev, uint64_t *last, struct buf *out)
{
	struct events_waiter w = {.wake = on_wake};

	for (int i = 0; i < 10000; i++) {
		if (events_poll(ev, last, out, 1000, &w, NULL) != EVENTS_DATA) {
			events_cancel(ev, &w);
			return;
		}
	}
}

struct pub_arg {
	struct pg_bridge *b;
	const char *node;
};

static void *publisher(void *arg)
{
	struct pub_arg *a = arg;
	char data[64];

	for (int i = 0; i < PER_NODE; i++) {
		snprintf(data, sizeof(data), "{\"node\":\"%s\",\"n\":%d}", a->node, i);
		assert_int_equal(pg_bridge_publish(a->b, "t", data), 0);
	}
	return NULL;
}

/* Waits (at most 20 s) until ev's newest id reaches want. */
static void wait_for(struct events *ev, uint64_t want)
{
	for (int i = 0; i < 2000 && events_last_id(ev) < want; i++)
		nanosleep(&(struct timespec){0, 10000000}, NULL);
}

static void test_two_nodes_same_order(void **state)
{
	const char *url = pg_url();
	struct events *ea, *eb, *ec;
	struct pg_bridge *a, *b, *c;
	struct rd_error err = {0};
	struct buf oa, ob, oc;
	uint64_t la, lb, lc, base;
	pthread_t ta, tb;
	struct pub_arg pa, pb;
	const char *p;
	int na = 0, nb = 0, last_a = -1, last_b = -1;

	(void)state;
	if (!url) {
		printf("# skip: RENDA_TEST_PG is not set (no PostgreSQL test cluster)\n");
		skip();
	}
	drop_table(url);
	ea = events_new(4096);
	eb = events_new(4096);
	assert_int_equal(pg_bridge_start(url, ea, 4096, &a, &err), 0);
	assert_int_equal(pg_bridge_start(url, eb, 4096, &b, &err), 0);
	base = events_last_id(ea);
	assert_int_equal(base, 0); /* a fresh table */
	la = lb = base;
	pa = (struct pub_arg){a, "A"};
	pb = (struct pub_arg){b, "B"};
	pthread_create(&ta, NULL, publisher, &pa);
	pthread_create(&tb, NULL, publisher, &pb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	wait_for(ea, 2 * PER_NODE);
	wait_for(eb, 2 * PER_NODE);
	assert_int_equal(events_last_id(ea), 2 * PER_NODE);
	assert_int_equal(events_last_id(eb), 2 * PER_NODE);
	buf_init(&oa, 1u << 22);
	buf_init(&ob, 1u << 22);
	drain(ea, &la, &oa);
	drain(eb, &lb, &ob);
	/* The same text: same events, same ids, same order. */
	assert_string_equal(buf_str(&oa), buf_str(&ob));
	/* Every event once, each node's in its own publish order. */
	for (p = buf_str(&oa); (p = strstr(p, "{\"node\":\"")) != NULL; p++) {
		int n = (int)strtol(strstr(p, "\"n\":") + 4, NULL, 10);

		if (p[9] == 'A') {
			assert_int_equal(n, last_a + 1);
			last_a = n;
			na++;
		} else {
			assert_int_equal(n, last_b + 1);
			last_b = n;
			nb++;
		}
	}
	assert_int_equal(na, PER_NODE);
	assert_int_equal(nb, PER_NODE);

	/* A third node started later loads the backlog with the same ids, and
	 * a reader resuming from the middle gets exactly the rest. */
	ec = events_new(4096);
	assert_int_equal(pg_bridge_start(url, ec, 4096, &c, &err), 0);
	assert_int_equal(events_last_id(ec), 2 * PER_NODE);
	buf_init(&oc, 1u << 22);
	lc = PER_NODE;
	la = PER_NODE;
	buf_reset(&oa);
	drain(ec, &lc, &oc);
	drain(ea, &la, &oa);
	assert_null(strstr(buf_str(&oc), "reset"));
	assert_string_equal(buf_str(&oa), buf_str(&oc));

	/* A reader ahead of a node (it saw an id elsewhere first) is caught up. */
	assert_int_equal(pg_bridge_publish(a, "late", "{}"), 0);
	wait_for(ea, 2 * PER_NODE + 1);
	events_catch_up(ec, 2 * PER_NODE + 1);
	assert_int_equal(events_last_id(ec), 2 * PER_NODE + 1);

	/* PostgreSQL drops every bridge connection (a restart, a failover):
	 * the bridges reconnect, and what was published meanwhile arrives. */
	terminate_bridges(url);
	pthread_create(&ta, NULL, publisher, &pa);
	pthread_create(&tb, NULL, publisher, &pb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	wait_for(ea, 4 * PER_NODE + 1);
	wait_for(eb, 4 * PER_NODE + 1);
	wait_for(ec, 4 * PER_NODE + 1);
	la = lb = lc = 2 * PER_NODE + 1;
	buf_reset(&oa);
	buf_reset(&ob);
	buf_reset(&oc);
	drain(ea, &la, &oa);
	drain(eb, &lb, &ob);
	drain(ec, &lc, &oc);
	assert_string_equal(buf_str(&oa), buf_str(&ob));
	assert_string_equal(buf_str(&oa), buf_str(&oc));
	na = 0;
	for (p = buf_str(&oa); (p = strstr(p, "{\"node\":\"")) != NULL; p++)
		na++;
	/* At least once: a COMMIT whose answer was lost may be written twice. */
	assert_true(na >= 2 * PER_NODE);
	printf("# after the reconnect: %d events for %d published\n", na, 2 * PER_NODE);

	pg_bridge_stop(a);
	pg_bridge_stop(b);
	pg_bridge_stop(c);
	buf_release(&oa);
	buf_release(&ob);
	buf_release(&oc);
	events_free(ea);
	events_free(eb);
	events_free(ec);
	drop_table(url);
}

/* The database goes back in time (a failover to a standby that had not
 * received the last rows, a restore): the bridges move the id sequence past
 * what they have streamed, so what is published next is not skipped. */
static void test_database_behind(void **state)
{
	const char *url = pg_url();
	struct events *ea, *eb;
	struct pg_bridge *a, *b;
	struct rd_error err = {0};
	struct buf out;
	uint64_t last;
	PGconn *c;
	int n = 0;

	(void)state;
	if (!url) {
		printf("# skip: RENDA_TEST_PG is not set (no PostgreSQL test cluster)\n");
		skip();
	}
	drop_table(url);
	ea = events_new(4096);
	eb = events_new(4096);
	assert_int_equal(pg_bridge_start(url, ea, 4096, &a, &err), 0);
	assert_int_equal(pg_bridge_start(url, eb, 4096, &b, &err), 0);
	for (int i = 0; i < 50; i++)
		assert_int_equal(pg_bridge_publish(a, "old", "{}"), 0);
	wait_for(ea, 50);
	wait_for(eb, 50);
	assert_int_equal(events_last_id(eb), 50);
	/* The last 30 rows and their ids are gone, as after the failover. */
	c = PQconnectdb(url);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQclear(PQexec(c, "DELETE FROM events WHERE id > 20"));
	PQclear(PQexec(c, "ALTER TABLE events ALTER COLUMN id RESTART WITH 21"));
	PQfinish(c);
	terminate_bridges(url);
	for (int i = 0; i < 10; i++)
		assert_int_equal(pg_bridge_publish(b, "new", "{}"), 0);
	wait_for(ea, 60);
	wait_for(eb, 60);
	buf_init(&out, 1u << 20);
	last = 50;
	drain(ea, &last, &out);
	for (const char *p = buf_str(&out); (p = strstr(p, "event: new")) != NULL; p++)
		n++;
	assert_int_equal(n, 10);
	assert_null(strstr(buf_str(&out), "event: old"));
	assert_true(events_last_id(ea) >= 60);
	assert_int_equal(events_last_id(ea), events_last_id(eb));
	pg_bridge_stop(a);
	pg_bridge_stop(b);
	buf_release(&out);
	events_free(ea);
	events_free(eb);
	drop_table(url);
}

static void test_unreachable_fails_cleanly(void **state)
{
	struct events *ev = events_new(16);
	struct pg_bridge *b = (struct pg_bridge *)&b;
	struct rd_error err = {0};

	(void)state;
	/* A unix socket folder that does not exist: refused at once. */
	assert_int_equal(
		pg_bridge_start("postgresql:///x?host=/nonexistent-renda&connect_timeout=1", ev, 16,
				&b, &err),
		RD_ESTORE);
	assert_null(b);
	events_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_nodes_same_order),
		cmocka_unit_test(test_database_behind),
		cmocka_unit_test(test_unreachable_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
