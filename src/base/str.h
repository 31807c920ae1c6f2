/*
 * str.h — safe string helpers: bounded copies, integer parsing, slices.
 *
 * These replace the functions banned.h forbids. A slice is a pointer and a
 * length into someone else's memory; parsers work on slices so that nothing
 * relies on a terminator the input may not have.
 */
#ifndef RD_BASE_STR_H
#define RD_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct slice {
	const char *p;
	size_t n;
};

/* Copies src into dst (size dstsz, > 0), always terminating; returns true
 * if it fit, false if it was truncated. */
bool str_copy(char *dst, size_t dstsz, const char *src);

/* Like str_copy, but the result is always valid UTF-8: a cut falls on a
 * character boundary, and bytes that are not UTF-8 (or NUL) become '?'.
 * For echoing untrusted text back in an error message. */
void str_copy_utf8(char *dst, size_t dstsz, const char *src, size_t n);

/* Parses a whole decimal integer in [min, max]; leading '+' or '-' allowed,
 * no spaces, no trailing bytes. RD_EINVAL if not a number or out of range. */
enum rd_err str_to_i64(const char *s, size_t n, int64_t min, int64_t max, int64_t *out);

/* True if the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF) and contain no NUL. */
bool str_utf8_valid(const char *s, size_t n);

/* Number of code points in valid UTF-8. */
size_t str_utf8_len(const char *s, size_t n);

/* Slice equality with a C string. */
bool slice_eq(struct slice a, const char *s);

/* Constant-time comparison of two equal-length byte strings. */
bool str_ct_equal(const void *a, const void *b, size_t n);

#endif
