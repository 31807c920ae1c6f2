/* signers.c — see signers.h. Portable SQL only. */
#include <stddef.h>

#include "store/signers.h"
#include "base/banned.h"

/* The statements, one row per kind; each binds the item as parameter 1. */
enum signers_sql { SQL_ADD, SQL_EACH, SQL_COUNT, SQL_ROLE, SQL_N };

/* A kind's statements, spelled out at compile time from its table and key
 * column: string literals only. */
#define SIGNERS_SQL(table, key)                                                                    \
	{                                                                                          \
		[SQL_ADD] = "INSERT INTO " table " (" key ", delegate_id, role, at)"               \
			    " VALUES (?, ?, ?, ?) ON CONFLICT (" key ", delegate_id) DO NOTHING",  \
		[SQL_EACH] = "SELECT g.delegate_id, d.name, g.role, d.status, g.at FROM " table    \
			     " g JOIN delegates d ON d.id = g.delegate_id WHERE g." key " = ?"     \
			     " ORDER BY g.role DESC, g.at, g.delegate_id",                         \
		[SQL_COUNT] = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN d.status = 'sitting'"       \
			      " THEN 1 ELSE 0 END), 0) FROM " table " g JOIN delegates d"          \
			      " ON d.id = g.delegate_id WHERE g." key " = ?",                      \
		[SQL_ROLE] = "SELECT role FROM " table " WHERE " key " = ? AND delegate_id = ?",   \
	}

static const char *const kinds[][SQL_N] = {
	[SIGNERS_MOTION] = SIGNERS_SQL("motion_signers", "motion_id"),
	[SIGNERS_INTERPELLATION] = SIGNERS_SQL("interpellation_signers", "interpellation_id"),
	[SIGNERS_SUGGESTION] = SIGNERS_SQL("suggestion_signers", "suggestion_id"),
};

/* Statement `which` of kind `of` with the item bound; RD_EINTERNAL for a
 * kind outside the enum (a bug in the caller). */
static enum rd_err prepare(struct store_tx *tx, enum signers_of of, enum signers_sql which,
			   int64_t item, struct store_stmt **st)
{
	if ((size_t)of >= sizeof(kinds) / sizeof(kinds[0]))
		return RD_EINTERNAL;
	*st = store_sql(tx, kinds[of][which]);
	store_bind_i64(*st, 1, item);
	return RD_OK;
}

enum rd_err signers_add(struct store_tx *tx, enum signers_of of, int64_t item, int64_t delegate_id,
			const char *role, int64_t at)
{
	struct store_stmt *st = NULL;
	enum rd_err rc = prepare(tx, of, SQL_ADD, item, &st);

	if (rc)
		return rc;
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
	struct store_stmt *st = NULL;
	enum store_step r;
	enum rd_err rc = prepare(tx, of, SQL_EACH, item, &st);

	if (rc)
		return rc;
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_i64(st, 4), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err signers_count(struct store_tx *tx, enum signers_of of, int64_t item, int64_t *all,
			  int64_t *sitting)
{
	struct store_stmt *st = NULL;
	enum rd_err rc = prepare(tx, of, SQL_COUNT, item, &st);

	if (!rc)
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
	struct store_stmt *st = NULL;
	enum rd_err rc = prepare(tx, of, SQL_ROLE, item, &st);

	if (rolesz)
		role[0] = '\0';
	if (rc)
		return rc;
	store_bind_i64(st, 2, delegate_id);
	rc = store_one(st);
	if (rc == RD_OK)
		store_col_copy(st, 0, role, rolesz);
	return rc;
}
