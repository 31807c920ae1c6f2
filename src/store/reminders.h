/*
 * reminders.h — the reminder sweep's view of the store (issue 6): the replies
 * due by a date with their lead units, and the reminders sent, one per unit,
 * day and kind, so that a second sweep the same day sends nothing.
 */
#ifndef RD_STORE_REMINDERS_H
#define RD_STORE_REMINDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* One suggestion whose reply is due, with its lead unit. Strings are valid
 * only during the callback. */
struct reminder_item {
	int64_t unit_id;
	const char *unit_name;
	const char *unit_email; /* "" when the unit has none */
	int64_t suggestion_id;
	const char *title;
	const char *state; /* assigned / rehandling */
	const char *due_on;
};

/*
 * Calls each for every suggestion assigned or in rehandling whose reply is
 * due on or before `horizon` ("YYYY-MM-DD"), by unit, then due date, then
 * id. A non-zero return from each stops the walk (RD_OK still).
 */
enum rd_err reminders_due_each(struct store_tx *tx, const char *horizon,
			       int (*each)(const struct reminder_item *, void *), void *ctx);

/* Whether the unit was sent a reminder of `kind` on `on`. */
enum rd_err reminder_was_sent(struct store_tx *tx, int64_t unit_id, const char *on,
			      const char *kind, bool *sent);

/* Records a reminder sent: RD_ECONFLICT if one of that unit, day and kind is
 * recorded already. */
enum rd_err reminder_record(struct store_tx *tx, int64_t unit_id, const char *on, const char *kind,
			    int64_t at, const char *address, int64_t items);

#endif
