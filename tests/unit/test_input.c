/* test_input.c — edge validation of JSON bodies and query strings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/input.h"
#include "base/banned.h"

static const struct field_spec body[] = {
	{"name", FIELD_STRING, true, 1, 64},
	{"count", FIELD_INT, false, 1, 500},
	{"secret", FIELD_BOOL, false, 0, 0},
	{"roles", FIELD_ARRAY, false, 1, 3},
	{"extra", FIELD_OBJECT, false, 0, 0},
	{"note", FIELD_STRING, false, 0, 0},
	{NULL},
};

/* Runs input_json on a C string; on failure checks *out is NULL. */
static enum rd_err json(const char *s, struct rd_error *err, json_t **out)
{
	enum rd_err rc;

	rd_error_clear(err);
	rc = input_json(s, strlen(s), body, out, err);
	if (rc) {
		assert_null(*out);
		assert_int_equal(err->code, rc);
	}
	return rc;
}

static void expect_json_fail(const char *s, const char *field)
{
	struct rd_error err;
	json_t *out = (json_t *)1;

	if (json(s, &err, &out) != RD_EINVAL)
		fail_msg("accepted: %s", s);
	if (strcmp(err.field, field) != 0)
		fail_msg("%s: field '%s', expected '%s'", s, err.field, field);
	assert_true(err.message[0] != '\0');
}

static void test_json_ok(void **state)
{
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(json("{\"name\":\"人大\",\"count\":3,\"secret\":true,\"roles\":[\"a\"],"
			      "\"extra\":{},\"note\":\"\"}",
			      &err, &out),
			 RD_OK);
	assert_non_null(out);
	assert_true(json_is_object(out));
	assert_string_equal(json_string_value(json_object_get(out, "name")), "人大");
	assert_int_equal(json_integer_value(json_object_get(out, "count")), 3);
	json_decref(out);

	/* Only the required field. */
	assert_int_equal(json("{\"name\":\"x\"}", &err, &out), RD_OK);
	json_decref(out);
}

static void test_json_not_json_or_not_object(void **state)
{
	(void)state;
	expect_json_fail("", "body");
	expect_json_fail("{", "body");
	expect_json_fail("{\"name\":\"x\",}", "body");
	expect_json_fail("{'name':'x'}", "body");
	expect_json_fail("{\"name\":\"x\"} trailing", "body");
	expect_json_fail("[]", "body");
	expect_json_fail("[{\"name\":\"x\"}]", "body");
	expect_json_fail("\"name\"", "body");
	expect_json_fail("42", "body");
	expect_json_fail("null", "body");
	expect_json_fail("true", "body");
}

static void test_json_unknown_field_named(void **state)
{
	(void)state;
	expect_json_fail("{\"name\":\"x\",\"is_admin\":true}", "is_admin");
	expect_json_fail("{\"Name\":\"x\"}", "Name");
	expect_json_fail("{\"name\":\"x\",\"代表\":1}", "代表");
	/* Unknown fields are refused even when null. */
	expect_json_fail("{\"name\":\"x\",\"bogus\":null}", "bogus");
}

static void test_json_unknown_long_field_truncated(void **state)
{
	char s[400], key[300];
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	memset(key, 'k', 299);
	key[299] = '\0';
	snprintf(s, sizeof(s), "{\"%s\":1}", key);
	assert_int_equal(json(s, &err, &out), RD_EINVAL);
	assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
	assert_int_equal(strncmp(err.field, key, sizeof(err.field) - 1), 0);
}

static void test_json_missing_required(void **state)
{
	(void)state;
	expect_json_fail("{}", "name");
	expect_json_fail("{\"count\":3}", "name");
	/* null is not a value for a required field. */
	expect_json_fail("{\"name\":null}", "name");
}

static void test_json_null_optional_accepted(void **state)
{
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(json("{\"name\":\"x\",\"count\":null,\"secret\":null,\"roles\":null,"
			      "\"extra\":null,\"note\":null}",
			      &err, &out),
			 RD_OK);
	json_decref(out);
}

static void test_json_wrong_types(void **state)
{
	(void)state;
	expect_json_fail("{\"name\":1}", "name");
	expect_json_fail("{\"name\":true}", "name");
	expect_json_fail("{\"name\":[\"x\"]}", "name");
	expect_json_fail("{\"name\":{}}", "name");
	expect_json_fail("{\"name\":\"x\",\"count\":\"3\"}", "count");
	expect_json_fail("{\"name\":\"x\",\"count\":3.0}", "count");
	expect_json_fail("{\"name\":\"x\",\"count\":true}", "count");
	expect_json_fail("{\"name\":\"x\",\"count\":[3]}", "count");
	expect_json_fail("{\"name\":\"x\",\"secret\":1}", "secret");
	expect_json_fail("{\"name\":\"x\",\"secret\":\"true\"}", "secret");
	expect_json_fail("{\"name\":\"x\",\"roles\":\"a\"}", "roles");
	expect_json_fail("{\"name\":\"x\",\"roles\":{}}", "roles");
	expect_json_fail("{\"name\":\"x\",\"extra\":[]}", "extra");
}

static void test_json_int_bounds(void **state)
{
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(json("{\"name\":\"x\",\"count\":1}", &err, &out), RD_OK);
	json_decref(out);
	assert_int_equal(json("{\"name\":\"x\",\"count\":500}", &err, &out), RD_OK);
	json_decref(out);
	expect_json_fail("{\"name\":\"x\",\"count\":0}", "count");
	expect_json_fail("{\"name\":\"x\",\"count\":501}", "count");
	expect_json_fail("{\"name\":\"x\",\"count\":-1}", "count");
	expect_json_fail("{\"name\":\"x\",\"count\":9223372036854775808}", "body");
}

static void test_json_array_bounds(void **state)
{
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(json("{\"name\":\"x\",\"roles\":[1,2,3]}", &err, &out), RD_OK);
	json_decref(out);
	expect_json_fail("{\"name\":\"x\",\"roles\":[]}", "roles");
	expect_json_fail("{\"name\":\"x\",\"roles\":[1,2,3,4]}", "roles");
}

/* A body {"name":"<n copies of s>"}. */
static void name_of(char *out, size_t outsz, const char *s, int n)
{
	size_t k = 0, len = strlen(s);

	k += (size_t)snprintf(out, outsz, "{\"name\":\"");
	for (int i = 0; i < n; i++) {
		assert_true(k + len < outsz);
		memcpy(out + k, s, len);
		k += len;
	}
	snprintf(out + k, outsz - k, "\"}");
}

static void test_json_string_bounds_in_code_points(void **state)
{
	char s[1024];
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	/* 64 Chinese characters are 192 bytes and fit a max of 64. */
	name_of(s, sizeof(s), "人", 64);
	assert_int_equal(json(s, &err, &out), RD_OK);
	json_decref(out);
	name_of(s, sizeof(s), "人", 65);
	expect_json_fail(s, "name");
	name_of(s, sizeof(s), "a", 64);
	assert_int_equal(json(s, &err, &out), RD_OK);
	json_decref(out);
	name_of(s, sizeof(s), "a", 65);
	expect_json_fail(s, "name");
	/* An escaped character counts once. */
	name_of(s, sizeof(s), "\\u4eba", 64);
	assert_int_equal(json(s, &err, &out), RD_OK);
	json_decref(out);
	/* A minimum of 1: the empty string is refused. */
	expect_json_fail("{\"name\":\"\"}", "name");
}

static void test_json_default_string_max(void **state)
{
	static char s[3 * INPUT_STRING_MAX + 64];
	struct rd_error err;
	json_t *out = NULL;
	size_t k;

	(void)state;
	k = (size_t)snprintf(s, sizeof(s), "{\"name\":\"x\",\"note\":\"");
	memset(s + k, 'a', INPUT_STRING_MAX);
	snprintf(s + k + INPUT_STRING_MAX, sizeof(s) - k - INPUT_STRING_MAX, "\"}");
	assert_int_equal(json(s, &err, &out), RD_OK);
	json_decref(out);
	memset(s + k, 'a', INPUT_STRING_MAX + 1);
	snprintf(s + k + INPUT_STRING_MAX + 1, sizeof(s) - k - INPUT_STRING_MAX - 1, "\"}");
	expect_json_fail(s, "note");
}

static void test_json_bad_text(void **state)
{
	(void)state;
	/* Raw invalid UTF-8 in a string value, or in a key. */
	expect_json_fail("{\"name\":\"\xff\"}", "body");
	expect_json_fail("{\"name\":\"\xed\xa0\x80\"}", "body");
	expect_json_fail("{\"name\":\"\xc0\xaf\"}", "body");
	/* An escaped NUL is refused, naming the field; lone surrogates too. */
	expect_json_fail("{\"name\":\"a\\u0000b\"}", "name");
	expect_json_fail("{\"name\":\"\\ud800\"}", "body");
	expect_json_fail("{\"name\":\"\\udc00x\"}", "body");
	expect_json_fail("{\"na\\u0000me\":\"x\"}", "body");
}

static void test_json_embedded_nul_in_body(void **state)
{
	static const char s[] = "{\"name\":\"x\"}\0{\"count\":1}";
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(input_json(s, sizeof(s) - 1, body, &out, &err), RD_EINVAL);
	assert_null(out);
	/* The length given is what counts, not a terminator. */
	assert_int_equal(input_json(s, 12, body, &out, &err), RD_OK);
	json_decref(out);
}

static void test_json_duplicate_keys(void **state)
{
	(void)state;
	expect_json_fail("{\"name\":\"x\",\"name\":\"y\"}", "body");
	expect_json_fail("{\"name\":\"x\",\"count\":1,\"count\":2}", "body");
}

static void test_json_no_fields_allowed(void **state)
{
	struct rd_error err;
	json_t *out = NULL;

	(void)state;
	assert_int_equal(input_json("{}", 2, NULL, &out, &err), RD_OK);
	json_decref(out);
	assert_int_equal(input_json("{\"a\":1}", 7, NULL, &out, &err), RD_EINVAL);
	assert_string_equal(err.field, "a");
}

static const struct field_spec query[] = {
	{"q", FIELD_STRING, false, 0, 10},
	{"limit", FIELD_INT, false, 1, 500},
	{"after", FIELD_INT, false, 0, INT64_MAX},
	{"all", FIELD_BOOL, false, 0, 0},
	{NULL},
};

static const struct field_spec query_required[] = {
	{"session", FIELD_INT, true, 1, 1000},
	{"q", FIELD_STRING, false, 0, 0},
	{NULL},
};

struct qresult {
	enum rd_err rc;
	struct rd_error err;
	struct query_param *params;
	int count;
};

static void run_query(const char *s, const struct field_spec *spec, struct arena *a,
		      struct qresult *r)
{
	rd_error_clear(&r->err);
	r->rc = input_query(s, strlen(s), spec, a, &r->params, &r->count, &r->err);
	if (r->rc) {
		assert_null(r->params);
		assert_int_equal(r->count, 0);
		assert_int_equal(r->err.code, r->rc);
	}
}

static const char *param(const struct qresult *r, const char *name)
{
	for (int i = 0; i < r->count; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

static void expect_query_fail(const char *s, const struct field_spec *spec, const char *field)
{
	struct arena a;
	struct qresult r;

	arena_init(&a, 1 << 20);
	run_query(s, spec, &a, &r);
	if (r.rc != RD_EINVAL)
		fail_msg("accepted: %s", s);
	if (strcmp(r.err.field, field) != 0)
		fail_msg("%s: field '%s', expected '%s'", s, r.err.field, field);
	arena_release(&a);
}

static void test_query_decoding(void **state)
{
	struct arena a;
	struct qresult r;

	(void)state;
	arena_init(&a, 1 << 20);
	run_query("q=%E4%BA%BA%e5%a4%a7&limit=20&all=true", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_int_equal(r.count, 3);
	assert_string_equal(param(&r, "q"), "人大");
	assert_string_equal(param(&r, "limit"), "20");
	assert_string_equal(param(&r, "all"), "true");
	assert_null(param(&r, "after"));

	run_query("q=a+b%2Bc%20d", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_string_equal(param(&r, "q"), "a b+c d");

	/* Names are decoded too. */
	run_query("%71=x", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_string_equal(param(&r, "q"), "x");

	/* No '=' means an empty value; a '=' in the value is kept. */
	run_query("q", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_string_equal(param(&r, "q"), "");
	run_query("q=a=b", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_string_equal(param(&r, "q"), "a=b");

	/* Empty pairs are skipped. */
	run_query("&&limit=5&&", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_int_equal(r.count, 1);
	assert_string_equal(param(&r, "limit"), "5");
	arena_release(&a);
}

static void test_query_empty(void **state)
{
	struct arena a;
	struct qresult r;

	(void)state;
	arena_init(&a, 1 << 20);
	run_query("", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_int_equal(r.count, 0);
	assert_non_null(r.params);
	run_query("", NULL, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_int_equal(r.count, 0);
	arena_release(&a);
}

static void test_query_bad_escapes(void **state)
{
	(void)state;
	expect_query_fail("q=%G1", query, "query");
	expect_query_fail("q=%1G", query, "query");
	expect_query_fail("q=%0", query, "query");
	expect_query_fail("q=%", query, "query");
	expect_query_fail("q=ab%", query, "query");
	expect_query_fail("q=%00", query, "query");
	expect_query_fail("q=%FF", query, "query");
	expect_query_fail("q=%E4%BA", query, "query");
	expect_query_fail("q=%C0%AF", query, "query");
	expect_query_fail("q=%ED%A0%80", query, "query");
	expect_query_fail("%=1", query, "query");
}

static void test_query_unknown_and_twice(void **state)
{
	(void)state;
	expect_query_fail("bogus=1", query, "bogus");
	expect_query_fail("limit=1&bogus", query, "bogus");
	expect_query_fail("Limit=1", query, "Limit");
	expect_query_fail("q=1", NULL, "q");
	expect_query_fail("limit=1&limit=2", query, "limit");
	expect_query_fail("q=a&%71=b", query, "q");
}

static void test_query_types_and_bounds(void **state)
{
	struct arena a;
	struct qresult r;

	(void)state;
	arena_init(&a, 1 << 20);
	run_query("limit=1&after=0", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	run_query("limit=500&after=9223372036854775807", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	run_query("all=false", query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	arena_release(&a);

	expect_query_fail("limit=0", query, "limit");
	expect_query_fail("limit=501", query, "limit");
	expect_query_fail("limit=-1", query, "limit");
	expect_query_fail("limit=", query, "limit");
	expect_query_fail("limit", query, "limit");
	expect_query_fail("limit=1.5", query, "limit");
	expect_query_fail("limit=+", query, "limit");
	expect_query_fail("limit=1+", query, "limit"); /* '+' decodes to a space */
	expect_query_fail("limit=ten", query, "limit");
	expect_query_fail("after=-1", query, "after");
	expect_query_fail("after=9223372036854775808", query, "after");
	expect_query_fail("all=1", query, "all");
	expect_query_fail("all=TRUE", query, "all");
	expect_query_fail("all=", query, "all");
	expect_query_fail("q=12345678901", query, "q");
}

static void test_query_string_bounds_in_code_points(void **state)
{
	struct arena a;
	struct qresult r;
	char s[200];
	size_t k;

	(void)state;
	arena_init(&a, 1 << 20);
	k = (size_t)snprintf(s, sizeof(s), "q=");
	for (int i = 0; i < 10; i++)
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%%E4%%BA%%BA");
	run_query(s, query, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_int_equal(strlen(param(&r, "q")), 30);
	arena_release(&a);
	snprintf(s + k, sizeof(s) - k, "x");
	expect_query_fail(s, query, "q");
}

static void test_query_required(void **state)
{
	struct arena a;
	struct qresult r;

	(void)state;
	expect_query_fail("", query_required, "session");
	expect_query_fail("q=x", query_required, "session");
	expect_query_fail("&", query_required, "session");
	arena_init(&a, 1 << 20);
	run_query("session=3", query_required, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_string_equal(param(&r, "session"), "3");
	arena_release(&a);
}

static void test_query_too_many(void **state)
{
	static const struct field_spec many[] = {
		{"a0", FIELD_STRING}, {"a1", FIELD_STRING},
		{"a2", FIELD_STRING}, {"a3", FIELD_STRING},
		{"a4", FIELD_STRING}, {"a5", FIELD_STRING},
		{"a6", FIELD_STRING}, {"a7", FIELD_STRING},
		{"a8", FIELD_STRING}, {"a9", FIELD_STRING},
		{"b0", FIELD_STRING}, {"b1", FIELD_STRING},
		{"b2", FIELD_STRING}, {"b3", FIELD_STRING},
		{"b4", FIELD_STRING}, {"b5", FIELD_STRING},
		{"b6", FIELD_STRING}, {"b7", FIELD_STRING},
		{"b8", FIELD_STRING}, {"b9", FIELD_STRING},
		{"c0", FIELD_STRING}, {"c1", FIELD_STRING},
		{"c2", FIELD_STRING}, {"c3", FIELD_STRING},
		{"c4", FIELD_STRING}, {"c5", FIELD_STRING},
		{"c6", FIELD_STRING}, {"c7", FIELD_STRING},
		{"c8", FIELD_STRING}, {"c9", FIELD_STRING},
		{"d0", FIELD_STRING}, {"d1", FIELD_STRING},
		{"d2", FIELD_STRING}, {NULL},
	};
	char s[400];
	size_t k = 0;
	struct arena a;
	struct qresult r;

	(void)state;
	for (int i = 0; i < INPUT_QUERY_MAX; i++)
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%s%s=v", i ? "&" : "", many[i].name);
	arena_init(&a, 1 << 20);
	run_query(s, many, &a, &r);
	assert_int_equal(r.rc, RD_OK);
	assert_int_equal(r.count, INPUT_QUERY_MAX);
	arena_release(&a);
	snprintf(s + k, sizeof(s) - k, "&%s=v", many[INPUT_QUERY_MAX].name);
	expect_query_fail(s, many, "query");
}

static void test_query_arena_cap(void **state)
{
	struct arena a;
	struct qresult r;

	(void)state;
	/* An arena too small for the parameter table fails cleanly. */
	arena_init(&a, 64);
	run_query("q=x", query, &a, &r);
	assert_int_equal(r.rc, RD_ENOMEM);
	arena_release(&a);
}

static void test_url_decode(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_string_equal(input_url_decode("a+b", 3, true, &a), "a b");
	assert_string_equal(input_url_decode("a+b", 3, false, &a), "a+b");
	assert_string_equal(input_url_decode("%2f%2F", 6, false, &a), "//");
	assert_string_equal(input_url_decode("", 0, false, &a), "");
	assert_null(input_url_decode("a\0b", 3, false, &a));
	assert_null(input_url_decode("%00", 3, false, &a));
	assert_null(input_url_decode("%", 1, false, &a));
	assert_null(input_url_decode("%4", 2, false, &a));
	/* Only n bytes are read: "%41" cut to "%4" is a bad escape. */
	assert_null(input_url_decode("%41", 2, false, &a));
	arena_release(&a);
}

/* Regression: an unknown key or parameter was cut at 63 bytes in the
 * middle of a character, and the error then could not be sent as JSON. */
static void test_error_text_stays_utf8(void **state)
{
	char s[256] = "{\"a", q[256] = "a";
	struct rd_error e = {0};
	struct arena a;
	struct query_param *params;
	json_t *o;
	int n;

	(void)state;
	for (int i = 0; i < 28; i++) {
		size_t len = strlen(s);

		memcpy(s + len, "人", 4);
		len = strlen(q);
		memcpy(q + len, "人", 4);
	}
	memcpy(s + strlen(s), "\":1}", 5);
	assert_int_equal(input_json(s, strlen(s), body, &o, &e), RD_EINVAL);
	assert_true(str_utf8_valid(e.field, strlen(e.field)));
	assert_true(str_utf8_valid(e.message, strlen(e.message)));
	assert_true(strlen(e.field) > 0);

	arena_init(&a, 1 << 20);
	memcpy(q + strlen(q), "=1", 3);
	assert_int_equal(input_query(q, strlen(q), query, &a, &params, &n, &e), RD_EINVAL);
	assert_true(str_utf8_valid(e.field, strlen(e.field)));
	assert_true(str_utf8_valid(e.message, strlen(e.message)));
	arena_release(&a);

	/* jansson quotes raw bytes of a broken escape. */
	static const char raw[] = "{\"note\":\"\\u\xee\x89\x9d\"}";
	assert_int_equal(input_json(raw, sizeof(raw) - 1, body, &o, &e), RD_EINVAL);
	assert_true(str_utf8_valid(e.message, strlen(e.message)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_ok),
		cmocka_unit_test(test_json_not_json_or_not_object),
		cmocka_unit_test(test_json_unknown_field_named),
		cmocka_unit_test(test_json_unknown_long_field_truncated),
		cmocka_unit_test(test_json_missing_required),
		cmocka_unit_test(test_json_null_optional_accepted),
		cmocka_unit_test(test_json_wrong_types),
		cmocka_unit_test(test_json_int_bounds),
		cmocka_unit_test(test_json_array_bounds),
		cmocka_unit_test(test_json_string_bounds_in_code_points),
		cmocka_unit_test(test_json_default_string_max),
		cmocka_unit_test(test_json_bad_text),
		cmocka_unit_test(test_json_embedded_nul_in_body),
		cmocka_unit_test(test_json_duplicate_keys),
		cmocka_unit_test(test_json_no_fields_allowed),
		cmocka_unit_test(test_query_decoding),
		cmocka_unit_test(test_query_empty),
		cmocka_unit_test(test_query_bad_escapes),
		cmocka_unit_test(test_query_unknown_and_twice),
		cmocka_unit_test(test_query_types_and_bounds),
		cmocka_unit_test(test_query_string_bounds_in_code_points),
		cmocka_unit_test(test_query_required),
		cmocka_unit_test(test_query_too_many),
		cmocka_unit_test(test_query_arena_cap),
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_error_text_stays_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
