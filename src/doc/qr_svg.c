/*
 * qr_svg.c — a QR code as SVG (see qr_svg.h).
 *
 * One <path> of horizontal runs in module units, scaled by the viewBox, with
 * shape-rendering="crispEdges" so that neighbouring modules show no
 * hairlines between them at any size. Nothing in the image comes from the
 * caller except the modules and the escaped title, so the SVG carries no
 * markup or script of anyone else's.
 */
#include "doc/qr_svg.h"

#include <string.h>

#include <qrencode.h>

#include "base/str.h"
#include "base/banned.h"

#define QR_QUIET 4 /* modules of white around the code (ISO/IEC 18004) */

static void put_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		default:
			buf_putc(out, *s);
		}
	}
}

enum rd_err qr_svg(const char *text, struct buf *out, struct rd_error *err)
{
	QRcode *q;
	int side;

	if (!text || !*text || !str_utf8_valid(text, strlen(text)))
		return rd_fail(err, RD_EINVAL, "text", "nothing to encode as a QR code");
	q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return rd_fail(err, RD_EINVAL, "text", "the text is too long for a QR code");
	side = q->width + 2 * QR_QUIET;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
		   " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\"><title>",
		   side, side, side * 8, side * 8);
	put_escaped(out, text);
	buf_printf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"", side,
		   side);
	for (int r = 0; r < q->width; r++) {
		for (int c = 0; c < q->width;) {
			int run = 0;

			while (c + run < q->width && (q->data[r * q->width + c + run] & 1))
				run++;
			if (run) {
				buf_printf(out, "M%d %dh%dv1h-%dz", c + QR_QUIET, r + QR_QUIET, run,
					   run);
				c += run;
			} else {
				c++;
			}
		}
	}
	buf_puts(out, "\" fill=\"#000\"/></svg>\n");
	QRcode_free(q);
	if (buf_error(out))
		return rd_fail(err, buf_error(out), NULL, "the QR code image is too large");
	return RD_OK;
}
