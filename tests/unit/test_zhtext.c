/* test_zhtext.c — cutting Chinese and mixed text into units (characters,
 * folded words), and the similarity of two texts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/zhtext.h"
#include "base/banned.h"

/* Every unit of s[0..n) as "text@start-end" (a '+' before a joined CJK
 * unit, 'w:' before a word), separated by spaces; the offsets are checked
 * to increase and to stay in range on the way. */
static const char *units_n(const char *s, size_t n)
{
	static char out[4096];
	struct zh_unit u;
	size_t pos = 0, k = 0, last_end = 0;

	out[0] = '\0';
	while (zhtext_next(s, n, &pos, &u)) {
		assert_true(u.start >= last_end);
		assert_true(u.start < u.end);
		assert_true(u.end <= n);
		assert_int_equal(pos, u.end);
		assert_int_equal(strlen(u.text), u.len);
		assert_true(u.len <= ZH_WORD_MAX);
		assert_true(str_utf8_valid(u.text, u.len));
		if (u.kind == ZH_WORD)
			assert_false(u.joined);
		last_end = u.end;
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%s%s@%zu-%zu", k ? " " : "",
				      u.kind == ZH_WORD ? "w:" : (u.joined ? "+" : ""), u.text,
				      u.start, u.end);
		assert_true(k < sizeof(out));
	}
	assert_int_equal(pos, n);
	return out;
}

static const char *units(const char *s)
{
	return units_n(s, strlen(s));
}

static void test_cjk_characters(void **state)
{
	(void)state;
	assert_string_equal(units("修建道路"), "修@0-3 +建@3-6 +道@6-9 +路@9-12");
	assert_string_equal(units("道"), "道@0-3");
	assert_string_equal(units(""), "");
	/* Kana, Hangul and 〇 are cut per character too. */
	assert_string_equal(units("二〇二五"), "二@0-3 +〇@3-6 +二@6-9 +五@9-12");
	assert_string_equal(units("かな한"), "か@0-3 +な@3-6 +한@6-9");
	/* Extension A and a four-byte extension B character join like any other. */
	assert_string_equal(units("㐀𠀀村"), "㐀@0-3 +𠀀@3-7 +村@7-10");
}

static void test_mixed_words(void **state)
{
	(void)state;
	assert_string_equal(units("G105国道"), "w:g105@0-4 国@4-7 +道@7-10");
	assert_string_equal(units("国道G105"), "国@0-3 +道@3-6 w:g105@6-10");
	assert_string_equal(units("3号楼2单元"),
			    "w:3@0-1 号@1-4 +楼@4-7 w:2@7-8 单@8-11 +元@11-14");
	assert_string_equal(units("WiFi  信号"), "w:wifi@0-4 信@6-9 +号@9-12");
	/* Letters with diacritics, Greek and Cyrillic stay in the word (only
	 * ASCII and full-width forms are folded). */
	assert_string_equal(units("Café Ωμέγα"), "w:café@0-5 w:Ωμέγα@6-16");
}

static void test_folding(void **state)
{
	(void)state;
	/* Full-width letters and digits, as Chinese input methods type them. */
	assert_string_equal(units("ＡＢＣ１"), "w:abc1@0-12");
	assert_string_equal(units("ａｂｃ０９"), "w:abc09@0-15");
	assert_string_equal(units("AbC1"), "w:abc1@0-4");
	assert_string_equal(units("Ｇ１０５国道"), "w:g105@0-12 国@12-15 +道@15-18");
	/* Full-width punctuation is not a letter: it separates. */
	assert_string_equal(units("ａ！ｂ"), "w:a@0-3 w:b@6-9");
}

static void test_separators(void **state)
{
	(void)state;
	/* Punctuation and spaces, ASCII or full-width, break the chain. */
	assert_string_equal(units("道路，维修"), "道@0-3 +路@3-6 维@9-12 +修@12-15");
	assert_string_equal(units("道路 维修"), "道@0-3 +路@3-6 维@7-10 +修@10-13");
	assert_string_equal(units("道路　维修"), "道@0-3 +路@3-6 维@9-12 +修@12-15");
	assert_string_equal(units("道路。维修"), "道@0-3 +路@3-6 维@9-12 +修@12-15");
	assert_string_equal(units("“路灯”"), "路@3-6 +灯@6-9");
	assert_string_equal(units("a-b_c.d"), "w:a@0-1 w:b@2-3 w:c@4-5 w:d@6-7");
	assert_string_equal(units("，。！ \t\n"), "");
	/* A word between two characters breaks it too. */
	assert_string_equal(units("路a灯"), "路@0-3 w:a@3-4 灯@4-7");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* A stray byte separates; nothing crashes or reads past the end. */
	assert_string_equal(units("道\xff路"), "道@0-3 路@4-7");
	assert_string_equal(units("abc\xff"
				  "def"),
			    "w:abc@0-3 w:def@4-7");
	/* A CJK character cut short at the end of the input. */
	assert_string_equal(units_n("道路", 5), "道@0-3");
	assert_string_equal(units_n("\xe8\xb7", 2), "");
	/* Overlong forms, surrogates, beyond U+10FFFF, lone continuation bytes. */
	assert_string_equal(units("\xc0\xaf\xe0\x80\xaf"), "");
	assert_string_equal(units("道\xed\xa0\x80路"), "道@0-3 路@6-9");
	assert_string_equal(units("\xf4\x90\x80\x80\x80\x80"), "");
	/* A lead byte whose continuation is missing, then a good character:
	 * the good character is found and not joined to anything before. */
	assert_string_equal(units("道\xe8路"), "道@0-3 路@4-7");
	assert_string_equal(units("\xf0\xe8\xb7\xaf\xe7\x81\xaf"), "路@1-4 +灯@4-7");
	/* NUL inside the length separates. */
	assert_string_equal(units_n("ab\0cd", 5), "w:ab@0-2 w:cd@3-5");
	assert_string_equal(units_n("道\0路", 7), "道@0-3 路@4-7");
}

static void test_long_word(void **state)
{
	char s[300];
	struct zh_unit u;
	size_t pos = 0;

	(void)state;
	/* A word is cut to ZH_WORD_MAX bytes of text; its offsets span it all. */
	memset(s, 'A', 200);
	s[200] = '\0';
	assert_true(zhtext_next(s, 200, &pos, &u));
	assert_int_equal(u.kind, ZH_WORD);
	assert_int_equal(u.len, ZH_WORD_MAX);
	assert_int_equal(u.start, 0);
	assert_int_equal(u.end, 200);
	assert_int_equal(u.text[0], 'a');
	assert_false(zhtext_next(s, 200, &pos, &u));
	/* Two-byte letters are never cut in half. */
	for (int i = 0; i < 45; i++)
		memcpy(s + 2 * i, "é", 2);
	s[90] = '\0';
	pos = 0;
	assert_true(zhtext_next(s, 90, &pos, &u));
	assert_int_equal(u.len, ZH_WORD_MAX);
	assert_true(str_utf8_valid(u.text, u.len));
	assert_int_equal(u.end, 90);
	/* Three-byte full-width letters fold to one byte each. */
	pos = 0;
	assert_true(zhtext_next("ＸＹＺ", strlen("ＸＹＺ"), &pos, &u));
	assert_string_equal(u.text, "xyz");
	assert_int_equal(u.end, 9);
}

static void test_resume_mid_text(void **state)
{
	const char *s = "修建道路，G1";
	struct zh_unit u;
	size_t pos = 3;

	(void)state;
	/* Starting after 修 (as a caller resuming would), 建 still knows it
	 * follows a character. */
	assert_true(zhtext_next(s, strlen(s), &pos, &u));
	assert_string_equal(u.text, "建");
	assert_true(u.joined);
	/* After the comma nothing is joined. */
	pos = 12;
	assert_true(zhtext_next(s, strlen(s), &pos, &u));
	assert_int_equal(u.kind, ZH_WORD);
	assert_string_equal(u.text, "g1");
	/* Starting on the first byte after a word: not joined. */
	pos = 2;
	assert_true(zhtext_next("G1路", strlen("G1路"), &pos, &u));
	assert_string_equal(u.text, "路");
	assert_false(u.joined);
}

static void test_searchable(void **state)
{
	(void)state;
	assert_true(zhtext_searchable("路", strlen("路")));
	assert_true(zhtext_searchable("a", 1));
	assert_true(zhtext_searchable("，，x", strlen("，，x")));
	assert_false(zhtext_searchable("", 0));
	assert_false(zhtext_searchable("，。！？ ", strlen("，。！？ ")));
	assert_false(zhtext_searchable("\"*^():-+", 8));
	assert_false(zhtext_searchable("\xff\xfe\x80", 3));
	/* Only the given length counts. */
	assert_false(zhtext_searchable("，路", 3));
}

static int sim(const char *a, const char *b)
{
	int x = zhtext_similarity(a, strlen(a), b, strlen(b));
	int y = zhtext_similarity(b, strlen(b), a, strlen(a));

	assert_int_equal(x, y); /* symmetric */
	assert_true(x >= 0 && x <= 1000);
	return x;
}

static void test_similarity(void **state)
{
	const char *a = "南关小学门口的路灯坏了三个月，晚上学生放学很不安全，希望尽快维修。";
	const char *near = "南关小学门口路灯坏了三个月了，晚上学生放学不安全，希望尽快修好。";
	const char *other = "东街菜市场周边排水不畅，下雨天积水严重，商户和居民出行困难。";

	(void)state;
	assert_int_equal(sim(a, a), 1000);
	assert_int_equal(sim("道路维修", "供水管网"), 0);
	assert_int_equal(sim("", ""), 0);
	assert_int_equal(sim("，。", "！"), 0);
	assert_int_equal(sim("路灯", ""), 0);
	/* Folding and punctuation do not matter. */
	assert_int_equal(sim("G105国道", "ｇ１０５，国道！"), 1000);
	/* A near duplicate scores high, an unrelated issue low. */
	assert_true(sim(a, near) >= 600);
	assert_true(sim(a, other) < 200);
	assert_true(sim(a, near) > sim(a, other));
	/* The same characters in another order share units but not pairs. */
	assert_int_equal(sim("路灯", "灯路"), 500); /* {路,灯,路灯} vs {灯,路,灯路}: 2/4 */
	assert_int_equal(sim("道路", "道"), 333);   /* {道,路,道路} vs {道}: 1/3 */
}

static void test_similarity_long(void **state)
{
	static char a[9000], b[9000];
	size_t n = 0;

	(void)state;
	/* Only the first 4,000 bytes count: texts that differ after them are
	 * alike, and a very long text costs no more than that. */
	while (n + 3 <= 6000) {
		memcpy(a + n, "路灯水渠学校" + (n % 18), 3);
		n += 3;
	}
	memcpy(b, a, n);
	for (size_t i = 4200; i + 3 <= n; i += 3)
		memcpy(b + i, "医", 3);
	assert_int_equal(zhtext_similarity(a, n, b, n), 1000);
	/* A cut inside a character at the 4,000th byte does not matter either. */
	assert_int_equal(zhtext_similarity(a + 1, n - 1, b + 1, n - 1), 1000);
	b[100] = 'x';
	assert_true(zhtext_similarity(a, n, b, n) < 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk_characters),	cmocka_unit_test(test_mixed_words),
		cmocka_unit_test(test_folding),		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_invalid_utf8),	cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_resume_mid_text), cmocka_unit_test(test_searchable),
		cmocka_unit_test(test_similarity),	cmocka_unit_test(test_similarity_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
