/* server.c — see server.h. */
#include "http/server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "http/internal.h"
#include "base/banned.h"

#define REQUEST_ARENA_MAX   (8u << 20)
#define SESSION_COOKIE_NAME "renda_session"

void http_common_headers(struct MHD_Response *r, const char *request_id)
{
	http_headers(r, request_id, false);
}

void http_headers(struct MHD_Response *r, const char *request_id, bool frameable)
{
	MHD_add_response_header(r, "X-Request-Id", request_id);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", frameable ? "SAMEORIGIN" : "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
}

/* MHD_OPTION_URI_LOG_CALLBACK: the first thing MHD tells us of a request,
 * with the target exactly as sent (the access handler gets it without the
 * query string). Its return value becomes the connection's *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *srv = cls;
	struct conn_state *cs = calloc(1, sizeof(*cs));
	uint64_t n;

	if (!cs)
		return NULL;
	arena_init(&cs->req.arena, REQUEST_ARENA_MAX);
	buf_init(&cs->body,
		 srv->opt.max_upload > srv->opt.max_body ? srv->opt.max_upload : srv->opt.max_body);
	cs->raw_uri = arena_strdup(&cs->req.arena, uri);
	cs->start_ms = clock_mono_ms();
	cs->req.app = srv->app;
	cs->req.conn = conn;
	cs->req.server = srv;
	n = atomic_fetch_add_explicit((_Atomic uint64_t *)&srv->next_request, 1,
				      memory_order_relaxed);
	snprintf(cs->req.id, sizeof(cs->req.id), "%08llx", (unsigned long long)n);
	return cs;
}

static void set_ip(struct server *srv, struct conn_state *cs, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *fwd;

	str_copy(cs->req.ip, sizeof(cs->req.ip), "?");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  cs->req.ip, sizeof(cs->req.ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  cs->req.ip, sizeof(cs->req.ip));
	}
	if (!srv->opt.trust_proxy)
		return;
	/* Behind our own proxy: its last X-Forwarded-For hop is the client. */
	fwd = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (fwd) {
		const char *last = strrchr(fwd, ',');

		last = last ? last + 1 : fwd;
		while (*last == ' ')
			last++;
		if (*last && strlen(last) < sizeof(cs->req.ip))
			str_copy(cs->req.ip, sizeof(cs->req.ip), last);
	}
	fwd = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
	cs->req.secure = fwd && strcmp(fwd, "https") == 0;
}

static enum MHD_Result queue(struct conn_state *cs, struct MHD_Connection *conn, int status,
			     struct MHD_Response *r)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	cs->status = status;
	ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_json(struct conn_state *cs, struct MHD_Connection *conn, int status,
				 json_t *json, const char *set_cookie)
{
	char *text = json ? json_dumps(json, JSON_COMPACT) : NULL;
	struct MHD_Response *r;
	size_t n;

	if (!text) {
		text = strdup(
			"{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}");
		status = 500;
		if (!text)
			return MHD_NO;
	}
	n = strlen(text);
	/* HEAD gets the headers of GET and no body. */
	if (strcmp(cs->req.method, "HEAD") == 0) {
		free(text);
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		/* On success the response owns text and frees it. */
		r = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
		if (!r)
			free(text);
	}
	if (!r)
		return MHD_NO;
	cs->bytes = n;
	http_common_headers(r, cs->req.id);
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (set_cookie && set_cookie[0])
		MHD_add_response_header(r, "Set-Cookie", set_cookie);
	return queue(cs, conn, status, r);
}

static enum MHD_Result send_error(struct conn_state *cs, struct MHD_Connection *conn)
{
	json_t *j;
	enum MHD_Result ret;

	if (cs->req.err.code == RD_OK)
		rd_fail(&cs->req.err, RD_EINTERNAL, NULL, "internal error");
	j = http_error_json(&cs->req.err);
	ret = send_json(cs, conn, http_status_of(cs->req.err.code), j, NULL);
	json_decref(j);
	return ret;
}

static enum MHD_Result fail(struct conn_state *cs, struct MHD_Connection *conn, enum rd_err code,
			    const char *field, const char *msg)
{
	rd_fail(&cs->req.err, code, field, "%s", msg);
	return send_error(cs, conn);
}

struct auth_ctx {
	const char *token_hash;
	int64_t now;
	struct request *req;
};

static enum rd_err auth_lookup(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct auth_ctx *a = arg;

	(void)err;
	return logins_lookup(tx, a->token_hash, a->now, &a->req->user, &a->req->login_kind,
			     a->req->csrf);
}

/* Finds the caller's session from the cookie or a bearer token. A bad or
 * expired token simply leaves the request unauthenticated. */
static enum rd_err authenticate(struct server *srv, struct request *req,
				struct MHD_Connection *conn)
{
	const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	const char *token = NULL;
	struct auth_ctx a;
	struct rd_error err = {0};
	enum rd_err rc;

	if (authz && strncasecmp(authz, "Bearer ", 7) == 0)
		token = authz + 7;
	else
		token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE_NAME);
	if (!token || !*token || strlen(token) > 128)
		return RD_OK;
	secret_hash_hex(token, strlen(token), req->token_hash);
	a.token_hash = req->token_hash;
	a.now = clock_now_ms();
	a.req = req;
	rc = store_read(srv->store, auth_lookup, &a, &err);
	if (rc == RD_OK) {
		req->authed = true;
		/* A token from the Authorization header is a bearer token even if
		 * the session was made for a cookie: CSRF cannot forge a header. */
		if (authz)
			req->login_kind = LOGIN_BEARER;
		return RD_OK;
	}
	req->token_hash[0] = '\0';
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static bool content_type_json(struct MHD_Connection *conn)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");

	return ct && strncasecmp(ct, "application/json", 16) == 0 &&
	       (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

/* A raw upload: the content type must be one the route lists. */
static enum rd_err take_raw(struct conn_state *cs, struct MHD_Connection *conn,
			    const struct route *rt)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	const char *p = rt->raw_types;
	size_t n;

	if (!cs->body.len)
		return rd_fail(&cs->req.err, RD_EINVAL, "body", "the upload is empty");
	if (!ct)
		return rd_fail(&cs->req.err, RD_EINVAL, "Content-Type", "say what the upload is");
	n = strcspn(ct, "; ");
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && strncasecmp(p, ct, n) == 0) {
			cs->req.raw = buf_str(&cs->body);
			cs->req.raw_len = cs->body.len;
			cs->req.raw_type = arena_strndup(&cs->req.arena, ct, n);
			return RD_OK;
		}
		p += len + (p[len] == ',');
	}
	return rd_fail(&cs->req.err, RD_EINVAL, "Content-Type", "expected %s", rt->raw_types);
}

/* The file of a response, with a download name when it has one. */
static enum MHD_Result send_bytes(struct conn_state *cs, struct MHD_Connection *conn,
				  struct response *res)
{
	struct MHD_Response *r;
	char disp[512];
	size_t k;

	if (strcmp(cs->req.method, "HEAD") == 0) {
		free(res->bytes);
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_buffer(res->nbytes, res->bytes, MHD_RESPMEM_MUST_FREE);
		if (!r)
			free(res->bytes);
	}
	res->bytes = NULL;
	if (!r)
		return MHD_NO;
	cs->bytes = res->nbytes;
	http_headers(r, cs->req.id, res->frameable);
	MHD_add_response_header(r, "Content-Type", res->content_type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (res->filename[0]) {
		/* RFC 6266 / 5987: the UTF-8 name percent-encoded. */
		k = (size_t)snprintf(disp, sizeof(disp), "attachment; filename*=UTF-8''");
		for (const unsigned char *s = (const unsigned char *)res->filename;
		     *s && k + 4 < sizeof(disp); s++) {
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_')
				disp[k++] = (char)*s;
			else
				k += (size_t)snprintf(disp + k, 4, "%%%02X", *s);
		}
		disp[k] = '\0';
		MHD_add_response_header(r, "Content-Disposition", disp);
	} else {
		MHD_add_response_header(r, "Content-Disposition", "inline");
	}
	return queue(cs, conn, res->status ? res->status : 200, r);
}

static enum MHD_Result dispatch_api(struct server *srv, struct conn_state *cs,
				    struct MHD_Connection *conn, const char *url)
{
	struct request *req = &cs->req;
	const struct route *rt;
	struct response res = {.status = 200};
	const char *q, *sent_csrf;
	enum rd_err rc;
	enum MHD_Result ret;

	switch (router_match(srv->routes, srv->nroutes, req->method, url, strlen(url),
			     &req->match)) {
	case ROUTE_NOT_FOUND:
		return fail(cs, conn, RD_ENOTFOUND, NULL, "no such endpoint");
	case ROUTE_BAD_METHOD:
		cs->req.err.code = RD_EINVAL;
		rd_fail(&req->err, RD_EINVAL, "method", "method %s is not allowed here",
			req->method);
		json_t *j = http_error_json(&req->err);
		ret = send_json(cs, conn, 405, j, NULL);
		json_decref(j);
		return ret;
	case ROUTE_FOUND:
		break;
	}
	rt = req->match.route;
	if (cs->body_too_big)
		return fail(cs, conn, RD_ETOOBIG, "body", "the request body is too large");
	if (authenticate(srv, req, conn))
		return fail(cs, conn, RD_ESTORE, NULL, "cannot check the session");
	/* Default deny: a route opens only to whom it names. */
	if (!(rt->access & ACCESS_PUBLIC)) {
		if (!req->authed)
			return fail(cs, conn, RD_EUNAUTH, NULL, "please log in");
		if (!(rt->access & ACCESS_ANY_USER) && !(rt->access & req->user.roles))
			return fail(cs, conn, RD_EFORBIDDEN, NULL, "your role may not do this");
	}
	/* CSRF: a cookie session's write must carry the session's token in a
	 * header, which a cross-site form or script cannot set. */
	if (req->authed && req->login_kind == LOGIN_COOKIE && is_write(req->method)) {
		sent_csrf = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
		if (!sent_csrf || strlen(sent_csrf) != strlen(req->csrf) ||
		    !str_ct_equal(sent_csrf, req->csrf, strlen(req->csrf)))
			return fail(cs, conn, RD_EFORBIDDEN, "X-CSRF-Token",
				    "missing or wrong CSRF token");
	}
	q = strchr(cs->raw_uri ? cs->raw_uri : "", '?');
	rc = input_query(q ? q + 1 : "", q ? strlen(q + 1) : 0, rt->query, &req->arena, &req->query,
			 &req->nquery, &req->err);
	if (rc)
		return send_error(cs, conn);
	if (rt->raw_types) {
		rc = take_raw(cs, conn, rt);
		if (rc)
			return send_error(cs, conn);
	} else if (cs->body.len && !rt->body) {
		return fail(cs, conn, RD_EINVAL, "body", "this endpoint takes no body");
	} else if (rt->body) {
		if (!content_type_json(conn))
			return fail(cs, conn, RD_EINVAL, "Content-Type",
				    "the body must be sent as application/json");
		if (buf_error(&cs->body) || cs->body.len > srv->opt.max_body)
			return fail(cs, conn, RD_ETOOBIG, "body", "the request body is too large");
		rc = input_json(buf_str(&cs->body), cs->body.len, rt->body, &req->body, &req->err);
		if (rc)
			return send_error(cs, conn);
	}
	log_set_request_id(req->id);
	rc = rt->handler(req, &res);
	log_set_request_id(NULL);
	if (req->deferred && !rc) {
		/* The answer comes from req_finish; on_request sends it. */
		json_decref(res.json);
		return MHD_YES;
	}
	if (rc) {
		json_decref(res.json);
		free(res.bytes);
		if (!req->err.code)
			rd_fail(&req->err, rc, NULL, "%s", rd_err_name(rc));
		if (http_status_of(req->err.code) >= 500)
			log_error("%s %s failed: %s", req->method, url, req->err.message);
		return send_error(cs, conn);
	}
	if (res.bytes) {
		json_decref(res.json);
		return send_bytes(cs, conn, &res);
	}
	if (res.sse) {
		struct MHD_Response *r = sse_response(srv, req, res.sse_last_id);

		json_decref(res.json);
		return queue(cs, conn, 200, r);
	}
	if (!res.json)
		res.json = json_object();
	ret = send_json(cs, conn, res.status ? res.status : 200, res.json, res.set_cookie);
	json_decref(res.json);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn_state *cs = *con_cls;
	struct MHD_Response *r;
	int status = 200;

	(void)version;
	if (!cs)
		return MHD_NO; /* out of memory in on_uri */
	if (cs->req.deferred) {
		enum MHD_Result ret;

		if (!atomic_load(&cs->req.finished))
			return MHD_YES; /* woken early: wait for req_finish */
		if (cs->req.def_rc)
			return send_error(cs, conn);
		ret = send_json(cs, conn, cs->req.def_status, cs->req.def_json, NULL);
		json_decref(cs->req.def_json);
		cs->req.def_json = NULL;
		return ret;
	}
	if (!cs->started) {
		cs->started = 1;
		cs->req.method = arena_strdup(&cs->req.arena, method);
		cs->req.path = arena_strdup(&cs->req.arena, url);
		set_ip(srv, cs, conn);
		if (!cs->req.method || !cs->req.path)
			return MHD_NO;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* Keep reading an oversized body but drop it: answer 413 at the end. */
		if (!cs->body_too_big && buf_append(&cs->body, upload_data, *upload_data_size))
			cs->body_too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
		return dispatch_api(srv, cs, conn, url);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return fail(cs, conn, RD_EINVAL, "method", "only GET and HEAD serve pages");
	r = static_response(srv, conn, url, &status);
	if (!r)
		return fail(cs, conn, RD_ENOTFOUND, NULL, "no such page");
	http_common_headers(r, cs->req.id);
	return queue(cs, conn, status, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct conn_state *cs = *con_cls;

	(void)conn;
	if (!cs)
		return;
	if (srv->opt.access_log && cs->req.method) {
		char ts[32];

		clock_iso8601(clock_now_ms(), ts, sizeof(ts));
		/* No query string: it may carry search terms of citizens. */
		fprintf(srv->opt.access_log, "%s %s %s %s %s %d %llu %lldms %s%s\n", ts, cs->req.id,
			cs->req.ip, cs->req.method, cs->req.path ? cs->req.path : "-", cs->status,
			(unsigned long long)cs->bytes, (long long)(clock_mono_ms() - cs->start_ms),
			cs->req.authed ? cs->req.user.username : "-",
			toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
		fflush(srv->opt.access_log);
	}
	json_decref(cs->req.body);
	json_decref(cs->req.def_json);
	buf_release(&cs->body);
	arena_release(&cs->req.arena);
	free(cs);
	*con_cls = NULL;
}

static void *heartbeat_main(void *arg)
{
	struct server *srv = arg;
	struct timespec ts;

	pthread_mutex_lock(&srv->hb_lock);
	while (!srv->stopping) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += srv->opt.heartbeat_ms / 1000;
		ts.tv_nsec += (long)(srv->opt.heartbeat_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&srv->hb_cond, &srv->hb_lock, &ts);
		if (!srv->stopping)
			events_heartbeat(srv->events);
	}
	pthread_mutex_unlock(&srv->hb_lock);
	return NULL;
}

/* Suspended SSE connections each hold a descriptor: raise the soft limit. */
static void raise_fd_limit(unsigned want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < want + 64) {
		rl.rlim_cur = rl.rlim_max < want + 64 ? rl.rlim_max : want + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

enum rd_err server_start(const struct server_options *opt, const struct route *routes,
			 size_t nroutes, void *app, struct store *store, struct events *events,
			 struct server **out, struct rd_error *err)
{
	struct server *srv;
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;
	enum rd_err rc;

	*out = NULL;
	rc = router_check(routes, nroutes, err);
	if (rc)
		return rc;
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	srv->opt = *opt;
	/* Votes no longer hold a thread through their commit (req_defer), and
	 * each thread keeps a SQLite reader with its own page cache: 16 are
	 * enough for two cores (docs/benchmarks.md, 2026-11-29). */
	if (!srv->opt.threads)
		srv->opt.threads = 16;
	if (!srv->opt.max_body)
		srv->opt.max_body = 1u << 20;
	if (!srv->opt.max_upload)
		srv->opt.max_upload = 32u << 20;
	/* Every connection's pool, also an idle event stream's: 6 KiB takes
	 * request headers up to about 5 KiB (a browser sends about 1). */
	if (!srv->opt.max_header)
		srv->opt.max_header = 6u << 10;
	if (!srv->opt.max_connections)
		srv->opt.max_connections = 8000;
	if (!srv->opt.timeout_s)
		srv->opt.timeout_s = 30;
	if (!srv->opt.heartbeat_ms)
		srv->opt.heartbeat_ms = 20000;
	if (opt->static_dir)
		str_copy(srv->static_dir, sizeof(srv->static_dir), opt->static_dir);
	srv->routes = routes;
	srv->nroutes = nroutes;
	srv->app = app;
	srv->store = store;
	srv->events = events;
	pthread_mutex_init(&srv->hb_lock, NULL);
	pthread_cond_init(&srv->hb_cond, NULL);

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(opt->port);
	if (inet_pton(AF_INET, opt->host, &addr.sin_addr) != 1) {
		rc = rd_fail(err, RD_EINVAL, "listen", "'%s' is not an IPv4 address", opt->host);
		goto fail;
	}
	raise_fd_limit(srv->opt.max_connections);
	srv->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
		opt->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, &addr,
		MHD_OPTION_THREAD_POOL_SIZE, srv->opt.threads, MHD_OPTION_CONNECTION_LIMIT,
		srv->opt.max_connections, MHD_OPTION_CONNECTION_TIMEOUT, srv->opt.timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->opt.max_header,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
		srv, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
	if (!srv->daemon) {
		rc = rd_fail(err, RD_EIO, "listen", "cannot listen on %s:%u (in use?)", opt->host,
			     opt->port);
		goto fail;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : opt->port;
	if (pthread_create(&srv->heartbeat, NULL, heartbeat_main, srv) == 0)
		srv->heartbeat_running = 1;
	*out = srv;
	return RD_OK;
fail:
	pthread_mutex_destroy(&srv->hb_lock);
	pthread_cond_destroy(&srv->hb_cond);
	free(srv);
	return rc;
}

void req_defer(struct request *req)
{
	struct server *srv = req->server;

	req->deferred = true;
	atomic_fetch_add(&srv->deferred, 1);
	MHD_suspend_connection(req->conn);
}

void req_finish(struct request *req, enum rd_err rc, int status, json_t *json)
{
	struct server *srv = req->server;

	req->def_rc = rc;
	req->def_status = status;
	req->def_json = json;
	if (rc && !req->err.code)
		rd_fail(&req->err, rc, NULL, "%s", rd_err_name(rc));
	atomic_store(&req->finished, 1);
	MHD_resume_connection(req->conn);
	atomic_fetch_sub(&srv->deferred, 1);
}

uint16_t server_port(const struct server *srv)
{
	return srv->port;
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	pthread_mutex_lock(&srv->hb_lock);
	srv->stopping = 1;
	pthread_cond_signal(&srv->hb_cond);
	pthread_mutex_unlock(&srv->hb_lock);
	if (srv->heartbeat_running)
		pthread_join(srv->heartbeat, NULL);
	/* Suspended connections never time out: wake them so they can end. */
	events_close(srv->events);
	/* Deferred answers finish when the writer commits: wait for them (a
	 * suspended connection must be resumed before the daemon stops). */
	for (int i = 0; i < 500 && atomic_load(&srv->deferred) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(srv->daemon);
	pthread_mutex_destroy(&srv->hb_lock);
	pthread_cond_destroy(&srv->hb_cond);
	free(srv);
}
