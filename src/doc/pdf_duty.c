/*
 * pdf_duty.c — a delegate's annual duty record (履职档案) and the sheet of
 * delegates' codes (代表码), see pdf.h.
 *
 * The duty record flows down the page: header, summary, then the tables,
 * breaking to a new page where a row would cross the bottom margin (the
 * table's heading and column heads are repeated there, so a loose page
 * still says what it lists). To print "第 i 页 共 n 页" the layout runs
 * twice: once measuring only, to count the pages, then drawing; both runs
 * go through the same functions, so they cannot disagree.
 *
 * The sheet of codes is a fixed grid, 3 × 4 cells a page, each cell framed
 * by light cut lines.
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

#define DUTY_M	    (20 * PDF_MM)	    /* left and right margins */
#define DUTY_W	    (PDF_A4_W - 2 * DUTY_M) /* text width: 170 mm */
#define DUTY_TOP    (20 * PDF_MM)	    /* where later pages start */
#define DUTY_BOTTOM (PDF_A4_H - 22 * PDF_MM)
#define DUTY_PAD    (1.2 * PDF_MM) /* inside a table cell */
#define DUTY_SIZE   9.5		   /* table text */

/* The flow of one pass over the record: measuring (draw false) or drawing. */
struct flow {
	struct pdf_doc *d;
	const struct pdf_duty *r;
	bool draw;
	double y;
	int page, pages;
};

static double flow_text(struct flow *f, const char *family, bool bold, double size,
			const char *text, double x, double y, double w, int flags)
{
	return pdf_text(f->d, family, bold, size, text, x, y, w,
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
	char s[512];

	if (!f->draw)
		return;
	snprintf(s, sizeof(s), "%s · %d年度履职档案　　第 %d 页  共 %d 页", f->r->name, f->r->year,
		 f->page, f->pages);
	cairo_set_source_rgb(f->d->cr, 0.3, 0.3, 0.3);
	pdf_text(f->d, PDF_SANS, false, 8.5, s, DUTY_M, PDF_A4_H - 15 * PDF_MM, DUTY_W, PDF_CENTER);
	cairo_set_source_rgb(f->d->cr, 0, 0, 0);
}

static void flow_new_page(struct flow *f)
{
	flow_footer(f);
	if (f->draw)
		cairo_show_page(f->d->cr);
	f->page++;
	f->y = DUTY_TOP;
}

/* Room for h more points on this page, else a new page. */
static bool flow_fits(struct flow *f, double h)
{
	return f->y + h <= DUTY_BOTTOM;
}

static void duty_header(struct flow *f)
{
	const struct pdf_duty *r = f->r;
	char s[1024];

	f->y = 20 * PDF_MM;
	f->y += flow_text(f, PDF_SERIF, true, 15, r->congress, DUTY_M, f->y, DUTY_W,
			  PDF_CENTER | PDF_WRAP);
	f->y += 3 * PDF_MM;
	f->y += flow_text(f, PDF_SERIF, true, 24, "代表履职档案", DUTY_M, f->y, DUTY_W,
			  PDF_CENTER | PDF_SPACED);
	f->y += 1.5 * PDF_MM;
	snprintf(s, sizeof(s), "（%d年度）", r->year);
	f->y += flow_text(f, PDF_SERIF, false, 13, s, DUTY_M, f->y, DUTY_W, PDF_CENTER);
	f->y += 6 * PDF_MM;
	snprintf(s, sizeof(s), "代表：%s", r->name);
	if (r->delegation && *r->delegation)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "　　所在代表团：%s", r->delegation);
	if (r->constituency && *r->constituency)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "　　选区：%s", r->constituency);
	f->y += flow_text(f, PDF_SERIF, true, 12, s, DUTY_M, f->y, DUTY_W, PDF_WRAP);
	f->y += 5 * PDF_MM;
}

static void duty_section_title(struct flow *f, const char *title)
{
	f->y += flow_text(f, PDF_SERIF, true, 13, title, DUTY_M, f->y, DUTY_W, PDF_LEFT);
	f->y += 1.5 * PDF_MM;
}

/* The summary: label | value | label | value, rows of two facts. */
static void duty_facts(struct flow *f)
{
	const struct pdf_duty *r = f->r;
	const double half = DUTY_W / 2, label_w = 38 * PDF_MM, row = 7.5 * PDF_MM;
	size_t rows = (r->n_facts + 1) / 2;
	double top;

	if (!r->n_facts)
		return;
	duty_section_title(f, "履职概况");
	top = f->y;
	for (size_t i = 0; i < rows; i++) {
		for (size_t k = 0; k < 2 && 2 * i + k < r->n_facts; k++) {
			const struct pdf_duty_fact *fa = &r->facts[2 * i + k];
			double x = DUTY_M + (double)k * half, ty = f->y + (row - 14) / 2;

			flow_fill(f, x, f->y, label_w, row, 0.93);
			flow_text(f, PDF_SANS, false, 10.5, fa->label, x + DUTY_PAD, ty,
				  label_w - 2 * DUTY_PAD, PDF_FIT);
			flow_text(f, PDF_SANS, true, 10.5, fa->value, x + label_w + DUTY_PAD, ty,
				  half - label_w - 2 * DUTY_PAD, PDF_FIT);
		}
		f->y += row;
		flow_line(f, DUTY_M, f->y, DUTY_M + DUTY_W, f->y, 0.4, 0.5);
	}
	flow_line(f, DUTY_M, top, DUTY_M + DUTY_W, top, 0.8, 0);
	flow_line(f, DUTY_M, f->y, DUTY_M + DUTY_W, f->y, 0.8, 0);
	f->y += 7 * PDF_MM;
}

static size_t table_cols(const struct pdf_duty_table *t)
{
	size_t n = 0;

	while (n < 4 && t->head[n])
		n++;
	return n;
}

static double table_head_row(struct flow *f, const struct pdf_duty_table *t, size_t ncols)
{
	double x = DUTY_M, h = 0;

	for (size_t c = 0; c < ncols; c++) {
		double th = pdf_text(f->d, PDF_SANS, true, DUTY_SIZE, t->head[c], 0, 0,
				     t->widths[c] * PDF_MM - 2 * DUTY_PAD, PDF_MEASURE);

		h = th > h ? th : h;
	}
	h += 2 * DUTY_PAD;
	flow_fill(f, DUTY_M, f->y, DUTY_W, h, 0.9);
	for (size_t c = 0; c < ncols; c++) {
		flow_text(f, PDF_SANS, true, DUTY_SIZE, t->head[c], x + DUTY_PAD, f->y + DUTY_PAD,
			  t->widths[c] * PDF_MM - 2 * DUTY_PAD, PDF_FIT);
		x += t->widths[c] * PDF_MM;
	}
	f->y += h;
	return h;
}

static void duty_table(struct flow *f, const struct pdf_duty_table *t)
{
	size_t ncols = table_cols(t);
	double title_h = pdf_text(f->d, PDF_SERIF, true, 13, t->title, 0, 0, DUTY_W, PDF_MEASURE);
	double head_h = DUTY_SIZE * 1.6 + 2 * DUTY_PAD;
	char cont[512];

	/* The heading stays with the column heads and at least one row (or
	 * with its "无"). */
	if (!flow_fits(f, title_h + 1.5 * PDF_MM + (t->n_rows ? 2 * head_h : head_h)))
		flow_new_page(f);
	duty_section_title(f, t->title);
	if (!t->n_rows) {
		f->y += flow_text(f, PDF_SANS, false, 10, t->empty ? t->empty : "无", DUTY_M, f->y,
				  DUTY_W, PDF_LEFT);
		f->y += 6 * PDF_MM;
		return;
	}
	table_head_row(f, t, ncols);
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *const *cells = t->cells + i * ncols;
		double h = 0, x = DUTY_M;

		for (size_t c = 0; c < ncols; c++) {
			double ch = pdf_text(f->d, PDF_SANS, false, DUTY_SIZE, cells[c], 0, 0,
					     t->widths[c] * PDF_MM - 2 * DUTY_PAD,
					     PDF_WRAP | PDF_MEASURE);

			h = ch > h ? ch : h;
		}
		h += 2 * DUTY_PAD;
		if (!flow_fits(f, h)) {
			flow_new_page(f);
			snprintf(cont, sizeof(cont), "%s（续）", t->title);
			duty_section_title(f, cont);
			table_head_row(f, t, ncols);
		}
		for (size_t c = 0; c < ncols; c++) {
			flow_text(f, PDF_SANS, false, DUTY_SIZE, cells[c], x + DUTY_PAD,
				  f->y + DUTY_PAD, t->widths[c] * PDF_MM - 2 * DUTY_PAD, PDF_WRAP);
			x += t->widths[c] * PDF_MM;
		}
		f->y += h;
		flow_line(f, DUTY_M, f->y, DUTY_M + DUTY_W, f->y, 0.3, 0.6);
	}
	f->y += 7 * PDF_MM;
}

static void duty_closing(struct flow *f)
{
	static const char note[] =
		"说明：本档案根据本系统已记录的会议出席、表决、选举、建议、社情民意和联络活动"
		"情况生成。无记名表决和选举只记载是否参加，不记载表决意见或选票内容。";
	char s[256];
	double h = pdf_text(f->d, PDF_SANS, false, 9, note, 0, 0, DUTY_W, PDF_WRAP | PDF_MEASURE);

	if (!flow_fits(f, h + 10 * PDF_MM))
		flow_new_page(f);
	if (f->draw)
		cairo_set_source_rgb(f->d->cr, 0.3, 0.3, 0.3);
	f->y += flow_text(f, PDF_SANS, false, 9, note, DUTY_M, f->y, DUTY_W, PDF_WRAP);
	f->y += 2 * PDF_MM;
	snprintf(s, sizeof(s), "打印日期：%s", f->r->printed_on ? f->r->printed_on : "");
	f->y += flow_text(f, PDF_SANS, false, 9, s, DUTY_M, f->y, DUTY_W, PDF_RIGHT);
	if (f->draw)
		cairo_set_source_rgb(f->d->cr, 0, 0, 0);
	flow_footer(f);
}

static void duty_pass(struct flow *f)
{
	f->page = 1;
	duty_header(f);
	duty_facts(f);
	for (size_t i = 0; i < f->r->n_tables; i++)
		duty_table(f, &f->r->tables[i]);
	duty_closing(f);
}

static enum rd_err duty_check(const struct pdf_duty *r, struct rd_error *err)
{
	char field[64];
	size_t rows = 0;

	if (!r->name || !*r->name)
		return rd_fail(err, RD_EINVAL, "name", "the record has no name");
	if (!pdf_check_text(r->congress, "congress", err) ||
	    !pdf_check_text(r->name, "name", err) ||
	    !pdf_check_text(r->delegation, "delegation", err) ||
	    !pdf_check_text(r->constituency, "constituency", err) ||
	    !pdf_check_text(r->printed_on, "printed_on", err))
		return RD_EINVAL;
	if (r->n_facts && !r->facts)
		return rd_fail(err, RD_EINVAL, "facts", "facts is missing");
	for (size_t i = 0; i < r->n_facts; i++) {
		snprintf(field, sizeof(field), "facts[%zu]", i);
		if (!pdf_check_text(r->facts[i].label, field, err) ||
		    !pdf_check_text(r->facts[i].value, field, err))
			return RD_EINVAL;
	}
	if (r->n_tables && !r->tables)
		return rd_fail(err, RD_EINVAL, "tables", "tables is missing");
	for (size_t i = 0; i < r->n_tables; i++) {
		const struct pdf_duty_table *t = &r->tables[i];
		size_t ncols = table_cols(t);

		snprintf(field, sizeof(field), "tables[%zu].head", i);
		if (ncols == 0)
			return rd_fail(err, RD_EINVAL, field, "a table needs a column");
		for (size_t c = 0; c < ncols; c++)
			if (!pdf_check_text(t->head[c], field, err))
				return RD_EINVAL;
		snprintf(field, sizeof(field), "tables[%zu].title", i);
		if (!pdf_check_text(t->title, field, err) || !pdf_check_text(t->empty, field, err))
			return RD_EINVAL;
		rows += t->n_rows;
		if (rows > PDF_MAX_ITEMS)
			return rd_fail(err, RD_ETOOBIG, "tables", "at most %d rows", PDF_MAX_ITEMS);
		snprintf(field, sizeof(field), "tables[%zu].cells", i);
		if (t->n_rows && !t->cells)
			return rd_fail(err, RD_EINVAL, field, "the cells are missing");
		for (size_t k = 0; k < t->n_rows * ncols; k++)
			if (!pdf_check_text(t->cells[k], field, err))
				return RD_EINVAL;
	}
	return RD_OK;
}

enum rd_err pdf_duty(const struct pdf_duty *r, struct buf *out, struct rd_error *err)
{
	struct pdf_doc d;
	struct flow f = {.d = &d, .r = r};
	char title[256];
	enum rd_err rc;

	rc = duty_check(r, err);
	if (rc)
		return rc;
	snprintf(title, sizeof(title), "%s %d年度履职档案", r->name, r->year);
	rc = pdf_begin(&d, out, title, err);
	if (rc)
		return rc;
	duty_pass(&f); /* measure: how many pages */
	f.pages = f.page;
	f.draw = true;
	duty_pass(&f);
	return pdf_end(&d, false, err);
}

/* ---- the sheet of codes (代表码) ----------------------------------------- */

#define CODE_COLS  3
#define CODE_ROWS  4
#define CODE_W	   (60 * PDF_MM)
#define CODE_H	   (62 * PDF_MM)
#define CODE_LEFT  ((PDF_A4_W - CODE_COLS * CODE_W) / 2)
#define CODE_TOP   (26 * PDF_MM)
#define CODE_QR	   (30 * PDF_MM)
#define CODE_PAD   (4 * PDF_MM)
#define CODE_RED_R 0.76
#define CODE_RED_G 0.05
#define CODE_RED_B 0.05

static void codes_page_frame(struct pdf_doc *d, const char *congress, int page, int pages)
{
	char s[64];

	cairo_set_source_rgb(d->cr, CODE_RED_R, CODE_RED_G, CODE_RED_B);
	pdf_text(d, PDF_SERIF, true, 13, congress, CODE_LEFT, 10 * PDF_MM, CODE_COLS * CODE_W,
		 PDF_CENTER | PDF_FIT);
	pdf_text(d, PDF_SERIF, true, 11, "代表码 · 扫码向人大代表反映意见建议", CODE_LEFT,
		 17 * PDF_MM, CODE_COLS * CODE_W, PDF_CENTER);
	cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
	snprintf(s, sizeof(s), "第 %d 页  共 %d 页", page, pages);
	pdf_text(d, PDF_SANS, false, 8.5, s, CODE_LEFT, PDF_A4_H - 12 * PDF_MM, CODE_COLS * CODE_W,
		 PDF_CENTER);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int c = 0; c <= CODE_COLS; c++)
		pdf_line(d, CODE_LEFT + c * CODE_W, CODE_TOP, CODE_LEFT + c * CODE_W,
			 CODE_TOP + CODE_ROWS * CODE_H, 0.3, 0.7);
	for (int r = 0; r <= CODE_ROWS; r++)
		pdf_line(d, CODE_LEFT, CODE_TOP + r * CODE_H, CODE_LEFT + CODE_COLS * CODE_W,
			 CODE_TOP + r * CODE_H, 0.3, 0.7);
}

static enum rd_err code_draw(struct pdf_doc *d, const struct pdf_code *c, double x0, double y0,
			     size_t i, struct rd_error *err)
{
	const double inner = CODE_W - 2 * CODE_PAD;
	double y = y0 + 3 * PDF_MM;

	y += pdf_text(d, PDF_SERIF, true, 16, c->name, x0 + CODE_PAD, y, inner,
		      PDF_CENTER | PDF_FIT);
	y += pdf_text(d, PDF_SANS, false, 9.5, c->delegation, x0 + CODE_PAD, y, inner,
		      PDF_CENTER | PDF_FIT);
	y += 4.5 * PDF_MM; /* the quiet zone: 4 modules of white above the code */
	if (pdf_qr(d, c->url, x0 + (CODE_W - CODE_QR) / 2, y, CODE_QR) != RD_OK) {
		char field[64];

		snprintf(field, sizeof(field), "codes[%zu].url", i);
		return rd_fail(err, RD_EINVAL, field, "code %zu: the address is too long", i + 1);
	}
	cairo_set_source_rgb(d->cr, 0.15, 0.15, 0.15);
	pdf_text(d, PDF_MONO, false, 6.5, c->url, x0 + 2 * PDF_MM, y + CODE_QR + 3 * PDF_MM,
		 CODE_W - 4 * PDF_MM, PDF_CENTER | PDF_WRAP);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	return RD_OK;
}

static enum rd_err codes_check(const char *congress, const struct pdf_code *codes, size_t n,
			       struct rd_error *err)
{
	char field[64];

	if (n == 0 || !codes)
		return rd_fail(err, RD_EINVAL, "codes", "there are no codes to print");
	if (n > PDF_MAX_ITEMS)
		return rd_fail(err, RD_ETOOBIG, "codes", "at most %d codes at a time",
			       PDF_MAX_ITEMS);
	if (!pdf_check_text(congress, "congress", err))
		return RD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "codes[%zu].name", i);
		if (!codes[i].name || !*codes[i].name)
			return rd_fail(err, RD_EINVAL, field, "code %zu has no name", i + 1);
		if (!pdf_check_text(codes[i].name, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "codes[%zu].delegation", i);
		if (!pdf_check_text(codes[i].delegation, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "codes[%zu].url", i);
		if (!codes[i].url || !*codes[i].url)
			return rd_fail(err, RD_EINVAL, field, "code %zu has no address", i + 1);
		if (!pdf_check_text(codes[i].url, field, err))
			return RD_EINVAL;
	}
	return RD_OK;
}

enum rd_err pdf_delegate_codes(const char *congress, const struct pdf_code *codes, size_t n,
			       struct buf *out, struct rd_error *err)
{
	const size_t per_page = CODE_COLS * CODE_ROWS;
	int pages = (int)((n + per_page - 1) / per_page);
	struct pdf_doc d;
	enum rd_err rc;

	rc = codes_check(congress, codes, n, err);
	if (rc)
		return rc;
	rc = pdf_begin(&d, out, "代表码", err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t k = i % per_page, col = k % CODE_COLS, row = k / CODE_COLS;

		if (k == 0) {
			if (i)
				cairo_show_page(d.cr);
			codes_page_frame(&d, congress ? congress : "", (int)(i / per_page) + 1,
					 pages);
		}
		rc = code_draw(&d, &codes[i], CODE_LEFT + (double)col * CODE_W,
			       CODE_TOP + (double)row * CODE_H, i, err);
		if (rc)
			break;
	}
	if (rc) {
		pdf_end(&d, true, err);
		return rc;
	}
	return pdf_end(&d, false, err);
}
