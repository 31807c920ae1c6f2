/*
 * sse.c — Server-Sent Events streams that hold no thread while idle.
 *
 * The content reader sends what events_poll() gives it. When there is
 * nothing new it leaves a waiter and suspends the connection (inside the
 * events lock, so no publish can slip between the check and the suspend)
 * and returns 0; the waiter's callback resumes it at the next publish, the
 * next heartbeat tick, or shutdown. A heartbeat comment goes out when the
 * stream has been quiet for half the heartbeat period, which also lets the
 * server see a client that has gone.
 *
 * A stream may skip event types (?skip=, see sse.h). A publish of a skipped
 * type does not wake it (the waiter's skips callback); when something else
 * or the heartbeat does, what events_poll gives is filtered here, where the
 * stream writes, by the type on the event's second line. The stream's last
 * id moves past the skipped events, and a poll that brought only skipped
 * ones goes back to sleep without sending. (The heartbeat wakes every stream
 * at least every heartbeat period, so a stream that sleeps through skipped
 * events does not fall out of the ring's 4,096 unless they come faster than
 * 4,096 a period: progress is at most 20 a second per open vote.)
 */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "http/internal.h"
#include "http/sse.h"
#include "base/banned.h"

#define SSE_BATCH   64 /* events per poll */
#define SSE_BUF_MAX (1u << 20)
/* The response's own buffer, which libmicrohttpd allocates with each stream
 * but uses only without chunked encoding (HTTP/1.0): over HTTP/1.1 sse_read
 * writes straight into the connection's memory pool. 3,000 streams x 2 KiB
 * were 6 MiB doing nothing; an HTTP/1.0 reader just gets more, smaller reads. */
#define SSE_BLOCK 256

const char *const sse_event_types[] = {
	"direct.round",
	"election.nomination",
	"election.primary",
	"election.round",
	"election.voted",
	"floor.attendance",
	"floor.plenary",
	"floor.poll",
	"floor.progress",
	"floor.roster",
	"interpellation.changed",
	"motion.changed",
	"motion.deadline",
	"opinion.changed",
	"suggestion.changed",
	"user.created",
	"user.roles",
	NULL,
};
/* A stream's skips are bits of a uint32_t. */
_Static_assert(sizeof(sse_event_types) / sizeof(sse_event_types[0]) <= 33,
	       "more event types than bits in struct sse's skip");

enum rd_err sse_types_parse(const char *list, const char *field, uint32_t *mask,
			    struct rd_error *err)
{
	const char *p = list;

	*mask = 0;
	if (!list)
		return RD_OK;
	for (;;) {
		size_t n = strcspn(p, ",");
		size_t i;

		for (i = 0; sse_event_types[i]; i++)
			if (strlen(sse_event_types[i]) == n &&
			    memcmp(sse_event_types[i], p, n) == 0)
				break;
		if (!sse_event_types[i])
			return rd_fail(err, RD_EINVAL, field, "'%.*s' is not an event type",
				       (int)(n > 64 ? 64 : n), p);
		*mask |= 1u << i;
		if (!p[n])
			return RD_OK;
		p += n + 1;
	}
}

struct sse {
	struct server *srv;
	struct MHD_Connection *conn;
	uint64_t last_id;
	struct buf out;
	size_t off;
	int64_t last_write_ms;
	int started;
	uint32_t skip; /* sse_event_types bits */
	struct events_waiter w;
};

/* Whether the SSE message at m (up to end) is of a type the stream skips.
 * The events module writes "id: N\nevent: TYPE\n...". */
static bool sse_skips(const struct sse *s, const char *m, const char *end)
{
	const char *t = memchr(m, '\n', (size_t)(end - m));
	const char *e;

	if (!t || (size_t)(end - t) < 8 || memcmp(t, "\nevent: ", 8) != 0)
		return false;
	t += 8;
	e = memchr(t, '\n', (size_t)(end - t));
	if (!e)
		return false;
	for (uint32_t bits = s->skip; bits; bits &= bits - 1) {
		const char *name = sse_event_types[__builtin_ctz(bits)];

		if (strlen(name) == (size_t)(e - t) && memcmp(name, t, (size_t)(e - t)) == 0)
			return true;
	}
	return false;
}

/* Drops the skipped events from out after `from`, in place. */
static void sse_filter(struct sse *s, size_t from)
{
	char *d = s->out.data;
	size_t r = from, w = from;

	while (r < s->out.len) {
		const char *end = memmem(d + r, s->out.len - r, "\n\n", 2);
		size_t n = end ? (size_t)(end - (d + r)) + 2 : s->out.len - r;

		if (!sse_skips(s, d + r, d + r + n)) {
			if (w != r)
				memmove(d + w, d + r, n);
			w += n;
		}
		r += n;
	}
	s->out.len = w;
	d[w] = '\0';
}

/* Waiter callback, under the events lock. */
static void sse_wake(void *arg)
{
	struct sse *s = arg;

	MHD_resume_connection(s->conn);
}

/* Waiter skips callback, under the events lock: a skipped type does not
 * even wake the stream. */
static bool sse_wake_skips(void *arg, const char *type)
{
	const struct sse *s = arg;

	for (uint32_t bits = s->skip; bits; bits &= bits - 1)
		if (strcmp(sse_event_types[__builtin_ctz(bits)], type) == 0)
			return true;
	return false;
}

/* on_wait callback, under the events lock, inside our content reader. */
static void sse_suspend(void *arg)
{
	struct sse *s = arg;

	MHD_suspend_connection(s->conn);
}

static ssize_t sse_copy(struct sse *s, char *dst, size_t max)
{
	size_t n = s->out.len - s->off;

	if (n > max)
		n = max;
	memcpy(dst, s->out.data + s->off, n);
	s->off += n;
	s->last_write_ms = clock_mono_ms();
	return (ssize_t)n;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	struct sse *s = cls;
	int64_t now = clock_mono_ms();
	bool hb_due, may_sleep;

	(void)pos;
	if (s->off < s->out.len)
		return sse_copy(s, dst, max);
	buf_reset(&s->out);
	s->off = 0;
	if (!s->started) {
		s->started = 1;
		/* Reconnect after 3 s; a comment first so proxies flush headers. */
		buf_puts(&s->out, "retry: 3000\n: renda\n\n");
	}
	if (s->srv->stopping)
		return MHD_CONTENT_READER_END_OF_STREAM;
	hb_due = now - s->last_write_ms >= (int64_t)s->srv->opt.heartbeat_ms / 2;
	for (;;) {
		size_t mark = s->out.len;

		may_sleep = !s->out.len && !hb_due;
		switch (events_poll(s->srv->events, &s->last_id, &s->out, SSE_BATCH, &s->w,
				    may_sleep ? sse_suspend : NULL)) {
		case EVENTS_CLOSED:
			return MHD_CONTENT_READER_END_OF_STREAM;
		case EVENTS_DATA:
			if (s->skip && !buf_error(&s->out))
				sse_filter(s, mark);
			if (!s->out.len && !buf_error(&s->out))
				continue; /* only skipped events: look again, or sleep */
			break;
		case EVENTS_WAITING:
			if (may_sleep) {
				/* Asleep with nothing to send: give the buffer back.
				 * A burst (3,000 check-ins, 64 to a batch) grows each
				 * stream's buffer to ~16 KiB, which buf_reset would
				 * keep for the life of the stream: 3,000 streams held
				 * ~45 MiB between bursts for nothing. */
				buf_release(&s->out);
				return 0; /* suspended; sse_wake resumes us */
			}
			/* Something to send first (the preamble, or a heartbeat after
			 * a quiet spell): take the waiter back and send instead. */
			events_cancel(s->srv->events, &s->w);
			if (!s->out.len)
				buf_puts(&s->out, ": ping\n\n");
			break;
		}
		break;
	}
	if (buf_error(&s->out))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return sse_copy(s, dst, max);
}

static void sse_free(void *cls)
{
	struct sse *s = cls;

	events_cancel(s->srv->events, &s->w);
	buf_release(&s->out);
	free(s);
}

struct MHD_Response *sse_response(struct server *srv, struct request *req, uint64_t last_id)
{
	struct sse *s = calloc(1, sizeof(*s));
	struct MHD_Response *r;
	struct rd_error err = {0};

	if (!s)
		return NULL;
	/* The handler has checked the names (400 otherwise). */
	if (sse_types_parse(req_query(req, "skip"), "skip", &s->skip, &err))
		s->skip = 0;
	s->srv = srv;
	s->conn = req->conn;
	s->last_id = last_id;
	s->last_write_ms = clock_mono_ms();
	s->w.wake = sse_wake;
	s->w.arg = s;
	if (s->skip)
		s->w.skips = sse_wake_skips;
	buf_init(&s->out, SSE_BUF_MAX);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, s, sse_free);
	if (!r) {
		sse_free(s);
		return NULL;
	}
	http_common_headers(r, req->id);
	MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	return r;
}
