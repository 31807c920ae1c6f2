/*
 * store_bench.c — what group commit buys: durable single-row writes per
 * second through store_write() with 1 and many writer threads, next to a
 * raw SQLite loop doing the same inserts one durable transaction at a time
 * (the reference), on the same disk, in the same run.
 *
 * usage: store_bench DIR [SECONDS]   (prints one markdown table row per case)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

static double secs = 3.0;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void raw_loop(const char *dir)
{
	char path[4096];
	sqlite3 *db;
	sqlite3_stmt *st;
	long n = 0;
	double t0, t;

	snprintf(path, sizeof(path), "%s/raw.db", dir);
	unlink(path);
	sqlite3_open(path, &db);
	sqlite3_exec(db,
		     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		     "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, at INTEGER NOT NULL)",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t (v, at) VALUES (?, ?)", -1, &st, NULL);
	t0 = now_s();
	do {
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		sqlite3_bind_text(st, 1, "yes", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, n);
		sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		n++;
		t = now_s() - t0;
	} while (t < secs);
	printf("| raw SQLite, one durable transaction per insert (reference) | 1 | %ld | %.0f | %ld |\n",
	       n, n / t, n);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

struct shared {
	struct store *s;
	double stop_at;
	long done;
	pthread_mutex_t lock;
};

static _Atomic long key_seq;

/* One small row, like one vote: runs on the writer thread. */
static enum rd_err insert_one(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct store_stmt *st = store_sql(tx, "INSERT INTO settings (key, value) VALUES (?, 'yes')");
	char key[32];

	(void)arg;
	(void)err;
	snprintf(key, sizeof(key), "bench:%ld", key_seq++);
	store_bind_text(st, 1, key);
	return store_exec(st);
}

static void *writer(void *arg)
{
	struct shared *sh = arg;
	long n = 0;

	while (now_s() < sh->stop_at) {
		if (store_write(sh->s, insert_one, NULL, NULL) == RD_OK)
			n++;
	}
	pthread_mutex_lock(&sh->lock);
	sh->done += n;
	pthread_mutex_unlock(&sh->lock);
	return NULL;
}

static void grouped(const char *dir, int threads)
{
	char path[4096];
	struct store_options opt = {0};
	struct shared sh = {0};
	struct store_stats stats;
	pthread_t *tids = calloc((size_t)threads, sizeof(*tids));
	double t0;

	snprintf(path, sizeof(path), "%s/store-%d.db", dir, threads);
	unlink(path);
	opt.path = path;
	if (store_open(&opt, &sh.s, NULL)) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(1);
	}
	pthread_mutex_init(&sh.lock, NULL);
	t0 = now_s();
	sh.stop_at = t0 + secs;
	for (int i = 0; i < threads; i++)
		pthread_create(&tids[i], NULL, writer, &sh);
	for (int i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	store_stats(sh.s, &stats);
	printf("| store_write() with group commit | %d | %ld | %.0f | %llu |\n", threads, sh.done,
	       sh.done / (now_s() - t0), (unsigned long long)stats.commits);
	store_free(sh.s);
	free(tids);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: store_bench DIR [SECONDS]\n");
		return 2;
	}
	if (argc > 2)
		secs = strtod(argv[2], NULL);
	printf("| case | writer threads | durable writes | writes/s | fsynced commits |\n");
	printf("|---|---|---|---|---|\n");
	raw_loop(argv[1]);
	grouped(argv[1], 1);
	grouped(argv[1], 16);
	grouped(argv[1], 256);
	return 0;
}
