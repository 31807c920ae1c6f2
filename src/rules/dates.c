/*
 * dates.c — civil-date arithmetic; see dates.h.
 */
#include "rules/dates.h"

#include <stdio.h>

#include "base/banned.h"

#define MIN_DAYS (-719162) /* 0001-01-01 */
#define MAX_DAYS 2932896   /* 9999-12-31 */

bool dates_is_leap(int32_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dates_days_in_month(int32_t y, int32_t m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && dates_is_leap(y))
		return 29;
	return days[m - 1];
}

bool dates_valid(struct civil_date d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= dates_days_in_month(d.y, d.m);
}

int64_t dates_to_days(struct civil_date d)
{
	/* days_from_civil, http://howardhinnant.github.io/date_algorithms.html */
	int64_t y = d.m <= 2 ? d.y - 1 : d.y;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct civil_date dates_from_days(int64_t z)
{
	struct civil_date r;
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int32_t)(r.m <= 2 ? y + 1 : y);
	return r;
}

struct civil_date dates_of_instant(int64_t ms)
{
	int64_t local = ms + DATES_ZONE_OFFSET_MS;

	/* Floor division: an instant before 1970 is still on its own day. */
	return dates_from_days(local / DATES_DAY_MS - (local % DATES_DAY_MS < 0));
}

int64_t dates_start_ms(struct civil_date d)
{
	return dates_to_days(d) * DATES_DAY_MS - DATES_ZONE_OFFSET_MS;
}

int dates_minute_of_instant(int64_t ms)
{
	int64_t in_day = (ms + DATES_ZONE_OFFSET_MS) % DATES_DAY_MS;

	if (in_day < 0)
		in_day += DATES_DAY_MS;
	return (int)(in_day / 60000);
}

int dates_weekday(struct civil_date d)
{
	int64_t z = dates_to_days(d);
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (z % 7 + 7 + 3) % 7; /* 0 = Monday */

	return (int)w + 1;
}

int dates_cmp(struct civil_date a, struct civil_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

enum rd_err dates_add_days(struct civil_date d, int64_t n, struct civil_date *out,
			   struct rd_error *e)
{
	int64_t z;

	if (!dates_valid(d))
		return rd_fail(e, RD_EINVAL, "date", "not a valid date");
	if (n < MIN_DAYS - MAX_DAYS || n > MAX_DAYS - MIN_DAYS)
		return rd_fail(e, RD_EINVAL, "date", "result out of range");
	z = dates_to_days(d) + n;
	if (z < MIN_DAYS || z > MAX_DAYS)
		return rd_fail(e, RD_EINVAL, "date", "result out of range");
	*out = dates_from_days(z);
	return RD_OK;
}

enum rd_err dates_add_months(struct civil_date d, int32_t n, struct civil_date *out,
			     struct rd_error *e)
{
	int64_t months;
	struct civil_date r;
	int last;

	if (!dates_valid(d))
		return rd_fail(e, RD_EINVAL, "date", "not a valid date");
	months = (int64_t)d.y * 12 + (d.m - 1) + n;
	if (months < 12 || months > 9999 * 12 + 11)
		return rd_fail(e, RD_EINVAL, "date", "result out of range");
	r.y = (int32_t)(months / 12);
	r.m = (int32_t)(months % 12) + 1;
	/* 民法典 art. 202: 到期月的对应日为期间的最后一日；没有对应日的，为月末日期. */
	last = dates_days_in_month(r.y, r.m);
	r.d = d.d > last ? last : d.d;
	*out = r;
	return RD_OK;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int32_t num(const char *s, size_t n)
{
	int32_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum rd_err dates_parse(const char *s, size_t n, struct civil_date *out, struct rd_error *e)
{
	struct civil_date d;

	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
	    !digits(s + 8, 2))
		return rd_fail(e, RD_EINVAL, "date", "must be YYYY-MM-DD");
	d.y = num(s, 4);
	d.m = num(s + 5, 2);
	d.d = num(s + 8, 2);
	if (!dates_valid(d))
		return rd_fail(e, RD_EINVAL, "date", "not a real day");
	*out = d;
	return RD_OK;
}

void dates_format(struct civil_date d, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", (int)(d.y % 10000 + 10000) % 10000,
		 (int)(d.m % 100 + 100) % 100, (int)(d.d % 100 + 100) % 100);
}

void dates_format_zh(struct civil_date d, char out[DATES_ZH_LEN])
{
	snprintf(out, DATES_ZH_LEN, "%d年%d月%d日", (int)d.y, (int)d.m, (int)d.d);
}
