/*
 * store.h — persistence behind one interface.
 *
 * Callers never see the backend. They hand the store a function to run in a
 * transaction: store_read() runs it on a snapshot (a per-thread read
 * connection), store_write() queues it for the single writer, which commits
 * many callers' transactions together (group commit) and answers each caller
 * only after its data is durable on disk. Inside the function the caller uses
 * the statement API below with portable SQL ('?' placeholders, no backend
 * extensions), so a PostgreSQL backend can implement the same functions
 * without a change to any caller.
 *
 * Invariants:
 * - a write function runs inside a savepoint: when it returns an error its
 *   changes are rolled back and nothing else in the batch is affected;
 * - store_write() returns RD_OK only after the commit is durable (WAL,
 *   synchronous=FULL), so an acknowledged write survives kill -9;
 * - write functions run on the writer thread, one at a time, in queue order.
 */
#ifndef RD_STORE_H
#define RD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;
struct store_tx;
struct store_stmt;

struct store_options {
	const char *path; /* database file (SQLite), or a postgresql:// URI (libpq) */
	int batch_max;	  /* most transactions in one group commit (default 256) */
	bool read_only;	  /* open for reading only (renda verify) */
};

/*
 * Opens (creating if needed) the database and applies pending migrations.
 * On success *out owns the store (free with store_free). On failure *out is
 * NULL and err says why.
 */
enum rd_err store_open(const struct store_options *opt, struct store **out, struct rd_error *err);

/* Stops the writer after draining its queue, closes every connection. */
void store_free(struct store *s);

/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *s);

/* The PostgreSQL URI the store was opened with (for connections of one's
 * own, e.g. LISTEN/NOTIFY), or NULL for SQLite. Lives as long as s. */
const char *store_uri(const struct store *s);

/* The backend's name inside a transaction: for the few statements that must be
 * written per dialect (full-text search, store/opinions.c). */
const char *store_tx_backend(struct store_tx *tx);

/* The schema version after migrations. */
int store_schema_version(struct store *s);

typedef enum rd_err (*store_fn)(struct store_tx *tx, void *ctx, struct rd_error *err);

/*
 * Runs fn on a consistent snapshot. fn must not write. Returns fn's result,
 * or RD_ESTORE if the transaction could not be started.
 */
enum rd_err store_read(struct store *s, store_fn fn, void *ctx, struct rd_error *err);

/*
 * Runs fn in a write transaction on the writer thread and returns when the
 * transaction is durable (RD_OK) or rolled back (fn's error, or RD_ESTORE).
 * ctx and err must stay valid until the call returns (it blocks).
 */
enum rd_err store_write(struct store *s, store_fn fn, void *ctx, struct rd_error *err);

/*
 * Like store_write, without blocking: queues fn and returns RD_OK at once
 * (or an error, and then done is never called). After the commit (durable)
 * or the rollback, done(arg, rc) runs on the writer thread: it must be
 * quick and must not call the store. ctx and err must live until then.
 */
enum rd_err store_write_async(struct store *s, store_fn fn, void *ctx, struct rd_error *err,
			      void (*done)(void *arg, enum rd_err rc), void *arg);

/* Statistics of the group commit, for benchmarks and /api/health. */
struct store_stats {
	uint64_t commits;      /* group commits done */
	uint64_t transactions; /* write functions run */
};
void store_stats(struct store *s, struct store_stats *out);

/*
 * Statements. store_sql() returns a prepared statement (cached per
 * connection), reset and with bindings cleared; it belongs to the
 * transaction and needs no free. NULL on a bad statement (the error is
 * kept in the transaction and returned by store_tx_error()).
 * Parameters are numbered from 1; columns from 0.
 */
struct store_stmt *store_sql(struct store_tx *tx, const char *sql);
void store_bind_i64(struct store_stmt *st, int i, int64_t v);
void store_bind_text(struct store_stmt *st, int i, const char *s); /* NULL binds NULL */
void store_bind_textn(struct store_stmt *st, int i, const char *s, size_t n);
void store_bind_blob(struct store_stmt *st, int i, const void *p, size_t n);
void store_bind_null(struct store_stmt *st, int i);

enum store_step { STORE_ERROR = -1, STORE_DONE = 0, STORE_ROW = 1 };

/*
 * Steps the statement. On STORE_ERROR the transaction's error is set:
 * RD_ECONFLICT for a constraint violation (unique, foreign key, check),
 * RD_ESTORE otherwise.
 */
enum store_step store_step(struct store_stmt *st);

/* Runs a statement that returns no rows: RD_OK or the error as above. */
enum rd_err store_exec(struct store_stmt *st);

/* Runs a guarded write — an UPDATE "... WHERE id = ? AND state = ?" or an
 * INSERT "... ON CONFLICT DO NOTHING": RD_OK if it changed a row,
 * RD_ECONFLICT if it changed none (the row moved on, or was already there),
 * or the error as above. */
enum rd_err store_exec_changed(struct store_stmt *st);

/* Steps a statement that gives at most one row: RD_OK (the row is there to
 * read), RD_ENOTFOUND (none), or the error as above. */
enum rd_err store_one(struct store_stmt *st);

int64_t store_col_i64(struct store_stmt *st, int col);
const char *store_col_text(struct store_stmt *st, int col); /* valid until next step */
const void *store_col_blob(struct store_stmt *st, int col, size_t *n);
bool store_col_null(struct store_stmt *st, int col);
/* Copies a text column into out (size outsz, truncating); NULL gives "". */
void store_col_copy(struct store_stmt *st, int col, char *out, size_t outsz);

/* The id of the last inserted row, and rows changed by the last statement. */
int64_t store_last_id(struct store_tx *tx);
int64_t store_changes(struct store_tx *tx);

/* The first statement error of this transaction (RD_OK if none). */
enum rd_err store_tx_error(struct store_tx *tx, struct rd_error *err);

/*
 * Copies the database to path as a consistent snapshot while writers go on
 * (SQLite online backup). The file at path is replaced.
 */
enum rd_err store_backup(struct store *s, const char *path, struct rd_error *err);

/*
 * Copies the write-ahead log into the database and truncates it, so that the
 * log no longer holds the order in which recent transactions were written
 * (after a secret round closes). Waits for readers briefly; RD_ESTORE if it
 * could not complete (the next call tries again).
 */
enum rd_err store_checkpoint(struct store *s);

#endif
