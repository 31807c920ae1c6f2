/*
 * reports.h — the handling report of suggestions (DL art. 51(3): handling
 * results are reported and published), counted in SQL, per lead unit.
 *
 * What is counted, for the suggestions a unit leads (of one term, or all):
 *   assigned         every suggestion the unit leads (assigned or later)
 *   replied          those with at least one reply
 *   replied_on_time  replied ones all of whose replies were on time (each
 *                    reply's on_time was decided by rules/handling.c when
 *                    it was given: on or before the date it was due)
 *   overdue          assigned or in rehandling, due before `today`
 *   ratings          of the final round (the latest reply): satisfied,
 *                    basically satisfied, dissatisfied
 *   results          the final reply's category: solved, planned,
 *                    not possible, explained
 * Counts only, no names of delegates and no contents: the public report is
 * made of exactly these numbers.
 */
#ifndef RD_STORE_REPORTS_H
#define RD_STORE_REPORTS_H

#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

struct report_row {
	int64_t unit_id;
	const char *unit_name; /* valid during the callback */
	int64_t assigned, replied, replied_on_time, overdue;
	int64_t satisfied, basically_satisfied, dissatisfied;
	int64_t solved, planned, not_possible, explained;
};

/*
 * Calls each for every handling unit, by id, with its counts (zeros for a
 * unit with nothing assigned). term_id 0: every term. today "YYYY-MM-DD"
 * in the deployment's time zone. A non-zero return from each stops the walk.
 */
enum rd_err report_units_each(struct store_tx *tx, int64_t term_id, const char *today,
			      int (*each)(const struct report_row *, void *), void *ctx);

#endif
