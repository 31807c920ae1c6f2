/*
 * direct_json.c — the JSON form of a direct-election round; see
 * direct_json.h.
 */
#include "api/direct_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "doc/tally_json.h"
#include "base/banned.h"

#define NAME_MAX_BYTES 1024
#define NAMES_MAX      10000

static const char *const top_fields[] = {
	"round",  "seats",   "voters",	   "ballots_issued", "ballots_returned",
	"roving", "proxies", "candidates", "counts",	     "keep_unfilled_vacant",
};

static enum rd_err get_int(json_t *obj, const char *key, const char *field, bool required,
			   int64_t *out, struct rd_error *e)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		*out = 0;
		return required ? rd_fail(e, RD_EINVAL, field, "is required") : RD_OK;
	}
	if (!json_is_integer(v))
		return rd_fail(e, RD_EINVAL, field, "must be an integer");
	*out = (int64_t)json_integer_value(v);
	return RD_OK;
}

static enum rd_err get_str(json_t *v, const char *field, struct arena *a, const char **out,
			   struct rd_error *e)
{
	size_t n;

	if (!json_is_string(v))
		return rd_fail(e, RD_EINVAL, field, "must be a string");
	n = json_string_length(v);
	if (n == 0 || n > NAME_MAX_BYTES || memchr(json_string_value(v), '\0', n))
		return rd_fail(e, RD_EINVAL, field, "must be 1 to %d bytes", NAME_MAX_BYTES);
	*out = arena_strndup(a, json_string_value(v), n);
	return *out ? RD_OK : rd_fail(e, RD_ENOMEM, field, "out of memory");
}

static enum rd_err only_fields(json_t *obj, const char *where, const char *const *allowed, size_t n,
			       struct rd_error *e)
{
	const char *key;
	json_t *v;
	char field[64];

	json_object_foreach(obj, key, v)
	{
		size_t i = 0;

		while (i < n && strcmp(key, allowed[i]) != 0)
			i++;
		if (i == n) {
			snprintf(field, sizeof(field), "%s%s", where, key);
			return rd_fail(e, RD_EINVAL, field, "unknown field");
		}
	}
	return RD_OK;
}

static enum rd_err parse_counts(json_t *c, struct arena *a, struct direct_input *in,
				struct rd_error *e)
{
	static const char *const fields[] = {"void", "votes"};
	struct tally_votes *votes;
	json_t *obj, *v;
	const char *key;
	size_t i = 0;
	enum rd_err rc;

	if (!json_is_object(c))
		return rd_fail(e, RD_EINVAL, "counts", "must be an object");
	rc = only_fields(c, "counts.", fields, 2, e);
	if (!rc)
		rc = get_int(c, "void", "counts.void", false, &in->void_count, e);
	if (rc)
		return rc;
	obj = json_object_get(c, "votes");
	if (!json_is_object(obj))
		return rd_fail(e, RD_EINVAL, "counts.votes", "must be an object of name: votes");
	if (json_object_size(obj) > NAMES_MAX)
		return rd_fail(e, RD_EINVAL, "counts.votes", "too many names");
	votes = arena_alloc(a, sizeof(*votes) * (json_object_size(obj) + 1));
	if (!votes)
		return rd_fail(e, RD_ENOMEM, "counts.votes", "out of memory");
	json_object_foreach(obj, key, v)
	{
		if (!json_is_integer(v))
			return rd_fail(e, RD_EINVAL, "counts.votes", "'%s' must be an integer",
				       key);
		if (!*key || strlen(key) > NAME_MAX_BYTES)
			return rd_fail(e, RD_EINVAL, "counts.votes", "a name must be 1 to %d bytes",
				       NAME_MAX_BYTES);
		votes[i].name = arena_strdup(a, key);
		votes[i].votes = (int64_t)json_integer_value(v);
		if (!votes[i].name)
			return rd_fail(e, RD_ENOMEM, "counts.votes", "out of memory");
		i++;
	}
	in->votes = votes;
	in->n_votes = i;
	return RD_OK;
}

static enum rd_err parse_proxies(json_t *p, struct arena *a, struct direct_input *in,
				 struct rd_error *e)
{
	static const char *const fields[] = {"holder", "principals"};
	struct direct_proxy *list;
	char field[64];
	enum rd_err rc;

	if (!p)
		return RD_OK;
	if (!json_is_array(p))
		return rd_fail(e, RD_EINVAL, "proxies", "must be an array");
	if (json_array_size(p) > DIRECT_PROXY_LIST_MAX)
		return rd_fail(e, RD_EINVAL, "proxies", "at most %d entries",
			       DIRECT_PROXY_LIST_MAX);
	list = arena_alloc(a, sizeof(*list) * (json_array_size(p) + 1));
	if (!list)
		return rd_fail(e, RD_ENOMEM, "proxies", "out of memory");
	for (size_t i = 0; i < json_array_size(p); i++) {
		json_t *o = json_array_get(p, i);

		snprintf(field, sizeof(field), "proxies[%zu].", i);
		if (!json_is_object(o))
			return rd_fail(e, RD_EINVAL, "proxies", "entry %zu must be an object", i);
		rc = only_fields(o, field, fields, 2, e);
		if (rc)
			return rc;
		snprintf(field, sizeof(field), "proxies[%zu].holder", i);
		rc = get_str(json_object_get(o, "holder"), field, a, &list[i].holder, e);
		if (rc)
			return rc;
		snprintf(field, sizeof(field), "proxies[%zu].principals", i);
		rc = get_int(o, "principals", field, true, &list[i].principals, e);
		if (rc)
			return rc;
	}
	in->proxies = list;
	in->n_proxies = json_array_size(p);
	return RD_OK;
}

enum rd_err direct_json_parse(json_t *root, struct arena *a, struct direct_input *in,
			      struct rd_error *e)
{
	static const char *const roving_fields[] = {"issued", "returned"};
	json_t *v;
	const char **names;
	enum rd_err rc;

	memset(in, 0, sizeof(*in));
	in->keep_unfilled_vacant = true;
	if (!json_is_object(root))
		return rd_fail(e, RD_EINVAL, "json", "must be an object");
	rc = only_fields(root, "", top_fields, sizeof(top_fields) / sizeof(top_fields[0]), e);
	if (rc)
		return rc;
	v = json_object_get(root, "round");
	if (v && (!json_is_string(v) || tally_round_parse(json_string_value(v), &in->round, e)))
		return rd_fail(e, RD_EINVAL, "round", "must be first, re_election or tie_vote");
	rc = get_int(root, "seats", "seats", true, &in->seats, e);
	if (!rc)
		rc = get_int(root, "voters", "voters", true, &in->voters, e);
	if (!rc)
		rc = get_int(root, "ballots_issued", "ballots_issued", true, &in->ballots_issued,
			     e);
	if (!rc)
		rc = get_int(root, "ballots_returned", "ballots_returned", true,
			     &in->ballots_returned, e);
	if (rc)
		return rc;
	v = json_object_get(root, "roving");
	if (v) {
		if (!json_is_object(v))
			return rd_fail(e, RD_EINVAL, "roving", "must be an object");
		rc = only_fields(v, "roving.", roving_fields, 2, e);
		if (!rc)
			rc = get_int(v, "issued", "roving.issued", false, &in->roving_issued, e);
		if (!rc)
			rc = get_int(v, "returned", "roving.returned", false, &in->roving_returned,
				     e);
		if (rc)
			return rc;
	}
	rc = parse_proxies(json_object_get(root, "proxies"), a, in, e);
	if (rc)
		return rc;
	v = json_object_get(root, "candidates");
	if (!json_is_array(v) || json_array_size(v) > NAMES_MAX)
		return rd_fail(e, RD_EINVAL, "candidates", "must be an array of names");
	names = arena_alloc(a, sizeof(*names) * (json_array_size(v) + 1));
	if (!names)
		return rd_fail(e, RD_ENOMEM, "candidates", "out of memory");
	for (size_t i = 0; i < json_array_size(v); i++) {
		rc = get_str(json_array_get(v, i), "candidates", a, &names[i], e);
		if (rc)
			return rc;
	}
	in->candidates = names;
	in->n_candidates = json_array_size(v);
	v = json_object_get(root, "keep_unfilled_vacant");
	if (v && !json_is_boolean(v))
		return rd_fail(e, RD_EINVAL, "keep_unfilled_vacant", "must be true or false");
	if (v)
		in->keep_unfilled_vacant = json_is_true(v);
	return parse_counts(json_object_get(root, "counts"), a, in, e);
}

json_t *direct_json_result(const struct direct_input *in, const struct direct_result *r)
{
	struct buf b;
	json_t *out = NULL, *margin;

	buf_init(&b, (size_t)16 << 20);
	if (tally_json_format(&r->tally, &b) == RD_OK)
		out = json_loads(buf_str(&b), 0, NULL);
	buf_release(&b);
	if (!out)
		return NULL;
	margin = r->margin_checked ? json_pack("{s:s, s:s, s:s}", "status",
					       r->margin.status == MARGIN_OK	    ? "ok"
					       : r->margin.status == MARGIN_WARNING ? "warning"
										    : "error",
					       "reason", margin_reason_name(r->margin.reason),
					       "message", r->margin.message)
				   : json_null();
	json_object_set_new(out, "turnout",
			    json_pack("{s:I, s:I, s:I, s:b}", "voters", (json_int_t)in->voters,
				      "returned", (json_int_t)r->tally.returned, "needed",
				      (json_int_t)r->turnout_needed, "met", r->turnout_met));
	json_object_set_new(out, "proxies",
			    json_pack("{s:I, s:I}", "holders", (json_int_t)r->proxy_holders,
				      "ballots", (json_int_t)r->proxy_ballots));
	json_object_set_new(out, "roving",
			    json_pack("{s:I, s:I, s:b}", "issued", (json_int_t)in->roving_issued,
				      "returned", (json_int_t)in->roving_returned, "more_returned",
				      r->roving_more_returned));
	json_object_set_new(out, "margin", margin);
	json_object_set_new(out, "next", json_string(direct_next_name(r->next)));
	json_object_set_new(out, "re_election_seats", json_integer(r->re_election_seats));
	json_object_set_new(out, "vacant", json_integer(r->vacant));
	return out;
}
