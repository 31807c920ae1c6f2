/*
 * common.h — what the subcommands share: option parsing that fails in one
 * line, the layout of a data folder, and opening its store.
 *
 * A data folder holds renda.db (with its -wal and -shm files) and
 * access.log. Nothing else is required in it. With PostgreSQL it holds no
 * database but renda.conf, whose line "store = postgresql://..." says where
 * the database is (written by `renda init|demo --store URI`), beside
 * signing.key and the logs.
 */
#ifndef RD_CLI_COMMON_H
#define RD_CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define CLI_DEFAULT_DATA "./data"

struct cli_opt {
	const char *name; /* "--data" */
	bool has_value;
	const char **value; /* where a value goes */
	bool *flag;	    /* where a flag goes */
};

/*
 * Parses argv[1..argc) against opts (terminated by a NULL name); accepts
 * "--name value" and "--name=value". Positional arguments go to *pos
 * (at most max_pos of them; pos may be NULL when none are taken). Prints a
 * one-line error naming the option and returns false on anything unknown.
 */
bool cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos,
	       size_t max_pos, size_t *npos);

/* Writes DIR/renda.db into out. */
void cli_db_path(const char *dir, char *out, size_t outsz);

/* Creates dir (one level, mode 0700) if it does not exist. */
bool cli_make_dir(const char *dir);

/* Opens the store of a data folder, printing an error and returning NULL
 * when it cannot. store: a postgresql:// URI from --store, or NULL for the
 * folder's own (renda.conf's store setting, else DIR/renda.db). must_exist:
 * fail if there is no database yet; when it is false (init, demo) a given
 * URI is recorded in DIR/renda.conf for the commands that follow. */
struct store *cli_open_store(const char *cmd, const char *dir, const char *store, bool must_exist,
			     bool read_only);

/* The --store option's line in every command's help. */
#define CLI_STORE_HELP                                                                             \
	"  --store URI  a PostgreSQL database (postgresql://...) instead of DIR/renda.db;\n"       \
	"               init and demo record it in DIR/renda.conf for later commands\n"

#endif
