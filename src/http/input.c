/* input.c — see input.h. */
#include "http/input.h"

#include <string.h>

#include "base/str.h"
#include "base/banned.h"

static const char *type_name(enum field_type t)
{
	switch (t) {
	case FIELD_STRING:
		return "a string";
	case FIELD_INT:
		return "an integer";
	case FIELD_BOOL:
		return "true or false";
	case FIELD_ARRAY:
		return "an array";
	case FIELD_OBJECT:
		return "an object";
	}
	return "?";
}

static const struct field_spec *find_spec(const struct field_spec *spec, const char *name, size_t n)
{
	for (; spec && spec->name; spec++)
		if (strlen(spec->name) == n && memcmp(spec->name, name, n) == 0)
			return spec;
	return NULL;
}

static enum rd_err check_string(const struct field_spec *f, const char *s, size_t n,
				struct rd_error *err)
{
	size_t cps;
	int64_t max = f->max ? f->max : INPUT_STRING_MAX;

	if (!str_utf8_valid(s, n))
		return rd_fail(err, RD_EINVAL, f->name,
			       "%s must be UTF-8 text without NUL characters", f->name);
	cps = str_utf8_len(s, n);
	if ((int64_t)cps < f->min)
		return rd_fail(err, RD_EINVAL, f->name,
			       f->min == 1 ? "%s must not be empty" : "%s is too short", f->name);
	if ((int64_t)cps > max)
		return rd_fail(err, RD_EINVAL, f->name, "%s is longer than %lld characters",
			       f->name, (long long)max);
	return RD_OK;
}

static enum rd_err check_int(const struct field_spec *f, int64_t v, struct rd_error *err)
{
	if ((f->min || f->max) && (v < f->min || v > f->max))
		return rd_fail(err, RD_EINVAL, f->name, "%s must be between %lld and %lld", f->name,
			       (long long)f->min, (long long)f->max);
	return RD_OK;
}

static enum rd_err check_value(const struct field_spec *f, json_t *v, struct rd_error *err)
{
	switch (f->type) {
	case FIELD_STRING:
		if (!json_is_string(v))
			break;
		return check_string(f, json_string_value(v), json_string_length(v), err);
	case FIELD_INT:
		if (!json_is_integer(v))
			break;
		return check_int(f, json_integer_value(v), err);
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			break;
		return RD_OK;
	case FIELD_ARRAY:
		if (!json_is_array(v))
			break;
		if ((int64_t)json_array_size(v) < f->min ||
		    (f->max && (int64_t)json_array_size(v) > f->max))
			return rd_fail(err, RD_EINVAL, f->name,
				       "%s must have between %lld and %lld items", f->name,
				       (long long)f->min, (long long)f->max);
		return RD_OK;
	case FIELD_OBJECT:
		if (!json_is_object(v))
			break;
		return RD_OK;
	}
	return rd_fail(err, RD_EINVAL, f->name, "%s must be %s", f->name, type_name(f->type));
}

enum rd_err input_json(const char *data, size_t n, const struct field_spec *spec, json_t **out,
		       struct rd_error *err)
{
	json_error_t jerr;
	json_t *root, *v;
	const char *key;
	enum rd_err rc;

	*out = NULL;
	/* NUL is let through the parser so that check_string() can refuse it
	 * naming the field, rather than a bare "not valid JSON". */
	root = json_loadb(data, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		char why[sizeof(jerr.text)];

		/* jansson quotes raw input bytes: keep the message valid UTF-8. */
		str_copy_utf8(why, sizeof(why), jerr.text, strlen(jerr.text));
		return rd_fail(err, RD_EINVAL, "body", "the body is not valid JSON (line %d: %s)",
			       jerr.line, why);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return rd_fail(err, RD_EINVAL, "body", "the body must be a JSON object");
	}
	json_object_foreach(root, key, v)
	{
		const struct field_spec *f = find_spec(spec, key, strlen(key));

		if (!f) {
			char field[64];

			str_copy_utf8(field, sizeof(field), key, strlen(key));
			rc = rd_fail(err, RD_EINVAL, field, "unknown field '%s'", field);
			goto fail;
		}
		if (json_is_null(v) && !f->required)
			continue;
		rc = check_value(f, v, err);
		if (rc)
			goto fail;
	}
	for (const struct field_spec *f = spec; f && f->name; f++) {
		v = json_object_get(root, f->name);
		if (f->required && (!v || json_is_null(v))) {
			rc = rd_fail(err, RD_EINVAL, f->name, "%s is required", f->name);
			goto fail;
		}
	}
	*out = root;
	return RD_OK;
fail:
	json_decref(root);
	return rc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *input_url_decode(const char *s, size_t n, bool plus, struct arena *a)
{
	char *out = arena_alloc(a, n + 1);
	size_t j = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (n - i < 3)
				return NULL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			out[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus) {
			out[j++] = ' ';
		} else if (s[i] == '\0') {
			return NULL;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return str_utf8_valid(out, j) ? out : NULL;
}

enum rd_err input_query(const char *s, size_t n, const struct field_spec *spec, struct arena *a,
			struct query_param **out, int *count, struct rd_error *err)
{
	struct query_param *params;
	size_t i = 0;
	int k = 0;

	*out = NULL;
	*count = 0;
	/* Room for the pairs there are (at most INPUT_QUERY_MAX), not always
	 * for the most: an idle stream's request should stay small. */
	{
		size_t pairs = 1;

		for (size_t at = 0; at < n; at++)
			pairs += s[at] == '&';
		if (pairs > INPUT_QUERY_MAX)
			pairs = INPUT_QUERY_MAX;
		params = arena_alloc(a, sizeof(*params) * pairs);
	}
	if (!params)
		return rd_fail(err, RD_ENOMEM, NULL, "out of memory");
	while (n && i <= n) {
		size_t start = i, eq = 0, end;
		const struct field_spec *f;
		char *name, *value;
		enum rd_err rc;

		while (i < n && s[i] != '&')
			i++;
		end = i++;
		if (end == start)
			continue; /* "a=1&&b=2" */
		for (size_t j = start; j < end; j++)
			if (s[j] == '=') {
				eq = j;
				break;
			}
		name = input_url_decode(s + start, (eq ? eq : end) - start, true, a);
		value = eq ? input_url_decode(s + eq + 1, end - eq - 1, true, a)
			   : arena_strdup(a, "");
		if (!name || !value)
			return rd_fail(err, RD_EINVAL, "query",
				       "the query string is badly encoded");
		f = find_spec(spec, name, strlen(name));
		if (!f) {
			char field[64];

			str_copy_utf8(field, sizeof(field), name, strlen(name));
			return rd_fail(err, RD_EINVAL, field, "unknown parameter '%s'", field);
		}
		for (int j = 0; j < k; j++)
			if (strcmp(params[j].name, f->name) == 0)
				return rd_fail(err, RD_EINVAL, f->name, "%s is given twice",
					       f->name);
		if (k == INPUT_QUERY_MAX)
			return rd_fail(err, RD_EINVAL, "query", "too many parameters");
		if (f->type == FIELD_INT) {
			int64_t v;

			if (str_to_i64(value, strlen(value), INT64_MIN, INT64_MAX, &v))
				return rd_fail(err, RD_EINVAL, f->name, "%s must be an integer",
					       f->name);
			rc = check_int(f, v, err);
		} else if (f->type == FIELD_BOOL) {
			rc = strcmp(value, "true") == 0 || strcmp(value, "false") == 0
				     ? RD_OK
				     : rd_fail(err, RD_EINVAL, f->name, "%s must be true or false",
					       f->name);
		} else {
			rc = check_string(f, value, strlen(value), err);
		}
		if (rc)
			return rc;
		params[k].name = f->name;
		params[k].value = value;
		k++;
	}
	for (const struct field_spec *f = spec; f && f->name; f++) {
		bool seen = false;

		for (int j = 0; j < k; j++)
			seen = seen || strcmp(params[j].name, f->name) == 0;
		if (f->required && !seen)
			return rd_fail(err, RD_EINVAL, f->name, "%s is required", f->name);
	}
	*out = params;
	*count = k;
	return RD_OK;
}
