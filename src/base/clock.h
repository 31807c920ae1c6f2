/*
 * clock.h — wall-clock and monotonic time.
 *
 * Timestamps are stored as UTC milliseconds since the epoch and shown in
 * ISO 8601. Calendar arithmetic in the deployment's time zone (for deadlines)
 * belongs to src/rules, which works on civil dates, not on these.
 */
#ifndef RD_BASE_CLOCK_H
#define RD_BASE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds since 1970-01-01T00:00:00Z. */
int64_t clock_now_ms(void);

/* A monotonic clock in milliseconds, for durations and rate limits. */
int64_t clock_mono_ms(void);

/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ" (needs 25 bytes). */
void clock_iso8601(int64_t ms, char *out, size_t outsz);

#endif
