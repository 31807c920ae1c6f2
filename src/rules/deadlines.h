/*
 * deadlines.h — the deadlines of suggestion handling (RULES §5): reply,
 * extended reply, rehandling, rating, and return of a mis-assigned item.
 *
 * Periods are settings (struct deadline_settings) with the defaults below;
 * a deployment stores its own. Month periods end on the corresponding day of
 * the last month, clamped to the month's end (dates_add_months); working-day
 * periods skip weekends and holidays and count make-up working days, and
 * never count the day of the event itself.
 */
#ifndef RD_RULES_DEADLINES_H
#define RD_RULES_DEADLINES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "rules/dates.h"
#include "rules/holidays.h"

struct deadline_settings {
	int32_t reply_months;	       /* 3: DL art. 51(2), from assignment */
	int32_t reply_extended_months; /* 6: DL art. 51(2), broad or difficult, approved */
	int32_t rehandle_months;       /* 1: Henan art. 22, Shandong art. 24 (Beijing art. 27: 2) */
	int32_t rating_working_days;   /* 15: Beijing art. 23, from receiving the reply */
	int32_t return_working_days;   /* 10: Henan art. 14, from assignment */
	bool roll_past_days_off;       /* false: a month deadline falling on a day off
					* moves to the next working day (民法典 art. 203) */
};

/* Fills s with the defaults above. */
void deadline_settings_default(struct deadline_settings *s);

/*
 * Checks a deployment's settings: months 1 .. 24, extended >= reply,
 * working days 1 .. 120. RD_EINVAL naming the field otherwise.
 */
enum rd_err deadline_settings_check(const struct deadline_settings *s, struct rd_error *e);

/*
 * The reply deadline for a suggestion assigned on `assigned`: reply_months
 * later, or reply_extended_months when the extension was approved. cal is
 * used only with roll_past_days_off (may be NULL). RD_EINVAL (field "date"
 * or a settings field) on bad input; *due untouched then.
 */
enum rd_err deadline_reply(const struct deadline_settings *s, struct civil_date assigned,
			   bool extended, const struct holiday_calendar *cal,
			   struct civil_date *due, struct rd_error *e);

/* The new-reply deadline after a dissatisfied rating given on rated_on. */
enum rd_err deadline_rehandle(const struct deadline_settings *s, struct civil_date rated_on,
			      const struct holiday_calendar *cal, struct civil_date *due,
			      struct rd_error *e);

/* The last day a delegate may rate a reply received on `received`. */
enum rd_err deadline_rating(const struct deadline_settings *s, struct civil_date received,
			    const struct holiday_calendar *cal, struct civil_date *due,
			    struct rd_error *e);

/* The last day a unit may return an item assigned on `assigned` as mis-assigned. */
enum rd_err deadline_return(const struct deadline_settings *s, struct civil_date assigned,
			    const struct holiday_calendar *cal, struct civil_date *due,
			    struct rd_error *e);

#endif
