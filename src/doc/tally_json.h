/*
 * tally_json.h — the JSON form of a tally (spec/tally.md), kept out of
 * src/rules: parsing the input into a struct tally_input, and printing a
 * struct tally_result. Used by `renda tally`, the API and the fuzz target.
 */
#ifndef RD_DOC_TALLY_JSON_H
#define RD_DOC_TALLY_JSON_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "rules/tally.h"

/* Largest input accepted, in bytes. */
#define TALLY_JSON_MAX ((size_t)64 << 20)

/*
 * Parses len bytes of JSON into *in. Every string and array *in points to is
 * copied into arena a, so the bytes may be freed at once; *in lives as long
 * as the arena. Checks the shape only (types, required and unknown fields,
 * list sizes); the rules are checked by tally_validate / tally_decide.
 * RD_EINVAL with the field ("json" when not JSON at all), RD_ETOOBIG when
 * over TALLY_JSON_MAX, RD_ENOMEM when the arena is exhausted.
 */
enum rd_err tally_json_parse(const char *data, size_t len, struct arena *a, struct tally_input *in,
			     struct rd_error *e);

/*
 * Appends the JSON of r (followed by a newline) to out. Returns the buffer's
 * error (RD_OK, RD_ETOOBIG, RD_ENOMEM) or RD_ENOMEM from jansson.
 */
enum rd_err tally_json_format(const struct tally_result *r, struct buf *out);

#endif
