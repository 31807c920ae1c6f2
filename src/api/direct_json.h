/*
 * direct_json.h — the JSON form of one constituency's round of a direct
 * election (rules/direct.h): the recorded figures in, the decision out.
 * Kept out of src/rules. Used by the API (api/direct.c) and the golden cases
 * of tests/unit/test_rules_direct.c (tests/rules/direct/, one JSON file per case).
 *
 * Input:
 *   {"round": "first", "seats": 1, "voters": 1000,
 *    "ballots_issued": 900, "ballots_returned": 880,
 *    "roving": {"issued": 40, "returned": 38},
 *    "proxies": [{"holder": "0123", "principals": 2}],
 *    "candidates": ["甲", "乙"],
 *    "counts": {"void": 10, "votes": {"甲": 600, "乙": 270}},
 *    "keep_unfilled_vacant": true}
 * round defaults to "first", roving to zeros, proxies to none,
 * keep_unfilled_vacant to true; unknown fields are refused.
 *
 * Output: the tally of spec/tally.md ({valid, reason, ballots, threshold,
 * results, elected, tie, unfilled}) plus {turnout: {voters, returned,
 * needed, met}, roving: {issued, returned, more_returned}, proxies:
 * {holders, ballots}, margin: null | {status, reason, message}, next,
 * re_election_seats, vacant}.
 */
#ifndef RD_API_DIRECT_JSON_H
#define RD_API_DIRECT_JSON_H

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "rules/direct.h"

/*
 * Reads the figures of `root` into *in; strings are copied into arena a.
 * Checks the shape only (types, unknown fields); the rules check the rest.
 * RD_EINVAL with the field, RD_ENOMEM.
 */
enum rd_err direct_json_parse(json_t *root, struct arena *a, struct direct_input *in,
			      struct rd_error *e);

/* The decision of in as a new JSON object (the caller owns it), NULL on
 * ENOMEM. */
json_t *direct_json_result(const struct direct_input *in, const struct direct_result *r);

#endif
