/*
 * table.h — a table of text cells: what the CSV and XLSX readers produce and
 * the writers take.
 *
 * Every string is UTF-8 and NUL-terminated; a reader puts every byte of the
 * table (the row array, the cell arrays, the text) in the arena it is given,
 * so the caller frees the whole table by releasing that arena. Rows keep
 * where they came from (line) so that an import can say "line 17: no name".
 */
#ifndef RD_DOC_TABLE_H
#define RD_DOC_TABLE_H

#include <stddef.h>

/* Limits shared by the readers; past any of them a reader fails RD_ETOOBIG. */
#define TABLE_MAX_ROWS	100000	/* rows kept (blank rows do not count) */
#define TABLE_MAX_CELLS 256	/* cells per row */
#define TABLE_MAX_TEXT	10000	/* bytes per cell */
#define TABLE_MAX_TOTAL 4000000 /* cells in all, gaps included: bounds the pointer arrays */

struct table_row {
	size_t line;	    /* 1-based line (CSV) or row number (XLSX) in the source */
	size_t ncells;	    /* trailing empty cells of an XLSX row are not counted */
	const char **cells; /* ncells strings, "" for an empty cell, never NULL */
};

struct table {
	size_t nrows;
	struct table_row *rows;
};

#endif
