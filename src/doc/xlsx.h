/*
 * xlsx.h — Excel workbooks in and out, for the delegate roster and lists.
 *
 * The reader takes the first worksheet of an .xlsx (Office Open XML, as Excel
 * and WPS save it) as a table of text; the writer makes a one-sheet workbook
 * of text cells. An .xlsx is a zip of XML parts: the reader unzips from memory
 * (minizip) and parses with expat, streaming, so a part is never held whole.
 */
#ifndef RD_DOC_XLSX_H
#define RD_DOC_XLSX_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "doc/table.h"

#define XLSX_MAX_INPUT (32u << 20) /* bytes of the .xlsx file */
#define XLSX_MAX_PART  (64u << 20) /* uncompressed bytes of one part (zip bombs) */

/*
 * Reads the first worksheet (the first <sheet> of the workbook, wherever its
 * part is) into *out, all of it allocated in a (see table.h). Cells: shared
 * and inline strings (without phonetic runs), numbers as their text (integers
 * without ".0", others to 15 significant digits, as Excel shows them; a date
 * comes out as Excel's day number), booleans as TRUE/FALSE, formula results
 * as their cached value, an empty cell as "". Cells are placed by their
 * reference (A1, C7), so gaps are kept; trailing empty cells are dropped, and
 * rows with no text are skipped. row.line is the row number Excel shows.
 *
 * Failure leaves *out empty (whatever was allocated stays in the arena):
 *  RD_EINVAL   not an xlsx (not a zip, no workbook, damaged zip or XML, a DTD,
 *              rows out of order): err->field "file"
 *  RD_ETOOBIG  a file over 32 MiB or a part over 64 MiB uncompressed (field
 *              "file"); over 100,000 rows, 256 columns, 10,000 bytes in a cell
 *              or 4,000,000 cells in all (field "row N")
 *  RD_ENOMEM   the arena or malloc ran out
 */
enum rd_err xlsx_read(const void *data, size_t n, struct arena *a, struct table *out,
		      struct rd_error *err);

/*
 * Appends to out a one-sheet .xlsx of t (libxlsxwriter): every cell a text
 * cell (so that ID and phone numbers keep their digits and no cell is ever a
 * formula), the first row bold as a header and frozen, column widths fitted
 * to the text (a CJK character counts two). sheet_name may be NULL ("Sheet1").
 * libxlsxwriter writes files, so the workbook goes through a private temp
 * file (mkstemp in $TMPDIR or /tmp), removed before returning.
 * out is the caller's buffer with the caller's cap; the caller releases it.
 * Failure: RD_EINVAL field "sheet_name" (over 31 characters, or one of
 * []:*?/\), field "table" (a cell over 32,767 characters, too many rows or
 * columns for Excel); RD_EIO (temp file); out's error (RD_ETOOBIG, RD_ENOMEM).
 */
enum rd_err xlsx_write(const struct table *t, const char *sheet_name, struct buf *out,
		       struct rd_error *err);

#endif
