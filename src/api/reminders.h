/*
 * reminders.h — the reminder sweep (issue 6): each handling unit gets at most
 * one e-mail a day listing the suggestions it leads whose reply is overdue or
 * due within the window (a setting, 15 days by default: rules/handling.h).
 *
 * Run by `renda remind` (daily, from cron or a systemd timer), beside a
 * running server or not. For each unit with items: if a reminder of that day
 * is recorded already, nothing is sent; otherwise the mail is sent first and
 * recorded after, with an audit entry, in one transaction. So a failed send
 * records nothing (the next run tries again), and a crash between sending
 * and recording can only send twice, never lose a reminder.
 */
#ifndef RD_API_REMINDERS_H
#define RD_API_REMINDERS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "api/mail.h"
#include "base/err.h"
#include "rules/dates.h"
#include "store/store.h"

struct remind_options {
	struct mail_server smtp;
	struct civil_date today; /* in the deployment's time zone */
	int32_t days;		 /* the window: HANDLING_REMIND_DAYS_DEFAULT */
	bool dry_run;		 /* list what would be sent; send and record nothing */
	FILE *report;		 /* one line per unit (may be NULL) */
};

struct remind_result {
	int sent;	/* mails sent and recorded */
	int already;	/* units reminded today already */
	int no_address; /* units with items but no e-mail address */
	int failed;	/* units whose mail could not be sent */
	int items;	/* suggestions listed in the mails sent */
};

/*
 * Runs the sweep. RD_OK when every mail due was sent (or there was none);
 * RD_EIO when some could not be sent (err says the first failure; the report
 * names each); RD_EINVAL for bad options; store errors as they come.
 */
enum rd_err reminders_sweep(struct store *s, const struct remind_options *o,
			    struct remind_result *out, struct rd_error *err);

#endif
