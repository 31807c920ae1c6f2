/*
 * pdf_record.c — the record of a vote (表决结果), see pdf.h.
 *
 * Page 1, top to bottom: the congress and the sitting, 表决结果, the motion's
 * title, the closing time and the threshold; the numbers in a bordered table;
 * the verdict in a framed box; the signature lines. For a named poll the list
 * of delegates follows in two columns (filled down the left, then the right),
 * starting on page 1 when a few rows still fit there and continuing on pages
 * that repeat the motion's title at the top, so a loose page is never
 * anonymous. The number of pages is known before page 1 is drawn, so every
 * page says "第 i 页 共 n 页".
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

#define REC_M	   (25 * PDF_MM)	      /* left and right margins */
#define REC_W	   (PDF_A4_W - 2 * REC_M)     /* text width */
#define REC_BOTTOM (PDF_A4_H - 20 * PDF_MM)   /* the list stops here */
#define REC_ROW	   13.5			      /* height of a list row */
#define REC_HALF   ((REC_W - 6 * PDF_MM) / 2) /* width of one list column */
#define REC_TABLE  (120 * PDF_MM)	      /* width of the numbers table */
#define REC_CONT   (20 * PDF_MM + 24)	      /* where the list starts on later pages */

/* The list's columns within a half: 序号, 姓名, 代表团, 表决意见 (widths in mm). */
static const double rec_cols[4] = {10, 25, 28, 14};

static void rec_footer(struct pdf_doc *d, int page, int pages)
{
	char s[64];

	snprintf(s, sizeof(s), "第 %d 页  共 %d 页", page, pages);
	cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
	pdf_text(d, PDF_SANS, false, 9, s, REC_M, PDF_A4_H - 14 * PDF_MM, REC_W, PDF_CENTER);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static double rec_header(struct pdf_doc *d, const struct pdf_vote_record *r)
{
	char s[512];
	double y = 22 * PDF_MM;

	y += pdf_text(d, PDF_SERIF, true, 16, r->congress, REC_M, y, REC_W, PDF_CENTER | PDF_WRAP);
	y += 1 * PDF_MM;
	y += pdf_text(d, PDF_SERIF, false, 14, r->plenary, REC_M, y, REC_W, PDF_CENTER | PDF_WRAP);
	y += 6 * PDF_MM;
	y += pdf_text(d, PDF_SERIF, true, 26, "表决结果", REC_M, y, REC_W, PDF_CENTER | PDF_SPACED);
	y += 4 * PDF_MM;
	y += pdf_text(d, PDF_SERIF, true, 15, r->title, REC_M, y, REC_W, PDF_CENTER | PDF_WRAP);
	y += 4 * PDF_MM;
	snprintf(s, sizeof(s), "表决时间：%s", r->closed_at ? r->closed_at : "");
	y += pdf_text(d, PDF_SANS, false, 11, s, REC_M, y, REC_W, PDF_CENTER);
	snprintf(s, sizeof(s), "通过标准：%s", r->threshold ? r->threshold : "");
	y += pdf_text(d, PDF_SANS, false, 11, s, REC_M, y, REC_W, PDF_CENTER | PDF_WRAP);
	return y + 5 * PDF_MM;
}

static double rec_numbers(struct pdf_doc *d, const struct pdf_vote_record *r, double y)
{
	const struct {
		const char *label;
		int64_t value;
		const char *unit;
	} rows[] = {
		{"应到代表", r->all, "人"},
		{"实到代表", r->present, "人"},
		{"赞成", r->yes, "票"},
		{"反对", r->no, "票"},
		{"弃权", r->abstain, "票"},
		{"未按表决器", r->not_voted, "人"},
		{"通过所需票数", r->needed, "票"},
	};
	const size_t n = sizeof(rows) / sizeof(rows[0]);
	const double x = (PDF_A4_W - REC_TABLE) / 2, h = 9 * PDF_MM, label_w = 70 * PDF_MM;
	cairo_t *cr = d->cr;
	char s[64];

	cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
	cairo_rectangle(cr, x, y, label_w, h * (double)n);
	cairo_fill(cr);
	for (size_t i = 0; i < n; i++) {
		double ty = y + (double)i * h + (h - 17) / 2;

		cairo_set_source_rgb(cr, 0, 0, 0);
		pdf_text(d, PDF_SANS, false, 12, rows[i].label, x + 6 * PDF_MM, ty,
			 label_w - 8 * PDF_MM, PDF_LEFT);
		snprintf(s, sizeof(s), "%" PRId64 " %s", rows[i].value, rows[i].unit);
		pdf_text(d, PDF_SANS, true, 13, s, x + label_w, ty - 0.5, REC_TABLE - label_w,
			 PDF_CENTER);
		if (i)
			pdf_line(d, x, y + (double)i * h, x + REC_TABLE, y + (double)i * h, 0.5,
				 0.2);
	}
	pdf_line(d, x + label_w, y, x + label_w, y + h * (double)n, 0.5, 0.2);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.2);
	cairo_rectangle(cr, x, y, REC_TABLE, h * (double)n);
	cairo_stroke(cr);
	return y + h * (double)n;
}

static double rec_verdict(struct pdf_doc *d, bool passed, double y)
{
	const double w = 70 * PDF_MM, h = 24 * PDF_MM, x = (PDF_A4_W - w) / 2;
	cairo_t *cr = d->cr;
	double th;

	y += 8 * PDF_MM;
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.6);
	cairo_rectangle(cr, x + 2, y + 2, w - 4, h - 4);
	cairo_stroke(cr);
	th = pdf_text(d, PDF_SERIF, true, 40, passed ? "通过" : "未通过", x, 0, w,
		      PDF_CENTER | PDF_MEASURE);
	pdf_text(d, PDF_SERIF, true, 40, passed ? "通过" : "未通过", x, y + (h - th) / 2, w,
		 PDF_CENTER | (passed ? PDF_SPACED : 0));
	return y + h;
}

static double rec_signatures(struct pdf_doc *d, double y)
{
	const double col = REC_W / 2, line_w = 42 * PDF_MM;
	const char *who[] = {"监票人（签名）：", "计票人（签名）："};
	double lw;

	y += 12 * PDF_MM;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int i = 0; i < 2; i++) {
		double x = REC_M + i * col;

		lw = col - line_w;
		pdf_text(d, PDF_SANS, false, 11, who[i], x, y, lw, PDF_LEFT);
		pdf_line(d, x + lw, y + 15, x + lw + line_w - 4 * PDF_MM, y + 15, 0.6, 0);
	}
	y += 12 * PDF_MM;
	pdf_text(d, PDF_SANS, false, 11, "大会秘书处（盖章）", REC_M, y, col, PDF_LEFT);
	pdf_text(d, PDF_SANS, false, 11, "年　　月　　日", REC_M + col, y, col - 4 * PDF_MM,
		 PDF_RIGHT);
	return y + 8 * PDF_MM;
}

static void rec_list_head(struct pdf_doc *d, double x, double y)
{
	static const char *head[4] = {"序号", "姓名", "代表团", "表决意见"};

	cairo_set_source_rgb(d->cr, 0.9, 0.9, 0.9);
	cairo_rectangle(d->cr, x, y, REC_HALF, REC_ROW + 2);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int c = 0; c < 4; c++) {
		pdf_text(d, PDF_SANS, true, 9, head[c], x + 1, y + 1.5, rec_cols[c] * PDF_MM - 2,
			 c == 1 || c == 2 ? PDF_FIT : PDF_CENTER | PDF_FIT);
		x += rec_cols[c] * PDF_MM;
	}
}

/* Draws lines [from, from + count) in up to two columns of per_col rows from top. */
static void rec_list(struct pdf_doc *d, const struct pdf_vote_record *r, size_t from, size_t count,
		     size_t per_col, double top)
{
	for (size_t k = 0; k < count; k++) {
		const struct pdf_vote_line *l = &r->lines[from + k];
		size_t col = k / per_col, row = k % per_col;
		double x = REC_M + (double)col * (REC_HALF + 6 * PDF_MM);
		double y = top + REC_ROW + 2 + (double)row * REC_ROW;
		const char *cells[4];
		char num[32];

		if (k % per_col == 0)
			rec_list_head(d, x, top);
		snprintf(num, sizeof(num), "%zu", from + k + 1);
		cells[0] = num;
		cells[1] = l->name;
		cells[2] = l->delegation;
		cells[3] = l->choice;
		for (int c = 0; c < 4; c++) {
			pdf_text(d, PDF_SANS, c == 3, 9, cells[c], x + 1, y + 1.5,
				 rec_cols[c] * PDF_MM - 2, c == 1 || c == 2 ? PDF_FIT : PDF_CENTER);
			x += rec_cols[c] * PDF_MM;
		}
		x -= REC_HALF;
		pdf_line(d, x, y + REC_ROW, x + REC_HALF, y + REC_ROW, 0.3, 0.6);
	}
}

/* Rows of one list column between top and the bottom margin. */
static size_t rec_rows_fit(double top)
{
	double h = REC_BOTTOM - top - (REC_ROW + 2);

	return h < REC_ROW ? 0 : (size_t)(h / REC_ROW);
}

static enum rd_err rec_check(const struct pdf_vote_record *r, struct rd_error *err)
{
	const struct {
		const char *name;
		int64_t v;
	} nums[] = {{"all", r->all},	  {"present", r->present}, {"yes", r->yes},
		    {"no", r->no},	  {"abstain", r->abstain}, {"not_voted", r->not_voted},
		    {"needed", r->needed}};
	char field[64];

	if (!pdf_check_text(r->congress, "congress", err) ||
	    !pdf_check_text(r->plenary, "plenary", err) ||
	    !pdf_check_text(r->title, "title", err) ||
	    !pdf_check_text(r->threshold, "threshold", err) ||
	    !pdf_check_text(r->closed_at, "closed_at", err))
		return RD_EINVAL;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (nums[i].v < 0)
			return rd_fail(err, RD_EINVAL, nums[i].name, "%s is negative",
				       nums[i].name);
	if (r->nlines > PDF_MAX_ITEMS)
		return rd_fail(err, RD_ETOOBIG, "lines", "at most %d lines", PDF_MAX_ITEMS);
	if (r->nlines && !r->lines)
		return rd_fail(err, RD_EINVAL, "lines", "lines is missing");
	for (size_t i = 0; i < r->nlines; i++) {
		snprintf(field, sizeof(field), "lines[%zu].name", i);
		if (!pdf_check_text(r->lines[i].name, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "lines[%zu].delegation", i);
		if (!pdf_check_text(r->lines[i].delegation, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "lines[%zu].choice", i);
		if (!pdf_check_text(r->lines[i].choice, field, err))
			return RD_EINVAL;
	}
	return RD_OK;
}

enum rd_err pdf_vote_record(const struct pdf_vote_record *r, struct buf *out, struct rd_error *err)
{
	struct pdf_doc d;
	size_t first = 0, per_col1 = 0, per_col = rec_rows_fit(REC_CONT), done;
	double y, list_top = 0, title_h;
	int pages = 1;
	enum rd_err rc;

	rc = rec_check(r, err);
	if (rc)
		return rc;
	if (per_col == 0) /* cannot happen on A4; keeps the division below safe */
		per_col = 1;
	rc = pdf_begin(&d, out, r->title && *r->title ? r->title : "表决结果", err);
	if (rc)
		return rc;
	y = rec_header(&d, r);
	y = rec_numbers(&d, r, y);
	y = rec_verdict(&d, r->passed, y);
	y = rec_signatures(&d, y);
	if (r->nlines) {
		title_h = pdf_text(&d, PDF_SERIF, true, 13, "记名表决情况（按座位顺序）", REC_M, 0,
				   REC_W, PDF_MEASURE);
		list_top = y + 6 * PDF_MM + title_h + 2 * PDF_MM;
		per_col1 = rec_rows_fit(list_top);
		if (per_col1 < 4) { /* not worth starting here */
			per_col1 = 0;
		} else {
			first = r->nlines < 2 * per_col1 ? r->nlines : 2 * per_col1;
			if (r->nlines <= 2 * per_col1) /* balance the two columns */
				per_col1 = (r->nlines + 1) / 2;
			pdf_text(&d, PDF_SERIF, true, 13, "记名表决情况（按座位顺序）", REC_M,
				 y + 6 * PDF_MM, REC_W, PDF_LEFT);
		}
		pages += (int)((r->nlines - first + 2 * per_col - 1) / (2 * per_col));
	}
	if (first)
		rec_list(&d, r, 0, first, per_col1, list_top);
	rec_footer(&d, 1, pages);
	done = first;
	for (int p = 2; p <= pages; p++) {
		size_t count = r->nlines - done < 2 * per_col ? r->nlines - done : 2 * per_col;
		size_t rows = count < 2 * per_col ? (count + 1) / 2 : per_col;
		char head[512];

		cairo_show_page(d.cr);
		cairo_set_source_rgb(d.cr, 0.3, 0.3, 0.3);
		snprintf(head, sizeof(head), "%s · %s（续）", r->title ? r->title : "",
			 "记名表决情况");
		pdf_text(&d, PDF_SANS, false, 9, head, REC_M, 20 * PDF_MM, REC_W, PDF_CENTER);
		cairo_set_source_rgb(d.cr, 0, 0, 0);
		rec_list(&d, r, done, count, rows, REC_CONT);
		done += count;
		rec_footer(&d, p, pages);
	}
	return pdf_end(&d, false, err);
}
