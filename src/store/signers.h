/*
 * signers.h — the signers of a joint item in the store: the proposer
 * (领衔代表) and the co-signers (附议/联名) of a motion (议案), an
 * interpellation (质询案) or a suggestion (建议). Each kind keeps its signers
 * in a table of its own (motion_signers, interpellation_signers,
 * suggestion_signers) of the same shape: the item, the delegate, the role
 * ('proposer' or 'co_signer') and the time signed (ms), one row per item and
 * delegate. The mechanics are the same for all three and live here; who may
 * sign and how many must (src/rules, the handlers) stay with each kind.
 *
 * The SQL of each kind is a constant chosen by `enum signers_of`; nothing
 * from the caller goes into it but bound parameters. Election nominations
 * (nomination_signers) are not served here: no roles, and the starter is not
 * a signer (store/elections.h).
 *
 * Every function runs inside a transaction the caller opened and returns
 * the store's error (RD_ESTORE, or RD_ECONFLICT for a broken constraint)
 * when a statement fails.
 */
#ifndef RD_STORE_SIGNERS_H
#define RD_STORE_SIGNERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

enum signers_of {
	SIGNERS_MOTION,		/* motion_signers, by motion_id */
	SIGNERS_INTERPELLATION, /* interpellation_signers, by interpellation_id */
	SIGNERS_SUGGESTION,	/* suggestion_signers, by suggestion_id */
};

/*
 * Adds delegate_id to the signers of item `item` with role ("proposer" or
 * "co_signer") at `at` (ms). RD_ECONFLICT, changing nothing, if the delegate
 * is among its signers already.
 */
enum rd_err signers_add(struct store_tx *tx, enum signers_of of, int64_t item, int64_t delegate_id,
			const char *role, int64_t at);

/*
 * Calls each for every signer of the item: the proposer first, then the
 * co-signers in the order they signed (the same moment: by delegate id),
 * with the delegate's name and status (sitting / suspended / terminated)
 * now. The strings live until each returns. Stops when each returns non-0.
 */
enum rd_err signers_each(struct store_tx *tx, enum signers_of of, int64_t item,
			 int (*each)(int64_t delegate_id, const char *name, const char *role,
				     const char *status, int64_t at, void *),
			 void *ctx);

/* How many have signed the item, and how many of them are sitting delegates now. */
enum rd_err signers_count(struct store_tx *tx, enum signers_of of, int64_t item, int64_t *all,
			  int64_t *sitting);

/*
 * The role of delegate_id among the item's signers, copied into role (size
 * rolesz, "proposer" or "co_signer"); RD_ENOTFOUND, with role "", if the
 * delegate has not signed it.
 */
enum rd_err signers_role(struct store_tx *tx, enum signers_of of, int64_t item, int64_t delegate_id,
			 char *role, size_t rolesz);

#endif
