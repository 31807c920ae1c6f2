/*
 * pdf_draw.h — what pdf_cards.c and pdf_record.c share (internal to src/doc):
 * an A4 PDF document drawn into a struct buf, text set with pango in the Noto
 * CJK fonts, QR codes. Lengths are in points (1/72 inch); PDF_MM converts.
 */
#ifndef RD_DOC_PDF_DRAW_H
#define RD_DOC_PDF_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/buf.h"
#include "base/err.h"

#define PDF_MM	  (72.0 / 25.4)
#define PDF_A4_W  (210 * PDF_MM)
#define PDF_A4_H  (297 * PDF_MM)
#define PDF_SERIF "Noto Serif CJK SC"
/* Not "Noto Sans CJK SC": cairo 1.16 embeds a broken glyph for 如 from it
 * (blank in poppler, a missing-glyph box in Ghostscript; found 2026-11-29
 * with pango-view alone, so not renda's code), and a name with 如 must not
 * print blank on a card or a ballot. The serif face embeds correctly. */
#define PDF_SANS "Noto Serif CJK SC"
#define PDF_MONO "Noto Sans Mono CJK SC"

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango; /* on the private font map */
	struct buf *out;
	bool locked; /* holds the PDF lock */
};

/* Text placement flags for pdf_text. */
enum {
	PDF_LEFT = 0,
	PDF_CENTER = 1,
	PDF_RIGHT = 2,
	PDF_WRAP = 4,	  /* break into lines within the width (else one line) */
	PDF_FIT = 8,	  /* shrink (down to half size) to fit the width on one line */
	PDF_MEASURE = 16, /* compute the height, draw nothing */
	PDF_SPACED = 32	  /* letters spaced half an em apart (titles), still one word */
};

/*
 * Takes the PDF lock and starts an A4 document writing into out (the caller's
 * buffer), titled title in the PDF's metadata. On failure nothing is held.
 * Every pdf_begin that succeeded must be followed by pdf_end.
 */
enum rd_err pdf_begin(struct pdf_doc *d, struct buf *out, const char *title, struct rd_error *err);

/*
 * Finishes the document (the PDF's last bytes go to out), frees it and
 * releases the lock. Returns the document's status: RD_OK, out's error
 * (RD_ETOOBIG at its cap) or RD_EINTERNAL. failed: the caller already met an
 * error; the document is then only freed and RD_OK returned.
 */
enum rd_err pdf_end(struct pdf_doc *d, bool failed, struct rd_error *err);

/*
 * Sets text in family at size points (bold if bold) with its top-left corner
 * at (x, y) within width w, in the current source colour; flags as above.
 * Returns the height it takes. NULL text is "".
 */
double pdf_text(struct pdf_doc *d, const char *family, bool bold, double size, const char *text,
		double x, double y, double w, int flags);

/*
 * Draws the QR code of text (error correction M, byte mode) as a black square
 * of side size at (x, y), with no quiet zone of its own: leave 4 modules of
 * white around it. RD_EINVAL if libqrencode refuses the text (too long).
 */
enum rd_err pdf_qr(struct pdf_doc *d, const char *text, double x, double y, double size);

/* A line from (x0, y0) to (x1, y1) of width lw in grey g (0 black, 1 white). */
void pdf_line(struct pdf_doc *d, double x0, double y0, double x1, double y1, double lw, double g);

/* True if s is NULL or valid UTF-8; else records RD_EINVAL for field in err. */
bool pdf_check_text(const char *s, const char *field, struct rd_error *err);

#endif
