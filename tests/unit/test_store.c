/* test_store.c — the SQLite store: migrations, group commit, rollback of
 * one job, conflicts, read-only readers, reopen and backup. Each test works
 * in a fresh temporary directory removed at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"
#include "base/banned.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
};

static enum rd_err open_store(struct fixture *f, bool read_only, struct store **out)
{
	struct store_options opt = {.path = f->path, .read_only = read_only};
	struct rd_error err = {0};

	return store_open(&opt, out, &err);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/renda-test-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/renda.db", f->dir);
	if (open_store(f, false, &f->s))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct dirent *e;
	char p[400];
	DIR *d;

	store_free(f->s);
	d = opendir(f->dir);
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

static enum rd_err create_table(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)ctx;
	(void)err;
	return store_exec(store_sql(tx, "CREATE TABLE t (id INTEGER PRIMARY KEY,"
					" k TEXT NOT NULL UNIQUE, v INTEGER NOT NULL)"));
}

struct row {
	const char *k;
	int64_t v;
	enum rd_err fail_with; /* the write function returns this after inserting */
	int64_t id;
};

static enum rd_err insert_row(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct row *r = ctx;
	struct store_stmt *st = store_sql(tx, "INSERT INTO t (k, v) VALUES (?, ?)");
	enum rd_err rc;

	(void)err;
	store_bind_text(st, 1, r->k);
	store_bind_i64(st, 2, r->v);
	rc = store_exec(st);
	if (rc)
		return rc;
	r->id = store_last_id(tx);
	if (store_changes(tx) != 1)
		return RD_EINTERNAL;
	return r->fail_with;
}

static enum rd_err write_row(struct store *s, const char *k, int64_t v, enum rd_err fail_with)
{
	struct row r = {k, v, fail_with, 0};
	struct rd_error err = {0};
	enum rd_err rc = store_write(s, insert_row, &r, &err);

	if (rc)
		assert_int_equal(err.code, rc);
	return rc;
}

struct lookup {
	const char *k;
	int64_t v;    /* out: the value, or -1 if absent */
	int64_t rows; /* out: rows in the table */
};

static enum rd_err lookup_row(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct lookup *l = ctx;
	struct store_stmt *st;

	(void)err;
	l->v = -1;
	st = store_sql(tx, "SELECT v FROM t WHERE k = ?");
	store_bind_text(st, 1, l->k);
	if (store_step(st) == STORE_ROW)
		l->v = store_col_i64(st, 0);
	st = store_sql(tx, "SELECT COUNT(*) FROM t");
	if (store_step(st) != STORE_ROW)
		return store_tx_error(tx, err);
	l->rows = store_col_i64(st, 0);
	return RD_OK;
}

/* The value stored under k (-1 if none); *rows gets the table's size. */
static int64_t read_row(struct store *s, const char *k, int64_t *rows)
{
	struct lookup l = {k, 0, 0};
	struct rd_error err = {0};

	assert_int_equal(store_read(s, lookup_row, &l, &err), RD_OK);
	if (rows)
		*rows = l.rows;
	return l.v;
}

static void make_table(struct store *s)
{
	struct rd_error err = {0};

	assert_int_equal(store_write(s, create_table, NULL, &err), RD_OK);
}

static void test_open_applies_migrations(void **state)
{
	struct fixture *f = *state;

	assert_true(migrations_latest() >= 1);
	assert_int_equal(store_schema_version(f->s), migrations_latest());
	assert_string_equal(store_backend(f->s), "sqlite");
	/* Opening again applies nothing new and keeps the version. */
	store_free(f->s);
	assert_int_equal(open_store(f, false, &f->s), RD_OK);
	assert_int_equal(store_schema_version(f->s), migrations_latest());
}

static void test_open_bad_path(void **state)
{
	struct store_options opt = {.path = "/nonexistent-dir-renda/x/renda.db"};
	struct rd_error err = {0};
	struct store *s = (struct store *)&err;

	(void)state;
	assert_int_not_equal(store_open(&opt, &s, &err), RD_OK);
	assert_null(s);
	assert_int_not_equal(err.code, RD_OK);
	assert_true(err.message[0] != '\0');
}

static void test_write_then_read(void **state)
{
	struct fixture *f = *state;
	int64_t rows = 0;

	make_table(f->s);
	assert_int_equal(write_row(f->s, "人大", 42, RD_OK), RD_OK);
	assert_int_equal(read_row(f->s, "人大", &rows), 42);
	assert_int_equal(rows, 1);
	assert_int_equal(read_row(f->s, "nobody", NULL), -1);
}

static void test_failing_write_rolls_back(void **state)
{
	struct fixture *f = *state;
	int64_t rows = 0;

	make_table(f->s);
	assert_int_equal(write_row(f->s, "kept", 1, RD_OK), RD_OK);
	assert_int_equal(write_row(f->s, "undone", 2, RD_EINVAL), RD_EINVAL);
	assert_int_equal(write_row(f->s, "also kept", 3, RD_OK), RD_OK);
	assert_int_equal(read_row(f->s, "undone", &rows), -1);
	assert_int_equal(rows, 2);
	/* The rolled-back key is free again. */
	assert_int_equal(write_row(f->s, "undone", 4, RD_OK), RD_OK);
	assert_int_equal(read_row(f->s, "undone", NULL), 4);
}

static void test_conflict(void **state)
{
	struct fixture *f = *state;
	int64_t rows = 0;

	make_table(f->s);
	assert_int_equal(write_row(f->s, "dup", 1, RD_OK), RD_OK);
	assert_int_equal(write_row(f->s, "dup", 2, RD_OK), RD_ECONFLICT);
	assert_int_equal(read_row(f->s, "dup", &rows), 1);
	assert_int_equal(rows, 1);
	/* The store goes on after a conflict. */
	assert_int_equal(write_row(f->s, "next", 3, RD_OK), RD_OK);
}

/* Ignores a statement error and returns OK: the store still rolls back. */
static enum rd_err ignore_error(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct store_stmt *st;

	(void)ctx;
	(void)err;
	st = store_sql(tx, "INSERT INTO t (k, v) VALUES ('first', 1)");
	store_exec(st);
	st = store_sql(tx, "INSERT INTO t (k, v) VALUES ('first', 2)");
	store_exec(st);
	return RD_OK;
}

static void test_ignored_statement_error_still_fails(void **state)
{
	struct fixture *f = *state;
	struct rd_error err = {0};
	int64_t rows = 5;

	make_table(f->s);
	assert_int_equal(store_write(f->s, ignore_error, NULL, &err), RD_ECONFLICT);
	assert_int_equal(err.code, RD_ECONFLICT);
	assert_int_equal(read_row(f->s, "first", &rows), -1);
	assert_int_equal(rows, 0);
}

static enum rd_err bad_sql(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)ctx;
	(void)err;
	return store_exec(store_sql(tx, "SELEKT nonsense"));
}

static void test_bad_sql_is_store_error(void **state)
{
	struct fixture *f = *state;
	struct rd_error err = {0};

	assert_int_equal(store_write(f->s, bad_sql, NULL, &err), RD_ESTORE);
	assert_int_equal(err.code, RD_ESTORE);
	rd_error_clear(&err);
	assert_int_equal(store_read(f->s, bad_sql, NULL, &err), RD_ESTORE);
}

static enum rd_err write_in_read(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)ctx;
	(void)err;
	return store_exec(store_sql(tx, "INSERT INTO t (k, v) VALUES ('sneaky', 1)"));
}

static void test_reader_cannot_write(void **state)
{
	struct fixture *f = *state;
	struct rd_error err = {0};
	int64_t rows = 5;

	make_table(f->s);
	assert_int_not_equal(store_read(f->s, write_in_read, NULL, &err), RD_OK);
	assert_int_equal(read_row(f->s, "sneaky", &rows), -1);
	assert_int_equal(rows, 0);
}

static void test_read_only_store(void **state)
{
	struct fixture *f = *state;
	struct store *ro = NULL;
	struct rd_error err = {0};
	struct row r = {"ro", 1, RD_OK, 0};

	make_table(f->s);
	assert_int_equal(write_row(f->s, "before", 7, RD_OK), RD_OK);
	assert_int_equal(open_store(f, true, &ro), RD_OK);
	assert_int_equal(store_schema_version(ro), migrations_latest());
	assert_int_equal(read_row(ro, "before", NULL), 7);
	assert_int_not_equal(store_write(ro, insert_row, &r, &err), RD_OK);
	assert_int_equal(read_row(f->s, "ro", NULL), -1);
	store_free(ro);
}

static void test_reopen_keeps_data(void **state)
{
	struct fixture *f = *state;
	int64_t rows = 0;

	make_table(f->s);
	for (int i = 0; i < 20; i++) {
		char k[16];

		snprintf(k, sizeof(k), "k%d", i);
		assert_int_equal(write_row(f->s, k, i, RD_OK), RD_OK);
	}
	store_free(f->s);
	f->s = NULL;
	assert_int_equal(open_store(f, false, &f->s), RD_OK);
	assert_int_equal(read_row(f->s, "k13", &rows), 13);
	assert_int_equal(rows, 20);
}

static void test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct store_options opt = {.path = f->path};
	struct rd_error err = {0};
	struct store *s = NULL;
	sqlite3 *db = NULL;
	char sql[200];

	store_free(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, 'future', "
		 "0)",
		 migrations_latest() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&opt, &s, &err), RD_ESTORE);
	assert_null(s);
	assert_non_null(strstr(err.message, "newer"));
	assert_int_equal(open_store(f, false, &f->s), RD_ESTORE);
	f->s = NULL;
	/* Put the store back so that teardown has something to free. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM schema_migrations WHERE name = 'future'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(open_store(f, false, &f->s), RD_OK);
}

static void test_backup(void **state)
{
	struct fixture *f = *state;
	struct fixture copy;
	struct rd_error err = {0};
	struct store *b = NULL;
	int64_t rows = 0;

	make_table(f->s);
	for (int i = 0; i < 50; i++) {
		char k[16];

		snprintf(k, sizeof(k), "k%d", i);
		assert_int_equal(write_row(f->s, k, i * 10, RD_OK), RD_OK);
	}
	copy = *f;
	snprintf(copy.path, sizeof(copy.path), "%s/backup.db", f->dir);
	assert_int_equal(store_backup(f->s, copy.path, &err), RD_OK);
	assert_int_equal(open_store(&copy, true, &b), RD_OK);
	assert_int_equal(store_schema_version(b), migrations_latest());
	assert_int_equal(read_row(b, "k49", &rows), 490);
	assert_int_equal(rows, 50);
	store_free(b);
	/* A backup to a place that cannot be written fails cleanly. */
	assert_int_not_equal(store_backup(f->s, "/nonexistent-dir-renda/b.db", &err), RD_OK);
}

/* Concurrent writers: each thread writes rows; every fifth write fails. */
#define THREADS	   16
#define PER_THREAD 25

struct worker {
	struct store *s;
	int n;
	int ok, failed;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	char k[32];

	for (int i = 0; i < PER_THREAD; i++) {
		enum rd_err want = i % 5 == 0 ? RD_EINVAL : RD_OK;

		snprintf(k, sizeof(k), "w%d-%d", w->n, i);
		if (write_row(w->s, k, w->n * 1000 + i, want) == want)
			want == RD_OK ? w->ok++ : w->failed++;
	}
	return NULL;
}

struct count_ctx {
	int64_t rows;
};

static enum rd_err count_rows(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct count_ctx *c = ctx;
	struct store_stmt *st = store_sql(tx, "SELECT COUNT(*) FROM t");

	if (store_step(st) != STORE_ROW)
		return store_tx_error(tx, err);
	c->rows = store_col_i64(st, 0);
	return RD_OK;
}

static void test_concurrent_writers(void **state)
{
	struct fixture *f = *state;
	pthread_t th[THREADS];
	struct worker w[THREADS];
	struct store_stats before, after;
	struct count_ctx c = {0};
	struct rd_error err = {0};
	char k[32];

	make_table(f->s);
	store_stats(f->s, &before);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.s = f->s, .n = i};
		assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	store_stats(f->s, &after);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].ok, PER_THREAD - PER_THREAD / 5);
		assert_int_equal(w[i].failed, PER_THREAD / 5);
	}
	assert_int_equal(after.transactions - before.transactions, THREADS * PER_THREAD);
	assert_true(after.commits - before.commits <= after.transactions - before.transactions);
	/* Every acknowledged row is there with its value; no failed one is. */
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < PER_THREAD; i++) {
			snprintf(k, sizeof(k), "w%d-%d", t, i);
			assert_int_equal(read_row(f->s, k, NULL), i % 5 == 0 ? -1 : t * 1000 + i);
		}
	assert_int_equal(store_read(f->s, count_rows, &c, &err), RD_OK);
	assert_int_equal(c.rows, THREADS * (PER_THREAD - PER_THREAD / 5));
}

/* Group commit: while the writer is held inside one job, the others queue
 * up and are then committed together, fewer commits than transactions. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int queued; /* threads about to call store_write */
};

static struct gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static enum rd_err hold_writer(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct timespec ts = {0, 100 * 1000 * 1000};

	pthread_mutex_lock(&gate.lock);
	while (gate.queued < THREADS)
		pthread_cond_wait(&gate.cond, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
	/* Give the other threads time to enqueue behind this job. */
	nanosleep(&ts, NULL);
	return insert_row(tx, ctx, err);
}

static void *batch_main(void *arg)
{
	struct worker *w = arg;
	char k[32];

	snprintf(k, sizeof(k), "b%d", w->n);
	pthread_mutex_lock(&gate.lock);
	gate.queued++;
	pthread_cond_broadcast(&gate.cond);
	pthread_mutex_unlock(&gate.lock);
	w->ok = write_row(w->s, k, w->n, RD_OK) == RD_OK;
	return NULL;
}

static void *holder_main(void *arg)
{
	struct worker *w = arg;
	struct row r = {"holder", -5, RD_OK, 0};
	struct rd_error err = {0};

	w->ok = store_write(w->s, hold_writer, &r, &err) == RD_OK;
	return NULL;
}

static void test_group_commit_batches(void **state)
{
	struct fixture *f = *state;
	pthread_t holder, th[THREADS];
	struct worker hw, w[THREADS];
	struct store_stats before, after;
	int64_t rows = 0;

	make_table(f->s);
	gate.queued = 0;
	store_stats(f->s, &before);
	hw = (struct worker){.s = f->s, .n = -1};
	assert_int_equal(pthread_create(&holder, NULL, holder_main, &hw), 0);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.s = f->s, .n = i};
		assert_int_equal(pthread_create(&th[i], NULL, batch_main, &w[i]), 0);
	}
	pthread_join(holder, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	store_stats(f->s, &after);
	assert_true(hw.ok);
	for (int i = 0; i < THREADS; i++)
		assert_true(w[i].ok);
	assert_int_equal(after.transactions - before.transactions, THREADS + 1);
	assert_true(after.commits - before.commits < after.transactions - before.transactions);
	assert_int_equal(read_row(f->s, "holder", &rows), -5);
	assert_int_equal(rows, THREADS + 1);
}

/* Regression: the cache once matched by pointer, so SQL rebuilt in one
 * buffer returned the previous statement. */
static enum rd_err same_buffer(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	char sql[32];
	struct store_stmt *st;
	int64_t *got = ctx;

	(void)err;
	for (int i = 0; i < 2; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i + 1);
		st = store_sql(tx, sql);
		if (store_step(st) != STORE_ROW)
			return RD_EINTERNAL;
		got[i] = store_col_i64(st, 0);
	}
	return RD_OK;
}

static void test_cache_compares_text(void **state)
{
	struct fixture *f = *state;
	int64_t got[2] = {0};

	assert_int_equal(store_read(f->s, same_buffer, got, NULL), RD_OK);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 2);
}

/* Regression: evicting from a full cache moved statements that callers
 * still held. Fill the cache in earlier transactions, then hold two
 * statements at once in a new one. */
static enum rd_err many_statements(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	char sql[48];
	int *base = ctx;

	(void)err;
	for (int i = 0; i < 100; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d AS n", *base + i);
		if (!store_sql(tx, sql))
			return RD_EINTERNAL;
	}
	return RD_OK;
}

static enum rd_err hold_two(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct store_stmt *a = store_sql(tx, "SELECT 'a'");
	struct store_stmt *b = store_sql(tx, "SELECT 'b'");
	char *out = ctx;

	(void)err;
	if (store_step(a) != STORE_ROW || store_step(b) != STORE_ROW)
		return RD_EINTERNAL;
	out[0] = store_col_text(a, 0)[0];
	out[1] = store_col_text(b, 0)[0];
	return RD_OK;
}

static void test_cache_eviction_keeps_held_statements(void **state)
{
	struct fixture *f = *state;
	char out[2] = {0};

	for (int base = 0; base < 400; base += 100)
		assert_int_equal(store_read(f->s, many_statements, &base, NULL), RD_OK);
	assert_int_equal(store_read(f->s, hold_two, out, NULL), RD_OK);
	assert_int_equal(out[0], 'a');
	assert_int_equal(out[1], 'b');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_applies_migrations, setup, teardown),
		cmocka_unit_test(test_open_bad_path),
		cmocka_unit_test_setup_teardown(test_write_then_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_write_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignored_statement_error_still_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_sql_is_store_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_cannot_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_keeps_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_commit_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_compares_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_eviction_keeps_held_statements, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
