/*
 * ballot.h — reading one election ballot (选票), RULES §7 "Ballot".
 *
 * A ballot lists, for the candidates, yes / no marks and write-ins (另选他人).
 * A candidate with no mark is an abstention. Whether a ballot is valid
 * depends only on the ballot and the seats: more persons chosen (yes marks
 * plus write-ins) than seats, or one name twice, voids it; a blank ballot is
 * valid. The names are borrowed, never copied or freed here.
 */
#ifndef RD_RULES_BALLOT_H
#define RD_RULES_BALLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct ballot {
	const char *const *yes; /* candidates marked yes (赞成) */
	size_t n_yes;
	const char *const *no; /* candidates marked no (反对) */
	size_t n_no;
	const char *const *write_in; /* other persons written in and marked yes */
	size_t n_write_in;
	bool marked_void; /* judged void by the scrutineers (unreadable, spoiled) */
};

enum ballot_verdict {
	BALLOT_VALID = 0,
	BALLOT_VOID_MARKED,    /* the scrutineers judged it void */
	BALLOT_VOID_OVERVOTE,  /* more persons chosen than seats (EL art. 44(2)) */
	BALLOT_VOID_DUPLICATE, /* one name appears twice */
};

/* The stable name of a verdict ("valid", "void_overvote", ...). */
const char *ballot_verdict_name(enum ballot_verdict v);

/*
 * Reads ballot b (number `index`, used only to name the field in errors) for
 * an election of `seats` seats among the n_candidates names in candidates,
 * and stores the verdict in *out.
 *
 * Returns RD_EINVAL — the input is malformed, not the ballot void — if a
 * name is NULL or empty, or a name in `yes` is not a candidate (field
 * "ballots[i].yes"; write-ins belong in write_in). Otherwise RD_OK.
 */
enum rd_err ballot_read(const struct ballot *b, size_t index, int64_t seats,
			const char *const *candidates, size_t n_candidates,
			enum ballot_verdict *out, struct rd_error *e);

/* The index of name among the n names, or -1. */
long ballot_name_index(const char *const *names, size_t n, const char *name);

#endif
