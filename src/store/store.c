/*
 * store.c — the part of store.h that is the same for every database.
 *
 * All writes go through one writer thread per store that takes every queued
 * write function (up to batch_max), runs each in its own SAVEPOINT inside
 * one transaction and commits once: a storm of votes costs one durable
 * commit per batch, not per vote. A function that fails rolls back only its
 * own savepoint. A batch that the database refuses because it lost a race
 * with another node (PostgreSQL: serialization failure, deadlock) is rolled
 * back and run again whole, so callers never see that failure.
 *
 * Readers: with SQLite each thread gets a connection of its own (created on
 * first use, kept), so reads never wait for the writer or for each other;
 * with PostgreSQL, where a connection is a server process, a bounded pool.
 *
 * The backend (sqlite.c, pg.c) is chosen by store_open from the target:
 * a postgresql:// or postgres:// URI is PostgreSQL, anything else a file.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "store/backend.h"
#include "base/banned.h"

/* A batch refused for a lost race runs again at most this often. */
#define BATCH_ATTEMPTS 5

struct job {
	store_fn fn;
	void *ctx;
	struct rd_error *err;
	enum rd_err rc;
	int done;
	struct job *next;
	/* store_write_async: called after the commit; the job is on the heap. */
	void (*cb)(void *arg, enum rd_err rc);
	void *cb_arg;
	struct job *anext;
};

struct store {
	const struct store_backend_ops *ops;
	char *path; /* the database file, or the PostgreSQL URI */
	int batch_max;
	int read_only;
	int schema_version;
	struct store_conn *writer;
	pthread_t writer_thread;
	int writer_running;
	pthread_mutex_t lock; /* guards the queue, stopping, stats, readers */
	pthread_cond_t work;  /* signalled when a job is queued or on stop */
	pthread_cond_t done;  /* broadcast after each batch */
	struct job *head, *tail;
	int stopping;
	struct store_stats stats;
	pthread_key_t reader_key;   /* per-thread readers (SQLite) */
	struct store_conn *conns;   /* every reader, for closing */
	struct store_conn *idle;    /* pooled readers not in use (PostgreSQL) */
	int nreaders;		    /* pooled readers open */
	pthread_cond_t reader_free; /* a pooled reader came back */
};

static void tx_fail(struct store_tx *tx, enum rd_err code, const char *what, const char *why)
{
	if (tx->err)
		return;
	tx->err = code;
	snprintf(tx->msg, sizeof(tx->msg), "%.20s: %.170s", what, why);
}

static enum rd_err exec_simple(struct store_conn *c, const char *sql, struct rd_error *err)
{
	return c->ops->exec(c, sql, err);
}

static void conn_reset_all(struct store_conn *c)
{
	for (int i = 0; i < c->ncache; i++)
		c->ops->reset(c->cache[i], true);
}

static void conn_close(struct store_conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->ncache; i++) {
		free(c->cache[i]->sql);
		c->ops->finalize(c, c->cache[i]);
	}
	c->ncache = 0;
	c->ops->close(c);
}

struct store_stmt *store_sql(struct store_tx *tx, const char *sql)
{
	struct store_conn *c = tx->conn;
	struct store_stmt *s, *victim = NULL;
	char msg[200];
	char *copy;
	int slot;

	/* Compared by text, not by pointer: callers may build SQL in a buffer. */
	for (int i = 0; i < c->ncache; i++) {
		s = c->cache[i];
		if (strcmp(s->sql, sql) == 0) {
			c->ops->reset(s, true);
			s->tx = tx;
			s->used = c->txn;
			return s;
		}
		if (s->used != c->txn && (!victim || s->used < victim->used))
			victim = s;
	}
	if (c->ncache < STORE_STMT_CACHE) {
		slot = c->ncache;
	} else if (!victim) {
		tx_fail(tx, RD_EINTERNAL, "prepare",
			"one transaction uses more statements than the cache holds");
		return NULL;
	} else {
		for (slot = 0; c->cache[slot] != victim; slot++)
			;
	}
	copy = strdup(sql);
	if (!copy) {
		tx_fail(tx, RD_ENOMEM, "prepare", "out of memory");
		return NULL;
	}
	msg[0] = '\0';
	s = c->ops->prepare(c, sql, msg, sizeof(msg));
	if (!s) {
		free(copy);
		tx_fail(tx, RD_ESTORE, "prepare", msg);
		log_error("store: cannot prepare [%s]: %s", sql, msg);
		return NULL;
	}
	if (slot == c->ncache) {
		c->ncache++;
	} else {
		free(c->cache[slot]->sql);
		c->ops->finalize(c, c->cache[slot]);
	}
	s->ops = c->ops;
	s->sql = copy;
	s->tx = tx;
	s->used = c->txn;
	c->cache[slot] = s;
	return s;
}

void store_bind_i64(struct store_stmt *st, int i, int64_t v)
{
	if (st)
		st->ops->bind_i64(st, i, v);
}

void store_bind_text(struct store_stmt *st, int i, const char *s)
{
	if (!st)
		return;
	if (s)
		st->ops->bind_text(st, i, s, strlen(s));
	else
		st->ops->bind_null(st, i);
}

void store_bind_textn(struct store_stmt *st, int i, const char *s, size_t n)
{
	if (st)
		st->ops->bind_text(st, i, s, n);
}

void store_bind_blob(struct store_stmt *st, int i, const void *p, size_t n)
{
	if (st)
		st->ops->bind_blob(st, i, p, n);
}

void store_bind_null(struct store_stmt *st, int i)
{
	if (st)
		st->ops->bind_null(st, i);
}

enum store_step store_step(struct store_stmt *st)
{
	enum rd_err code = RD_ESTORE;
	enum store_step r;
	char msg[200];

	if (!st)
		return STORE_ERROR;
	r = st->ops->step(st, &code, msg, sizeof(msg));
	if (r == STORE_ERROR)
		tx_fail(st->tx, code, code == RD_ECONFLICT ? "constraint" : "step", msg);
	return r;
}

enum rd_err store_exec(struct store_stmt *st)
{
	enum store_step r = store_step(st);

	if (r == STORE_ERROR)
		return st ? st->tx->err : RD_ESTORE;
	st->ops->reset(st, false);
	return RD_OK;
}

enum rd_err store_exec_changed(struct store_stmt *st)
{
	enum rd_err rc = store_exec(st);

	if (rc)
		return rc;
	return st->ops->changes(st->tx->conn) ? RD_OK : RD_ECONFLICT;
}

enum rd_err store_one(struct store_stmt *st)
{
	enum store_step r = store_step(st);

	if (r == STORE_ERROR)
		return st ? st->tx->err : RD_ESTORE;
	return r == STORE_ROW ? RD_OK : RD_ENOTFOUND;
}

int64_t store_col_i64(struct store_stmt *st, int col)
{
	return st->ops->col_i64(st, col);
}

const char *store_col_text(struct store_stmt *st, int col)
{
	return st->ops->col_text(st, col);
}

const void *store_col_blob(struct store_stmt *st, int col, size_t *n)
{
	return st->ops->col_blob(st, col, n);
}

bool store_col_null(struct store_stmt *st, int col)
{
	return st->ops->col_null(st, col);
}

void store_col_copy(struct store_stmt *st, int col, char *out, size_t outsz)
{
	const char *p = store_col_text(st, col);

	str_copy(out, outsz, p ? p : "");
}

int64_t store_last_id(struct store_tx *tx)
{
	return tx->conn->ops->last_id(tx->conn);
}

int64_t store_changes(struct store_tx *tx)
{
	return tx->conn->ops->changes(tx->conn);
}

enum rd_err store_tx_error(struct store_tx *tx, struct rd_error *err)
{
	if (tx->err && err && !err->code)
		rd_fail(err, tx->err, NULL, "%s",
			tx->err == RD_ECONFLICT ? "conflicts with existing data"
						: "database error");
	return tx->err;
}

const char *store_tx_backend(struct store_tx *tx)
{
	return tx->conn->ops->name;
}

/* The result of one job: fn's own error wins; else a statement error. */
static enum rd_err job_result(struct store_tx *tx, enum rd_err rc, struct rd_error *err)
{
	if (rc) {
		if (err && !err->code)
			rd_fail(err, rc, NULL, "%s",
				rc == RD_ESTORE ? "database error" : rd_err_name(rc));
		if (rc == RD_ESTORE || tx->err == RD_ESTORE)
			log_error("store: %s", tx->msg[0] ? tx->msg : "write failed");
		return rc;
	}
	if (tx->err) {
		if (tx->err == RD_ESTORE)
			log_error("store: %s", tx->msg);
		return store_tx_error(tx, err);
	}
	return RD_OK;
}

/*
 * Runs the batch once: true if it is done (committed, or failed for good),
 * false if it lost a race and should run again (then it is rolled back and
 * the jobs' results mean nothing).
 */
static bool run_batch_once(struct store *s, struct job *batch, bool last)
{
	struct store_conn *c = s->writer;
	struct store_tx tx;
	struct job *j;
	enum rd_err rc;
	int began;

	c->retry = false;
	began = exec_simple(c, s->ops->begin_write, NULL) == RD_OK;
	for (j = batch; j; j = j->next) {
		if (!began) {
			j->rc = rd_fail(j->err, RD_ESTORE, NULL, "database is not writable");
			continue;
		}
		memset(&tx, 0, sizeof(tx));
		tx.conn = c;
		c->txn++;
		exec_simple(c, "SAVEPOINT job", NULL);
		rc = j->fn(&tx, j->ctx, j->err);
		conn_reset_all(c);
		if (c->retry && !last) {
			exec_simple(c, "ROLLBACK", NULL);
			return false;
		}
		j->rc = job_result(&tx, rc, j->err);
		if (j->rc)
			exec_simple(c, "ROLLBACK TO job", NULL);
		exec_simple(c, "RELEASE job", NULL);
	}
	if (began && exec_simple(c, "COMMIT", NULL) != RD_OK) {
		exec_simple(c, "ROLLBACK", NULL);
		if (c->retry && !last)
			return false;
		log_error("store: commit failed");
		for (j = batch; j; j = j->next)
			if (!j->rc)
				j->rc = rd_fail(j->err, RD_ESTORE, NULL, "database commit failed");
	}
	return true;
}

static void run_batch(struct store *s, struct job *batch)
{
	struct job *j, *async = NULL;
	uint64_t n = 0;

	for (int attempt = 1; !run_batch_once(s, batch, attempt == BATCH_ATTEMPTS); attempt++) {
		log_warn("store: batch lost a race with another writer; running it again");
		for (j = batch; j; j = j->next)
			rd_error_clear(j->err);
	}
	for (j = batch; j; j = j->next)
		n++;
	pthread_mutex_lock(&s->lock);
	s->stats.commits++;
	s->stats.transactions += n;
	/* A waiting caller's job lives on its stack and may vanish once done is
	 * set and the lock is released: take the async ones out first. */
	for (j = batch; j; j = j->next) {
		if (j->cb) {
			j->anext = async;
			async = j;
		} else {
			j->done = 1;
		}
	}
	pthread_cond_broadcast(&s->done);
	pthread_mutex_unlock(&s->lock);
	while (async) {
		j = async;
		async = j->anext;
		j->cb(j->cb_arg, j->rc);
		free(j);
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	struct job *batch, *last;
	int n;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->work, &s->lock);
		if (!s->head)
			break;
		batch = s->head;
		last = batch;
		for (n = 1; last->next && n < s->batch_max; n++)
			last = last->next;
		s->head = last->next;
		if (!s->head)
			s->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&s->lock);
		run_batch(s, batch);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

enum rd_err store_write_async(struct store *s, store_fn fn, void *ctx, struct rd_error *err,
			      void (*done)(void *arg, enum rd_err rc), void *arg)
{
	struct job *j;

	if (s->read_only)
		return rd_fail(err, RD_ESTORE, NULL, "the store is open read-only");
	j = calloc(1, sizeof(*j));
	if (!j)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	j->fn = fn;
	j->ctx = ctx;
	j->err = err;
	j->cb = done;
	j->cb_arg = arg;
	pthread_mutex_lock(&s->lock);
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		free(j);
		return rd_fail(err, RD_EUNAVAIL, NULL, "shutting down");
	}
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	return RD_OK;
}

enum rd_err store_write(struct store *s, store_fn fn, void *ctx, struct rd_error *err)
{
	struct job j = {.fn = fn, .ctx = ctx, .err = err};

	if (s->read_only)
		return rd_fail(err, RD_ESTORE, NULL, "the store is open read-only");
	pthread_mutex_lock(&s->lock);
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return rd_fail(err, RD_EUNAVAIL, NULL, "shutting down");
	}
	/* j lives on this stack until the writer marks it done: we wait below. */
	if (s->tail)
		s->tail->next = &j;
	else
		s->head = &j; // cppcheck-suppress autoVariables
	s->tail = &j;	      // cppcheck-suppress autoVariables
	pthread_cond_signal(&s->work);
	while (!j.done)
		pthread_cond_wait(&s->done, &s->lock);
	pthread_mutex_unlock(&s->lock);
	return j.rc;
}

/* A reader for this call: the thread's own (SQLite) or one from the pool,
 * waiting for one to come back when the pool is full (PostgreSQL). */
static struct store_conn *reader_get(struct store *s, struct rd_error *err)
{
	struct store_conn *c = NULL;
	int pooled = s->ops->reader_pool;

	if (!pooled) {
		c = pthread_getspecific(s->reader_key);
		if (c)
			return c;
	} else {
		pthread_mutex_lock(&s->lock);
		while (!s->idle && s->nreaders >= pooled)
			pthread_cond_wait(&s->reader_free, &s->lock);
		c = s->idle;
		if (c)
			s->idle = c->idle_next;
		else
			s->nreaders++; /* a place kept for the one opened below */
		pthread_mutex_unlock(&s->lock);
		if (c)
			return c;
	}
	if (s->ops->open(s->path, true, true, &c, err)) {
		if (pooled) {
			pthread_mutex_lock(&s->lock);
			s->nreaders--;
			pthread_cond_signal(&s->reader_free);
			pthread_mutex_unlock(&s->lock);
		}
		return NULL;
	}
	if (!pooled)
		pthread_setspecific(s->reader_key, c);
	pthread_mutex_lock(&s->lock);
	c->next = s->conns;
	s->conns = c;
	pthread_mutex_unlock(&s->lock);
	return c;
}

static void reader_put(struct store *s, struct store_conn *c)
{
	if (!s->ops->reader_pool)
		return;
	pthread_mutex_lock(&s->lock);
	c->idle_next = s->idle;
	s->idle = c;
	pthread_cond_signal(&s->reader_free);
	pthread_mutex_unlock(&s->lock);
}

enum rd_err store_read(struct store *s, store_fn fn, void *ctx, struct rd_error *err)
{
	struct store_conn *c = reader_get(s, err);
	struct store_tx tx;
	enum rd_err rc;

	if (!c)
		return RD_ESTORE;
	if (exec_simple(c, s->ops->begin_read, err)) {
		reader_put(s, c);
		return RD_ESTORE;
	}
	memset(&tx, 0, sizeof(tx));
	tx.conn = c;
	c->txn++;
	rc = fn(&tx, ctx, err);
	rc = job_result(&tx, rc, err);
	conn_reset_all(c);
	/* After a failed statement PostgreSQL accepts only ROLLBACK; for a
	 * read-only transaction the two are the same. */
	exec_simple(c, tx.err ? "ROLLBACK" : "COMMIT", NULL);
	reader_put(s, c);
	return rc;
}

static int latest(const struct migration *list)
{
	int v = 0;

	for (const struct migration *m = list; m->version; m++)
		v = m->version;
	return v;
}

/* The schema version recorded in the database (0 if none). */
static enum rd_err read_version(struct store_conn *c, int *out)
{
	struct store_tx tx = {.conn = c};
	struct store_stmt *st;
	enum rd_err rc;

	c->txn++;
	st = store_sql(&tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
	rc = store_one(st);
	if (!rc)
		*out = (int)store_col_i64(st, 0);
	conn_reset_all(c);
	return rc;
}

static enum rd_err record_migration(struct store_conn *c, const struct migration *m)
{
	struct store_tx tx = {.conn = c};
	struct store_stmt *st;
	enum rd_err rc;

	c->txn++;
	st = store_sql(&tx, "INSERT INTO schema_migrations (version, name, applied_at)"
			    " VALUES (?, ?, ?)");
	store_bind_i64(st, 1, m->version);
	store_bind_text(st, 2, m->name);
	store_bind_i64(st, 3, clock_now_ms());
	rc = store_exec(st);
	conn_reset_all(c);
	return rc;
}

static enum rd_err migrate_locked(struct store *s, struct rd_error *err)
{
	struct store_conn *c = s->writer;
	const struct migration *list = s->ops->migrations(), *m;
	int have = 0;

	if (exec_simple(c, s->ops->schema_table, err))
		return RD_ESTORE;
	if (read_version(c, &have))
		return rd_fail(err, RD_ESTORE, NULL, "cannot read the schema version");
	if (have > latest(list))
		return rd_fail(err, RD_ESTORE, NULL,
			       "the database has schema version %d, newer than this renda (%d)",
			       have, latest(list));
	for (m = list; m->version; m++) {
		if (m->version <= have)
			continue;
		if (exec_simple(c, s->ops->begin_write, err))
			return RD_ESTORE;
		if (exec_simple(c, m->sql, err)) {
			exec_simple(c, "ROLLBACK", NULL);
			return RD_ESTORE;
		}
		if (record_migration(c, m) || exec_simple(c, "COMMIT", err)) {
			exec_simple(c, "ROLLBACK", NULL);
			return rd_fail(err, RD_ESTORE, NULL, "migration %d failed", m->version);
		}
		log_info("store: applied migration %04d %s", m->version, m->name);
		have = m->version;
	}
	s->schema_version = have;
	return RD_OK;
}

/* Several nodes may start together on one PostgreSQL database: the
 * backend's lock lets one of them migrate while the others wait. */
static enum rd_err migrate(struct store *s, struct rd_error *err)
{
	enum rd_err rc;

	if (s->ops->migrate_lock && exec_simple(s->writer, s->ops->migrate_lock, err))
		return RD_ESTORE;
	rc = migrate_locked(s, err);
	if (s->ops->migrate_unlock)
		exec_simple(s->writer, s->ops->migrate_unlock, NULL);
	return rc;
}

static bool is_pg_uri(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
}

enum rd_err store_open(const struct store_options *opt, struct store **out, struct rd_error *err)
{
	struct store *s = calloc(1, sizeof(*s));
	enum rd_err rc;

	*out = NULL;
	if (!s)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	s->ops = is_pg_uri(opt->path) ? &store_pg_ops : &store_sqlite_ops;
	s->path = strdup(opt->path);
	s->batch_max = opt->batch_max > 0 ? opt->batch_max : 256;
	s->read_only = opt->read_only;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->done, NULL);
	pthread_cond_init(&s->reader_free, NULL);
	pthread_key_create(&s->reader_key, NULL);
	if (!s->path) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	rc = s->ops->open(s->path, s->read_only, false, &s->writer, err);
	if (rc)
		goto fail;
	if (s->read_only) {
		if (read_version(s->writer, &s->schema_version))
			s->schema_version = 0;
		*out = s;
		return RD_OK;
	}
	rc = migrate(s, err);
	if (rc)
		goto fail;
	if (pthread_create(&s->writer_thread, NULL, writer_main, s) != 0) {
		rc = rd_fail(err, RD_EINTERNAL, NULL, "cannot start the writer thread");
		goto fail;
	}
	s->writer_running = 1;
	*out = s;
	return RD_OK;
fail:
	store_free(s);
	return rc;
}

void store_free(struct store *s)
{
	struct store_conn *c, *next;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	if (s->writer_running)
		pthread_join(s->writer_thread, NULL);
	for (c = s->conns; c; c = next) {
		next = c->next;
		conn_close(c);
	}
	conn_close(s->writer);
	pthread_key_delete(s->reader_key);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->done);
	pthread_cond_destroy(&s->reader_free);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}

const char *store_backend(const struct store *s)
{
	return s->ops->name;
}

const char *store_uri(const struct store *s)
{
	return s->ops == &store_pg_ops ? s->path : NULL;
}

int store_schema_version(struct store *s)
{
	return s->schema_version;
}

void store_stats(struct store *s, struct store_stats *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	pthread_mutex_unlock(&s->lock);
}

enum rd_err store_checkpoint(struct store *s)
{
	return s->ops->checkpoint(s->path);
}

enum rd_err store_backup(struct store *s, const char *path, struct rd_error *err)
{
	return s->ops->backup(s->path, path, err);
}
