/*
 * common.h — what the subcommands share: option parsing that fails in one
 * line, the layout of a data folder, and opening its store.
 *
 * A data folder holds renda.db (with its -wal and -shm files) and
 * access.log. Nothing else is required in it.
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
 * when it cannot. must_exist: fail if there is no database yet. */
struct store *cli_open_store(const char *cmd, const char *dir, bool must_exist, bool read_only);

#endif
