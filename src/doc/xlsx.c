/*
 * xlsx.c — see xlsx.h.
 *
 * Reading goes part by part: xl/workbook.xml names the first sheet's
 * relationship id, xl/_rels/workbook.xml.rels maps it (and the shared strings)
 * to a part, then the shared strings and the sheet are streamed through expat.
 * Element names are matched by their local name (expat's namespace mode), so
 * prefixed documents (<x:row>) read the same. Every part is counted as it is
 * inflated and refused past XLSX_MAX_PART, whatever its header claims; cells
 * point at the shared strings instead of copying them, and the cell limits
 * bound the arrays, so a small file cannot make a large table.
 */
#include "doc/xlsx.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <minizip/unzip.h>
#include <xlsxwriter.h>

#include "base/str.h"
#include "base/banned.h"

#define XLSX_CHUNK   65536
#define XLSX_MAX_ROW 1048576 /* Excel's last row */

/* ---- unzip from memory -------------------------------------------------- */

struct xlsx_mem {
	const unsigned char *p;
	size_t n, pos;
};

static voidpf ZCALLBACK xlsx_mem_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	return opaque;
}

static uLong ZCALLBACK xlsx_mem_read(voidpf opaque, voidpf stream, void *dst, uLong size)
{
	struct xlsx_mem *m = stream;
	size_t left = m->n - m->pos;

	(void)opaque;
	if (size > left)
		size = (uLong)left;
	memcpy(dst, m->p + m->pos, size);
	m->pos += size;
	return size;
}

static uLong ZCALLBACK xlsx_mem_write(voidpf opaque, voidpf stream, const void *src, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)src;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK xlsx_mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct xlsx_mem *)stream)->pos;
}

static long ZCALLBACK xlsx_mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	struct xlsx_mem *m = stream;
	size_t base;

	(void)opaque;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET:
		base = 0;
		break;
	case ZLIB_FILEFUNC_SEEK_CUR:
		base = m->pos;
		break;
	case ZLIB_FILEFUNC_SEEK_END:
		base = m->n;
		break;
	default:
		return -1;
	}
	if (off > m->n - base)
		return -1;
	m->pos = base + (size_t)off;
	return 0;
}

static int ZCALLBACK xlsx_mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK xlsx_mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

/* ---- the reader's state ------------------------------------------------- */

enum xlsx_phase { XLSX_WORKBOOK, XLSX_RELS, XLSX_STRINGS, XLSX_SHEET };

struct xlsx_reader {
	struct arena *a;
	struct rd_error *err;
	XML_Parser xp;
	enum rd_err rc; /* set by a handler that stopped the parser */
	enum xlsx_phase phase;

	struct buf text; /* text of the string or cell being read, capped */
	bool capture;	 /* inside an element whose text counts */
	int phonetic;	 /* depth of <rPh> (phonetic runs are not text) */

	char sheet_rid[256];	/* workbook: r:id of the first sheet */
	char sheet_part[512];	/* rels: the first sheet's part name */
	char strings_part[512]; /* rels: the shared strings' part name */

	const char **strings; /* shared strings (NULL: over the cell limit) */
	size_t nstrings, capstrings;
	bool in_si;

	struct table_row *rows; /* malloc'd; copied to the arena at the end */
	size_t nrows, caprows, total;
	bool in_row, in_cell, in_inline;
	size_t row;			    /* current row number */
	size_t col;			    /* current cell's 1-based column */
	char type[16];			    /* current cell's t attribute */
	const char *cells[TABLE_MAX_CELLS]; /* current row; NULL = empty */
};

static const char *xlsx_local(const char *name)
{
	const char *bar = strrchr(name, '|');

	return bar ? bar + 1 : name;
}

static const char *xlsx_attr(const char **attrs, const char *local)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(xlsx_local(attrs[i]), local) == 0)
			return attrs[i + 1];
	return NULL;
}

/* Records the first error and stops the parser; later callbacks do nothing. */
static void xlsx_stop(struct xlsx_reader *x, enum rd_err rc)
{
	if (x->rc == RD_OK)
		x->rc = rc;
	XML_StopParser(x->xp, XML_FALSE);
}

static void xlsx_fail_row(struct xlsx_reader *x, enum rd_err code, const char *msg)
{
	char field[32];

	snprintf(field, sizeof(field), "row %zu", x->row);
	xlsx_stop(x, rd_fail(x->err, code, field, "row %zu: %s", x->row, msg));
}

static void xlsx_fail_file(struct xlsx_reader *x, enum rd_err code, const char *msg)
{
	xlsx_stop(x, rd_fail(x->err, code, "file", "%s", msg));
}

static void XMLCALL xlsx_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
				 const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	xlsx_fail_file(ud, RD_EINVAL, "the workbook holds a DTD, which no Excel file has");
}

static void XMLCALL xlsx_chars(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *x = ud;

	if (x->rc || !x->capture || x->phonetic)
		return;
	/* Past its cap the buffer gives up and says so through buf_error(). */
	buf_append(&x->text, s, (size_t)len);
}

/* ---- workbook.xml and its relationships ---------------------------------- */

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/..." from the root. */
static bool xlsx_part_name(char *dst, size_t size, const char *target)
{
	int n;

	if (target[0] == '/')
		n = snprintf(dst, size, "%s", target + 1);
	else
		n = snprintf(dst, size, "xl/%s", target);
	return n > 0 && (size_t)n < size;
}

static void xlsx_meta_start(struct xlsx_reader *x, const char *name, const char **attrs)
{
	const char *local = xlsx_local(name);

	if (x->phase == XLSX_WORKBOOK) {
		const char *rid = xlsx_attr(attrs, "id");

		if (strcmp(local, "sheet") == 0 && !x->sheet_rid[0] && rid)
			str_copy(x->sheet_rid, sizeof(x->sheet_rid), rid);
		return;
	}
	if (strcmp(local, "Relationship") == 0) {
		const char *id = xlsx_attr(attrs, "Id"), *type = xlsx_attr(attrs, "Type");
		const char *target = xlsx_attr(attrs, "Target");
		size_t tn = type ? strlen(type) : 0;

		if (!id || !target)
			return;
		if (x->sheet_rid[0] && strcmp(id, x->sheet_rid) == 0 &&
		    !xlsx_part_name(x->sheet_part, sizeof(x->sheet_part), target))
			x->sheet_part[0] = '\0';
		if (tn >= 14 && strcmp(type + tn - 14, "/sharedStrings") == 0 &&
		    !xlsx_part_name(x->strings_part, sizeof(x->strings_part), target))
			x->strings_part[0] = '\0';
	}
}

/* ---- shared strings ------------------------------------------------------ */

static void xlsx_strings_start(struct xlsx_reader *x, const char *local)
{
	if (strcmp(local, "si") == 0) {
		x->in_si = true;
		buf_reset(&x->text);
	} else if (strcmp(local, "rPh") == 0) {
		x->phonetic++;
	} else if (strcmp(local, "t") == 0 && x->in_si) {
		x->capture = true;
	}
}

static void xlsx_strings_end(struct xlsx_reader *x, const char *local)
{
	const char *s = "";

	if (strcmp(local, "t") == 0) {
		x->capture = false;
	} else if (strcmp(local, "rPh") == 0) {
		if (x->phonetic > 0)
			x->phonetic--;
	} else if (strcmp(local, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (x->nstrings >= TABLE_MAX_TOTAL) {
			xlsx_fail_file(x, RD_ETOOBIG, "the workbook has more than 4000000 strings");
			return;
		}
		if (x->nstrings == x->capstrings) {
			size_t cap = x->capstrings ? x->capstrings * 2 : 256;
			const char **p = realloc(x->strings, cap * sizeof(*p));

			if (!p) {
				xlsx_stop(x, rd_fail(x->err, RD_ENOMEM, NULL, "out of memory"));
				return;
			}
			x->strings = p;
			x->capstrings = cap;
		}
		/* A string over the cell limit fails only if the sheet uses it:
		 * strings are shared by every sheet of the workbook. */
		if (buf_error(&x->text)) {
			s = NULL;
		} else if (x->text.len) {
			s = arena_strndup(x->a, x->text.data, x->text.len);
			if (!s) {
				xlsx_stop(x, rd_fail(x->err, RD_ENOMEM, NULL, "out of memory"));
				return;
			}
		}
		x->strings[x->nstrings++] = s;
	}
}

/* ---- the sheet ----------------------------------------------------------- */

/* Column of a reference such as "C7" (3), 0 if it is not one. */
static size_t xlsx_column(const char *ref)
{
	size_t col = 0, i = 0;

	for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		if (i == 3)
			return 0;
		col = col * 26 + (size_t)(ref[i] - 'A' + 1);
	}
	for (size_t j = i; ref[j]; j++)
		if (ref[j] < '0' || ref[j] > '9')
			return 0;
	return col;
}

static void xlsx_row_start(struct xlsx_reader *x, const char **attrs)
{
	const char *r = xlsx_attr(attrs, "r");
	int64_t n = (int64_t)x->row + 1;

	if (r && str_to_i64(r, strlen(r), 1, XLSX_MAX_ROW, &n) != RD_OK) {
		xlsx_fail_file(x, RD_EINVAL, "a row number in the worksheet is not valid");
		return;
	}
	if ((size_t)n <= x->row || n > XLSX_MAX_ROW) {
		xlsx_fail_file(x, RD_EINVAL, "the worksheet's rows are out of order");
		return;
	}
	x->row = (size_t)n;
	x->col = 0;
	x->in_row = true;
	memset(x->cells, 0, sizeof(x->cells));
}

static void xlsx_row_end(struct xlsx_reader *x)
{
	struct table_row *r;
	size_t ncells = TABLE_MAX_CELLS;

	x->in_row = false;
	while (ncells > 0 && !x->cells[ncells - 1])
		ncells--;
	if (ncells == 0)
		return;
	if (x->nrows >= TABLE_MAX_ROWS) {
		xlsx_fail_row(x, RD_ETOOBIG, "more than 100000 rows");
		return;
	}
	if (x->total + ncells > TABLE_MAX_TOTAL) {
		xlsx_fail_row(x, RD_ETOOBIG, "more than 4000000 cells");
		return;
	}
	if (x->nrows == x->caprows) {
		size_t cap = x->caprows ? x->caprows * 2 : 64;
		struct table_row *p = realloc(x->rows, cap * sizeof(*p));

		if (!p) {
			xlsx_stop(x, rd_fail(x->err, RD_ENOMEM, NULL, "out of memory"));
			return;
		}
		x->rows = p;
		x->caprows = cap;
	}
	r = &x->rows[x->nrows];
	r->line = x->row;
	r->ncells = ncells;
	r->cells = arena_alloc(x->a, ncells * sizeof(*r->cells));
	if (!r->cells) {
		xlsx_stop(x, rd_fail(x->err, RD_ENOMEM, NULL, "out of memory"));
		return;
	}
	for (size_t i = 0; i < ncells; i++)
		r->cells[i] = x->cells[i] ? x->cells[i] : "";
	x->nrows++;
	x->total += ncells;
}

static void xlsx_cell_start(struct xlsx_reader *x, const char **attrs)
{
	const char *ref = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t");
	size_t col = x->col + 1;

	if (ref) {
		col = xlsx_column(ref);
		if (col == 0) {
			xlsx_fail_file(x, RD_EINVAL,
				       "a cell reference in the worksheet is not valid");
			return;
		}
	}
	if (col > TABLE_MAX_CELLS) {
		xlsx_fail_row(x, RD_ETOOBIG, "a row has more than 256 columns");
		return;
	}
	x->col = col;
	x->in_cell = true;
	x->in_inline = false;
	str_copy(x->type, sizeof(x->type), t ? t : "n");
	buf_reset(&x->text);
}

/* A number as Excel shows it: integers without ".0", else 15 significant digits. */
static const char *xlsx_number(struct arena *a, const char *s)
{
	char *end, tmp[64];
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (end == s || *end || !isfinite(d))
		return arena_strdup(a, s);
	if (d == floor(d) && fabs(d) < 1e15)
		snprintf(tmp, sizeof(tmp), "%.0f", d == 0 ? 0.0 : d);
	else
		snprintf(tmp, sizeof(tmp), "%.15g", d);
	return arena_strdup(a, tmp);
}

static void xlsx_cell_end(struct xlsx_reader *x)
{
	const char *v = x->text.len ? x->text.data : "";
	const char *s;

	x->in_cell = false;
	if (buf_error(&x->text)) {
		xlsx_fail_row(x, RD_ETOOBIG, "a cell is longer than 10000 bytes");
		return;
	}
	if (!*v)
		return;
	if (strcmp(x->type, "s") == 0) {
		int64_t i;

		if (str_to_i64(v, strlen(v), 0, (int64_t)x->nstrings - 1, &i) != RD_OK) {
			xlsx_fail_file(x, RD_EINVAL,
				       "a cell refers to a shared string that is missing");
			return;
		}
		s = x->strings[i];
		if (!s) {
			xlsx_fail_row(x, RD_ETOOBIG, "a cell is longer than 10000 bytes");
			return;
		}
	} else if (strcmp(x->type, "b") == 0) {
		s = strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v;
		if (s == v)
			s = arena_strdup(x->a, v);
	} else if (strcmp(x->type, "n") == 0) {
		s = xlsx_number(x->a, v);
	} else { /* inlineStr, str (a formula's text), e (#N/A), d (ISO date) */
		s = arena_strdup(x->a, v);
	}
	if (!s) {
		xlsx_stop(x, rd_fail(x->err, RD_ENOMEM, NULL, "out of memory"));
		return;
	}
	if (*s)
		x->cells[x->col - 1] = s;
}

static void xlsx_sheet_start(struct xlsx_reader *x, const char *local, const char **attrs)
{
	if (strcmp(local, "row") == 0) {
		if (!x->in_row)
			xlsx_row_start(x, attrs);
		return;
	}
	if (!x->in_row) /* only rows hold cells */
		return;
	if (strcmp(local, "c") == 0) {
		xlsx_cell_start(x, attrs);
		return;
	}
	if (!x->in_cell) /* only cells hold values */
		return;
	/* A value, or the text of an inline string. */
	if (strcmp(local, "v") == 0 || (strcmp(local, "t") == 0 && x->in_inline))
		x->capture = true;
	else if (strcmp(local, "is") == 0)
		x->in_inline = true;
	else if (strcmp(local, "rPh") == 0)
		x->phonetic++;
}

static void xlsx_sheet_end(struct xlsx_reader *x, const char *local)
{
	if (strcmp(local, "row") == 0 && x->in_row) {
		xlsx_row_end(x);
	} else if (strcmp(local, "c") == 0 && x->in_cell) {
		xlsx_cell_end(x);
	} else if (strcmp(local, "v") == 0 || strcmp(local, "t") == 0) {
		x->capture = false;
	} else if (strcmp(local, "is") == 0) {
		x->in_inline = false;
	} else if (strcmp(local, "rPh") == 0 && x->phonetic > 0) {
		x->phonetic--;
	}
}

static void XMLCALL xlsx_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xlsx_reader *x = ud;

	if (x->rc)
		return;
	switch (x->phase) {
	case XLSX_WORKBOOK:
	case XLSX_RELS:
		xlsx_meta_start(x, name, attrs);
		break;
	case XLSX_STRINGS:
		xlsx_strings_start(x, xlsx_local(name));
		break;
	case XLSX_SHEET:
		xlsx_sheet_start(x, xlsx_local(name), attrs);
		break;
	}
}

static void XMLCALL xlsx_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *x = ud;

	if (x->rc)
		return;
	if (x->phase == XLSX_STRINGS)
		xlsx_strings_end(x, xlsx_local(name));
	else if (x->phase == XLSX_SHEET)
		xlsx_sheet_end(x, xlsx_local(name));
}

/*
 * Streams the part called name through expat with the handlers of phase.
 * RD_ENOTFOUND (with err untouched) if the zip has no such part.
 */
static enum rd_err xlsx_parse_part(struct xlsx_reader *x, unzFile z, const char *name,
				   enum xlsx_phase phase)
{
	unz_file_info64 info;
	char *chunk = NULL;
	size_t total = 0;
	bool open = false;
	int got;
	enum rd_err rc = RD_OK;

	x->phase = phase;
	x->rc = RD_OK;
	x->capture = false;
	x->phonetic = 0;
	x->xp = NULL;
	if (unzLocateFile(z, name, 2) != UNZ_OK)
		return RD_ENOTFOUND;
	if (unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
		rc = rd_fail(x->err, RD_EINVAL, "file", "the file is a damaged zip");
		goto out;
	}
	if (info.uncompressed_size > XLSX_MAX_PART) {
		rc = rd_fail(x->err, RD_ETOOBIG, "file", "a part of the workbook is over 64 MiB");
		goto out;
	}
	chunk = malloc(XLSX_CHUNK);
	x->xp = XML_ParserCreateNS(NULL, '|');
	if (!chunk || !x->xp) {
		rc = rd_fail(x->err, RD_ENOMEM, NULL, "out of memory");
		goto out;
	}
	XML_SetUserData(x->xp, x);
	XML_SetElementHandler(x->xp, xlsx_start, xlsx_end);
	XML_SetCharacterDataHandler(x->xp, xlsx_chars);
	XML_SetStartDoctypeDeclHandler(x->xp, xlsx_doctype);
	if (unzOpenCurrentFile(z) != UNZ_OK) {
		rc = rd_fail(x->err, RD_EINVAL, "file", "the file is a damaged zip");
		goto out;
	}
	open = true;
	for (;;) {
		got = unzReadCurrentFile(z, chunk, XLSX_CHUNK);
		if (got < 0) {
			rc = rd_fail(x->err, RD_EINVAL, "file", "the file is a damaged zip");
			goto out;
		}
		total += (size_t)got;
		if (total > XLSX_MAX_PART) {
			rc = rd_fail(x->err, RD_ETOOBIG, "file",
				     "a part of the workbook is over 64 MiB");
			goto out;
		}
		if (XML_Parse(x->xp, chunk, got, got == 0) != XML_STATUS_OK) {
			rc = x->rc ? x->rc
				   : rd_fail(x->err, RD_EINVAL, "file",
					     "the workbook is damaged (%s is not well-formed XML)",
					     name);
			goto out;
		}
		if (got == 0)
			break;
	}
	open = false;
	if (unzCloseCurrentFile(z) != UNZ_OK)
		rc = rd_fail(x->err, RD_EINVAL, "file", "the file is a damaged zip (CRC)");
out:
	if (open)
		unzCloseCurrentFile(z);
	if (x->xp)
		XML_ParserFree(x->xp);
	x->xp = NULL;
	free(chunk);
	return rc;
}

enum rd_err xlsx_read(const void *data, size_t n, struct arena *a, struct table *out,
		      struct rd_error *err)
{
	struct xlsx_mem mem = {data, n, 0};
	zlib_filefunc64_def io = {xlsx_mem_open, xlsx_mem_read,	 xlsx_mem_write, xlsx_mem_tell,
				  xlsx_mem_seek, xlsx_mem_close, xlsx_mem_error, &mem};
	struct xlsx_reader *x = NULL;
	unzFile z = NULL;
	enum rd_err rc = RD_OK;

	out->nrows = 0;
	out->rows = NULL;
	if (n > XLSX_MAX_INPUT) {
		rc = rd_fail(err, RD_ETOOBIG, "file", "the file is larger than 32 MiB");
		goto out;
	}
	if (n < 4 || memcmp(data, "PK\x03\x04", 4) != 0) {
		rc = rd_fail(err, RD_EINVAL, "file", "not an Excel workbook (.xlsx)");
		goto out;
	}
	x = calloc(1, sizeof(*x));
	if (!x) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
		goto out;
	}
	x->a = a;
	x->err = err;
	buf_init(&x->text, TABLE_MAX_TEXT);
	z = unzOpen2_64("memory", &io);
	if (!z) {
		rc = rd_fail(err, RD_EINVAL, "file",
			     "not an Excel workbook (.xlsx): a damaged zip");
		goto out;
	}
	rc = xlsx_parse_part(x, z, "xl/workbook.xml", XLSX_WORKBOOK);
	if (rc == RD_ENOTFOUND || (!rc && !x->sheet_rid[0]))
		rc = rd_fail(err, RD_EINVAL, "file", "not an Excel workbook (.xlsx): no workbook");
	if (rc)
		goto out;
	rc = xlsx_parse_part(x, z, "xl/_rels/workbook.xml.rels", XLSX_RELS);
	if (rc == RD_ENOTFOUND || (!rc && !x->sheet_part[0]))
		rc = rd_fail(err, RD_EINVAL, "file", "not an Excel workbook (.xlsx): no worksheet");
	if (rc)
		goto out;
	rc = xlsx_parse_part(x, z, x->strings_part[0] ? x->strings_part : "xl/sharedStrings.xml",
			     XLSX_STRINGS);
	if (rc && rc != RD_ENOTFOUND)
		goto out;
	rc = xlsx_parse_part(x, z, x->sheet_part, XLSX_SHEET);
	if (rc == RD_ENOTFOUND)
		rc = rd_fail(err, RD_EINVAL, "file", "not an Excel workbook (.xlsx): no worksheet");
	if (rc)
		goto out;
	if (x->nrows) {
		out->rows = arena_alloc(a, x->nrows * sizeof(*out->rows));
		if (!out->rows) {
			rc = rd_fail(err, RD_ENOMEM, NULL, "out of memory");
			goto out;
		}
		memcpy(out->rows, x->rows, x->nrows * sizeof(*out->rows));
		out->nrows = x->nrows;
	}
out:
	if (z)
		unzClose(z);
	if (x) {
		buf_release(&x->text);
		free(x->strings);
		free(x->rows);
		free(x);
	}
	return rc;
}

/* ---- writing ------------------------------------------------------------- */

/* Display width of one line of text in Excel's character units: CJK counts two. */
static double xlsx_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0, line = 0;

	while (*p) {
		uint32_t cp = *p;
		size_t len = 1;

		if (*p == '\n') {
			line = 0;
			p++;
			continue;
		}
		if (cp >= 0xF0) {
			len = 4;
			cp = (uint32_t)(p[0] & 0x07) << 18;
		} else if (cp >= 0xE0) {
			len = 3;
			cp = (uint32_t)(p[0] & 0x0F) << 12;
		} else if (cp >= 0xC0) {
			len = 2;
			cp = (uint32_t)(p[0] & 0x1F) << 6;
		}
		for (size_t i = 1; i < len && p[i]; i++)
			cp |= (uint32_t)(p[i] & 0x3F) << (6 * (len - 1 - i));
		/* East Asian wide: CJK, Hangul, fullwidth forms, CJK extensions. */
		line += (cp >= 0x1100 &&
			 (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
			  (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
			  (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
			  (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000))
				? 2.0
				: 1.0;
		if (line > w)
			w = line;
		for (size_t i = 0; i < len && *p; i++)
			p++;
	}
	return w;
}

static bool xlsx_sheet_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && str_utf8_valid(name, n) && str_utf8_len(name, n) <= 31 &&
	       !strpbrk(name, "[]:*?/\\") && name[0] != '\'' && name[n - 1] != '\'';
}

static enum rd_err xlsx_fill(lxw_workbook *wb, lxw_worksheet *ws, const struct table *t,
			     struct rd_error *err)
{
	lxw_format *bold = workbook_add_format(wb);
	double *width = NULL;
	size_t ncols = 0;
	lxw_error e;
	enum rd_err rc = RD_OK;

	if (!bold)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	format_set_bold(bold);
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].ncells > ncols)
			ncols = t->rows[r].ncells;
	if (t->nrows > LXW_ROW_MAX || ncols > LXW_COL_MAX)
		return rd_fail(err, RD_EINVAL, "table", "too many rows or columns for Excel");
	width = calloc(ncols ? ncols : 1, sizeof(*width));
	if (!width)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	for (size_t r = 0; r < t->nrows; r++) {
		const struct table_row *row = &t->rows[r];

		for (size_t c = 0; c < row->ncells; c++) {
			const char *s = row->cells[c] ? row->cells[c] : "";
			double w;

			if (!*s)
				continue;
			e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s,
						   r == 0 ? bold : NULL);
			if (e != LXW_NO_ERROR) {
				rc = rd_fail(err, RD_EINVAL, "table", "row %zu, column %zu: %s",
					     r + 1, c + 1, lxw_strerror(e));
				goto out;
			}
			w = xlsx_text_width(s) * (r == 0 ? 1.1 : 1.0);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t c = 0; c < ncols; c++) {
		double w = width[c] + 2;

		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
				     w < 8    ? 8
				     : w > 60 ? 60
					      : w,
				     NULL);
	}
	if (t->nrows > 1)
		worksheet_freeze_panes(ws, 1, 0);
out:
	free(width);
	return rc;
}

enum rd_err xlsx_write(const struct table *t, const char *sheet_name, struct buf *out,
		       struct rd_error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX], chunk[8192];
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_error e;
	FILE *f = NULL;
	bool made = false;
	int fd, len;
	size_t got;
	enum rd_err rc = RD_OK;

	if (sheet_name && !xlsx_sheet_name_ok(sheet_name)) {
		rc = rd_fail(err, RD_EINVAL, "sheet_name",
			     "a sheet name has 1 to 31 characters and none of []:*?/\\");
		goto out;
	}
	if (!dir || !*dir)
		dir = "/tmp";
	len = snprintf(path, sizeof(path), "%s/renda-xlsx-XXXXXX", dir);
	if (len < 0 || (size_t)len >= sizeof(path)) {
		rc = rd_fail(err, RD_EIO, NULL, "the temp folder's name is too long");
		goto out;
	}
	fd = mkstemp(path);
	if (fd < 0) {
		rc = rd_fail(err, RD_EIO, NULL, "cannot create a temp file: %s", strerror(errno));
		goto out;
	}
	made = true;
	close(fd);
	wb = workbook_new(path);
	if (wb && sheet_name && workbook_validate_sheet_name(wb, sheet_name) != LXW_NO_ERROR) {
		rc = rd_fail(err, RD_EINVAL, "sheet_name", "Excel does not allow this sheet name");
		goto out;
	}
	ws = wb ? workbook_add_worksheet(wb, sheet_name) : NULL;
	if (!ws) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "cannot start a workbook");
		goto out;
	}
	rc = xlsx_fill(wb, ws, t, err);
	if (rc)
		goto out;
	e = workbook_close(wb);
	wb = NULL;
	if (e != LXW_NO_ERROR) {
		rc = rd_fail(err, RD_EIO, NULL, "cannot write the workbook: %s", lxw_strerror(e));
		goto out;
	}
	f = fopen(path, "rb");
	if (!f) {
		rc = rd_fail(err, RD_EIO, NULL, "cannot read the workbook back: %s",
			     strerror(errno));
		goto out;
	}
	for (;;) {
		got = fread(chunk, 1, sizeof(chunk), f);
		if (got == 0)
			break;
		buf_append(out, chunk, got);
	}
	if (ferror(f)) {
		rc = rd_fail(err, RD_EIO, NULL, "cannot read the workbook back");
		goto out;
	}
	rc = buf_error(out);
	if (rc)
		rd_fail(err, rc, NULL, "the workbook is larger than the output allows");
out:
	if (wb)
		lxw_workbook_free(wb); /* not closed: nothing written */
	if (f)
		fclose(f);
	if (made)
		unlink(path);
	return rc;
}
