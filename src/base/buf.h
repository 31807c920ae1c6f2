/*
 * buf.h — a growable byte buffer with a hard size cap (after curl's dynbuf).
 *
 * The contents are always NUL-terminated. Nothing built from untrusted input
 * may grow without bound: every buffer has a cap fixed at init. When an append
 * would exceed the cap, or memory runs out, the buffer frees its memory, keeps
 * an error and refuses every later append, so a caller may append many times
 * and check once at the end with buf_error().
 */
#ifndef RD_BASE_BUF_H
#define RD_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/err.h"

struct buf {
	char *data;	 /* NULL until the first append; NUL-terminated after */
	size_t len;	 /* bytes used, not counting the terminator */
	size_t cap;	 /* bytes allocated */
	size_t max;	 /* hard cap on len */
	enum rd_err err; /* RD_OK, or why the buffer gave up */
};

/* Prepares an empty buffer that may hold at most max bytes. */
void buf_init(struct buf *b, size_t max);

/* Frees the memory; the buffer is empty and usable again (same cap). */
void buf_release(struct buf *b);

/* Empties the buffer but keeps its memory; clears a previous error. */
void buf_reset(struct buf *b);

/* Appends n bytes. Returns RD_OK, RD_ETOOBIG or RD_ENOMEM (then released). */
enum rd_err buf_append(struct buf *b, const void *p, size_t n);
enum rd_err buf_puts(struct buf *b, const char *s);
enum rd_err buf_putc(struct buf *b, char c);
enum rd_err buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum rd_err buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The contents as a C string: never NULL ("" when empty or failed). */
const char *buf_str(const struct buf *b);

/* The first error met, or RD_OK. */
enum rd_err buf_error(const struct buf *b);

/*
 * Hands the memory to the caller, who frees it with free(); the buffer is
 * left empty. Returns NULL if the buffer failed; *len (if given) gets the length.
 */
char *buf_detach(struct buf *b, size_t *len);

#endif
