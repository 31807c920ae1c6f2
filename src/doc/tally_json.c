/*
 * tally_json.c — JSON in and out for tallies; see tally_json.h.
 *
 * Validation at the edge: every top-level field and every field of a ballot
 * or of counts is declared below; anything else is refused by name. Numbers
 * must be JSON integers; names must be non-empty strings of bounded length.
 */
#include "doc/tally_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/banned.h"

#define MAX_NAMES 10000 /* candidates, or names on one ballot list */
#define MAX_NAME  1024	/* bytes in one name */

static const char *const top_fields[] = {
	"kind",	      "round",		"office",	    "seats",
	"electorate", "ballots_issued", "ballots_returned", "candidates",
	"ballots",    "counts",
};

static enum rd_err get_int(json_t *v, const char *field, int64_t *out, struct rd_error *e)
{
	if (!json_is_integer(v))
		return rd_fail(e, RD_EINVAL, field, "must be an integer");
	*out = (int64_t)json_integer_value(v);
	return RD_OK;
}

static enum rd_err get_name(json_t *v, const char *field, struct arena *a, const char **out,
			    struct rd_error *e)
{
	size_t n;

	if (!json_is_string(v))
		return rd_fail(e, RD_EINVAL, field, "a name must be a string");
	n = json_string_length(v);
	if (n == 0)
		return rd_fail(e, RD_EINVAL, field, "a name must not be empty");
	if (n > MAX_NAME)
		return rd_fail(e, RD_EINVAL, field, "a name is longer than %d bytes", MAX_NAME);
	if (memchr(json_string_value(v), '\0', n))
		return rd_fail(e, RD_EINVAL, field, "a name must not contain NUL");
	*out = arena_strndup(a, json_string_value(v), n);
	if (!*out)
		return rd_fail(e, RD_ENOMEM, field, "out of memory");
	return RD_OK;
}

/* Reads an array of names; a missing (NULL) array is an empty list. */
static enum rd_err get_names(json_t *v, const char *field, struct arena *a, const char *const **out,
			     size_t *n, struct rd_error *e)
{
	const char **names;
	size_t len;
	enum rd_err rc;

	*out = NULL;
	*n = 0;
	if (!v)
		return RD_OK;
	if (!json_is_array(v))
		return rd_fail(e, RD_EINVAL, field, "must be an array of names");
	len = json_array_size(v);
	if (len > MAX_NAMES)
		return rd_fail(e, RD_EINVAL, field, "more than %d names", MAX_NAMES);
	names = arena_alloc(a, (len ? len : 1) * sizeof(*names));
	if (!names)
		return rd_fail(e, RD_ENOMEM, field, "out of memory");
	for (size_t i = 0; i < len; i++) {
		rc = get_name(json_array_get(v, i), field, a, &names[i], e);
		if (rc != RD_OK)
			return rc;
	}
	*out = names;
	*n = len;
	return RD_OK;
}

static enum rd_err parse_ballot(json_t *v, size_t index, struct arena *a, struct ballot *b,
				struct rd_error *e)
{
	char field[64];
	const char *key;
	json_t *val;
	enum rd_err rc;

	snprintf(field, sizeof(field), "ballots[%zu]", index);
	if (!json_is_object(v))
		return rd_fail(e, RD_EINVAL, field, "a ballot must be an object");
	json_object_foreach(v, key, val)
	{
		if (strcmp(key, "yes") != 0 && strcmp(key, "no") != 0 &&
		    strcmp(key, "write_in") != 0 && strcmp(key, "void") != 0) {
			snprintf(field, sizeof(field), "ballots[%zu].%.32s", index, key);
			return rd_fail(e, RD_EINVAL, field,
				       "unknown field (a ballot has yes, no, write_in, void)");
		}
	}
	snprintf(field, sizeof(field), "ballots[%zu].yes", index);
	rc = get_names(json_object_get(v, "yes"), field, a, &b->yes, &b->n_yes, e);
	if (rc != RD_OK)
		return rc;
	snprintf(field, sizeof(field), "ballots[%zu].no", index);
	rc = get_names(json_object_get(v, "no"), field, a, &b->no, &b->n_no, e);
	if (rc != RD_OK)
		return rc;
	snprintf(field, sizeof(field), "ballots[%zu].write_in", index);
	rc = get_names(json_object_get(v, "write_in"), field, a, &b->write_in, &b->n_write_in, e);
	if (rc != RD_OK)
		return rc;
	val = json_object_get(v, "void");
	if (val) {
		snprintf(field, sizeof(field), "ballots[%zu].void", index);
		if (!json_is_boolean(val))
			return rd_fail(e, RD_EINVAL, field, "must be true or false");
		b->marked_void = json_is_true(val);
	}
	return RD_OK;
}

static enum rd_err parse_ballots(json_t *v, struct arena *a, struct tally_input *in,
				 struct rd_error *e)
{
	struct ballot *ballots;
	size_t n;
	enum rd_err rc;

	if (!json_is_array(v))
		return rd_fail(e, RD_EINVAL, "ballots", "must be an array of ballots");
	n = json_array_size(v);
	ballots = arena_alloc(a, (n ? n : 1) * sizeof(*ballots));
	if (!ballots)
		return rd_fail(e, RD_ENOMEM, "ballots", "out of memory");
	for (size_t i = 0; i < n; i++) {
		rc = parse_ballot(json_array_get(v, i), i, a, &ballots[i], e);
		if (rc != RD_OK)
			return rc;
	}
	in->have_ballots = true;
	in->ballots = ballots;
	in->n_ballots = n;
	return RD_OK;
}

static enum rd_err parse_counts(json_t *v, struct arena *a, struct tally_input *in,
				struct rd_error *e)
{
	struct tally_votes *votes;
	const char *key;
	json_t *val, *obj;
	size_t n, i = 0;
	enum rd_err rc;

	if (!json_is_object(v))
		return rd_fail(e, RD_EINVAL, "counts", "must be an object");
	json_object_foreach(v, key, val)
	{
		if (strcmp(key, "void") != 0 && strcmp(key, "votes") != 0) {
			char field[64];

			snprintf(field, sizeof(field), "counts.%.40s", key);
			return rd_fail(e, RD_EINVAL, field,
				       "unknown field (counts has void and votes)");
		}
	}
	val = json_object_get(v, "void");
	if (!val)
		return rd_fail(e, RD_EINVAL, "counts.void", "is required");
	rc = get_int(val, "counts.void", &in->void_count, e);
	if (rc != RD_OK)
		return rc;
	obj = json_object_get(v, "votes");
	if (!obj)
		return rd_fail(e, RD_EINVAL, "counts.votes", "is required");
	if (!json_is_object(obj))
		return rd_fail(e, RD_EINVAL, "counts.votes", "must be an object of name: votes");
	n = json_object_size(obj);
	if (n > MAX_NAMES)
		return rd_fail(e, RD_EINVAL, "counts.votes", "more than %d names", MAX_NAMES);
	votes = arena_alloc(a, (n ? n : 1) * sizeof(*votes));
	if (!votes)
		return rd_fail(e, RD_ENOMEM, "counts.votes", "out of memory");
	json_object_foreach(obj, key, val)
	{
		size_t klen = strlen(key);

		if (klen == 0 || klen > MAX_NAME)
			return rd_fail(e, RD_EINVAL, "counts.votes",
				       "a name must have 1 to %d bytes", MAX_NAME);
		votes[i].name = arena_strndup(a, key, klen);
		if (!votes[i].name)
			return rd_fail(e, RD_ENOMEM, "counts.votes", "out of memory");
		rc = get_int(val, "counts.votes", &votes[i].votes, e);
		if (rc != RD_OK)
			return rc;
		i++;
	}
	in->have_counts = true;
	in->votes = votes;
	in->n_votes = i;
	return RD_OK;
}

static enum rd_err parse_root(json_t *root, struct arena *a, struct tally_input *in,
			      struct rd_error *e)
{
	static const char *const ints[] = {"seats", "electorate", "ballots_issued",
					   "ballots_returned"};
	int64_t *const int_dst[] = {&in->seats, &in->electorate, &in->ballots_issued,
				    &in->ballots_returned};
	const char *key, *s;
	json_t *val;
	enum rd_err rc;

	if (!json_is_object(root))
		return rd_fail(e, RD_EINVAL, "json", "the input must be a JSON object");
	json_object_foreach(root, key, val)
	{
		bool known = false;

		for (size_t i = 0; i < sizeof(top_fields) / sizeof(top_fields[0]); i++)
			known = known || strcmp(key, top_fields[i]) == 0;
		if (!known) {
			char field[64];

			snprintf(field, sizeof(field), "%.60s", key);
			return rd_fail(e, RD_EINVAL, field, "unknown field");
		}
	}
	val = json_object_get(root, "kind");
	s = json_string_value(val);
	if (!val)
		return rd_fail(e, RD_EINVAL, "kind", "is required");
	rc = tally_kind_parse(s, &in->kind, e);
	if (rc != RD_OK)
		return rc;
	val = json_object_get(root, "round");
	if (!val)
		return rd_fail(e, RD_EINVAL, "round", "is required");
	rc = tally_round_parse(json_string_value(val), &in->round, e);
	if (rc != RD_OK)
		return rc;
	/* office is informative for the count; "other" when left out. */
	in->office = OFFICE_OTHER;
	val = json_object_get(root, "office");
	if (val) {
		s = json_string_value(val);
		rc = office_class_parse(s, &in->office, e);
		if (rc == RD_OK && in->office == OFFICE_DIRECT)
			rc = rd_fail(e, RD_EINVAL, "office",
				     "must be head, vice, member, higher_delegate or other");
		if (rc != RD_OK)
			return rc;
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		val = json_object_get(root, ints[i]);
		if (!val)
			return rd_fail(e, RD_EINVAL, ints[i], "is required");
		rc = get_int(val, ints[i], int_dst[i], e);
		if (rc != RD_OK)
			return rc;
	}
	val = json_object_get(root, "candidates");
	if (!val)
		return rd_fail(e, RD_EINVAL, "candidates", "is required");
	rc = get_names(val, "candidates", a, &in->candidates, &in->n_candidates, e);
	if (rc != RD_OK)
		return rc;
	val = json_object_get(root, "ballots");
	if (val) {
		rc = parse_ballots(val, a, in, e);
		if (rc != RD_OK)
			return rc;
	}
	val = json_object_get(root, "counts");
	if (val) {
		rc = parse_counts(val, a, in, e);
		if (rc != RD_OK)
			return rc;
	}
	if (in->have_ballots == in->have_counts)
		return rd_fail(e, RD_EINVAL, in->have_ballots ? "counts" : "ballots",
			       "give exactly one of ballots and counts");
	return RD_OK;
}

enum rd_err tally_json_parse(const char *data, size_t len, struct arena *a, struct tally_input *in,
			     struct rd_error *e)
{
	json_error_t jerr;
	json_t *root = NULL;
	enum rd_err rc;

	memset(in, 0, sizeof(*in));
	if (len > TALLY_JSON_MAX)
		return rd_fail(e, RD_ETOOBIG, "json", "input larger than %zu bytes",
			       TALLY_JSON_MAX);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return rd_fail(e, RD_EINVAL, "json", "not JSON: %s (line %d, column %d)", jerr.text,
			       jerr.line, jerr.column);
	rc = parse_root(root, a, in, e);
	json_decref(root);
	if (rc != RD_OK)
		memset(in, 0, sizeof(*in));
	return rc;
}

static json_t *names_array(const char *const *names, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, json_string(names[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

enum rd_err tally_json_format(const struct tally_result *r, struct buf *out)
{
	json_t *root = NULL, *results = NULL, *tie = NULL;
	char *text = NULL;
	enum rd_err rc = RD_ENOMEM;
	const char *reason = tally_void_reason_name(r->reason);

	results = json_array();
	if (!results)
		goto out;
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct tally_row *row = &r->rows[i];

		if (json_array_append_new(results,
					  json_pack("{s:s, s:I, s:b, s:b, s:b}", "name", row->name,
						    "votes", (json_int_t)row->votes, "write_in",
						    row->write_in, "reached", row->reached,
						    "elected", row->elected)) != 0)
			goto out;
	}
	if (r->n_tie > 0) {
		tie = json_pack("{s:o, s:I}", "names", names_array(r->tie, r->n_tie), "seats",
				(json_int_t)r->tie_seats);
	} else {
		tie = json_null();
	}
	if (!tie)
		goto out;
	root = json_pack("{s:b, s:o, s:{s:I, s:I, s:I, s:I}, s:I, s:O, s:o, s:O, s:I}", "valid",
			 r->valid, "reason", reason ? json_string(reason) : json_null(), "ballots",
			 "issued", (json_int_t)r->issued, "returned", (json_int_t)r->returned,
			 "valid", (json_int_t)r->valid_ballots, "void", (json_int_t)r->void_ballots,
			 "threshold", (json_int_t)r->threshold, "results", results, "elected",
			 names_array(r->elected, r->n_elected), "tie", tie, "unfilled",
			 (json_int_t)r->unfilled);
	if (!root)
		goto out;
	text = json_dumps(root, JSON_INDENT(2));
	if (!text)
		goto out;
	buf_puts(out, text);
	buf_putc(out, '\n');
	rc = buf_error(out);
out:
	free(text);
	json_decref(root);
	json_decref(results);
	json_decref(tie);
	return rc;
}
