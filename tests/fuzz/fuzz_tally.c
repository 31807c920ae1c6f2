/*
 * fuzz_tally.c — libFuzzer target for the tally input: JSON bytes through
 * tally_json_parse, tally_decide and tally_json_format. Must never crash,
 * hang or leak, whatever the bytes.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "doc/tally_json.h"
#include "rules/tally.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf out;
	struct tally_input in;
	struct tally_result r;
	struct rd_error e;

	arena_init(&a, 64u << 20);
	buf_init(&out, 16u << 20);
	if (tally_json_parse((const char *)data, size, &a, &in, &e) == RD_OK &&
	    tally_decide(&in, &a, &r, &e) == RD_OK)
		tally_json_format(&r, &out);
	buf_release(&out);
	arena_release(&a);
	return 0;
}
