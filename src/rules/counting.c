/*
 * counting.c — the counting bases of RULES §1; see counting.h.
 */
#include "rules/counting.h"

#include "base/banned.h"

static int in_range(int64_t n)
{
	return n >= 0 && n <= RULES_MAX_COUNT;
}

int64_t rules_at_least_fraction(int64_t n, int64_t num, int64_t den)
{
	if (!in_range(n) || num < 0 || num > 1000 || den <= 0 || den > 1000)
		return -1;
	/* ceil(n*num/den) without overflow: n*num <= 1e12. */
	return (n * num + den - 1) / den;
}

int64_t rules_more_than_half(int64_t n)
{
	/* RULES §1, LOL art. 25: 过半数 = at least floor(N/2)+1. */
	if (!in_range(n))
		return -1;
	return n / 2 + 1;
}

int64_t rules_two_thirds(int64_t n)
{
	/* RULES §1, LOL art. 14(4): 三分之二以上 = at least ceil(2N/3). */
	return rules_at_least_fraction(n, 2, 3);
}

int64_t rules_one_tenth(int64_t n)
{
	/* RULES §1, LOL art. 31(1): 十分之一以上 = at least ceil(N/10). */
	return rules_at_least_fraction(n, 1, 10);
}

int64_t rules_one_fifth(int64_t n)
{
	/* LOL art. 14(3): 五分之一以上 = at least ceil(N/5). */
	return rules_at_least_fraction(n, 1, 5);
}

int64_t rules_one_third(int64_t n)
{
	/* EL art. 45(5): 不得少于选票的三分之一 = at least ceil(N/3). */
	return rules_at_least_fraction(n, 1, 3);
}

int64_t rules_all_delegates(const struct delegate_counts *c)
{
	/* RULES §1: all delegates = those sitting on the roll (实有代表数);
	 * suspended delegates count, terminated ones do not. */
	if (!c || c->active < 0 || c->suspended < 0 || c->terminated < 0)
		return -1;
	if (c->active > RULES_MAX_COUNT || c->suspended > RULES_MAX_COUNT - c->active)
		return -1;
	return c->active + c->suspended;
}
