/*
 * holidays.h — the working-day calendar: weekends, public holidays and the
 * make-up working days (调休) that the State Council publishes each year.
 *
 * A calendar is a sorted list of exceptions to "Monday to Friday work":
 * holidays (any day off, usually weekdays) and make-up working days
 * (weekends worked). It is read from a text file, one line per day:
 *
 *     # 2025 National Day and Mid-Autumn Festival
 *     2025-09-28 workday   Sunday, make-up day
 *     2025-10-01 holiday   国庆节
 *
 * Blank lines and lines starting with '#' are ignored; anything after the
 * kind, separated by white space, is a comment. Dates may come in any order
 * but only once each. A "workday" must fall on a weekend (otherwise it
 * changes nothing and is probably a typo).
 */
#ifndef RD_RULES_HOLIDAYS_H
#define RD_RULES_HOLIDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "rules/dates.h"

enum holiday_kind {
	HOLIDAY_OFF = 0, /* a day off ("holiday") */
	HOLIDAY_WORKDAY, /* a weekend day worked ("workday", 调休上班) */
};

struct holiday {
	int64_t day; /* dates_to_days() of the date */
	enum holiday_kind kind;
};

struct holiday_calendar {
	const struct holiday *days; /* sorted by day, each day once */
	size_t n;
};

/*
 * Parses len bytes of calendar text into *out; the array comes from arena a
 * and lives as long as it. On failure returns RD_EINVAL with field
 * "line N" (1-based) and a message saying what is wrong with that line, or
 * RD_ENOMEM; *out is then empty.
 */
enum rd_err holidays_parse(const char *text, size_t len, struct arena *a,
			   struct holiday_calendar *out, struct rd_error *e);

/*
 * True if d is a working day: a make-up workday, or Monday to Friday and not
 * a holiday. cal may be NULL (weekends only). d must be valid.
 */
bool holidays_is_working_day(const struct holiday_calendar *cal, struct civil_date d);

/*
 * The n-th working day after start (start itself not counted; n = 0 gives
 * start) into *out. RD_EINVAL (field "date" or "working_days") if start is
 * invalid, n is negative or above 3660, or the result leaves the calendar's
 * range of years.
 */
enum rd_err holidays_add_working_days(const struct holiday_calendar *cal, struct civil_date start,
				      int32_t n, struct civil_date *out, struct rd_error *e);

/* The first working day on or after d into *out (RD_EINVAL as above). */
enum rd_err holidays_next_working_day(const struct holiday_calendar *cal, struct civil_date d,
				      struct civil_date *out, struct rd_error *e);

#endif
