/*
 * events.h — publish/subscribe inside the process, feeding the SSE streams.
 *
 * Published events go into a ring of the most recent ones, each with an id
 * that only grows (ids start at the start time in microseconds, so they keep
 * growing across restarts). A reader asks for everything after the last id
 * it has seen; if there is nothing new it leaves a one-shot waiter, whose
 * callback runs (under the events lock) at the next publish, heartbeat or
 * close. That is what lets an SSE connection sleep without holding a thread.
 *
 * Event data is one line of JSON (no newline), as SSE requires.
 */
#ifndef RD_EVENTS_H
#define RD_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct events;

struct events_waiter {
	void (*wake)(void *arg); /* called once, under the events lock: must not block */
	void *arg;
	/* Optional, under the events lock: true if a publish of this type need
	 * not wake this waiter (it stays registered). */
	bool (*skips)(void *arg, const char *type);
	struct events_waiter *prev, *next; /* owned by events while registered */
	bool registered;
};

/* A ring of capacity (> 0) events. NULL if capacity is 0 or out of memory. */
struct events *events_new(size_t capacity);
/* Frees the ring. Every waiter must have been woken or cancelled. */
void events_free(struct events *ev);

/* Appends an event (type and data are copied); wakes every waiter.
 * Returns the new id, or 0 if memory ran out. */
uint64_t events_publish(struct events *ev, const char *type, const char *json_data);

/* Appends an event with an id given from outside (a row of PostgreSQL's
 * events table, src/events/pg_bridge.c): ids must grow, gaps are allowed.
 * Returns id, or 0 if id is not newer than the newest (already there) or
 * memory ran out. Do not mix with events_publish on one ring. */
uint64_t events_publish_id(struct events *ev, uint64_t id, const char *type, const char *json_data);

/* Before the first event: ids continue after base (readers at base see
 * everything that follows). false if the ring already holds events. */
bool events_set_base(struct events *ev, uint64_t base);

/* A hook for a reader that arrives with an id newer than the ring's newest
 * (it saw the event on another node a moment before this one received it):
 * events_catch_up(ev, want) calls fn(arg, want), outside the lock, which
 * may wait a little for the ring to reach want. Without a hook, or when the
 * ring is already there, events_catch_up does nothing. */
void events_set_catch_up(struct events *ev, void (*fn)(void *arg, uint64_t want), void *arg);
void events_catch_up(struct events *ev, uint64_t want);

/* Wakes every waiter without an event (a heartbeat is due). */
void events_heartbeat(struct events *ev);

/* Wakes every waiter for good: readers see events_closed() and end. */
void events_close(struct events *ev);

enum events_poll {
	EVENTS_DATA,	/* SSE text of new events was appended to out */
	EVENTS_WAITING, /* nothing new: w is registered and on_wait was called */
	EVENTS_CLOSED,	/* the stream is over */
};

/*
 * Appends to out, in SSE format, the events with ids after *last_id (at most
 * max of them) and moves *last_id on. If *last_id is older than the ring (the
 * reader missed events) or newer than its newest (an id from elsewhere) an
 * "event: reset" comes first, telling the client to
 * reload its state. If there is nothing new, registers w and calls
 * on_wait(w->arg) while still holding the lock, so a publish cannot slip in
 * between the check and the caller's going to sleep.
 */
enum events_poll events_poll(struct events *ev, uint64_t *last_id, struct buf *out, size_t max,
			     struct events_waiter *w, void (*on_wait)(void *arg));

/* Removes w if it is still registered (the reader went away). */
void events_cancel(struct events *ev, struct events_waiter *w);

/* The newest id given out (before any publish: the id base, so a reader
 * starting there sees every event that follows), and the number of waiters. */
uint64_t events_last_id(struct events *ev);
size_t events_waiting(struct events *ev);

#endif
