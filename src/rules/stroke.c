/*
 * stroke.c — surname stroke order via ICU; see stroke.h.
 *
 * The collator is opened per call and closed before returning: no hidden
 * state. Opening costs well under a millisecond once ICU's data is mapped.
 */
#include "rules/stroke.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>

#include "base/str.h"
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

static int order_cmp(const void *pa, const void *pb, void *arg)
{
	struct sort_ctx *c = arg;
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const char *a = c->names[ia], *b = c->names[ib];
	int r;

	/* RULES §7: ballot order by surname stroke count (姓氏笔画). */
	r = coll(c, a, c->surname_len[ia], b, c->surname_len[ib]);
	if (r == 0)
		r = coll(c, a, strlen(a), b, strlen(b));
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
