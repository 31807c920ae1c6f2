/* reminders.c — see reminders.h. */
#include "api/reminders.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "rules/handling.h"
#include "store/audit.h"
#include "store/reminders.h"
#include "base/banned.h"

#define KIND	      "deadlines" /* reminders.kind: replies overdue or due soon */
#define ACTOR	      "renda-remind"
#define SWEEP_ARENA   (64u << 20)
#define MAIL_BODY_MAX (512u << 10)

struct item {
	int64_t id;
	const char *title, *state;
	struct civil_date due;
	enum remind_kind kind;
};

struct unit_mail {
	int64_t id;
	const char *name, *email;
	struct item *items;
	size_t n, cap, overdue, soon;
};

struct sweep {
	struct arena a;
	struct civil_date today;
	int32_t days;
	struct unit_mail *units;
	size_t n, cap;
	bool nomem;
};

/* Grows an array of elem-sized entries in the arena (the old copy stays
 * there until the sweep ends: small). */
static void *grow(struct arena *a, void *arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return arr;
	p = arena_alloc(a, ncap * elem);
	if (!p)
		return NULL;
	if (arr && n)
		memcpy(p, arr, n * elem);
	*cap = ncap;
	return p;
}

static int collect(const struct reminder_item *it, void *arg)
{
	struct sweep *w = arg;
	struct unit_mail *u;
	struct item *x;
	struct civil_date due;

	if (dates_parse(it->due_on, strlen(it->due_on), &due, NULL))
		return 0; /* not a date: nothing to remind of */
	if (w->n && w->units[w->n - 1].id == it->unit_id) {
		u = &w->units[w->n - 1];
	} else {
		w->units = grow(&w->a, w->units, &w->cap, w->n, sizeof(*w->units));
		if (!w->units)
			goto nomem;
		u = &w->units[w->n++];
		memset(u, 0, sizeof(*u));
		u->id = it->unit_id;
		u->name = arena_strdup(&w->a, it->unit_name);
		u->email = arena_strdup(&w->a, it->unit_email);
		if (!u->name || !u->email)
			goto nomem;
	}
	u->items = grow(&w->a, u->items, &u->cap, u->n, sizeof(*u->items));
	if (!u->items)
		goto nomem;
	x = &u->items[u->n];
	x->id = it->suggestion_id;
	x->title = arena_strdup(&w->a, it->title);
	x->state = arena_strdup(&w->a, it->state);
	x->due = due;
	x->kind = handling_remind_kind(w->today, due, w->days);
	if (!x->title || !x->state)
		goto nomem;
	if (x->kind == REMIND_NONE)
		return 0;
	u->n++;
	if (x->kind == REMIND_OVERDUE)
		u->overdue++;
	else
		u->soon++;
	return 0;
nomem:
	w->nomem = true;
	return 1;
}

struct due_read {
	struct sweep *w;
	const char *horizon;
};

static enum rd_err due_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct due_read *r = arg;

	(void)err;
	return reminders_due_each(tx, r->horizon, collect, r->w);
}

struct sent_read {
	int64_t unit_id;
	const char *on;
	bool sent;
};

static enum rd_err sent_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct sent_read *r = arg;

	(void)err;
	return reminder_was_sent(tx, r->unit_id, r->on, KIND, &r->sent);
}

/* The mail, in Chinese: overdue items first, then those due soon. */
static void put_items(struct buf *b, const struct unit_mail *u, struct civil_date today,
		      enum remind_kind kind)
{
	int k = 0;

	for (size_t i = 0; i < u->n; i++) {
		const struct item *x = &u->items[i];
		int64_t left = handling_days_between(today, x->due);

		if (x->kind != kind)
			continue;
		buf_printf(b, "  %d. 第%lld号《%s》%s，应于%04d年%d月%d日前答复，", ++k,
			   (long long)x->id, x->title,
			   strcmp(x->state, "rehandling") == 0 ? "（重新办理）" : "", x->due.y,
			   x->due.m, x->due.d);
		if (left < 0)
			buf_printf(b, "已逾期%lld天。\n", (long long)-left);
		else if (left == 0)
			buf_puts(b, "今日到期。\n");
		else
			buf_printf(b, "还有%lld天。\n", (long long)left);
	}
}

static void compose(struct buf *subject, struct buf *body, const struct unit_mail *u,
		    struct civil_date today, int32_t days)
{
	buf_printf(subject, "【代表建议办理提醒】%s：%zu件已逾期，%zu件即将到期（%04d-%02d-%02d）",
		   u->name, u->overdue, u->soon, today.y, today.m, today.d);
	buf_printf(body,
		   "%s：\n\n截至%04d年%d月%d日，贵单位主办的下列代表建议答复期限已过或将在%d日内"
		   "届满（《代表法》第五十一条：自交办之日起三个月内答复，经同意延期的"
		   "不超过六个月）。请抓紧办理，按时答复代表。\n",
		   u->name, today.y, today.m, today.d, days);
	if (u->overdue) {
		buf_printf(body, "\n已逾期（%zu件）：\n", u->overdue);
		put_items(body, u, today, REMIND_OVERDUE);
	}
	if (u->soon) {
		buf_printf(body, "\n即将到期（%zu件）：\n", u->soon);
		put_items(body, u, today, REMIND_DUE_SOON);
	}
	buf_puts(body, "\n本邮件由代表建议办理系统自动发送，每个单位每日至多一封，请勿直接回复。\n"
		       "人大常委会办公室\n");
}

struct record_ctx {
	const struct unit_mail *u;
	const char *on;
	bool already;
};

static enum rd_err record_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct record_ctx *c = arg;
	const struct unit_mail *u = c->u;
	json_t *detail = NULL, *ids = json_array();
	char subject[32], *text = NULL;
	enum rd_err rc;
	int64_t now = clock_now_ms();

	(void)err;
	rc = reminder_record(tx, u->id, c->on, KIND, now, u->email, (int64_t)u->n);
	if (rc == RD_ECONFLICT) {
		c->already = true; /* another sweep recorded it meanwhile */
		rc = RD_OK;
		goto out;
	}
	if (rc)
		goto out;
	for (size_t i = 0; ids && i < u->n; i++)
		json_array_append_new(ids, json_integer(u->items[i].id));
	detail = json_pack("{s:s, s:s, s:s, s:O, s:I, s:I}", "kind", KIND, "on", c->on, "to",
			   u->email, "suggestions", ids, "overdue", (json_int_t)u->overdue,
			   "due_soon", (json_int_t)u->soon);
	text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!text) {
		rc = RD_ENOMEM;
		goto out;
	}
	snprintf(subject, sizeof(subject), "unit:%lld", (long long)u->id);
	rc = audit_append(tx, now, ACTOR, "reminder.send", subject, text, NULL);
out:
	free(text);
	json_decref(detail);
	json_decref(ids);
	return rc;
}

static void say(const struct remind_options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(const struct remind_options *o, const char *fmt, ...)
{
	va_list ap;

	if (!o->report)
		return;
	va_start(ap, fmt);
	vfprintf(o->report, fmt, ap);
	va_end(ap);
}

/* Sends and records one unit's reminder. */
static enum rd_err remind_unit(struct store *s, const struct remind_options *o,
			       const struct unit_mail *u, const char *on, struct remind_result *res,
			       struct rd_error *err)
{
	struct sent_read sr = {.unit_id = u->id, .on = on};
	struct record_ctx rc_ctx = {.u = u, .on = on};
	struct buf subject, body;
	struct rd_error e = {0};
	enum rd_err rc;

	if (!u->email[0]) {
		res->no_address++;
		say(o,
		    "no address  %s: %zu overdue, %zu due soon (give the unit an e-mail address)\n",
		    u->name, u->overdue, u->soon);
		return RD_OK;
	}
	rc = store_read(s, sent_read, &sr, err);
	if (rc)
		return rc;
	if (sr.sent) {
		res->already++;
		say(o, "already     %s <%s>: reminded on %s\n", u->name, u->email, on);
		return RD_OK;
	}
	if (o->dry_run) {
		say(o, "would send  %s <%s>: %zu overdue, %zu due soon\n", u->name, u->email,
		    u->overdue, u->soon);
		return RD_OK;
	}
	buf_init(&subject, 4096);
	buf_init(&body, MAIL_BODY_MAX);
	compose(&subject, &body, u, o->today, o->days);
	rc = buf_error(&subject) ? buf_error(&subject) : buf_error(&body);
	if (!rc)
		rc = mail_send(&o->smtp, u->email, buf_str(&subject), buf_str(&body), &e);
	buf_release(&subject);
	buf_release(&body);
	if (rc) {
		res->failed++;
		say(o, "FAILED      %s <%s>: %s\n", u->name, u->email,
		    e.message[0] ? e.message : "cannot compose the mail");
		if (!err->code)
			rd_fail(err, rc, "smtp", "%s <%s>: %s", u->name, u->email,
				e.message[0] ? e.message : "cannot compose the mail");
		return RD_OK; /* the other units still get theirs */
	}
	rc = store_write(s, record_write, &rc_ctx, err);
	if (rc)
		return rc;
	if (rc_ctx.already) {
		res->already++;
		say(o, "already     %s <%s>: recorded meanwhile by another sweep\n", u->name,
		    u->email);
		return RD_OK;
	}
	res->sent++;
	res->items += (int)u->n;
	say(o, "sent        %s <%s>: %zu overdue, %zu due soon\n", u->name, u->email, u->overdue,
	    u->soon);
	return RD_OK;
}

enum rd_err reminders_sweep(struct store *s, const struct remind_options *o,
			    struct remind_result *out, struct rd_error *err)
{
	struct sweep w = {.today = o->today, .days = o->days};
	struct civil_date horizon;
	char hz[16], on[16];
	struct due_read dr = {.w = &w, .horizon = hz};
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	rc = handling_remind_horizon(o->today, o->days, &horizon, err);
	if (rc)
		return rc;
	dates_format(horizon, hz);
	dates_format(o->today, on);
	arena_init(&w.a, SWEEP_ARENA);
	rc = store_read(s, due_read, &dr, err);
	if (!rc && w.nomem)
		rc = RD_ENOMEM;
	for (size_t i = 0; !rc && i < w.n; i++)
		if (w.units[i].n)
			rc = remind_unit(s, o, &w.units[i], on, out, err);
	arena_release(&w.a);
	if (!rc && out->failed)
		rc = RD_EIO;
	return rc;
}
