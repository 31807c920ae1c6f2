/*
 * pdf.c — the drawing layer under pdf_cards.c and pdf_record.c (see
 * pdf_draw.h): an A4 cairo PDF surface streaming into a struct buf, pango
 * text on a private font map, QR codes.
 *
 * One font map serves the whole process and one document is drawn at a time
 * (pdf_lock): pango's default font map is per thread, which would load the CJK
 * fonts again in every server worker and never free them. Fonts are sized in
 * absolute points and metrics are not hinted, so the layout on paper is the
 * layout computed here.
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <pthread.h>
#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>

#include "base/str.h"
#include "base/banned.h"

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *pdf_fontmap; /* under pdf_lock */

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *out = closure;

	return buf_append(out, data, length) == RD_OK ? CAIRO_STATUS_SUCCESS
						      : CAIRO_STATUS_WRITE_ERROR;
}

enum rd_err pdf_begin(struct pdf_doc *d, struct buf *out, const char *title, struct rd_error *err)
{
	cairo_font_options_t *fo = NULL;
	enum rd_err rc = RD_OK;

	memset(d, 0, sizeof(*d));
	d->out = out;
	pthread_mutex_lock(&pdf_lock);
	d->locked = true;
	if (!pdf_fontmap) {
		pdf_fontmap = pango_cairo_font_map_new();
		if (!pdf_fontmap) {
			rc = rd_fail(err, RD_ENOMEM, NULL, "cannot load the fonts");
			goto out;
		}
	}
	d->surface = cairo_pdf_surface_create_for_stream(pdf_write, out, PDF_A4_W, PDF_A4_H);
	d->cr = cairo_create(d->surface);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		rc = rd_fail(err, RD_ENOMEM, NULL, "cannot start a PDF");
		goto out;
	}
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "renda");
	d->pango = pango_font_map_create_context(pdf_fontmap);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d->pango, fo);
	pango_cairo_update_context(d->cr, d->pango);
out:
	if (fo)
		cairo_font_options_destroy(fo);
	if (rc)
		pdf_end(d, true, NULL);
	return rc;
}

enum rd_err pdf_end(struct pdf_doc *d, bool failed, struct rd_error *err)
{
	enum rd_err rc = RD_OK;

	if (d->surface)
		cairo_surface_finish(d->surface);
	/* cairo does not always pass a failed write on to the surface's status. */
	if (!failed && d->out && buf_error(d->out)) {
		rc = rd_fail(err, buf_error(d->out), NULL,
			     "the PDF is larger than the output allows");
	} else if (!failed && d->surface &&
		   cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		rc = rd_fail(err, RD_EINTERNAL, NULL, "cairo: %s",
			     cairo_status_to_string(cairo_surface_status(d->surface)));
	}
	if (!failed && !rc && d->cr && cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
		rc = rd_fail(err, RD_EINTERNAL, NULL, "cairo: %s",
			     cairo_status_to_string(cairo_status(d->cr)));
	if (d->pango)
		g_object_unref(d->pango);
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surface)
		cairo_surface_destroy(d->surface);
	if (d->locked)
		pthread_mutex_unlock(&pdf_lock);
	memset(d, 0, sizeof(*d));
	return rc;
}

static PangoLayout *pdf_layout(struct pdf_doc *d, const char *family, bool bold, double size,
			       const char *text, double w, int flags)
{
	PangoLayout *l = pango_layout_new(d->pango);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text ? text : "", -1);
	if (flags & PDF_SPACED) {
		PangoAttrList *attrs = pango_attr_list_new();

		pango_attr_list_insert(
			attrs, pango_attr_letter_spacing_new((int)(size * PANGO_SCALE / 2)));
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	if (flags & PDF_WRAP)
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	else
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, (flags & PDF_CENTER)  ? PANGO_ALIGN_CENTER
				      : (flags & PDF_RIGHT) ? PANGO_ALIGN_RIGHT
							    : PANGO_ALIGN_LEFT);
	return l;
}

double pdf_text(struct pdf_doc *d, const char *family, bool bold, double size, const char *text,
		double x, double y, double w, int flags)
{
	PangoLayout *l = pdf_layout(d, family, bold, size, text, w, flags);
	PangoRectangle ink, logical;
	double h;

	if (flags & PDF_FIT) {
		pango_layout_set_width(l, -1);
		pango_layout_get_extents(l, &ink, &logical);
		if (logical.width > w * PANGO_SCALE) {
			/* a little under the exact fit, or rounding ellipsizes */
			double s = 0.97 * size * w * PANGO_SCALE / logical.width;

			g_object_unref(l);
			l = pdf_layout(d, family, bold, s < size / 2 ? size / 2 : s, text, w,
				       flags);
		} else {
			pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		}
	}
	pango_layout_get_extents(l, &ink, &logical);
	h = (double)logical.height / PANGO_SCALE;
	if (!(flags & PDF_MEASURE)) {
		/* Letter spacing also follows the last letter: centre the letters. */
		if ((flags & PDF_SPACED) && (flags & PDF_CENTER))
			x += size / 4;
		cairo_move_to(d->cr, x, y);
		pango_cairo_show_layout(d->cr, l);
	}
	g_object_unref(l);
	return h;
}

enum rd_err pdf_qr(struct pdf_doc *d, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;

	if (!q)
		return RD_EINVAL;
	m = size / q->width;
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	/* One rectangle per run of dark modules: no hairlines between neighbours. */
	for (int r = 0; r < q->width; r++) {
		for (int c = 0; c < q->width;) {
			int run = 0;

			while (c + run < q->width && (q->data[r * q->width + c + run] & 1))
				run++;
			if (run) {
				cairo_rectangle(d->cr, x + c * m, y + r * m, run * m, m);
				c += run;
			} else {
				c++;
			}
		}
	}
	cairo_fill(d->cr);
	cairo_restore(d->cr);
	QRcode_free(q);
	return RD_OK;
}

void pdf_line(struct pdf_doc *d, double x0, double y0, double x1, double y1, double lw, double g)
{
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, g, g, g);
	cairo_set_line_width(d->cr, lw);
	cairo_move_to(d->cr, x0, y0);
	cairo_line_to(d->cr, x1, y1);
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
}

bool pdf_check_text(const char *s, const char *field, struct rd_error *err)
{
	if (!s || str_utf8_valid(s, strlen(s)))
		return true;
	rd_fail(err, RD_EINVAL, field, "%s is not valid UTF-8 text", field);
	return false;
}

void pdf_cleanup(void)
{
	pthread_mutex_lock(&pdf_lock);
	if (pdf_fontmap)
		g_object_unref(pdf_fontmap);
	pdf_fontmap = NULL;
	cairo_debug_reset_static_data();
	FcFini();
	pthread_mutex_unlock(&pdf_lock);
}
