/* test_arena.c — the request arena: alignment, zeroing, the cap, reuse. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "base/banned.h"

static void test_alignment_16(void **state)
{
	struct arena a;
	static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 4095, 9000};

	(void)state;
	arena_init(&a, 1 << 20);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *p = arena_alloc(&a, sizes[i]);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	arena_release(&a);
}

static void test_zero_size_gives_distinct_pointers(void **state)
{
	struct arena a;
	void *p, *q;

	(void)state;
	arena_init(&a, 1 << 20);
	p = arena_alloc(&a, 0);
	q = arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_release(&a);
}

static void test_allocations_do_not_overlap(void **state)
{
	struct arena a;
	unsigned char *p[200];

	(void)state;
	arena_init(&a, 1 << 20);
	for (int i = 0; i < 200; i++) {
		p[i] = arena_alloc(&a, 100);
		assert_non_null(p[i]);
		memset(p[i], i, 100);
	}
	for (int i = 0; i < 200; i++)
		for (int k = 0; k < 100; k++)
			assert_int_equal(p[i][k], (unsigned char)i);
	arena_release(&a);
}

static void test_memory_is_zeroed_even_after_reuse(void **state)
{
	struct arena a;
	unsigned char *p;

	(void)state;
	arena_init(&a, 1 << 20);
	p = arena_alloc(&a, 4000);
	assert_non_null(p);
	for (int i = 0; i < 4000; i++)
		assert_int_equal(p[i], 0);
	memset(p, 0xab, 4000);
	arena_release(&a);
	/* The same arena after release hands out zeroed memory again. */
	p = arena_alloc(&a, 4000);
	assert_non_null(p);
	for (int i = 0; i < 4000; i++)
		assert_int_equal(p[i], 0);
	arena_release(&a);
}

static void test_strdup_strndup_printf(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a, 1 << 20);
	s = arena_strdup(&a, "人大 renda");
	assert_string_equal(s, "人大 renda");
	s = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = arena_strndup(&a, "ab\0cd", 5);
	assert_memory_equal(s, "ab\0cd", 6);
	s = arena_printf(&a, "%s-%d-%05.1f", "x", -7, 2.25);
	assert_string_equal(s, "x--7-002.2");
	s = arena_printf(&a, "%s", "");
	assert_string_equal(s, "");
	assert_null(arena_strdup(&a, NULL));
	assert_null(arena_strndup(&a, NULL, 3));
	arena_release(&a);
}

static void test_printf_longer_than_a_chunk(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a, 1 << 20);
	s = arena_printf(&a, "%20000d", 5);
	assert_non_null(s);
	assert_int_equal(strlen(s), 20000);
	assert_int_equal(s[19999], '5');
	arena_release(&a);
}

static void test_large_allocation(void **state)
{
	struct arena a;
	unsigned char *small, *big, *after;

	(void)state;
	arena_init(&a, 4 << 20);
	small = arena_alloc(&a, 10);
	big = arena_alloc(&a, 1 << 20);
	assert_non_null(small);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % 16, 0);
	for (size_t i = 0; i < (1 << 20); i++)
		assert_int_equal(big[i], 0);
	memset(big, 0xff, 1 << 20);
	after = arena_alloc(&a, 10);
	assert_non_null(after);
	assert_int_equal(after[0], 0);
	assert_int_equal(small[0], 0);
	arena_release(&a);
}

static void test_cap_refuses_past_max(void **state)
{
	struct arena a;
	int got = 0;

	(void)state;
	arena_init(&a, 64 << 10);
	/* One allocation bigger than the whole cap fails outright. */
	assert_null(arena_alloc(&a, 65 << 10));
	/* Many small ones succeed until the cap, then fail, and keep failing. */
	while (arena_alloc(&a, 1000))
		got++;
	assert_true(got > 0);
	assert_true((size_t)got * 1000 <= 64 << 10);
	/* At least half the cap was usable: the cap is not wildly conservative. */
	assert_true((size_t)got * 1000 >= 32 << 10);
	assert_true(a.used <= a.max);
	assert_null(arena_alloc(&a, 1000));
	assert_null(arena_alloc(&a, 9000));
	arena_release(&a);
}

static void test_cap_counts_everything(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1 << 20);
	/* Large allocations add up against the cap, not just the chunk in use. */
	assert_non_null(arena_alloc(&a, 400 << 10));
	assert_non_null(arena_alloc(&a, 400 << 10));
	assert_null(arena_alloc(&a, 400 << 10));
	assert_true(a.used <= a.max);
	arena_release(&a);
}

static void test_release_then_reuse(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 64 << 10);
	while (arena_alloc(&a, 1000))
		;
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	assert_int_equal(a.max, 64 << 10);
	/* After release the whole cap is available again. */
	assert_non_null(arena_alloc(&a, 1000));
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_release(&a);
	/* Releasing twice, or an empty arena, is harmless. */
	arena_release(&a);
}

static void test_huge_size_is_refused(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 15));
	/* n + 1 must not wrap to a one-byte allocation. */
	assert_null(arena_strndup(&a, "x", SIZE_MAX));
	arena_release(&a);
}

/* Regression: a size near SIZE_MAX wrapped the cap check. */
static void test_size_near_max_is_refused(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_null(arena_alloc(&a, SIZE_MAX - 20));
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_non_null(arena_alloc(&a, 16));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_16),
		cmocka_unit_test(test_zero_size_gives_distinct_pointers),
		cmocka_unit_test(test_allocations_do_not_overlap),
		cmocka_unit_test(test_memory_is_zeroed_even_after_reuse),
		cmocka_unit_test(test_strdup_strndup_printf),
		cmocka_unit_test(test_printf_longer_than_a_chunk),
		cmocka_unit_test(test_large_allocation),
		cmocka_unit_test(test_cap_refuses_past_max),
		cmocka_unit_test(test_cap_counts_everything),
		cmocka_unit_test(test_release_then_reuse),
		cmocka_unit_test(test_size_near_max_is_refused),
		cmocka_unit_test(test_huge_size_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
