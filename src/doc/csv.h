/*
 * csv.h — CSV in and out (RFC 4180), for the delegate roster and other lists.
 *
 * Staff keep rosters in Excel; Excel on Chinese Windows saves "CSV" in GB18030
 * (code page 936) and "CSV UTF-8" with a BOM. The reader accepts both and
 * hands back UTF-8; the writer adds a BOM on request so that Excel opens the
 * export with the Chinese intact.
 */
#ifndef RD_DOC_CSV_H
#define RD_DOC_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "doc/table.h"

#define CSV_MAX_INPUT (32u << 20) /* bytes of input */

/*
 * Parses CSV (RFC 4180: quotes, doubled quotes, embedded newlines and commas;
 * CRLF, LF or a lone CR; a last line with or without newline) into *out, all
 * of it allocated in a (see table.h).
 *
 * Encoding: UTF-8 with or without BOM; if the bytes are not valid UTF-8 (and
 * there is no BOM), they are taken as GB18030 and converted with iconv(3).
 * Blank lines, and rows whose cells are all empty (Excel writes ",,," for
 * them), are skipped; line numbers still count them. A cell's text is kept as
 * is: no trimming, embedded line breaks as in the file.
 *
 * Failure leaves *out empty (whatever was allocated stays in the arena):
 *  RD_ETOOBIG  over 32 MiB of input, 100,000 rows, 256 cells in a row, 10,000
 *              bytes in a cell or 4,000,000 cells in all; err->field "line N"
 *              (or "file" for the input size)
 *  RD_EINVAL   a malformed row (unterminated quote, a quote in an unquoted cell,
 *              text after a closing quote, a NUL byte) or bytes that are neither
 *              UTF-8 nor GB18030: err->field "line N"; UTF-16 text: field "file"
 *  RD_ENOMEM   the arena or malloc ran out
 */
enum rd_err csv_parse(const char *data, size_t n, struct arena *a, struct table *out,
		      struct rd_error *err);

/*
 * Appends t to out as CSV: CRLF line ends, a cell quoted only when it holds a
 * comma, a quote, CR or LF (quotes doubled) or starts with U+FEFF (which a
 * reader would take for a BOM), a UTF-8 BOM first when bom is true (so that
 * Excel opens Chinese text correctly). out is the caller's buffer,
 * initialised with the cap the caller wants, and the caller releases it.
 * Cells are written verbatim: a cell starting with '=' stays a formula to a
 * spreadsheet, so exports of text typed by the public should prefer XLSX.
 * Returns RD_OK, or the buffer's error (RD_ETOOBIG at its cap, RD_ENOMEM), and
 * then out has given up (see buf.h).
 */
enum rd_err csv_write(const struct table *t, bool bom, struct buf *out);

#endif
