/* test_router.c — matching paths against the route table, and checking it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/router.h"
#include "base/banned.h"

static enum rd_err dummy(struct request *req, struct response *res)
{
	(void)req;
	(void)res;
	return RD_OK;
}

static const struct route table[] = {
	{"GET", "/api/health", dummy, ACCESS_PUBLIC, NULL, NULL, "health"},
	{"GET", "/api/users", dummy, 1, NULL, NULL, "list"},
	{"POST", "/api/users", dummy, 1, NULL, NULL, "create"},
	{"GET", "/api/users/{id}", dummy, 1, NULL, NULL, "one"},
	{"PUT", "/api/users/{id}/roles", dummy, 1, NULL, NULL, "roles"},
	{"GET", "/api/sessions/{sid}/polls/{pid}", dummy, 1, NULL, NULL, "two captures"},
	{"GET", "/api/files/{name:str}", dummy, ACCESS_ANY_USER, NULL, NULL, "a file"},
	{"DELETE", "/api/users/{id}", dummy, 1, NULL, NULL, "delete"},
	{"GET", "/", dummy, ACCESS_PUBLIC, NULL, NULL, "root"},
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static enum route_result match(const char *method, const char *path, struct route_match *m)
{
	return router_match(table, NTABLE, method, path, strlen(path), m);
}

static void test_literal(void **state)
{
	struct route_match m;

	(void)state;
	assert_int_equal(match("GET", "/api/health", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[0]);
	assert_int_equal(m.ncap, 0);
	assert_int_equal(match("GET", "/api/users", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[1]);
	assert_int_equal(match("POST", "/api/users", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[2]);
	assert_int_equal(match("GET", "/", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[8]);
}

static void test_not_found(void **state)
{
	struct route_match m;

	(void)state;
	assert_int_equal(match("GET", "/api/healthz", &m), ROUTE_NOT_FOUND);
	assert_null(m.route);
	assert_int_equal(match("GET", "/api/healt", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/API/health", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/health/x", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "api/health", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/users/1/roles/extra", &m), ROUTE_NOT_FOUND);
}

static void test_trailing_and_double_slash(void **state)
{
	struct route_match m;

	(void)state;
	assert_int_equal(match("GET", "/api/health/", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api//health", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "//api/health", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/users/1/", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/users//1", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "//", &m), ROUTE_NOT_FOUND);
}

static void test_length_not_terminator(void **state)
{
	struct route_match m;
	const char *p = "/api/healthXYZ";

	(void)state;
	/* Only n bytes of the path count. */
	assert_int_equal(router_match(table, NTABLE, "GET", p, 11, &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[0]);
	assert_int_equal(router_match(table, NTABLE, "GET", p, 10, &m), ROUTE_NOT_FOUND);
}

static void test_id_capture(void **state)
{
	struct route_match m;
	int64_t id = 0;

	(void)state;
	assert_int_equal(match("GET", "/api/users/42", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[3]);
	assert_int_equal(m.ncap, 1);
	assert_int_equal(m.cap[0].name_len, 2);
	assert_memory_equal(m.cap[0].name, "id", 2);
	assert_int_equal(m.cap[0].value.n, 2);
	assert_memory_equal(m.cap[0].value.p, "42", 2);
	assert_int_equal(m.cap[0].id, 42);
	assert_int_equal(route_capture_id(&m, "id", &id), RD_OK);
	assert_int_equal(id, 42);
	assert_int_equal(route_capture_id(&m, "i", &id), RD_ENOTFOUND);
	assert_int_equal(route_capture_id(&m, "idx", &id), RD_ENOTFOUND);

	assert_int_equal(match("PUT", "/api/users/7/roles", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[4]);
	assert_int_equal(route_capture_id(&m, "id", &id), RD_OK);
	assert_int_equal(id, 7);
}

static void test_id_bounds(void **state)
{
	static const char *const bad[] = {
		"/api/users/0",
		"/api/users/-1",
		"/api/users/-0",
		"/api/users/01",
		"/api/users/007",
		"/api/users/+1",
		"/api/users/9007199254740993", /* 2^53 + 1 */
		"/api/users/9223372036854775807",
		"/api/users/99999999999999999999999",
		"/api/users/1a",
		"/api/users/a1",
		"/api/users/1.0",
		"/api/users/1e3",
		"/api/users/ 1",
		"/api/users/0x10",
		"/api/users/%31",
		"/api/users/me",
	};
	struct route_match m;
	int64_t id = 0;

	(void)state;
	assert_int_equal(match("GET", "/api/users/1", &m), ROUTE_FOUND);
	assert_int_equal(route_capture_id(&m, "id", &id), RD_OK);
	assert_int_equal(id, 1);
	assert_int_equal(match("GET", "/api/users/9007199254740992", &m), ROUTE_FOUND);
	assert_int_equal(route_capture_id(&m, "id", &id), RD_OK);
	assert_true(id == (int64_t)1 << 53);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (match("GET", bad[i], &m) != ROUTE_NOT_FOUND)
			fail_msg("%s matched a route", bad[i]);
}

static void test_two_captures(void **state)
{
	struct route_match m;
	int64_t sid = 0, pid = 0;

	(void)state;
	assert_int_equal(match("GET", "/api/sessions/3/polls/12", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[5]);
	assert_int_equal(m.ncap, 2);
	assert_int_equal(route_capture_id(&m, "sid", &sid), RD_OK);
	assert_int_equal(route_capture_id(&m, "pid", &pid), RD_OK);
	assert_int_equal(sid, 3);
	assert_int_equal(pid, 12);
	assert_int_equal(match("GET", "/api/sessions/3/polls/0", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/sessions/x/polls/1", &m), ROUTE_NOT_FOUND);
}

static void test_str_capture(void **state)
{
	static const char *const good[] = {"report.pdf", "a", "A-b_c.9", "...", ".hidden", "a..b"};
	static const char *const bad[] = {
		"/api/files/",	    "/api/files/..",	 "/api/files/.",    "/api/files/a/b",
		"/api/files/a%2Fb", "/api/files/a b",	 "/api/files/人大", "/api/files/a\\b",
		"/api/files/a:b",   "/api/files/../etc", "/api/files/a?b",
	};
	char path[200];
	struct route_match m;
	int64_t id = 5;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		size_t n = strlen("/api/files/") + strlen(good[i]);

		memcpy(path, "/api/files/", 11);
		memcpy(path + 11, good[i], strlen(good[i]) + 1);
		assert_int_equal(router_match(table, NTABLE, "GET", path, n, &m), ROUTE_FOUND);
		assert_ptr_equal(m.route, &table[6]);
		assert_int_equal(m.ncap, 1);
		assert_int_equal(m.cap[0].name_len, 4);
		assert_memory_equal(m.cap[0].name, "name", 4);
		assert_int_equal(m.cap[0].value.n, strlen(good[i]));
		assert_memory_equal(m.cap[0].value.p, good[i], strlen(good[i]));
		/* Captures point into the path, not into a copy. */
		assert_ptr_equal(m.cap[0].value.p, path + 11);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (match("GET", bad[i], &m) != ROUTE_NOT_FOUND)
			fail_msg("%s matched a route", bad[i]);
	/* A string capture is not an id. */
	assert_int_equal(match("GET", "/api/files/12", &m), ROUTE_FOUND);
	assert_int_equal(route_capture_id(&m, "name", &id), RD_OK);
	assert_int_equal(id, 0);
}

static void test_str_capture_length_limit(void **state)
{
	char path[300];
	struct route_match m;

	(void)state;
	memcpy(path, "/api/files/", 11);
	memset(path + 11, 'a', 128);
	assert_int_equal(router_match(table, NTABLE, "GET", path, 11 + 128, &m), ROUTE_FOUND);
	memset(path + 11, 'a', 129);
	assert_int_equal(router_match(table, NTABLE, "GET", path, 11 + 129, &m), ROUTE_NOT_FOUND);
}

static void test_bad_method_vs_not_found(void **state)
{
	struct route_match m;

	(void)state;
	assert_int_equal(match("DELETE", "/api/health", &m), ROUTE_BAD_METHOD);
	assert_null(m.route);
	assert_int_equal(match("PUT", "/api/users", &m), ROUTE_BAD_METHOD);
	assert_int_equal(match("POST", "/api/users/1", &m), ROUTE_BAD_METHOD);
	assert_int_equal(match("get", "/api/health", &m), ROUTE_BAD_METHOD);
	/* A method that matches a later route of the same path is found. */
	assert_int_equal(match("DELETE", "/api/users/9", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[7]);
	/* A bad id is no path at all, so not a bad method either. */
	assert_int_equal(match("DELETE", "/api/users/0", &m), ROUTE_NOT_FOUND);
}

static void test_head_matches_get(void **state)
{
	struct route_match m;
	int64_t id = 0;

	(void)state;
	assert_int_equal(match("HEAD", "/api/health", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[0]);
	assert_int_equal(match("HEAD", "/api/users/5", &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[3]);
	assert_int_equal(route_capture_id(&m, "id", &id), RD_OK);
	assert_int_equal(id, 5);
	/* HEAD does not reach a POST-only or PUT-only path. */
	assert_int_equal(match("HEAD", "/api/users/5/roles", &m), ROUTE_BAD_METHOD);
}

static void test_too_many_captures(void **state)
{
	static const struct route many[] = {
		{"GET", "/{a}/{b}/{c}/{d}/{e}", dummy, 1, NULL, NULL, "five"},
		{"GET", "/{a}/{b}/{c}/{d}", dummy, 1, NULL, NULL, "four"},
	};
	struct route_match m;
	int64_t v = 0;

	(void)state;
	/* More captures than a match can hold never matches (nor overflows). */
	assert_int_equal(router_match(many, 2, "GET", "/1/2/3/4/5", 10, &m), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(many, 2, "GET", "/1/2/3/4", 8, &m), ROUTE_FOUND);
	assert_int_equal(m.ncap, 4);
	assert_int_equal(route_capture_id(&m, "d", &v), RD_OK);
	assert_int_equal(v, 4);
}

static void test_check_accepts_good_table(void **state)
{
	struct rd_error err = {0};

	(void)state;
	assert_int_equal(router_check(table, NTABLE, &err), RD_OK);
	assert_int_equal(err.code, RD_OK);
}

static void test_check_refuses_no_access(void **state)
{
	static const struct route t[] = {
		{"GET", "/a", dummy, ACCESS_PUBLIC, NULL, NULL, "a"},
		{"GET", "/b", dummy, 0, NULL, NULL, "forgot access"},
	};
	struct rd_error err = {0};

	(void)state;
	assert_int_equal(router_check(t, 2, &err), RD_EINVAL);
	assert_int_equal(err.code, RD_EINVAL);
	assert_non_null(strstr(err.message, "/b"));
}

static void test_check_refuses_duplicate(void **state)
{
	static const struct route t[] = {
		{"GET", "/a/{id}", dummy, 1, NULL, NULL, "a"},
		{"POST", "/a/{id}", dummy, 1, NULL, NULL, "same path, other method: fine"},
		{"GET", "/a/{id}", dummy, 2, NULL, NULL, "again"},
	};
	struct rd_error err = {0};

	(void)state;
	assert_int_equal(router_check(t, 2, &err), RD_OK);
	assert_int_equal(router_check(t, 3, &err), RD_EINVAL);
	assert_non_null(strstr(err.message, "twice"));
}

static void test_check_refuses_incomplete(void **state)
{
	static const struct route no_handler[] = {{"GET", "/a", NULL, 1, NULL, NULL, "x"}};
	static const struct route relative[] = {{"GET", "a", dummy, 1, NULL, NULL, "x"}};
	static const struct route no_method[] = {{NULL, "/a", dummy, 1, NULL, NULL, "x"}};
	struct rd_error err = {0};

	(void)state;
	assert_int_equal(router_check(no_handler, 1, &err), RD_EINVAL);
	assert_int_equal(router_check(relative, 1, &err), RD_EINVAL);
	assert_int_equal(router_check(no_method, 1, &err), RD_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_trailing_and_double_slash),
		cmocka_unit_test(test_length_not_terminator),
		cmocka_unit_test(test_id_capture),
		cmocka_unit_test(test_id_bounds),
		cmocka_unit_test(test_two_captures),
		cmocka_unit_test(test_str_capture),
		cmocka_unit_test(test_str_capture_length_limit),
		cmocka_unit_test(test_bad_method_vs_not_found),
		cmocka_unit_test(test_head_matches_get),
		cmocka_unit_test(test_too_many_captures),
		cmocka_unit_test(test_check_accepts_good_table),
		cmocka_unit_test(test_check_refuses_no_access),
		cmocka_unit_test(test_check_refuses_duplicate),
		cmocka_unit_test(test_check_refuses_incomplete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
