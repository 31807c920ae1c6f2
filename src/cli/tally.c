/* tally.c — placeholder until src/rules lands (issue 3). */
#include <stdio.h>

#include "cli/cli.h"
#include "base/banned.h"

const char cli_tally_help[] = "usage: renda tally [FILE]\n";

int cli_tally(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "renda tally: not built yet\n");
	return 2;
}
