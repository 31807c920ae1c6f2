/* handling.c — see handling.h. */
#include "rules/handling.h"

#include <string.h>

#include "base/banned.h"

enum remind_kind handling_remind_kind(struct civil_date today, struct civil_date due, int32_t days)
{
	int64_t left = dates_to_days(due) - dates_to_days(today);

	if (left < 0)
		return REMIND_OVERDUE;
	return left <= days ? REMIND_DUE_SOON : REMIND_NONE;
}

enum rd_err handling_remind_horizon(struct civil_date today, int32_t days, struct civil_date *out,
				    struct rd_error *e)
{
	if (days < 0 || days > HANDLING_REMIND_DAYS_MAX)
		return rd_fail(e, RD_EINVAL, "days", "the reminder window is 0 to %d days",
			       HANDLING_REMIND_DAYS_MAX);
	return dates_add_days(today, days, out, e);
}

int64_t handling_days_between(struct civil_date a, struct civil_date b)
{
	return dates_to_days(b) - dates_to_days(a);
}

bool handling_per_mille(int64_t num, int64_t den, int64_t *out)
{
	if (den <= 0 || num < 0 || num > den || den > INT64_MAX / 2000)
		return false;
	*out = (num * 2000 + den) / (2 * den);
	return true;
}

bool handling_on_time(const char *replied, const char *due)
{
	struct civil_date r, d;

	if (!replied || !due || dates_parse(replied, strlen(replied), &r, NULL) ||
	    dates_parse(due, strlen(due), &d, NULL))
		return false;
	return dates_cmp(r, d) <= 0;
}
