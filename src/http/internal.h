/*
 * internal.h — what the files of src/http share and nobody else sees.
 */
#ifndef RD_HTTP_INTERNAL_H
#define RD_HTTP_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

#include "base/buf.h"
#include "http/request.h"
#include "http/server.h"

struct server {
	struct MHD_Daemon *daemon;
	struct server_options opt;
	const struct route *routes;
	size_t nroutes;
	void *app;
	struct store *store;
	struct events *events;
	uint16_t port;
	char static_dir[4096];
	pthread_t heartbeat;
	int heartbeat_running;
	pthread_mutex_t hb_lock;
	pthread_cond_t hb_cond;
	int stopping;
	uint64_t next_request; /* atomic counter for request ids */
	_Atomic int deferred;  /* requests waiting for req_finish */
};

/* Per-connection request state, created by the URI log callback. */
struct conn_state {
	struct request req;
	struct buf body;
	char *raw_uri; /* the request target as sent, in the arena */
	int status;    /* for the access log */
	uint64_t bytes;
	int64_t start_ms;
	int body_too_big;
	int started; /* the access handler has seen this request */
};

/* A response for the static file at path (GET/HEAD), with its status. */
struct MHD_Response *static_response(struct server *srv, struct MHD_Connection *conn,
				     const char *path, int *status);

/* A streaming text/event-stream response for req starting after last_id. */
struct MHD_Response *sse_response(struct server *srv, struct request *req, uint64_t last_id);

/* Headers every response carries; frameable allows a frame of this site. */
void http_common_headers(struct MHD_Response *r, const char *request_id);
void http_headers(struct MHD_Response *r, const char *request_id, bool frameable);

#endif
