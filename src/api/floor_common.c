/*
 * floor_common.c — the floor's shared helpers (see api/floor.h): JSON shapes,
 * the quorum from src/rules, the caller's delegate record, and the thread
 * that publishes vote progress without flooding the screens.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/floor.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/secret.h"
#include "base/str.h"
#include "rules/counting.h"
#include "store/users.h"
#include "base/banned.h"

json_t *floor_delegate_json(const struct delegate *d)
{
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
		(json_int_t)d->id, "term_id", (json_int_t)d->term_id, "name", d->name, "gender",
		d->gender, "ethnicity", d->ethnicity, "birth_date", d->birth_date, "party",
		d->party, "occupation", d->occupation, "delegation", d->delegation, "constituency",
		d->constituency, "seat", d->seat, "status", d->status, "status_date",
		d->status_date, "status_reason", d->status_reason, "has_account", d->user_id != 0);

	if (j)
		json_object_set_new(j, "delegation_id",
				    d->delegation_id ? json_integer(d->delegation_id)
						     : json_null());
	return j;
}

json_t *floor_plenary_json(const struct plenary *p)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id,
			 "session_id", (json_int_t)p->session_id, "number", (json_int_t)p->number,
			 "title", p->title, "scheduled_at", p->scheduled_at, "state", p->state,
			 "current_item_id",
			 p->current_item_id ? json_integer(p->current_item_id) : json_null());
}

json_t *floor_item_json(const struct agenda_item *it)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:o}", "id", (json_int_t)it->id, "plenary_id",
			 (json_int_t)it->plenary_id, "position", (json_int_t)it->position, "title",
			 it->title, "document_id",
			 it->document_id ? json_integer(it->document_id) : json_null());
}

json_t *floor_quorum_json(const struct quorum *q)
{
	return json_pack("{s:I, s:I, s:I, s:b}", "all", (json_int_t)q->all, "present",
			 (json_int_t)q->present, "required", (json_int_t)q->required, "met",
			 q->met);
}

json_t *floor_poll_json(const struct poll *p, bool show_result)
{
	json_t *j = json_pack("{s:I, s:I, s:o, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)p->id,
			      "plenary_id", (json_int_t)p->plenary_id, "agenda_item_id",
			      p->agenda_item_id ? json_integer(p->agenda_item_id) : json_null(),
			      "title", p->title, "threshold", poll_threshold_name(p->threshold),
			      "anonymous", p->anonymous, "press_mode",
			      p->last_press ? "last" : "first", "state", p->state);

	if (!j)
		return NULL;
	if (show_result && p->has_result)
		json_object_set_new(
			j, "result",
			json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "all",
				  (json_int_t)p->count.all, "present", (json_int_t)p->count.present,
				  "yes", (json_int_t)p->count.yes, "no", (json_int_t)p->count.no,
				  "abstain", (json_int_t)p->count.abstain, "not_voted",
				  (json_int_t)p->count.not_voted, "needed", (json_int_t)p->needed,
				  "passed", p->passed));
	else
		json_object_set_new(j, "result", json_null());
	return j;
}

enum rd_err floor_quorum(struct store_tx *tx, int64_t plenary_id, struct quorum *q)
{
	struct delegate_counts c;
	int64_t term_id, present, all;
	enum rd_err rc;

	rc = plenary_term(tx, plenary_id, &term_id);
	if (rc)
		return rc;
	rc = delegate_counts(tx, term_id, &c);
	if (rc)
		return rc;
	rc = attendance_present(tx, plenary_id, &present);
	if (rc)
		return rc;
	all = rules_all_delegates(&c);
	if (all < 0)
		return RD_EINTERNAL;
	return poll_quorum(all, present, q, NULL);
}

enum rd_err floor_require_sitting(struct store_tx *tx, const struct plenary *p,
				  struct rd_error *err)
{
	struct quorum q;
	enum rd_err rc;

	if (strcmp(p->state, "open") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "open the plenary first");
	rc = floor_quorum(tx, p->id, &q);
	if (rc)
		return rc;
	if (!q.met)
		return rd_fail(err, RD_ECONFLICT, "quorum",
			       "no quorum: %lld present, %lld required of %lld",
			       (long long)q.present, (long long)q.required, (long long)q.all);
	return RD_OK;
}

enum rd_err floor_caller_delegate(struct store_tx *tx, const struct request *req,
				  int64_t plenary_id, struct delegate *out, struct rd_error *err)
{
	int64_t term_id;
	enum rd_err rc = plenary_term(tx, plenary_id, &term_id);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no such plenary");
	if (rc)
		return rc;
	rc = delegate_by_user(tx, term_id, req->user.id, out);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "your account is not a delegate of this congress");
	return rc;
}

struct quorum_ctx {
	int64_t plenary_id;
	struct quorum q;
};

static enum rd_err quorum_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct quorum_ctx *c = arg;

	(void)err;
	return floor_quorum(tx, c->plenary_id, &c->q);
}

void floor_publish_attendance(struct app *app, int64_t plenary_id)
{
	struct quorum_ctx c = {.plenary_id = plenary_id};

	if (store_read(app->store, quorum_read, &c, NULL))
		return;
	api_publish(app, "floor.attendance",
		    json_pack("{s:I, s:o}", "plenary_id", (json_int_t)plenary_id, "quorum",
			      floor_quorum_json(&c.q)));
}

void floor_card_code(char out[48])
{
	/* No 0/O or 1/I/L: codes may be typed at the desk from a printed card. */
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	size_t i;

	for (i = 0; i < 10; i++)
		out[i] = alphabet[secret_uniform(sizeof(alphabet) - 1)];
	out[i] = '\0';
}

/* ------------------------------------------------------------------------
 * Vote progress. A vote marks its poll dirty; this thread publishes, for
 * each dirty poll, the count of votes as floor.progress: at once when the
 * floor was quiet (so a single vote shows without delay), then at most every
 * PROGRESS_TICK_MS while votes keep coming. 3,000 votes in a second make
 * about twenty events, not 3,000, and the last vote is on every screen
 * within one tick. Check-ins are published the same way.
 */
#define PROGRESS_TICK_MS 50
#define PROGRESS_SLOTS	 16

/*
 * Several nodes on one PostgreSQL each publish the counts they read, and
 * the events are ordered by when they reach the database, not by when the
 * counts were read: node B's count read just before the last vote (on node
 * A) can land after A's final count, and the screens would stop one short.
 * So after publishing a count, the thread reads it again every tick and
 * publishes again while it changes; only a read that shows what it last
 * published ends the watch. The final count then comes last from every
 * node that published. With one node it costs one read per poll after the
 * votes stop.
 */
struct settling {
	int64_t id; /* poll or plenary, 0 = free */
	char *text; /* the event data last published for it */
};

struct floor_progress {
	struct app *app;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
	int kick;			   /* publish now: the floor was quiet */
	int64_t last_ms;		   /* when the thread last published */
	int64_t dirty[PROGRESS_SLOTS];	   /* polls with new votes */
	int64_t attending[PROGRESS_SLOTS]; /* plenaries with new check-ins */
	/* The thread's own (no lock): what it last published per poll and per
	 * plenary, until a read shows nothing new. See settle(). */
	struct settling polls[PROGRESS_SLOTS], plenaries[PROGRESS_SLOTS];
};

struct count_ctx {
	int64_t poll_id;
	int64_t plenary_id;
	int64_t voted;
};

static enum rd_err count_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct count_ctx *c = arg;
	int64_t y, n, a;
	enum rd_err rc;

	(void)err;
	struct poll p;

	rc = votes_count(tx, c->poll_id, &y, &n, &a);
	c->voted = y + n + a;
	if (!rc)
		rc = poll_get(tx, c->poll_id, &p);
	c->plenary_id = rc ? 0 : p.plenary_id;
	return rc;
}

static json_t *progress_json(struct app *app, int64_t poll_id)
{
	struct count_ctx c = {.poll_id = poll_id};

	if (store_read(app->store, count_read, &c, NULL))
		return NULL;
	return json_pack("{s:I, s:I, s:I}", "poll_id", (json_int_t)c.poll_id, "plenary_id",
			 (json_int_t)c.plenary_id, "voted", (json_int_t)c.voted);
}

static json_t *attendance_json(struct app *app, int64_t plenary_id)
{
	struct quorum_ctx c = {.plenary_id = plenary_id};

	if (store_read(app->store, quorum_read, &c, NULL))
		return NULL;
	return json_pack("{s:I, s:o}", "plenary_id", (json_int_t)plenary_id, "quorum",
			 floor_quorum_json(&c.q));
}

/*
 * One tick for one kind of event: publishes, for every id marked dirty
 * (`todo`) and every id still settling, what a read shows now — always for
 * a dirty id, for a settling one only when it changed — and ends the watch
 * of a settling id whose read is unchanged.
 */
static void settle(struct app *app, const char *type, const int64_t *todo, struct settling *set,
		   json_t *(*read)(struct app *, int64_t))
{
	int64_t ids[2 * PROGRESS_SLOTS];
	int n = 0;

	for (int i = 0; i < PROGRESS_SLOTS; i++)
		if (todo[i])
			ids[n++] = todo[i];
	for (int i = 0; i < PROGRESS_SLOTS; i++) {
		bool seen = false;

		for (int j = 0; j < PROGRESS_SLOTS && set[i].id && !seen; j++)
			seen = todo[j] == set[i].id;
		if (set[i].id && !seen)
			ids[n++] = set[i].id;
	}
	for (int k = 0; k < n; k++) {
		bool dirty = false;
		struct settling *slot = NULL, *free_slot = NULL;
		json_t *j = read(app, ids[k]);
		char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

		for (int i = 0; i < PROGRESS_SLOTS; i++) {
			if (set[i].id == ids[k])
				slot = &set[i];
			else if (!set[i].id && !free_slot)
				free_slot = &set[i];
		}
		for (int i = 0; i < PROGRESS_SLOTS; i++)
			dirty = dirty || todo[i] == ids[k];
		if (!text) {
			json_decref(j);
			continue;
		}
		if (!dirty && slot && strcmp(slot->text, text) == 0) {
			/* Settled: what we published last is what there is. */
			free(slot->text);
			slot->text = NULL;
			slot->id = 0;
			free(text);
			json_decref(j);
			continue;
		}
		api_publish(app, type, j); /* consumes j */
		if (!slot)
			slot = free_slot;
		if (slot) {
			free(slot->text);
			slot->id = ids[k];
			slot->text = text;
		} else {
			free(text); /* all slots busy: this one is not watched */
		}
	}
}

static void *progress_main(void *arg)
{
	struct floor_progress *fp = arg;
	int64_t todo[PROGRESS_SLOTS], plenaries[PROGRESS_SLOTS];
	struct timespec ts;

	pthread_mutex_lock(&fp->lock);
	while (!fp->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += PROGRESS_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (!fp->kick)
			pthread_cond_timedwait(&fp->cond, &fp->lock, &ts);
		fp->kick = 0;
		fp->last_ms = clock_mono_ms();
		memcpy(todo, fp->dirty, sizeof(todo));
		memset(fp->dirty, 0, sizeof(fp->dirty));
		memcpy(plenaries, fp->attending, sizeof(plenaries));
		memset(fp->attending, 0, sizeof(fp->attending));
		pthread_mutex_unlock(&fp->lock);
		settle(fp->app, "floor.attendance", plenaries, fp->plenaries, attendance_json);
		settle(fp->app, "floor.progress", todo, fp->polls, progress_json);
		pthread_mutex_lock(&fp->lock);
	}
	pthread_mutex_unlock(&fp->lock);
	return NULL;
}

enum rd_err floor_progress_start(struct app *app)
{
	struct floor_progress *fp = calloc(1, sizeof(*fp));

	if (!fp)
		return RD_ENOMEM;
	fp->app = app;
	pthread_mutex_init(&fp->lock, NULL);
	pthread_cond_init(&fp->cond, NULL);
	if (pthread_create(&fp->thread, NULL, progress_main, fp) != 0) {
		pthread_mutex_destroy(&fp->lock);
		pthread_cond_destroy(&fp->cond);
		free(fp);
		return RD_EINTERNAL;
	}
	app->progress = fp;
	return RD_OK;
}

void floor_progress_stop(struct app *app)
{
	struct floor_progress *fp = app->progress;

	if (!fp)
		return;
	pthread_mutex_lock(&fp->lock);
	fp->stop = 1;
	pthread_cond_signal(&fp->cond);
	pthread_mutex_unlock(&fp->lock);
	pthread_join(fp->thread, NULL);
	for (int i = 0; i < PROGRESS_SLOTS; i++) {
		free(fp->polls[i].text);
		free(fp->plenaries[i].text);
	}
	pthread_mutex_destroy(&fp->lock);
	pthread_cond_destroy(&fp->cond);
	free(fp);
	app->progress = NULL;
}

/* Adds id to a set of slots unless it is there; a full set drops it (the
 * next tick still carries the others, and the screens refetch on reconnect). */
static void mark(struct floor_progress *fp, int64_t *set, int64_t id)
{
	int free_slot = -1;

	if (!fp)
		return;
	pthread_mutex_lock(&fp->lock);
	for (int i = 0; i < PROGRESS_SLOTS; i++) {
		if (set[i] == id)
			goto out;
		if (!set[i] && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0)
		set[free_slot] = id;
	/* Quiet for a tick or more: wake the thread now instead of waiting. */
	if (clock_mono_ms() - fp->last_ms >= PROGRESS_TICK_MS) {
		fp->kick = 1;
		pthread_cond_signal(&fp->cond);
	}
out:
	pthread_mutex_unlock(&fp->lock);
}

void floor_progress_mark(struct app *app, int64_t poll_id)
{
	if (app->progress)
		mark(app->progress, app->progress->dirty, poll_id);
}

void floor_attendance_mark(struct app *app, int64_t plenary_id)
{
	if (app->progress)
		mark(app->progress, app->progress->attending, plenary_id);
}
