/*
 * fuzz_json_body.c — input_json over arbitrary bytes with a field spec like
 * the real ones. It must never crash or leak; when it accepts, the result is
 * an object whose every key is declared and every value has its type.
 * It also requires that a refusal's field and message
 * are valid UTF-8 (they are sent to the client as JSON).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "http/input.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field_spec spec[] = {
	{"username", FIELD_STRING, true, 2, 64},
	{"display_name", FIELD_STRING, false, 1, 64},
	{"note", FIELD_STRING, false, 0, 0},
	{"count", FIELD_INT, false, 1, 500},
	{"after", FIELD_INT, false, 0, INT64_MAX},
	{"secret", FIELD_BOOL, false, 0, 0},
	{"roles", FIELD_ARRAY, false, 0, 5},
	{"extra", FIELD_OBJECT, false, 0, 0},
	{NULL},
};

static const struct field_spec *declared(const char *key)
{
	for (const struct field_spec *f = spec; f->name; f++)
		if (strcmp(f->name, key) == 0)
			return f;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int strict = -1;
	struct rd_error err = {0};
	json_t *out = (json_t *)&err, *v;
	const char *key;

	if (strict < 0)
		strict = getenv("FUZZ_LAX_TEXT") == NULL;
	if (input_json((const char *)data, size, spec, &out, &err) != RD_OK) {
		if (out)
			abort();
		if (err.code != RD_EINVAL && err.code != RD_ETOOBIG)
			abort();
		if (strict && (!str_utf8_valid(err.field, strlen(err.field)) ||
			       !str_utf8_valid(err.message, strlen(err.message))))
			abort();
		return 0;
	}
	if (!json_is_object(out))
		abort();
	if (!json_object_get(out, "username"))
		abort();
	json_object_foreach(out, key, v)
	{
		const struct field_spec *f = declared(key);

		if (!f)
			abort();
		if (json_is_null(v))
			continue;
		switch (f->type) {
		case FIELD_STRING: {
			const char *s = json_string_value(v);
			size_t n = json_string_length(v), cps;

			if (!s || !str_utf8_valid(s, n))
				abort();
			cps = str_utf8_len(s, n);
			if ((int64_t)cps < f->min ||
			    (int64_t)cps > (f->max ? f->max : INPUT_STRING_MAX))
				abort();
			break;
		}
		case FIELD_INT:
			if (!json_is_integer(v) || json_integer_value(v) < f->min ||
			    json_integer_value(v) > f->max)
				abort();
			break;
		case FIELD_BOOL:
			if (!json_is_boolean(v))
				abort();
			break;
		case FIELD_ARRAY:
			if (!json_is_array(v) || (int64_t)json_array_size(v) > f->max)
				abort();
			break;
		case FIELD_OBJECT:
			if (!json_is_object(v))
				abort();
			break;
		}
	}
	json_decref(out);
	return 0;
}
