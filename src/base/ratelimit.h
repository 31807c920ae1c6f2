/*
 * ratelimit.h — fixed-window counters keyed by a string (an address, a
 * username), for login attempts and the public channel.
 *
 * The table has a fixed number of slots; when it is full the oldest window
 * that is not over its limit is reused, so an attacker spraying keys can
 * neither make it grow nor unblock a blocked key; when only blocked keys are
 * left, new keys are refused (fail closed). Thread-safe.
 */
#ifndef RD_BASE_RATELIMIT_H
#define RD_BASE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit;

/* At most limit hits per key in each window of window_ms; slots keys tracked.
 * A limit of 0 refuses every hit. NULL if slots is 0, or out of memory. */
struct ratelimit *ratelimit_new(unsigned limit, int64_t window_ms, unsigned slots);
void ratelimit_free(struct ratelimit *rl);

/* Counts a hit for key at now_ms. True if it is within the limit. */
bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now_ms);

/* True if key is already over the limit (counts nothing). */
bool ratelimit_blocked(struct ratelimit *rl, const char *key, int64_t now_ms);

/* Forgets key (after a successful login). */
void ratelimit_clear(struct ratelimit *rl, const char *key);

#endif
