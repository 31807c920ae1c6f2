/*
 * ballot.c — reading one election ballot; see ballot.h.
 *
 * Lists on a ballot are short (at most the candidates plus a few
 * write-ins), so the duplicate test compares every pair.
 */
#include "rules/ballot.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

const char *ballot_verdict_name(enum ballot_verdict v)
{
	switch (v) {
	case BALLOT_VALID:
		return "valid";
	case BALLOT_VOID_MARKED:
		return "void_marked";
	case BALLOT_VOID_OVERVOTE:
		return "void_overvote";
	case BALLOT_VOID_DUPLICATE:
		return "void_duplicate";
	}
	return "unknown";
}

long ballot_name_index(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

/* The name at position k of the concatenation yes ++ no ++ write_in. */
static const char *nth(const struct ballot *b, size_t k)
{
	if (k < b->n_yes)
		return b->yes[k];
	k -= b->n_yes;
	if (k < b->n_no)
		return b->no[k];
	return b->write_in[k - b->n_no];
}

static enum rd_err check_names(const char *const *names, size_t n, size_t index, const char *list,
			       struct rd_error *e)
{
	char field[64];

	for (size_t i = 0; i < n; i++) {
		if (!names[i] || !names[i][0]) {
			snprintf(field, sizeof(field), "ballots[%zu].%s", index, list);
			return rd_fail(e, RD_EINVAL, field, "a name must not be empty");
		}
	}
	return RD_OK;
}

enum rd_err ballot_read(const struct ballot *b, size_t index, int64_t seats,
			const char *const *candidates, size_t n_candidates,
			enum ballot_verdict *out, struct rd_error *e)
{
	char field[64];
	size_t total;
	enum rd_err rc;

	*out = BALLOT_VALID;
	rc = check_names(b->yes, b->n_yes, index, "yes", e);
	if (rc == RD_OK)
		rc = check_names(b->no, b->n_no, index, "no", e);
	if (rc == RD_OK)
		rc = check_names(b->write_in, b->n_write_in, index, "write_in", e);
	if (rc != RD_OK)
		return rc;
	/* spec/tally.md: a name in yes that is not a candidate is malformed
	 * input (a person not on the ballot can only be written in). */
	for (size_t i = 0; i < b->n_yes; i++) {
		if (ballot_name_index(candidates, n_candidates, b->yes[i]) < 0) {
			snprintf(field, sizeof(field), "ballots[%zu].yes", index);
			return rd_fail(e, RD_EINVAL, field,
				       "'%s' is not a candidate (use write_in)", b->yes[i]);
		}
	}
	for (size_t i = 0; i < b->n_no; i++) {
		if (ballot_name_index(candidates, n_candidates, b->no[i]) < 0) {
			snprintf(field, sizeof(field), "ballots[%zu].no", index);
			return rd_fail(e, RD_EINVAL, field, "'%s' is not a candidate", b->no[i]);
		}
	}
	if (b->marked_void) {
		*out = BALLOT_VOID_MARKED;
		return RD_OK;
	}
	/* EL art. 44(2): 每一选票所选的人数，多于规定应选代表人数的作废.
	 * "Chosen" = yes marks + write-ins; no and abstain choose nobody. */
	if ((int64_t)(b->n_yes + b->n_write_in) > seats) {
		*out = BALLOT_VOID_OVERVOTE;
		return RD_OK;
	}
	/* spec/tally.md: a name may not appear twice on one ballot. */
	total = b->n_yes + b->n_no + b->n_write_in;
	for (size_t i = 0; i < total; i++) {
		for (size_t j = i + 1; j < total; j++) {
			if (strcmp(nth(b, i), nth(b, j)) == 0) {
				*out = BALLOT_VOID_DUPLICATE;
				return RD_OK;
			}
		}
	}
	/* A blank ballot chooses nobody and is valid (all abstain). */
	return RD_OK;
}
