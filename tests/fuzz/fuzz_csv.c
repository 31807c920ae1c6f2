/*
 * fuzz_csv.c — csv_parse over arbitrary bytes (an uploaded roster). Never a
 * crash or a leak; a refusal is RD_EINVAL/RD_ETOOBIG naming the line or the
 * file; an accepted table has valid UTF-8 cells within the limits and lines
 * that increase, and writing it out and reading it back gives the same table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/str.h"
#include "doc/csv.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_table(const struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const struct table_row *row = &t->rows[r];
		bool empty = true;

		if (row->line == 0 || (r && row->line <= t->rows[r - 1].line))
			abort();
		if (row->ncells == 0 || row->ncells > TABLE_MAX_CELLS)
			abort();
		for (size_t c = 0; c < row->ncells; c++) {
			size_t n = strlen(row->cells[c]);

			if (n > TABLE_MAX_TEXT || !str_utf8_valid(row->cells[c], n))
				abort();
			if (n)
				empty = false;
		}
		if (empty)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct rd_error err = {0};
	struct table t, u;
	struct buf b;
	enum rd_err rc;

	arena_init(&a, 256u << 20);
	buf_init(&b, 64u << 20);
	rc = csv_parse((const char *)data, size, &a, &t, &err);
	if (rc != RD_OK) {
		if (rc != RD_EINVAL && rc != RD_ETOOBIG)
			abort();
		if (t.nrows || t.rows)
			abort();
		if (strncmp(err.field, "line ", 5) != 0 && strcmp(err.field, "file") != 0)
			abort();
		goto out;
	}
	check_table(&t);
	if (csv_write(&t, size & 1, &b) != RD_OK)
		abort();
	if (csv_parse(b.data ? b.data : "", b.len, &a, &u, &err) != RD_OK || u.nrows != t.nrows)
		abort();
	for (size_t r = 0; r < t.nrows; r++) {
		if (u.rows[r].ncells != t.rows[r].ncells)
			abort();
		for (size_t c = 0; c < t.rows[r].ncells; c++)
			if (strcmp(u.rows[r].cells[c], t.rows[r].cells[c]) != 0)
				abort();
	}
out:
	buf_release(&b);
	arena_release(&a);
	return 0;
}
