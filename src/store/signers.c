/* signers.c — see signers.h. Portable SQL only. */
#include <stddef.h>

#include "store/signers.h"
#include "base/banned.h"

/* The statements of one kind, spelled out at compile time from its table
 * and key column: string literals only. */
struct signers_sql {
	const char *add, *each, *count, *role;
};

#define SIGNERS_SQL(table, key)                                                                    \
	{                                                                                          \
		.add = "INSERT INTO " table " (" key                                               \
		       ", delegate_id, role, at) VALUES (?, ?, ?, ?)"                              \
		       " ON CONFLICT (" key ", delegate_id) DO NOTHING",                           \
		.each = "SELECT g.delegate_id, d.name, g.role, d.status, g.at FROM " table " g"    \
			" JOIN delegates d ON d.id = g.delegate_id WHERE g." key " = ?"            \
			" ORDER BY g.role DESC, g.at, g.delegate_id",                              \
		.count = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN d.status = 'sitting' THEN 1"     \
			 " ELSE 0 END), 0) FROM " table " g JOIN delegates d"                      \
			 " ON d.id = g.delegate_id WHERE g." key " = ?",                           \
		.role = "SELECT role FROM " table " WHERE " key " = ? AND delegate_id = ?",        \
	}

static const struct signers_sql kinds[] = {
	[SIGNERS_MOTION] = SIGNERS_SQL("motion_signers", "motion_id"),
	[SIGNERS_INTERPELLATION] = SIGNERS_SQL("interpellation_signers", "interpellation_id"),
	[SIGNERS_SUGGESTION] = SIGNERS_SQL("suggestion_signers", "suggestion_id"),
};

/* The statements of `of`; NULL for a value outside the enum (a bug). */
static const struct signers_sql *sql_of(enum signers_of of)
{
	return (size_t)of < sizeof(kinds) / sizeof(kinds[0]) ? &kinds[of] : NULL;
}

enum rd_err signers_add(struct store_tx *tx, enum signers_of of, int64_t item, int64_t delegate_id,
			const char *role, int64_t at)
{
	const struct signers_sql *q = sql_of(of);
	struct store_stmt *st;

	if (!q)
		return RD_EINTERNAL;
	st = store_sql(tx, q->add);
	store_bind_i64(st, 1, item);
	store_bind_i64(st, 2, delegate_id);
	store_bind_text(st, 3, role);
	store_bind_i64(st, 4, at);
	return store_exec_changed(st);
}

enum rd_err signers_each(struct store_tx *tx, enum signers_of of, int64_t item,
			 int (*each)(int64_t delegate_id, const char *name, const char *role,
				     const char *status, int64_t at, void *),
			 void *ctx)
{
	const struct signers_sql *q = sql_of(of);
	struct store_stmt *st;
	enum store_step r;

	if (!q)
		return RD_EINTERNAL;
	st = store_sql(tx, q->each);
	store_bind_i64(st, 1, item);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_i64(st, 4), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err signers_count(struct store_tx *tx, enum signers_of of, int64_t item, int64_t *all,
			  int64_t *sitting)
{
	const struct signers_sql *q = sql_of(of);
	struct store_stmt *st;
	enum rd_err rc;

	if (!q)
		return RD_EINTERNAL;
	st = store_sql(tx, q->count);
	store_bind_i64(st, 1, item);
	rc = store_one(st);
	if (rc)
		return rc;
	*all = store_col_i64(st, 0);
	*sitting = store_col_i64(st, 1);
	return RD_OK;
}

enum rd_err signers_role(struct store_tx *tx, enum signers_of of, int64_t item, int64_t delegate_id,
			 char *role, size_t rolesz)
{
	const struct signers_sql *q = sql_of(of);
	struct store_stmt *st;
	enum rd_err rc;

	if (rolesz)
		role[0] = '\0';
	if (!q)
		return RD_EINTERNAL;
	st = store_sql(tx, q->role);
	store_bind_i64(st, 1, item);
	store_bind_i64(st, 2, delegate_id);
	rc = store_one(st);
	if (rc == RD_OK)
		store_col_copy(st, 0, role, rolesz);
	return rc;
}
