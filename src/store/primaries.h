/*
 * primaries.h — the primary (预选) in the store: primary rounds and the
 * formal candidate list fixed from them (LOL art. 27(1), EL art. 32).
 *
 * A primary is a row of `rounds` with stage 'primary' (migration 10):
 * round_get() reports its kind as "primary" (parent_id 0: among all the
 * nominees; otherwise a further primary among those tied at the cut-off of
 * the parent), and its ballots, register and receipts are those of any
 * secret round (store/elections.h). The formal list is its own table, in
 * vote order.
 */
#ifndef RD_STORE_PRIMARIES_H
#define RD_STORE_PRIMARIES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/elections.h"
#include "store/store.h"

/*
 * Creates the primary round r (election_id, plenary_id, parent_id, seats =
 * the places, names in ballot order), electronic, in state draft. r->id and
 * r->state are set.
 */
enum rd_err primary_round_create(struct store_tx *tx, struct round *r);

/* Stores the formal list of the election (names in vote order with their
 * primary votes); RD_ECONFLICT if one is stored already. */
enum rd_err primary_formal_set(struct store_tx *tx, int64_t election_id, const char *const *names,
			       const int64_t *votes, size_t n);

/* Calls each with the formal list in order; *n (if given) is how many. */
enum rd_err primary_formal_each(struct store_tx *tx, int64_t election_id,
				int (*each)(const char *name, int64_t votes, void *), void *ctx,
				size_t *n);

#endif
