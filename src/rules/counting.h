/*
 * counting.h — the counting bases of RULES §1: "more than half", "two thirds
 * or more", "one tenth or more" … of a whole number, and who counts as one
 * of "all delegates".
 *
 * Integers only: every base is computed with integer division and no value
 * ever passes through floating point. "以上" includes the boundary, so "2/3
 * or more of N" is the least integer k with 3k >= 2N, i.e. ceil(2N/3).
 *
 * All functions take counts in [0, RULES_MAX_COUNT]; outside that range they
 * return -1 (the callers validate first, so -1 marks a bug, not bad input).
 */
#ifndef RD_RULES_COUNTING_H
#define RD_RULES_COUNTING_H

#include <stdint.h>

/* Largest count (delegates, voters, ballots, votes) the rules accept. */
#define RULES_MAX_COUNT INT64_C(1000000000)

/* The least k with k > n/2: floor(n/2)+1 (过半数). -1 if n is out of range. */
int64_t rules_more_than_half(int64_t n);

/* The least k with k >= 2n/3: ceil(2n/3) (三分之二以上). -1 if out of range. */
int64_t rules_two_thirds(int64_t n);

/* The least k with k >= n/10: ceil(n/10) (十分之一以上). -1 if out of range. */
int64_t rules_one_tenth(int64_t n);

/* The least k with k >= n/5: ceil(n/5) (五分之一以上). -1 if out of range. */
int64_t rules_one_fifth(int64_t n);

/* The least k with k >= n/3: ceil(n/3) (三分之一以上). -1 if out of range. */
int64_t rules_one_third(int64_t n);

/* The least k with k >= n*num/den, for 0 <= num, 0 < den <= 1000. -1 if out
 * of range. The general form behind the functions above. */
int64_t rules_at_least_fraction(int64_t n, int64_t num, int64_t den);

/* Delegates on the roll, counted by status. */
struct delegate_counts {
	int64_t active;	    /* sitting, not suspended */
	int64_t suspended;  /* 暂停执行代表职务: still delegates (DL) */
	int64_t terminated; /* 代表资格终止: resigned, recalled, deceased */
};

/*
 * The number of "all delegates" (全体代表, 实有代表数): active plus
 * suspended; terminated delegates are not counted. -1 if any count is
 * negative or the total exceeds RULES_MAX_COUNT.
 */
int64_t rules_all_delegates(const struct delegate_counts *c);

#endif
