/*
 * pdf_report.c — the handling report of delegates' suggestions (代表建议、
 * 批评和意见办理情况), see pdf.h.
 *
 * A4 landscape (14 columns do not fit a portrait page at a readable size):
 * the congress, the title and the date the numbers are counted to; then each
 * table (per unit, per category) with its heading and its column heads,
 * repeated on every page it runs on; a note on how the rates are counted;
 * every page numbered "第 i 页 共 n 页". As in pdf_duty.c the layout runs
 * twice through the same functions, measuring then drawing, so the page
 * count printed is the page count drawn. Cells are printed as given: the
 * numbers and rates come from the store and rules/handling.c.
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>

#include "base/banned.h"

#define REP_PAGE_W (PDF_A4_H) /* landscape */
#define REP_PAGE_H (PDF_A4_W)
#define REP_M	   (15 * PDF_MM)
#define REP_W	   (REP_PAGE_W - 2 * REP_M)
#define REP_TOP	   (15 * PDF_MM)
#define REP_BOTTOM (REP_PAGE_H - 16 * PDF_MM)
#define REP_PAD	   (1.0 * PDF_MM)
#define REP_SIZE   9.0 /* cell text */
#define REP_ROW	   (6.2 * PDF_MM)
#define REP_NAME_W (52 * PDF_MM) /* the first column; the others share the rest */

/* The number columns' heads, broken where a reader expects. */
static const char *const rep_head[PDF_REPORT_COLS - 1] = {
	"交办\n件数",	  "已答复",	  "按时\n答复", "按时\n答复率", "逾期\n未答复",
	"满意",		  "基本\n满意",	  "不满意",	"满意率",	"解决或\n部分解决",
	"列入计划\n解决", "暂不能\n解决", "说明\n解释",
};

struct flow {
	struct pdf_doc *d;
	const struct pdf_report *r;
	bool draw;
	double y;
	int page, pages;
};

static double col_w(size_t c)
{
	return c == 0 ? REP_NAME_W : (REP_W - REP_NAME_W) / (PDF_REPORT_COLS - 1);
}

static double flow_text(struct flow *f, bool bold, double size, const char *text, double x,
			double y, double w, int flags)
{
	return pdf_text(f->d, PDF_SERIF, bold, size, text, x, y, w,
			flags | (f->draw ? 0 : PDF_MEASURE));
}

static void flow_fill(struct flow *f, double x, double y, double w, double h, double g)
{
	if (!f->draw)
		return;
	cairo_set_source_rgb(f->d->cr, g, g, g);
	cairo_rectangle(f->d->cr, x, y, w, h);
	cairo_fill(f->d->cr);
	cairo_set_source_rgb(f->d->cr, 0, 0, 0);
}

static void flow_line(struct flow *f, double x0, double y0, double x1, double y1, double lw,
		      double g)
{
	if (f->draw)
		pdf_line(f->d, x0, y0, x1, y1, lw, g);
}

static void flow_footer(struct flow *f)
{
	char s[128];

	if (!f->draw)
		return;
	snprintf(s, sizeof(s), "代表建议办理情况　　第 %d 页  共 %d 页", f->page, f->pages);
	cairo_set_source_rgb(f->d->cr, 0.3, 0.3, 0.3);
	pdf_text(f->d, PDF_SERIF, false, 8.5, s, REP_M, REP_PAGE_H - 11 * PDF_MM, REP_W,
		 PDF_CENTER);
	cairo_set_source_rgb(f->d->cr, 0, 0, 0);
}

static void flow_new_page(struct flow *f)
{
	flow_footer(f);
	if (f->draw)
		cairo_show_page(f->d->cr);
	f->page++;
	f->y = REP_TOP;
}

static void rep_header(struct flow *f)
{
	const struct pdf_report *r = f->r;
	char s[512];

	f->y = REP_TOP;
	if (r->congress && *r->congress) {
		f->y += flow_text(f, true, 14, r->congress, REP_M, f->y, REP_W,
				  PDF_CENTER | PDF_WRAP);
		f->y += 2 * PDF_MM;
	}
	f->y += flow_text(f, true, 20, "代表建议、批评和意见办理情况", REP_M, f->y, REP_W,
			  PDF_CENTER);
	f->y += 2 * PDF_MM;
	snprintf(s, sizeof(s), "%s%s统计截至 %s", r->scope ? r->scope : "",
		 r->scope && *r->scope ? "　　" : "", r->as_of ? r->as_of : "");
	f->y += flow_text(f, false, 11, s, REP_M, f->y, REP_W, PDF_CENTER);
	f->y += 5 * PDF_MM;
}

static double head_height(struct flow *f)
{
	double h = 0;

	for (size_t c = 1; c < PDF_REPORT_COLS; c++) {
		double th = pdf_text(f->d, PDF_SERIF, true, REP_SIZE, rep_head[c - 1], 0, 0,
				     col_w(c) - 2 * REP_PAD, PDF_CENTER | PDF_WRAP | PDF_MEASURE);

		h = th > h ? th : h;
	}
	return h + 2 * REP_PAD;
}

static void table_head(struct flow *f, const struct pdf_report_table *t, double h)
{
	double x = REP_M;

	flow_fill(f, REP_M, f->y, REP_W, h, 0.9);
	for (size_t c = 0; c < PDF_REPORT_COLS; c++) {
		const char *s = c == 0 ? t->key_head : rep_head[c - 1];

		flow_text(f, true, REP_SIZE, s, x + REP_PAD, f->y + REP_PAD, col_w(c) - 2 * REP_PAD,
			  c == 0 ? PDF_FIT : PDF_CENTER | PDF_WRAP);
		x += col_w(c);
	}
	flow_line(f, REP_M, f->y, REP_M + REP_W, f->y, 0.8, 0);
	f->y += h;
	flow_line(f, REP_M, f->y, REP_M + REP_W, f->y, 0.5, 0.2);
}

static void table_row(struct flow *f, const struct pdf_report_table *t, size_t i)
{
	const char *const *cells = t->cells + i * PDF_REPORT_COLS;
	bool total = t->total_last && i + 1 == t->n_rows;
	double x = REP_M, ty = f->y + (REP_ROW - REP_SIZE * 1.45) / 2;

	if (total)
		flow_fill(f, REP_M, f->y, REP_W, REP_ROW, 0.95);
	for (size_t c = 0; c < PDF_REPORT_COLS; c++) {
		flow_text(f, total, REP_SIZE, cells[c], x + REP_PAD, ty, col_w(c) - 2 * REP_PAD,
			  c == 0 ? PDF_FIT : PDF_CENTER | PDF_FIT);
		x += col_w(c);
	}
	f->y += REP_ROW;
	flow_line(f, REP_M, f->y, REP_M + REP_W, f->y, total ? 0.8 : 0.3, total ? 0 : 0.6);
}

static void rep_table(struct flow *f, const struct pdf_report_table *t)
{
	double title_h = pdf_text(f->d, PDF_SERIF, true, 12.5, t->title, 0, 0, REP_W, PDF_MEASURE);
	double head_h = head_height(f);
	char cont[256];

	/* The heading stays with the column heads and at least one row. */
	if (f->y + title_h + 1.5 * PDF_MM + head_h + REP_ROW > REP_BOTTOM)
		flow_new_page(f);
	f->y += flow_text(f, true, 12.5, t->title, REP_M, f->y, REP_W, PDF_LEFT);
	f->y += 1.5 * PDF_MM;
	if (!t->n_rows) {
		f->y += flow_text(f, false, 10, "无", REP_M, f->y, REP_W, PDF_LEFT);
		f->y += 6 * PDF_MM;
		return;
	}
	table_head(f, t, head_h);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (f->y + REP_ROW > REP_BOTTOM) {
			flow_new_page(f);
			snprintf(cont, sizeof(cont), "%s（续）", t->title);
			f->y += flow_text(f, true, 11, cont, REP_M, f->y, REP_W, PDF_LEFT);
			f->y += 1.5 * PDF_MM;
			table_head(f, t, head_h);
		}
		table_row(f, t, i);
	}
	f->y += 7 * PDF_MM;
}

static const char rep_note[] =
	"说明：交办件数为已交办由该单位主办（或属该类别）的建议件数；按时答复率＝按时答复件数÷已答"
	"复件数，"
	"每次答复均在答复期限内的为按时答复；逾期未答复为统计日已超过答复（或重新办理）期限仍未答复"
	"的件数；"
	"满意率＝（满意＋基本满意）÷最后一轮测评的意见数；办理结果按最后一次答复的类别统计。"
	"没有可计算的件数时比率记为“—”。";

static void rep_layout(struct flow *f)
{
	double h;

	f->page = 1;
	rep_header(f);
	for (size_t i = 0; i < f->r->n_tables; i++)
		rep_table(f, &f->r->tables[i]);
	h = pdf_text(f->d, PDF_SERIF, false, 9, rep_note, 0, 0, REP_W, PDF_WRAP | PDF_MEASURE);
	if (f->y + h > REP_BOTTOM)
		flow_new_page(f);
	cairo_set_source_rgb(f->d->cr, 0.25, 0.25, 0.25);
	f->y += flow_text(f, false, 9, rep_note, REP_M, f->y, REP_W, PDF_WRAP);
	cairo_set_source_rgb(f->d->cr, 0, 0, 0);
	flow_footer(f);
}

static enum rd_err rep_check(const struct pdf_report *r, struct rd_error *err)
{
	char field[64];
	size_t total = 0;

	if (!pdf_check_text(r->congress, "congress", err) ||
	    !pdf_check_text(r->as_of, "as_of", err) || !pdf_check_text(r->scope, "scope", err))
		return RD_EINVAL;
	if (r->n_tables && !r->tables)
		return rd_fail(err, RD_EINVAL, "tables", "tables is missing");
	for (size_t i = 0; i < r->n_tables; i++) {
		const struct pdf_report_table *t = &r->tables[i];

		snprintf(field, sizeof(field), "tables[%zu].title", i);
		if (!pdf_check_text(t->title, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "tables[%zu].key_head", i);
		if (!pdf_check_text(t->key_head, field, err))
			return RD_EINVAL;
		if (t->n_rows > PDF_MAX_ITEMS || total + t->n_rows > PDF_MAX_ITEMS)
			return rd_fail(err, RD_ETOOBIG, "tables", "at most %d rows", PDF_MAX_ITEMS);
		total += t->n_rows;
		if (t->n_rows && !t->cells)
			return rd_fail(err, RD_EINVAL, "cells", "tables[%zu].cells is missing", i);
		for (size_t k = 0; k < t->n_rows * PDF_REPORT_COLS; k++) {
			snprintf(field, sizeof(field), "tables[%zu].cells", i);
			if (!pdf_check_text(t->cells[k], field, err))
				return RD_EINVAL;
		}
	}
	return RD_OK;
}

enum rd_err pdf_report(const struct pdf_report *r, struct buf *out, struct rd_error *err)
{
	struct pdf_doc d;
	struct flow f = {.d = &d, .r = r};
	enum rd_err rc = rep_check(r, err);

	if (rc)
		return rc;
	rc = pdf_begin(&d, out, "代表建议、批评和意见办理情况", err);
	if (rc)
		return rc;
	cairo_pdf_surface_set_size(d.surface, REP_PAGE_W, REP_PAGE_H);
	rep_layout(&f); /* measuring: counts the pages */
	f.pages = f.page;
	f.draw = true;
	rep_layout(&f);
	return pdf_end(&d, false, err);
}
