/*
 * csv.c — see csv.h.
 *
 * The input is first made UTF-8 (BOM dropped, GB18030 converted), checked to
 * hold no NUL, and then cut into cells by one pass over the bytes. Because the
 * separators (comma, quote, CR, LF) are ASCII and never occur inside a UTF-8
 * multi-byte sequence, every cell of valid UTF-8 text is itself valid UTF-8.
 * Line numbers count physical lines (LF, CRLF or a lone CR), so a row after a
 * quoted cell with a line break in it gets the number an editor shows.
 */
#include "doc/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/banned.h"

static const char csv_bom[3] = {'\xEF', '\xBB', '\xBF'};

struct csv_parser {
	struct arena *a;
	struct rd_error *err;
	struct table_row *rows; /* malloc'd while parsing, copied to the arena at the end */
	size_t nrows, cap;
	const char *cells[TABLE_MAX_CELLS]; /* the row being read */
	size_t ncells;
	size_t total; /* cells kept in all */
	char *text;   /* the cell being read, TABLE_MAX_TEXT bytes */
	size_t textlen;
};

/* The 1-based line of byte pos: LF, CRLF and a lone CR each end a line. */
static size_t csv_line_at(const char *s, size_t pos)
{
	size_t line = 1;

	for (size_t i = 0; i < pos; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= pos || s[i + 1] != '\n')))
			line++;
	return line;
}

static enum rd_err csv_line_fail(struct rd_error *err, enum rd_err code, size_t line,
				 const char *msg)
{
	char field[32];

	snprintf(field, sizeof(field), "line %zu", line);
	return rd_fail(err, code, field, "line %zu: %s", line, msg);
}

/*
 * Converts GB18030 to UTF-8 into a malloc'd buffer (*outp, *outn), which the
 * caller frees. Bytes that are not GB18030 fail RD_EINVAL naming their line.
 */
static enum rd_err csv_from_gb18030(const char *s, size_t n, char **outp, size_t *outn,
				    struct rd_error *err)
{
	iconv_t cd = (iconv_t)-1;
	char *out = NULL, *in = (char *)s, *o;
	size_t inleft = n, outsize, outleft;
	enum rd_err rc = RD_OK;

	*outp = NULL;
	*outn = 0;
	/* A GB18030 character of 2 bytes is at most 3 in UTF-8, one of 4 at most 4. */
	outsize = n / 2 * 3 + 16;
	out = malloc(outsize);
	if (!out) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
		goto out;
	}
	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		rc = rd_fail(err, RD_EUNAVAIL, NULL, "the system cannot convert GB18030 text");
		goto out;
	}
	o = out;
	outleft = outsize - 1;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		if (errno == E2BIG)
			rc = rd_fail(err, RD_EINTERNAL, NULL, "GB18030 conversion overflowed");
		else
			rc = csv_line_fail(err, RD_EINVAL, csv_line_at(s, (size_t)(in - s)),
					   "the file is neither UTF-8 nor GB18030 text; save it "
					   "from Excel as \"CSV UTF-8\"");
		goto out;
	}
	*o = '\0';
	*outn = (size_t)(o - out);
	*outp = out;
	out = NULL;
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(out);
	return rc;
}

/* The first line that is not valid UTF-8 (lines hold whole characters). */
static size_t csv_bad_utf8_line(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n' && s[i] != '\r')
			continue;
		if (!str_utf8_valid(s + start, i - start))
			return csv_line_at(s, start);
		start = i + 1;
	}
	return csv_line_at(s, n);
}

static enum rd_err csv_put(struct csv_parser *p, char c, size_t line)
{
	if (p->textlen >= TABLE_MAX_TEXT)
		return csv_line_fail(p->err, RD_ETOOBIG, line, "a cell is longer than 10000 bytes");
	p->text[p->textlen++] = c;
	return RD_OK;
}

static enum rd_err csv_end_cell(struct csv_parser *p, size_t line)
{
	const char *s = "";

	if (p->ncells >= TABLE_MAX_CELLS)
		return csv_line_fail(p->err, RD_ETOOBIG, line, "a row has more than 256 cells");
	if (p->textlen) {
		s = arena_strndup(p->a, p->text, p->textlen);
		if (!s)
			return rd_fail(p->err, RD_ENOMEM, NULL, "out of memory");
	}
	p->cells[p->ncells++] = s;
	p->textlen = 0;
	return RD_OK;
}

/* Keeps the row just read unless all its cells are empty. */
static enum rd_err csv_end_row(struct csv_parser *p, size_t line)
{
	struct table_row *r;
	bool empty = true;

	for (size_t i = 0; i < p->ncells && empty; i++)
		empty = p->cells[i][0] == '\0';
	if (empty)
		goto done;
	if (p->nrows >= TABLE_MAX_ROWS)
		return csv_line_fail(p->err, RD_ETOOBIG, line, "more than 100000 rows");
	if (p->total + p->ncells > TABLE_MAX_TOTAL)
		return csv_line_fail(p->err, RD_ETOOBIG, line, "more than 4000000 cells");
	if (p->nrows == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct table_row *rows = realloc(p->rows, cap * sizeof(*rows));

		if (!rows)
			return rd_fail(p->err, RD_ENOMEM, NULL, "out of memory");
		p->rows = rows;
		p->cap = cap;
	}
	r = &p->rows[p->nrows];
	r->line = line;
	r->ncells = p->ncells;
	r->cells = arena_alloc(p->a, p->ncells * sizeof(*r->cells));
	if (!r->cells)
		return rd_fail(p->err, RD_ENOMEM, NULL, "out of memory");
	memcpy(r->cells, p->cells, p->ncells * sizeof(*r->cells));
	p->nrows++;
	p->total += p->ncells;
done:
	p->ncells = 0;
	return RD_OK;
}

/* Reads one quoted cell starting at the quote s[*i]; *line follows line breaks. */
static enum rd_err csv_quoted(struct csv_parser *p, const char *s, size_t n, size_t *i,
			      size_t *line)
{
	size_t opened = *line, j = *i + 1;
	enum rd_err rc;

	for (;;) {
		if (j >= n)
			return csv_line_fail(p->err, RD_EINVAL, opened,
					     "a quoted cell opened on this line is never closed");
		if (s[j] == '"') {
			if (j + 1 < n && s[j + 1] == '"') {
				j++;
			} else {
				j++;
				break;
			}
		} else if (s[j] == '\n' || (s[j] == '\r' && (j + 1 >= n || s[j + 1] != '\n'))) {
			(*line)++;
		}
		rc = csv_put(p, s[j], *line);
		if (rc)
			return rc;
		j++;
	}
	if (j < n && s[j] != ',' && s[j] != '\r' && s[j] != '\n')
		return csv_line_fail(p->err, RD_EINVAL, *line,
				     "text after the closing quote of a cell");
	*i = j;
	return RD_OK;
}

static enum rd_err csv_cells(struct csv_parser *p, const char *s, size_t n)
{
	size_t i = 0, line = 1, row_line;
	enum rd_err rc;

	while (i < n) {
		row_line = line;
		for (;;) {
			if (i < n && s[i] == '"') {
				rc = csv_quoted(p, s, n, &i, &line);
				if (rc)
					return rc;
			} else {
				for (; i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n'; i++) {
					if (s[i] == '"')
						return csv_line_fail(
							p->err, RD_EINVAL, line,
							"a quote inside a cell that does not start "
							"with one (quote the cell and double the "
							"quote)");
					rc = csv_put(p, s[i], line);
					if (rc)
						return rc;
				}
			}
			rc = csv_end_cell(p, line);
			if (rc)
				return rc;
			if (i < n && s[i] == ',') {
				i++;
				if (i < n)
					continue;
				/* "a,b," at the very end: one last empty cell. */
				rc = csv_end_cell(p, line);
				if (rc)
					return rc;
				break;
			}
			if (i < n) { /* CR, LF or CRLF */
				if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
					i++;
				i++;
				line++;
			}
			break;
		}
		rc = csv_end_row(p, row_line);
		if (rc)
			return rc;
	}
	return RD_OK;
}

enum rd_err csv_parse(const char *data, size_t n, struct arena *a, struct table *out,
		      struct rd_error *err)
{
	struct csv_parser p = {.a = a, .err = err};
	const char *s = data;
	char *converted = NULL;
	const char *nul;
	enum rd_err rc = RD_OK;

	out->nrows = 0;
	out->rows = NULL;
	if (n > CSV_MAX_INPUT) {
		rc = rd_fail(err, RD_ETOOBIG, "file", "the file is larger than 32 MiB");
		goto out;
	}
	if (n >= 2 && ((s[0] == '\xFF' && s[1] == '\xFE') || (s[0] == '\xFE' && s[1] == '\xFF'))) {
		rc = rd_fail(err, RD_EINVAL, "file",
			     "the file is UTF-16 text; save it from Excel as \"CSV UTF-8\"");
		goto out;
	}
	nul = n ? memchr(s, '\0', n) : NULL;
	if (nul) {
		rc = csv_line_fail(err, RD_EINVAL, csv_line_at(s, (size_t)(nul - s)),
				   "the text holds a NUL byte; is this a CSV file?");
		goto out;
	}
	if (n >= 3 && memcmp(s, csv_bom, 3) == 0) {
		s += 3;
		n -= 3;
		if (!str_utf8_valid(s, n)) {
			rc = csv_line_fail(err, RD_EINVAL, csv_bad_utf8_line(s, n),
					   "the file starts as UTF-8 but this line is not UTF-8");
			goto out;
		}
	} else if (!str_utf8_valid(s, n)) {
		rc = csv_from_gb18030(s, n, &converted, &n, err);
		if (rc)
			goto out;
		s = converted;
		if (!str_utf8_valid(s, n)) { /* iconv should never give this */
			rc = csv_line_fail(err, RD_EINVAL, csv_bad_utf8_line(s, n),
					   "this line could not be converted from GB18030");
			goto out;
		}
	}
	p.text = malloc(TABLE_MAX_TEXT);
	if (!p.text) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = csv_cells(&p, s, n);
	if (rc)
		goto out;
	if (p.nrows) {
		out->rows = arena_alloc(a, p.nrows * sizeof(*out->rows));
		if (!out->rows) {
			rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
			goto out;
		}
		memcpy(out->rows, p.rows, p.nrows * sizeof(*out->rows));
		out->nrows = p.nrows;
	}
out:
	free(p.text);
	free(p.rows);
	free(converted);
	return rc;
}

/* A cell starting with U+FEFF is quoted too, or a reader would take it for a BOM. */
static bool csv_needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL || strncmp(s, csv_bom, 3) == 0;
}

enum rd_err csv_write(const struct table *t, bool bom, struct buf *out)
{
	if (bom)
		buf_append(out, csv_bom, sizeof(csv_bom));
	for (size_t r = 0; r < t->nrows; r++) {
		const struct table_row *row = &t->rows[r];

		for (size_t c = 0; c < row->ncells; c++) {
			const char *s = row->cells[c] ? row->cells[c] : "";

			if (c)
				buf_putc(out, ',');
			if (!csv_needs_quotes(s)) {
				buf_puts(out, s);
				continue;
			}
			buf_putc(out, '"');
			for (;;) {
				const char *q = strchr(s, '"');

				if (!q)
					break;
				buf_append(out, s, (size_t)(q - s + 1)); /* "" for " */
				buf_putc(out, '"');
				s = q + 1;
			}
			buf_puts(out, s);
			buf_putc(out, '"');
		}
		buf_append(out, "\r\n", 2);
	}
	return buf_error(out);
}
