/*
 * stroke.h — ordering names by surname stroke count (姓氏笔画), the default
 * order of candidates on a ballot (RULES §7) and of delegate lists.
 *
 * The mainland order: by the surname's stroke count (简体字笔画数: 陈 7, 郑 8,
 * 黄 11), then by its strokes in writing order, first stroke first, in the
 * classes 横 丨竖 丿撇 丶点 乛折 (王 一 before 毛 丿 among the 4-stroke
 * surnames; 李 一 before 张 乛); a compound surname (欧阳, 司马, …) character
 * by character. Ties (same surname) are broken by the whole name under the
 * same order, then by the original position, so the order is total and
 * stable. Counts and strokes come from a table generated at build time from
 * Debian's unicode-data (Unihan kTotalStrokes, zh-Hans) and rime-data-stroke
 * (scripts/gen-strokes.py). Characters outside the table (Latin letters,
 * punctuation) sort after those in it, among themselves by ICU's Chinese
 * stroke collation ("zh@collation=stroke"), which also separates two
 * characters whose count and first 10 strokes agree.
 *
 * Caveats in docs/rules.md ("Stroke order").
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
 * The mainland (zh-Hans) stroke count of the first character of ch (UTF-8):
 * 陈 7, 黄 11. 0 if ch is NULL, empty, not valid UTF-8, or its first
 * character is not in the table (not a CJK ideograph).
 */
unsigned stroke_count(const char *ch);

/*
 * Sorts the n names (valid UTF-8, borrowed) in surname stroke order and
 * writes their indices in that order into order[0..n-1] (caller-provided,
 * n entries); names itself is not modified. RD_EINVAL (field "names") if a
 * name is NULL, empty or not valid UTF-8; RD_EUNAVAIL if ICU cannot open the
 * stroke collation; RD_ENOMEM. order is left in an unspecified state then.
 */
enum rd_err stroke_sort(const char *const *names, size_t n, size_t *order, struct rd_error *e);

#endif
