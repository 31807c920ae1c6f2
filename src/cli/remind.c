/*
 * remind.c — `renda remind`: the daily reminder sweep (api/reminders.c).
 * Each handling unit gets at most one e-mail a day listing the suggestions
 * it leads whose reply is overdue or due within the window.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/reminders.h"
#include "base/clock.h"
#include "base/str.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "rules/dates.h"
#include "rules/handling.h"
#include "base/banned.h"

const char cli_remind_help[] =
	"usage: renda remind [--data DIR] [--store URI] --smtp URL [--from ADDR] [--today "
	"YYYY-MM-DD]\n"
	"                    [--days N] [--dry-run]\n"
	"\n"
	"Sends each handling unit one e-mail listing the suggestions it leads whose\n"
	"reply (or new reply after a dissatisfied rating) is overdue or due within\n"
	"N days, to the unit's e-mail address. Run it daily (cron, systemd timer):\n"
	"a unit reminded today already is not sent another; a unit without an\n"
	"address is listed. Every reminder sent is recorded and audited. Exit\n"
	"status 0 if every mail due was sent, 1 if one could not be (nothing is\n"
	"recorded for it: the next run tries again), 2 on bad usage.\n"
	"\n"
	"  --data DIR      the data folder (default ./data)\n"
	"  --store URI     a PostgreSQL database instead of the folder's own\n"
	"  --smtp URL      the mail server: smtp://host[:port], smtps://…, with\n"
	"                  user:password@ if it needs a login (default $RENDA_SMTP_URL)\n"
	"  --from ADDR     the sender address (default $RENDA_MAIL_FROM or renda@localhost)\n"
	"  --today DATE    the day of the sweep, for tests and backfills\n"
	"                  (default today in Asia/Shanghai)\n"
	"  --days N        remind N days ahead (default 15)\n"
	"  --dry-run       list what would be sent; send and record nothing\n";

int cli_remind(int argc, char **argv)
{
	const char *dir = CLI_DEFAULT_DATA, *smtp = getenv("RENDA_SMTP_URL"),
		   *from = getenv("RENDA_MAIL_FROM"), *today = NULL, *days = NULL;
	bool dry = false;
	const char *store = NULL;
	const struct cli_opt opts[] = {
		{"--data", true, &dir, NULL},	  {"--store", true, &store, NULL},
		{"--smtp", true, &smtp, NULL},	  {"--from", true, &from, NULL},
		{"--today", true, &today, NULL},  {"--days", true, &days, NULL},
		{"--dry-run", false, NULL, &dry}, {NULL}};
	struct remind_options o = {.days = HANDLING_REMIND_DAYS_DEFAULT, .report = stdout};
	struct remind_result r;
	struct rd_error err = {0};
	struct store *s;
	int64_t n;
	enum rd_err rc;

	if (!cli_parse("remind", argc, argv, opts, NULL, 0, NULL))
		return 2;
	if (!smtp || !*smtp) {
		if (!dry) {
			fprintf(stderr, "renda remind: give the mail server with --smtp URL"
					" (or RENDA_SMTP_URL)\n");
			return 2;
		}
		smtp = "";
	}
	if (strncmp(smtp, "smtp://", 7) != 0 && strncmp(smtp, "smtps://", 8) != 0 && !dry) {
		fprintf(stderr, "renda remind: --smtp must be smtp://… or smtps://…\n");
		return 2;
	}
	if (!from || !*from)
		from = "renda@localhost";
	if (!strchr(from, '@') || strpbrk(from, " \t\r\n<>,;\"")) {
		fprintf(stderr, "renda remind: --from '%s' is not an e-mail address\n", from);
		return 2;
	}
	if (today) {
		if (dates_parse(today, strlen(today), &o.today, NULL)) {
			fprintf(stderr, "renda remind: --today must be a date YYYY-MM-DD\n");
			return 2;
		}
	} else {
		o.today = dates_of_instant(clock_now_ms());
	}
	if (days) {
		if (str_to_i64(days, strlen(days), 0, HANDLING_REMIND_DAYS_MAX, &n)) {
			fprintf(stderr, "renda remind: --days must be 0 to %d\n",
				HANDLING_REMIND_DAYS_MAX);
			return 2;
		}
		o.days = (int32_t)n;
	}
	o.smtp.url = smtp;
	o.smtp.from = from;
	o.dry_run = dry;
	s = cli_open_store("remind", dir, store, true, false);
	if (!s)
		return 1;
	if (mail_global_init()) {
		fprintf(stderr, "renda remind: cannot initialise libcurl\n");
		store_free(s);
		return 1;
	}
	rc = reminders_sweep(s, &o, &r, &err);
	mail_global_cleanup();
	store_free(s);
	if (rc == RD_EIO) {
		fprintf(stderr,
			"renda remind: %d of %d reminders could not be sent, none of them recorded"
			" (run again to retry): %s\n",
			r.failed, r.failed + r.sent, err.message);
		return 1;
	}
	if (rc) {
		fprintf(stderr, "renda remind: %s\n",
			err.message[0] ? err.message : rd_err_name(rc));
		return 1;
	}
	printf("%d reminders sent (%d suggestions), %d units reminded today already, %d units"
	       " without an address\n",
	       r.sent, r.items, r.already, r.no_address);
	return 0;
}
