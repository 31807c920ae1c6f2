/*
 * test_pdf_report.c — the handling report of suggestions as PDF
 * (doc/pdf_report.c): a real PDF whose text pdftotext gets back (the CJK
 * font embedded with its character map), A4 landscape, the tables
 * continued over pages with "第 i 页 共 n 页" counted right, and bad input
 * refused with the member named.
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

/* Runs `tool FILE after` on the PDF of b saved to a file; returns its output (caller frees). */
static char *run_on(const struct buf *b, const char *tool, const char *after)
{
	char path[128], cmd[512], chunk[4096];
	struct buf out;
	FILE *f, *p;
	size_t n;
	char *text;

	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		fail_msg("pdftotext is missing: run scripts/deps.sh (poppler-utils)");
	snprintf(path, sizeof(path), "/tmp/renda-test-report-%d.pdf", (int)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s '%s' %s", tool, path, after);
	p = popen(cmd, "r");
	assert_non_null(p);
	buf_init(&out, 16u << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	text = strdup(buf_str(&out));
	assert_non_null(text);
	buf_release(&out);
	return text;
}

static const char *const unit_row[PDF_REPORT_COLS] = {
	"县交通运输局", "3", "2", "1", "50.0%", "1", "1", "1", "0", "100.0%", "1", "1", "0", "0"};
static const char *const total_row[PDF_REPORT_COLS] = {
	"合计", "5", "4", "3", "75.0%", "2", "3", "1", "1", "80.0%", "2", "1", "0", "1"};

/* n rows: unit i named 单位i, the last the total. */
static const char **rows_of(size_t n)
{
	const char **cells = calloc(n * PDF_REPORT_COLS, sizeof(*cells));
	static char names[400][32];

	assert_non_null(cells);
	assert_true(n <= 400);
	for (size_t i = 0; i < n; i++) {
		const char *const *src = i == 0 ? unit_row : i + 1 == n ? total_row : NULL;

		for (size_t k = 0; k < PDF_REPORT_COLS; k++)
			cells[i * PDF_REPORT_COLS + k] = src ? src[k] : unit_row[k];
		if (!src) {
			snprintf(names[i], sizeof(names[i]), "如意县第%zu局", i);
			cells[i * PDF_REPORT_COLS] = names[i];
		}
	}
	return cells;
}

static void test_report_text_and_pages(void **state)
{
	const char **units = rows_of(120);
	const char *cats[2 * PDF_REPORT_COLS];
	struct pdf_report_table tables[2] = {
		{"一、按承办单位统计", "承办单位", units, 120, true},
		{"二、按建议类别统计", "建议类别", cats, 2, true},
	};
	struct pdf_report r = {"示范县人民代表大会常务委员会", "全部届次", "2026年11月29日", tables,
			       2};
	struct rd_error e = {0};
	struct buf b;
	char *text, *info;

	(void)state;
	for (size_t k = 0; k < PDF_REPORT_COLS; k++) {
		cats[k] = k == 0 ? "交通" : unit_row[k];
		cats[PDF_REPORT_COLS + k] = total_row[k];
	}
	buf_init(&b, 16u << 20);
	assert_int_equal(pdf_report(&r, &b, &e), RD_OK);
	assert_memory_equal(b.data, "%PDF-", 5);
	text = run_on(&b, "pdftotext -layout -enc UTF-8", "-");
	assert_non_null(strstr(text, "代表建议、批评和意见办理情况"));
	assert_non_null(strstr(text, "统计截至 2026年11月29日"));
	assert_non_null(strstr(text, "按建议类别统计"));
	assert_non_null(strstr(text, "按承办单位统计（续）"));
	assert_non_null(strstr(text, "如意县第118局")); /* 如 is not blank (the sans face's bug) */
	assert_non_null(strstr(text, "50.0%"));
	info = run_on(&b, "pdfinfo", "");
	assert_non_null(strstr(info, "841.89 x 595.276")); /* A4 landscape */
	{
		const char *p = strstr(info, "Pages:");
		char want[64];
		long pages;

		assert_non_null(p);
		pages = strtol(p + 6, NULL, 10);
		assert_true(pages >= 3);
		char *o = text;

		/* pdftotext -layout spaces the footer its own way: compare without spaces */
		for (const char *q = text; *q; q++)
			if (*q != ' ')
				*o++ = *q;
		*o = '\0';
		snprintf(want, sizeof(want), "第%ld页共%ld页", pages, pages);
		assert_non_null(strstr(text, want));
	}
	free(info);
	free(text);
	free(units);
	buf_release(&b);
}

static void test_report_refusals(void **state)
{
	const char *bad[PDF_REPORT_COLS];
	struct pdf_report_table t = {"一、按承办单位统计", "承办单位", bad, 1, false};
	struct pdf_report r = {NULL, NULL, "2026年11月29日", &t, 1};
	struct rd_error e = {0};
	struct buf b;

	(void)state;
	for (size_t k = 0; k < PDF_REPORT_COLS; k++)
		bad[k] = "1";
	bad[3] = "\xff\xfe";
	buf_init(&b, 16u << 20);
	assert_int_equal(pdf_report(&r, &b, &e), RD_EINVAL);
	assert_string_equal(e.field, "tables[0].cells");
	t.cells = NULL;
	assert_int_equal(pdf_report(&r, &b, &e), RD_EINVAL);
	t.cells = bad;
	bad[3] = "1";
	t.n_rows = PDF_MAX_ITEMS + 1;
	assert_int_equal(pdf_report(&r, &b, &e), RD_ETOOBIG);
	t.n_rows = 1;
	r.as_of = "\xc0";
	assert_int_equal(pdf_report(&r, &b, &e), RD_EINVAL);
	assert_string_equal(e.field, "as_of");
	buf_release(&b);
	/* a cap too small for the PDF */
	r.as_of = "2026年11月29日";
	buf_init(&b, 2000);
	assert_int_equal(pdf_report(&r, &b, &e), RD_ETOOBIG);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_text_and_pages),
		cmocka_unit_test(test_report_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
