/*
 * signers.h — what the handlers of joint items share about their signers
 * (src/api/motions.c, interpellations.c, suggestions.c): the caller's place
 * among them, a co-signature, and the signer list as JSON. The store side is
 * store/signers.h. Who may sign, when, and how many must, stay with each
 * kind's handler and its rules (src/rules).
 */
#ifndef RD_API_SIGNERS_H
#define RD_API_SIGNERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/signers.h"

/* The caller as a delegate of an item's term, and as one of its signers. */
struct signers_caller {
	int64_t delegate_id; /* the caller's delegate record in the item's term, else 0 */
	bool sitting;	     /* ... and it is sitting now */
	char role[16];	     /* proposer / co_signer; "" if the caller has not signed */
};

/*
 * Fills out for the account user_id and item `item` of term term_id. An
 * account that is no delegate of the term gives delegate_id 0 and RD_OK;
 * other errors are the store's.
 */
enum rd_err signers_caller_find(struct store_tx *tx, enum signers_of of, int64_t item,
				int64_t term_id, int64_t user_id, struct signers_caller *out);

/*
 * Signs the item for delegate_id as a co-signer, now. Each delegate signs
 * once (LOL art. 22(2), art. 24(1)): a second time is RD_ECONFLICT with err
 * naming "id" and saying so for the kind.
 */
enum rd_err signers_cosign(struct store_tx *tx, enum signers_of of, int64_t item,
			   int64_t delegate_id, struct rd_error *err);

/*
 * Appends the item's signers, in store order (signers_each), to arr as
 * {delegate_id, name, role, status, at}; a suggestion's as {delegate_id,
 * name, role}, the shape its clients have always had.
 */
enum rd_err signers_json(struct store_tx *tx, enum signers_of of, int64_t item, json_t *arr);

#endif
