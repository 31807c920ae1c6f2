/*
 * fuzz_query.c — input_query over arbitrary bytes, with an arena released
 * after each run. Accepted parameters must be declared, unique, valid UTF-8,
 * and of their declared type and bounds. It also requires that a refusal's field and message are valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "http/input.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field_spec spec[] = {
	{"q", FIELD_STRING, false, 0, 20},   {"name", FIELD_STRING, false, 1, 0},
	{"limit", FIELD_INT, false, 1, 500}, {"after", FIELD_INT, false, 0, INT64_MAX},
	{"all", FIELD_BOOL, false, 0, 0},    {NULL},
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
	struct arena a;
	struct rd_error err = {0};
	struct query_param *params = NULL;
	int count = -1;

	if (strict < 0)
		strict = getenv("FUZZ_LAX_TEXT") == NULL;
	arena_init(&a, 1 << 20);
	if (input_query((const char *)data, size, spec, &a, &params, &count, &err) != RD_OK) {
		if (params || count != 0 || err.code != RD_EINVAL)
			abort();
		if (strict && (!str_utf8_valid(err.field, strlen(err.field)) ||
			       !str_utf8_valid(err.message, strlen(err.message))))
			abort();
		arena_release(&a);
		return 0;
	}
	if (count < 0 || count > INPUT_QUERY_MAX || (count && !params))
		abort();
	for (int i = 0; i < count; i++) {
		const struct field_spec *f = declared(params[i].name);
		const char *v = params[i].value;
		size_t n = strlen(v);
		int64_t x;

		if (!f || !str_utf8_valid(v, n))
			abort();
		for (int j = 0; j < i; j++)
			if (strcmp(params[j].name, params[i].name) == 0)
				abort();
		switch (f->type) {
		case FIELD_INT:
			if (str_to_i64(v, n, f->min, f->max, &x))
				abort();
			break;
		case FIELD_BOOL:
			if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
				abort();
			break;
		default:
			if ((int64_t)str_utf8_len(v, n) < f->min ||
			    (int64_t)str_utf8_len(v, n) > (f->max ? f->max : INPUT_STRING_MAX))
				abort();
			break;
		}
	}
	arena_release(&a);
	return 0;
}
