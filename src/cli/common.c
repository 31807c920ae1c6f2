/* common.c — see common.h. */
#include "cli/common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/banned.h"

bool cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos,
	       size_t max_pos, size_t *npos)
{
	size_t np = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct cli_opt *o;
		const char *eq;
		size_t len;

		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (np >= max_pos) {
				fprintf(stderr,
					"renda %s: unexpected argument '%s' (see renda help %s)\n",
					cmd, arg, cmd);
				return false;
			}
			pos[np++] = arg;
			continue;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		for (o = opts; o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, arg, len) == 0)
				break;
		if (!o->name) {
			fprintf(stderr, "renda %s: unknown option '%.*s' (see renda help %s)\n",
				cmd, (int)len, arg, cmd);
			return false;
		}
		if (!o->has_value) {
			if (eq) {
				fprintf(stderr, "renda %s: option %s takes no value\n", cmd,
					o->name);
				return false;
			}
			*o->flag = true;
			continue;
		}
		if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			fprintf(stderr, "renda %s: option %s needs a value\n", cmd, o->name);
			return false;
		}
		if (!**o->value) {
			fprintf(stderr, "renda %s: option %s needs a value\n", cmd, o->name);
			return false;
		}
	}
	if (npos)
		*npos = np;
	return true;
}

void cli_db_path(const char *dir, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s/renda.db", dir);
}

bool cli_make_dir(const char *dir)
{
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return true;
	return false;
}

struct store *cli_open_store(const char *cmd, const char *dir, bool must_exist, bool read_only)
{
	struct store_options opt = {0};
	struct rd_error err = {0};
	struct store *s = NULL;
	char path[4200];
	struct stat st;

	cli_db_path(dir, path, sizeof(path));
	if (must_exist && stat(path, &st) != 0) {
		fprintf(stderr,
			"renda %s: no database in %s (create one with `renda init --data %s`"
			" or `renda demo --data %s`)\n",
			cmd, dir, dir, dir);
		return NULL;
	}
	if (!must_exist && !cli_make_dir(dir)) {
		fprintf(stderr, "renda %s: cannot create folder %s: %s\n", cmd, dir,
			strerror(errno));
		return NULL;
	}
	opt.path = path;
	opt.read_only = read_only;
	if (store_open(&opt, &s, &err)) {
		fprintf(stderr, "renda %s: %s\n", cmd, err.message);
		return NULL;
	}
	return s;
}
