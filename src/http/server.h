/*
 * server.h — the HTTP server: libmicrohttpd with epoll and a thread pool.
 *
 * One request: the server parses and authenticates, matches the route,
 * checks the role and CSRF token, validates the input against the route's
 * declared fields, then calls the handler and renders its JSON or error.
 * Paths outside /api/ are the web UI's static files, with index.html for
 * every path that is not a file (the UI routes in the browser).
 *
 * Limits: body size, header size (per-connection memory), connections,
 * an idle timeout; SSE connections sleep suspended, holding no thread.
 */
#ifndef RD_HTTP_SERVER_H
#define RD_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "events/events.h"
#include "http/router.h"
#include "store/store.h"

struct server_options {
	const char *host;	  /* address to bind, e.g. "127.0.0.1" */
	uint16_t port;		  /* 0 = any free port */
	unsigned threads;	  /* worker threads (default 16) */
	size_t max_body;	  /* JSON bytes (default 1 MiB) */
	size_t max_upload;	  /* raw uploads: PDF, CSV, XLSX (default 32 MiB) */
	size_t max_header;	  /* per-connection memory for headers (default 6 KiB) */
	unsigned max_connections; /* default 8000 */
	unsigned timeout_s;	  /* idle connection timeout (default 30) */
	unsigned heartbeat_ms;	  /* SSE heartbeat (default 20000) */
	const char *static_dir;	  /* web UI files, or NULL for none */
	FILE *access_log;	  /* or NULL for none */
	int trust_proxy;	  /* honour X-Forwarded-For / -Proto from a proxy */
};

struct server;

/*
 * Starts listening. routes must outlive the server (a static table); app is
 * handed to every handler as req->app. On success *out owns the server.
 */
enum rd_err server_start(const struct server_options *opt, const struct route *routes,
			 size_t nroutes, void *app, struct store *store, struct events *events,
			 struct server **out, struct rd_error *err);

/* The port actually bound (useful when options asked for 0). */
uint16_t server_port(const struct server *srv);

/* Ends every SSE stream, stops accepting, waits for handlers, frees. */
void server_stop(struct server *srv);

#endif
