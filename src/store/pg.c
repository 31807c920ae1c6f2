/*
 * pg.c — the PostgreSQL backend of store.h (libpq), chosen by store_open
 * when the target is a postgresql:// or postgres:// URI.
 *
 * The same group commit as SQLite (store.c): one writer connection per node
 * runs every queued write in a SAVEPOINT of one READ COMMITTED transaction
 * and commits once; synchronous_commit stays on (the server's default), so
 * COMMIT returns after the WAL is flushed and an acknowledged write survives
 * a crash of either renda or the database server. Several nodes each have
 * their own writer, and take turns per batch under one advisory lock (see
 * begin_write below), so that every job still runs as if it were the only
 * writer, as with SQLite; the schema (primary keys, guarded updates) keeps
 * one vote per delegate besides. A batch that loses a race anyway
 * (40001, 40P01) is run again by store.c.
 *
 * Statements: the portable SQL of the domain files uses '?' placeholders;
 * they become $1..$n (outside string literals, quoted names and comments)
 * and the statement is prepared once per connection under a generated name
 * (PQprepare), cached by store.c like SQLite's. Parameters go as text with
 * no declared type, so the server infers each from where it stands; blobs
 * go as binary (bytea). Results come back as text: integers are parsed,
 * booleans ('t'/'f') read as 1/0, bytea is decoded by store_col_blob.
 *
 * Readers share a pool of connections (store.c), each transaction a
 * REPEATABLE READ READ ONLY snapshot, each connection read-only by default.
 * A connection that broke (server restart, failover) is connected again at
 * the BEGIN that finds it broken, never within a transaction: a COMMIT on a
 * fresh connection would "succeed" with nothing in it.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "base/log.h"
#include "store/backend.h"
#include "base/banned.h"

#define PG_BOOL_OID  16
#define PG_BYTEA_OID 17
/* Readers at most per node: with 32 worker threads and several nodes on one
 * server, one connection per thread would use up max_connections. */
#define PG_READERS 8

struct pg_conn {
	struct store_conn base; /* first: store.c sees this */
	PGconn *db;
	unsigned names;	 /* the last statement name handed out */
	unsigned gen;	 /* counts resets: statements of an older one are gone */
	int64_t changes; /* rows changed by the last INSERT, UPDATE or DELETE */
};

struct pg_stmt {
	struct store_stmt base; /* first: store.c sees this */
	char name[16];
	char *text;   /* the SQL with $n, for preparing again after a reset */
	unsigned gen; /* the connection's gen when prepared */
	int nparams;
	char **values; /* owned copies, NULL for SQL NULL */
	int *lengths;
	int *formats; /* 0 text, 1 binary (blobs) */
	PGresult *res;
	int row, nrows;
	bool executed;
	unsigned char *blob; /* the last decoded bytea, until the next call */
};

#define PG(c) ((struct pg_conn *)(c))
#define PS(s) ((struct pg_stmt *)(s))

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	log_debug("postgresql: %s", msg);
}

/* The SQLSTATE of a failed result: class 23 (integrity constraint) is a
 * conflict with existing data; 40001 and 40P01 mean the batch lost a race
 * and may succeed when run again. */
static enum rd_err map_error(struct pg_conn *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (!state)
		return RD_ESTORE;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		c->base.retry = true;
	return strncmp(state, "23", 2) == 0 ? RD_ECONFLICT : RD_ESTORE;
}

/* One line of a server message (libpq's end with a newline). */
static void copy_msg(char *out, size_t outsz, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	snprintf(out, outsz, "%.*s", (int)n, msg);
}

static enum rd_err pg_exec(struct store_conn *conn, const char *sql, struct rd_error *err)
{
	struct pg_conn *c = PG(conn);
	PGresult *res;
	ExecStatusType st;
	enum rd_err rc = RD_OK;
	char msg[200];

	bool begin = strncmp(sql, "BEGIN", 5) == 0;

	res = PQexec(c->db, sql);
	st = PQresultStatus(res);
	/* A connection the server ended (restart, failover) is found broken by
	 * the command that tries it. At a BEGIN nothing is lost: connect again
	 * and begin there, so the caller does not pay for it. */
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && begin &&
	    PQstatus(c->db) == CONNECTION_BAD) {
		log_warn("store: the PostgreSQL connection broke; connecting again");
		PQclear(res);
		PQreset(c->db);
		c->gen++;
		res = PQexec(c->db, sql);
		st = PQresultStatus(res);
	}
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = map_error(c, res) == RD_ECONFLICT ? RD_ECONFLICT : RD_ESTORE;
		copy_msg(msg, sizeof(msg), res ? PQresultErrorMessage(res) : PQerrorMessage(c->db));
		rd_fail(err, rc, NULL, "%.60s: %s", sql, msg);
		log_debug("store: [%.60s] failed: %s", sql, msg);
	}
	PQclear(res);
	return rc;
}

static enum rd_err pg_open(const char *uri, bool read_only, bool reader, struct store_conn **out,
			   struct rd_error *err)
{
	struct pg_conn *c = calloc(1, sizeof(*c));
	enum rd_err rc = RD_OK;
	char msg[200];

	*out = NULL;
	if (!c)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	c->base.ops = &store_pg_ops;
	c->db = PQconnectdb(uri);
	if (!c->db || PQstatus(c->db) != CONNECTION_OK) {
		/* Not the URI: it may hold a password. */
		copy_msg(msg, sizeof(msg), c->db ? PQerrorMessage(c->db) : "out of memory");
		rc = rd_fail(err, RD_ESTORE, NULL, "cannot connect to PostgreSQL: %s", msg);
		goto out;
	}
	PQsetNoticeProcessor(c->db, quiet, NULL);
	if (PQsetClientEncoding(c->db, "UTF8") != 0) {
		rc = rd_fail(err, RD_ESTORE, NULL, "PostgreSQL: cannot use UTF8");
		goto out;
	}
	/* synchronous_commit is named so that a server configured otherwise
	 * cannot silently make acknowledged votes losable. */
	rc = pg_exec(&c->base, "SET synchronous_commit = on", err);
	if (!rc && (reader || read_only))
		rc = pg_exec(&c->base, "SET default_transaction_read_only = on", err);
out:
	if (rc) {
		PQfinish(c->db);
		free(c);
		return rc;
	}
	*out = &c->base;
	return RD_OK;
}

static void pg_close(struct store_conn *c)
{
	PQfinish(PG(c)->db);
	free(c);
}

/*
 * Writes sql with each '?' outside literals, quoted names and comments
 * replaced by $1, $2 ... (SQLite's ?NNN by $NNN) into a new string (*n the
 * highest number); NULL if out of memory. Domain SQL has no '?' operators
 * (jsonb) to confuse this.
 */
static char *translate(const char *sql, int *n)
{
	size_t len = strlen(sql), k = 0;
	char *out = malloc(len * 4 + 1); /* "?" becomes at most "$999" */
	int count = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char ch = sql[i];

		if (ch == '\'' || ch == '"') {
			/* A literal or name to its end ('' and "" stay inside). */
			size_t j = i + 1;

			while (j < len && !(sql[j] == ch && sql[j + 1] != ch))
				j += sql[j] == ch ? 2 : 1;
			j = j < len ? j + 1 : len;
			memcpy(out + k, sql + i, j - i);
			k += j - i;
			i = j - 1;
		} else if (ch == '-' && sql[i + 1] == '-') {
			size_t j = i + strcspn(sql + i, "\n");

			memcpy(out + k, sql + i, j - i);
			k += j - i;
			i = j - 1;
		} else if (ch == '/' && sql[i + 1] == '*') {
			const char *end = strstr(sql + i + 2, "*/");
			size_t j = end ? (size_t)(end - sql) + 2 : len;

			memcpy(out + k, sql + i, j - i);
			k += j - i;
			i = j - 1;
		} else if (ch == '?' && sql[i + 1] >= '1' && sql[i + 1] <= '9') {
			/* SQLite's ?NNN: the same number, reused where it is repeated. */
			int v = 0;

			while (sql[i + 1] >= '0' && sql[i + 1] <= '9' && v < 100)
				v = v * 10 + (sql[++i] - '0');
			k += (size_t)snprintf(out + k, 5, "$%d", v);
			count = v > count ? v : count;
		} else if (ch == '?' && count < 999) {
			k += (size_t)snprintf(out + k, 5, "$%d", ++count);
		} else {
			out[k++] = ch;
		}
	}
	out[k] = '\0';
	*n = count;
	return out;
}

static bool do_prepare(struct pg_conn *c, struct pg_stmt *s, char *msg, size_t msgsz)
{
	PGresult *res = PQprepare(c->db, s->name, s->text, 0, NULL);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	if (!ok) {
		map_error(c, res);
		copy_msg(msg, msgsz, res ? PQresultErrorMessage(res) : PQerrorMessage(c->db));
	}
	PQclear(res);
	s->gen = c->gen;
	return ok;
}

static void stmt_free(struct pg_stmt *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nparams; i++)
		free(s->values[i]);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	PQclear(s->res);
	PQfreemem(s->blob);
	free(s->text);
	free(s);
}

static struct store_stmt *pg_prepare(struct store_conn *conn, const char *sql, char *msg,
				     size_t msgsz)
{
	struct pg_conn *c = PG(conn);
	struct pg_stmt *s = calloc(1, sizeof(*s));
	size_t n;

	if (!s)
		goto nomem;
	s->text = translate(sql, &s->nparams);
	if (!s->text)
		goto nomem;
	n = s->nparams ? (size_t)s->nparams : 1;
	s->values = calloc(n, sizeof(*s->values));
	s->lengths = calloc(n, sizeof(*s->lengths));
	s->formats = calloc(n, sizeof(*s->formats));
	if (!s->values || !s->lengths || !s->formats)
		goto nomem;
	snprintf(s->name, sizeof(s->name), "rd%u", ++c->names);
	if (!do_prepare(c, s, msg, msgsz)) {
		stmt_free(s);
		return NULL;
	}
	return &s->base;
nomem:
	snprintf(msg, msgsz, "out of memory");
	stmt_free(s);
	return NULL;
}

static void pg_finalize(struct store_conn *conn, struct store_stmt *st)
{
	struct pg_conn *c = PG(conn);
	char sql[40];

	/* Inside an aborted transaction this fails and the server keeps the
	 * statement until the connection ends: harmless, the name is not
	 * used again. */
	if (PS(st)->gen == c->gen && PQstatus(c->db) == CONNECTION_OK) {
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", PS(st)->name);
		PQclear(PQexec(c->db, sql));
	}
	stmt_free(PS(st));
}

static void pg_reset(struct store_stmt *st, bool clear)
{
	struct pg_stmt *s = PS(st);

	PQclear(s->res);
	s->res = NULL;
	s->executed = false;
	s->row = s->nrows = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	if (!clear)
		return;
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
		s->lengths[i] = 0;
		s->formats[i] = 0;
	}
}

/* Keeps a copy of n bytes (and a NUL) as parameter i; out of range is
 * ignored, as SQLite does (the statement then fails on the missing value). */
static void set_param(struct pg_stmt *s, int i, const void *p, size_t n, int format)
{
	char *v;

	if (i < 1 || i > s->nparams)
		return;
	v = malloc(n + 1);
	free(s->values[i - 1]);
	s->values[i - 1] = v;
	if (!v)
		return; /* sent as NULL: a NOT NULL column refuses it */
	memcpy(v, p, n);
	v[n] = '\0';
	s->lengths[i - 1] = (int)n;
	s->formats[i - 1] = format;
}

static void pg_bind_i64(struct store_stmt *st, int i, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", (long long)v);

	set_param(PS(st), i, num, (size_t)n, 0);
}

static void pg_bind_text(struct store_stmt *st, int i, const char *s, size_t n)
{
	/* Text cannot hold NUL in PostgreSQL: it ends the value there. */
	const char *nul = memchr(s, '\0', n);

	set_param(PS(st), i, s, nul ? (size_t)(nul - s) : n, 0);
}

static void pg_bind_blob(struct store_stmt *st, int i, const void *p, size_t n)
{
	set_param(PS(st), i, n ? p : "", n, 1);
}

static void pg_bind_null(struct store_stmt *st, int i)
{
	struct pg_stmt *s = PS(st);

	if (i < 1 || i > s->nparams)
		return;
	free(s->values[i - 1]);
	s->values[i - 1] = NULL;
}

/* Rows changed count only for INSERT, UPDATE, DELETE (and MERGE), as
 * sqlite3_changes: a SELECT leaves the last count alone. */
static void note_changes(struct pg_conn *c, PGresult *res)
{
	const char *cmd = PQcmdStatus(res);

	if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
	    strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0)
		c->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

static enum store_step pg_step(struct store_stmt *st, enum rd_err *code, char *msg, size_t msgsz)
{
	struct pg_stmt *s = PS(st);
	struct pg_conn *c = PG(st->tx->conn);
	ExecStatusType rs;

	PQfreemem(s->blob);
	s->blob = NULL;
	if (!s->executed) {
		/* After a reset of the connection the server forgot the statement. */
		if (s->gen != c->gen && !do_prepare(c, s, msg, msgsz)) {
			*code = RD_ESTORE;
			return STORE_ERROR;
		}
		s->res = PQexecPrepared(c->db, s->name, s->nparams, (const char *const *)s->values,
					s->lengths, s->formats, 0);
		s->executed = true;
		rs = PQresultStatus(s->res);
		if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
			*code = map_error(c, s->res);
			copy_msg(msg, msgsz,
				 s->res ? PQresultErrorMessage(s->res) : PQerrorMessage(c->db));
			pg_reset(st, false);
			return STORE_ERROR;
		}
		note_changes(c, s->res);
		s->nrows = rs == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
		s->row = -1;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return STORE_ROW;
	}
	s->row = s->nrows;
	return STORE_DONE;
}

static bool pg_col_null(struct store_stmt *st, int col)
{
	struct pg_stmt *s = PS(st);

	if (!s->res || s->row < 0 || s->row >= s->nrows || col >= PQnfields(s->res))
		return true;
	return PQgetisnull(s->res, s->row, col) != 0;
}

static int64_t pg_col_i64(struct store_stmt *st, int col)
{
	struct pg_stmt *s = PS(st);
	const char *v;

	if (pg_col_null(st, col))
		return 0;
	v = PQgetvalue(s->res, s->row, col);
	if (PQftype(s->res, col) == PG_BOOL_OID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct store_stmt *st, int col)
{
	struct pg_stmt *s = PS(st);

	if (pg_col_null(st, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static const void *pg_col_blob(struct store_stmt *st, int col, size_t *n)
{
	struct pg_stmt *s = PS(st);
	const char *v;

	*n = 0;
	if (pg_col_null(st, col))
		return NULL;
	v = PQgetvalue(s->res, s->row, col);
	if (PQftype(s->res, col) != PG_BYTEA_OID) {
		*n = (size_t)PQgetlength(s->res, s->row, col);
		return v;
	}
	PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)v, n);
	if (!s->blob)
		*n = 0;
	return s->blob;
}

/* Every table's id is an identity column: lastval() is the id the last
 * INSERT on this connection drew, as sqlite3_last_insert_rowid. */
static int64_t pg_last_id(struct store_conn *conn)
{
	struct pg_conn *c = PG(conn);
	PGresult *res = PQexec(c->db, "SELECT lastval()");
	int64_t id = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		log_error("store: lastval: %s", PQresultErrorMessage(res));
	PQclear(res);
	return id;
}

static int64_t pg_changes(struct store_conn *c)
{
	return PG(c)->changes;
}

/*
 * renda backup on PostgreSQL: pg_dump in its custom format (-Fc) to path,
 * a consistent snapshot taken while writers go on; restore it with
 * pg_restore (docs/architecture.md). pg_dump is run directly, without a
 * shell, from PATH (Debian's postgresql-client).
 */
static enum rd_err pg_backup(const char *uri, const char *path, struct rd_error *err)
{
	extern char **environ;
	char a0[] = "pg_dump", a1[] = "--format=custom", a2[] = "--no-owner", a3[] = "--file",
	     a5[] = "--dbname";
	char *argv[] = {a0, a1, a2, a3, (char *)path, a5, (char *)uri, NULL};
	pid_t pid;
	int status = 0, rc;

	rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (rc != 0)
		return rd_fail(err, RD_EIO, NULL, "cannot run pg_dump: %s", strerror(rc));
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return rd_fail(err, RD_EIO, NULL, "pg_dump: %s", strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return rd_fail(err, RD_ESTORE, NULL, "pg_dump failed (its message is above)");
	return RD_OK;
}

/*
 * After a secret round closes (DESIGN.md invariant 3). In PostgreSQL every
 * row carries the id of the transaction that wrote it (xmin), and the group
 * commit writes each voter's register row and ballot in one savepoint, so
 * the two rows share an id; and a heap table keeps rows in the order they
 * were written, so the n-th ballot and the n-th register row were the same
 * voter's. Both links go: one transaction rewrites every row of both tables
 * (all now carry its id), then CLUSTER writes each table anew in the order
 * of its primary key — the register by delegate, the ballots by their random
 * token — leaving no dead versions with the old ids behind. The server's WAL
 * and any WAL archive still hold the history until recycled: the database
 * server is inside the secret-ballot boundary (docs/architecture.md).
 */
static enum rd_err pg_checkpoint(const char *uri)
{
	static const char *const steps[] = {
		"BEGIN",
		/* Writers of every node take turns under this lock (see below). */
		"SELECT pg_advisory_xact_lock(7263001)",
		"UPDATE ballot_register SET round_id = round_id",
		"UPDATE ballots SET round_id = round_id",
		"COMMIT",
		"CLUSTER ballot_register USING ballot_register_pkey",
		"CLUSTER ballots USING ballots_pkey",
	};
	struct store_conn *conn = NULL;
	struct rd_error err = {0};
	enum rd_err rc = pg_open(uri, false, false, &conn, &err);

	for (size_t i = 0; !rc && i < sizeof(steps) / sizeof(steps[0]); i++)
		rc = pg_exec(conn, steps[i], &err);
	if (rc)
		log_warn("store: secret-ballot rewrite after close failed: %s", err.message);
	if (conn)
		pg_close(conn);
	return rc ? RD_ESTORE : RD_OK;
}

const struct store_backend_ops store_pg_ops = {
	.name = "postgresql",
	.migrations = migrations_pg_all,
	.schema_table = "CREATE TABLE IF NOT EXISTS schema_migrations ("
			" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			" applied_at BIGINT NOT NULL)",
	/* A session lock: one node migrates, the others wait and then find
	 * nothing left to do. The number is arbitrary, renda's own. */
	.migrate_lock = "SELECT pg_advisory_lock(7263002)",
	.migrate_unlock = "SELECT pg_advisory_unlock(7263002)",
	/* The domain code reads, decides and writes in one job as if it were
	 * the only writer (SQLite's BEGIN IMMEDIATE makes it so), e.g. the audit
	 * chain takes the last entry's id and hash. Across nodes the same holds
	 * only if one batch writes at a time: a transaction-scoped advisory
	 * lock, taken first, makes the nodes' writers take turns per batch
	 * (group commit keeps that cheap) and leaves no lock order to deadlock. */
	.begin_write = "BEGIN ISOLATION LEVEL READ COMMITTED;"
		       " SELECT pg_advisory_xact_lock(7263001)",
	.begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	.reader_pool = PG_READERS,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_i64 = pg_bind_i64,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_i64 = pg_col_i64,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_null = pg_col_null,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.backup = pg_backup,
	.checkpoint = pg_checkpoint,
};
