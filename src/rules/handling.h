/*
 * handling.h — what the office tells the units and the public about the
 * handling of suggestions (RULES §5): which replies to remind a unit of, and
 * the published rates (DL art. 51(3): handling results are reported and
 * published — per-unit counts, the on-time rate and the satisfaction rate).
 *
 * Rates are exact fractions; a per-mille figure is derived from them with
 * integers only (RULES §1: never floating point for what the law counts).
 */
#ifndef RD_RULES_HANDLING_H
#define RD_RULES_HANDLING_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "rules/dates.h"

/* A deployment's setting: remind a unit this many days before a reply is due. */
#define HANDLING_REMIND_DAYS_DEFAULT 15
#define HANDLING_REMIND_DAYS_MAX     366

enum remind_kind {
	REMIND_NONE = 0, /* due later than the window */
	REMIND_DUE_SOON, /* due today or within `days` days */
	REMIND_OVERDUE,	 /* the due date has passed */
};

/*
 * Whether a reply due on `due` is to be reminded of on `today`, with a
 * window of `days` (0 .. HANDLING_REMIND_DAYS_MAX) days. Both dates valid.
 */
enum remind_kind handling_remind_kind(struct civil_date today, struct civil_date due, int32_t days);

/*
 * The last due date the sweep of `today` reminds of: today + days. RD_EINVAL
 * (field "days") for a window out of range, (field "date") for a bad date.
 */
enum rd_err handling_remind_horizon(struct civil_date today, int32_t days, struct civil_date *out,
				    struct rd_error *e);

/* Days from a to b (b - a; negative when b is earlier). */
int64_t handling_days_between(struct civil_date a, struct civil_date b);

/*
 * num/den in per mille, rounded half up (965.5‰ → 966‰): false (and *out
 * untouched) when den is 0 — no rate, not 0‰ — or num is outside 0 .. den.
 */
bool handling_per_mille(int64_t num, int64_t den, int64_t *out);

/* A reply given on `replied` for one due on `due` is on time when it is on or
 * before the due date (DL art. 51(2)); an unknown due date is not on time. */
bool handling_on_time(const char *replied, const char *due);

#endif
