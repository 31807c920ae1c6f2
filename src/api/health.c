/*
 * health.c — GET /api/health and GET /api/events.
 */
#include <string.h>

#include "api/app.h"
#include "base/str.h"
#include "http/sse.h"
#include "base/banned.h"

enum rd_err api_health_get(struct request *req, struct response *res)
{
	struct app *app = req->app;

	return res_json(res, 200,
			json_pack("{s:s, s:s, s:s, s:s}", "status", "ok", "version", RENDA_VERSION,
				  "store", store_backend(app->store), "congress",
				  app->congress_name));
}

/* The browser's EventSource sends Last-Event-ID when it reconnects; a
 * client that cannot set headers may pass last_event_id instead. A new
 * client starts from now, not from the history in the ring. ?skip= names
 * event types the stream does not want (sse_response applies it). */
enum rd_err api_events_stream(struct request *req, struct response *res)
{
	struct app *app = req->app;
	const char *hdr = req_header(req, "Last-Event-ID");
	int64_t last = req_query_i64(req, "last_event_id", -1);
	uint32_t skip;

	if (hdr && str_to_i64(hdr, strlen(hdr), 0, INT64_MAX, &last))
		return req_fail(req, RD_EINVAL, "Last-Event-ID", "Last-Event-ID must be a number");
	if (sse_types_parse(req_query(req, "skip"), "skip", &skip, &req->err))
		return RD_EINVAL;
	/* An id this node has not read yet (the client saw it on another node
	 * a moment ago): wait briefly for it rather than send a reset. */
	if (last >= 0)
		events_catch_up(app->events, (uint64_t)last);
	res->sse = true;
	res->sse_last_id = last >= 0 ? (uint64_t)last : events_last_id(app->events);
	return RD_OK;
}
