/*
 * test_csv.c — the CSV reader and writer: what staff importing a roster from
 * Excel rely on (BOM or not, GB18030 from Chinese Windows, quoting, line
 * numbers in error messages, limits) and the export opening again as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/str.h"
#include "doc/csv.h"
#include "base/banned.h"

static struct arena A;

static int setup(void **state)
{
	(void)state;
	arena_init(&A, 512u << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&A);
	return 0;
}

static enum rd_err parse(const char *s, size_t n, struct table *t, struct rd_error *e)
{
	rd_error_clear(e);
	return csv_parse(s, n, &A, t, e);
}

static void parse_ok(const char *s, struct table *t)
{
	struct rd_error e;

	assert_int_equal(parse(s, strlen(s), t, &e), RD_OK);
}

static void assert_row(const struct table *t, size_t r, size_t line, size_t ncells, ...)
{
	va_list ap;

	assert_true(r < t->nrows);
	assert_int_equal(t->rows[r].line, line);
	assert_int_equal(t->rows[r].ncells, ncells);
	va_start(ap, ncells);
	for (size_t i = 0; i < ncells; i++)
		assert_string_equal(t->rows[r].cells[i], va_arg(ap, const char *));
	va_end(ap);
}

/* UTF-8 → GB18030 with iconv, into a malloc'd string the caller frees. */
static char *to_gb18030(const char *utf8, size_t *outn)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inleft = strlen(utf8), outleft = inleft * 2 + 8;
	char *out = malloc(outleft), *o = out, *in = (char *)utf8;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(out);
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*outn = (size_t)(o - out);
	return out;
}

static void test_plain_utf8_with_and_without_bom(void **state)
{
	struct table t, u;

	(void)state;
	parse_ok("姓名,代表团\n张桂英,城关镇代表团\n", &t);
	parse_ok("\xEF\xBB\xBF姓名,代表团\n张桂英,城关镇代表团\n", &u);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(u.nrows, 2);
	assert_row(&t, 0, 1, 2, "姓名", "代表团");
	assert_row(&u, 0, 1, 2, "姓名", "代表团"); /* the BOM is not part of the first cell */
	assert_row(&t, 1, 2, 2, "张桂英", "城关镇代表团");
	assert_row(&u, 1, 2, 2, "张桂英", "城关镇代表团");
}

static void test_gb18030_converted(void **state)
{
	const char *utf8 =
		"姓名,代表团,座位\r\n张三,城关镇,3排12座\r\n欧阳娜娜,\"河西乡,二组\",\r\n";
	struct table t;
	struct rd_error e;
	size_t n;
	char *gb = to_gb18030(utf8, &n);

	(void)state;
	assert_false(str_utf8_valid(gb, n)); /* really another encoding */
	assert_int_equal(parse(gb, n, &t, &e), RD_OK);
	free(gb);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 1, 3, "姓名", "代表团", "座位");
	assert_row(&t, 1, 2, 3, "张三", "城关镇", "3排12座");
	assert_row(&t, 2, 3, 3, "欧阳娜娜", "河西乡,二组", "");
}

static void test_gb18030_literal_bytes(void **state)
{
	/* 张三 = D5C5 C8FD, 城关镇 = B3C7 B9D8 D5F2 (GBK range of GB18030). */
	static const char gbk[] = "\xD5\xC5\xC8\xFD,\xB3\xC7\xB9\xD8\xD5\xF2\n";
	/* 𠀀 (U+20000, outside the BMP) is the four-byte sequence 95 32 82 36; € is A2 E3. */
	static const char four[] = "\x95\x32\x82\x36,\xA2\xE3\n";
	struct table t;
	struct rd_error e;

	(void)state;
	assert_int_equal(parse(gbk, sizeof(gbk) - 1, &t, &e), RD_OK);
	assert_row(&t, 0, 1, 2, "张三", "城关镇");
	assert_int_equal(parse(four, sizeof(four) - 1, &t, &e), RD_OK);
	assert_row(&t, 0, 1, 2, "\xF0\xA0\x80\x80", "€");
}

static void test_neither_utf8_nor_gb18030(void **state)
{
	static const char bad[] = "a,b\nc,d\n\xFF\xFF,x\n";
	static const char bom_bad[] = "\xEF\xBB\xBF"
				      "a\nb\n\xD5\xC5\n";
	struct table t;
	struct rd_error e;

	(void)state;
	assert_int_equal(parse(bad, sizeof(bad) - 1, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "line 3");
	assert_int_equal(t.nrows, 0);
	/* A BOM promises UTF-8: no guessing then. */
	assert_int_equal(parse(bom_bad, sizeof(bom_bad) - 1, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "line 3");
}

static void test_utf16_and_nul_refused(void **state)
{
	static const char utf16[] = "\xFF\xFE\x20\x5F\x09\x4E";
	static const char nul[] = "a,b\nc\0d\n";
	struct table t;
	struct rd_error e;

	(void)state;
	assert_int_equal(parse(utf16, sizeof(utf16) - 1, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "file");
	assert_non_null(strstr(e.message, "UTF-16"));
	assert_int_equal(parse(nul, sizeof(nul) - 1, &t, &e), RD_EINVAL);
	assert_string_equal(e.field, "line 2");
}

static void test_quotes_commas_doubled_quotes_newlines(void **state)
{
	struct table t;

	(void)state;
	parse_ok("\"王,小明\",\"他说\"\"好\"\"\",\"第一行\n第二行\",\"\"\n", &t);
	assert_int_equal(t.nrows, 1);
	assert_row(&t, 0, 1, 4, "王,小明", "他说\"好\"", "第一行\n第二行", "");
}

static void test_crlf_lone_cr_and_no_final_newline(void **state)
{
	struct table t;

	(void)state;
	parse_ok("a,b\r\nc,d\re,f", &t);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 1, 2, "a", "b");
	assert_row(&t, 1, 2, 2, "c", "d");
	assert_row(&t, 2, 3, 2, "e", "f");
	parse_ok("x,\r\n", &t);
	assert_row(&t, 0, 1, 2, "x", "");
}

static void test_blank_lines_skipped(void **state)
{
	struct table t;

	(void)state;
	parse_ok("\n\r\na\n\n,,,\nb,\n\n", &t);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 3, 1, "a");
	assert_row(&t, 1, 6, 2, "b", "");
	parse_ok("", &t);
	assert_int_equal(t.nrows, 0);
	parse_ok("\xEF\xBB\xBF\r\n", &t);
	assert_int_equal(t.nrows, 0);
}

static void test_line_numbers_after_multiline_cell(void **state)
{
	struct table t;

	(void)state;
	parse_ok("h1,h2\r\n\"三\r\n行\r\n地址\",x\r\nnext,y\r\n", &t);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 1, 2, 2, "三\r\n行\r\n地址", "x");
	assert_row(&t, 2, 5, 2, "next", "y");
}

static void test_malformed_rows_name_the_line(void **state)
{
	static const struct {
		const char *csv;
		const char *field;
	} cases[] = {
		{"a,b\nc,\"never closed\nd,e\n", "line 2"}, /* the line the quote opened on */
		{"a,b\nc,d\nsay \"hi\",e\n", "line 3"},	    /* quote in an unquoted cell */
		{"a\n\"x\"y,z\n", "line 2"},		    /* text after a closing quote */
		{"\"a\nb\"c\n", "line 2"},
		{"\"", "line 1"},
	};
	struct table t;
	struct rd_error e;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].csv, strlen(cases[i].csv), &t, &e), RD_EINVAL);
		assert_string_equal(e.field, cases[i].field);
		assert_non_null(strstr(e.message, cases[i].field));
		assert_int_equal(t.nrows, 0);
		assert_null(t.rows);
	}
}

static void test_limit_cells_per_row(void **state)
{
	struct buf b;
	struct table t;
	struct rd_error e;

	(void)state;
	buf_init(&b, 1 << 20);
	for (int i = 0; i < TABLE_MAX_CELLS; i++)
		buf_printf(&b, "%sc%d", i ? "," : "", i);
	buf_puts(&b, "\n");
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_OK);
	assert_int_equal(t.rows[0].ncells, TABLE_MAX_CELLS);
	assert_string_equal(t.rows[0].cells[255], "c255");
	buf_puts(&b, "x");
	for (int i = 0; i < TABLE_MAX_CELLS; i++)
		buf_puts(&b, ",y");
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "line 2");
	buf_release(&b);
}

static void test_limit_cell_bytes(void **state)
{
	struct buf b;
	struct table t;
	struct rd_error e;

	(void)state;
	buf_init(&b, 1 << 20);
	buf_puts(&b, "ok\n\"");
	for (int i = 0; i < TABLE_MAX_TEXT; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\"\n");
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_OK);
	assert_int_equal(strlen(t.rows[1].cells[0]), TABLE_MAX_TEXT);
	buf_reset(&b);
	for (int i = 0; i <= TABLE_MAX_TEXT; i++)
		buf_putc(&b, 'x');
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "line 1");
	buf_release(&b);
}

static void test_limit_rows(void **state)
{
	struct buf b;
	struct table t;
	struct rd_error e;

	(void)state;
	buf_init(&b, 8u << 20);
	for (int i = 0; i < TABLE_MAX_ROWS; i++)
		buf_puts(&b, "1\n\n"); /* blank lines do not count as rows */
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_OK);
	assert_int_equal(t.nrows, TABLE_MAX_ROWS);
	assert_int_equal(t.rows[TABLE_MAX_ROWS - 1].line, 2 * TABLE_MAX_ROWS - 1);
	buf_puts(&b, "2\n");
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "line 200001");
	buf_release(&b);
}

static void test_limit_total_cells_and_input(void **state)
{
	struct buf b;
	struct table t;
	struct rd_error e;
	char *big;

	(void)state;
	/* 20,000 rows of 201 cells: 4,020,000 cells, over the 4,000,000 in all. */
	buf_init(&b, 16u << 20);
	for (int i = 0; i < 20000; i++) {
		buf_putc(&b, 'x');
		for (int j = 0; j < 200; j++)
			buf_puts(&b, ",");
		buf_putc(&b, '\n');
	}
	assert_int_equal(buf_error(&b), RD_OK);
	assert_int_equal(parse(b.data, b.len, &t, &e), RD_ETOOBIG);
	buf_release(&b);

	big = malloc(CSV_MAX_INPUT + 1);
	assert_non_null(big);
	memset(big, 'a', CSV_MAX_INPUT + 1);
	assert_int_equal(parse(big, CSV_MAX_INPUT + 1, &t, &e), RD_ETOOBIG);
	assert_string_equal(e.field, "file");
	free(big);
}

static void test_write_quotes_only_when_needed(void **state)
{
	const char *r0[] = {"姓名", "代表团", "备注"};
	const char *r1[] = {"张桂英", "城关镇,一组", "说\"好\""};
	const char *r2[] = {"两行\n文字", "", "x"};
	struct table_row rows[] = {{1, 3, r0}, {2, 3, r1}, {3, 3, r2}};
	struct table t = {3, rows};
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(csv_write(&t, false, &b), RD_OK);
	assert_string_equal(buf_str(&b),
			    "姓名,代表团,备注\r\n张桂英,\"城关镇,一组\",\"说\"\"好\"\"\"\r\n"
			    "\"两行\n文字\",,x\r\n");
	buf_release(&b);
}

static void test_write_parse_round_trip_with_bom(void **state)
{
	const char *r0[] = {"姓名", "代表团", "座位", "备注"};
	const char *r1[] = {"阿卜杜热合曼·买买提", "城关镇代表团", "3排12座", ""};
	const char *r2[] = {"李\"四\"", "河西乡,二组", "", "第一行\r\n第二行"};
	const char *r3[] = {"=1+1", " 空格 ", "", "end"};
	struct table_row rows[] = {{1, 4, r0}, {2, 4, r1}, {3, 4, r2}, {4, 4, r3}};
	struct table t = {4, rows}, u;
	struct buf b;
	struct rd_error e;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(csv_write(&t, true, &b), RD_OK);
	assert_memory_equal(b.data, "\xEF\xBB\xBF姓名", 9);
	assert_int_equal(parse(b.data, b.len, &u, &e), RD_OK);
	assert_int_equal(u.nrows, 4);
	for (size_t r = 0; r < 4; r++) {
		assert_int_equal(u.rows[r].ncells, 4);
		for (size_t c = 0; c < 4; c++)
			assert_string_equal(u.rows[r].cells[c], t.rows[r].cells[c]);
	}
	assert_int_equal(u.rows[3].line, 5); /* row 3 spans two lines */
	buf_release(&b);
}

static void test_write_respects_buffer_cap(void **state)
{
	const char *r0[] = {"张桂英", "城关镇代表团"};
	struct table_row rows[] = {{1, 2, r0}};
	struct table t = {1, rows};
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(csv_write(&t, true, &b), RD_ETOOBIG);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_utf8_with_and_without_bom),
		cmocka_unit_test(test_gb18030_converted),
		cmocka_unit_test(test_gb18030_literal_bytes),
		cmocka_unit_test(test_neither_utf8_nor_gb18030),
		cmocka_unit_test(test_utf16_and_nul_refused),
		cmocka_unit_test(test_quotes_commas_doubled_quotes_newlines),
		cmocka_unit_test(test_crlf_lone_cr_and_no_final_newline),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_line_numbers_after_multiline_cell),
		cmocka_unit_test(test_malformed_rows_name_the_line),
		cmocka_unit_test(test_limit_cells_per_row),
		cmocka_unit_test(test_limit_cell_bytes),
		cmocka_unit_test(test_limit_rows),
		cmocka_unit_test(test_limit_total_cells_and_input),
		cmocka_unit_test(test_write_quotes_only_when_needed),
		cmocka_unit_test(test_write_parse_round_trip_with_bom),
		cmocka_unit_test(test_write_respects_buffer_cap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
