/* test_str.c — integer parsing, UTF-8 checks, bounded copies, comparisons. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/str.h"
#include "base/banned.h"

/* Parses a C string with the full int64 range. */
static enum rd_err parse(const char *s, int64_t *out)
{
	return str_to_i64(s, strlen(s), INT64_MIN, INT64_MAX, out);
}

static void test_i64_plain(void **state)
{
	int64_t v = 99;

	(void)state;
	assert_int_equal(parse("0", &v), RD_OK);
	assert_int_equal(v, 0);
	assert_int_equal(parse("42", &v), RD_OK);
	assert_int_equal(v, 42);
	assert_int_equal(parse("-42", &v), RD_OK);
	assert_int_equal(v, -42);
	assert_int_equal(parse("+42", &v), RD_OK);
	assert_int_equal(v, 42);
	assert_int_equal(parse("-0", &v), RD_OK);
	assert_int_equal(v, 0);
	/* Leading zeros are a number (the router refuses them in ids itself). */
	assert_int_equal(parse("01", &v), RD_OK);
	assert_int_equal(v, 1);
}

static void test_i64_limits(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(parse("9223372036854775807", &v), RD_OK);
	assert_true(v == INT64_MAX);
	assert_int_equal(parse("-9223372036854775808", &v), RD_OK);
	assert_true(v == INT64_MIN);
	assert_int_equal(parse("9223372036854775808", &v), RD_EINVAL);
	assert_int_equal(parse("-9223372036854775809", &v), RD_EINVAL);
	assert_int_equal(parse("18446744073709551616", &v), RD_EINVAL);
	assert_int_equal(parse("99999999999999999999999", &v), RD_EINVAL);
	assert_int_equal(parse("00000000000000000000009223372036854775807", &v), RD_OK);
	assert_true(v == INT64_MAX);
}

static void test_i64_not_numbers(void **state)
{
	static const char *const bad[] = {"",	 "+",	"-",  " 1",   "1 ",  "1a",  "a1",
					  "--1", "+-1", "1-", "0x10", "1.0", "1e3", "١"};
	int64_t v = 1234;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &v), RD_EINVAL);
		assert_int_equal(v, 1234); /* untouched on failure */
	}
}

static void test_i64_length_not_terminator(void **state)
{
	int64_t v = 0;

	(void)state;
	/* Only n bytes are read: "12" out of "123". */
	assert_int_equal(str_to_i64("123", 2, INT64_MIN, INT64_MAX, &v), RD_OK);
	assert_int_equal(v, 12);
	/* An embedded NUL is not a digit. */
	assert_int_equal(str_to_i64("1\0"
				    "2",
				    3, INT64_MIN, INT64_MAX, &v),
			 RD_EINVAL);
	assert_int_equal(str_to_i64("7", 0, INT64_MIN, INT64_MAX, &v), RD_EINVAL);
}

static void test_i64_range(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(str_to_i64("1", 1, 1, 10, &v), RD_OK);
	assert_int_equal(v, 1);
	assert_int_equal(str_to_i64("10", 2, 1, 10, &v), RD_OK);
	assert_int_equal(v, 10);
	assert_int_equal(str_to_i64("0", 1, 1, 10, &v), RD_EINVAL);
	assert_int_equal(str_to_i64("11", 2, 1, 10, &v), RD_EINVAL);
	assert_int_equal(str_to_i64("-1", 2, 0, 10, &v), RD_EINVAL);
	assert_int_equal(str_to_i64("-5", 2, -5, -1, &v), RD_OK);
	assert_int_equal(v, -5);
	assert_int_equal(str_to_i64("-6", 2, -5, -1, &v), RD_EINVAL);
	assert_int_equal(str_to_i64("0", 1, -5, -1, &v), RD_EINVAL);
	/* A huge positive is out of a small range, not wrapped into it. */
	assert_int_equal(str_to_i64("9223372036854775807", 19, -10, 10, &v), RD_EINVAL);
	assert_int_equal(str_to_i64("-9223372036854775808", 20, -10, 10, &v), RD_EINVAL);
}

static bool valid(const char *s)
{
	return str_utf8_valid(s, strlen(s));
}

static void test_utf8_valid_text(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("renda"));
	assert_true(valid("人大"));
	assert_true(valid("\xe4\xba\xba\xe5\xa4\xa7")); /* 人大, spelled out */
	assert_true(valid("\xc2\x80"));			/* U+0080, smallest 2-byte */
	assert_true(valid("\xdf\xbf"));			/* U+07FF */
	assert_true(valid("\xe0\xa0\x80"));		/* U+0800, smallest 3-byte */
	assert_true(valid("\xed\x9f\xbf"));		/* U+D7FF, just below surrogates */
	assert_true(valid("\xee\x80\x80"));		/* U+E000, just above */
	assert_true(valid("\xef\xbf\xbf"));		/* U+FFFF */
	assert_true(valid("\xf0\x90\x80\x80"));		/* U+10000, smallest 4-byte */
	assert_true(valid("\xf0\x9f\x97\xb3"));		/* U+1F5F3 ballot box */
	assert_true(valid("\xf4\x8f\xbf\xbf"));		/* U+10FFFF, the last */
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	assert_false(valid("\xc0\x80"));	 /* overlong NUL */
	assert_false(valid("\xc1\xbf"));	 /* overlong 2-byte */
	assert_false(valid("\xe0\x80\xaf"));	 /* overlong '/' in 3 bytes */
	assert_false(valid("\xe0\x9f\xbf"));	 /* overlong U+07FF */
	assert_false(valid("\xf0\x80\x80\xaf")); /* overlong '/' in 4 bytes */
	assert_false(valid("\xf0\x8f\xbf\xbf")); /* overlong U+FFFF */
	assert_false(valid("\xed\xa0\x80"));	 /* U+D800 high surrogate */
	assert_false(valid("\xed\xbf\xbf"));	 /* U+DFFF low surrogate */
	assert_false(valid("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(valid("\xf5\x80\x80\x80")); /* lead byte past the range */
	assert_false(valid("\xff"));
	assert_false(valid("\xfe"));
	assert_false(valid("\x80"));	     /* lone continuation */
	assert_false(valid("a\xbf"));	     /* continuation after ASCII */
	assert_false(valid("\xe4\xba"));     /* 人 cut short */
	assert_false(valid("\xe4"));	     /* only the lead byte */
	assert_false(valid("\xf0\x9f\x97")); /* 4-byte cut short */
	assert_false(valid("\xe4\xba"
			   "a"));	     /* ASCII where a continuation belongs */
	assert_false(valid("\xc3\xc3\xa9")); /* lead where a continuation belongs */
	assert_false(valid("人\xe5\xa4"));   /* truncated at the end after valid text */
}

static void test_utf8_nul_and_length(void **state)
{
	(void)state;
	assert_false(str_utf8_valid("a\0b", 3));
	assert_false(str_utf8_valid("\0", 1));
	/* Only n bytes are looked at: a cut inside a character is invalid. */
	assert_false(str_utf8_valid("人", 2));
	assert_true(str_utf8_valid("人", 3));
	assert_true(str_utf8_valid("ab\xff", 2));
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(str_utf8_len("", 0), 0);
	assert_int_equal(str_utf8_len("abc", 3), 3);
	assert_int_equal(str_utf8_len("人大", strlen("人大")), 2);
	assert_int_equal(str_utf8_len("人大 renda", strlen("人大 renda")), 8);
	assert_int_equal(str_utf8_len("\xf0\x9f\x97\xb3", 4), 1);
	assert_int_equal(str_utf8_len("é", strlen("é")), 1);
}

static void test_copy(void **state)
{
	char dst[6];

	(void)state;
	memset(dst, 'x', sizeof(dst));
	assert_true(str_copy(dst, sizeof(dst), "abcde"));
	assert_string_equal(dst, "abcde");
	assert_false(str_copy(dst, sizeof(dst), "abcdef"));
	assert_string_equal(dst, "abcde");
	assert_true(str_copy(dst, sizeof(dst), ""));
	assert_string_equal(dst, "");
	assert_false(str_copy(dst, 1, "a"));
	assert_string_equal(dst, "");
	memset(dst, 'x', sizeof(dst));
	assert_false(str_copy(dst, 3, "abcdef"));
	assert_string_equal(dst, "ab");
	assert_int_equal(dst[3], 'x'); /* nothing written past dstsz */
}

static void test_slice_eq(void **state)
{
	struct slice s = {"users/1", 5};

	(void)state;
	assert_true(slice_eq(s, "users"));
	assert_false(slice_eq(s, "user"));
	assert_false(slice_eq(s, "users/"));
	assert_false(slice_eq(s, "Users"));
	assert_true(slice_eq((struct slice){"", 0}, ""));
}

static void test_ct_equal(void **state)
{
	(void)state;
	assert_true(str_ct_equal("abcdef", "abcdef", 6));
	assert_false(str_ct_equal("abcdef", "abcdeg", 6));
	assert_false(str_ct_equal("xbcdef", "abcdef", 6));
	assert_true(str_ct_equal("abcX", "abcY", 3)); /* only n bytes compared */
	assert_true(str_ct_equal("a", "b", 0));
	assert_false(str_ct_equal("\x00\x01", "\x00\x81", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i64_plain),
		cmocka_unit_test(test_i64_limits),
		cmocka_unit_test(test_i64_not_numbers),
		cmocka_unit_test(test_i64_length_not_terminator),
		cmocka_unit_test(test_i64_range),
		cmocka_unit_test(test_utf8_valid_text),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_nul_and_length),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_slice_eq),
		cmocka_unit_test(test_ct_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
