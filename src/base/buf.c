/* buf.c — see buf.h. */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = RD_OK;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = RD_OK;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = RD_OK;
	if (b->data)
		b->data[0] = '\0';
}

static enum rd_err buf_give_up(struct buf *b, enum rd_err err)
{
	buf_release(b);
	b->err = err; /* after release, which clears it */
	return err;
}

/* Ensures room for n more bytes plus the terminator. */
static enum rd_err buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return b->err;
	if (n > b->max || b->len > b->max - n)
		return buf_give_up(b, RD_ETOOBIG);
	need = b->len + n + 1;
	if (need <= b->cap)
		return RD_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->max < SIZE_MAX && cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->data, cap);
	if (!p)
		return buf_give_up(b, RD_ENOMEM);
	b->data = p;
	b->cap = cap;
	return RD_OK;
}

enum rd_err buf_append(struct buf *b, const void *p, size_t n)
{
	enum rd_err err = buf_grow(b, n);

	if (err)
		return err;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return RD_OK;
}

enum rd_err buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum rd_err buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

enum rd_err buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	enum rd_err err;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return buf_give_up(b, RD_EINVAL);
	err = buf_grow(b, (size_t)n);
	if (err)
		return err;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return RD_OK;
}

enum rd_err buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	enum rd_err err;

	va_start(ap, fmt);
	err = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

const char *buf_str(const struct buf *b)
{
	return b->data && !b->err ? b->data : "";
}

enum rd_err buf_error(const struct buf *b)
{
	return b->err;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->err)
		return NULL;
	if (!b->data && buf_grow(b, 0))
		return NULL;
	if (!b->data)
		return NULL;
	b->data[b->len] = '\0';
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
