/*
 * elections.h — what the election files of src/api share (elections.c,
 * elections_nominations.c, elections_paper.c, elections_count.c,
 * elections_pdf.c), and the recount that `renda verify` uses.
 */
#ifndef RD_API_ELECTIONS_H
#define RD_API_ELECTIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "rules/tally.h"
#include "store/elections.h"

/* Appends an audit entry "kind:id" for req's caller; consumes detail. */
enum rd_err elections_audit(struct store_tx *tx, struct request *req, const char *action,
			    const char *kind, int64_t id, json_t *detail);

/* True if s is a name as a ballot holds it: 1–32 characters of UTF-8. */
bool elections_name_ok(const char *s);

/*
 * Builds the tally input of round r from what is recorded for it: the
 * electronic ballots in the box, or for a paper round the readings both
 * tellers agree on (or the chief scrutineer settled), or the tellers'
 * checked totals; electorate, issued and returned as given. Everything *in
 * points to lives in arena a (and in r). RD_ECONFLICT with the field at
 * fault if a paper count is incomplete or unsettled ("entries",
 * "disagreements", "totals"); RD_EINTERNAL if a stored ballot is unreadable.
 */
enum rd_err elections_round_input(struct store_tx *tx, const struct round *r, int64_t electorate,
				  int64_t issued, int64_t returned, struct arena *a,
				  struct tally_input *in, struct rd_error *err);

/*
 * Checks one announced round as `renda verify` does: the Ed25519 signature
 * of the stored announcement against pk, and the decision recomputed by
 * tally_decide from the recorded ballots or counts against both the stored
 * decision and the one announced. RD_OK if all agree; otherwise RD_ECONFLICT
 * with a one-line reason in err->message.
 */
enum rd_err elections_verify_round(struct store_tx *tx, int64_t round_id,
				   const unsigned char pk[32], struct rd_error *err);

/* The same for an announced round of a direct election (direct.c): the
 * signature over the announcement, and the decision recomputed by the rules
 * from the recorded figures against the stored and the announced one. */
enum rd_err direct_verify_round(struct store_tx *tx, int64_t round_id, const unsigned char pk[32],
				struct rd_error *err);

#endif
