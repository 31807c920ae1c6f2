/*
 * duty.c — a delegate's duty record (履职档案), the public profile, the
 * delegate's code (代表码) and the liaison activities a delegate records
 * (RULES §10: delegates keep in touch with the people who elected them, and
 * the congress keeps a record of how each delegate does the work).
 *
 * The record is built only from what renda already stores (store/duty.h):
 * attendance at plenaries, the polls voted in, the election rounds taken
 * part in, suggestions proposed or co-signed with their results, the public
 * issues routed to the delegate and the liaison activities. One builder,
 * duty_build(), serves the JSON, the PDF and the public summary, so the
 * three cannot count differently.
 *
 * Secret ballots: an election round is listed only as taken part in (the
 * register has nothing else), and the choice of an anonymous poll never
 * leaves the store. Who may read the whole record: the delegate (the
 * account linked by delegates.user_id) and staff. The public profile shows
 * what a published list of delegates shows — no birth date, seat, card code
 * or account — and the counts of the summary.
 *
 * A year is a calendar year in Asia/Shanghai (UTC+8 all year): each item is
 * placed by its own time (a plenary by its first check-in or vote, a poll
 * and a round by when voting opened, a suggestion or an issue by when it was
 * submitted, an activity by the day it was held).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "base/clock.h"
#include "base/str.h"
#include "doc/pdf.h"
#include "doc/qr_svg.h"
#include "rules/dates.h"
#include "store/duty.h"
#include "store/floor.h"
#include "store/users.h"
#include "base/banned.h"

/* The deployment's time zone (RULES §5): Asia/Shanghai, UTC+8 all year. */
#define DUTY_PDF_MAX   (16u << 20)
#define DUTY_ARENA     (32u << 20)
#define NOTE_MAX_CHARS 500
#define HOST_MAX       253	    /* a DNS name, with room for ":port" inside it */
#define FIRST_DAY      "2000-01-01" /* activities before this are typing errors */

static const char *const kinds[] = {"contact", "visit", "reception", "survey", "other"};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))
static const char *const opinion_states[] = {"submitted", "routed", "taken",   "suggested",
					     "closed",	  "merged", "rejected"};
#define N_OPINION_STATES (sizeof(opinion_states) / sizeof(opinion_states[0]))
static const char *const results[] = {"solved", "planned", "not_possible", "explained"};
#define N_RESULTS (sizeof(results) / sizeof(results[0]))
static const char *const ratings[] = {"satisfied", "basically_satisfied", "dissatisfied"};
#define N_RATINGS (sizeof(ratings) / sizeof(ratings[0]))

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static struct civil_date today(void)
{
	return dates_of_instant(clock_now_ms());
}

/* The civil day of an instant, "YYYY-MM-DD". */
static void day_of(int64_t ms, char out[11])
{
	dates_format(dates_of_instant(ms), out);
}

static void period_of_year(int year, struct duty_period *p)
{
	struct civil_date first = {year, 1, 1}, next = {year + 1, 1, 1};

	p->from_ms = dates_start_ms(first);
	p->to_ms = dates_start_ms(next);
	snprintf(p->from_day, sizeof(p->from_day), "%04d-01-01", year);
	snprintf(p->to_day, sizeof(p->to_day), "%04d-12-31", year);
}

static json_t *time_json(int64_t ms)
{
	char s[32];

	if (!ms)
		return json_null();
	clock_iso8601(ms, s, sizeof(s));
	return json_string(s);
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* ---- Chinese labels for the printed record -------------------------------- */

static const char *plenary_state_zh(const char *s)
{
	return strcmp(s, "present") == 0 ? "出席" : strcmp(s, "excused") == 0 ? "请假" : "缺席";
}

static const char *choice_zh(const char *s, bool anonymous)
{
	if (anonymous)
		return "无记名表决";
	return strcmp(s, "yes") == 0	   ? "赞成"
	       : strcmp(s, "no") == 0	   ? "反对"
	       : strcmp(s, "abstain") == 0 ? "弃权"
					   : "未公布";
}

static const char *round_kind_zh(const char *s)
{
	return strcmp(s, "tie_vote") == 0      ? "再次投票"
	       : strcmp(s, "re_election") == 0 ? "另行选举"
					       : "选举";
}

static const char *role_zh(const char *s)
{
	return strcmp(s, "proposer") == 0 ? "领衔" : "附议";
}

static const char *sugg_state_zh(const char *s)
{
	static const char *const map[][2] = {
		{"submitted", "待交办"},	  {"assigned", "已交办"},
		{"return_requested", "申请退回"}, {"replied", "已答复"},
		{"rehandling", "重新办理"},	  {"closed", "已办结"},
		{"rejected", "不予立案"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], s) == 0)
			return map[i][1];
	return s;
}

static const char *result_zh(const char *s)
{
	static const char *const zh[N_RESULTS] = {"已解决或部分解决", "列入计划", "暂不能解决",
						  "留作参考"};
	int k = index_of(results, N_RESULTS, s);

	return k >= 0 ? zh[k] : "—";
}

static const char *opinion_state_zh(const char *s)
{
	static const char *const zh[N_OPINION_STATES] = {
		"已提交", "已转交", "已受理", "已转为建议", "已办结", "已合并", "不予受理"};
	int k = index_of(opinion_states, N_OPINION_STATES, s);

	return k >= 0 ? zh[k] : s;
}

static const char *kind_zh(const char *s)
{
	static const char *const zh[N_KINDS] = {"联系群众", "走访", "接待群众", "调研", "其他"};
	int k = index_of(kinds, N_KINDS, s);

	return k >= 0 ? zh[k] : s;
}

/* ---- the record ---------------------------------------------------------- */

struct duty_counts {
	int64_t plenaries, present, absent, excused;
	int64_t polls_held, polls_voted, rounds;
	int64_t suggestions, proposed, co_signed, replied, sugg_closed;
	int64_t by_result[N_RESULTS], by_rating[N_RATINGS];
	int64_t opinions, by_opinion_state[N_OPINION_STATES];
	int64_t activities, by_kind[N_KINDS];
};

/* The tables of the printed record, in print order. */
enum { T_PLENARIES, T_POLLS, T_ROUNDS, T_SUGGESTIONS, T_OPINIONS, T_ACTIVITIES, N_TABLES };

struct duty_cells {
	const char **v; /* row by row, in the ctx's arena */
	size_t n, cap;
};

struct duty_ctx {
	struct request *req;
	int64_t id;
	int year;
	struct duty_period period;
	bool check_access; /* the whole record: the delegate or staff only */
	bool hide_terminated;
	struct delegate d;
	char term_name[FLOOR_TITLE]; /* 示范县第十七届人民代表大会 */
	struct duty_counts n;
	json_t *plenaries, *polls, *rounds, *suggestions, *opinions, *activities, *stations;
	struct arena *a; /* for the PDF: its cells are kept here; NULL for JSON only */
	struct duty_cells cells[N_TABLES];
	bool fail; /* out of memory in a callback */
};

static void duty_ctx_release(struct duty_ctx *c)
{
	json_decref(c->plenaries);
	json_decref(c->polls);
	json_decref(c->rounds);
	json_decref(c->suggestions);
	json_decref(c->opinions);
	json_decref(c->activities);
	json_decref(c->stations);
}

static void push(struct duty_ctx *c, json_t *arr, json_t *item)
{
	if (!item || json_array_append_new(arr, item))
		c->fail = true;
}

/* Appends copies of n cells to table t of the printed record (when one is
 * being made). */
static void row(struct duty_ctx *c, int t, size_t n, const char *const *v)
{
	struct duty_cells *cl = &c->cells[t];

	if (!c->a || c->fail)
		return;
	if (cl->n + n > cl->cap) {
		size_t cap = cl->cap ? cl->cap * 2 : 64;
		const char **nv;

		while (cap < cl->n + n)
			cap *= 2;
		nv = arena_alloc(c->a, sizeof(*nv) * cap);
		if (!nv) {
			c->fail = true;
			return;
		}
		if (cl->n)
			memcpy(nv, cl->v, sizeof(*nv) * cl->n);
		cl->v = nv;
		cl->cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		const char *s = arena_strdup(c->a, v[i] ? v[i] : "");

		if (!s)
			c->fail = true;
		cl->v[cl->n++] = s ? s : "";
	}
}

static int on_plenary(const struct duty_plenary *p, void *arg)
{
	struct duty_ctx *c = arg;
	char day[11];

	/* A delegate whose duties ended (terminated) or are suspended is not
	 * counted absent from plenaries held after that day. */
	day_of(p->held_at, day);
	if (strcmp(c->d.status, "sitting") != 0 && c->d.status_date[0] &&
	    strcmp(day, c->d.status_date) > 0)
		return 0;
	c->n.plenaries++;
	if (strcmp(p->state, "present") == 0)
		c->n.present++;
	else if (strcmp(p->state, "excused") == 0)
		c->n.excused++;
	else
		c->n.absent++;
	push(c, c->plenaries,
	     json_pack("{s:I, s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)p->id, "number",
		       (json_int_t)p->number, "title", p->title, "session", p->session, "held_at",
		       time_json(p->held_at), "state", p->state));
	if (c->a) {
		const char *v[] = {day, arena_printf(c->a, "%s　%s", p->session, p->title),
				   plenary_state_zh(p->state)};

		row(c, T_PLENARIES, 3, v);
	}
	return c->fail;
}

static int on_poll(const struct duty_poll *p, void *arg)
{
	struct duty_ctx *c = arg;

	c->n.polls_voted++;
	push(c, c->polls,
	     json_pack("{s:I, s:s, s:s, s:o, s:b, s:o}", "id", (json_int_t)p->id, "title", p->title,
		       "plenary", p->plenary, "opened_at", time_json(p->opened_at), "anonymous",
		       p->anonymous, "choice", text_or_null(p->choice)));
	if (c->a) {
		char day[11];
		const char *v[] = {day, arena_printf(c->a, "%s（%s）", p->title, p->plenary),
				   choice_zh(p->choice, p->anonymous)};

		day_of(p->opened_at, day);
		row(c, T_POLLS, 3, v);
	}
	return c->fail;
}

static int on_round(const struct duty_round *r, void *arg)
{
	struct duty_ctx *c = arg;

	c->n.rounds++;
	push(c, c->rounds,
	     json_pack("{s:I, s:s, s:s, s:s, s:o}", "round_id", (json_int_t)r->id, "election",
		       r->election, "office", r->office, "kind", r->kind, "opened_at",
		       time_json(r->opened_at)));
	if (c->a) {
		char day[11];
		const char *v[] = {day, r->election, round_kind_zh(r->kind)};

		day_of(r->opened_at, day);
		row(c, T_ROUNDS, 3, v);
	}
	return c->fail;
}

static int on_suggestion(const struct duty_suggestion *s, void *arg)
{
	struct duty_ctx *c = arg;
	int k;

	c->n.suggestions++;
	if (strcmp(s->role, "proposer") == 0)
		c->n.proposed++;
	else
		c->n.co_signed++;
	k = index_of(results, N_RESULTS, s->result);
	if (k >= 0) {
		c->n.replied++;
		c->n.by_result[k]++;
	}
	k = index_of(ratings, N_RATINGS, s->rating);
	if (k >= 0)
		c->n.by_rating[k]++;
	if (strcmp(s->state, "closed") == 0)
		c->n.sugg_closed++;
	push(c, c->suggestions,
	     json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)s->id,
		       "title", s->title, "role", s->role, "state", s->state, "category",
		       s->category, "submitted_at", time_json(s->submitted_at), "result",
		       text_or_null(s->result), "rating", text_or_null(s->rating), "lead_unit",
		       text_or_null(s->lead_unit)));
	if (c->a) {
		char day[11];
		const char *v[] = {day, s->title, role_zh(s->role),
				   s->result[0]
					   ? arena_printf(c->a, "%s：%s", sugg_state_zh(s->state),
							  result_zh(s->result))
					   : sugg_state_zh(s->state)};

		day_of(s->submitted_at, day);
		row(c, T_SUGGESTIONS, 4, v);
	}
	return c->fail;
}

static int on_opinion(const struct duty_opinion *o, void *arg)
{
	struct duty_ctx *c = arg;
	int k = index_of(opinion_states, N_OPINION_STATES, o->state);

	c->n.opinions++;
	if (k >= 0)
		c->n.by_opinion_state[k]++;
	push(c, c->opinions,
	     json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)o->id, "code",
		       o->code, "title", o->title, "state", o->state, "category", o->category,
		       "submitted_at", time_json(o->submitted_at), "closed_at",
		       time_json(o->closed_at)));
	if (c->a) {
		char day[11];
		const char *v[] = {day, o->code, o->title, opinion_state_zh(o->state)};

		day_of(o->submitted_at, day);
		row(c, T_OPINIONS, 4, v);
	}
	return c->fail;
}

static json_t *activity_json(const struct duty_activity *a)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)a->id, "kind", a->kind,
			      "held_on", a->held_on, "note", a->note, "at", time_json(a->at));

	if (!j)
		return NULL;
	json_object_set_new(j, "station",
			    a->station_id ? json_pack("{s:I, s:s}", "id", (json_int_t)a->station_id,
						      "name", a->station)
					  : json_null());
	json_object_set_new(j, "opinion",
			    a->opinion_id ? json_pack("{s:I, s:s}", "id", (json_int_t)a->opinion_id,
						      "code", a->opinion_code)
					  : json_null());
	return j;
}

static int on_activity(const struct duty_activity *a, void *arg)
{
	struct duty_ctx *c = arg;
	int k = index_of(kinds, N_KINDS, a->kind);

	c->n.activities++;
	if (k >= 0)
		c->n.by_kind[k]++;
	push(c, c->activities, activity_json(a));
	if (c->a) {
		const char *v[] = {a->held_on, kind_zh(a->kind), a->note, a->station};

		row(c, T_ACTIVITIES, 4, v);
	}
	return c->fail;
}

static int on_station(int64_t id, const char *name, void *arg)
{
	struct duty_ctx *c = arg;

	push(c, c->stations, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name));
	return c->fail;
}

/* Reads the delegate and the whole record for c->year into c. */
static enum rd_err duty_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct duty_ctx *c = arg;
	const struct duty_period *p = &c->period;
	struct term t;
	enum rd_err rc = delegate_get(tx, c->id, &c->d);

	if (rc == RD_ENOTFOUND ||
	    (!rc && c->hide_terminated && strcmp(c->d.status, "terminated") == 0))
		return rd_fail(err, RD_ENOTFOUND, "id", "no such delegate");
	if (rc)
		return rc;
	if (c->check_access && !(c->req->user.roles & ROLE_STAFF) &&
	    (c->d.user_id == 0 || c->d.user_id != c->req->user.id))
		return rd_fail(err, RD_EFORBIDDEN, "id",
			       "only the delegate and staff may read a duty record");
	rc = term_get(tx, c->d.term_id, &t);
	if (!rc) {
		str_copy(c->term_name, sizeof(c->term_name), t.name);
		rc = duty_plenaries_each(tx, c->d.term_id, c->id, p, on_plenary, c);
	}
	if (!rc)
		rc = duty_polls_each(tx, c->id, p, on_poll, c);
	if (!rc)
		rc = duty_polls_held(tx, c->d.term_id, p, &c->n.polls_held);
	if (!rc)
		rc = duty_rounds_each(tx, c->id, p, on_round, c);
	if (!rc)
		rc = duty_suggestions_each(tx, c->id, p, on_suggestion, c);
	if (!rc)
		rc = duty_opinions_each(tx, c->id, p, on_opinion, c);
	if (!rc)
		rc = duty_activities_each(tx, c->id, p, on_activity, c);
	if (!rc)
		rc = duty_stations_each(tx, c->id, on_station, c);
	return rc ? rc : c->fail ? RD_ENOMEM : RD_OK;
}

/* The year asked for (validated 2000..9999 by the route), else this year. */
static int year_of(const struct request *req)
{
	return (int)req_query_i64(req, "year", today().y);
}

/* Builds the record of delegate id for the request's year; with an arena a,
 * also the cells of the printed tables (in a). whole: the whole record,
 * for the delegate and staff; else the public profile's (terminated
 * delegates are not found). On failure req->err says why. Either way the
 * caller releases c with duty_ctx_release(). */
static enum rd_err duty_build(struct request *req, int64_t id, bool whole, struct arena *a,
			      struct duty_ctx *c)
{
	struct app *app = req->app;

	memset(c, 0, sizeof(*c));
	c->req = req;
	c->a = a;
	c->id = id;
	c->year = year_of(req);
	c->check_access = whole;
	c->hide_terminated = !whole;
	period_of_year(c->year, &c->period);
	c->plenaries = json_array();
	c->polls = json_array();
	c->rounds = json_array();
	c->suggestions = json_array();
	c->opinions = json_array();
	c->activities = json_array();
	c->stations = json_array();
	if (!c->plenaries || !c->polls || !c->rounds || !c->suggestions || !c->opinions ||
	    !c->activities || !c->stations)
		return req_fail(req, RD_ENOMEM, NULL, "out of memory");
	return store_read(app->store, duty_read, c, &req->err);
}

static json_t *counts_json(const char *const *names, const int64_t *n, size_t count)
{
	json_t *j = json_object();

	for (size_t i = 0; j && i < count; i++)
		json_object_set_new(j, names[i], json_integer(n[i]));
	return j;
}

static json_t *summary_json(const struct duty_counts *n)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
		" s:I}",
		"plenaries_total", (json_int_t)n->plenaries, "plenaries_attended",
		(json_int_t)n->present, "plenaries_excused", (json_int_t)n->excused,
		"plenaries_absent", (json_int_t)n->absent, "polls_total", (json_int_t)n->polls_held,
		"polls_voted", (json_int_t)n->polls_voted, "election_rounds", (json_int_t)n->rounds,
		"suggestions", (json_int_t)n->suggestions, "suggestions_proposed",
		(json_int_t)n->proposed, "suggestions_cosigned", (json_int_t)n->co_signed,
		"suggestions_replied", (json_int_t)n->replied, "suggestions_closed",
		(json_int_t)n->sugg_closed, "opinions", (json_int_t)n->opinions, "opinions_closed",
		(json_int_t)n->by_opinion_state[4], "activities", (json_int_t)n->activities);
}

/* What a published list of delegates shows, and the liaison stations. */
static json_t *public_delegate_json(const struct delegate *d, json_t *stations)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:O}", "id", (json_int_t)d->id,
			 "name", d->name, "gender", d->gender, "party", d->party, "occupation",
			 d->occupation, "delegation", d->delegation, "constituency",
			 d->constituency, "stations", stations);
}

enum rd_err api_duty_get(struct request *req, struct response *res)
{
	struct duty_ctx c;
	const struct duty_counts *n = &c.n;
	json_t *delegate, *out;
	enum rd_err rc = duty_build(req, req_id(req, "id"), true, NULL, &c);

	if (rc) {
		duty_ctx_release(&c);
		return rc;
	}
	delegate = public_delegate_json(&c.d, c.stations);
	if (delegate) {
		json_object_set_new(delegate, "term_id", json_integer(c.d.term_id));
		json_object_set_new(delegate, "status", json_string(c.d.status));
	}
	out = json_pack("{s:o, s:i, s:o,"
			" s:{s:I, s:I, s:I, s:I, s:O},"
			" s:{s:I, s:I, s:O},"
			" s:{s:I, s:O},"
			" s:{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:O},"
			" s:{s:I, s:I, s:o, s:O},"
			" s:{s:I, s:o, s:O}}",
			"delegate", delegate, "year", c.year, "summary", summary_json(n),
			/* attendance */
			"plenaries", "total", (json_int_t)n->plenaries, "present",
			(json_int_t)n->present, "excused", (json_int_t)n->excused, "absent",
			(json_int_t)n->absent, "items", c.plenaries,
			/* polls */
			"polls", "total", (json_int_t)n->polls_held, "voted",
			(json_int_t)n->polls_voted, "items", c.polls,
			/* elections: rounds taken part in, never a choice */
			"elections", "rounds", (json_int_t)n->rounds, "items", c.rounds,
			/* suggestions */
			"suggestions", "count", (json_int_t)n->suggestions, "proposed",
			(json_int_t)n->proposed, "co_signed", (json_int_t)n->co_signed, "replied",
			(json_int_t)n->replied, "closed", (json_int_t)n->sugg_closed, "results",
			counts_json(results, n->by_result, N_RESULTS), "ratings",
			counts_json(ratings, n->by_rating, N_RATINGS), "items", c.suggestions,
			/* public issues */
			"opinions", "count", (json_int_t)n->opinions, "closed",
			(json_int_t)n->by_opinion_state[4], "by_state",
			counts_json(opinion_states, n->by_opinion_state, N_OPINION_STATES), "items",
			c.opinions,
			/* liaison activities */
			"activities", "count", (json_int_t)n->activities, "by_kind",
			counts_json(kinds, n->by_kind, N_KINDS), "items", c.activities);
	duty_ctx_release(&c);
	if (!out)
		return req_fail(req, RD_ENOMEM, NULL, "out of memory");
	return res_json(res, 200, out);
}

enum rd_err api_public_delegate_get(struct request *req, struct response *res)
{
	struct duty_ctx c;
	const struct duty_counts *n = &c.n;
	json_t *out;
	enum rd_err rc = duty_build(req, req_id(req, "id"), false, NULL, &c);

	if (rc) {
		duty_ctx_release(&c);
		return rc;
	}
	/* Counts only: which items they are is the delegate's and staff's. */
	out = json_pack("{s:o, s:i, s:{s:I, s:I, s:I, s:I, s:I, s:I}}", "delegate",
			public_delegate_json(&c.d, c.stations), "year", c.year, "summary",
			"plenaries_attended", (json_int_t)n->present, "plenaries_total",
			(json_int_t)n->plenaries, "polls_voted", (json_int_t)n->polls_voted,
			"suggestions", (json_int_t)n->suggestions, "opinions_closed",
			(json_int_t)n->by_opinion_state[4], "activities",
			(json_int_t)n->activities);
	duty_ctx_release(&c);
	if (!out)
		return req_fail(req, RD_ENOMEM, NULL, "out of memory");
	return res_json(res, 200, out);
}

/* ---- the record as PDF --------------------------------------------------- */

enum rd_err api_duty_pdf(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct arena a;
	struct duty_ctx c;
	const struct duty_counts *n = &c.n;
	struct buf out;
	struct civil_date t = today();
	struct pdf_duty r = {0};
	struct pdf_duty_fact facts[10];
	struct pdf_duty_table tables[N_TABLES] = {
		[T_PLENARIES] = {"出席全体会议", {"日期", "会议", "出席情况"}, {28, 112, 30}},
		[T_POLLS] = {"参加表决", {"日期", "表决事项", "表决意见"}, {28, 112, 30}},
		[T_ROUNDS] = {"参加选举投票", {"日期", "选举", "轮次"}, {28, 112, 30}},
		[T_SUGGESTIONS] = {"提出建议、批评和意见",
				   {"提出日期", "标题", "方式", "办理状态"},
				   {25, 85, 20, 40}},
		[T_OPINIONS] = {"办理社情民意",
				{"提交日期", "编号", "标题", "状态"},
				{25, PDF_DUTY_CODE_MM, 115 - PDF_DUTY_CODE_MM, 30}},
		[T_ACTIVITIES] = {"联络活动", {"日期", "类型", "内容", "联络站"}, {25, 22, 88, 35}},
	};
	char *bytes, name[64], printed[64];
	size_t nbytes;
	enum rd_err rc;

	arena_init(&a, DUTY_ARENA);
	buf_init(&out, DUTY_PDF_MAX);
	rc = duty_build(req, req_id(req, "id"), true, &a, &c);
	if (rc)
		goto out;
	for (int i = 0; i < N_TABLES; i++) {
		size_t cols = 0;

		while (cols < 4 && tables[i].head[cols])
			cols++;
		tables[i].empty = "无";
		tables[i].cells = c.cells[i].v;
		tables[i].n_rows = cols ? c.cells[i].n / cols : 0;
	}
	facts[0] = (struct pdf_duty_fact){"出席全体会议", arena_printf(&a, "%lld 次（共 %lld 次）",
								       (long long)n->present,
								       (long long)n->plenaries)};
	facts[1] = (struct pdf_duty_fact){
		"请假 / 缺席",
		arena_printf(&a, "%lld 次 / %lld 次", (long long)n->excused, (long long)n->absent)};
	facts[2] = (struct pdf_duty_fact){"参加表决", arena_printf(&a, "%lld 次（共 %lld 次）",
								   (long long)n->polls_voted,
								   (long long)n->polls_held)};
	facts[3] = (struct pdf_duty_fact){"参加选举投票",
					  arena_printf(&a, "%lld 轮", (long long)n->rounds)};
	facts[4] = (struct pdf_duty_fact){
		"提出建议",
		arena_printf(&a, "%lld 件（领衔 %lld，附议 %lld）", (long long)n->suggestions,
			     (long long)n->proposed, (long long)n->co_signed)};
	facts[5] = (struct pdf_duty_fact){
		"建议已答复 / 已办结", arena_printf(&a, "%lld 件 / %lld 件", (long long)n->replied,
						    (long long)n->sugg_closed)};
	facts[6] = (struct pdf_duty_fact){"办理社情民意",
					  arena_printf(&a, "%lld 件（已办结 %lld 件）",
						       (long long)n->opinions,
						       (long long)n->by_opinion_state[4])};
	facts[7] = (struct pdf_duty_fact){"联络活动",
					  arena_printf(&a, "%lld 次", (long long)n->activities)};
	snprintf(printed, sizeof(printed), "%d年%d月%d日", t.y, t.m, t.d);
	r.congress = app->congress_name[0] ? app->congress_name : c.term_name;
	r.name = c.d.name;
	r.delegation = c.d.delegation;
	r.constituency = c.d.constituency;
	r.year = c.year;
	r.printed_on = printed;
	r.facts = facts;
	r.n_facts = 8;
	r.tables = tables;
	r.n_tables = N_TABLES;
	for (size_t i = 0; i < r.n_facts; i++)
		if (!facts[i].value) {
			rc = req_fail(req, RD_ENOMEM, NULL, "out of memory");
			goto out;
		}
	rc = pdf_duty(&r, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &nbytes);
	snprintf(name, sizeof(name), "履职档案-%lld-%d.pdf", (long long)c.id, c.year);
	rc = bytes ? res_bytes(res, bytes, nbytes, "application/pdf", name) : RD_ENOMEM;
out:
	duty_ctx_release(&c);
	buf_release(&out);
	arena_release(&a);
	return rc;
}

/* ---- the delegate's code (代表码) ----------------------------------------- */

/*
 * "http://host[:port]" of the request, or "" (the address is then relative)
 * when the Host header is missing, too long or more than a plain name or
 * address with a port: the header is the client's to choose, and only
 * letters, digits, dots, colons and hyphens may go into a code that people
 * will scan and a sheet that will be posted on walls. https when the
 * request came over TLS (through a proxy that says so, --trust-proxy).
 */
static const char *origin_of(struct request *req)
{
	const char *host = req_header(req, "Host");
	size_t n = host ? strlen(host) : 0;
	const char *o;

	if (n == 0 || n > HOST_MAX)
		return "";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)host[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == ':' || ch == '-'))
			return "";
	}
	o = arena_printf(&req->arena, "%s://%s", req->secure ? "https" : "http", host);
	return o ? o : "";
}

/* Where a delegate's code leads: the public form, addressed to them. */
static char *submit_url(struct arena *a, const char *origin, int64_t id)
{
	return arena_printf(a, "%s/public/submit?delegate=%lld", origin, (long long)id);
}

struct qr_ctx {
	int64_t id;
	struct delegate d;
};

static enum rd_err qr_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct qr_ctx *c = arg;
	enum rd_err rc = delegate_get(tx, c->id, &c->d);

	if (rc == RD_ENOTFOUND || (!rc && strcmp(c->d.status, "terminated") == 0))
		return rd_fail(err, RD_ENOTFOUND, "id", "no such delegate");
	return rc;
}

enum rd_err api_public_delegate_qr(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct qr_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct buf out;
	char *url, *bytes;
	size_t n;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->id = req_id(req, "id");
	rc = store_read(app->store, qr_read, c, &req->err);
	if (rc)
		return rc;
	url = submit_url(&req->arena, origin_of(req), c->id);
	if (!url)
		return RD_ENOMEM;
	buf_init(&out, 1u << 20);
	rc = qr_svg(url, &out, &req->err);
	bytes = rc ? NULL : buf_detach(&out, &n);
	buf_release(&out);
	if (rc)
		return rc;
	return bytes ? res_bytes(res, bytes, n, "image/svg+xml", NULL) : RD_ENOMEM;
}

struct codes_ctx {
	struct request *req;
	struct arena *a;
	int64_t term_id; /* asked for, or the newest */
	char term_name[FLOOR_TITLE];
	const char *origin;
	struct pdf_code *codes;
	size_t n, cap;
	bool fail;
};

static int newest_term(const struct term *t, void *arg)
{
	struct codes_ctx *c = arg;

	/* terms_each goes by number: the last one is the newest term. */
	c->term_id = t->id;
	str_copy(c->term_name, sizeof(c->term_name), t->name);
	return 0;
}

static int add_code(const struct delegate *d, void *arg)
{
	struct codes_ctx *c = arg;
	struct pdf_code *code;

	if (strcmp(d->status, "sitting") != 0)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct pdf_code *nc = arena_alloc(c->a, sizeof(*nc) * cap);

		if (!nc) {
			c->fail = true;
			return 1;
		}
		if (c->n)
			memcpy(nc, c->codes, sizeof(*nc) * c->n);
		c->codes = nc;
		c->cap = cap;
	}
	code = &c->codes[c->n++];
	code->name = arena_strdup(c->a, d->name);
	code->delegation = arena_strdup(c->a, d->delegation);
	code->url = submit_url(c->a, c->origin, d->id);
	c->fail = !code->name || !code->delegation || !code->url;
	return c->fail;
}

static enum rd_err codes_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct codes_ctx *c = arg;
	struct term t;
	enum rd_err rc;

	if (c->term_id) {
		rc = term_get(tx, c->term_id, &t);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, rc, "term_id", "no such term");
		if (rc)
			return rc;
		str_copy(c->term_name, sizeof(c->term_name), t.name);
	} else {
		rc = terms_each(tx, newest_term, c);
		if (rc)
			return rc;
		if (!c->term_id)
			return rd_fail(err, RD_ENOTFOUND, "term_id", "there is no term yet");
	}
	/* The roster's order: delegations in their order, then by id. */
	rc = delegates_each(tx, c->term_id, add_code, c);
	return rc ? rc : c->fail ? RD_ENOMEM : RD_OK;
}

enum rd_err api_delegates_qr_codes(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct arena a;
	struct codes_ctx c = {.req = req, .a = &a, .term_id = req_query_i64(req, "term_id", 0)};
	struct buf out;
	char *bytes;
	size_t n;
	enum rd_err rc;

	arena_init(&a, DUTY_ARENA);
	buf_init(&out, DUTY_PDF_MAX);
	c.origin = origin_of(req);
	rc = store_read(app->store, codes_read, &c, &req->err);
	if (!rc && c.n == 0)
		rc = req_fail(req, RD_ENOTFOUND, "term_id", "no sitting delegates to print");
	if (!rc)
		rc = pdf_delegate_codes(app->congress_name[0] ? app->congress_name : c.term_name,
					c.codes, c.n, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	rc = bytes ? res_bytes(res, bytes, n, "application/pdf", "代表码.pdf") : RD_ENOMEM;
out:
	buf_release(&out);
	arena_release(&a);
	return rc;
}

/* ---- liaison activities (联络活动) ---------------------------------------- */

struct activity_ctx {
	struct request *req;
	struct duty_activity a;
	const struct duty_period *period; /* listing: NULL for every year */
	json_t *arr;
	bool fail;
};

/* True if s has a character other than white space (ASCII or U+3000, the
 * ideographic space a Chinese keyboard types). */
static bool has_text(const char *s)
{
	while (*s) {
		if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x80)
			s += 3;
		else if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else
			return true;
	}
	return false;
}

static enum rd_err activity_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct activity_ctx *c = arg;
	struct delegate d;
	char subject[32];
	json_t *detail;
	enum rd_err rc = delegate_of_user(tx, c->req->user.id, &d);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "only a delegate records liaison activities");
	if (rc)
		return rc;
	if (strcmp(d.status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status",
			       "a %s delegate cannot record activities", d.status);
	if (c->a.station_id) {
		rc = duty_station_name(tx, c->a.station_id, c->a.station);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "station_id", "no such liaison station");
		if (rc)
			return rc;
	}
	c->a.delegate_id = d.id;
	c->a.at = clock_now_ms();
	rc = duty_activity_add(tx, &c->a);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "activity:%lld", (long long)c->a.id);
	/* The note may name citizens: the audit entry keeps only what and when. */
	detail = json_pack("{s:I, s:s, s:s, s:o}", "delegate_id", (json_int_t)d.id, "kind",
			   c->a.kind, "held_on", c->a.held_on, "station_id",
			   c->a.station_id ? json_integer(c->a.station_id) : json_null());
	if (!detail)
		return RD_ENOMEM;
	rc = api_audit(tx, c->req, "activity.create", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_me_activities_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct activity_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *kind = req_body_str(req, "kind");
	const char *held_on = req_body_str(req, "held_on");
	const char *note = req_body_str(req, "note");
	struct civil_date day, first, now = today();
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	if (index_of(kinds, N_KINDS, kind) < 0)
		return req_fail(req, RD_EINVAL, "kind",
				"kind must be contact, visit, reception, survey or other");
	if (dates_parse(held_on, strlen(held_on), &day, NULL))
		return req_fail(req, RD_EINVAL, "held_on", "held_on must be a date YYYY-MM-DD");
	dates_parse(FIRST_DAY, strlen(FIRST_DAY), &first, NULL);
	if (dates_cmp(day, first) < 0)
		return req_fail(req, RD_EINVAL, "held_on", "held_on is before %s", FIRST_DAY);
	if (dates_cmp(day, now) > 0)
		return req_fail(req, RD_EINVAL, "held_on", "held_on is in the future");
	if (str_utf8_len(note, strlen(note)) > NOTE_MAX_CHARS || !has_text(note))
		return req_fail(req, RD_EINVAL, "note", "note must be 1 to %d characters",
				NOTE_MAX_CHARS);
	str_copy(c->a.kind, sizeof(c->a.kind), kind);
	dates_format(day, c->a.held_on);
	str_copy(c->a.note, sizeof(c->a.note), note);
	c->a.station_id = req_body_i64(req, "station_id", 0);
	rc = store_write(app->store, activity_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201, json_pack("{s:o}", "activity", activity_json(&c->a)));
}

static int add_activity(const struct duty_activity *a, void *arg)
{
	struct activity_ctx *c = arg;
	json_t *j = activity_json(a);

	c->fail = !j || json_array_append_new(c->arr, j);
	return c->fail;
}

static enum rd_err activities_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct activity_ctx *c = arg;
	struct delegate d;
	enum rd_err rc = delegate_of_user(tx, c->req->user.id, &d);

	(void)err;
	if (rc == RD_ENOTFOUND) /* a delegate account not on a roll yet: nothing recorded */
		return RD_OK;
	if (!rc)
		rc = duty_activities_each(tx, d.id, c->period, add_activity, c);
	return rc ? rc : c->fail ? RD_ENOMEM : RD_OK;
}

enum rd_err api_me_activities_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct activity_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct duty_period p;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	if (req_query(req, "year")) {
		period_of_year((int)req_query_i64(req, "year", 0), &p);
		c->period = &p;
	}
	c->arr = json_array();
	if (!c->arr)
		return RD_ENOMEM;
	rc = store_read(app->store, activities_read, c, &req->err);
	if (rc) {
		json_decref(c->arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "activities", c->arr));
}
