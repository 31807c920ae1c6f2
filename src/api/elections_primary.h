/*
 * elections_primary.h — the hooks of the primary (预选) into the election
 * flow of elections.c: closing a primary round decides it with
 * rules/primary.c, and the first round takes the formal list fixed from
 * the primary, in its vote order (LOL art. 27(1); RULES §7 "Ballot order").
 */
#ifndef RD_API_ELECTIONS_PRIMARY_H
#define RD_API_ELECTIONS_PRIMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "store/elections.h"

/* True if r is a primary round (kind "primary"). */
bool elections_is_primary(const struct round *r);

/*
 * Decides primary round r, which the caller has just moved to closed inside
 * tx: the ballots in the box counted by primary_decide, the decision stored
 * with the totals (round_set_counts), an audit entry with the totals only.
 */
enum rd_err elections_primary_close(struct store_tx *tx, struct request *req, const struct round *r,
				    struct rd_error *err);

/*
 * The formal list of the election, if one was fixed from a primary: *fixed
 * is set and names[0..*n) (copied into a) are the list in vote order; else
 * *fixed is false and names is untouched. At most max names.
 */
enum rd_err elections_formal_list(struct store_tx *tx, int64_t election_id, struct arena *a,
				  const char **names, size_t max, size_t *n, bool *fixed);

#endif
