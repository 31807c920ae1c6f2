/*
 * opinions.c — the public channel (社情民意, RULES §10) for staff and
 * delegates: search the issues, triage, route to a delegate or a liaison
 * station, merge duplicates, refuse; the delegate takes an issue up,
 * records contacts and visits, links the suggestion it became, answers.
 * The order of steps is the table in src/rules/opinion.c; every step is on
 * the issue's timeline and in the audit log.
 *
 * Who sees what: staff see every issue; a delegate sees the issues
 * addressed or routed to them or to a station they belong to. The
 * citizen's contact details are shown to staff and to the delegate
 * handling the issue only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/opinions.h"
#include "base/clock.h"
#include "base/str.h"
#include "rules/dates.h"
#include "rules/opinion.h"
#include "store/opinions.h"
#include "store/signers.h"
#include "store/suggestions.h"
#include "store/users.h"
#include "base/banned.h"

bool op_date_ok(const char *s)
{
	struct civil_date d;

	return s && strlen(s) == 10 && dates_parse(s, 10, &d, NULL) == RD_OK;
}

bool op_one_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return false;
	return true;
}

/* ---- the public view ---------------------------------------------------- */

struct tl_ctx {
	json_t *list;
	bool full; /* with actor and visibility */
};

static int tl_each(int64_t at, const char *actor, const char *action, const char *note,
		   bool public_, void *arg)
{
	struct tl_ctx *c = arg;
	json_t *o =
		json_pack("{s:I, s:s, s:s}", "at", (json_int_t)at, "action", action, "note", note);

	if (o && c->full) {
		json_object_set_new(o, "actor", json_string(actor));
		json_object_set_new(o, "public", json_boolean(public_));
	}
	json_array_append_new(c->list, o);
	return 0;
}

static int reply_each(int64_t round, const char *unit, const char *category, const char *content,
		      const char *signed_by, int64_t at, void *arg)
{
	(void)signed_by;
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:I}", "round",
					     (json_int_t)round, "unit", unit, "category", category,
					     "content", content, "at", (json_int_t)at));
	return 0;
}

static json_t *ref_or_null(int64_t id, const char *name)
{
	return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

/* The issue's public fields, timeline (public steps only unless full) and
 * linked suggestion; no contact. */
static enum rd_err issue_json(struct store_tx *tx, const struct opinion *o, bool full, json_t **out)
{
	struct tl_ctx tl = {.full = full};
	struct suggestion *s = NULL;
	struct opinion *target = NULL;
	json_t *j, *replies = NULL;
	int64_t photos = 0;
	enum rd_err rc;

	*out = NULL;
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o}",
		      "code", o->code, "title", o->title, "content", o->content, "place", o->place,
		      "category", o->category, "state", o->state, "submitted_at",
		      (json_int_t)o->submitted_at, "submitted_on", o->submitted_on, "closed_at",
		      o->closed_at ? json_integer(o->closed_at) : json_null(), "answer", o->answer,
		      "answered_by", o->answered_by, "delegate",
		      ref_or_null(o->delegate_id, o->delegate_name), "station",
		      ref_or_null(o->station_id, o->station_name), "timeline", json_array());
	if (!j)
		return RD_ENOMEM;
	json_object_set_new(j, "reason", json_string(o->reason));
	json_object_set_new(j, "addressed_to", ref_or_null(o->addressed_to, o->addressed_name));
	tl.list = json_object_get(j, "timeline");
	rc = opinion_events_each(tx, o->id, !full, tl_each, &tl);
	if (!rc)
		rc = opinion_photo_count(tx, o->id, &photos);
	if (rc)
		goto out;
	json_object_set_new(j, "photos", json_integer(photos));
	json_object_set_new(j, "merged_into", json_null());
	if (o->merged_into) {
		target = malloc(sizeof(*target));
		if (!target || (rc = opinion_get(tx, o->merged_into, target))) {
			rc = rc ? rc : RD_ENOMEM;
			goto out;
		}
		json_object_set_new(j, "merged_into", json_string(target->code));
	}
	json_object_set_new(j, "suggestion", json_null());
	if (o->suggestion_id) {
		s = malloc(sizeof(*s));
		replies = json_array();
		if (!s || !replies) {
			rc = RD_ENOMEM;
			goto out;
		}
		rc = suggestion_get(tx, o->suggestion_id, s);
		if (!rc)
			rc = suggestion_replies_each(tx, s->id, reply_each, replies);
		if (rc)
			goto out;
		json_object_set_new(j, "suggestion",
				    json_pack("{s:I, s:s, s:s, s:O}", "id", (json_int_t)s->id,
					      "title", s->title, "state", s->state, "replies",
					      replies));
	}
out:
	json_decref(replies);
	free(s);
	free(target);
	if (rc) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return RD_OK;
}

enum rd_err op_public_json(struct store_tx *tx, const struct opinion *o, json_t **out)
{
	return issue_json(tx, o, false, out);
}

/* ---- who the caller is -------------------------------------------------- */

struct op_ctx {
	struct request *req;
	int64_t id;
	struct opinion o;
	bool staff;
	int64_t me; /* the caller's delegate record, 0 none */
	char my_name[FLOOR_NAME];
	bool member; /* of the station the issue is routed to */
	enum op_action action;
	/* inputs */
	int64_t delegate_id, station_id, into, suggestion_id;
	const char *text, *category, *place, *kind, *held_on;
	/* outputs */
	char from_state[16];
	json_t *out;
};

static enum rd_err find_caller(struct store_tx *tx, struct op_ctx *c)
{
	struct delegate d;
	enum rd_err rc;

	c->staff = (c->req->user.roles & ROLE_STAFF) != 0;
	c->me = 0;
	if (c->req->user.roles & ROLE_DELEGATE) {
		rc = delegate_of_user(tx, c->req->user.id, &d);
		if (rc && rc != RD_ENOTFOUND)
			return rc;
		if (!rc && strcmp(d.status, "sitting") == 0) {
			c->me = d.id;
			str_copy(c->my_name, sizeof(c->my_name), d.name);
		}
	}
	return RD_OK;
}

static bool sees(const struct op_ctx *c)
{
	return c->staff ||
	       (c->me && (c->o.delegate_id == c->me || c->o.addressed_to == c->me || c->member));
}

/* The delegate who has taken the issue up: the one who answers for it, and
 * the only delegate who sees the citizen's contact details. Being routed an
 * issue is not enough — taking it up is accepting the duty. */
static bool handles(const struct op_ctx *c)
{
	return c->me && c->o.delegate_id == c->me && c->o.taken_at != 0;
}

/* Loads the issue of the path and the caller; 404 for an issue the caller
 * may not see, so ids do not tell what exists. */
static enum rd_err load(struct store_tx *tx, struct op_ctx *c, struct rd_error *err)
{
	enum rd_err rc = find_caller(tx, c);

	if (!rc)
		rc = opinion_get(tx, c->id, &c->o);
	if (!rc && c->o.station_id && c->me)
		rc = station_has_delegate(tx, c->o.station_id, c->me, &c->member);
	if (rc == RD_ENOTFOUND || (!rc && !sees(c)))
		return rd_fail(err, RD_ENOTFOUND, "id", "no such issue");
	return rc;
}

/* ---- list and view ------------------------------------------------------ */

struct list_ctx {
	struct request *req;
	struct op_filter f;
	char match[1024];
	json_t *items;
	int64_t total;
	bool capped;
};

static int list_each(const struct opinion *o, void *arg)
{
	struct list_ctx *c = arg;

	json_array_append_new(c->items,
			      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:o}", "id",
					(json_int_t)o->id, "code", o->code, "title", o->title,
					"place", o->place, "category", o->category, "state",
					o->state, "submitted_at", (json_int_t)o->submitted_at,
					"submitted_on", o->submitted_on, "delegate",
					ref_or_null(o->delegate_id, o->delegate_name), "station",
					ref_or_null(o->station_id, o->station_name)));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *lc = arg;
	struct op_ctx *c = arena_alloc(&lc->req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = lc->req;
	if ((rc = find_caller(tx, c)))
		return rc;
	if (!c->staff) {
		if (!c->me)
			return rd_fail(err, RD_EFORBIDDEN, NULL,
				       "only staff and sitting delegates see the issues");
		lc->f.viewer_delegate = c->me;
	}
	return opinions_search(tx, &lc->f, list_each, lc, &lc->total, &lc->capped);
}

enum rd_err api_opinions_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *q = req_query(req, "q");
	enum op_state state;
	int64_t page = req_query_i64(req, "page", 1), per = req_query_i64(req, "per_page", 20);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	if (q && *q) {
		if (!op_match_expr(q, c->match, sizeof(c->match)))
			return req_fail(req, RD_EINVAL, "q",
					"q must hold 1 to 8 words or characters to look for");
		c->f.match = c->match;
	}
	c->f.category = req_query(req, "category");
	if (c->f.category && !op_category_ok(c->f.category))
		return req_fail(req, RD_EINVAL, "category", "category is not one of the list");
	c->f.state = req_query(req, "state");
	if (c->f.state && op_state_parse(c->f.state, &state, &req->err))
		return RD_EINVAL;
	c->f.place = req_query(req, "place");
	c->f.from = req_query(req, "from");
	c->f.to = req_query(req, "to");
	if (c->f.from && !op_date_ok(c->f.from))
		return req_fail(req, RD_EINVAL, "from", "from must be a date, YYYY-MM-DD");
	if (c->f.to && !op_date_ok(c->f.to))
		return req_fail(req, RD_EINVAL, "to", "to must be a date, YYYY-MM-DD");
	c->f.delegate_id = req_query_i64(req, "delegate_id", 0);
	c->f.station_id = req_query_i64(req, "station_id", 0);
	c->f.limit = per;
	c->f.offset = (page - 1) * per;
	c->items = json_array();
	if (!c->items)
		return RD_ENOMEM;
	rc = store_read(app->store, list_read, c, &req->err);
	if (rc) {
		json_decref(c->items);
		return rc;
	}
	return res_json(res, 200,
			json_pack("{s:o, s:I, s:b, s:I, s:I}", "opinions", c->items, "total",
				  (json_int_t)c->total, "total_capped", c->capped, "page",
				  (json_int_t)page, "per_page", (json_int_t)per));
}

static int activity_each(const struct activity *a, void *arg)
{
	json_array_append_new(arg,
			      json_pack("{s:I, s:s, s:s, s:s, s:I, s:{s:I, s:s}}", "id",
					(json_int_t)a->id, "kind", a->kind, "held_on", a->held_on,
					"note", a->note, "at", (json_int_t)a->at, "delegate", "id",
					(json_int_t)a->delegate_id, "name", a->delegate_name));
	return 0;
}

/* Whether the table allows action a in state st. */
static bool allowed(enum op_state st, enum op_action a)
{
	enum op_state to;

	return op_transition(st, a, &to, NULL) == RD_OK;
}

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct op_ctx *c = arg;
	char name[OP_CONTACT], phone[OP_CONTACT];
	json_t *acts;
	enum op_state st;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if ((rc = issue_json(tx, &c->o, true, &c->out)))
		return rc;
	json_object_set_new(c->out, "id", json_integer(c->o.id));
	json_object_set_new(c->out, "suggestion_id",
			    c->o.suggestion_id ? json_integer(c->o.suggestion_id) : json_null());
	/* Personal data: staff and the handling delegate only. */
	json_object_set_new(c->out, "contact", json_null());
	if (c->staff || handles(c)) {
		rc = opinion_contact(tx, c->o.id, name, phone);
		if (rc == RD_OK)
			json_object_set_new(c->out, "contact",
					    json_pack("{s:s, s:s}", "name", name, "phone", phone));
		else if (rc != RD_ENOTFOUND)
			return rc;
	}
	acts = json_array();
	json_object_set_new(c->out, "activities", acts);
	if ((rc = activities_of_opinion(tx, c->o.id, activity_each, acts)))
		return rc;
	/* What the caller may do now: the transition table (src/rules/opinion.c)
	 * says whether the step is possible in this state, the caller's role
	 * whether it is theirs — the same two checks step_write() makes. */
	op_state_parse(c->o.state, &st, NULL);
	bool delegate_step = handles(c) && (st == OP_TAKEN || st == OP_SUGGESTED);
	bool take_ok = c->me && (c->o.delegate_id == c->me || (!c->o.delegate_id && c->member));
	json_t *v = json_pack("{s:b, s:b}", "staff", c->staff, "handling", handles(c));

	json_object_set_new(v, "triage", json_boolean(c->staff && allowed(st, OP_TRIAGE)));
	json_object_set_new(v, "route", json_boolean(c->staff && allowed(st, OP_ROUTE)));
	json_object_set_new(v, "merge", json_boolean(c->staff && allowed(st, OP_MERGE)));
	json_object_set_new(v, "reject", json_boolean(c->staff && allowed(st, OP_REJECT)));
	json_object_set_new(v, "take", json_boolean(take_ok && allowed(st, OP_TAKE)));
	json_object_set_new(v, "record", json_boolean(handles(c) && allowed(st, OP_RECORD)));
	json_object_set_new(v, "suggest", json_boolean(handles(c) && allowed(st, OP_SUGGEST)));
	json_object_set_new(v, "answer",
			    json_boolean(allowed(st, OP_ANSWER) && (c->staff || delegate_step)));
	json_object_set_new(c->out, "viewer", v);
	return RD_OK;
}

enum rd_err api_opinions_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct op_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc) {
		json_decref(c->out);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "opinion", c->out));
}

static int similar_each(const struct opinion *o, int score, void *arg)
{
	json_array_append_new(arg,
			      json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "id", (json_int_t)o->id,
					"code", o->code, "title", o->title, "state", o->state,
					"submitted_on", o->submitted_on, "score", score));
	return 0;
}

/* Likely duplicates: a Jaccard index of characters, pairs and words of at
 * least 0.25 — enough to catch the same complaint in other words, not so
 * low that every road repair looks like every other. */
#define SIMILAR_MIN 250

static enum rd_err similar_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct op_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if (!c->staff)
		return rd_fail(err, RD_EFORBIDDEN, NULL, "only staff merge duplicates");
	return opinion_similar(tx, &c->o, SIMILAR_MIN, similar_each, c->out);
}

enum rd_err api_opinions_similar(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct op_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->id = req_id(req, "id");
	c->out = json_array();
	if (!c->out)
		return RD_ENOMEM;
	rc = store_read(app->store, similar_read, c, &req->err);
	if (rc) {
		json_decref(c->out);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "similar", c->out));
}

/* ---- steps -------------------------------------------------------------- */

static enum rd_err forbid(struct rd_error *err, const char *who)
{
	return rd_fail(err, RD_EFORBIDDEN, NULL, "only %s may do this", who);
}

/* Applies c->action to c->o (loaded, allowed by the table): checks who
 * the caller is and the inputs, changes the fields, and says what the
 * timeline shows (note, and whether the citizen sees it). */
static enum rd_err apply(struct store_tx *tx, struct op_ctx *c, char *note, size_t notesz,
			 bool *public_, struct rd_error *err)
{
	struct opinion *o = &c->o;
	struct delegate d;
	struct station st;
	struct suggestion *s;
	struct activity *a;
	int64_t now = clock_now_ms();
	enum rd_err rc;
	char role[16];

	*public_ = true;
	note[0] = '\0';
	switch (c->action) {
	case OP_TRIAGE:
		if (!c->staff)
			return forbid(err, "staff");
		str_copy(o->category, sizeof(o->category), c->category);
		if (c->place)
			str_copy(o->place, sizeof(o->place), c->place);
		snprintf(note, notesz, "%s", o->category);
		*public_ = false;
		return RD_OK;
	case OP_ROUTE:
		if (!c->staff)
			return forbid(err, "staff");
		if (!c->delegate_id == !c->station_id)
			return rd_fail(err, RD_EINVAL, "delegate_id",
				       "route to a delegate_id or a station_id, one of them");
		if (c->delegate_id) {
			rc = delegate_get(tx, c->delegate_id, &d);
			if (rc == RD_ENOTFOUND || (!rc && strcmp(d.status, "sitting") != 0))
				return rd_fail(err, RD_EINVAL, "delegate_id",
					       "no sitting delegate has this id");
			if (rc)
				return rc;
			o->delegate_id = d.id;
			o->station_id = 0;
			snprintf(note, notesz, "%s", d.name);
		} else {
			rc = station_get(tx, c->station_id, &st);
			if (rc == RD_ENOTFOUND)
				return rd_fail(err, RD_EINVAL, "station_id",
					       "no liaison station has this id");
			if (rc)
				return rc;
			o->station_id = st.id;
			o->delegate_id = 0;
			snprintf(note, notesz, "%s", st.name);
		}
		o->taken_at = 0;
		return RD_OK;
	case OP_TAKE:
		if (!c->me || !(o->delegate_id == c->me || (!o->delegate_id && c->member)))
			return forbid(err, "the delegate it is routed to, or a delegate of its "
					   "liaison station");
		o->delegate_id = c->me;
		o->taken_at = now;
		snprintf(note, notesz, "%s", c->my_name);
		return RD_OK;
	case OP_RECORD:
		if (!handles(c))
			return forbid(err, "the delegate handling the issue");
		if (!op_date_ok(c->held_on))
			return rd_fail(err, RD_EINVAL, "held_on",
				       "held_on must be a date, YYYY-MM-DD");
		char today[16];

		op_date_today(today);
		if (strcmp(c->held_on, today) > 0 || strcmp(c->held_on, o->submitted_on) < 0)
			return rd_fail(err, RD_EINVAL, "held_on",
				       "held_on must be between the submission and today");
		a = arena_alloc(&c->req->arena, sizeof(*a));
		if (!a)
			return RD_ENOMEM;
		memset(a, 0, sizeof(*a));
		a->delegate_id = c->me;
		a->station_id = o->station_id;
		a->opinion_id = o->id;
		str_copy(a->kind, sizeof(a->kind), c->kind);
		str_copy(a->held_on, sizeof(a->held_on), c->held_on);
		str_copy(a->note, sizeof(a->note), c->text);
		a->at = now;
		if ((rc = activity_add(tx, a)))
			return rc;
		/* The citizen sees that the delegate was in touch, not the notes. */
		snprintf(note, notesz, "%s", c->kind);
		return RD_OK;
	case OP_SUGGEST:
		if (!handles(c))
			return forbid(err, "the delegate handling the issue");
		s = arena_alloc(&c->req->arena, sizeof(*s));
		if (!s)
			return RD_ENOMEM;
		rc = suggestion_get(tx, c->suggestion_id, s);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "suggestion_id", "no such suggestion");
		if (rc)
			return rc;
		if (strcmp(s->state, "rejected") == 0)
			return rd_fail(err, RD_EINVAL, "suggestion_id",
				       "the suggestion was not admitted");
		/* Only one the delegate put their name to. */
		rc = signers_role(tx, SIGNERS_SUGGESTION, s->id, c->me, role, sizeof(role));
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EFORBIDDEN, "suggestion_id",
				       "link a suggestion you proposed or co-signed");
		if (rc)
			return rc;
		o->suggestion_id = s->id;
		snprintf(note, notesz, "%s", s->title);
		return RD_OK;
	case OP_ANSWER:
		if (!c->staff && !handles(c))
			return forbid(err, "staff or the delegate handling the issue");
		if (!c->staff &&
		    !(strcmp(o->state, "taken") == 0 || strcmp(o->state, "suggested") == 0))
			return rd_fail(err, RD_ECONFLICT, "state", "take the issue up first");
		str_copy(o->answer, sizeof(o->answer), c->text);
		if (handles(c)) {
			snprintf(o->answered_by, sizeof(o->answered_by), "%s", c->my_name);
		} else {
			struct app *app = c->req->app;

			str_copy(o->answered_by, sizeof(o->answered_by),
				 app->congress_name[0] ? app->congress_name
						       : c->req->user.display_name);
		}
		o->closed_at = now;
		op_date_today(o->closed_on);
		return RD_OK;
	case OP_MERGE:
		if (!c->staff)
			return forbid(err, "staff");
		if (c->into == o->id)
			return rd_fail(err, RD_EINVAL, "into_id",
				       "an issue is not merged into itself");
		struct opinion *t = arena_alloc(&c->req->arena, sizeof(*t));

		if (!t)
			return RD_ENOMEM;
		rc = opinion_get(tx, c->into, t);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "into_id", "no issue has this id");
		if (rc)
			return rc;
		if (strcmp(t->state, "merged") == 0 || strcmp(t->state, "rejected") == 0)
			return rd_fail(err, RD_EINVAL, "into_id", "that issue is %s itself",
				       t->state);
		o->merged_into = t->id;
		snprintf(note, notesz, "%s", t->code);
		return RD_OK;
	case OP_REJECT:
		if (!c->staff)
			return forbid(err, "staff");
		str_copy(o->reason, sizeof(o->reason), c->text);
		snprintf(note, notesz, "%s", c->text);
		return RD_OK;
	case OP_ACTION_COUNT:
		break;
	}
	return RD_EINTERNAL;
}

static enum rd_err step_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct op_ctx *c = arg;
	enum op_state from, to;
	char subject[32], *note;
	bool public_;
	json_t *detail;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if ((rc = op_state_parse(c->o.state, &from, err)) ||
	    (rc = op_transition(from, c->action, &to, err)))
		return rc;
	note = arena_alloc(&c->req->arena, OP_TEXT);
	if (!note)
		return RD_ENOMEM;
	str_copy(c->from_state, sizeof(c->from_state), c->o.state);
	if ((rc = apply(tx, c, note, OP_TEXT, &public_, err)))
		return rc;
	str_copy(c->o.state, sizeof(c->o.state), op_state_name(to));
	if ((rc = opinion_update(tx, &c->o, c->from_state))) {
		if (rc == RD_ECONFLICT)
			return rd_fail(err, rc, "state", "the issue changed meanwhile; reload it");
		return rc;
	}
	rc = opinion_event(tx, c->o.id, clock_now_ms(), c->req->user.username,
			   op_action_name(c->action), note, public_);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "opinion:%lld", (long long)c->o.id);
	detail = json_pack("{s:s, s:s, s:s}", "action", op_action_name(c->action), "from",
			   c->from_state, "to", c->o.state);
	rc = api_audit(tx, c->req, "opinion.step", subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err run(struct request *req, struct response *res, enum op_action action,
		       struct op_ctx *c)
{
	struct app *app = req->app;
	enum rd_err rc;

	c->req = req;
	c->id = req_id(req, "id");
	c->action = action;
	rc = store_write(app->store, step_write, c, &req->err);
	if (rc)
		return rc;
	op_stats_changed(app->opinion_stats);
	api_publish(app, "opinion.changed",
		    json_pack("{s:I, s:s}", "id", (json_int_t)c->o.id, "state", c->o.state));
	/* Answer with the issue as the caller now sees it. */
	return api_opinions_get(req, res);
}

static struct op_ctx *new_ctx(struct request *req)
{
	struct op_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (c)
		memset(c, 0, sizeof(*c));
	return c;
}

enum rd_err api_opinions_triage(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->category = req_body_str(req, "category");
	c->place = req_body_str(req, "place");
	if (!op_category_ok(c->category))
		return req_fail(req, RD_EINVAL, "category", "category is not one of the list");
	if (c->place && !op_one_line(c->place))
		return req_fail(req, RD_EINVAL, "place", "place must be one line");
	return run(req, res, OP_TRIAGE, c);
}

enum rd_err api_opinions_route(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->delegate_id = req_body_i64(req, "delegate_id", 0);
	c->station_id = req_body_i64(req, "station_id", 0);
	return run(req, res, OP_ROUTE, c);
}

enum rd_err api_opinions_merge(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->into = req_body_i64(req, "into_id", 0);
	return run(req, res, OP_MERGE, c);
}

enum rd_err api_opinions_reject(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->text = req_body_str(req, "reason");
	return run(req, res, OP_REJECT, c);
}

enum rd_err api_opinions_take(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	return c ? run(req, res, OP_TAKE, c) : RD_ENOMEM;
}

static bool kind_ok(const char *k)
{
	static const char *const kinds[] = {"contact", "visit", "reception", "survey", "other"};

	for (size_t i = 0; k && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(k, kinds[i]) == 0)
			return true;
	return false;
}

enum rd_err api_opinions_record(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->kind = req_body_str(req, "kind");
	c->held_on = req_body_str(req, "held_on");
	c->text = req_body_str(req, "note");
	if (!kind_ok(c->kind))
		return req_fail(req, RD_EINVAL, "kind",
				"kind must be contact, visit, reception, survey or other");
	return run(req, res, OP_RECORD, c);
}

enum rd_err api_opinions_suggest(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->suggestion_id = req_body_i64(req, "suggestion_id", 0);
	return run(req, res, OP_SUGGEST, c);
}

enum rd_err api_opinions_answer(struct request *req, struct response *res)
{
	struct op_ctx *c = new_ctx(req);

	if (!c)
		return RD_ENOMEM;
	c->text = req_body_str(req, "answer");
	return run(req, res, OP_ANSWER, c);
}
