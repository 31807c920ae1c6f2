/*
 * deadlines.c — suggestion-handling deadlines; see deadlines.h.
 */
#include "rules/deadlines.h"

#include <stddef.h>

#include "base/banned.h"

void deadline_settings_default(struct deadline_settings *s)
{
	/* DL art. 51(2): 自交办之日起三个月内答复…涉及面广、处理难度大的…六个月内答复. */
	s->reply_months = 3;
	s->reply_extended_months = 6;
	/* Henan art. 22, Shandong art. 24: 一个月内再次答复 (Beijing art. 27: 二个月). */
	s->rehandle_months = 1;
	/* Beijing art. 23: 收到答复意见后十五个工作日内…反馈书面意见. */
	s->rating_working_days = 15;
	/* Henan art. 14: 认为不属于本单位办理的，在交办之日起十个工作日内… */
	s->return_working_days = 10;
	s->roll_past_days_off = false;
}

enum rd_err deadline_settings_check(const struct deadline_settings *s, struct rd_error *e)
{
	if (s->reply_months < 1 || s->reply_months > 24)
		return rd_fail(e, RD_EINVAL, "reply_months", "must be 1 to 24");
	if (s->reply_extended_months < s->reply_months || s->reply_extended_months > 24)
		return rd_fail(e, RD_EINVAL, "reply_extended_months", "must be reply_months to 24");
	if (s->rehandle_months < 1 || s->rehandle_months > 24)
		return rd_fail(e, RD_EINVAL, "rehandle_months", "must be 1 to 24");
	if (s->rating_working_days < 1 || s->rating_working_days > 120)
		return rd_fail(e, RD_EINVAL, "rating_working_days", "must be 1 to 120");
	if (s->return_working_days < 1 || s->return_working_days > 120)
		return rd_fail(e, RD_EINVAL, "return_working_days", "must be 1 to 120");
	return RD_OK;
}

static enum rd_err months_after(const struct deadline_settings *s, struct civil_date from,
				int32_t months, const struct holiday_calendar *cal,
				struct civil_date *due, struct rd_error *e)
{
	struct civil_date d = {0};
	enum rd_err rc;

	rc = deadline_settings_check(s, e);
	if (rc == RD_OK)
		rc = dates_add_months(from, months, &d, e);
	if (rc == RD_OK && s->roll_past_days_off)
		rc = holidays_next_working_day(cal, d, &d, e);
	if (rc == RD_OK)
		*due = d;
	return rc;
}

static enum rd_err working_days_after(const struct deadline_settings *s, struct civil_date from,
				      int32_t n, const struct holiday_calendar *cal,
				      struct civil_date *due, struct rd_error *e)
{
	enum rd_err rc = deadline_settings_check(s, e);

	if (rc != RD_OK)
		return rc;
	return holidays_add_working_days(cal, from, n, due, e);
}

enum rd_err deadline_reply(const struct deadline_settings *s, struct civil_date assigned,
			   bool extended, const struct holiday_calendar *cal,
			   struct civil_date *due, struct rd_error *e)
{
	/* DL art. 51(2). */
	return months_after(s, assigned, extended ? s->reply_extended_months : s->reply_months, cal,
			    due, e);
}

enum rd_err deadline_rehandle(const struct deadline_settings *s, struct civil_date rated_on,
			      const struct holiday_calendar *cal, struct civil_date *due,
			      struct rd_error *e)
{
	/* RULES §5: dissatisfied → rehandling, new reply within 1 month (setting). */
	return months_after(s, rated_on, s->rehandle_months, cal, due, e);
}

enum rd_err deadline_rating(const struct deadline_settings *s, struct civil_date received,
			    const struct holiday_calendar *cal, struct civil_date *due,
			    struct rd_error *e)
{
	/* RULES §5: rating within 15 working days (setting). */
	return working_days_after(s, received, s->rating_working_days, cal, due, e);
}

enum rd_err deadline_return(const struct deadline_settings *s, struct civil_date assigned,
			    const struct holiday_calendar *cal, struct civil_date *due,
			    struct rd_error *e)
{
	/* RULES §5: a mis-assigned item may be returned within 10 working days. */
	return working_days_after(s, assigned, s->return_working_days, cal, due, e);
}
