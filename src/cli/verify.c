/*
 * verify.c — `renda verify`: walk the audit chain of a data folder and say
 * whether it is intact, and if not, the first entry that is broken.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "store/audit.h"
#include "base/banned.h"

const char cli_verify_help[] =
	"usage: renda verify [--data DIR]\n"
	"\n"
	"Recomputes the hash chain of the audit log. Prints the number of entries\n"
	"and the head hash (publish it: deleting the newest entries can only be\n"
	"seen against a head published earlier). Exit status 0 if the chain is\n"
	"intact, 1 if an entry was edited, inserted or removed, 2 on bad usage.\n"
	"\n"
	"  --data DIR   the data folder (default ./data)\n";

static enum rd_err verify_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	(void)err;
	return audit_verify(tx, arg);
}

int cli_verify(int argc, char **argv)
{
	const char *dir = CLI_DEFAULT_DATA;
	const struct cli_opt opts[] = {{"--data", true, &dir, NULL}, {NULL}};
	struct audit_report rep;
	struct rd_error err = {0};
	struct store *s;
	int rc = 1;

	if (!cli_parse("verify", argc, argv, opts, NULL, 0, NULL))
		return 2;
	s = cli_open_store("verify", dir, true, true);
	if (!s)
		return 1;
	if (store_read(s, verify_read, &rep, &err)) {
		fprintf(stderr, "renda verify: cannot read the audit log: %s\n", err.message);
		goto out;
	}
	if (rep.broken_at) {
		printf("audit chain BROKEN at entry %lld: %s\n", (long long)rep.broken_at,
		       rep.reason);
		goto out;
	}
	printf("audit chain intact: %lld entries, head %s\n", (long long)rep.entries,
	       rep.entries ? rep.head : "-");
	rc = 0;
out:
	store_free(s);
	return rc;
}
