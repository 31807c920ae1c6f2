/*
 * main.c — `renda COMMAND [OPTIONS]`: finds the subcommand and runs it.
 */
#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "cli/cli.h"
#include "base/banned.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *help;
};

static const struct command commands[] = {
	{"serve", cli_serve, "serve the web interface and the API", cli_serve_help},
	{"init", cli_init, "create an empty data folder and the first staff account",
	 cli_init_help},
	{"demo", cli_demo, "create a data folder filled with demo data", cli_demo_help},
	{"verify", cli_verify, "check the audit chain of a data folder", cli_verify_help},
	{"backup", cli_backup, "copy the database while renda runs", cli_backup_help},
	{"tally", cli_tally, "decide an election round from its ballots or counts (JSON)",
	 cli_tally_help},
	{"remind", cli_remind, "e-mail handling units their overdue and due replies",
	 cli_remind_help},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out,
		"renda %s — software for a county People's Congress (人大)\n\n"
		"usage: renda COMMAND [OPTIONS]\n\ncommands:\n",
		RENDA_VERSION);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`renda help COMMAND` shows a command's options.\n");
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("renda %s\n", RENDA_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		cmd = find(argv[2]);
		if (!cmd) {
			fprintf(stderr, "renda: unknown command '%s' (see renda --help)\n",
				argv[2]);
			return 2;
		}
		fputs(cmd->help, stdout);
		return 0;
	}
	cmd = find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "renda: unknown command '%s' (see renda --help)\n", argv[1]);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(cmd->help, stdout);
			return 0;
		}
	}
	if (secret_init() != 0) {
		fprintf(stderr, "renda: cannot initialise libsodium\n");
		return 1;
	}
	return cmd->run(argc - 1, argv + 1);
}
