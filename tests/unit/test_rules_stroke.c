/*
 * test_rules_stroke.c — surname stroke order (姓氏笔画): mainland stroke
 * counts, first strokes 横竖撇点折, compound surnames, ICU for the rest.
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

static void expect_order(const char *const *names, const char *const *want, size_t n)
{
	const char *got[32];

	sorted(names, n, got);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(got[i], want[i]);
}

static void test_orders_by_stroke_count(void **state)
{
	/* One surname per count: 丁2 马3 王4 田5 刘6 李7 周8 赵9 高10 曹11
	 * 谢12 蔡14 魏17. */
	const char *const names[] = {"魏征", "李四", "王五", "丁一", "高山", "赵六", "刘七",
				     "周八", "马九", "田十", "曹操", "谢安", "蔡文"};
	const char *const want[] = {"丁一", "马九", "王五", "田十", "刘七", "李四", "周八",
				    "赵六", "高山", "曹操", "谢安", "蔡文", "魏征"};

	(void)state;
	expect_order(names, want, 13);
}

static void test_mainland_counts(void **state)
{
	/* The GB (简体) counts where Unicode's default and ICU differ: 阝 is two
	 * strokes (陈 7, 郑 8), 黄 11. ICU put 陈 after 周 and 黄 after 韩. */
	const char *const names[] = {"黄一", "郑一", "陈一", "张一", "李一",
				     "刘一", "王一", "丁一", "周一", "韩一"};
	const char *const want[] = {"丁一", "王一", "刘一", "李一", "张一", "陈一",
				    "周一", "郑一", "黄一", "韩一"}; /* 8: 周 丿 before 郑 丶 */

	(void)state;
	assert_int_equal(stroke_count("丁"), 2);
	assert_int_equal(stroke_count("王"), 4);
	assert_int_equal(stroke_count("刘"), 6);
	assert_int_equal(stroke_count("陈"), 7);
	assert_int_equal(stroke_count("李"), 7);
	assert_int_equal(stroke_count("张"), 7);
	assert_int_equal(stroke_count("郑"), 8);
	assert_int_equal(stroke_count("黄"), 11);
	assert_int_equal(stroke_count("陳"), 10);   /* traditional 陳, 阝 counted 2 as well */
	assert_int_equal(stroke_count("黄河"), 11); /* the first character only */
	assert_int_equal(stroke_count("A"), 0);
	assert_int_equal(stroke_count(""), 0);
	assert_int_equal(stroke_count(NULL), 0);
	assert_int_equal(stroke_count("\xe9\x99"), 0); /* truncated 陈 */
	expect_order(names, want, 10);
}

static void test_first_strokes(void **state)
{
	/* Same count: by the first stroke 一 丨 丿 丶 乛, then the next ones.
	 * 4: 王 一 < 毛 丿 < 方 丶 < 尹 乛一 < 孔 乛丨 < 邓 乛丶.
	 * 7: 李 一 < 吴 丨 < 何 丿 < 张 乛一 < 陈 乛丨. */
	const char *const four[] = {"邓二", "孔二", "方二", "毛二", "尹二", "王二"};
	const char *const four_want[] = {"王二", "毛二", "方二", "尹二", "孔二", "邓二"};
	const char *const seven[] = {"陈三", "张三", "何三", "吴三", "李三"};
	const char *const seven_want[] = {"李三", "吴三", "何三", "张三", "陈三"};

	(void)state;
	expect_order(four, four_want, 6);
	expect_order(seven, seven_want, 5);
}

static void test_same_key_groups_surnames(void **state)
{
	/* 己 已 巳: 3 strokes, all 乛一乛 — the table cannot separate them, ICU
	 * and the code point do, so each surname stays together whatever the
	 * given names: 已 (U+5DF2) and 己 (U+5DF1) never interleave. */
	const char *const names[] = {"已丁", "己黄", "已黄", "己丁"};
	const char *got[4];

	(void)state;
	sorted(names, 4, got);
	assert_memory_equal(got[0], got[1], strlen("己"));
	assert_memory_equal(got[2], got[3], strlen("己"));
	assert_memory_not_equal(got[1], got[2], strlen("己"));
	assert_string_equal(got[0] + strlen("己"), "丁");
	assert_string_equal(got[2] + strlen("己"), "丁");
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
	/* 欧阳 is one surname: 欧 (8) alone sorts before 欧阳 whatever follows;
	 * compound surnames by their first character, then the second: 司 (5)
	 * alone, 司马 (马 3), 司徒 (徒 10); 诸葛 with the 10-stroke surnames,
	 * after 高 (丶一 before 丶乛). */
	const char *const names[] = {"欧阳丁", "欧明"};
	const char *const si[] = {"诸葛亮", "司徒丁", "高山", "司马光", "司明", "丁一"};
	const char *const si_want[] = {"丁一", "司明", "司马光", "司徒丁", "高山", "诸葛亮"};

	(void)state;
	assert_int_equal(stroke_surname_len("欧阳丁"), strlen("欧阳"));
	assert_int_equal(stroke_surname_len("欧明"), strlen("欧"));
	assert_int_equal(stroke_surname_len("Smith"), 1);
	assert_int_equal(stroke_surname_len(""), 0);
	expect_order(names, (const char *const[]){"欧明", "欧阳丁"}, 2);
	expect_order(si, si_want, 6);
}

static void test_outside_the_table(void **state)
{
	/* Latin letters and punctuation are not in the table: after every
	 * ideograph, among themselves by ICU (Alice < Smith). A name with one
	 * inside keeps its place by the characters before it. */
	const char *const names[] = {"Smith", "王五", "阿依·古丽", "Alice", "阿依古丽", "丁一"};
	const char *const want[] = {"丁一", "王五", "阿依古丽", "阿依·古丽", "Alice", "Smith"};

	(void)state;
	expect_order(names, want, 6);
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
		cmocka_unit_test(test_mainland_counts),
		cmocka_unit_test(test_first_strokes),
		cmocka_unit_test(test_same_key_groups_surnames),
		cmocka_unit_test(test_tie_breaks),
		cmocka_unit_test(test_compound_surnames),
		cmocka_unit_test(test_outside_the_table),
		cmocka_unit_test(test_bad_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
