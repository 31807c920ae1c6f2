/*
 * reports.h — the handling report of suggestions (DL art. 51(3): handling
 * results are reported and published), counted in SQL, per lead unit and
 * per category of suggestion (the delegate's own category text, "" for
 * none), by one query whose grouping key is the only difference.
 *
 * What is counted, for the suggestions a unit leads or a category holds
 * (assigned ones only, of one term or all):
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

/* What the rows of a report are. */
enum report_by {
	REPORT_BY_UNIT,	    /* every handling unit, by id, zeros included */
	REPORT_BY_CATEGORY, /* every category with an assigned suggestion, by name */
};

struct report_row {
	int64_t unit_id;       /* by unit; 0 by category */
	const char *unit_name; /* by unit; NULL by category; valid during the callback */
	const char *category;  /* by category ("" for none); NULL by unit; valid likewise */
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

/*
 * The same walk with the rows of `by`: report_each(tx, REPORT_BY_UNIT, ...)
 * is report_units_each; REPORT_BY_CATEGORY calls each for every category of
 * the assigned suggestions, in the order of the category texts, with the
 * same counts. The totals over either set of rows are the same numbers.
 */
enum rd_err report_each(struct store_tx *tx, enum report_by by, int64_t term_id, const char *today,
			int (*each)(const struct report_row *, void *), void *ctx);

#endif
