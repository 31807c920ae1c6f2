/*
 * backup.c — `renda backup`: a consistent copy of the database, taken while
 * the server keeps serving (SQLite's online backup copies a snapshot in
 * small steps). Restoring is copying the file into an empty data folder as
 * renda.db; `renda verify` then checks the audit chain of the copy.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "base/banned.h"

const char cli_backup_help[] =
	"usage: renda backup [--data DIR] [--store URI] --out FILE\n"
	"\n"
	"Writes a consistent copy of DIR/renda.db to FILE while renda keeps running.\n"
	"To restore: create an empty folder, copy FILE into it as renda.db, and run\n"
	"`renda verify --data FOLDER` before serving it.\n"
	"\n"
	"  --data DIR   the data folder (default ./data)\n"
	"  --out FILE   where to write the copy (replaced if it exists)\n" CLI_STORE_HELP
	"With PostgreSQL the copy is pg_dump's custom format (pg_dump -Fc); restore it\n"
	"with pg_restore into an empty database.\n";

int cli_backup(int argc, char **argv)
{
	const char *dir = CLI_DEFAULT_DATA, *out = NULL, *store = NULL;
	const struct cli_opt opts[] = {
		{"--data", true, &dir, NULL},
		{"--store", true, &store, NULL},
		{"--out", true, &out, NULL},
		{NULL},
	};
	struct rd_error err = {0};
	struct store *s;
	struct stat st;
	int rc = 1;

	if (!cli_parse("backup", argc, argv, opts, NULL, 0, NULL))
		return 2;
	if (!out) {
		fprintf(stderr, "renda backup: --out FILE is required\n");
		return 2;
	}
	s = cli_open_store("backup", dir, store, true, true);
	if (!s)
		return 1;
	if (store_backup(s, out, &err)) {
		fprintf(stderr, "renda backup: %s\n", err.message);
		goto done;
	}
	if (stat(out, &st) == 0)
		printf("renda: backed up %s to %s (%lld bytes)\n", dir, out, (long long)st.st_size);
	rc = 0;
done:
	store_free(s);
	return rc;
}
