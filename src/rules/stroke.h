/*
 * stroke.h — ordering names by surname stroke count (姓氏笔画), the default
 * order of candidates on a ballot (RULES §7) and of delegate lists.
 *
 * Uses ICU's Chinese stroke collation ("zh@collation=stroke"): characters
 * with fewer strokes sort first. Ties (same surname key) are broken by the
 * whole name under the same collation, then by the original position, so
 * the order is total and stable. Common compound surnames (欧阳, 司马, …)
 * are taken as one surname.
 *
 * Caveat (see docs/rules.md): ICU's stroke counts come from Unicode's
 * kTotalStrokes and do not always match the mainland GB counts — 阝 is
 * counted as 3 strokes (陈 sorts with the 8-stroke characters, 郑 with the
 * 9-stroke ones), 黄 as 12; within one stroke count ICU orders by radical,
 * not by the first stroke (横竖撇点折).
 */
#ifndef RD_RULES_STROKE_H
#define RD_RULES_STROKE_H

#include <stddef.h>

#include "base/err.h"

/*
 * The length in bytes of the surname at the start of name: a compound
 * surname from the table in stroke.c, else the first UTF-8 character. 0 if
 * name is empty or does not start with valid UTF-8.
 */
size_t stroke_surname_len(const char *name);

/*
 * Sorts the n names (valid UTF-8, borrowed) by surname stroke count and
 * writes their indices in that order into order[0..n-1] (caller-provided,
 * n entries); names itself is not modified. RD_EINVAL (field "names") if a
 * name is NULL, empty or not valid UTF-8; RD_EUNAVAIL if ICU cannot open the
 * stroke collation; RD_ENOMEM. order is left in an unspecified state then.
 */
enum rd_err stroke_sort(const char *const *names, size_t n, size_t *order, struct rd_error *e);

#endif
