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
 */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "http/internal.h"
#include "base/banned.h"

#define SSE_BATCH   64 /* events per poll */
#define SSE_BUF_MAX (1u << 20)
/* What MHD asks of sse_read at a time: a stream mostly sends small events, and
 * 3,000 streams x 16 KiB would be 48 MiB of buffers doing nothing. */
#define SSE_BLOCK 2048

struct sse {
	struct server *srv;
	struct MHD_Connection *conn;
	uint64_t last_id;
	struct buf out;
	size_t off;
	int64_t last_write_ms;
	int started;
	struct events_waiter w;
};

/* Waiter callback, under the events lock. */
static void sse_wake(void *arg)
{
	struct sse *s = arg;

	MHD_resume_connection(s->conn);
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
	may_sleep = !s->out.len && !hb_due;
	switch (events_poll(s->srv->events, &s->last_id, &s->out, SSE_BATCH, &s->w,
			    may_sleep ? sse_suspend : NULL)) {
	case EVENTS_CLOSED:
		return MHD_CONTENT_READER_END_OF_STREAM;
	case EVENTS_DATA:
		break;
	case EVENTS_WAITING:
		if (may_sleep)
			return 0; /* suspended; sse_wake resumes us */
		/* Something to send first (the preamble, or a heartbeat after a
		 * quiet spell): take the waiter back and send instead of sleeping. */
		events_cancel(s->srv->events, &s->w);
		if (!s->out.len)
			buf_puts(&s->out, ": ping\n\n");
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

	if (!s)
		return NULL;
	s->srv = srv;
	s->conn = req->conn;
	s->last_id = last_id;
	s->last_write_ms = clock_mono_ms();
	s->w.wake = sse_wake;
	s->w.arg = s;
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
