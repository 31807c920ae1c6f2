/*
 * fuzz_holidays.c — libFuzzer target for the holiday-calendar text format:
 * parse, then ask a few working-day questions of whatever was parsed.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "rules/holidays.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct holiday_calendar cal;
	struct rd_error e;
	struct civil_date d = {2025, 9, 26}, out;

	arena_init(&a, 64u << 20);
	if (holidays_parse((const char *)data, size, &a, &cal, &e) == RD_OK) {
		if (cal.n > 0)
			d = dates_from_days(cal.days[0].day);
		(void)holidays_is_working_day(&cal, d);
		(void)holidays_add_working_days(&cal, d, 15, &out, &e);
		(void)holidays_next_working_day(&cal, d, &out, &e);
	}
	arena_release(&a);
	return 0;
}
