/*
 * zhtext.c — units of Chinese text for search and duplicate detection
 * (see zhtext.h).
 */
#include "base/zhtext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define SIMILARITY_BYTES 4000

/* Decodes one UTF-8 code point at s[i]: its value and length, or -1 (and
 * length 1) for a byte that does not start a valid, shortest-form sequence. */
static int32_t decode(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	unsigned c = s[i];
	size_t need;
	int32_t cp, min;

	*len = 1;
	if (c < 0x80)
		return (int32_t)c;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1, cp = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2, cp = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3, cp = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (n - i <= need)
		return -1;
	for (size_t k = 1; k <= need; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i + k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need + 1;
	return cp;
}

/* Ideographs (unified, extension A, compatibility, extensions B and on),
 * kana and Hangul syllables: written without spaces, cut per character. */
static bool is_cjk(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
	       (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) || cp == 0x3007;
}

/* A letter or digit of a word, folded: ASCII lower case, full-width forms
 * (Ａ-Ｚ ａ-ｚ ０-９, as Chinese input methods type them) to ASCII. Other
 * scripts' letters are kept as they are. 0 if cp is not part of a word. */
static int32_t word_char(int32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return cp - 0xFF10 + '0';
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return cp - 0xFF21 + 'a';
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return cp - 0xFF41 + 'a';
	if (cp >= 'A' && cp <= 'Z')
		return cp - 'A' + 'a';
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return cp;
	/* Latin letters with diacritics, Greek, Cyrillic: one word. */
	if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F))
		return cp;
	return 0;
}

static size_t encode(int32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool zhtext_next(const char *s, size_t n, size_t *pos, struct zh_unit *u)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t i = *pos, len;
	bool after_cjk = false;
	int32_t cp;

	while (i < n) {
		cp = decode(b, n, i, &len);
		if (cp >= 0 && is_cjk(cp)) {
			/* Joined when the unit before ended exactly here and was
			 * CJK: the caller passes back the position it left, and we
			 * look one character back. */
			if (i == *pos && i > 0) {
				size_t back = i - 1, blen;

				while (back > 0 && (b[back] & 0xC0) == 0x80 && i - back < 4)
					back--;
				int32_t prev = decode(b, n, back, &blen);

				after_cjk = prev >= 0 && back + blen == i && is_cjk(prev);
			}
			u->kind = ZH_CJK;
			u->start = i;
			u->end = i + len;
			memcpy(u->text, s + i, len);
			u->text[len] = '\0';
			u->len = len;
			u->joined = after_cjk;
			*pos = i + len;
			return true;
		}
		if (cp > 0 && word_char(cp)) {
			u->kind = ZH_WORD;
			u->start = i;
			u->len = 0;
			u->joined = false;
			while (i < n) {
				int32_t c = decode(b, n, i, &len), w;
				char tmp[4];
				size_t k;

				if (c <= 0 || is_cjk(c) || !(w = word_char(c)))
					break;
				k = encode(w, tmp);
				if (u->len + k <= ZH_WORD_MAX) {
					memcpy(u->text + u->len, tmp, k);
					u->len += k;
				}
				i += len;
			}
			u->text[u->len] = '\0';
			u->end = i;
			*pos = i;
			return true;
		}
		i += len;
	}
	*pos = n;
	return false;
}

bool zhtext_searchable(const char *s, size_t n)
{
	struct zh_unit u;
	size_t pos = 0;

	return zhtext_next(s, n, &pos, &u);
}

/* FNV-1a, 64 bits: feature identities for the set comparison. */
static uint64_t fnv(const char *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The sorted, distinct features of s: every unit, and every CJK pair.
 * Returns how many; out holds room for 2 * SIMILARITY_BYTES. */
static size_t features(const char *s, size_t n, uint64_t *out)
{
	struct zh_unit u, prev = {0};
	size_t pos = 0, k = 0, m = 0;

	if (n > SIMILARITY_BYTES)
		n = SIMILARITY_BYTES;
	while (zhtext_next(s, n, &pos, &u)) {
		uint64_t h = fnv(u.text, u.len, 0xcbf29ce484222325ULL);

		out[k++] = h;
		if (u.kind == ZH_CJK && u.joined && prev.kind == ZH_CJK)
			out[k++] =
				fnv(u.text, u.len, fnv(prev.text, prev.len, 0x84222325cbf29ce4ULL));
		prev = u;
	}
	qsort(out, k, sizeof(*out), cmp_u64);
	for (size_t i = 0; i < k; i++)
		if (m == 0 || out[m - 1] != out[i])
			out[m++] = out[i];
	return m;
}

int zhtext_similarity(const char *a, size_t na, const char *b, size_t nb)
{
	uint64_t *fa = malloc(2 * SIMILARITY_BYTES * sizeof(uint64_t));
	uint64_t *fb = malloc(2 * SIMILARITY_BYTES * sizeof(uint64_t));
	size_t ka, kb, i = 0, j = 0, both = 0;
	int score = 0;

	if (!fa || !fb)
		goto out;
	ka = features(a, na, fa);
	kb = features(b, nb, fb);
	if (ka + kb == 0)
		goto out;
	while (i < ka && j < kb) {
		if (fa[i] == fb[j])
			both++, i++, j++;
		else if (fa[i] < fb[j])
			i++;
		else
			j++;
	}
	score = (int)(both * 1000 / (ka + kb - both));
out:
	free(fa);
	free(fb);
	return score;
}
