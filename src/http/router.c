/* router.c — see router.h. Linear over the table: a few hundred routes at
 * most, each compared segment by segment without allocation. */
#include "http/router.h"

#include <string.h>

#include "base/banned.h"

#define ID_MAX ((int64_t)1 << 53) /* ids survive a trip through JavaScript */

/* Next segment of s[*pos..n) (after a '/'); false at the end. */
static bool next_segment(const char *s, size_t n, size_t *pos, struct slice *seg)
{
	size_t i = *pos, start;

	if (i >= n || s[i] != '/')
		return false;
	start = ++i;
	while (i < n && s[i] != '/')
		i++;
	seg->p = s + start;
	seg->n = i - start;
	*pos = i;
	return true;
}

static bool is_capture(struct slice seg)
{
	return seg.n >= 3 && seg.p[0] == '{' && seg.p[seg.n - 1] == '}';
}

static bool capture_is_str(struct slice seg)
{
	return seg.n > 6 && memcmp(seg.p + seg.n - 5, ":str}", 5) == 0;
}

static bool str_segment_ok(struct slice v)
{
	if (v.n == 0 || v.n > 128)
		return false;
	for (size_t i = 0; i < v.n; i++) {
		char c = v.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return !(v.n <= 2 && v.p[0] == '.' && (v.n == 1 || v.p[1] == '.'));
}

/* Matches path against one pattern, filling captures. */
static bool match_one(const char *pattern, const char *path, size_t n, struct route_match *m)
{
	size_t pp = 0, sp = 0, pn = strlen(pattern);
	struct slice pseg, sseg;

	m->ncap = 0;
	for (;;) {
		bool more_p = next_segment(pattern, pn, &pp, &pseg);
		bool more_s = next_segment(path, n, &sp, &sseg);

		if (!more_p || !more_s)
			return more_p == more_s && pp == pn && sp == n;
		if (is_capture(pseg)) {
			int k = m->ncap;

			if (k == ROUTE_MAX_CAPTURES)
				return false;
			m->cap[k].name = pseg.p + 1;
			m->cap[k].name_len = capture_is_str(pseg) ? pseg.n - 6 : pseg.n - 2;
			m->cap[k].value = sseg;
			m->cap[k].id = 0;
			if (capture_is_str(pseg)) {
				if (!str_segment_ok(sseg))
					return false;
			} else if (str_to_i64(sseg.p, sseg.n, 1, ID_MAX, &m->cap[k].id) ||
				   sseg.p[0] == '+' || (sseg.n > 1 && sseg.p[0] == '0')) {
				return false;
			}
			m->ncap++;
		} else if (pseg.n != sseg.n || memcmp(pseg.p, sseg.p, pseg.n) != 0) {
			return false;
		}
	}
}

enum route_result router_match(const struct route *routes, size_t nroutes, const char *method,
			       const char *path, size_t n, struct route_match *m)
{
	bool path_seen = false;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < nroutes; i++) {
		struct route_match tmp;

		if (!match_one(routes[i].pattern, path, n, &tmp))
			continue;
		path_seen = true;
		/* HEAD is answered by GET routes, without the body. */
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
			*m = tmp;
			m->route = &routes[i];
			return ROUTE_FOUND;
		}
	}
	return path_seen ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

/* Segments non-empty; a capture is a whole segment "{name}" or "{name:str}"
 * with a name of letters, digits and '_'. */
static bool pattern_ok(const char *p)
{
	size_t pos = 0, n = strlen(p);
	struct slice seg;

	if (strcmp(p, "/") == 0)
		return true;
	if (n < 2)
		return false;
	while (next_segment(p, n, &pos, &seg)) {
		size_t name_len;

		if (seg.n == 0)
			return false;
		if (!memchr(seg.p, '{', seg.n) && !memchr(seg.p, '}', seg.n))
			continue;
		if (!is_capture(seg))
			return false;
		name_len = capture_is_str(seg) ? seg.n - 6 : seg.n - 2;
		if (name_len == 0)
			return false;
		for (size_t i = 1; i <= name_len; i++) {
			char c = seg.p[i];

			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
				return false;
		}
	}
	return pos == n;
}

enum rd_err router_check(const struct route *routes, size_t nroutes, struct rd_error *err)
{
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];

		if (!r->method || !r->pattern || !r->handler || r->pattern[0] != '/')
			return rd_fail(err, RD_EINVAL, "route", "route %zu is incomplete", i);
		if (!pattern_ok(r->pattern))
			return rd_fail(err, RD_EINVAL, "route",
				       "%s %s is not a well-formed pattern", r->method, r->pattern);
		if (r->access == 0)
			return rd_fail(err, RD_EINVAL, "route", "%s %s declares no access",
				       r->method, r->pattern);
		for (size_t j = 0; j < i; j++)
			if (strcmp(routes[j].method, r->method) == 0 &&
			    strcmp(routes[j].pattern, r->pattern) == 0)
				return rd_fail(err, RD_EINVAL, "route", "%s %s is declared twice",
					       r->method, r->pattern);
	}
	return RD_OK;
}

enum rd_err route_capture_id(const struct route_match *m, const char *name, int64_t *out)
{
	size_t n = strlen(name);

	for (int i = 0; i < m->ncap; i++)
		if (m->cap[i].name_len == n && memcmp(m->cap[i].name, name, n) == 0) {
			*out = m->cap[i].id;
			return RD_OK;
		}
	return RD_ENOTFOUND;
}

enum rd_err route_capture_str(const struct route_match *m, const char *name, char *out,
			      size_t outsz)
{
	size_t n = strlen(name);

	for (int i = 0; i < m->ncap; i++)
		if (m->cap[i].name_len == n && memcmp(m->cap[i].name, name, n) == 0) {
			if (m->cap[i].value.n >= outsz)
				return RD_ETOOBIG;
			memcpy(out, m->cap[i].value.p, m->cap[i].value.n);
			out[m->cap[i].value.n] = '\0';
			return RD_OK;
		}
	return RD_ENOTFOUND;
}
