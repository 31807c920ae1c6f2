/*
 * request.h — what a handler sees of a request, and what it answers.
 *
 * By the time a handler runs, the server has matched the route, checked
 * the caller's session and role, checked the CSRF token of a cookie
 * session's write, and validated the query string and JSON body against
 * the route's declared fields. The handler reads typed values, calls the
 * rules and the store, and fills the response: a JSON value with a status,
 * or an error (rd_err + field + message) that the server renders in the
 * one error shape {"error": {"code", "message", "field"}}.
 *
 * Everything a request allocates comes from req->arena and dies with it.
 */
#ifndef RD_HTTP_REQUEST_H
#define RD_HTTP_REQUEST_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/secret.h"
#include "http/input.h"
#include "http/router.h"
#include "store/users.h"

struct request {
	struct arena arena;
	void *app;  /* the application (src/api/app.h) */
	void *conn; /* the server's connection handle; use req_header() */
	const char *method;
	const char *path; /* decoded path, no query string */
	struct route_match match;
	json_t *body; /* the validated body object, or NULL */
	struct query_param *query;
	int nquery;
	bool authed;	  /* a valid session or token came with it */
	struct user user; /* the caller, when authed */
	enum login_kind login_kind;
	char token_hash[SECRET_HASH_HEX_LEN]; /* of the caller's session token */
	char csrf[SECRET_TOKEN_LEN];	      /* the session's CSRF token */
	char ip[48];
	char id[20];	 /* request id, also in the X-Request-Id header */
	bool secure;	 /* came over TLS (through a proxy that says so) */
	const char *raw; /* a raw body (routes with raw_types), or NULL */
	size_t raw_len;
	const char *raw_type; /* its content type as sent */
	struct rd_error err;  /* what a failing handler fills */
	/* Deferred answers (req_defer): set by req_finish from another thread. */
	void *server;
	bool deferred;
	_Atomic int finished;
	enum rd_err def_rc;
	int def_status;
	json_t *def_json;
};

struct response {
	int status;	      /* 200 unless set */
	json_t *json;	      /* the body; the response owns this reference */
	char set_cookie[256]; /* a Set-Cookie header value, or "" */
	bool sse;	      /* stream events instead (GET /api/events) */
	char *bytes;	      /* or a file: malloc'd, the response frees it */
	size_t nbytes;
	const char *content_type; /* of bytes (a static string) */
	char filename[128];	  /* for Content-Disposition, UTF-8; "" = inline */
	bool frameable;		  /* may be shown in a frame of this site (PDF viewer) */
	uint64_t sse_last_id;	  /* resume after this event id */
};

/*
 * Answers later: the connection is suspended (holding no thread) until
 * req_finish() is called, from any thread, exactly once. Call it before
 * starting the work that will finish it; the handler then returns RD_OK.
 * The request and its arena live until then.
 */
void req_defer(struct request *req);

/* Completes a deferred request with rc (RD_OK: status and json, taken; else
 * req->err is the answer). */
void req_finish(struct request *req, enum rd_err rc, int status, json_t *json);

/* A request header (case-insensitive name), or NULL. */
const char *req_header(struct request *req, const char *name);

/* A query parameter's value, or NULL if not given. */
const char *req_query(const struct request *req, const char *name);

/* An integer query parameter (validated already), or def if absent. */
int64_t req_query_i64(const struct request *req, const char *name, int64_t def);

/* An integer path capture such as {id}. */
int64_t req_id(const struct request *req, const char *name);

/* Body accessors: the field's value, or def/NULL when absent or null. */
const char *req_body_str(const struct request *req, const char *name);
int64_t req_body_i64(const struct request *req, const char *name, int64_t def);
bool req_body_bool(const struct request *req, const char *name, bool def);

/* Sets a file as the response: takes ownership of bytes (malloc'd). */
enum rd_err res_bytes(struct response *res, char *bytes, size_t n, const char *content_type,
		      const char *filename);

/* Sets the response's JSON body (stealing the reference) and status. */
enum rd_err res_json(struct response *res, int status, json_t *json);

/* Fails the request: fills req->err and returns code. */
enum rd_err req_fail(struct request *req, enum rd_err code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The one mapping from rd_err to an HTTP status. */
int http_status_of(enum rd_err code);

/* The error body {"error": {"code", "message", "field"}} as a new reference. */
json_t *http_error_json(const struct rd_error *err);

#endif
