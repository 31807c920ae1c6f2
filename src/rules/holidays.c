/*
 * holidays.c — the working-day calendar; see holidays.h.
 */
#include "rules/holidays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

/* An entry while parsing: the line it came from, for the duplicate error. */
struct entry {
	struct holiday h;
	size_t line;
};

static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->h.day != b->h.day)
		return a->h.day < b->h.day ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static enum rd_err line_error(struct rd_error *e, size_t line, const char *msg)
{
	char field[32];

	snprintf(field, sizeof(field), "line %zu", line);
	return rd_fail(e, RD_EINVAL, field, "%s", msg);
}

/* Parses one line (without its newline); *got = false for blank/comment. */
static enum rd_err parse_line(const char *s, size_t n, size_t line, struct entry *out, bool *got,
			      struct rd_error *e)
{
	struct civil_date d;
	size_t i = 0, start;

	*got = false;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	while (i < n && is_space(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return RD_OK;
	start = i;
	while (i < n && !is_space(s[i]))
		i++;
	if (dates_parse(s + start, i - start, &d, NULL) != RD_OK)
		return line_error(e, line, "expected a date YYYY-MM-DD that exists");
	while (i < n && is_space(s[i]))
		i++;
	start = i;
	while (i < n && !is_space(s[i]))
		i++;
	if (i - start == 7 && memcmp(s + start, "holiday", 7) == 0) {
		out->h.kind = HOLIDAY_OFF;
	} else if (i - start == 7 && memcmp(s + start, "workday", 7) == 0) {
		out->h.kind = HOLIDAY_WORKDAY;
		if (dates_weekday(d) < 6)
			return line_error(e, line, "a workday must fall on a Saturday or Sunday");
	} else {
		return line_error(e, line, "expected 'holiday' or 'workday' after the date");
	}
	/* The rest, after white space, is a comment. */
	out->h.day = dates_to_days(d);
	out->line = line;
	*got = true;
	return RD_OK;
}

enum rd_err holidays_parse(const char *text, size_t len, struct arena *a,
			   struct holiday_calendar *out, struct rd_error *e)
{
	struct entry *entries;
	struct holiday *days;
	size_t lines = 1, n = 0, line = 0, pos = 0;
	enum rd_err rc;

	out->days = NULL;
	out->n = 0;
	if (len > 0 && !text)
		return rd_fail(e, RD_EINVAL, "text", "missing");
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	entries = arena_alloc(a, lines * sizeof(*entries));
	days = arena_alloc(a, lines * sizeof(*days));
	if (!entries || !days)
		return rd_fail(e, RD_ENOMEM, NULL, "out of memory");
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		bool got;

		line++;
		if (memchr(text + pos, '\0', end - pos))
			return line_error(e, line, "contains a NUL byte");
		rc = parse_line(text + pos, end - pos, line, &entries[n], &got, e);
		if (rc != RD_OK)
			return rc;
		n += got;
		pos = end + 1;
	}
	qsort(entries, n, sizeof(*entries), entry_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && entries[i].h.day == entries[i - 1].h.day) {
			char msg[96];

			snprintf(msg, sizeof(msg), "the date is already listed on line %zu",
				 entries[i - 1].line);
			return line_error(e, entries[i].line, msg);
		}
		days[i] = entries[i].h;
	}
	out->days = days;
	out->n = n;
	return RD_OK;
}

/* The entry for day z, or NULL (binary search). */
static const struct holiday *find(const struct holiday_calendar *cal, int64_t z)
{
	size_t lo = 0, hi;

	if (!cal)
		return NULL;
	hi = cal->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->days[mid].day == z)
			return &cal->days[mid];
		if (cal->days[mid].day < z)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool holidays_is_working_day(const struct holiday_calendar *cal, struct civil_date d)
{
	const struct holiday *h = find(cal, dates_to_days(d));

	if (h)
		return h->kind == HOLIDAY_WORKDAY;
	return dates_weekday(d) <= 5;
}

enum rd_err holidays_add_working_days(const struct holiday_calendar *cal, struct civil_date start,
				      int32_t n, struct civil_date *out, struct rd_error *e)
{
	struct civil_date d = start;
	enum rd_err rc;

	if (!dates_valid(start))
		return rd_fail(e, RD_EINVAL, "date", "not a valid date");
	if (n < 0 || n > 3660)
		return rd_fail(e, RD_EINVAL, "working_days", "must be 0 to 3660");
	/* "Within N working days": the day of the event is not counted
	 * (民法典 art. 201: 开始的当日不计入). */
	while (n > 0) {
		rc = dates_add_days(d, 1, &d, e);
		if (rc != RD_OK)
			return rc;
		if (holidays_is_working_day(cal, d))
			n--;
	}
	*out = d;
	return RD_OK;
}

enum rd_err holidays_next_working_day(const struct holiday_calendar *cal, struct civil_date d,
				      struct civil_date *out, struct rd_error *e)
{
	enum rd_err rc;

	if (!dates_valid(d))
		return rd_fail(e, RD_EINVAL, "date", "not a valid date");
	/* A calendar cannot hold more than a few hundred days off in a row;
	 * 3660 bounds the loop whatever the file says. */
	for (int i = 0; i < 3660; i++) {
		if (holidays_is_working_day(cal, d)) {
			*out = d;
			return RD_OK;
		}
		rc = dates_add_days(d, 1, &d, e);
		if (rc != RD_OK)
			return rc;
	}
	return rd_fail(e, RD_EINVAL, "date", "no working day within ten years");
}
