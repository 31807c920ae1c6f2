/*
 * test_rules_property.c — thousands of random election rounds: counting
 * ballot by ballot and counting from the totals must agree, and the
 * decision's invariants must hold. A fixed-seed xorshift makes every run the
 * same; a failure prints the round number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules/tally.h"
#include "base/banned.h"

#define ROUNDS	    4000
#define MAX_BALLOTS 60

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t xorshift(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static int64_t pick(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(xorshift() % (uint64_t)(hi - lo + 1));
}

static const char *const pool[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"};
static const char *const writeins[] = {"王五", "赵六", "钱七"};

struct round_data {
	const char *yes[MAX_BALLOTS][8];
	const char *no[MAX_BALLOTS][8];
	const char *wi[MAX_BALLOTS][4];
	struct ballot ballots[MAX_BALLOTS];
	struct tally_votes votes[16];
};

/* Random ballot: mostly valid, sometimes over-voted, duplicated or marked. */
static void random_ballot(struct round_data *d, size_t i, size_t nc, int64_t seats)
{
	struct ballot *b = &d->ballots[i];
	int64_t choose = pick(0, seats + (pick(0, 9) == 0 ? 1 : 0));

	memset(b, 0, sizeof(*b));
	b->yes = d->yes[i];
	b->no = d->no[i];
	b->write_in = d->wi[i];
	for (size_t c = 0; c < nc; c++) {
		int64_t mark = pick(0, 3);

		if (mark == 0 && (int64_t)(b->n_yes + b->n_write_in) < choose)
			d->yes[i][b->n_yes++] = pool[c];
		else if (mark == 1)
			d->no[i][b->n_no++] = pool[c];
	}
	while ((int64_t)(b->n_yes + b->n_write_in) < choose && b->n_write_in < 3 && pick(0, 3) == 0)
		d->wi[i][b->n_write_in] = writeins[b->n_write_in], b->n_write_in++;
	if (pick(0, 30) == 0 && b->n_yes > 0 && b->n_no < 8)
		d->no[i][b->n_no++] = b->yes[0]; /* duplicate: void */
	if (pick(0, 40) == 0)
		b->marked_void = true;
}

static void check_invariants(const struct tally_result *r, const struct tally_input *in, int round)
{
	int64_t sum = 0;

	if (!r->valid) {
		assert_int_equal(r->n_rows, 0);
		assert_int_equal(r->n_elected, 0);
		assert_int_equal(r->n_tie, 0);
		assert_int_equal(r->unfilled, in->seats);
		return;
	}
	assert_true(r->threshold >= 1);
	assert_int_equal(r->valid_ballots + r->void_ballots, r->returned);
	for (size_t i = 0; i < r->n_rows; i++) {
		sum += r->rows[i].votes;
		assert_true(r->rows[i].votes > 0);
		assert_true(r->rows[i].votes <= r->valid_ballots);
		assert_int_equal(r->rows[i].reached, r->rows[i].votes >= r->threshold);
		if (r->rows[i].elected)
			assert_true(r->rows[i].reached); /* elected ⊆ reached */
		if (i > 0)
			assert_true(r->rows[i - 1].votes >= r->rows[i].votes);
	}
	assert_true(sum <= r->valid_ballots * in->seats);
	assert_true((int64_t)r->n_elected <= in->seats);
	for (size_t i = 0; i < r->n_elected; i++)
		assert_true(r->rows[i].elected);
	for (size_t i = 1; i < r->n_tie; i++)
		assert_int_equal(r->rows[r->n_elected + i].votes, r->rows[r->n_elected].votes);
	if (r->n_tie > 0) {
		assert_true((int64_t)r->n_tie > r->tie_seats);
		assert_true(r->tie_seats >= 1);
		/* everyone elected beat the tied */
		if (r->n_elected > 0)
			assert_true(r->rows[r->n_elected - 1].votes > r->rows[r->n_elected].votes);
	}
	if ((int64_t)r->n_elected + r->tie_seats + r->unfilled != in->seats)
		fail_msg("round %d: elected %zu + tie %lld + unfilled %lld != seats %lld", round,
			 r->n_elected, (long long)r->tie_seats, (long long)r->unfilled,
			 (long long)in->seats);
}

static void test_ballots_and_totals_agree(void **state)
{
	static struct round_data d;
	struct arena a;
	struct rd_error e;

	(void)state;
	arena_init(&a, 16 << 20);
	for (int round = 0; round < ROUNDS; round++) {
		struct tally_input in = {0}, tot;
		struct tally_result r1, r2;
		size_t nc = (size_t)pick(1, 8), nv = 0;
		int64_t seats = pick(1, 4), returned = pick(0, MAX_BALLOTS);

		in.kind = (enum tally_kind)pick(0, 1);
		in.round = (enum tally_round)pick(0, 2);
		in.office = (enum office_class)pick(0, 4);
		in.seats = seats;
		in.ballots_returned = returned;
		in.ballots_issued = returned + pick(-2, 5);
		if (in.ballots_issued < 0)
			in.ballots_issued = 0;
		in.electorate = in.ballots_issued + pick(0, 60);
		in.candidates = pool;
		in.n_candidates = nc;
		in.have_ballots = true;
		in.ballots = d.ballots;
		in.n_ballots = (size_t)returned;
		for (int64_t i = 0; i < returned; i++)
			random_ballot(&d, (size_t)i, nc, seats);

		if (tally_decide(&in, &a, &r1, &e) != RD_OK)
			fail_msg("round %d: %s: %s", round, e.field, e.message);
		check_invariants(&r1, &in, round);

		/* The same round from totals: the counted rows (or, when the
		 * round is void, a recount) as counts. */
		tot = in;
		tot.have_ballots = false;
		tot.ballots = NULL;
		tot.n_ballots = 0;
		tot.have_counts = true;
		tot.void_count = r1.void_ballots;
		if (r1.valid) {
			/* Totals in reverse order: order must not matter. */
			for (size_t i = r1.n_rows; i-- > 0;)
				d.votes[nv++] =
					(struct tally_votes){r1.rows[i].name, r1.rows[i].votes};
		}
		tot.votes = d.votes;
		tot.n_votes = nv;
		if (tally_decide(&tot, &a, &r2, &e) != RD_OK)
			fail_msg("round %d (totals): %s: %s", round, e.field, e.message);
		check_invariants(&r2, &tot, round);
		assert_int_equal(r1.valid, r2.valid);
		assert_int_equal(r1.reason, r2.reason);
		assert_int_equal(r1.threshold, r2.threshold);
		assert_int_equal(r1.n_rows, r2.n_rows);
		for (size_t i = 0; i < r1.n_rows; i++) {
			assert_string_equal(r1.rows[i].name, r2.rows[i].name);
			assert_int_equal(r1.rows[i].votes, r2.rows[i].votes);
			assert_int_equal(r1.rows[i].write_in, r2.rows[i].write_in);
			assert_int_equal(r1.rows[i].elected, r2.rows[i].elected);
		}
		assert_int_equal(r1.n_tie, r2.n_tie);
		assert_int_equal(r1.tie_seats, r2.tie_seats);
		assert_int_equal(r1.unfilled, r2.unfilled);
		arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ballots_and_totals_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
