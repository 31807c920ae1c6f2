/*
 * pg_bridge.c — see pg_bridge.h.
 *
 * Two threads, each with its own connection:
 * - the publisher takes up to PUB_BATCH queued events and writes them in one
 *   transaction: BEGIN; pg_advisory_xact_lock; one INSERT of all rows;
 *   NOTIFY; COMMIT. On failure it keeps the events, reconnects with a
 *   growing pause and tries again; the queue is bounded (QUEUE_MAX).
 * - the listener LISTENs, sleeps in poll() on its socket and an eventfd, and
 *   on a notification, a kick, or every LISTEN_POLL_MS reads the rows after
 *   the last id it has and appends them to the ring. It also prunes the
 *   table to the last KEEP_ROWS rows now and then.
 * b->lock guards the queue, the stop flag and the catch-up counters; the
 * listener's connection and last id belong to the listener thread alone.
 * Lock order: b->lock, then the events lock (events_last_id), never back.
 */
#include "events/pg_bridge.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "base/banned.h"

/* The advisory lock that orders publishes: "renda" in ASCII. Any constant
 * works as long as every node uses the same one and nothing else does. */
#define LOCK_KEY       "491328398433"
#define CHANNEL	       "renda_events"
#define PUB_BATCH      64	/* events per transaction */
#define QUEUE_MAX      16384	/* events waiting for PostgreSQL */
#define FETCH_ROWS     1000	/* rows per read */
#define FETCH_ROUNDS   64	/* reads per wake-up; the next wake-up goes on */
#define LISTEN_POLL_MS 2000	/* read anyway this often (a lost NOTIFY) */
#define CATCH_UP_MS    2000	/* most a reader waits for this node to catch up */
#define PRUNE_EVERY_MS 300000	/* prune the table this often */
#define KEEP_ROWS      "100000" /* rows kept: minutes of a busy floor, far more than a ring */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
#define STOP_FLUSH_MS  3000 /* most the publisher tries at stop */
#define DROP_LOG_EVERY 1000

static const char create_sql[] = "BEGIN;"
				 "SELECT pg_advisory_xact_lock(" LOCK_KEY ");"
				 "CREATE TABLE IF NOT EXISTS events ("
				 " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
				 " type TEXT NOT NULL,"
				 " data TEXT NOT NULL,"
				 " at BIGINT NOT NULL);"
				 "COMMIT";

struct pending {
	char *type;
	char *data;
	int64_t at; /* ms since the epoch, when published */
};

struct pg_bridge {
	char *conninfo; /* may hold a password: never logged */
	struct events *ev;
	pthread_mutex_t lock;
	pthread_cond_t queued; /* the queue grew, or stop */
	pthread_cond_t served; /* the listener finished a read, or stop */
	struct pending *queue; /* a ring of QUEUE_MAX */
	size_t qhead, qlen;
	uint64_t dropped; /* events lost to a full queue */
	bool stop;
	uint64_t wanted; /* catch-up requests made ... */
	uint64_t done;	 /* ... and the last one a completed read answered */
	int wake_fd;	 /* eventfd: kicks the listener */
	pthread_t pub_thread, listen_thread;
	bool pub_started, listen_started;
	PGconn *listen_conn; /* the listener's, from pg_bridge_start on */
	uint64_t last_id;    /* the listener's: the newest row read */
};

/* Monotonic deadline for pthread_cond_timedwait (the conds use CLOCK_MONOTONIC). */
static struct timespec deadline_in(int64_t ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

static void kick(struct pg_bridge *b)
{
	uint64_t one = 1;

	/* Nonblocking; a full counter already means "wake up". */
	if (write(b->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		log_warn("events: cannot wake the listener: %s", strerror(errno));
}

/* Runs sql (no parameters, may be several statements) and checks the last
 * result's status. Logs a failure under what. */
static bool exec_ok(PGconn *c, const char *sql, ExecStatusType want, const char *what)
{
	PGresult *r = PQexec(c, sql);
	bool ok = r && PQresultStatus(r) == want;

	if (!ok)
		log_warn("events: %s failed: %s", what, PQerrorMessage(c));
	PQclear(r);
	return ok;
}

/* PostgreSQL's notices ("relation already exists, skipping") are not news. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* A new connection, or NULL (logged). The user's conninfo comes last so
 * that what it sets wins over these defaults. */
static PGconn *bridge_connect(const char *conninfo)
{
	/* Keepalives: a listener on a dead TCP connection would otherwise wait
	 * for the kernel's two hours before it noticed. */
	static const char *const keys[] = {
		"application_name",    "connect_timeout",  "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "dbname",	 NULL};
	const char *vals[] = {"renda-events", "5", "1", "10", "5", "3", conninfo, NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);

	if (!c) {
		log_warn("events: cannot connect to PostgreSQL: out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		log_warn("events: cannot connect to PostgreSQL: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	/* A node that hangs holding the lock must not stall the others for
	 * long: their publishes fail, and are retried. */
	if (!exec_ok(c, "SET statement_timeout = '15s'; SET lock_timeout = '10s'", PGRES_COMMAND_OK,
		     "setting timeouts")) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

/*
 * After a reconnect the database may be behind what this node has already
 * streamed: a failover to an asynchronous standby, a restore from a backup.
 * Its identity sequence would then hand out ids the screens have seen, and
 * every node would skip those rows as old. So move the sequence past `seen`
 * (the newest id this node knows) when it is behind, under the publish lock
 * so no insert slips in between. Returns false if the connection failed.
 */
static bool sequence_guard(PGconn *c, uint64_t seen)
{
	static const char sql[] =
		"SELECT setval(pg_get_serial_sequence('events', 'id'), $1::bigint)"
		" WHERE $1::bigint > coalesce(pg_sequence_last_value("
		"pg_get_serial_sequence('events', 'id')::regclass), 0)";
	char id[24];
	const char *vals[1] = {id};
	PGresult *r;
	bool ok, moved;

	if (!seen)
		return true;
	snprintf(id, sizeof(id), "%llu", (unsigned long long)seen);
	if (!exec_ok(c, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_KEY ")", PGRES_TUPLES_OK,
		     "taking the events lock"))
		goto fail;
	r = PQexecParams(c, sql, 1, NULL, vals, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	moved = ok && PQntuples(r) > 0;
	PQclear(r);
	if (!ok) {
		log_warn("events: checking the id sequence failed: %s", PQerrorMessage(c));
		goto fail;
	}
	if (moved)
		log_warn("events: the database was behind this node (a failover or a restore?): "
			 "event ids now continue after %s",
			 id);
	return exec_ok(c, "COMMIT", PGRES_COMMAND_OK, "commit");
fail:
	if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) != PQTRANS_IDLE)
		exec_ok(c, "ROLLBACK", PGRES_COMMAND_OK, "rollback");
	return false;
}

/* ------------------------------------------------------------------------
 * Publishing.
 */

static void pending_free(struct pending *p)
{
	free(p->type);
	free(p->data);
	p->type = p->data = NULL;
}

enum rd_err pg_bridge_publish(struct pg_bridge *b, const char *type, const char *json_data)
{
	struct pending p = {strdup(type), strdup(json_data), clock_now_ms()};
	uint64_t dropped = 0;
	bool queued = false;

	if (!p.type || !p.data) {
		pending_free(&p);
		return RD_ENOMEM;
	}
	pthread_mutex_lock(&b->lock);
	if (b->qlen < QUEUE_MAX) {
		b->queue[(b->qhead + b->qlen) % QUEUE_MAX] = p;
		b->qlen++;
		queued = true;
		pthread_cond_signal(&b->queued);
	} else {
		dropped = ++b->dropped;
	}
	pthread_mutex_unlock(&b->lock);
	if (queued)
		return RD_OK;
	pending_free(&p);
	if (dropped % DROP_LOG_EVERY == 1)
		log_error(
			"events: PostgreSQL unreachable and %d events queued: %llu dropped so far",
			QUEUE_MAX, (unsigned long long)dropped);
	return RD_EUNAVAIL;
}

/*
 * Writes n events in one transaction whose first act is the advisory lock,
 * so the rows' ids are taken and committed while no other node can take
 * any: ids commit in id order. One multi-row INSERT: its rows get their ids
 * in the order written, which keeps this node's events in publish order.
 */
static bool publish_batch(PGconn *c, const struct pending *items, size_t n)
{
	const char *vals[PUB_BATCH * 3];
	char at[PUB_BATCH][24];
	struct buf sql;
	PGresult *r = NULL;
	bool ok = false;

	buf_init(&sql, 1u << 16);
	buf_puts(&sql, "INSERT INTO events (type, data, at) VALUES ");
	for (size_t i = 0; i < n; i++) {
		/* Placeholders only: the values travel as parameters. */
		buf_printf(&sql, "%s($%zu, $%zu, $%zu::bigint)", i ? ", " : "", 3 * i + 1,
			   3 * i + 2, 3 * i + 3);
		snprintf(at[i], sizeof(at[i]), "%lld", (long long)items[i].at);
		vals[3 * i] = items[i].type;
		vals[3 * i + 1] = items[i].data;
		vals[3 * i + 2] = at[i];
	}
	if (buf_error(&sql))
		goto out;
	if (!exec_ok(c, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_KEY ")", PGRES_TUPLES_OK,
		     "taking the events lock"))
		goto rollback;
	r = PQexecParams(c, buf_str(&sql), (int)(3 * n), NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		log_warn("events: insert failed: %s", PQerrorMessage(c));
		goto rollback;
	}
	PQclear(r);
	/* NOTIFY goes out at COMMIT, after the rows are visible. An aborted
	 * transaction answers COMMIT with "ROLLBACK": check the tag. */
	r = PQexec(c, "NOTIFY " CHANNEL "; COMMIT");
	ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0;
	if (ok)
		goto out;
	log_warn("events: commit failed: %s", PQerrorMessage(c));
rollback:
	/* A failed NOTIFY skips the COMMIT after it and leaves the transaction
	 * open and aborted: end it, or the next batch would fail too. */
	if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) != PQTRANS_IDLE)
		exec_ok(c, "ROLLBACK", PGRES_COMMAND_OK, "rollback");
out:
	PQclear(r);
	buf_release(&sql);
	return ok;
}

static void *pub_main(void *arg)
{
	struct pg_bridge *b = arg;
	struct pending items[PUB_BATCH];
	PGconn *c = NULL;
	int64_t backoff = BACKOFF_MIN_MS, give_up_at = 0;
	size_t n;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (!b->qlen && !b->stop)
			pthread_cond_wait(&b->queued, &b->lock);
		if (!b->qlen)
			break; /* stopping, nothing left */
		if (b->stop && !give_up_at)
			give_up_at = clock_mono_ms() + STOP_FLUSH_MS;
		if (give_up_at && clock_mono_ms() >= give_up_at) {
			log_error("events: stopping with %zu events not written to PostgreSQL",
				  b->qlen);
			break;
		}
		/* Copies: the queue keeps its entries until they are written. */
		n = b->qlen < PUB_BATCH ? b->qlen : PUB_BATCH;
		for (size_t i = 0; i < n; i++)
			items[i] = b->queue[(b->qhead + i) % QUEUE_MAX];
		pthread_mutex_unlock(&b->lock);

		if (!c) {
			c = bridge_connect(b->conninfo);
			if (c && !sequence_guard(c, events_last_id(b->ev))) {
				PQfinish(c);
				c = NULL;
			}
		}
		if (c && publish_batch(c, items, n)) {
			backoff = BACKOFF_MIN_MS;
			kick(b); /* our own rows: read them now, not at the NOTIFY */
			pthread_mutex_lock(&b->lock);
			for (size_t i = 0; i < n; i++)
				pending_free(&b->queue[(b->qhead + i) % QUEUE_MAX]);
			b->qhead = (b->qhead + n) % QUEUE_MAX;
			b->qlen -= n;
			continue;
		}
		/* Failed: a fresh connection next time, after a pause that grows
		 * while PostgreSQL stays away. */
		if (c && PQstatus(c) != CONNECTION_OK) {
			PQfinish(c);
			c = NULL;
		}
		pthread_mutex_lock(&b->lock);
		{
			/* Also when stopping (bounded by give_up_at): no busy loop
			 * against a server that refuses at once. */
			struct timespec ts = deadline_in(backoff);

			pthread_cond_timedwait(&b->queued, &b->lock, &ts);
		}
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
	pthread_mutex_unlock(&b->lock);
	PQfinish(c);
	return NULL;
}

/* ------------------------------------------------------------------------
 * Listening.
 */

/* Appends the rows of r (id, type, data) to the ring. false on a bad id. */
static bool feed(struct pg_bridge *b, PGresult *r)
{
	int rows = PQntuples(r);

	for (int i = 0; i < rows; i++) {
		const char *s = PQgetvalue(r, i, 0);
		int64_t id;

		if (str_to_i64(s, strlen(s), 1, INT64_MAX, &id)) {
			log_error("events: bad id %s in the events table", s);
			return false;
		}
		events_publish_id(b->ev, (uint64_t)id, PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
		b->last_id = (uint64_t)id;
	}
	return true;
}

/* Reads every row after b->last_id into the ring, FETCH_ROWS at a time
 * (at most FETCH_ROUNDS reads; the rest at the next wake-up, which the
 * caller makes at once). Returns false if the connection failed. */
static bool fetch(struct pg_bridge *b, PGconn *c, bool *more)
{
	static const char sql[] = "SELECT id, type, data FROM events WHERE id > $1::bigint"
				  " ORDER BY id LIMIT $2::int";
	char last[24], lim[16];
	const char *vals[2] = {last, lim};

	*more = false;
	for (int round = 0; round < FETCH_ROUNDS; round++) {
		PGresult *r;
		int rows;
		bool ok;

		snprintf(last, sizeof(last), "%llu", (unsigned long long)b->last_id);
		snprintf(lim, sizeof(lim), "%d", FETCH_ROWS);
		r = PQexecParams(c, sql, 2, NULL, vals, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			log_warn("events: reading events failed: %s", PQerrorMessage(c));
			PQclear(r);
			return false;
		}
		rows = PQntuples(r);
		ok = feed(b, r);
		PQclear(r);
		if (!ok)
			return false;
		if (rows < FETCH_ROWS)
			return true;
	}
	*more = true;
	return true;
}

/* LISTEN on a fresh connection. Listening starts before the read that
 * follows it, so no row committed in between goes unnoticed. */
static PGconn *listen_connect(const char *conninfo)
{
	PGconn *c = bridge_connect(conninfo);

	if (c && !exec_ok(c, "LISTEN " CHANNEL, PGRES_COMMAND_OK, "LISTEN")) {
		PQfinish(c);
		c = NULL;
	}
	return c;
}

/* Waits up to ms for the socket (fd >= 0) or a kick; drains the kick. */
static void wait_readable(struct pg_bridge *b, int fd, int ms)
{
	struct pollfd p[2] = {{.fd = b->wake_fd, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
	uint64_t v;

	if (poll(p, fd >= 0 ? 2 : 1, ms) > 0 && (p[0].revents & POLLIN))
		if (read(b->wake_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
			log_warn("events: eventfd: %s", strerror(errno));
}

static void *listen_main(void *arg)
{
	struct pg_bridge *b = arg;
	PGconn *c = b->listen_conn;
	int64_t backoff = BACKOFF_MIN_MS, next_prune = 0;
	bool more = false, stop;
	uint64_t serving;
	PGnotify *n;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		stop = b->stop;
		pthread_mutex_unlock(&b->lock);
		if (stop)
			break;
		if (!c) {
			c = listen_connect(b->conninfo);
			if (c && !sequence_guard(c, b->last_id)) {
				PQfinish(c);
				c = NULL;
			}
			if (!c) {
				wait_readable(b, -1, (int)backoff);
				backoff =
					backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
				continue;
			}
			log_info("events: listening again; reading after id %llu",
				 (unsigned long long)b->last_id);
			backoff = BACKOFF_MIN_MS;
			more = true; /* read at once: rows may have come meanwhile */
		}
		if (!more)
			wait_readable(b, PQsocket(c), LISTEN_POLL_MS);
		/* The notifications only say "read": drop them. */
		if (!PQconsumeInput(c)) {
			log_warn("events: connection lost: %s", PQerrorMessage(c));
			goto reconnect;
		}
		while ((n = PQnotifies(c)) != NULL)
			PQfreemem(n);
		/* Catch-up requests made before this read are answered by it. */
		pthread_mutex_lock(&b->lock);
		serving = b->wanted;
		pthread_mutex_unlock(&b->lock);
		if (!fetch(b, c, &more))
			goto reconnect;
		pthread_mutex_lock(&b->lock);
		b->done = serving;
		pthread_cond_broadcast(&b->served);
		pthread_mutex_unlock(&b->lock);
		if (clock_mono_ms() >= next_prune) {
			/* Every node prunes; the DELETE is cheap and idempotent. */
			exec_ok(c,
				"DELETE FROM events WHERE id <= (SELECT max(id) FROM events) "
				"- " KEEP_ROWS,
				PGRES_COMMAND_OK, "pruning events");
			next_prune = clock_mono_ms() + PRUNE_EVERY_MS;
		}
		continue;
	reconnect:
		PQfinish(c);
		c = NULL;
		more = false;
	}
	PQfinish(c);
	return NULL;
}

/* The ring's catch-up hook: a reader came with an id this node has not read
 * yet (it saw it on another node). Ask the listener for a read and wait
 * until one that began after the request is done, or the ring has the id. */
static void catch_up(void *arg, uint64_t want)
{
	struct pg_bridge *b = arg;
	struct timespec ts = deadline_in(CATCH_UP_MS);
	uint64_t gen;

	pthread_mutex_lock(&b->lock);
	gen = ++b->wanted;
	pthread_mutex_unlock(&b->lock);
	kick(b);
	pthread_mutex_lock(&b->lock);
	while (!b->stop && b->done < gen && events_last_id(b->ev) < want)
		if (pthread_cond_timedwait(&b->served, &b->lock, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&b->lock);
}

/* ------------------------------------------------------------------------
 * Start and stop.
 */

/* The last `backlog` rows into the (empty) ring; its ids continue from
 * just below the first of them, so a reader at that id resumes. */
static enum rd_err load_backlog(struct pg_bridge *b, size_t backlog, struct rd_error *err)
{
	char lim[24];
	const char *vals[1] = {lim};
	PGresult *r;
	enum rd_err rc = RD_OK;

	snprintf(lim, sizeof(lim), "%zu", backlog);
	r = PQexecParams(b->listen_conn,
			 "SELECT id, type, data FROM (SELECT id, type, data FROM events"
			 " ORDER BY id DESC LIMIT $1::bigint) AS t ORDER BY id",
			 1, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = rd_fail(err, RD_ESTORE, NULL, "events: cannot read the events table: %s",
			     PQerrorMessage(b->listen_conn));
		goto out;
	}
	if (PQntuples(r) > 0) {
		const char *s = PQgetvalue(r, 0, 0);
		int64_t first;

		if (str_to_i64(s, strlen(s), 1, INT64_MAX, &first)) {
			rc = rd_fail(err, RD_ESTORE, NULL, "events: bad id %s in the events table",
				     s);
			goto out;
		}
		b->last_id = (uint64_t)first - 1;
	}
	if (!events_set_base(b->ev, b->last_id)) {
		rc = rd_fail(err, RD_EINTERNAL, NULL, "events: the ring is not empty");
		goto out;
	}
	if (!feed(b, r))
		rc = rd_fail(err, RD_ESTORE, NULL, "events: bad row in the events table");
out:
	PQclear(r);
	return rc;
}

enum rd_err pg_bridge_start(const char *conninfo, struct events *ev, size_t backlog,
			    struct pg_bridge **out, struct rd_error *err)
{
	struct pg_bridge *b = calloc(1, sizeof(*b));
	pthread_condattr_t ca;
	enum rd_err rc = RD_ENOMEM;

	*out = NULL;
	if (!b)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	b->ev = ev;
	b->wake_fd = -1;
	pthread_mutex_init(&b->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&b->queued, &ca);
	pthread_cond_init(&b->served, &ca);
	pthread_condattr_destroy(&ca);
	b->conninfo = strdup(conninfo);
	b->queue = calloc(QUEUE_MAX, sizeof(*b->queue));
	b->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!b->conninfo || !b->queue || b->wake_fd < 0) {
		rd_fail(err, RD_ENOMEM, NULL, "out of memory or descriptors");
		goto fail;
	}
	rc = RD_ESTORE;
	b->listen_conn = bridge_connect(conninfo);
	if (!b->listen_conn) {
		rd_fail(err, RD_ESTORE, NULL, "events: cannot connect to PostgreSQL (see the log)");
		goto fail;
	}
	if (!exec_ok(b->listen_conn, create_sql, PGRES_COMMAND_OK, "creating the events table") ||
	    !exec_ok(b->listen_conn, "LISTEN " CHANNEL, PGRES_COMMAND_OK, "LISTEN")) {
		rd_fail(err, RD_ESTORE, NULL,
			"events: cannot set up the events table (see the log)");
		goto fail;
	}
	rc = load_backlog(b, backlog, err);
	if (rc)
		goto fail;
	rc = RD_EINTERNAL;
	if (pthread_create(&b->listen_thread, NULL, listen_main, b) != 0) {
		rd_fail(err, rc, NULL, "events: cannot start a thread");
		goto fail;
	}
	b->listen_started = true;
	if (pthread_create(&b->pub_thread, NULL, pub_main, b) != 0) {
		rd_fail(err, rc, NULL, "events: cannot start a thread");
		goto fail;
	}
	b->pub_started = true;
	events_set_catch_up(ev, catch_up, b);
	log_info("events: shared through PostgreSQL, after id %llu",
		 (unsigned long long)b->last_id);
	*out = b;
	return RD_OK;
fail:
	pg_bridge_stop(b);
	return rc;
}

void pg_bridge_stop(struct pg_bridge *b)
{
	if (!b)
		return;
	events_set_catch_up(b->ev, NULL, NULL);
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	pthread_cond_broadcast(&b->queued);
	pthread_cond_broadcast(&b->served);
	pthread_mutex_unlock(&b->lock);
	if (b->wake_fd >= 0)
		kick(b);
	if (b->pub_started)
		pthread_join(b->pub_thread, NULL);
	if (b->listen_started)
		pthread_join(b->listen_thread, NULL);
	else
		PQfinish(b->listen_conn); /* the thread never took it over */
	for (size_t i = 0; b->queue && i < b->qlen; i++)
		pending_free(&b->queue[(b->qhead + i) % QUEUE_MAX]);
	free(b->queue);
	free(b->conninfo);
	if (b->wake_fd >= 0)
		close(b->wake_fd);
	pthread_cond_destroy(&b->queued);
	pthread_cond_destroy(&b->served);
	pthread_mutex_destroy(&b->lock);
	free(b);
}
