/*
 * test_rules_stroke.c — surname stroke order (姓氏笔画) via ICU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/stroke.h"
#include "base/banned.h"

static void sorted(const char *const *names, size_t n, const char **out)
{
	size_t order[32];
	struct rd_error e;

	assert_true(n <= 32);
	assert_int_equal(stroke_sort(names, n, order, &e), RD_OK);
	for (size_t i = 0; i < n; i++)
		out[i] = names[order[i]];
}

static void test_orders_by_stroke_count(void **state)
{
	/* Surnames with known (GB) stroke counts where ICU agrees:
	 * 丁2 马3 王4 田5 刘6 李7 周8 赵9 高10 曹11 谢12 蔡14 魏17. */
	const char *const names[] = {"魏征", "李四", "王五", "丁一", "高山", "赵六", "刘七",
				     "周八", "马九", "田十", "曹操", "谢安", "蔡文"};
	const char *const want[] = {"丁一", "马九", "王五", "田十", "刘七", "李四", "周八",
				    "赵六", "高山", "曹操", "谢安", "蔡文", "魏征"};
	const char *got[13];

	(void)state;
	sorted(names, 13, got);
	for (size_t i = 0; i < 13; i++)
		assert_string_equal(got[i], want[i]);
}

static void test_tie_breaks(void **state)
{
	/* Same surname: by the whole name (明 8 before 薇 16), then by position. */
	const char *const names[] = {"王薇", "王明", "王明", "丁薇"};
	size_t order[4];
	struct rd_error e;

	(void)state;
	assert_int_equal(stroke_sort(names, 4, order, &e), RD_OK);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 1); /* the first 王明 keeps its place */
	assert_int_equal(order[2], 2);
	assert_int_equal(order[3], 0);
}

static void test_compound_surnames(void **state)
{
	/* 欧阳 is one surname: 欧 (8) alone sorts before 欧阳 whatever follows. */
	const char *const names[] = {"欧阳丁", "欧明"};
	const char *got[2];

	(void)state;
	assert_int_equal(stroke_surname_len("欧阳丁"), strlen("欧阳"));
	assert_int_equal(stroke_surname_len("欧明"), strlen("欧"));
	assert_int_equal(stroke_surname_len("Smith"), 1);
	assert_int_equal(stroke_surname_len(""), 0);
	sorted(names, 2, got);
	assert_string_equal(got[0], "欧明");
	assert_string_equal(got[1], "欧阳丁");
}

static void test_icu_deviations_pinned(void **state)
{
	/* ICU counts 阝 as three strokes (Unihan kTotalStrokes): 陈 (GB 7)
	 * sorts after 周 (8). Pinned so that an ICU change is noticed; see
	 * docs/rules.md. */
	const char *const names[] = {"陈一", "周二"};
	const char *got[2];

	(void)state;
	sorted(names, 2, got);
	assert_string_equal(got[0], "周二");
}

static void test_bad_names(void **state)
{
	const char *const names[] = {"王五", "\xff\xfe"};
	const char *const empty[] = {""};
	size_t order[2];
	struct rd_error e;

	(void)state;
	assert_int_equal(stroke_sort(names, 2, order, &e), RD_EINVAL);
	assert_string_equal(e.field, "names");
	assert_int_equal(stroke_sort(empty, 1, order, &e), RD_EINVAL);
	assert_int_equal(stroke_sort(names, 0, order, &e), RD_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_by_stroke_count),
		cmocka_unit_test(test_tie_breaks),
		cmocka_unit_test(test_compound_surnames),
		cmocka_unit_test(test_icu_deviations_pinned),
		cmocka_unit_test(test_bad_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
