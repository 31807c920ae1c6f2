/*
 * tally.c — `renda tally [FILE]`: decides one election round from JSON
 * (spec/tally.md). Exit 0 with the decision on standard output; exit 2 with
 * empty standard output and one line on standard error naming the field.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "doc/tally_json.h"
#include "rules/tally.h"
#include "base/banned.h"

const char cli_tally_help[] =
	"usage: renda tally [FILE]\n"
	"\n"
	"Reads one round of an election as JSON from FILE (or standard input) and\n"
	"prints the decision as JSON: validity, threshold, every name's votes, who\n"
	"is elected, a tie to vote again, seats left for a re-election.\n"
	"The rules are those of the Local Organic Law arts. 25-29 and the Electoral\n"
	"Law arts. 44-45; the format is described in docs/rules.md.\n"
	"\n"
	"Exit status: 0 a decision was made (even \"void\"); 2 the input is\n"
	"malformed (standard error names the field).\n";

/* Prints "renda tally: FIELD: MESSAGE" on one line, control bytes replaced. */
static int fail(const struct rd_error *e)
{
	char line[400];

	snprintf(line, sizeof(line), "%s%s%s", e->field, e->field[0] ? ": " : "", e->message);
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fprintf(stderr, "renda tally: %s\n", line);
	return 2;
}

/* Reads all of f into b (capped); RD_OK, RD_ETOOBIG, RD_ENOMEM or RD_EIO. */
static enum rd_err read_all(FILE *f, struct buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_append(b, chunk, n) != RD_OK)
			return buf_error(b);
	}
	return ferror(f) ? RD_EIO : RD_OK;
}

int cli_tally(int argc, char **argv)
{
	struct rd_error err;
	struct buf in, out;
	struct arena a;
	struct tally_input input;
	struct tally_result result;
	FILE *f = stdin;
	int status = 2;
	enum rd_err rc;

	rd_error_clear(&err);
	buf_init(&in, TALLY_JSON_MAX);
	buf_init(&out, TALLY_JSON_MAX);
	arena_init(&a, (size_t)512 << 20);
	if (argc > 2) {
		rd_fail(&err, RD_EINVAL, "usage", "renda tally [FILE]");
		status = fail(&err);
		goto out;
	}
	if (argc == 2 && strcmp(argv[1], "-") != 0) {
		f = fopen(argv[1], "rb");
		if (!f) {
			rd_fail(&err, RD_EIO, "file", "cannot open %s: %s", argv[1],
				strerror(errno));
			status = fail(&err);
			goto out;
		}
	}
	rc = read_all(f, &in);
	if (rc != RD_OK) {
		rd_fail(&err, rc, "json",
			rc == RD_ETOOBIG ? "input too large" : "cannot read the input");
		status = fail(&err);
		goto out;
	}
	rc = tally_json_parse(buf_str(&in), in.len, &a, &input, &err);
	if (rc == RD_OK)
		rc = tally_decide(&input, &a, &result, &err);
	if (rc == RD_OK)
		rc = tally_json_format(&result, &out);
	if (rc != RD_OK) {
		if (!err.message[0])
			rd_fail(&err, rc, "output", "cannot format the result");
		status = fail(&err);
		goto out;
	}
	fputs(buf_str(&out), stdout);
	status = fflush(stdout) == 0 ? 0 : 1;
out:
	if (f && f != stdin)
		fclose(f);
	arena_release(&a);
	buf_release(&in);
	buf_release(&out);
	return status;
}
