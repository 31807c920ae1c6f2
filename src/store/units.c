/* units.c — see units.h. */
#include "store/units.h"

#include "base/banned.h"

enum rd_err unit_update(struct store_tx *tx, int64_t id, const char *name, const char *email)
{
	struct store_stmt *st =
		store_sql(tx, "UPDATE handling_units SET name = ?, email = ? WHERE id = ?");
	enum rd_err rc;

	store_bind_text(st, 1, name);
	store_bind_text(st, 2, email ? email : "");
	store_bind_i64(st, 3, id);
	rc = store_exec(st);
	if (rc)
		return rc;
	return store_changes(tx) ? RD_OK : RD_ENOTFOUND;
}
