/*
 * dates.h — civil (proleptic Gregorian) dates as plain integers: no time
 * zone database, no libc time functions. A date is a day of the
 * deployment's time zone, Asia/Shanghai: UTC+8 all year, no daylight saving
 * (RULES §5), so an instant becomes its day by adding 8 hours.
 *
 * Day numbers count from 1970-01-01 = 0 (H. Hinnant's days_from_civil).
 * Supported years: 1 to 9999.
 */
#ifndef RD_RULES_DATES_H
#define RD_RULES_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct civil_date {
	int32_t y; /* 1 .. 9999 */
	int32_t m; /* 1 .. 12 */
	int32_t d; /* 1 .. days in the month */
};

/* Asia/Shanghai's offset from UTC, all year. */
#define DATES_ZONE_OFFSET_MS (8LL * 3600 * 1000)
#define DATES_DAY_MS	     (24LL * 3600 * 1000)

/* The day, in the deployment's time zone, of an instant (UTC milliseconds
 * since 1970, e.g. clock_now_ms()). */
struct civil_date dates_of_instant(int64_t ms);

/* The instant (UTC milliseconds) at which day d begins there. d must be valid. */
int64_t dates_start_ms(struct civil_date d);

/* Minutes since that day's midnight (0 .. 1439) of an instant, in that zone. */
int dates_minute_of_instant(int64_t ms);

/* True if d names a real day in years 1 .. 9999. */
bool dates_valid(struct civil_date d);

/* Days in month m of year y (28 .. 31); 0 if m is not 1 .. 12. */
int dates_days_in_month(int32_t y, int32_t m);

/* True for Gregorian leap years. */
bool dates_is_leap(int32_t y);

/* The day number of d (1970-01-01 = 0). d must be valid. */
int64_t dates_to_days(struct civil_date d);

/* The date of a day number (inverse of dates_to_days). */
struct civil_date dates_from_days(int64_t days);

/* ISO weekday: 1 = Monday .. 7 = Sunday. d must be valid. */
int dates_weekday(struct civil_date d);

/* Negative, zero or positive as a is before, equal to or after b. */
int dates_cmp(struct civil_date a, struct civil_date b);

/*
 * d plus n days into *out. RD_EINVAL (field "date") if d is invalid or the
 * result leaves years 1 .. 9999.
 */
enum rd_err dates_add_days(struct civil_date d, int64_t n, struct civil_date *out,
			   struct rd_error *e);

/*
 * d plus n months (n may be negative) into *out, clamped to the end of the
 * month: 2026-11-30 + 3 months = 2027-02-28, 2027-11-30 + 3 = 2028-02-29.
 * This is the Civil Code's rule for periods in months (民法典 art. 202: the
 * corresponding day of the last month; if none, the month's last day).
 * RD_EINVAL (field "date") if d is invalid or the result out of range.
 */
enum rd_err dates_add_months(struct civil_date d, int32_t n, struct civil_date *out,
			     struct rd_error *e);

/*
 * Parses exactly "YYYY-MM-DD" (n bytes at s, no terminator needed) into
 * *out. RD_EINVAL (field "date") if malformed or not a real day.
 */
enum rd_err dates_parse(const char *s, size_t n, struct civil_date *out, struct rd_error *e);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void dates_format(struct civil_date d, char out[11]);

/* Writes d as printed on documents, "2026年11月29日" (no leading zeros), and a
 * NUL into out (DATES_ZH_LEN bytes). */
#define DATES_ZH_LEN 24
void dates_format_zh(struct civil_date d, char out[DATES_ZH_LEN]);

#endif
