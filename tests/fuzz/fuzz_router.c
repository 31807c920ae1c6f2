/*
 * fuzz_router.c — router_match of a (method, path) taken from the input
 * (method up to the first space, path after it) against a table shaped like
 * src/api/routes.c. A match must be consistent: the route's pattern has as
 * many captures as were filled, ids lie in 1..2^53, captures point into the
 * path, and a string capture holds only its allowed bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum rd_err dummy(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return RD_OK;
}

static const struct route table[] = {
	{"GET", "/api/health", dummy, ACCESS_PUBLIC, NULL, NULL, "health"},
	{"POST", "/api/auth/login", dummy, ACCESS_PUBLIC, NULL, NULL, "login"},
	{"POST", "/api/auth/logout", dummy, ACCESS_ANY_USER, NULL, NULL, "logout"},
	{"GET", "/api/auth/me", dummy, ACCESS_ANY_USER, NULL, NULL, "me"},
	{"GET", "/api/users", dummy, 1, NULL, NULL, "list"},
	{"POST", "/api/users", dummy, 1, NULL, NULL, "create"},
	{"PUT", "/api/users/{id}/roles", dummy, 1, NULL, NULL, "roles"},
	{"GET", "/api/audit", dummy, 17, NULL, NULL, "audit"},
	{"GET", "/api/audit/verify", dummy, 17, NULL, NULL, "verify"},
	{"GET", "/api/events", dummy, ACCESS_ANY_USER, NULL, NULL, "events"},
	{"GET", "/api/sessions/{sid}/polls/{pid}", dummy, 1, NULL, NULL, "poll"},
	{"GET", "/api/files/{name:str}", dummy, 1, NULL, NULL, "file"},
	{"GET", "/{a}/{b}/{c}/{d}", dummy, 1, NULL, NULL, "four"},
	{"GET", "/", dummy, ACCESS_PUBLIC, NULL, NULL, "root"},
};

static int count_captures(const char *pattern)
{
	int n = 0;

	for (; *pattern; pattern++)
		n += *pattern == '{';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char method[16];
	const char *sp = memchr(data, ' ', size), *path;
	size_t mlen, n;
	struct route_match m;
	enum route_result r;

	if (!sp)
		return 0;
	mlen = (size_t)(sp - (const char *)data);
	if (mlen >= sizeof(method) || memchr(data, '\0', mlen))
		return 0;
	memcpy(method, data, mlen);
	method[mlen] = '\0';
	path = sp + 1;
	n = size - mlen - 1;
	r = router_match(table, sizeof(table) / sizeof(table[0]), method, path, n, &m);
	if (r != ROUTE_FOUND) {
		if (m.route || (r != ROUTE_NOT_FOUND && r != ROUTE_BAD_METHOD))
			abort();
		return 0;
	}
	if (!m.route || m.ncap != count_captures(m.route->pattern))
		abort();
	if (strcmp(m.route->method, method) != 0 &&
	    !(strcmp(method, "HEAD") == 0 && strcmp(m.route->method, "GET") == 0))
		abort();
	if (n == 0 || path[0] != '/')
		abort();
	for (int i = 0; i < m.ncap; i++) {
		struct slice v = m.cap[i].value;

		if (v.n == 0 || v.p < path || v.p + v.n > path + n)
			abort();
		if (memchr(v.p, '/', v.n))
			abort();
		if (strstr(m.route->pattern, ":str}")) {
			for (size_t k = 0; k < v.n; k++)
				if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789-_.",
					    v.p[k]) ||
				    v.p[k] == '\0')
					abort();
			if ((v.n == 1 && v.p[0] == '.') ||
			    (v.n == 2 && v.p[0] == '.' && v.p[1] == '.'))
				abort();
		} else if (m.cap[i].id < 1 || m.cap[i].id > ((int64_t)1 << 53) || v.p[0] == '0') {
			abort();
		}
	}
	return 0;
}
