/*
 * qr_svg.h — a QR code as an SVG image, for a web page to show or a
 * browser to print (the delegate's code, 代表码).
 *
 * Same encoding as the printed codes of src/doc/pdf.c (libqrencode, error
 * correction M, byte mode), so a code on screen and on paper scan alike.
 */
#ifndef RD_DOC_QR_SVG_H
#define RD_DOC_QR_SVG_H

#include "base/buf.h"
#include "base/err.h"

/*
 * Appends to out a standalone SVG of the QR code of text (UTF-8): black
 * modules on a white square with the 4-module quiet zone, one path, the
 * text as the image's <title> (XML-escaped). out is the caller's buffer
 * with the caller's cap; the caller releases it.
 * Failure: RD_EINVAL (field "text": empty, not UTF-8, or too long for a QR
 * code), RD_ENOMEM, RD_ETOOBIG (out's cap). On failure out holds a partial
 * image or nothing.
 */
enum rd_err qr_svg(const char *text, struct buf *out, struct rd_error *err);

#endif
