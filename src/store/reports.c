/* reports.c — see reports.h. Portable SQL only: no date functions, the
 * dates are ISO texts that compare as dates.
 *
 * One query text per grouping, both made by REPORT_SQL from the same parts:
 * KEYS lists the rows (id, name) and KEY is the expression each suggestion
 * is grouped by, so a unit's and a category's numbers cannot be counted
 * differently. */
#include "store/reports.h"

#include "base/banned.h"

#define TERM_FILTER " (? = 0 OR s.term_id = ?)"

#define REPORT_SQL(KEYS, KEY)                                                                      \
	"SELECT k.id, k.name,"                                                                     \
	" COALESCE(a.assigned, 0), COALESCE(a.replied, 0), COALESCE(a.on_time, 0),"                \
	" COALESCE(a.overdue, 0),"                                                                 \
	" COALESCE(g.satisfied, 0), COALESCE(g.basically, 0), COALESCE(g.dissatisfied, 0),"        \
	" COALESCE(c.solved, 0), COALESCE(c.planned, 0), COALESCE(c.not_possible, 0),"             \
	" COALESCE(c.explained, 0)"                                                                \
	" FROM (" KEYS ") k"                                                                       \
	" LEFT JOIN (SELECT " KEY " AS k, COUNT(*) AS assigned,"                                   \
	"  SUM(CASE WHEN s.round > 0 THEN 1 ELSE 0 END) AS replied,"                               \
	"  SUM(CASE WHEN s.round > 0 AND NOT EXISTS (SELECT 1 FROM suggestion_replies r"           \
	"   WHERE r.suggestion_id = s.id AND r.on_time = 0) THEN 1 ELSE 0 END) AS on_time,"        \
	"  SUM(CASE WHEN s.state IN ('assigned', 'rehandling') AND s.due_on <> ''"                 \
	"   AND s.due_on < ? THEN 1 ELSE 0 END) AS overdue"                                        \
	"  FROM suggestions s WHERE s.lead_unit_id IS NOT NULL AND" TERM_FILTER "  GROUP BY " KEY  \
	") a ON a.k = k.id"                                                                        \
	" LEFT JOIN (SELECT " KEY " AS k,"                                                         \
	"  SUM(CASE WHEN g.rating = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,"                  \
	"  SUM(CASE WHEN g.rating = 'basically_satisfied' THEN 1 ELSE 0 END) AS basically,"        \
	"  SUM(CASE WHEN g.rating = 'dissatisfied' THEN 1 ELSE 0 END) AS dissatisfied"             \
	"  FROM suggestion_ratings g"                                                              \
	"  JOIN suggestions s ON s.id = g.suggestion_id AND g.round = s.round"                     \
	"  WHERE s.lead_unit_id IS NOT NULL AND" TERM_FILTER "  GROUP BY " KEY ") g ON g.k = k.id" \
	" LEFT JOIN (SELECT " KEY " AS k,"                                                         \
	"  SUM(CASE WHEN r.category = 'solved' THEN 1 ELSE 0 END) AS solved,"                      \
	"  SUM(CASE WHEN r.category = 'planned' THEN 1 ELSE 0 END) AS planned,"                    \
	"  SUM(CASE WHEN r.category = 'not_possible' THEN 1 ELSE 0 END) AS not_possible,"          \
	"  SUM(CASE WHEN r.category = 'explained' THEN 1 ELSE 0 END) AS explained"                 \
	"  FROM suggestion_replies r"                                                              \
	"  JOIN suggestions s ON s.id = r.suggestion_id AND r.round = s.round"                     \
	"  WHERE s.lead_unit_id IS NOT NULL AND" TERM_FILTER "  GROUP BY " KEY ") c ON c.k = k.id" \
	" ORDER BY k.id"

/* Every handling unit, assigned suggestions or not. */
static const char by_unit_sql[] =
	REPORT_SQL("SELECT id, name FROM handling_units", "s.lead_unit_id");

/* Every category of an assigned suggestion (two more term parameters, first). */
static const char by_category_sql[] =
	REPORT_SQL("SELECT DISTINCT s.category AS id, s.category AS name FROM suggestions s"
		   " WHERE s.lead_unit_id IS NOT NULL AND" TERM_FILTER,
		   "s.category");

enum rd_err report_each(struct store_tx *tx, enum report_by by, int64_t term_id, const char *today,
			int (*each)(const struct report_row *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, by == REPORT_BY_UNIT ? by_unit_sql : by_category_sql);
	struct report_row row = {0};
	enum store_step r;
	int i = 1;

	if (!st)
		return store_tx_error(tx, NULL);
	if (by == REPORT_BY_CATEGORY) {
		store_bind_i64(st, i++, term_id);
		store_bind_i64(st, i++, term_id);
	}
	store_bind_text(st, i++, today);
	for (int k = 0; k < 6; k++)
		store_bind_i64(st, i++, term_id);
	while ((r = store_step(st)) == STORE_ROW) {
		if (by == REPORT_BY_UNIT) {
			row.unit_id = store_col_i64(st, 0);
			row.unit_name = store_col_text(st, 1);
		} else {
			row.category = store_col_text(st, 1);
			if (!row.category)
				row.category = "";
		}
		row.assigned = store_col_i64(st, 2);
		row.replied = store_col_i64(st, 3);
		row.replied_on_time = store_col_i64(st, 4);
		row.overdue = store_col_i64(st, 5);
		row.satisfied = store_col_i64(st, 6);
		row.basically_satisfied = store_col_i64(st, 7);
		row.dissatisfied = store_col_i64(st, 8);
		row.solved = store_col_i64(st, 9);
		row.planned = store_col_i64(st, 10);
		row.not_possible = store_col_i64(st, 11);
		row.explained = store_col_i64(st, 12);
		if (each(&row, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err report_units_each(struct store_tx *tx, int64_t term_id, const char *today,
			      int (*each)(const struct report_row *, void *), void *ctx)
{
	return report_each(tx, REPORT_BY_UNIT, term_id, today, each, ctx);
}
