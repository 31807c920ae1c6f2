/*
 * router.h — the route table: method + path pattern -> handler, the roles
 * that may call it, and the parameters it accepts. Routes are data
 * (src/api/routes.c); this module only matches them.
 *
 * Patterns are absolute paths whose segments are literals or captures:
 * "{name}" captures a positive integer id (1 .. 2^53), "{name:str}" captures
 * a non-empty segment of letters, digits, '-', '_' or '.'. A path matches
 * a pattern only segment by segment; there are no wildcards, so every
 * reachable URL is listed in the table.
 */
#ifndef RD_HTTP_ROUTER_H
#define RD_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/str.h"

struct request;
struct response;

/* Who may call a route: a set of role bits (store/users.h), or these. The
 * value 0 means nobody: a route that forgets to say is closed. */
#define ACCESS_PUBLIC	0x40000000u /* anyone, without logging in */
#define ACCESS_ANY_USER 0x20000000u /* any logged-in user */

enum field_type { FIELD_STRING, FIELD_INT, FIELD_BOOL, FIELD_ARRAY, FIELD_OBJECT };

/* A declared parameter of a JSON body or a query string. */
struct field_spec {
	const char *name;
	enum field_type type;
	bool required;
	int64_t min; /* FIELD_STRING: fewest code points; FIELD_INT: smallest value;
			FIELD_ARRAY: fewest items */
	int64_t max; /* likewise the most; 0 means no bound given (strings: 10,000) */
};

typedef enum rd_err (*route_handler)(struct request *req, struct response *res);

struct route {
	const char *method;  /* "GET", "POST", "PUT", "DELETE" */
	const char *pattern; /* "/api/users/{id}" */
	route_handler handler;
	unsigned access;		/* role bits or ACCESS_* */
	const struct field_spec *query; /* NULL-name-terminated; NULL = none allowed */
	const struct field_spec *body;	/* likewise; NULL = no body allowed */
	const char *summary;		/* one line, for docs and logs */
	const char *raw_types;		/* a raw body of these content types instead of
					   JSON ("text/csv,application/pdf"), up to the
					   upload limit; NULL = JSON or no body */
};

#define ROUTE_MAX_CAPTURES 4

struct route_match {
	const struct route *route;
	int ncap;
	struct {
		const char *name; /* points into the pattern; not NUL-terminated */
		size_t name_len;
		struct slice value;
		int64_t id; /* for integer captures */
	} cap[ROUTE_MAX_CAPTURES];
};

enum route_result {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,  /* no pattern matches the path */
	ROUTE_BAD_METHOD, /* a pattern matches, not with this method */
};

/*
 * Finds the route for method and path (path without query string, n bytes).
 * Captures point into path, which must outlive m.
 */
enum route_result router_match(const struct route *routes, size_t nroutes, const char *method,
			       const char *path, size_t n, struct route_match *m);

/* Checks a table at start: patterns well formed, access set, no duplicates.
 * Returns RD_EINVAL naming the first bad route in err. */
enum rd_err router_check(const struct route *routes, size_t nroutes, struct rd_error *err);

/* The integer capture called name; RD_ENOTFOUND if the route has none. */
enum rd_err route_capture_id(const struct route_match *m, const char *name, int64_t *out);

/* The text capture called name ({name:str}) into out: RD_ENOTFOUND if the
 * route has none, RD_ETOOBIG if it does not fit in outsz with its NUL. */
enum rd_err route_capture_str(const struct route_match *m, const char *name, char *out,
			      size_t outsz);

#endif
