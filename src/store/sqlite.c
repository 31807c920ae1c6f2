/*
 * sqlite.c — the SQLite backend of store.h (connections and statements;
 * the writer, group commit and readers are in store.c).
 *
 * One database file in WAL mode with synchronous=FULL: a commit returns only
 * after the WAL is fsynced, so an acknowledged write survives a crash or a
 * power cut. The writer's transaction is BEGIN IMMEDIATE, so that it holds
 * the write lock from its start. Readers are connections of their own per
 * thread, query_only, so a reader can never write whatever its SQL says.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "store/backend.h"
#include "store/fts_zh.h"
#include "base/banned.h"

struct sq_stmt {
	struct store_stmt base; /* first: store.c sees this */
	sqlite3_stmt *st;
};

struct sq_conn {
	struct store_conn base; /* first: store.c sees this */
	sqlite3 *db;
};

#define SQ(c) ((struct sq_conn *)(c))
#define ST(s) (((struct sq_stmt *)(s))->st)

static enum rd_err sq_exec(struct store_conn *c, const char *sql, struct rd_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(SQ(c)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		rd_fail(err, RD_ESTORE, NULL, "%s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return RD_ESTORE;
	}
	return RD_OK;
}

static enum rd_err sq_open(const char *path, bool read_only, bool reader, struct store_conn **out,
			   struct rd_error *err)
{
	struct sq_conn *c = calloc(1, sizeof(*c));
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
	c->base.ops = &store_sqlite_ops;
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
	/* A reader must never write, whatever the caller's SQL says. Each
	 * worker thread has one, and each kept its own copy of the same hot
	 * pages (3,000 logins' sessions: ~0.7 MiB per thread with 1 MiB
	 * caches). 256 KiB each: 3,000 streams need 8 MiB less, and search
	 * over a million issues is as fast (the file is in the kernel's page
	 * cache either way; docs/benchmarks.md). */
	if (reader)
		rc = sq_exec(&c->base, "PRAGMA query_only = 1; PRAGMA cache_size = -256", err);
	else if (!read_only)
		rc = sq_exec(&c->base, "PRAGMA journal_mode = WAL", err);
out:
	sqlite3_free(msg);
	if (rc) {
		sqlite3_close(c->db);
		free(c);
		return rc;
	}
	*out = &c->base;
	return RD_OK;
}

static void sq_close(struct store_conn *c)
{
	sqlite3_close(SQ(c)->db);
	free(c);
}

static struct store_stmt *sq_prepare(struct store_conn *c, const char *sql, char *msg, size_t msgsz)
{
	struct sq_stmt *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(msg, msgsz, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v3(SQ(c)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) !=
	    SQLITE_OK) {
		snprintf(msg, msgsz, "%s", sqlite3_errmsg(SQ(c)->db));
		sqlite3_finalize(s->st);
		free(s);
		return NULL;
	}
	return &s->base;
}

static void sq_finalize(struct store_conn *c, struct store_stmt *st)
{
	(void)c;
	sqlite3_finalize(ST(st));
	free(st);
}

static void sq_reset(struct store_stmt *st, bool clear)
{
	sqlite3_reset(ST(st));
	if (clear)
		sqlite3_clear_bindings(ST(st));
}

static void sq_bind_i64(struct store_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(ST(st), i, v);
}

static void sq_bind_text(struct store_stmt *st, int i, const char *s, size_t n)
{
	sqlite3_bind_text64(ST(st), i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_blob(struct store_stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(ST(st), i, p, n, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct store_stmt *st, int i)
{
	sqlite3_bind_null(ST(st), i);
}

static enum store_step sq_step(struct store_stmt *st, enum rd_err *code, char *msg, size_t msgsz)
{
	int rc = sqlite3_step(ST(st));

	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	*code = (rc & 0xff) == SQLITE_CONSTRAINT ? RD_ECONFLICT : RD_ESTORE;
	snprintf(msg, msgsz, "%s", sqlite3_errmsg(sqlite3_db_handle(ST(st))));
	sqlite3_reset(ST(st));
	return STORE_ERROR;
}

static int64_t sq_col_i64(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

static const char *sq_col_text(struct store_stmt *st, int col)
{
	const unsigned char *p = sqlite3_column_text(ST(st), col);

	return p ? (const char *)p : NULL;
}

static const void *sq_col_blob(struct store_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(st), col);

	*n = (size_t)sqlite3_column_bytes(ST(st), col);
	return p;
}

static bool sq_col_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

static int64_t sq_last_id(struct store_conn *c)
{
	return sqlite3_last_insert_rowid(SQ(c)->db);
}

static int64_t sq_changes(struct store_conn *c)
{
	return sqlite3_changes64(SQ(c)->db);
}

static enum rd_err sq_checkpoint(const char *target)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	enum rd_err rc = RD_ESTORE;

	/* The PRAGMA (not sqlite3_wal_checkpoint_v2) on a fresh connection: it
	 * reads the schema first, which opens the WAL; the C call on a
	 * connection that has read nothing does nothing and says OK. */
	if (sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
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

/* The online backup runs on a connection of its own, in steps, so writers
 * are held up only for the moment each step takes. */
static enum rd_err sq_backup(const char *target, const char *path, struct rd_error *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	enum rd_err rc = RD_OK;
	int r;

	if (sqlite3_open_v2(target, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
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

static const struct migration *sq_migrations(void)
{
	return migrations_all();
}

const struct store_backend_ops store_sqlite_ops = {
	.name = "sqlite",
	.migrations = sq_migrations,
	.schema_table = "CREATE TABLE IF NOT EXISTS schema_migrations ("
			" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			" applied_at INTEGER NOT NULL)",
	.begin_write = "BEGIN IMMEDIATE",
	.begin_read = "BEGIN",
	.reader_pool = 0,
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_i64 = sq_bind_i64,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_i64 = sq_col_i64,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_null = sq_col_null,
	.last_id = sq_last_id,
	.changes = sq_changes,
	.backup = sq_backup,
	.checkpoint = sq_checkpoint,
};
