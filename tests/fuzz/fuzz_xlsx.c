/*
 * fuzz_xlsx.c — xlsx_read over arbitrary bytes (an uploaded workbook). Never
 * a crash, a leak or a hang; a refusal names the file or a row; an accepted
 * table has valid UTF-8 cells within the limits and row numbers that increase.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "doc/xlsx.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct rd_error err = {0};
	struct table t;
	enum rd_err rc;

	arena_init(&a, 256u << 20);
	rc = xlsx_read(data, size, &a, &t, &err);
	if (rc != RD_OK) {
		if (rc != RD_EINVAL && rc != RD_ETOOBIG)
			abort();
		if (t.nrows || t.rows)
			abort();
		if (strncmp(err.field, "row ", 4) != 0 && strcmp(err.field, "file") != 0)
			abort();
		goto out;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		const struct table_row *row = &t.rows[r];

		if (row->line == 0 || (r && row->line <= t.rows[r - 1].line))
			abort();
		if (row->ncells == 0 || row->ncells > TABLE_MAX_CELLS)
			abort();
		if (row->cells[row->ncells - 1][0] == '\0')
			abort();
		for (size_t c = 0; c < row->ncells; c++) {
			size_t n = strlen(row->cells[c]);

			if (n > TABLE_MAX_TEXT || !str_utf8_valid(row->cells[c], n))
				abort();
		}
	}
out:
	arena_release(&a);
	return 0;
}
