/*
 * test_pdf_duty.c — a delegate's annual duty record as PDF (doc/pdf_duty.c):
 * the text comes back through pdftotext (CJK included), the widest tracking
 * code stays on one line in its column (PDF_DUTY_CODE_MM), a long table runs
 * over pages with "第 i 页 共 n 页" counted right, and bad input is refused
 * with the member named.
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

#include "base/buf.h"
#include "doc/pdf.h"
#include "base/banned.h"

/* As in test_pdf.c: cairo 1.16 loses 768 bytes per font subset in
 * cairo_surface_finish; nothing of renda's is allocated there. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n";
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

static int teardown(void **state)
{
	(void)state;
	pdf_cleanup();
	return 0;
}

/* pdftotext's text of the PDF in b (caller frees); spaces are dropped, line
 * ends kept, so a code wrapped inside its cell no longer matches. */
static char *text_of(const struct buf *b, const char *args)
{
	char path[128], cmd[512], chunk[4096], *text, *o;
	struct buf out;
	FILE *f, *p;
	size_t n;

	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		fail_msg("pdftotext is missing: run scripts/deps.sh (poppler-utils)");
	snprintf(path, sizeof(path), "/tmp/renda-test-duty-%d.pdf", (int)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s '%s' -", args, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	buf_init(&out, 16u << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	assert_int_equal(buf_error(&out), RD_OK);
	text = strdup(buf_str(&out));
	assert_non_null(text);
	buf_release(&out);
	o = text;
	for (const char *s = text; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
	return text;
}

static size_t count(const char *s, const char *what)
{
	size_t k = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		k++;
	return k;
}

static const struct pdf_duty_fact facts[] = {
	{"出席全体会议", "3 次（共 3 次）"},
	{"参加表决", "12 次（共 12 次）"},
	{"提出建议", "2 件（领衔 1，附议 1）"},
};

/* Tracking codes are Crockford base 32 (no I, L, O, U); W and M are its
 * widest letters in the serif face the PDFs use. */
static const char *const wide_codes[] = {"WWWW-WWWW-WWWW", "MMMM-MMMM-MMMM", "WMWM-MWMW-MMWW",
					 "0000-0000-0000"};
/* pdftotext joins a line that ends in a hyphen to the next and drops the
 * hyphen, so a wrapped code reads WWWW-WWWWWWWW and no longer matches. */

/* The opinions table as src/api/duty.c lays it out. */
static struct pdf_duty_table opinions_table(const char **cells, size_t n_rows)
{
	return (struct pdf_duty_table){"办理社情民意",
				       {"提交日期", "编号", "标题", "状态"},
				       {25, PDF_DUTY_CODE_MM, 115 - PDF_DUTY_CODE_MM, 30},
				       "无",
				       cells,
				       n_rows};
}

static void test_widest_codes_stay_on_one_line(void **state)
{
	const char *cells[4 * 4];
	struct pdf_duty_table t[2];
	struct pdf_duty r = {0};
	struct rd_error err = {0};
	struct buf out;
	char *text;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		cells[i * 4] = "2026-03-05";
		cells[i * 4 + 1] = wide_codes[i];
		cells[i * 4 + 2] = "城关镇东街路灯不亮，夜间出行不便，请有关部门尽快维修";
		cells[i * 4 + 3] = "已办结";
	}
	t[0] = opinions_table(cells, 4);
	t[1] = (struct pdf_duty_table){
		"联络活动", {"日期", "类型", "内容", "联络站"}, {25, 22, 88, 35}, "无", NULL, 0};
	r.congress = "示范县第十七届人民代表大会";
	r.name = "欧阳娜娜";
	r.delegation = "城关镇代表团";
	r.year = 2026;
	r.printed_on = "2026年11月30日";
	r.facts = facts;
	r.n_facts = 3;
	r.tables = t;
	r.n_tables = 2;
	buf_init(&out, 8u << 20);
	assert_int_equal(pdf_duty(&r, &out, &err), RD_OK);
	text = text_of(&out, "");
	for (size_t i = 0; i < 4; i++)
		if (!strstr(text, wide_codes[i]))
			fail_msg("tracking code %s is not on one line:\n%s", wide_codes[i], text);
	assert_non_null(strstr(text, "欧阳娜娜"));
	assert_non_null(strstr(text, "代表履职档案"));
	assert_non_null(strstr(text, "12次（共12次）"));
	/* An empty table says so rather than vanishing. */
	assert_non_null(strstr(text, "联络活动"));
	assert_non_null(strstr(text, "无"));
	free(text);
	buf_release(&out);
}

static void test_long_table_runs_over_pages(void **state)
{
	enum { ROWS = 120 };
	static const char *cells[ROWS * 3];
	static char titles[ROWS][48];
	struct pdf_duty_table t = {
		"参加表决", {"日期", "表决事项", "表决意见"}, {28, 112, 30}, "无", cells, ROWS};
	struct pdf_duty r = {.name = "张桂英", .year = 2026, .tables = &t, .n_tables = 1};
	struct rd_error err = {0};
	struct buf out;
	char *text, want[64];
	const char *p;
	long n;

	(void)state;
	for (size_t i = 0; i < ROWS; i++) {
		snprintf(titles[i], sizeof(titles[i]), "关于第%zu项决议草案", i + 1);
		cells[i * 3] = "2026-01-08";
		cells[i * 3 + 1] = titles[i];
		cells[i * 3 + 2] = "赞成";
	}
	buf_init(&out, 8u << 20);
	assert_int_equal(pdf_duty(&r, &out, &err), RD_OK);
	text = text_of(&out, "");
	/* Every row, once. */
	for (size_t i = 0; i < ROWS; i++)
		assert_int_equal(count(text, titles[i]), 1);
	/* More than one page, each numbered against the same total, and the
	 * column headings repeated on each. */
	assert_int_equal(count(text, "第1页共"), 1);
	p = strstr(text, "第1页共");
	assert_non_null(p);
	n = strtol(p + strlen("第1页共"), NULL, 10);
	assert_true(n >= 2);
	assert_int_equal(count(text, "表决事项"), (size_t)n);
	snprintf(want, sizeof(want), "第%ld页共%ld页", n, n);
	assert_non_null(strstr(text, want));
	free(text);
	buf_release(&out);
}

static void test_bad_input_refused(void **state)
{
	const char *bad_cells[4] = {"2026-01-08", "ABCD-EFGH-JKMN", "\xff\xfe", "已办结"};
	struct pdf_duty_table t = opinions_table(bad_cells, 1);
	struct pdf_duty_table wide = {"表", {"一", "二", "三", "四"}, {25, 42, 73, 30}, "无", NULL,
				      0};
	struct pdf_duty r = {.name = "张桂英", .year = 2026, .tables = &t, .n_tables = 1};
	struct rd_error err = {0};
	struct buf out;

	(void)state;
	buf_init(&out, 8u << 20);
	assert_int_equal(pdf_duty(&r, &out, &err), RD_EINVAL);
	assert_string_equal(err.field, "tables[0].cells");

	r.name = "";
	r.tables = &wide;
	err = (struct rd_error){0};
	buf_reset(&out);
	assert_int_equal(pdf_duty(&r, &out, &err), RD_EINVAL);
	assert_string_equal(err.field, "name");

	r.name = "\xc0\x80";
	err = (struct rd_error){0};
	buf_reset(&out);
	assert_int_equal(pdf_duty(&r, &out, &err), RD_EINVAL);
	assert_string_equal(err.field, "name");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widest_codes_stay_on_one_line),
		cmocka_unit_test(test_long_table_runs_over_pages),
		cmocka_unit_test(test_bad_input_refused),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
