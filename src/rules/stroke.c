/*
 * stroke.c — surname stroke order (姓氏笔画); see stroke.h.
 *
 * The order of two characters (char_cmp): a character in the generated table
 * (build/gen/stroke_table.h, scripts/gen-strokes.py) before one that is not;
 * two in the table by their key — stroke count (Unihan kTotalStrokes, zh-Hans)
 * in the top byte, then the first 10 strokes in 横竖撇点折 order — then, if the
 * keys are equal (己 已 巳 are all 乛一乛), by ICU's "zh@collation=stroke",
 * then by code point; two outside the table by ICU, then by code point. Each
 * step is a total preorder of characters and the last one separates any two
 * different characters, so the order of characters is total, and names
 * compared character by character (a prefix first) are totally ordered too.
 *
 * The ICU collator is opened per call and closed before returning: no hidden
 * state. Opening costs well under a millisecond once ICU's data is mapped.
 */
#include "rules/stroke.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>

#include "base/str.h"
#include "stroke_table.h" /* generated: build/gen/, see the Makefile */
#include "base/banned.h"

/* Compound surnames (复姓) taken as one surname; data, not code. */
static const char *const compound_surnames[] = {
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
	"宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门",
	"澹台", "申屠", "呼延", "赫连", "淳于", "百里", "万俟", "闻人", "东郭", "公冶",
};

struct sort_ctx {
	UCollator *coll;
	const char *const *names;
	const size_t *surname_len;
	bool failed;
};

static size_t utf8_char_len(const unsigned char *p, size_t n)
{
	size_t len;

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		len = 1;
	else if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n || !str_utf8_valid((const char *)p, len))
		return 0;
	return len;
}

/* The code point of the valid UTF-8 character of len bytes at p. */
static uint32_t utf8_decode(const unsigned char *p, size_t len)
{
	uint32_t cp;

	if (len == 1)
		return p[0];
	cp = p[0] & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

/* The table key of cp (stroke count << 24 | first strokes), 0 if not in it. */
static uint32_t stroke_key(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(stroke_runs) / sizeof(stroke_runs[0]); i++)
		if (cp >= stroke_runs[i].first && cp <= stroke_runs[i].last)
			return stroke_runs[i].key[cp - stroke_runs[i].first];
	return 0;
}

unsigned stroke_count(const char *ch)
{
	size_t len = ch ? utf8_char_len((const unsigned char *)ch, strlen(ch)) : 0;

	if (len == 0)
		return 0;
	return stroke_key(utf8_decode((const unsigned char *)ch, len)) >> 24;
}

size_t stroke_surname_len(const char *name)
{
	size_t n;

	if (!name || !name[0])
		return 0;
	n = strlen(name);
	for (size_t i = 0; i < sizeof(compound_surnames) / sizeof(compound_surnames[0]); i++) {
		size_t k = strlen(compound_surnames[i]);

		if (k < n && memcmp(name, compound_surnames[i], k) == 0)
			return k;
	}
	return utf8_char_len((const unsigned char *)name, n);
}

static int coll(struct sort_ctx *c, const char *a, size_t alen, const char *b, size_t blen)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(c->coll, a, (int32_t)alen, b, (int32_t)blen, &st);

	if (U_FAILURE(st))
		c->failed = true;
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER;
}

/* The order of the characters a[0..alen) and b[0..blen); see the top of the file. */
static int char_cmp(struct sort_ctx *c, const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t ca = utf8_decode((const unsigned char *)a, alen);
	uint32_t cb = utf8_decode((const unsigned char *)b, blen);
	uint32_t ka, kb;
	int r;

	if (ca == cb)
		return 0;
	ka = stroke_key(ca);
	kb = stroke_key(cb);
	/* Not in the table: after every character that is (the key of one in
	 * the table is below UINT32_MAX, its count being below 255). */
	ka = ka ? ka : UINT32_MAX;
	kb = kb ? kb : UINT32_MAX;
	if (ka != kb)
		return ka < kb ? -1 : 1;
	r = coll(c, a, alen, b, blen);
	if (r == 0)
		r = ca < cb ? -1 : 1;
	return r;
}

/* The order of two valid UTF-8 strings, character by character; a prefix first. */
static int text_cmp(struct sort_ctx *c, const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		size_t la = utf8_char_len((const unsigned char *)a + i, alen - i);
		size_t lb = utf8_char_len((const unsigned char *)b + j, blen - j);
		int r;

		if (la == 0 || lb == 0) { /* not reached: stroke_sort checked the names */
			c->failed = true;
			return 0;
		}
		r = char_cmp(c, a + i, la, b + j, lb);
		if (r != 0)
			return r;
		i += la;
		j += lb;
	}
	return (i < alen) - (j < blen);
}

static int order_cmp(const void *pa, const void *pb, void *arg)
{
	struct sort_ctx *c = arg;
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const char *a = c->names[ia], *b = c->names[ib];
	int r;

	/* RULES §7: ballot order by surname stroke count (姓氏笔画): the
	 * surname first (a compound one character by character), then the whole
	 * name; equal names keep their positions. */
	r = text_cmp(c, a, c->surname_len[ia], b, c->surname_len[ib]);
	if (r == 0)
		r = text_cmp(c, a, strlen(a), b, strlen(b));
	if (r == 0)
		r = ia < ib ? -1 : ia > ib;
	return r;
}

enum rd_err stroke_sort(const char *const *names, size_t n, size_t *order, struct rd_error *e)
{
	UErrorCode st = U_ZERO_ERROR;
	struct sort_ctx ctx = {0};
	size_t *lens = NULL;
	enum rd_err rc = RD_OK;

	for (size_t i = 0; i < n; i++) {
		size_t len = names[i] ? strlen(names[i]) : 0;

		if (len == 0 || len > INT32_MAX || !str_utf8_valid(names[i], len))
			return rd_fail(e, RD_EINVAL, "names",
				       "name %zu is empty or not valid UTF-8", i);
		order[i] = i;
	}
	if (n < 2)
		return RD_OK;
	lens = calloc(n, sizeof(*lens));
	if (!lens) {
		rc = rd_fail(e, RD_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		lens[i] = stroke_surname_len(names[i]);
	ctx.coll = ucol_open("zh@collation=stroke", &st);
	if (U_FAILURE(st) || !ctx.coll) {
		rc = rd_fail(e, RD_EUNAVAIL, NULL, "ICU stroke collation unavailable: %s",
			     u_errorName(st));
		goto out;
	}
	ctx.names = names;
	ctx.surname_len = lens;
	qsort_r(order, n, sizeof(*order), order_cmp, &ctx);
	if (ctx.failed)
		rc = rd_fail(e, RD_EINTERNAL, "names", "ICU could not compare two names");
out:
	if (ctx.coll)
		ucol_close(ctx.coll);
	free(lens);
	return rc;
}
