/*
 * primary.h — the primary (预选) that narrows the nominees to the formal
 * candidate list when there are more of them than the margin of the
 * election rules allows (LOL art. 27(1); EL art. 31, 32; RULES §7).
 *
 * LOL art. 27(1): 如果提名的候选人数超过选举办法规定的差额数，…进行预选，
 * 根据在预选中得票多少的顺序，按照选举办法规定的差额数，确定正式候选人名单.
 * EL art. 32(2) says the same of the higher-congress delegates.
 *
 * So the formal list has `places` names — the seats plus the margin the
 * election rules fix (primary_places) — taken in the order of the primary's
 * votes. There is no threshold: the most votes go first. What the law does
 * not settle, and what renda does (docs/rules.md):
 * - A tie across the cut-off (the last place and the first one out have as
 *   many votes): only the tied nominees are voted on again for the places
 *   left (a further primary), by analogy with LOL art. 29(1), EL art. 45(3).
 * - Equal votes above the cut-off: the nominees keep their ballot order
 *   (surname strokes), as Beijing's direct-election rules art. 43 orders a
 *   list fixed by a primary (票数相等的，按姓名笔划顺序排列).
 * - A ballot supporting more nominees than there are places is void, as a
 *   ballot choosing more persons than seats is (EL art. 44(2)); a ballot
 *   with write-ins is malformed (a primary is among the nominees only).
 * - More ballots returned than issued voids the primary (EL art. 44(1)).
 *
 * Pure: no I/O, no globals; names are borrowed from the input, arrays come
 * from the caller's arena.
 */
#ifndef RD_RULES_PRIMARY_H
#define RD_RULES_PRIMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "rules/ballot.h"
#include "rules/margins.h"

/*
 * The number of places on the formal list: `requested` if it is not 0, else
 * the most the configured margin allows (seats + max_extra). It must lie in
 * the configured margin [seats + min_extra, seats + max_extra] (LOL art.
 * 27(1): 按照选举办法规定的差额数) and be fewer than the nominees (else
 * there is nothing to narrow). RD_EINVAL with field "places" (or "seats",
 * "margin.*", "nominees") otherwise; *out is then 0.
 */
enum rd_err primary_places(int64_t seats, const struct margin_config *cfg, int64_t nominees,
			   int64_t requested, int64_t *out, struct rd_error *e);

struct primary_input {
	int64_t places;		     /* names to take onto the formal list, >= 1 */
	int64_t ballots_issued;	     /* 发出选票 */
	int64_t ballots_returned;    /* 收回选票 */
	const char *const *nominees; /* in ballot order (surname strokes) */
	size_t n_nominees;	     /* more than places */
	/* exactly one of: */
	bool have_ballots;
	const struct ballot *ballots; /* yes = supported; n_ballots == returned */
	size_t n_ballots;
	bool have_counts;
	int64_t void_count;   /* void ballots */
	const int64_t *votes; /* votes[i]: nominees[i]'s support */
};

struct primary_row {
	const char *name; /* borrowed from the input */
	int64_t votes;
	bool formal; /* on the formal list outright */
	bool tied;   /* tied across the cut-off: voted on again */
};

enum primary_void_reason {
	PRIMARY_VOID_NONE = 0,
	PRIMARY_VOID_MORE_RETURNED, /* more ballots returned than issued (EL art. 44(1)) */
};

struct primary_result {
	bool valid; /* false: held again as it was */
	enum primary_void_reason reason;
	int64_t issued, returned;
	int64_t valid_ballots, void_ballots;
	int64_t places;
	struct primary_row *rows; /* every nominee, most votes first (none when void) */
	size_t n_rows;
	const char **formal; /* outright on the formal list, in vote order */
	size_t n_formal;
	const char **tie; /* tied across the cut-off, in row order; n_tie == 0: none */
	size_t n_tie;
	int64_t tie_places; /* places left for the tied: places - n_formal */
};

/* "more_returned_than_issued", or NULL for PRIMARY_VOID_NONE. */
const char *primary_void_reason_name(enum primary_void_reason r);

/*
 * Checks the input: places in [1, n_nominees - 1], nominees non-empty and
 * distinct, counts in range, exactly one of ballots and counts; ballots
 * name only nominees and have no write-ins; counts: void <= returned, each
 * nominee's votes <= valid ballots, their sum <= valid x places. RD_EINVAL
 * with the field ("places", "nominees", "ballots[2].write_in",
 * "counts.votes", ...) otherwise.
 */
enum rd_err primary_validate(const struct primary_input *in, struct rd_error *e);

/*
 * Decides the primary: validates (RD_EINVAL, *out zeroed), counts, orders
 * every nominee by votes (equal votes keep the nominee order) and takes the
 * first `places`, unless a tie crosses the cut-off: then those above it are
 * on the list and the tied go to a further primary for tie_places places.
 * Arrays from arena a, names borrowed from in. RD_ENOMEM if a is exhausted.
 */
enum rd_err primary_decide(const struct primary_input *in, struct arena *a,
			   struct primary_result *out, struct rd_error *e);

#endif
