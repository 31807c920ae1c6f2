/*
 * ratelimit.h — fixed-window counters keyed by a string (an address, a
 * username), for login attempts and the public channel.
 *
 * The table has a fixed number of slots; when it is full the oldest window
 * is reused, so an attacker spraying keys cannot make it grow. Thread-safe.
 */
#ifndef RD_BASE_RATELIMIT_H
#define RD_BASE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit;

/* At most limit hits per key in each window of window_ms; slots keys tracked. */
struct ratelimit *ratelimit_new(unsigned limit, int64_t window_ms, unsigned slots);
void ratelimit_free(struct ratelimit *rl);

/* Counts a hit for key at now_ms. True if it is within the limit. */
bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now_ms);

/* True if key is already over the limit (counts nothing). */
bool ratelimit_blocked(struct ratelimit *rl, const char *key, int64_t now_ms);

/* Forgets key (after a successful login). */
void ratelimit_clear(struct ratelimit *rl, const char *key);

#endif
