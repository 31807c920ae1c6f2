/*
 * setup.c — `renda init` and `renda demo`: a new data folder, its first
 * accounts, and (for demo) a cast of demo users with one known password.
 * Both refuse a folder that already has accounts, so they cannot clobber
 * a real deployment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/secret.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/demo.h"
#include "store/audit.h"
#include "store/users.h"
#include "base/banned.h"

#define DEMO_PASSWORD "demo1234"

const char cli_init_help[] =
	"usage: renda init [--data DIR] [--store URI] [--name NAME]\n"
	"\n"
	"Creates an empty data folder with the first staff account, 'admin'.\n"
	"Its password is taken from the RENDA_ADMIN_PASSWORD environment variable,\n"
	"or made up and printed once.\n"
	"\n"
	"  --data DIR   the folder to create (default ./data)\n"
	"  --name NAME  the congress's name, e.g. 某某县第十八届人民代表大会\n" CLI_STORE_HELP;

const char cli_demo_help[] =
	"usage: renda demo [--data DIR] [--store URI]\n"
	"\n"
	"Creates a data folder filled with demo data and demo accounts, all with\n"
	"the password " DEMO_PASSWORD ". For trying renda out; never for real use.\n"
	"\n"
	"  --data DIR   the folder to create (default ./data)\n" CLI_STORE_HELP;

struct account {
	const char *username;
	const char *display_name;
	unsigned roles;
};

static const struct account demo_accounts[] = {
	{"staff", "王秘书", ROLE_STAFF},
	{"zhuxi", "李建国", ROLE_PRESIDIUM | ROLE_DELEGATE},
	{"daibiao01", "张桂英", ROLE_DELEGATE},
	{"daibiao02", "刘志强", ROLE_DELEGATE},
	{"daibiao03", "陈晓梅", ROLE_DELEGATE},
	{"daibiao04", "杨德胜", ROLE_DELEGATE},
	{"daibiao05", "赵红霞", ROLE_DELEGATE},
	{"daibiao06", "黄永福", ROLE_DELEGATE},
	{"daibiao07", "周丽娟", ROLE_DELEGATE},
	{"daibiao08", "吴国平", ROLE_DELEGATE},
	{"danwei", "县交通运输局", ROLE_HANDLING_UNIT},
	{"shenji", "孙监票", ROLE_AUDITOR},
};

struct setup_ctx {
	const struct account *accounts;
	size_t n;
	char (*hashes)[SECRET_PWHASH_LEN];
	const char *congress_name;
	bool demo; /* also the demo congress */
};

static enum rd_err setup_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct setup_ctx *c = arg;
	int64_t count, id, now = clock_now_ms();
	char subject[32], detail[512];
	enum rd_err rc;

	rc = users_count(tx, &count);
	if (rc)
		return rc;
	if (count > 0)
		return rd_fail(err, RD_ECONFLICT, "data", "the folder already has accounts");
	if (c->congress_name) {
		rc = settings_set(tx, "congress_name", c->congress_name);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct account *a = &c->accounts[i];

		rc = users_create(tx, a->username, a->display_name, c->hashes[i], a->roles, now,
				  &id);
		if (rc)
			return rc;
		snprintf(subject, sizeof(subject), "user:%lld", (long long)id);
		{
			size_t len = (size_t)snprintf(detail, sizeof(detail), "{\"roles\":[");

			for (int r = 0, first = 1; r < ROLE_COUNT; r++)
				if (a->roles & role_bit_at(r)) {
					len += (size_t)snprintf(detail + len, sizeof(detail) - len,
								"%s\"%s\"", first ? "" : ",",
								role_name_at(r));
					first = 0;
				}
			snprintf(detail + len, sizeof(detail) - len, "],\"username\":\"%s\"}",
				 a->username);
		}
		rc = audit_append(tx, now, "renda-setup", "user.create", subject, detail, NULL);
		if (rc)
			return rc;
	}
	if (!c->demo)
		return RD_OK;
	rc = demo_floor_write(tx, now);
	return rc ? rc : demo_opinions_write(tx, now);
}

static int setup(const char *cmd, const char *dir, const char *store,
		 const struct account *accounts, size_t n, const char *const *passwords,
		 const char *congress_name, bool demo)
{
	struct setup_ctx c = {
		.accounts = accounts, .n = n, .congress_name = congress_name, .demo = demo};
	struct rd_error err = {0};
	struct store *s = NULL;
	int rc = 1;

	c.hashes = calloc(n, sizeof(*c.hashes));
	if (!c.hashes)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (secret_password_hash(passwords[i], c.hashes[i])) {
			fprintf(stderr, "renda %s: cannot hash a password (out of memory)\n", cmd);
			goto out;
		}
	}
	s = cli_open_store(cmd, dir, store, false, false);
	if (!s)
		goto out;
	if (store_write(s, setup_write, &c, &err)) {
		fprintf(stderr, "renda %s: %s in %s\n", cmd, err.message, dir);
		goto out;
	}
	rc = 0;
out:
	store_free(s);
	free(c.hashes);
	return rc;
}

int cli_init(int argc, char **argv)
{
	const char *dir = CLI_DEFAULT_DATA, *name = NULL, *store = NULL;
	const struct cli_opt opts[] = {
		{"--data", true, &dir, NULL},
		{"--store", true, &store, NULL},
		{"--name", true, &name, NULL},
		{NULL},
	};
	static const struct account admin[] = {{"admin", "系统管理员", ROLE_STAFF}};
	const char *env = getenv("RENDA_ADMIN_PASSWORD");
	char made[SECRET_TOKEN_LEN];
	const char *pw[1];

	if (!cli_parse("init", argc, argv, opts, NULL, 0, NULL))
		return 2;
	if (env && strlen(env) < 8) {
		fprintf(stderr,
			"renda init: RENDA_ADMIN_PASSWORD must have 8 characters or more\n");
		return 2;
	}
	if (!env)
		secret_token(made);
	pw[0] = env ? env : made;
	if (setup("init", dir, store, admin, 1, pw, name, false))
		return 1;
	printf("renda: created %s with the staff account 'admin'", dir);
	if (!env)
		printf(", password %s (shown once: write it down)", made);
	printf("\n");
	return 0;
}

int cli_demo(int argc, char **argv)
{
	const char *dir = CLI_DEFAULT_DATA, *store = NULL;
	const struct cli_opt opts[] = {
		{"--data", true, &dir, NULL}, {"--store", true, &store, NULL}, {NULL}};
	size_t n = sizeof(demo_accounts) / sizeof(demo_accounts[0]);
	const char *pw[sizeof(demo_accounts) / sizeof(demo_accounts[0])];

	if (!cli_parse("demo", argc, argv, opts, NULL, 0, NULL))
		return 2;
	for (size_t i = 0; i < n; i++)
		pw[i] = DEMO_PASSWORD;
	if (setup("demo", dir, store, demo_accounts, n, pw, "示范县第十七届人民代表大会", true))
		return 1;
	printf("renda: created %s with demo data. Demo logins (password %s):\n", dir,
	       DEMO_PASSWORD);
	for (size_t i = 0; i < n; i++) {
		char roles[96] = "";
		size_t len = 0;

		for (int r = 0; r < ROLE_COUNT; r++)
			if (demo_accounts[i].roles & role_bit_at(r))
				len += (size_t)snprintf(roles + len, sizeof(roles) - len, "%s%s",
							len ? "," : "", role_name_at(r));
		printf("  %-10s %-16s %s\n", demo_accounts[i].username, roles,
		       demo_accounts[i].display_name);
	}
	return 0;
}
