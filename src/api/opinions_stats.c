/*
 * opinions_stats.c — the public dashboard of the public channel (社情民意):
 * issues by category, place, state and month, and days to an answer.
 *
 * The numbers are aggregates over every issue: at a million issues one
 * computation reads the whole table several times (about 4 s on a small
 * machine), and anyone may ask, without an account. So answers are kept:
 * an answer that took t to compute is served again for 20·t, and only while
 * no issue has changed if it covers fewer than 100,000 issues (a county's
 * data, and the tests, always see fresh numbers; the size, not the time
 * taken, decides, so a busy machine does not change what is shown). While one request recomputes an
 * expired answer, the others get the old one instead of starting the same
 * work. A few date ranges are kept (the least recently computed gives way),
 * and computations that find nothing kept are limited per address, so
 * varying the dates cannot make the server do the work over and over.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/opinions.h"
#include "base/clock.h"
#include "base/ratelimit.h"
#include "base/str.h"
#include "store/opinions.h"
#include "base/banned.h"

#define SLOTS	     8
#define TTL_FACTOR   20
#define CHEAP_ISSUES 100000
#define WINDOW_MS    (60LL * 60 * 1000)
#define COMPUTE_RATE 60 /* computations per address and hour */

struct slot {
	char key[24]; /* "from|to", "" for an open end */
	json_t *val;  /* NULL until computed */
	int64_t at;   /* monotonic ms when computed */
	int64_t ttl;
	uint64_t generation; /* of the issues when computed */
	bool follow;	     /* small: fresh only while nothing changed */
	bool busy;	     /* being computed */
};

struct stats_cache {
	pthread_mutex_t mu;
	struct slot s[SLOTS];
	_Atomic uint64_t generation; /* bumped by every change to an issue */
	struct ratelimit *by_ip;
};

struct stats_cache *op_stats_new(void)
{
	struct stats_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->by_ip = ratelimit_new(COMPUTE_RATE, WINDOW_MS, 4096);
	if (!c->by_ip || pthread_mutex_init(&c->mu, NULL)) {
		ratelimit_free(c->by_ip);
		free(c);
		return NULL;
	}
	return c;
}

void op_stats_free(struct stats_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SLOTS; i++)
		json_decref(c->s[i].val);
	ratelimit_free(c->by_ip);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void op_stats_changed(struct stats_cache *c)
{
	if (c)
		atomic_fetch_add(&c->generation, 1);
}

/* ---- computing ---------------------------------------------------------- */

struct stats_ctx {
	const char *from, *to;
	json_t *out;
};

static void st_total(int64_t n, void *arg)
{
	struct stats_ctx *c = arg;

	json_object_set_new(c->out, "total", json_integer(n));
}

static void append_pair(json_t *out, const char *list, const char *key, const char *k, int64_t n)
{
	json_array_append_new(json_object_get(out, list),
			      json_pack("{s:s, s:I}", key, k, "count", (json_int_t)n));
}

static void st_category(const char *k, int64_t n, void *arg)
{
	append_pair(((struct stats_ctx *)arg)->out, "by_category", "category", k, n);
}

static void st_place(const char *k, int64_t n, void *arg)
{
	append_pair(((struct stats_ctx *)arg)->out, "by_place", "place", k, n);
}

static void st_state(const char *k, int64_t n, void *arg)
{
	append_pair(((struct stats_ctx *)arg)->out, "by_state", "state", k, n);
}

static void st_month(const char *m, int64_t submitted, int64_t closed, void *arg)
{
	struct stats_ctx *c = arg;

	json_array_append_new(json_object_get(c->out, "by_month"),
			      json_pack("{s:s, s:I, s:I}", "month", m, "submitted",
					(json_int_t)submitted, "closed", (json_int_t)closed));
}

static void st_days(int64_t closed, int64_t median, int64_t p90, void *arg)
{
	struct stats_ctx *c = arg;

	json_object_set_new(c->out, "answer_days",
			    closed ? json_pack("{s:I, s:I, s:I}", "closed", (json_int_t)closed,
					       "median", (json_int_t)median, "p90", (json_int_t)p90)
				   : json_pack("{s:i, s:n, s:n}", "closed", 0, "median", "p90"));
}

static enum rd_err stats_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	static const struct op_stats_cb cb = {st_total, st_category, st_place,
					      st_state, st_month,    st_days};
	struct stats_ctx *c = arg;

	(void)err;
	return opinion_stats(tx, c->from, c->to, &cb, c);
}

static enum rd_err compute(struct request *req, const char *from, const char *to, json_t **out)
{
	struct app *app = req->app;
	struct stats_ctx c = {.from = from, .to = to};
	char today[16];
	enum rd_err rc;

	op_date_today(today);
	c.out = json_pack("{s:s, s:[], s:[], s:[], s:[]}", "as_of", today, "by_category",
			  "by_place", "by_state", "by_month");
	if (!c.out)
		return RD_ENOMEM;
	json_object_set_new(c.out, "from", from ? json_string(from) : json_null());
	json_object_set_new(c.out, "to", to ? json_string(to) : json_null());
	rc = store_read(app->store, stats_read, &c, &req->err);
	if (rc) {
		json_decref(c.out);
		return rc;
	}
	*out = c.out;
	return RD_OK;
}

/* ---- the cache ---------------------------------------------------------- */

static bool fresh(const struct stats_cache *c, const struct slot *s, int64_t now)
{
	if (!s->val || now - s->at >= s->ttl)
		return false;
	/* Small answers follow every change; large ones live their time. */
	return !s->follow || s->generation == atomic_load(&c->generation);
}

/* The slot for key (claimed for computing when *claimed), or NULL with
 * *copy set to an answer to give. Called with the lock held. */
static struct slot *lookup(struct stats_cache *c, const char *key, int64_t now, json_t **copy,
			   bool *claimed)
{
	struct slot *s = NULL, *victim = NULL;

	*copy = NULL;
	*claimed = false;
	for (int i = 0; i < SLOTS; i++)
		if (strcmp(c->s[i].key, key) == 0 && (c->s[i].val || c->s[i].busy))
			s = &c->s[i];
	if (s && (fresh(c, s, now) || (s->busy && s->val))) {
		*copy = json_deep_copy(s->val);
		return NULL;
	}
	if (s && s->busy)
		return NULL; /* the first computation is running: compute alongside */
	if (!s) {
		for (int i = 0; i < SLOTS; i++) {
			struct slot *t = &c->s[i];

			if (!t->busy && (!victim || !t->val || (victim->val && t->at < victim->at)))
				victim = t;
		}
		if (!victim)
			return NULL;
		s = victim;
		json_decref(s->val);
		memset(s, 0, sizeof(*s));
		str_copy(s->key, sizeof(s->key), key);
	}
	s->busy = true;
	*claimed = true;
	return s;
}

enum rd_err api_public_opinions_stats(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct stats_cache *c = app->opinion_stats;
	const char *from = req_query(req, "from"), *to = req_query(req, "to");
	char key[24];
	json_t *out = NULL;
	struct slot *s;
	bool claimed;
	uint64_t generation;
	int64_t start;
	enum rd_err rc;

	if (from && !op_date_ok(from))
		return req_fail(req, RD_EINVAL, "from", "from must be a date, YYYY-MM-DD");
	if (to && !op_date_ok(to))
		return req_fail(req, RD_EINVAL, "to", "to must be a date, YYYY-MM-DD");
	if (from && to && strcmp(from, to) > 0)
		return req_fail(req, RD_EINVAL, "to", "to is before from");
	snprintf(key, sizeof(key), "%s|%s", from ? from : "", to ? to : "");
	start = clock_mono_ms();
	pthread_mutex_lock(&c->mu);
	s = lookup(c, key, start, &out, &claimed);
	pthread_mutex_unlock(&c->mu);
	if (out)
		return res_json(res, 200, out);
	if (!ratelimit_hit(c->by_ip, req->ip, clock_now_ms())) {
		rc = req_fail(req, RD_ERATE, NULL, "too many different dashboards; try later");
		goto release;
	}
	generation = atomic_load(&c->generation);
	rc = compute(req, from, to, &out);
	if (rc)
		goto release;
	if (claimed) {
		json_t *keep = json_deep_copy(out);
		int64_t now = clock_mono_ms();

		pthread_mutex_lock(&c->mu);
		json_decref(s->val);
		s->val = keep;
		s->at = now;
		/* At least a millisecond's worth, so a fast answer is kept at all. */
		s->ttl = TTL_FACTOR * (now - start > 0 ? now - start : 1);
		s->generation = generation;
		s->follow = json_integer_value(json_object_get(out, "total")) < CHEAP_ISSUES;
		s->busy = false;
		pthread_mutex_unlock(&c->mu);
		claimed = false;
	}
	return res_json(res, 200, out);
release:
	if (claimed) {
		pthread_mutex_lock(&c->mu);
		s->busy = false;
		pthread_mutex_unlock(&c->mu);
	}
	return rc;
}
