/*
 * sqlite.c — the SQLite backend of store.h.
 *
 * One database file in WAL mode with synchronous=FULL: a commit returns only
 * after the WAL is fsynced, so an acknowledged write survives a crash or a
 * power cut. All writes go through one writer thread that takes every queued
 * write function (up to batch_max), runs each in its own SAVEPOINT inside one
 * transaction and commits once: a storm of votes costs one fsync per batch,
 * not per vote. Readers each get a connection of their own per thread
 * (created on first use), so reads never wait for the writer.
 */
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "store/migrations.h"
#include "store/fts_zh.h"
#include "base/banned.h"

#define STMT_CACHE 256

struct store_stmt {
	sqlite3_stmt *st;
	struct store_tx *tx;
	uint64_t used; /* the connection's transaction number when last handed out */
};

/* Statements stay in their slot for as long as they are cached: a pointer a
 * caller holds never starts to mean another statement. A slot is reused only
 * for a statement that the running transaction has not touched. */
struct store_conn {
	sqlite3 *db;
	struct store_stmt cache[STMT_CACHE];
	int ncache;
	uint64_t txn;		 /* counts transactions on this connection */
	struct store_conn *next; /* the store's list of every connection */
};

struct store_tx {
	struct store_conn *conn;
	enum rd_err err; /* first statement error */
	char msg[200];
};

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
	char *path;
	int batch_max;
	int read_only;
	int schema_version;
	struct store_conn *writer;
	pthread_t writer_thread;
	int writer_running;
	pthread_mutex_t lock; /* guards the queue, stopping, stats, conns */
	pthread_cond_t work;  /* signalled when a job is queued or on stop */
	pthread_cond_t done;  /* broadcast after each batch */
	struct job *head, *tail;
	int stopping;
	struct store_stats stats;
	pthread_key_t reader_key;
	struct store_conn *conns; /* readers, for closing */
};

static enum rd_err conn_open(const char *path, int read_only, struct store_conn **out,
			     struct rd_error *err)
{
	struct store_conn *c = calloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_NOMUTEX |
		    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	char *msg = NULL;
	enum rd_err rc = RD_OK;
	static const char pragmas[] = "PRAGMA busy_timeout = 10000;"
				      "PRAGMA foreign_keys = ON;"
				      "PRAGMA secure_delete = ON;"
				      "PRAGMA synchronous = FULL;";

	*out = NULL;
	if (!c) {
		rd_fail(err, RD_ENOMEM, NULL, "out of memory");
		return RD_ENOMEM;
	}
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		rd_fail(err, RD_ESTORE, NULL, "cannot open %s: %s", path,
			c->db ? sqlite3_errmsg(c->db) : "out of memory");
		rc = RD_ESTORE;
		goto out;
	}
	sqlite3_extended_result_codes(c->db, 1);
	if (fts_zh_register(c->db) != SQLITE_OK) {
		rd_fail(err, RD_ESTORE, NULL, "cannot register the search tokenizer on %s", path);
		rc = RD_ESTORE;
		goto out;
	}
	if (sqlite3_exec(c->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		rd_fail(err, RD_ESTORE, NULL, "cannot configure %s: %s", path, msg ? msg : "?");
		rc = RD_ESTORE;
		goto out;
	}
out:
	sqlite3_free(msg);
	if (rc) {
		sqlite3_close(c->db);
		free(c);
		return rc;
	}
	*out = c;
	return RD_OK;
}

static void conn_close(struct store_conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->ncache; i++)
		sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->db);
	free(c);
}

static void conn_reset_all(struct store_conn *c)
{
	for (int i = 0; i < c->ncache; i++) {
		sqlite3_reset(c->cache[i].st);
		sqlite3_clear_bindings(c->cache[i].st);
	}
}

static void tx_fail(struct store_tx *tx, enum rd_err code, const char *what)
{
	if (tx->err)
		return;
	tx->err = code;
	snprintf(tx->msg, sizeof(tx->msg), "%s: %s", what, sqlite3_errmsg(tx->conn->db));
}

static enum rd_err exec_simple(struct store_conn *c, const char *sql, struct rd_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		rd_fail(err, RD_ESTORE, NULL, "%s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return RD_ESTORE;
	}
	return RD_OK;
}

struct store_stmt *store_sql(struct store_tx *tx, const char *sql)
{
	struct store_conn *c = tx->conn;
	struct store_stmt *s, *victim = NULL;
	sqlite3_stmt *st = NULL;

	/* Compared by text, not by pointer: callers may build SQL in a buffer. */
	for (int i = 0; i < c->ncache; i++) {
		s = &c->cache[i];
		if (strcmp(sqlite3_sql(s->st), sql) == 0) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			s->tx = tx;
			s->used = c->txn;
			return s;
		}
		if (s->used != c->txn && (!victim || s->used < victim->used))
			victim = s;
	}
	if (c->ncache < STMT_CACHE) {
		victim = &c->cache[c->ncache];
	} else if (!victim) {
		tx_fail(tx, RD_EINTERNAL,
			"one transaction uses more statements than the cache holds");
		return NULL;
	}
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		tx_fail(tx, RD_ESTORE, "prepare");
		log_error("store: cannot prepare [%s]: %s", sql, sqlite3_errmsg(c->db));
		return NULL;
	}
	if (victim == &c->cache[c->ncache])
		c->ncache++;
	else
		sqlite3_finalize(victim->st);
	victim->st = st;
	victim->tx = tx;
	victim->used = c->txn;
	return victim;
}

void store_bind_i64(struct store_stmt *st, int i, int64_t v)
{
	if (st)
		sqlite3_bind_int64(st->st, i, v);
}

void store_bind_text(struct store_stmt *st, int i, const char *s)
{
	if (!st)
		return;
	if (s)
		sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, i);
}

void store_bind_textn(struct store_stmt *st, int i, const char *s, size_t n)
{
	if (st)
		sqlite3_bind_text64(st->st, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void store_bind_blob(struct store_stmt *st, int i, const void *p, size_t n)
{
	if (st)
		sqlite3_bind_blob64(st->st, i, p, n, SQLITE_TRANSIENT);
}

void store_bind_null(struct store_stmt *st, int i)
{
	if (st)
		sqlite3_bind_null(st->st, i);
}

enum store_step store_step(struct store_stmt *st)
{
	int rc;

	if (!st)
		return STORE_ERROR;
	rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		tx_fail(st->tx, RD_ECONFLICT, "constraint");
	else
		tx_fail(st->tx, RD_ESTORE, "step");
	sqlite3_reset(st->st);
	return STORE_ERROR;
}

enum rd_err store_exec(struct store_stmt *st)
{
	enum store_step r = store_step(st);

	if (r == STORE_ERROR)
		return st ? st->tx->err : RD_ESTORE;
	sqlite3_reset(st->st);
	return RD_OK;
}

enum rd_err store_exec_changed(struct store_stmt *st)
{
	enum rd_err rc = store_exec(st);

	if (rc)
		return rc;
	return sqlite3_changes64(st->tx->conn->db) ? RD_OK : RD_ECONFLICT;
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
	return sqlite3_column_int64(st->st, col);
}

const char *store_col_text(struct store_stmt *st, int col)
{
	const unsigned char *p = sqlite3_column_text(st->st, col);

	return p ? (const char *)p : NULL;
}

const void *store_col_blob(struct store_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st->st, col);

	*n = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

bool store_col_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

void store_col_copy(struct store_stmt *st, int col, char *out, size_t outsz)
{
	const char *p = store_col_text(st, col);

	str_copy(out, outsz, p ? p : "");
}

int64_t store_last_id(struct store_tx *tx)
{
	return sqlite3_last_insert_rowid(tx->conn->db);
}

int64_t store_changes(struct store_tx *tx)
{
	return sqlite3_changes64(tx->conn->db);
}

enum rd_err store_tx_error(struct store_tx *tx, struct rd_error *err)
{
	if (tx->err && err && !err->code)
		rd_fail(err, tx->err, NULL, "%s",
			tx->err == RD_ECONFLICT ? "conflicts with existing data"
						: "database error");
	return tx->err;
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

static void run_batch(struct store *s, struct job *batch)
{
	struct store_conn *c = s->writer;
	struct store_tx tx;
	struct job *j, *async = NULL;
	enum rd_err rc;
	uint64_t n = 0;
	int began;

	began = exec_simple(c, "BEGIN IMMEDIATE", NULL) == RD_OK;
	for (j = batch; j; j = j->next) {
		n++;
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
		j->rc = job_result(&tx, rc, j->err);
		if (j->rc)
			exec_simple(c, "ROLLBACK TO job", NULL);
		exec_simple(c, "RELEASE job", NULL);
	}
	if (began && exec_simple(c, "COMMIT", NULL) != RD_OK) {
		log_error("store: commit failed: %s", sqlite3_errmsg(c->db));
		exec_simple(c, "ROLLBACK", NULL);
		for (j = batch; j; j = j->next)
			if (!j->rc)
				j->rc = rd_fail(j->err, RD_ESTORE, NULL, "database commit failed");
	}
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

static struct store_conn *reader_get(struct store *s, struct rd_error *err)
{
	struct store_conn *c = pthread_getspecific(s->reader_key);

	if (c)
		return c;
	if (conn_open(s->path, 1, &c, err))
		return NULL;
	/* A reader must never write, whatever the caller's SQL says. Each
	 * worker thread has one: a 1 MiB page cache each (SQLite's default is
	 * 2 MiB) keeps 32 of them from holding 64 MiB between them. */
	exec_simple(c, "PRAGMA query_only = 1; PRAGMA cache_size = -1024", NULL);
	pthread_setspecific(s->reader_key, c);
	pthread_mutex_lock(&s->lock);
	c->next = s->conns;
	s->conns = c;
	pthread_mutex_unlock(&s->lock);
	return c;
}

enum rd_err store_read(struct store *s, store_fn fn, void *ctx, struct rd_error *err)
{
	struct store_conn *c = reader_get(s, err);
	struct store_tx tx;
	enum rd_err rc;

	if (!c)
		return RD_ESTORE;
	if (exec_simple(c, "BEGIN", err))
		return RD_ESTORE;
	memset(&tx, 0, sizeof(tx));
	tx.conn = c;
	c->txn++;
	rc = fn(&tx, ctx, err);
	rc = job_result(&tx, rc, err);
	conn_reset_all(c);
	exec_simple(c, "COMMIT", NULL);
	return rc;
}

static enum rd_err migrate(struct store *s, struct rd_error *err)
{
	struct store_conn *c = s->writer;
	const struct migration *m;
	sqlite3_stmt *st = NULL;
	int have = 0;
	enum rd_err rc = RD_OK;

	if (exec_simple(c,
			"CREATE TABLE IF NOT EXISTS schema_migrations ("
			" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT "
			"NULL)",
			err))
		return RD_ESTORE;
	if (sqlite3_prepare_v2(c->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1,
			       &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = rd_fail(err, RD_ESTORE, NULL, "cannot read the schema version");
		goto out;
	}
	have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (have > migrations_latest()) {
		rc = rd_fail(err, RD_ESTORE, NULL,
			     "the database has schema version %d, newer than this renda (%d)", have,
			     migrations_latest());
		goto out;
	}
	for (m = migrations_all(); m->version; m++) {
		if (m->version <= have)
			continue;
		if (exec_simple(c, "BEGIN IMMEDIATE", err))
			return RD_ESTORE;
		if (exec_simple(c, m->sqlite, err)) {
			exec_simple(c, "ROLLBACK", NULL);
			return RD_ESTORE;
		}
		if (sqlite3_prepare_v2(c->db,
				       "INSERT INTO schema_migrations (version, name, applied_at)"
				       " VALUES (?, ?, strftime('%s','now') * 1000)",
				       -1, &st, NULL) != SQLITE_OK) {
			exec_simple(c, "ROLLBACK", NULL);
			rc = rd_fail(err, RD_ESTORE, NULL, "migration bookkeeping failed");
			goto out;
		}
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE || exec_simple(c, "COMMIT", err)) {
			exec_simple(c, "ROLLBACK", NULL);
			rc = rd_fail(err, RD_ESTORE, NULL, "migration %d failed", m->version);
			goto out;
		}
		sqlite3_finalize(st);
		st = NULL;
		log_info("store: applied migration %04d %s", m->version, m->name);
		have = m->version;
	}
	s->schema_version = have;
out:
	sqlite3_finalize(st);
	return rc;
}

enum rd_err store_open(const struct store_options *opt, struct store **out, struct rd_error *err)
{
	struct store *s = calloc(1, sizeof(*s));
	enum rd_err rc;

	*out = NULL;
	if (!s)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	s->path = strdup(opt->path);
	s->batch_max = opt->batch_max > 0 ? opt->batch_max : 256;
	s->read_only = opt->read_only;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->done, NULL);
	pthread_key_create(&s->reader_key, NULL);
	if (!s->path) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	rc = conn_open(s->path, s->read_only, &s->writer, err);
	if (rc)
		goto fail;
	if (s->read_only) {
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(s->writer->db,
				       "SELECT COALESCE(MAX(version),0) FROM schema_migrations", -1,
				       &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			s->schema_version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		*out = s;
		return RD_OK;
	}
	rc = exec_simple(s->writer, "PRAGMA journal_mode = WAL", err);
	if (rc)
		goto fail;
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
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}

const char *store_backend(const struct store *s)
{
	(void)s;
	return "sqlite";
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

/* The online backup runs on a connection of its own, in steps, so writers
 * are held up only for the moment each step takes. */
enum rd_err store_checkpoint(struct store *s)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	enum rd_err rc = RD_ESTORE;

	/* The PRAGMA (not sqlite3_wal_checkpoint_v2) on a fresh connection: it
	 * reads the schema first, which opens the WAL; the C call on a
	 * connection that has read nothing does nothing and says OK. */
	if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL) != SQLITE_OK)
		goto out;
	/* One row: busy (1 if it could not finish), frames in the log, done. */
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0)
		rc = RD_OK;
out:
	if (rc)
		log_warn("store: checkpoint did not complete: %s", db ? sqlite3_errmsg(db) : "?");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

enum rd_err store_backup(struct store *s, const char *path, struct rd_error *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	enum rd_err rc = RD_OK;
	int r;

	if (sqlite3_open_v2(s->path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
		    SQLITE_OK) {
		rc = rd_fail(err, RD_EIO, "path", "cannot open %s", path);
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		rc = rd_fail(err, RD_ESTORE, NULL, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	do {
		r = sqlite3_backup_step(b, 256);
		if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (r != SQLITE_DONE)
		rc = rd_fail(err, RD_ESTORE, NULL, "backup failed: %s", sqlite3_errmsg(dst));
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}
