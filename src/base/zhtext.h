/*
 * zhtext.h — cutting Chinese (and mixed) text into the units that search
 * and duplicate detection work on.
 *
 * Chinese has no spaces, and most queries are two-character words (道路,
 * 路灯, 学校), which a trigram index cannot find. So a run of CJK characters
 * is cut into single characters, and indexed as characters and character
 * pairs (bigrams); a run of letters and digits is one word, folded to
 * lower case (full-width forms to ASCII first). Everything else —
 * punctuation, spaces, symbols, bytes that are not UTF-8 — separates.
 */
#ifndef RD_BASE_ZHTEXT_H
#define RD_BASE_ZHTEXT_H

#include <stdbool.h>
#include <stddef.h>

enum zh_kind { ZH_CJK, ZH_WORD };

/* ZH_WORD text is folded and cut to this many bytes; the offsets still span
 * the whole word. */
#define ZH_WORD_MAX 64

struct zh_unit {
	enum zh_kind kind;
	size_t start, end; /* byte offsets in the input */
	char text[ZH_WORD_MAX + 1];
	size_t len;  /* bytes in text */
	bool joined; /* a CJK unit that directly follows another (a bigram with it) */
};

/*
 * Reads the unit at or after *pos in s[0..n): true and *u filled, *pos moved
 * past it; false at the end. A CJK unit is one character; its `joined` flag
 * says whether the previous unit was a CJK character with nothing between.
 */
bool zhtext_next(const char *s, size_t n, size_t *pos, struct zh_unit *u);

/* True if s holds at least one unit (something a search can look for). */
bool zhtext_searchable(const char *s, size_t n);

/*
 * How alike two texts are, 0 to 1000: the Jaccard index of their sets of
 * units and CJK bigrams, per mille. Texts longer than 4,000 bytes are
 * compared on their first 4,000. Two texts without units score 0.
 */
int zhtext_similarity(const char *a, size_t na, const char *b, size_t nb);

#endif
