/* events.c — see events.h. One mutex guards the ring and the waiter list.
 *
 * Ids in the ring only grow but need not be consecutive: events that come
 * from PostgreSQL (events_publish_id) have the ids of their rows, and a
 * rolled-back insert leaves a gap. So the ring remembers `floor`, the id at
 * or below which it no longer holds everything, and finds a reader's place
 * by binary search. */
#include "events/events.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/banned.h"

struct event {
	uint64_t id;
	char *text; /* the whole SSE message, formatted once at publish */
	size_t len;
};

struct events {
	pthread_mutex_t lock;
	struct event *ring;
	size_t cap;
	size_t count;	  /* events in the ring */
	size_t head;	  /* index of the oldest */
	uint64_t next_id; /* the newest id given out (or the base) */
	uint64_t floor;	  /* every event with an id above this is in the ring */
	void (*catch_up)(void *arg, uint64_t want); /* see events_set_catch_up */
	void *catch_up_arg;
	struct events_waiter *waiters;
	size_t nwaiters;
	bool closed;
};

struct events *events_new(size_t capacity)
{
	struct events *ev;

	if (capacity == 0)
		return NULL;
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return NULL;
	ev->ring = calloc(capacity, sizeof(*ev->ring));
	if (!ev->ring) {
		free(ev);
		return NULL;
	}
	ev->cap = capacity;
	ev->next_id = (uint64_t)clock_now_ms() * 1000;
	ev->floor = ev->next_id;
	pthread_mutex_init(&ev->lock, NULL);
	return ev;
}

void events_free(struct events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->cap; i++)
		free(ev->ring[i].text);
	free(ev->ring);
	pthread_mutex_destroy(&ev->lock);
	free(ev);
}

/* Calls and unregisters every waiter, but those that skip type (NULL: no
 * event, wake all). Lock held. */
static void wake_all(struct events *ev, const char *type)
{
	struct events_waiter *w = ev->waiters, *next, *keep = NULL;
	size_t kept = 0;

	ev->waiters = NULL;
	for (; w; w = next) {
		next = w->next;
		if (type && w->skips && w->skips(w->arg, type)) {
			w->prev = NULL;
			w->next = keep;
			if (keep)
				keep->prev = w;
			keep = w;
			kept++;
			continue;
		}
		w->registered = false;
		w->prev = w->next = NULL;
		w->wake(w->arg);
	}
	ev->waiters = keep;
	ev->nwaiters = kept;
}

/* Appends the event with the given id (greater than next_id). Lock held. */
static uint64_t append(struct events *ev, uint64_t id, const char *type, const char *json_data)
{
	struct event *slot;
	struct buf text;

	/* Formatted once here, not once per reader: a final tally goes to
	 * thousands of screens. */
	buf_init(&text, 1u << 20);
	buf_printf(&text, "id: %llu\nevent: %s\ndata: %s\n\n", (unsigned long long)id, type,
		   json_data);
	if (buf_error(&text))
		return 0;
	if (ev->count == ev->cap) {
		slot = &ev->ring[ev->head];
		/* Readers at or below the evicted id have missed it. */
		ev->floor = slot->id;
		free(slot->text);
		slot->text = NULL;
		ev->head = (ev->head + 1) % ev->cap;
		ev->count--;
	}
	slot = &ev->ring[(ev->head + ev->count) % ev->cap];
	ev->next_id = id;
	slot->id = id;
	slot->len = text.len;
	slot->text = buf_detach(&text, NULL);
	ev->count++;
	wake_all(ev, type);
	return id;
}

uint64_t events_publish(struct events *ev, const char *type, const char *json_data)
{
	uint64_t id;

	pthread_mutex_lock(&ev->lock);
	id = append(ev, ev->next_id + 1, type, json_data);
	pthread_mutex_unlock(&ev->lock);
	return id;
}

uint64_t events_publish_id(struct events *ev, uint64_t id, const char *type, const char *json_data)
{
	uint64_t r = 0;

	pthread_mutex_lock(&ev->lock);
	if (id > ev->next_id)
		r = append(ev, id, type, json_data);
	pthread_mutex_unlock(&ev->lock);
	return r;
}

bool events_set_base(struct events *ev, uint64_t base)
{
	bool ok;

	pthread_mutex_lock(&ev->lock);
	ok = ev->count == 0;
	if (ok)
		ev->next_id = ev->floor = base;
	pthread_mutex_unlock(&ev->lock);
	return ok;
}

void events_set_catch_up(struct events *ev, void (*fn)(void *arg, uint64_t want), void *arg)
{
	pthread_mutex_lock(&ev->lock);
	ev->catch_up = fn;
	ev->catch_up_arg = arg;
	pthread_mutex_unlock(&ev->lock);
}

void events_catch_up(struct events *ev, uint64_t want)
{
	void (*fn)(void *, uint64_t);
	void *arg;

	pthread_mutex_lock(&ev->lock);
	fn = want > ev->next_id ? ev->catch_up : NULL;
	arg = ev->catch_up_arg;
	pthread_mutex_unlock(&ev->lock);
	/* Outside the lock: the hook may wait for the ring to fill. */
	if (fn)
		fn(arg, want);
}

void events_heartbeat(struct events *ev)
{
	pthread_mutex_lock(&ev->lock);
	wake_all(ev, NULL);
	pthread_mutex_unlock(&ev->lock);
}

void events_close(struct events *ev)
{
	pthread_mutex_lock(&ev->lock);
	ev->closed = true;
	wake_all(ev, NULL);
	pthread_mutex_unlock(&ev->lock);
}

enum events_poll events_poll(struct events *ev, uint64_t *last_id, struct buf *out, size_t max,
			     struct events_waiter *w, void (*on_wait)(void *arg))
{
	enum events_poll r = EVENTS_DATA;
	size_t sent = 0;

	pthread_mutex_lock(&ev->lock);
	if (ev->closed) {
		r = EVENTS_CLOSED;
		goto out;
	}
	if (ev->count) {
		uint64_t newest = ev->ring[(ev->head + ev->count - 1) % ev->cap].id;
		size_t lo = 0, hi = ev->count;

		/* Missed events, or an id from elsewhere: the client must reload. */
		if (*last_id < ev->floor || *last_id > newest) {
			buf_printf(out, "id: %llu\nevent: reset\ndata: {}\n\n",
				   (unsigned long long)ev->floor);
			*last_id = ev->floor;
			sent++;
		}
		/* The first event after *last_id, by binary search: ids grow
		 * but may have gaps. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ev->ring[(ev->head + mid) % ev->cap].id <= *last_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < ev->count && sent < max; i++) {
			struct event *e = &ev->ring[(ev->head + i) % ev->cap];

			buf_append(out, e->text, e->len);
			*last_id = e->id;
			sent++;
		}
	} else if (*last_id > ev->next_id) {
		*last_id = ev->next_id;
	}
	if (sent)
		goto out;
	r = EVENTS_WAITING;
	w->registered = true;
	w->prev = NULL;
	w->next = ev->waiters;
	if (ev->waiters)
		ev->waiters->prev = w;
	ev->waiters = w;
	ev->nwaiters++;
	if (on_wait)
		on_wait(w->arg);
out:
	pthread_mutex_unlock(&ev->lock);
	return r;
}

void events_cancel(struct events *ev, struct events_waiter *w)
{
	pthread_mutex_lock(&ev->lock);
	if (w->registered) {
		if (w->prev)
			w->prev->next = w->next;
		else
			ev->waiters = w->next;
		if (w->next)
			w->next->prev = w->prev;
		w->registered = false;
		ev->nwaiters--;
	}
	pthread_mutex_unlock(&ev->lock);
}

uint64_t events_last_id(struct events *ev)
{
	uint64_t id;

	pthread_mutex_lock(&ev->lock);
	id = ev->next_id;
	pthread_mutex_unlock(&ev->lock);
	return id;
}

size_t events_waiting(struct events *ev)
{
	size_t n;

	pthread_mutex_lock(&ev->lock);
	n = ev->nwaiters;
	pthread_mutex_unlock(&ev->lock);
	return n;
}
