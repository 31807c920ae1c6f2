/* test_buf.c — the capped buffer: appends, the hard cap, detach, reset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/banned.h"

static void test_empty_is_empty_string(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_error(&b), RD_OK);
	buf_release(&b);
}

static void test_append_puts_putc_printf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	assert_int_equal(buf_append(&b, "ab", 2), RD_OK);
	assert_int_equal(buf_puts(&b, "cd"), RD_OK);
	assert_int_equal(buf_putc(&b, 'e'), RD_OK);
	assert_int_equal(buf_printf(&b, "-%d-%s", 42, "人大"), RD_OK);
	assert_string_equal(buf_str(&b), "abcde-42-人大");
	assert_int_equal(b.len, strlen("abcde-42-人大"));
	assert_int_equal(b.data[b.len], '\0');
	buf_release(&b);
}

static void test_append_zero_bytes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_append(&b, NULL, 0), RD_OK);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void test_growth_keeps_contents(void **state)
{
	struct buf b;
	char expect[5001];

	(void)state;
	buf_init(&b, 5000);
	for (int i = 0; i < 5000; i++) {
		expect[i] = (char)('a' + i % 26);
		assert_int_equal(buf_putc(&b, expect[i]), RD_OK);
	}
	expect[5000] = '\0';
	assert_int_equal(b.len, 5000);
	assert_string_equal(buf_str(&b), expect);
	buf_release(&b);
}

static void test_exactly_at_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), RD_OK);
	assert_int_equal(buf_puts(&b, "678"), RD_OK);
	assert_int_equal(b.len, 8);
	assert_string_equal(buf_str(&b), "12345678");
	/* Appending nothing at the cap is still fine. */
	assert_int_equal(buf_append(&b, "", 0), RD_OK);
	buf_release(&b);
}

static void test_one_over_cap_fails_and_sticks(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345678"), RD_OK);
	assert_int_equal(buf_putc(&b, '9'), RD_ETOOBIG);
	assert_int_equal(buf_error(&b), RD_ETOOBIG);
	/* The memory is released and the contents are gone. */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	/* Every later append is refused, even one that would fit. */
	assert_int_equal(buf_putc(&b, 'x'), RD_ETOOBIG);
	assert_int_equal(buf_printf(&b, "%d", 1), RD_ETOOBIG);
	assert_int_equal(buf_append(&b, "", 0), RD_ETOOBIG);
	assert_null(b.data);
	assert_null(buf_detach(&b, NULL));
	buf_release(&b);
}

static void test_single_append_over_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "12345"), RD_ETOOBIG);
	assert_null(b.data);
	buf_release(&b);
}

static void test_printf_over_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_printf(&b, "%s", "0123456789"), RD_OK);
	assert_int_equal(buf_printf(&b, "%d", 7), RD_ETOOBIG);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void test_huge_append_does_not_overflow(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(buf_puts(&b, "abc"), RD_OK);
	/* n near SIZE_MAX must not wrap the length check; nothing is read. */
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), RD_ETOOBIG);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), RD_ETOOBIG);
	buf_release(&b);
}

static void test_zero_cap(void **state)
{
	struct buf b;
	char *p;
	size_t len = 99;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, "", 0), RD_OK);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	assert_int_equal(buf_putc(&b, 'a'), RD_ETOOBIG);
	buf_release(&b);
}

static void test_reset_keeps_memory_and_clears_error(void **state)
{
	struct buf b;
	char *before;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "hello"), RD_OK);
	before = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_ptr_equal(b.data, before);
	assert_int_equal(buf_puts(&b, "again"), RD_OK);
	assert_string_equal(buf_str(&b), "again");

	/* After a failure, reset makes the buffer usable again. */
	assert_int_equal(buf_append(&b, "x", 200), RD_ETOOBIG);
	buf_reset(&b);
	assert_int_equal(buf_error(&b), RD_OK);
	assert_int_equal(buf_puts(&b, "ok"), RD_OK);
	assert_string_equal(buf_str(&b), "ok");
	buf_release(&b);
}

static void test_release_then_reuse(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "one"), RD_OK);
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	assert_int_equal(buf_puts(&b, "two"), RD_OK);
	assert_string_equal(buf_str(&b), "two");
	buf_release(&b);
}

static void test_detach(void **state)
{
	struct buf b;
	size_t len = 0;
	char *p;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_printf(&b, "%s=%d", "x", 5), RD_OK);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "x=5");
	assert_int_equal(len, 3);
	/* The buffer is left empty and reusable; p is the caller's. */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_puts(&b, "next"), RD_OK);
	assert_string_equal(buf_str(&b), "next");
	assert_string_equal(p, "x=5");
	free(p);
	buf_release(&b);
}

static void test_detach_empty_gives_empty_string(void **state)
{
	struct buf b;
	size_t len = 7;
	char *p;

	(void)state;
	buf_init(&b, 100);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_release(&b);
}

static void test_binary_bytes_and_terminator(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_append(&b, "a\0b", 3), RD_OK);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_release(&b);
}

/* Regression: a cap of SIZE_MAX wrapped to a zero-size allocation. */
static void test_unbounded_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_puts(&b, "hello"), RD_OK);
	assert_string_equal(buf_str(&b), "hello");
	buf_release(&b);
}

/* buf.h: after release the buffer is empty and usable again. */
static void test_release_clears_error(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "too long"), RD_ETOOBIG);
	buf_release(&b);
	assert_int_equal(buf_error(&b), RD_OK);
	assert_int_equal(buf_puts(&b, "ok"), RD_OK);
	assert_string_equal(buf_str(&b), "ok");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_empty_string),
		cmocka_unit_test(test_append_puts_putc_printf),
		cmocka_unit_test(test_append_zero_bytes),
		cmocka_unit_test(test_growth_keeps_contents),
		cmocka_unit_test(test_exactly_at_cap),
		cmocka_unit_test(test_one_over_cap_fails_and_sticks),
		cmocka_unit_test(test_single_append_over_cap),
		cmocka_unit_test(test_printf_over_cap),
		cmocka_unit_test(test_huge_append_does_not_overflow),
		cmocka_unit_test(test_zero_cap),
		cmocka_unit_test(test_reset_keeps_memory_and_clears_error),
		cmocka_unit_test(test_release_then_reuse),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_detach_empty_gives_empty_string),
		cmocka_unit_test(test_binary_bytes_and_terminator),
		cmocka_unit_test(test_unbounded_cap),
		cmocka_unit_test(test_release_clears_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
