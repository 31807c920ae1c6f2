/* common.c — see common.h. */
#include "cli/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"

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

static bool is_uri(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

/* Reads the store setting of DIR/renda.conf ("key = value" lines, '#'
 * comments) into out: 1 found, 0 no file or no setting, -1 an error
 * (printed). */
static int conf_store(const char *cmd, const char *dir, char *out, size_t outsz)
{
	char path[4200], line[4200];
	FILE *f;
	int lineno = 0, rc = 0;

	snprintf(path, sizeof(path), "%s/renda.conf", dir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (rc >= 0 && fgets(line, sizeof(line), f)) {
		char *key = line, *eq, *val, *end;

		lineno++;
		while (*key == ' ' || *key == '\t')
			key++;
		if (*key == '#' || *key == '\n' || *key == '\0')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			fprintf(stderr, "renda %s: %s line %d: expected key = value\n", cmd, path,
				lineno);
			rc = -1;
			break;
		}
		for (end = eq; end > key && (end[-1] == ' ' || end[-1] == '\t'); end--)
			;
		*end = '\0';
		val = eq + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		end = val + strlen(val);
		while (end > val && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
			end--;
		*end = '\0';
		if (strcmp(key, "store") != 0) {
			fprintf(stderr, "renda %s: %s line %d: unknown setting '%s'\n", cmd, path,
				lineno, key);
			rc = -1;
		} else if (!is_uri(val) || strlen(val) >= outsz) {
			fprintf(stderr, "renda %s: %s line %d: store must be a postgresql:// URI\n",
				cmd, path, lineno);
			rc = -1;
		} else {
			str_copy(out, outsz, val);
			rc = 1;
		}
	}
	fclose(f);
	return rc;
}

/* DIR/renda.conf with the store setting, mode 0600 (the URI may hold a
 * password). */
static bool conf_write(const char *cmd, const char *dir, const char *uri)
{
	char path[4200];
	FILE *f;
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "%s/renda.conf", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "renda %s: cannot write %s: %s\n", cmd, path, strerror(errno));
		return false;
	}
	fprintf(f,
		"# Written by renda init/demo: the database of this data folder.\n"
		"store = %s\n",
		uri);
	ok = fclose(f) == 0;
	if (!ok)
		fprintf(stderr, "renda %s: cannot write %s\n", cmd, path);
	return ok;
}

struct store *cli_open_store(const char *cmd, const char *dir, const char *store, bool must_exist,
			     bool read_only)
{
	struct store_options opt = {0};
	struct rd_error err = {0};
	struct store *s = NULL;
	char path[4200];
	struct stat st;
	int conf;

	if (store && !is_uri(store)) {
		fprintf(stderr, "renda %s: --store must be a postgresql:// URI\n", cmd);
		return NULL;
	}
	if (store) {
		str_copy(path, sizeof(path), store);
		conf = 1;
	} else {
		conf = conf_store(cmd, dir, path, sizeof(path));
		if (conf < 0)
			return NULL;
	}
	if (conf) {
		if (!must_exist &&
		    (!cli_make_dir(dir) || (store && !conf_write(cmd, dir, store)))) {
			fprintf(stderr, "renda %s: cannot prepare folder %s\n", cmd, dir);
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
