/* arena.c — see arena.h. Chunks of at least 8 KiB, bump allocation. */
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define ARENA_CHUNK_MIN 8192
/* The first chunk is small: a request that only keeps its method, path and a
 * few strings (and every idle SSE stream is one) should not hold 8 KiB. */
#define ARENA_FIRST_CHUNK 512
#define ARENA_ALIGN	  16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* usable bytes in data */
	size_t off;  /* next free offset */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used = 0;
	a->max = max;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t off, size;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN || n > a->max)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (c && c->size - c->off >= n) {
		off = c->off;
		c->off += n;
		p = c->data + off;
		memset(p, 0, n);
		return p;
	}
	size = a->head ? ARENA_CHUNK_MIN : ARENA_FIRST_CHUNK;
	if (n > size)
		size = n;
	/* Compare without adding to size: n near SIZE_MAX must not wrap. */
	if (a->max < sizeof(*c) || size > a->max - sizeof(*c) ||
	    a->used > a->max - sizeof(*c) - size)
		return NULL;
	c = malloc(sizeof(*c) + size);
	if (!c)
		return NULL;
	c->size = size;
	c->off = n;
	/* The new chunk goes first; the older one's leftover is not reused. */
	c->next = a->head;
	a->head = c;
	a->used += size + sizeof(*c);
	memset(c->data, 0, n);
	return c->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	/* n + 1 must not wrap: a length past the cap can never be satisfied. */
	if (!s || n >= a->max)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
