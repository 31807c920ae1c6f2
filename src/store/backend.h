/*
 * backend.h — what a database backend gives store.c (internal to src/store).
 *
 * store.c owns everything that is the same for every database: the job
 * queue, the writer thread with its group commit (one transaction, a
 * SAVEPOINT per job), the readers, the statement cache, the migrations
 * runner. A backend (sqlite.c, pg.c) owns only connections and statements,
 * behind struct store_backend_ops. Its connection and statement structs
 * start with struct store_conn and struct store_stmt below, so store.c
 * reaches the ops through the object it already holds (no global state).
 */
#ifndef RD_STORE_BACKEND_H
#define RD_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/migrations.h"
#include "store/store.h"

#define STORE_STMT_CACHE 256

/* The first member of every backend's statement. */
struct store_stmt {
	const struct store_backend_ops *ops;
	struct store_tx *tx;
	uint64_t used; /* the connection's transaction number when last handed out */
	char *sql;     /* the text it was prepared from (the cache's key), owned */
};

/* The first member of every backend's connection. Statements stay in
 * their slot for as long as they are cached: a pointer a caller holds
 * never starts to mean another statement. A slot is reused only for a
 * statement that the running transaction has not touched. */
struct store_conn {
	const struct store_backend_ops *ops;
	struct store_stmt *cache[STORE_STMT_CACHE];
	int ncache;
	uint64_t txn;		      /* counts transactions on this connection */
	bool retry;		      /* the last error may succeed if the batch runs again */
	struct store_conn *next;      /* the store's list of every reader */
	struct store_conn *idle_next; /* pooled readers: the store's list of idle ones */
};

struct store_tx {
	struct store_conn *conn;
	enum rd_err err; /* first statement error */
	char msg[200];
};

struct store_backend_ops {
	const char *name; /* store_backend() */
	/* The migrations in this backend's dialect, the bookkeeping table. */
	const struct migration *(*migrations)(void);
	const char *schema_table;
	/* Run before the migrations and after them (a lock between nodes), or NULL. */
	const char *migrate_lock, *migrate_unlock;
	const char *begin_write; /* the group commit's transaction */
	const char *begin_read;	 /* a snapshot for store_read */
	/* Readers: 0 = one connection per thread (kept for the thread's life);
	 * n = a pool of at most n connections shared by every thread. */
	int reader_pool;

	/* Opens a connection to target (a path, a URI). reader: it will only
	 * read. On failure *out is NULL and err says why. */
	enum rd_err (*open)(const char *target, bool read_only, bool reader,
			    struct store_conn **out, struct rd_error *err);
	void (*close)(struct store_conn *c); /* finalizes the cached statements too */
	/* Runs one or more statements without parameters or results. */
	enum rd_err (*exec)(struct store_conn *c, const char *sql, struct rd_error *err);
	/* A new statement (ops, sql, tx and used are filled by store.c), or
	 * NULL with the reason in msg. */
	struct store_stmt *(*prepare)(struct store_conn *c, const char *sql, char *msg,
				      size_t msgsz);
	void (*finalize)(struct store_conn *c, struct store_stmt *st);
	/* Back to before the first step; clear also forgets the bindings. */
	void (*reset)(struct store_stmt *st, bool clear);
	void (*bind_i64)(struct store_stmt *st, int i, int64_t v);
	void (*bind_text)(struct store_stmt *st, int i, const char *s, size_t n);
	void (*bind_blob)(struct store_stmt *st, int i, const void *p, size_t n);
	void (*bind_null)(struct store_stmt *st, int i);
	/* STORE_ROW, STORE_DONE, or STORE_ERROR with *code (RD_ECONFLICT for an
	 * integrity constraint, else RD_ESTORE) and the reason in msg. */
	enum store_step (*step)(struct store_stmt *st, enum rd_err *code, char *msg, size_t msgsz);
	int64_t (*col_i64)(struct store_stmt *st, int col);
	const char *(*col_text)(struct store_stmt *st, int col);
	const void *(*col_blob)(struct store_stmt *st, int col, size_t *n);
	bool (*col_null)(struct store_stmt *st, int col);
	int64_t (*last_id)(struct store_conn *c);
	int64_t (*changes)(struct store_conn *c);
	enum rd_err (*backup)(const char *target, const char *path, struct rd_error *err);
	enum rd_err (*checkpoint)(const char *target);
};

extern const struct store_backend_ops store_sqlite_ops;
extern const struct store_backend_ops store_pg_ops;

#endif
