/*
 * pdf_ballot.c — the printed ballot of an election round (选票), see pdf.h.
 *
 * A4 portrait, 20 mm side margins. Top to bottom: the congress; the
 * election's title with 选票 in large type (and 再次投票 / 另行选举 under it
 * for later rounds); a double rule; the marking rules (说明) in a framed box,
 * worded for the seats (EL art. 44: more chosen than seats voids the ballot,
 * RULES §7 "Ballot"); 应选 N 名 and the number of candidates; then the grid.
 *
 * The grid is made of bands of at most BAL_COLS columns: a label column
 * (候选人姓名 over 画符号处) and one column per candidate in ballot order, the
 * name over an empty square-ish box for ○ or ×; after the candidates come
 * `seats` 另选他人 columns whose name box is empty but for a small grey
 * caption, to write a name in. Bands follow each other down the page; a band
 * that does not fit starts a new page headed by the title (a loose page is
 * never anonymous). Up to 20 candidates and a few seats fit one page.
 *
 * The rules are set in the serif face: with cairo 1.16 / poppler 22.12 the sans
 * face's 如 comes out blank in the PDF (it rasterises fine), and 如 opens
 * rule 2.
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

#define BAL_M	   (20 * PDF_MM)	  /* left and right margins */
#define BAL_W	   (PDF_A4_W - 2 * BAL_M) /* text width */
#define BAL_BOTTOM (PDF_A4_H - 18 * PDF_MM)
#define BAL_COLS   8		 /* columns a band */
#define BAL_LABEL  (20 * PDF_MM) /* the label column */
#define BAL_MAXCOL (34 * PDF_MM) /* widest column (few candidates) */
#define BAL_NAME_H (15 * PDF_MM) /* the name row */
#define BAL_MARK_H (19 * PDF_MM) /* the box for ○ / × */
#define BAL_GAP	   (5 * PDF_MM)	 /* between bands */

static double bal_header(struct pdf_doc *d, const struct pdf_ballot *b)
{
	char s[1024];
	double y = 16 * PDF_MM;

	cairo_set_source_rgb(d->cr, 0, 0, 0);
	y += pdf_text(d, PDF_SERIF, true, 15, b->congress, BAL_M, y, BAL_W, PDF_CENTER | PDF_WRAP);
	y += 3 * PDF_MM;
	snprintf(s, sizeof(s), "%s选票", b->title ? b->title : "");
	y += pdf_text(d, PDF_SERIF, true, 26, s, BAL_M, y, BAL_W, PDF_CENTER | PDF_WRAP);
	if (b->note && *b->note) {
		snprintf(s, sizeof(s), "（%s）", b->note);
		y += 1 * PDF_MM;
		y += pdf_text(d, PDF_SERIF, false, 14, s, BAL_M, y, BAL_W, PDF_CENTER);
	}
	y += 3 * PDF_MM;
	pdf_line(d, BAL_M, y, BAL_M + BAL_W, y, 1.6, 0);
	pdf_line(d, BAL_M, y + 2.2, BAL_M + BAL_W, y + 2.2, 0.5, 0);
	return y + 6 * PDF_MM;
}

/* The marking rules in a framed box, numbers hanging; returns the y under it. */
static double bal_rules(struct pdf_doc *d, const struct pdf_ballot *b, double y)
{
	char rules[4][512];
	const double pad = 5 * PDF_MM, num = 6 * PDF_MM, tw = BAL_W - 2 * pad - num, size = 11.5;
	double h = 0, ty;

	snprintf(rules[0], sizeof(rules[0]),
		 "对候选人赞成的，在其姓名下方空格内画“○”；反对的，画“×”；"
		 "弃权的，不画任何符号。");
	snprintf(rules[1], sizeof(rules[1]),
		 "如另选他人，在“另选他人”栏内写上其姓名，并在其下方空格内画“○”。");
	snprintf(rules[2], sizeof(rules[2]),
		 "每张选票所选的人数（画“○”的候选人和另选他人合计）等于或者少于应选名额"
		 " %" PRId64 " 名的有效，多于应选名额的作废。",
		 b->seats);
	snprintf(rules[3], sizeof(rules[3]), "书写模糊无法辨认的，该部分无效。");

	h += pdf_text(d, PDF_SERIF, true, 14, "说　明", BAL_M, 0, BAL_W, PDF_MEASURE);
	h += 2 * PDF_MM;
	for (int i = 0; i < 4; i++)
		h += pdf_text(d, PDF_SERIF, false, size, rules[i], 0, 0, tw,
			      PDF_WRAP | PDF_MEASURE) +
		     1.2 * PDF_MM;
	h += 2 * pad - 1.2 * PDF_MM - 1 * PDF_MM;

	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, 0.8);
	cairo_rectangle(d->cr, BAL_M, y, BAL_W, h);
	cairo_stroke(d->cr);
	ty = y + pad - 1 * PDF_MM;
	ty += pdf_text(d, PDF_SERIF, true, 14, "说　明", BAL_M, ty, BAL_W, PDF_CENTER);
	ty += 2 * PDF_MM;
	for (int i = 0; i < 4; i++) {
		char n[16];

		snprintf(n, sizeof(n), "%d.", i + 1);
		pdf_text(d, PDF_SERIF, false, size, n, BAL_M + pad, ty, num, PDF_LEFT);
		ty += pdf_text(d, PDF_SERIF, false, size, rules[i], BAL_M + pad + num, ty, tw,
			       PDF_WRAP) +
		      1.2 * PDF_MM;
	}
	return y + h;
}

/* A rectangle of line width lw. */
static void bal_box(struct pdf_doc *d, double x, double y, double w, double h, double lw)
{
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, lw);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_stroke(d->cr);
}

/* Text centred vertically in a cell of height h. */
static void bal_cell_text(struct pdf_doc *d, const char *family, bool bold, double size,
			  const char *text, double x, double y, double w, double h, int flags)
{
	double th = pdf_text(d, family, bold, size, text, x, 0, w, flags | PDF_MEASURE);

	pdf_text(d, family, bold, size, text, x, y + (h - th) / 2, w, flags);
}

/*
 * Draws one band: columns [from, from + count) of the ballot (candidates
 * first, then the write-in columns) at y, columns of width cw from x0.
 */
static void bal_band(struct pdf_doc *d, const struct pdf_ballot *b, size_t from, size_t count,
		     double x0, double cw, double y)
{
	const double band_w = BAL_LABEL + (double)count * cw;

	/* The label column, shaded. */
	cairo_set_source_rgb(d->cr, 0.92, 0.92, 0.92);
	cairo_rectangle(d->cr, x0, y, BAL_LABEL, BAL_NAME_H + BAL_MARK_H);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	bal_cell_text(d, PDF_SANS, true, 10.5, "候选人姓名", x0 + 1, y, BAL_LABEL - 2, BAL_NAME_H,
		      PDF_CENTER | PDF_FIT);
	bal_cell_text(d, PDF_SANS, true, 10.5, "画符号处", x0 + 1, y + BAL_NAME_H, BAL_LABEL - 2,
		      BAL_MARK_H, PDF_CENTER | PDF_FIT);

	for (size_t k = 0; k < count; k++) {
		size_t i = from + k;
		double x = x0 + BAL_LABEL + (double)k * cw;

		if (i < b->n_names) {
			bal_cell_text(d, PDF_SERIF, true, 16, b->names[i], x + 2, y, cw - 4,
				      BAL_NAME_H, PDF_CENTER | PDF_FIT);
		} else {
			cairo_set_source_rgb(d->cr, 0.97, 0.97, 0.97);
			cairo_rectangle(d->cr, x, y, cw, BAL_NAME_H);
			cairo_fill(d->cr);
			cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
			pdf_text(d, PDF_SANS, false, 8, "另选他人", x + 1, y + 1.2, cw - 2,
				 PDF_CENTER | PDF_FIT);
			cairo_set_source_rgb(d->cr, 0, 0, 0);
		}
		if (k)
			pdf_line(d, x, y, x, y + BAL_NAME_H + BAL_MARK_H, 0.6, 0);
	}
	pdf_line(d, x0 + BAL_LABEL, y, x0 + BAL_LABEL, y + BAL_NAME_H + BAL_MARK_H, 0.8, 0);
	pdf_line(d, x0, y + BAL_NAME_H, x0 + band_w, y + BAL_NAME_H, 0.6, 0);
	bal_box(d, x0, y, band_w, BAL_NAME_H + BAL_MARK_H, 1.4);
}

static double bal_continued(struct pdf_doc *d, const struct pdf_ballot *b)
{
	char s[1024];

	cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
	snprintf(s, sizeof(s), "%s · %s选票（续）", b->congress ? b->congress : "",
		 b->title ? b->title : "");
	pdf_text(d, PDF_SANS, false, 9, s, BAL_M, 16 * PDF_MM, BAL_W, PDF_CENTER);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	return 26 * PDF_MM;
}

static enum rd_err bal_check(const struct pdf_ballot *b, struct rd_error *err)
{
	char field[64];

	if (!pdf_check_text(b->congress, "congress", err) ||
	    !pdf_check_text(b->title, "title", err) || !pdf_check_text(b->note, "note", err))
		return RD_EINVAL;
	if (b->seats < 1)
		return rd_fail(err, RD_EINVAL, "seats", "seats must be 1 or more");
	if (b->n_names == 0 || !b->names)
		return rd_fail(err, RD_EINVAL, "names", "the ballot has no candidates");
	if (b->n_names > PDF_BALLOT_MAX_NAMES || b->seats > PDF_BALLOT_MAX_NAMES)
		return rd_fail(err, RD_ETOOBIG, "names", "at most %d candidates and seats",
			       PDF_BALLOT_MAX_NAMES);
	for (size_t i = 0; i < b->n_names; i++) {
		snprintf(field, sizeof(field), "names[%zu]", i);
		if (!b->names[i] || !*b->names[i])
			return rd_fail(err, RD_EINVAL, field, "candidate %zu has no name", i + 1);
		if (!pdf_check_text(b->names[i], field, err))
			return RD_EINVAL;
	}
	return RD_OK;
}

enum rd_err pdf_ballot(const struct pdf_ballot *b, struct buf *out, struct rd_error *err)
{
	struct pdf_doc d;
	size_t total, per_band, bands;
	double y, cw, x0, band_h = BAL_NAME_H + BAL_MARK_H;
	char s[256];
	enum rd_err rc;

	rc = bal_check(b, err);
	if (rc)
		return rc;
	total = b->n_names + (size_t)b->seats;
	/* Even bands: 9 columns are 5 + 4, not 8 + 1. */
	bands = (total + BAL_COLS - 1) / BAL_COLS;
	per_band = (total + bands - 1) / bands;
	cw = (BAL_W - BAL_LABEL) / (double)per_band;
	if (cw > BAL_MAXCOL)
		cw = BAL_MAXCOL;
	x0 = (PDF_A4_W - (BAL_LABEL + (double)per_band * cw)) / 2;

	rc = pdf_begin(&d, out, "选票", err);
	if (rc)
		return rc;
	y = bal_header(&d, b);
	y = bal_rules(&d, b, y);
	y += 6 * PDF_MM;
	snprintf(s, sizeof(s), "应选 %" PRId64 " 名", b->seats);
	pdf_text(&d, PDF_SERIF, true, 14, s, x0, y, BAL_W / 2, PDF_LEFT);
	snprintf(s, sizeof(s), "候选人 %zu 名", b->n_names);
	y += pdf_text(&d, PDF_SERIF, true, 14, s, PDF_A4_W - x0 - BAL_W / 2, y, BAL_W / 2,
		      PDF_RIGHT);
	y += 2.5 * PDF_MM;
	for (size_t from = 0; from < total; from += per_band) {
		size_t count = total - from < per_band ? total - from : per_band;

		if (y + band_h > BAL_BOTTOM) {
			cairo_show_page(d.cr);
			y = bal_continued(&d, b);
		}
		bal_band(&d, b, from, count, x0, cw, y);
		y += band_h + BAL_GAP;
	}
	return pdf_end(&d, false, err);
}
