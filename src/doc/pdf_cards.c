/*
 * pdf_cards.c — delegate cards (代表证), see pdf.h.
 *
 * A4 portrait, 2 columns × 4 rows of 95 × 65 mm cards, the block centred
 * (10 mm side margins, 18.5 mm top and bottom). Cards share their edges, so
 * one cut along each grey line separates them; crop marks in the margins
 * carry the lines to the paper's edge for a guillotine. On a card: the
 * congress's name and 代表证 in red at the top over a red rule; below it on
 * the left the name, large, then the delegation and the seat; on the right
 * the QR code with its text under it for reading out or typing in.
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

#define CARD_W	   (95 * PDF_MM)
#define CARD_H	   (65 * PDF_MM)
#define CARD_COLS  2
#define CARD_ROWS  4
#define CARD_LEFT  ((PDF_A4_W - CARD_COLS * CARD_W) / 2)
#define CARD_TOP   ((PDF_A4_H - CARD_ROWS * CARD_H) / 2)
#define CARD_PAD   (5 * PDF_MM)
#define CARD_QR	   (25 * PDF_MM)
#define CARD_RED_R 0.76
#define CARD_RED_G 0.05
#define CARD_RED_B 0.05

static void card_cut_marks(struct pdf_doc *d)
{
	const double gap = 2 * PDF_MM, len = 6 * PDF_MM;
	const double right = CARD_LEFT + CARD_COLS * CARD_W, bottom = CARD_TOP + CARD_ROWS * CARD_H;

	for (int c = 0; c <= CARD_COLS; c++) {
		double x = CARD_LEFT + c * CARD_W;

		pdf_line(d, x, CARD_TOP, x, bottom, 0.3, 0.65);
		pdf_line(d, x, CARD_TOP - gap - len, x, CARD_TOP - gap, 0.5, 0);
		pdf_line(d, x, bottom + gap, x, bottom + gap + len, 0.5, 0);
	}
	for (int r = 0; r <= CARD_ROWS; r++) {
		double y = CARD_TOP + r * CARD_H;

		pdf_line(d, CARD_LEFT, y, right, y, 0.3, 0.65);
		pdf_line(d, CARD_LEFT - gap - len, y, CARD_LEFT - gap, y, 0.5, 0);
		pdf_line(d, right + gap, y, right + gap + len, y, 0.5, 0);
	}
}

static enum rd_err card_draw(struct pdf_doc *d, const char *congress, const struct pdf_card *c,
			     double x0, double y0, size_t i, struct rd_error *err)
{
	cairo_t *cr = d->cr;
	const double inner = CARD_W - 2 * CARD_PAD;
	const double qr_x = x0 + CARD_W - CARD_PAD - CARD_QR;
	const double text_w = qr_x - (x0 + CARD_PAD) - 3 * PDF_MM;
	double y = y0 + 4 * PDF_MM, rule;
	char seat[256];

	cairo_set_source_rgb(cr, CARD_RED_R, CARD_RED_G, CARD_RED_B);
	y += pdf_text(d, PDF_SERIF, true, 9.5, congress, x0 + CARD_PAD, y, inner,
		      PDF_CENTER | PDF_WRAP);
	y += 0.5 * PDF_MM;
	y += pdf_text(d, PDF_SERIF, true, 17, "代表证", x0 + CARD_PAD, y, inner,
		      PDF_CENTER | PDF_SPACED);
	rule = y + 1.5 * PDF_MM;
	cairo_set_line_width(cr, 1.2);
	cairo_move_to(cr, x0 + CARD_PAD, rule);
	cairo_line_to(cr, x0 + CARD_W - CARD_PAD, rule);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, x0 + CARD_PAD, rule + 1.2);
	cairo_line_to(cr, x0 + CARD_W - CARD_PAD, rule + 1.2);
	cairo_stroke(cr);

	cairo_set_source_rgb(cr, 0, 0, 0);
	y = rule + 5 * PDF_MM;
	y += pdf_text(d, PDF_SERIF, true, 26, c->name, x0 + CARD_PAD, y, text_w, PDF_FIT);
	y += 2 * PDF_MM;
	if (c->delegation && *c->delegation)
		y += pdf_text(d, PDF_SANS, false, 11, c->delegation, x0 + CARD_PAD, y, text_w,
			      PDF_FIT | PDF_WRAP) +
		     1 * PDF_MM;
	if (c->seat && *c->seat) {
		snprintf(seat, sizeof(seat), "座位：%s", c->seat);
		pdf_text(d, PDF_SANS, false, 11, seat, x0 + CARD_PAD, y, text_w, PDF_FIT);
	}
	if (c->qr_text && *c->qr_text) {
		double qy = rule + 5 * PDF_MM; /* 4 modules of white under the rule */

		if (pdf_qr(d, c->qr_text, qr_x, qy, CARD_QR) != RD_OK) {
			char field[64];

			snprintf(field, sizeof(field), "cards[%zu].qr_text", i);
			return rd_fail(err, RD_EINVAL, field,
				       "card %zu: the check-in code is too long for a QR code",
				       i + 1);
		}
		cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
		pdf_text(d, PDF_MONO, false, 8, c->qr_text, qr_x - 3 * PDF_MM,
			 qy + CARD_QR + 1.5 * PDF_MM, CARD_QR + 6 * PDF_MM, PDF_CENTER | PDF_FIT);
	}
	return RD_OK;
}

static enum rd_err cards_check(const char *congress, const struct pdf_card *cards, size_t n,
			       struct rd_error *err)
{
	char field[64];

	if (n == 0 || !cards)
		return rd_fail(err, RD_EINVAL, "cards", "there are no cards to print");
	if (n > PDF_MAX_ITEMS)
		return rd_fail(err, RD_ETOOBIG, "cards", "at most %d cards at a time",
			       PDF_MAX_ITEMS);
	if (!pdf_check_text(congress, "congress", err))
		return RD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		const struct pdf_card *c = &cards[i];

		snprintf(field, sizeof(field), "cards[%zu].name", i);
		if (!c->name || !*c->name)
			return rd_fail(err, RD_EINVAL, field, "card %zu has no name", i + 1);
		if (!pdf_check_text(c->name, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "cards[%zu].delegation", i);
		if (!pdf_check_text(c->delegation, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "cards[%zu].seat", i);
		if (!pdf_check_text(c->seat, field, err))
			return RD_EINVAL;
		snprintf(field, sizeof(field), "cards[%zu].qr_text", i);
		if (!pdf_check_text(c->qr_text, field, err))
			return RD_EINVAL;
	}
	return RD_OK;
}

enum rd_err pdf_cards(const char *congress, const struct pdf_card *cards, size_t n, struct buf *out,
		      struct rd_error *err)
{
	struct pdf_doc d;
	enum rd_err rc;

	rc = cards_check(congress, cards, n, err);
	if (rc)
		return rc;
	rc = pdf_begin(&d, out, "代表证", err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t k = i % (CARD_COLS * CARD_ROWS), col = k % CARD_COLS, row = k / CARD_COLS;

		if (k == 0) {
			if (i)
				cairo_show_page(d.cr);
			card_cut_marks(&d);
		}
		rc = card_draw(&d, congress ? congress : "", &cards[i],
			       CARD_LEFT + (double)col * CARD_W, CARD_TOP + (double)row * CARD_H, i,
			       err);
		if (rc)
			break;
	}
	if (rc) {
		pdf_end(&d, true, err);
		return rc;
	}
	return pdf_end(&d, false, err);
}
