/*
 * input.h — validation at the edge: JSON bodies and query strings are
 * checked against the route's declared fields before a handler sees them.
 *
 * Every failure is RD_EINVAL (or RD_ETOOBIG) with err->field naming the
 * field at fault and a message a person can act on. These functions read
 * untrusted bytes: each has a libFuzzer target in tests/fuzz/.
 */
#ifndef RD_HTTP_INPUT_H
#define RD_HTTP_INPUT_H

#include <jansson.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "http/router.h"

#define INPUT_STRING_MAX 10000 /* code points, when a spec gives no max */
#define INPUT_QUERY_MAX	 32    /* parameters in one query string */

/*
 * Parses n bytes of JSON and checks them against spec (terminated by an
 * entry with a NULL name): the top level must be an object; every key must
 * be declared (else "unknown field"); every required field present; types
 * and bounds as declared; strings valid UTF-8 without NUL. On success *out
 * holds a new reference the caller json_decref()s; on failure *out is NULL.
 */
enum rd_err input_json(const char *data, size_t n, const struct field_spec *spec, json_t **out,
		       struct rd_error *err);

struct query_param {
	const char *name;  /* decoded, NUL-terminated, in the arena */
	const char *value; /* likewise */
};

/*
 * Decodes an application/x-www-form-urlencoded string (a query string
 * without its '?'): pairs split on '&', '+' means space, %XX escapes. Every
 * name must be declared in spec (NULL = no parameters allowed), at most
 * once, with a value of the declared type and bounds. Results live in a.
 */
enum rd_err input_query(const char *s, size_t n, const struct field_spec *spec, struct arena *a,
			struct query_param **out, int *count, struct rd_error *err);

/* Percent-decodes n bytes into the arena ('+' -> ' ' when plus is true).
 * NULL on a bad escape, an encoded NUL, or invalid UTF-8. */
char *input_url_decode(const char *s, size_t n, bool plus, struct arena *a);

#endif
