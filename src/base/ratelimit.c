/* ratelimit.c — see ratelimit.h. Open addressing over hashed keys. */
#include "base/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "base/banned.h"

struct slot {
	unsigned char key[16]; /* BLAKE2b of the key, truncated */
	int64_t start;	       /* window start, 0 = empty */
	unsigned count;
};

struct ratelimit {
	pthread_mutex_t lock;
	unsigned limit;
	int64_t window;
	unsigned nslots;
	struct slot *slots;
};

struct ratelimit *ratelimit_new(unsigned limit, int64_t window_ms, unsigned slots)
{
	struct ratelimit *rl;

	if (slots == 0)
		return NULL;
	rl = calloc(1, sizeof(*rl));
	if (!rl)
		return NULL;
	rl->slots = calloc(slots, sizeof(*rl->slots));
	if (!rl->slots) {
		free(rl);
		return NULL;
	}
	rl->limit = limit;
	rl->window = window_ms;
	rl->nslots = slots;
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->slots);
	free(rl);
}

/*
 * Finds key's slot, or claims one: an empty or expired slot first, else the
 * oldest slot that is NOT over its limit. A blocked key is never evicted
 * before its window ends, so spraying other keys cannot unblock it. If every
 * slot near the key is blocked, returns NULL and the caller fails closed.
 * Lock held.
 */
static struct slot *find(struct ratelimit *rl, const char *key, int64_t now, bool create)
{
	unsigned char h[SECRET_HASH_LEN];
	unsigned start, probes = rl->nslots < 16 ? rl->nslots : 16;
	struct slot *free_slot = NULL, *oldest = NULL;

	secret_hash(key, strlen(key), h);
	start = ((unsigned)h[0] | (unsigned)h[1] << 8 | (unsigned)h[2] << 16) % rl->nslots;
	for (unsigned i = 0; i < probes; i++) {
		struct slot *s = &rl->slots[(start + i) % rl->nslots];

		if (s->start && memcmp(s->key, h, sizeof(s->key)) == 0)
			return s;
		if (!s->start || now - s->start >= rl->window) {
			if (!free_slot)
				free_slot = s;
		} else if (s->count < rl->limit && (!oldest || s->start < oldest->start)) {
			oldest = s;
		}
	}
	if (!create)
		return NULL;
	if (!free_slot)
		free_slot = oldest;
	if (!free_slot)
		return NULL;
	memcpy(free_slot->key, h, sizeof(free_slot->key));
	free_slot->start = now;
	free_slot->count = 0;
	return free_slot;
}

bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now_ms)
{
	struct slot *s;
	bool ok;

	if (now_ms <= 0)
		now_ms = 1;
	pthread_mutex_lock(&rl->lock);
	s = find(rl, key, now_ms, true);
	if (!s) {
		pthread_mutex_unlock(&rl->lock);
		return false; /* the neighbourhood is full of blocked keys: fail closed */
	}
	if (now_ms - s->start >= rl->window) {
		s->start = now_ms;
		s->count = 0;
	}
	ok = s->count < rl->limit;
	if (ok)
		s->count++;
	pthread_mutex_unlock(&rl->lock);
	return ok;
}

bool ratelimit_blocked(struct ratelimit *rl, const char *key, int64_t now_ms)
{
	struct slot *s;
	bool blocked = false;

	pthread_mutex_lock(&rl->lock);
	s = find(rl, key, now_ms, false);
	if (s && now_ms - s->start < rl->window && s->count >= rl->limit)
		blocked = true;
	pthread_mutex_unlock(&rl->lock);
	return blocked;
}

void ratelimit_clear(struct ratelimit *rl, const char *key)
{
	struct slot *s;

	pthread_mutex_lock(&rl->lock);
	s = find(rl, key, 1, false);
	if (s)
		s->start = 0;
	pthread_mutex_unlock(&rl->lock);
}
