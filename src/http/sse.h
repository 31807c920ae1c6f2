/*
 * sse.h — what an event stream may ask of GET /api/events.
 *
 * ?skip=a,b names event types the stream does not want (a delegate's device
 * does not show floor.progress, the running count of votes; the big screen
 * and the presiding officer's console do). The stream still moves past
 * skipped ids, so a reconnect with Last-Event-ID works as before: the
 * skipped events just never appear.
 */
#ifndef RD_SSE_H
#define RD_SSE_H

#include <stdint.h>

#include "base/err.h"

/* Every event type the server publishes, NULL-terminated ("reset" is not one:
 * it is the stream's own and cannot be skipped). */
extern const char *const sse_event_types[];

/* Parses a comma-separated list of event type names into a bit set (bit i =
 * sse_event_types[i]). An unknown or empty name fails with RD_EINVAL naming
 * the field `field`. list NULL gives 0. */
enum rd_err sse_types_parse(const char *list, const char *field, uint32_t *mask,
			    struct rd_error *err);

#endif
