/*
 * test_xlsx.c — Excel import and export: a roster written by xlsx_write reads
 * back the same; numbers, booleans, gaps, shared and inline strings, prefixed
 * XML and sheet order read as Excel shows them; anything not an xlsx, a zip
 * bomb and the cell limits are refused with the error the API reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>

#include "base/arena.h"
#include "base/buf.h"
#include "doc/xlsx.h"
#include "base/banned.h"

static struct arena A;

static int setup(void **state)
{
	(void)state;
	arena_init(&A, 256u << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&A);
	return 0;
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	p = malloc((size_t)len + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

struct part {
	const char *name;
	const char *text;
};

/* A zip of the given parts (minizip), as a malloc'd byte string. */
static char *make_zip(const struct part *parts, size_t nparts, size_t *n)
{
	char path[] = "/tmp/renda-test-zip-XXXXXX";
	int fd = mkstemp(path);
	zipFile z;
	char *data;

	assert_true(fd >= 0);
	close(fd);
	z = zipOpen64(path, APPEND_STATUS_CREATE);
	assert_non_null(z);
	for (size_t i = 0; i < nparts; i++) {
		assert_int_equal(zipOpenNewFileInZip64(z, parts[i].name, NULL, NULL, 0, NULL, 0,
						       NULL, Z_DEFLATED, 6, 0),
				 ZIP_OK);
		assert_int_equal(
			zipWriteInFileInZip(z, parts[i].text, (unsigned)strlen(parts[i].text)),
			ZIP_OK);
		assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	}
	assert_int_equal(zipClose(z, NULL), ZIP_OK);
	data = read_file(path, n);
	unlink(path);
	return data;
}

static const char workbook_xml[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"代表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/></Relationships>";

static enum rd_err read_sheet(const char *sheet_xml, struct table *t, struct rd_error *e)
{
	struct part parts[] = {
		{"xl/workbook.xml", workbook_xml},
		{"xl/_rels/workbook.xml.rels", rels_xml},
		{"xl/worksheets/sheet1.xml", sheet_xml},
	};
	size_t n;
	char *zip = make_zip(parts, 3, &n);
	enum rd_err rc;

	rd_error_clear(e);
	rc = xlsx_read(zip, n, &A, t, e);
	free(zip);
	return rc;
}

static void assert_cells(const struct table_row *row, size_t line, size_t ncells, ...)
{
	va_list ap;

	assert_int_equal(row->line, line);
	assert_int_equal(row->ncells, ncells);
	va_start(ap, ncells);
	for (size_t i = 0; i < ncells; i++)
		assert_string_equal(row->cells[i], va_arg(ap, const char *));
	va_end(ap);
}

static void test_write_read_round_trip(void **state)
{
	const char *r0[] = {"姓名", "代表团", "座位", "电话", "备注"};
	const char *r1[] = {"张桂英", "城关镇代表团", "3排12座", "13800138000", "第一行\n第二行"};
	const char *r2[] = {"阿卜杜热合曼·买买提", "", "", "42", "空格 在中间"};
	const char *r3[] = {"李四", "河西乡代表团"};
	const char *r4[] = {"", "", "只有第三格"};
	struct table_row rows[] = {{1, 5, r0}, {2, 5, r1}, {3, 5, r2}, {4, 2, r3}, {5, 3, r4}};
	struct table t = {5, rows}, u;
	struct buf b;
	struct rd_error e = {0};

	(void)state;
	buf_init(&b, 8u << 20);
	assert_int_equal(xlsx_write(&t, "代表名单", &b, &e), RD_OK);
	assert_memory_equal(b.data, "PK\x03\x04", 4);
	assert_int_equal(xlsx_read(b.data, b.len, &A, &u, &e), RD_OK);
	assert_int_equal(u.nrows, 5);
	assert_cells(&u.rows[0], 1, 5, "姓名", "代表团", "座位", "电话", "备注");
	assert_cells(&u.rows[1], 2, 5, "张桂英", "城关镇代表团", "3排12座", "13800138000",
		     "第一行\n第二行");
	/* empty cells in the middle of a row stay where they were */
	assert_cells(&u.rows[2], 3, 5, "阿卜杜热合曼·买买提", "", "", "42", "空格 在中间");
	assert_cells(&u.rows[3], 4, 2, "李四", "河西乡代表团");
	assert_cells(&u.rows[4], 5, 3, "", "", "只有第三格");
	buf_release(&b);
}

static void test_numbers_booleans_and_gaps(void **state)
{
	char path[] = "/tmp/renda-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct table t;
	struct rd_error e = {0};
	size_t n;
	char *data;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "编号", NULL);
	worksheet_write_number(ws, 0, 2, 42, NULL); /* B1 left empty */
	worksheet_write_number(ws, 0, 3, 3.5, NULL);
	worksheet_write_number(ws, 0, 4, -7, NULL);
	worksheet_write_number(ws, 0, 5, 0.1 + 0.2, NULL);
	worksheet_write_number(ws, 0, 6, 1e20, NULL);
	worksheet_write_boolean(ws, 0, 7, 1, NULL);
	worksheet_write_boolean(ws, 0, 8, 0, NULL);
	worksheet_write_number(ws, 2, 1, 13800138000.0, NULL); /* row 2 left empty */
	worksheet_write_formula_num(ws, 2, 3, "=1+1", NULL, 2);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	data = read_file(path, &n);
	unlink(path);
	assert_int_equal(xlsx_read(data, n, &A, &t, &e), RD_OK);
	free(data);
	assert_int_equal(t.nrows, 2);
	assert_cells(&t.rows[0], 1, 9, "编号", "", "42", "3.5", "-7", "0.3", "1e+20", "TRUE",
		     "FALSE");
	assert_cells(&t.rows[1], 3, 4, "", "13800138000", "", "2");
}

static void test_hand_made_workbook(void **state)
{
	/* What other programs write: prefixed namespaces, the first sheet in a part not
	 * named sheet1, rich text runs and phonetic hints in shared strings, inline
	 * strings, rows and cells with and without references, styled empty cells. */
	static const char wb[] =
		"<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<x:sheets><x:sheet name=\"名单\" sheetId=\"2\" r:id=\"rId7\"/>"
		"<x:sheet name=\"其他\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>";
	static const char rels[] =
		"<Relationships "
		"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId7\" Type=\"x/worksheet\" "
		"Target=\"/xl/worksheets/roster.xml\"/>"
		"<Relationship Id=\"rId9\" Type=\"x/sharedStrings\" Target=\"strings.xml\"/>"
		"</Relationships>";
	static const char sst[] =
		"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<si><t>姓名</t></si>"
		"<si><r><rPr><b/></rPr><t>城关</t></r><r><t xml:space=\"preserve\">镇 </t></r>"
		"<rPh sb=\"0\" eb=\"2\"><t>ちょう</t></rPh></si>"
		"<si><t/></si></sst>";
	static const char roster[] =
		"<x:worksheet "
		"xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<x:sheetData>"
		"<x:row r=\"2\"><x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c>"
		"<x:c r=\"C2\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"D2\" s=\"3\"/></x:row>"
		"<x:row><x:c t=\"inlineStr\"><x:is><x:t>王五</x:t></x:is></x:c>"
		"<x:c t=\"s\"><x:v>2</x:v></x:c><x:c t=\"str\"><x:f>A3</x:f><x:v>王五</x:v></x:c>"
		"</x:row>"
		"<x:row r=\"9\"><x:c r=\"D9\" s=\"1\"/></x:row>"
		"<x:row r=\"10\"><x:c r=\"AA10\" t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
		"</x:sheetData></x:worksheet>";
	static const char other[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
				    "t=\"inlineStr\"><is><t>wrong sheet</t></is></c></row>"
				    "</sheetData></worksheet>";
	struct part parts[] = {{"xl/workbook.xml", wb},
			       {"xl/_rels/workbook.xml.rels", rels},
			       {"xl/strings.xml", sst},
			       {"xl/worksheets/sheet1.xml", other},
			       {"xl/worksheets/roster.xml", roster}};
	struct table t;
	struct rd_error e = {0};
	size_t n;
	char *zip = make_zip(parts, 5, &n);

	(void)state;
	assert_int_equal(xlsx_read(zip, n, &A, &t, &e), RD_OK);
	free(zip);
	assert_int_equal(t.nrows, 3);
	assert_cells(&t.rows[0], 2, 3, "姓名", "", "城关镇 ");
	assert_cells(&t.rows[1], 3, 3, "王五", "", "王五");
	assert_int_equal(t.rows[2].line, 10); /* row 9 has only a styled empty cell */
	assert_int_equal(t.rows[2].ncells, 27);
	assert_string_equal(t.rows[2].cells[26], "#N/A");
}

static void test_not_xlsx(void **state)
{
	static const char csv[] = "姓名,代表团\n张三,城关镇\n";
	static const struct part docx[] = {{"word/document.xml", "<document/>"},
					   {"[Content_Types].xml", "<Types/>"}};
	struct table t;
	struct rd_error e = {0};
	size_t n;
	char *zip;

	(void)state;
	assert_int_equal(xlsx_read(csv, sizeof(csv) - 1, &A, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");
	assert_int_equal(xlsx_read("", 0, &A, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");
	assert_int_equal(xlsx_read("PK\x03\x04garbage", 11, &A, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");

	zip = make_zip(docx, 2, &n);
	rd_error_clear(&e);
	assert_int_equal(xlsx_read(zip, n, &A, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");
	assert_int_equal(t.nrows, 0);
	/* the same zip cut short */
	rd_error_clear(&e);
	assert_int_equal(xlsx_read(zip, n / 2, &A, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");
	free(zip);
}

static void test_damaged_xml_and_dtd(void **state)
{
	struct table t;
	struct rd_error e;

	(void)state;
	assert_int_equal(read_sheet("<worksheet><sheetData><row><c>", &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");
	assert_int_equal(
		read_sheet("<!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet>&a;</worksheet>", &t, &e),
		RD_EINVAL);
	assert_string_equal(e.field, "file");
	assert_int_equal(read_sheet("<worksheet><sheetData><row r=\"5\"/><row r=\"3\"/>"
				    "</sheetData></worksheet>",
				    &t, &e),
			 RD_EINVAL);
	assert_int_equal(read_sheet("<worksheet><sheetData><row r=\"1\"><c r=\"1A\"/></row>"
				    "</sheetData></worksheet>",
				    &t, &e),
			 RD_EINVAL);
	/* a shared string index with no shared strings part */
	assert_int_equal(read_sheet("<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c>"
				    "</row></sheetData></worksheet>",
				    &t, &e),
			 RD_EINVAL);
	assert_int_equal(t.nrows, 0);
}

static void test_cell_limits(void **state)
{
	struct table t;
	struct rd_error e;
	struct buf b;

	(void)state;
	/* column IV is the 256th, IW the 257th */
	assert_int_equal(read_sheet("<worksheet><sheetData><row r=\"4\"><c r=\"IV4\" "
				    "t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"
				    "</worksheet>",
				    &t, &e),
			 RD_OK);
	assert_int_equal(t.rows[0].ncells, 256);
	assert_int_equal(read_sheet("<worksheet><sheetData><row r=\"4\"><c r=\"IW4\" "
				    "t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"
				    "</worksheet>",
				    &t, &e),
			 RD_ETOOBIG);
	assert_string_equal(e.field, "row 4");

	buf_init(&b, 1 << 20);
	buf_puts(&b, "<worksheet><sheetData><row r=\"7\"><c t=\"inlineStr\"><is><t>");
	for (int i = 0; i < TABLE_MAX_TEXT + 1; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "</t></is></c></row></sheetData></worksheet>");
	assert_int_equal(read_sheet(b.data, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "row 7");
	buf_release(&b);

	buf_init(&b, 16u << 20);
	buf_puts(&b, "<worksheet><sheetData>");
	for (int i = 1; i <= TABLE_MAX_ROWS + 1; i++)
		buf_printf(&b, "<row r=\"%d\"><c><v>%d</v></c></row>", i, i);
	buf_puts(&b, "</sheetData></worksheet>");
	assert_int_equal(read_sheet(b.data, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "row 100001");
	buf_release(&b);
}

static void test_zip_bomb_refused(void **state)
{
	char path[] = "/tmp/renda-test-bomb-XXXXXX";
	int fd = mkstemp(path);
	static char spaces[1 << 20];
	static const char head[] = "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>";
	zipFile z;
	struct table t;
	struct rd_error e = {0};
	size_t n;
	char *data;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	memset(spaces, ' ', sizeof(spaces));
	z = zipOpen64(path, APPEND_STATUS_CREATE);
	assert_non_null(z);
	zipOpenNewFileInZip64(z, "xl/workbook.xml", NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0);
	zipWriteInFileInZip(z, workbook_xml, sizeof(workbook_xml) - 1);
	zipCloseFileInZip(z);
	zipOpenNewFileInZip64(z, "xl/_rels/workbook.xml.rels", NULL, NULL, 0, NULL, 0, NULL,
			      Z_DEFLATED, 6, 0);
	zipWriteInFileInZip(z, rels_xml, sizeof(rels_xml) - 1);
	zipCloseFileInZip(z);
	/* 65 MiB of blanks inside the sheet: well-formed XML that deflates to ~65 KiB. */
	zipOpenNewFileInZip64(z, "xl/worksheets/sheet1.xml", NULL, NULL, 0, NULL, 0, NULL,
			      Z_DEFLATED, 9, 1);
	zipWriteInFileInZip(z, head, sizeof(head) - 1);
	for (int i = 0; i < 65; i++)
		assert_int_equal(zipWriteInFileInZip(z, spaces, sizeof(spaces)), ZIP_OK);
	zipWriteInFileInZip(z, "</sheetData></worksheet>", 24);
	assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	assert_int_equal(zipClose(z, NULL), ZIP_OK);
	data = read_file(path, &n);
	unlink(path);
	assert_true(n < 1u << 20); /* small on disk */
	assert_int_equal(xlsx_read(data, n, &A, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "file");
	assert_int_equal(t.nrows, 0);
	free(data);
}

static void test_write_errors(void **state)
{
	const char *r0[] = {"a"};
	struct table_row rows[] = {{1, 1, r0}};
	struct table t = {1, rows};
	struct buf b;
	struct rd_error e = {0};

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(xlsx_write(&t, "a/b", &b, &e), RD_EINVAL);
	assert_string_equal(e.field, "sheet_name");
	assert_int_equal(
		xlsx_write(&t, "这个名字一共有三十二个字这个名字一共有三十二个字这个名字一共有字",
			   &b, &e),
		RD_EINVAL);
	assert_string_equal(e.field, "sheet_name");
	buf_release(&b);
	/* 31 characters are fine; over the caller's cap */
	buf_init(&b, 1000);
	assert_int_equal(xlsx_write(&t, NULL, &b, &e), RD_ETOOBIG);
	buf_release(&b);
	/* an empty table is still a workbook */
	t.nrows = 0;
	buf_init(&b, 1 << 20);
	assert_int_equal(xlsx_write(&t, NULL, &b, &e), RD_OK);
	assert_int_equal(xlsx_read(b.data, b.len, &A, &t, &e), RD_OK);
	assert_int_equal(t.nrows, 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_read_round_trip),
		cmocka_unit_test(test_numbers_booleans_and_gaps),
		cmocka_unit_test(test_hand_made_workbook),
		cmocka_unit_test(test_not_xlsx),
		cmocka_unit_test(test_damaged_xml_and_dtd),
		cmocka_unit_test(test_cell_limits),
		cmocka_unit_test(test_zip_bomb_refused),
		cmocka_unit_test(test_write_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
