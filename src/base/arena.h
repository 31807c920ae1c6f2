/*
 * arena.h — a region allocator: one per request, freed all at once.
 *
 * Everything a request allocates comes from its arena and dies with it, so
 * handlers need no per-object free and cannot leak on an error path. The
 * arena has a cap: an allocation past it fails (returns NULL) instead of
 * letting one request eat the machine.
 */
#ifndef RD_BASE_ARENA_H
#define RD_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t used;		  /* bytes handed out plus chunk overhead */
	size_t max;		  /* cap on used */
};

/* Prepares an empty arena that may hand out about max bytes in all. */
void arena_init(struct arena *a, size_t max);

/* Frees every allocation; the arena is empty and usable again. */
void arena_release(struct arena *a);

/* Returns n bytes aligned for any type, zeroed, or NULL at the cap / OOM. */
void *arena_alloc(struct arena *a, size_t n);

/* Copies of strings, owned by the arena; NULL on failure (or if s is NULL). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
