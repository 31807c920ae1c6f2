/*
 * suggestions.c — delegates' suggestions (建议、批评和意见), RULES §5: a
 * delegate submits (others co-sign on their own devices), the office assigns
 * a lead unit and assisting units or returns the item as inadmissible, the
 * lead unit may ask to return a mis-assigned item (within the return window)
 * or for an extension, replies with a result category, every proposer rates
 * the reply, a dissatisfied rating sends it back for rehandling, and the item
 * closes. The order of steps is the table in src/rules/suggestion.c; the
 * deadlines come from src/rules/deadlines.c, in Asia/Shanghai dates. Every
 * step is on the item's timeline and in the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "api/signers.h"
#include "base/clock.h"
#include "base/secret.h"
#include "base/str.h"
#include "rules/dates.h"
#include "rules/deadlines.h"
#include "rules/handling.h"
#include "rules/suggestion.h"
#include "store/suggestions.h"
#include "store/units.h"
#include "store/users.h"
#include "base/banned.h"

static struct civil_date today(void)
{
	return dates_of_instant(clock_now_ms());
}

static void date_text(struct civil_date d, char out[16])
{
	snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static bool date_of(const char *s, struct civil_date *d)
{
	return s && *s && dates_parse(s, strlen(s), d, NULL) == RD_OK;
}

/* Who the caller is for this item. */
struct who {
	bool office;	      /* staff */
	int64_t delegate_id;  /* a proposer or co-signer of the item, else 0 */
	int64_t own_delegate; /* the caller's delegate record in the item's term */
	int64_t unit_id;      /* an assigned unit, else 0 */
	char unit_role[16];   /* lead / assisting */
	int64_t signers;      /* how many proposers and co-signers */
	char signer_role[16]; /* the caller's: proposer / co_signer */
	bool reader;	      /* a delegate of the term reading a submitted item (to co-sign it) */
};

struct sugg_ctx {
	struct request *req;
	int64_t id;
	struct suggestion s;
	struct who who;
	enum sugg_action action;
	enum sugg_state from, to;
	/* inputs */
	int64_t lead, assisting[16];
	size_t n_assisting;
	const char *note; /* the reason, or the reply's content */
	const char *category, *signed_by, *rating;
	bool approve;
	json_t *out;
};

static enum rd_err find_who(struct store_tx *tx, struct sugg_ctx *c, struct rd_error *err)
{
	struct delegate d;
	struct unit u;
	int64_t sitting;
	enum rd_err rc;

	memset(&c->who, 0, sizeof(c->who));
	c->who.office = (c->req->user.roles & ROLE_STAFF) != 0;
	if (delegate_of_user(tx, c->req->user.id, &d) == RD_OK && d.term_id == c->s.term_id)
		c->who.own_delegate = d.id;
	rc = signers_count(tx, SIGNERS_SUGGESTION, c->id, &c->who.signers, &sitting);
	if (!rc && c->who.own_delegate) {
		rc = signers_role(tx, SIGNERS_SUGGESTION, c->id, c->who.own_delegate,
				  c->who.signer_role, sizeof(c->who.signer_role));
		if (rc == RD_OK)
			c->who.delegate_id = c->who.own_delegate;
		else if (rc == RD_ENOTFOUND)
			rc = RD_OK;
	}
	if (rc)
		return rc;
	if (unit_of_user(tx, c->req->user.id, &u) == RD_OK &&
	    suggestion_unit_role(tx, c->id, u.id, c->who.unit_role) == RD_OK)
		c->who.unit_id = u.id;
	if (!c->who.office && !c->who.delegate_id && !c->who.unit_id) {
		/* A delegate of the congress may read a submitted item to decide
		 * whether to co-sign it; nothing else about others' items. */
		if (c->who.own_delegate && strcmp(c->s.state, "submitted") == 0)
			c->who.reader = true;
		else
			return rd_fail(err, RD_EFORBIDDEN, "id",
				       "this suggestion is not yours to see");
	}
	return RD_OK;
}

static json_t *sugg_json(const struct suggestion *s)
{
	char submitted[32];

	clock_iso8601(s->submitted_at, submitted, sizeof(submitted));
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:I, s:s}", "id",
			 (json_int_t)s->id, "term_id", (json_int_t)s->term_id, "title", s->title,
			 "content", s->content, "category", s->category, "state", s->state,
			 "assigned_on", s->assigned_on, "due_on", s->due_on, "extension_requested",
			 s->extension_requested, "extended", s->extended, "lead_unit_id",
			 s->lead_unit_id ? json_integer(s->lead_unit_id) : json_null(), "round",
			 (json_int_t)s->round, "submitted_at", submitted);
}

/* ---- units --------------------------------------------------------------- */

struct unit_ctx {
	struct request *req;
	const char *name, *username, *email;
	char pwhash[SECRET_PWHASH_LEN];
	int64_t id, user_id;
};

static enum rd_err unit_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct unit_ctx *c = arg;
	char subject[32];
	json_t *detail;
	enum rd_err rc;

	if (c->username) {
		rc = users_create(tx, c->username, c->name, c->pwhash, ROLE_HANDLING_UNIT,
				  clock_now_ms(), &c->user_id);
		if (rc == RD_ECONFLICT)
			return rd_fail(err, rc, "username", "username '%s' is taken", c->username);
		if (rc)
			return rc;
	}
	rc = unit_create(tx, c->name, c->email, c->user_id, &c->id);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "a unit of that name exists");
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "unit:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:s?, s:s?}", "name", c->name, "username", c->username, "email",
			   c->email);
	rc = api_audit(tx, c->req, "unit.create", subject, detail);
	json_decref(detail);
	return rc;
}

/*
 * An address reminders may be sent to (reminders.c): local@domain, printable
 * ASCII without spaces, quotes, angle brackets or commas, so that it cannot
 * add a header or a recipient to the mail; the domain has a dot-free or
 * dotted name of letters, digits and hyphens.
 */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (!at || at == s || strchr(at + 1, '@') || n > 254 || !at[1] || at[1] == '.' ||
	    s[n - 1] == '.')
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch <= ' ' || ch >= 0x7f || strchr("\"<>(),;:[]\\", ch))
			return false;
		if (p > at && !(ch == '.' || ch == '-' || (ch >= '0' && ch <= '9') ||
				((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')))
			return false;
	}
	return true;
}

enum rd_err api_units_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct unit_ctx c = {.req = req,
			     .name = req_body_str(req, "name"),
			     .username = req_body_str(req, "username"),
			     .email = req_body_str(req, "email")};
	const char *password = req_body_str(req, "password");
	enum rd_err rc;

	if ((c.username == NULL) != (password == NULL))
		return req_fail(
			req, RD_EINVAL, c.username ? "password" : "username",
			"give both username and password for the unit's account, or neither");
	if (c.username && !api_username_ok(c.username))
		return req_fail(req, RD_EINVAL, "username", "not a valid username");
	if (c.email && *c.email && !email_ok(c.email))
		return req_fail(req, RD_EINVAL, "email",
				"not an e-mail address reminders can go to");
	if (password && secret_password_hash(password, c.pwhash))
		return req_fail(req, RD_ENOMEM, NULL, "cannot hash the password");
	rc = store_write(app->store, unit_write, &c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:s, s:s, s:b}}", "unit", "id", (json_int_t)c.id,
				  "name", c.name, "email", c.email ? c.email : "", "has_account",
				  c.user_id != 0));
}

struct unit_edit {
	struct request *req;
	int64_t id;
	const char *name, *email;
	struct unit before, after;
};

static enum rd_err unit_edit_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct unit_edit *c = arg;
	char subject[32];
	json_t *detail;
	enum rd_err rc = unit_get(tx, c->id, &c->before);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, NULL, "no such unit");
	if (rc)
		return rc;
	rc = unit_update(tx, c->id, c->name, c->email);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "name", "a unit of that name exists");
	if (rc)
		return rc;
	rc = unit_get(tx, c->id, &c->after);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "unit:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:s, s:s, s:s}", "name", c->after.name, "email", c->after.email,
			   "name_before", c->before.name, "email_before", c->before.email);
	rc = api_audit(tx, c->req, "unit.update", subject, detail);
	json_decref(detail);
	return rc;
}

/* PUT /api/units/{id} (staff): a unit's name and its reminder address ("" for
 * none). Its account keeps its username and display name. */
enum rd_err api_units_update(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct unit_edit c = {.req = req,
			      .id = req_id(req, "id"),
			      .name = req_body_str(req, "name"),
			      .email = req_body_str(req, "email")};
	enum rd_err rc;

	if (!c.name || !*c.name || strspn(c.name, " \t\r\n") == strlen(c.name))
		return req_fail(req, RD_EINVAL, "name", "the name is blank");
	if (!c.email)
		c.email = "";
	if (*c.email && !email_ok(c.email))
		return req_fail(req, RD_EINVAL, "email",
				"not an e-mail address reminders can go to");
	rc = store_write(app->store, unit_edit_write, &c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200,
			json_pack("{s:{s:I, s:s, s:s, s:b}}", "unit", "id", (json_int_t)c.id,
				  "name", c.after.name, "email", c.after.email, "has_account",
				  c.after.user_id != 0));
}

static int add_unit(const struct unit *u, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)u->id,
					     "name", u->name, "email", u->email, "has_account",
					     u->user_id != 0));
	return 0;
}

static enum rd_err units_read(struct store_tx *tx, void *arr, struct rd_error *err)
{
	(void)err;
	return units_each(tx, add_unit, arr);
}

enum rd_err api_units_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	json_t *arr = json_array();
	enum rd_err rc = store_read(app->store, units_read, arr, &req->err);

	if (rc) {
		json_decref(arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "units", arr));
}

/* ---- submit, co-sign, list, view ---------------------------------------- */

static enum rd_err submit_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct sugg_ctx *c = arg;
	struct delegate d;
	char subject[32];
	json_t *detail;
	int64_t now = clock_now_ms();
	enum rd_err rc = delegate_of_user(tx, c->req->user.id, &d);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "only a delegate submits suggestions");
	if (rc)
		return rc;
	if (strcmp(d.status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status", "a %s delegate cannot submit",
			       d.status);
	c->s.term_id = d.term_id;
	c->s.delegate_id = d.id;
	c->s.submitted_at = now;
	rc = suggestion_create(tx, &c->s);
	if (!rc)
		rc = signers_add(tx, SIGNERS_SUGGESTION, c->s.id, d.id, "proposer", now);
	if (!rc)
		rc = suggestion_event(tx, c->s.id, now, c->req->user.username, "submit", "",
				      "submitted", NULL);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "suggestion:%lld", (long long)c->s.id);
	detail = json_pack("{s:s}", "title", c->s.title);
	rc = api_audit(tx, c->req, "suggestion.submit", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_suggestions_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct sugg_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *category = req_body_str(req, "category");
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	str_copy(c->s.title, sizeof(c->s.title), req_body_str(req, "title"));
	str_copy(c->s.content, sizeof(c->s.content), req_body_str(req, "content"));
	str_copy(c->s.category, sizeof(c->s.category), category ? category : "");
	rc = store_write(app->store, submit_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "suggestion.changed",
		    json_pack("{s:I, s:s}", "id", (json_int_t)c->s.id, "state", "submitted"));
	return res_json(res, 201, json_pack("{s:o}", "suggestion", sugg_json(&c->s)));
}

static enum rd_err load(struct store_tx *tx, struct sugg_ctx *c, struct rd_error *err)
{
	enum rd_err rc = suggestion_get(tx, c->id, &c->s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such suggestion");
	return rc ? rc : find_who(tx, c, err);
}

static enum rd_err cosign_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct sugg_ctx *c = arg;
	struct delegate d;
	enum rd_err rc = suggestion_get(tx, c->id, &c->s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such suggestion");
	if (rc)
		return rc;
	rc = delegate_of_user(tx, c->req->user.id, &d);
	if (rc == RD_ENOTFOUND || (!rc && d.term_id != c->s.term_id))
		return rd_fail(err, RD_EFORBIDDEN, "delegate", "only a delegate of this congress");
	if (rc)
		return rc;
	if (strcmp(c->s.state, "submitted") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "co-sign before the item is assigned");
	rc = signers_cosign(tx, SIGNERS_SUGGESTION, c->id, d.id, err);
	if (!rc)
		rc = suggestion_event(tx, c->id, clock_now_ms(), c->req->user.username, "cosign",
				      c->s.state, c->s.state, NULL);
	return rc;
}

enum rd_err api_suggestions_cosign(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct sugg_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_write(app->store, cosign_write, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:b}", "ok", 1));
}

/*
 * The list (GET /api/suggestions), a page at a time: page (from 1) and
 * per_page (1 .. 200, 50 by default) as the route table bounds them; state
 * and overdue filter it. The answer carries the total the filters hold and,
 * per state, how many the caller may see in all, overdue and due soon,
 * counted from `today` (the page's date, so that the counts agree with the
 * marks it draws; the server's by default) — what the pages show above the
 * list without reading every item.
 */
#define LIST_PER_PAGE 50

/* "Due soon": within this many days of today, the page's 即将到期 mark
 * (web/src/suggestions/due.ts SOON_DAYS). */
#define DUE_SOON_DAYS 15

struct list_ctx {
	struct request *req;
	struct sugg_filter f;
	char today[16], soon_until[16];
	json_t *arr, *by_state;
	int64_t total;
};

static int add_sugg(const struct suggestion *s, void *arg)
{
	struct list_ctx *c = arg;

	json_array_append_new(c->arr, sugg_json(s));
	return 0;
}

/* One state of the summary. The total of the list is counted here too, in
 * the same pass: the state asked for (or every state), and of those only
 * the overdue ones when asked (the filter's due_before is today, the day
 * the summary's overdue counts from). */
static int add_state_count(const char *state, int64_t count, int64_t overdue, int64_t due_soon,
			   void *arg)
{
	struct list_ctx *c = arg;

	if (!c->f.state || strcmp(c->f.state, state) == 0)
		c->total += c->f.due_before ? overdue : count;

	json_object_set_new(c->by_state, state,
			    json_pack("{s:I, s:I, s:I}", "count", (json_int_t)count, "overdue",
				      (json_int_t)overdue, "due_soon", (json_int_t)due_soon));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	struct delegate d;
	struct unit u;
	enum rd_err rc;

	(void)err;
	/* The office sees all; a unit its inbox; a delegate their own; others none. */
	if (!(c->req->user.roles & ROLE_STAFF)) {
		if (unit_of_user(tx, c->req->user.id, &u) == RD_OK)
			c->f.unit_id = u.id;
		else if (delegate_of_user(tx, c->req->user.id, &d) == RD_OK)
			c->f.delegate_id = d.id;
		else
			return RD_OK;
	}
	rc = suggestions_page(tx, &c->f, add_sugg, c);
	if (!rc)
		rc = suggestions_summary(tx, &c->f, c->today, c->soon_until, add_state_count, c);
	return rc;
}

enum rd_err api_suggestions_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx c = {.req = req};
	const char *overdue = req_query(req, "overdue"), *on = req_query(req, "today");
	int64_t page = req_query_i64(req, "page", 1),
		per = req_query_i64(req, "per_page", LIST_PER_PAGE);
	struct civil_date day = today(), soon;
	enum sugg_state state;
	enum rd_err rc;

	c.f.state = req_query(req, "state");
	if (c.f.state && sugg_state_parse(c.f.state, &state, &req->err))
		return RD_EINVAL;
	if ((on && !date_of(on, &day)) || dates_add_days(day, DUE_SOON_DAYS, &soon, NULL))
		return req_fail(req, RD_EINVAL, "today", "today must be a date, YYYY-MM-DD");
	date_text(day, c.today);
	date_text(soon, c.soon_until);
	if (overdue && strcmp(overdue, "true") == 0)
		c.f.due_before = c.today;
	c.f.limit = per;
	c.f.offset = (page - 1) * per;
	c.arr = json_array();
	c.by_state = json_object();
	if (!c.arr || !c.by_state) {
		rc = RD_ENOMEM;
		goto fail;
	}
	rc = store_read(app->store, list_read, &c, &req->err);
	if (rc)
		goto fail;
	return res_json(res, 200,
			json_pack("{s:o, s:I, s:I, s:I, s:o}", "suggestions", c.arr, "total",
				  (json_int_t)c.total, "page", (json_int_t)page, "per_page",
				  (json_int_t)per, "by_state", c.by_state));
fail:
	json_decref(c.arr);
	json_decref(c.by_state);
	return rc;
}

static int add_unit_row(int64_t id, const char *name, const char *role, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)id, "name",
					     name, "role", role));
	return 0;
}

static int add_event(int64_t at, const char *actor, const char *action, const char *from,
		     const char *to, const char *note, void *arr)
{
	char when[32];

	clock_iso8601(at, when, sizeof(when));
	json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "at", when, "actor",
					     actor, "action", action, "from", from, "to", to,
					     "note", note));
	return 0;
}

static int add_reply(int64_t round, const char *unit, const char *category, const char *content,
		     const char *signed_by, int64_t at, void *arr)
{
	char when[32];

	clock_iso8601(at, when, sizeof(when));
	json_array_append_new(arr,
			      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "round",
					(json_int_t)round, "unit", unit, "category", category,
					"content", content, "signed_by", signed_by, "at", when));
	return 0;
}

static int add_rating(int64_t round, const char *name, const char *rating, const char *reason,
		      void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s}", "round", (json_int_t)round,
					     "name", name, "rating", rating, "reason", reason));
	return 0;
}

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct sugg_ctx *c = arg;
	json_t *signers = json_array(), *units = json_array(), *events = json_array(),
	       *replies = json_array(), *ratings = json_array(), *viewer;
	bool rated = false;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = signers_json(tx, SIGNERS_SUGGESTION, c->id, signers);
	if (!rc)
		rc = suggestion_units_each(tx, c->id, add_unit_row, units);
	if (!rc)
		rc = suggestion_events_each(tx, c->id, add_event, events);
	if (!rc)
		rc = suggestion_replies_each(tx, c->id, add_reply, replies);
	if (!rc)
		rc = suggestion_ratings_each(tx, c->id, add_rating, ratings);
	if (rc) {
		json_decref(signers);
		json_decref(units);
		json_decref(events);
		json_decref(replies);
		json_decref(ratings);
		return rc;
	}
	if (c->who.delegate_id)
		rc = suggestion_rated(tx, c->id, c->s.round, c->who.delegate_id, &rated);
	if (rc) {
		json_decref(signers);
		json_decref(units);
		json_decref(events);
		json_decref(replies);
		json_decref(ratings);
		return rc;
	}
	/* Who the caller is for this item, so the page need not guess. */
	viewer = json_pack(
		"{s:b, s:o, s:o, s:b, s:o, s:o, s:b}", "office", c->who.office, "delegate_id",
		c->who.delegate_id ? json_integer(c->who.delegate_id) : json_null(), "signer_role",
		c->who.delegate_id ? json_string(c->who.signer_role) : json_null(),
		"rated_this_round", rated, "unit_id",
		c->who.unit_id ? json_integer(c->who.unit_id) : json_null(), "unit_role",
		c->who.unit_id ? json_string(c->who.unit_role) : json_null(), "reader",
		c->who.reader);
	c->out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "suggestion", sugg_json(&c->s),
			   "signers", signers, "units", units, "timeline", events, "replies",
			   replies, "ratings", ratings, "viewer", viewer);
	return RD_OK;
}

enum rd_err api_suggestions_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct sugg_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}

/* ---- the steps ----------------------------------------------------------- */

static bool may(const struct sugg_ctx *c, enum sugg_actor by)
{
	switch (by) {
	case SUGG_BY_OFFICE:
		return c->who.office;
	case SUGG_BY_UNIT:
		return c->who.unit_id && strcmp(c->who.unit_role, "lead") == 0;
	case SUGG_BY_DELEGATE:
		return c->who.delegate_id != 0;
	}
	return false;
}

/* DL art. 51(2): the reply is due 3 months after assignment, 6 with an
 * approved extension (src/rules/deadlines.c). */
static enum rd_err set_reply_due(struct sugg_ctx *c, struct civil_date assigned, bool extended,
				 struct rd_error *err)
{
	struct deadline_settings ds;
	struct civil_date due;
	enum rd_err rc;

	deadline_settings_default(&ds);
	rc = deadline_reply(&ds, assigned, extended, NULL, &due, err);
	if (!rc)
		date_text(due, c->s.due_on);
	return rc;
}

/* Applies what the action does besides moving the state. */
static enum rd_err apply(struct store_tx *tx, struct sugg_ctx *c, struct rd_error *err)
{
	struct deadline_settings ds;
	struct civil_date now = today(), assigned, last;
	struct unit u;
	enum sugg_result result;
	enum rd_err rc;

	deadline_settings_default(&ds);
	switch (c->action) {
	case SUGG_ASSIGN:
		rc = unit_get(tx, c->lead, &u);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "lead_unit_id", "no such handling unit");
		for (size_t i = 0; !rc && i < c->n_assisting; i++) {
			rc = unit_get(tx, c->assisting[i], &u);
			if (rc == RD_ENOTFOUND || c->assisting[i] == c->lead)
				return rd_fail(err, RD_EINVAL, "assisting_unit_ids",
					       "assisting_unit_ids[%zu] is not another unit", i);
		}
		if (!rc)
			rc = suggestion_set_units(tx, c->id, c->lead, c->assisting, c->n_assisting);
		if (rc)
			return rc;
		c->s.lead_unit_id = c->lead;
		date_text(now, c->s.assigned_on);
		c->s.extended = c->s.extension_requested = false;
		/* DL art. 51(2): the reply is due 3 months after assignment. */
		return set_reply_due(c, now, false, err);
	case SUGG_REQUEST_RETURN:
		/* Henan art. 14: only within the return window after assignment. */
		if (!date_of(c->s.assigned_on, &assigned) ||
		    deadline_return(&ds, assigned, NULL, &last, err))
			return RD_EINTERNAL;
		if (dates_cmp(now, last) > 0)
			return rd_fail(
				err, RD_ECONFLICT, "state",
				"the window to return a mis-assigned item ended on %04d-%02d-%02d",
				last.y, last.m, last.d);
		return RD_OK;
	case SUGG_APPROVE_RETURN:
		rc = suggestion_set_units(tx, c->id, 0, NULL, 0);
		if (rc)
			return rc;
		c->s.lead_unit_id = 0;
		c->s.assigned_on[0] = c->s.due_on[0] = '\0';
		return RD_OK;
	case SUGG_REQUEST_EXTENSION:
		if (c->s.extended || c->s.extension_requested)
			return rd_fail(err, RD_ECONFLICT, "state",
				       "an extension was asked for already");
		c->s.extension_requested = true;
		return RD_OK;
	case SUGG_DECIDE_EXTENSION:
		if (!c->s.extension_requested)
			return rd_fail(err, RD_ECONFLICT, "state", "no extension was asked for");
		c->s.extension_requested = false;
		if (!c->approve)
			return RD_OK;
		c->s.extended = true;
		if (!date_of(c->s.assigned_on, &assigned))
			return RD_EINTERNAL;
		/* DL art. 51(2): up to 6 months, approved by the office. */
		return set_reply_due(c, assigned, true, err);
	case SUGG_REPLY: {
		char due[16], on[16];

		if (sugg_result_parse(c->category, &result, err))
			return RD_EINVAL;
		/* The reply keeps the date it was due and its own date: the
		 * on-time rate of the report (DL art. 51(3)). */
		str_copy(due, sizeof(due), c->s.due_on);
		date_text(now, on);
		c->s.round++;
		c->s.due_on[0] = '\0';
		return suggestion_reply_add(tx, c->id, c->who.unit_id, c->s.round, c->category,
					    c->note, c->signed_by, clock_now_ms(), due, on,
					    handling_on_time(on, due));
	}
	case SUGG_REJECT:
	case SUGG_DENY_RETURN:
	case SUGG_CLOSE:
		return RD_OK;
	case SUGG_RATE_OK:
	case SUGG_RATE_DISSATISFIED:
	case SUGG_ACTION_COUNT:
		break;
	}
	return RD_EINTERNAL;
}

static enum rd_err record(struct store_tx *tx, struct sugg_ctx *c, const char *action)
{
	char subject[32];
	json_t *detail;
	enum rd_err rc;

	rc = suggestion_update(tx, &c->s);
	if (!rc)
		rc = suggestion_event(tx, c->id, clock_now_ms(), c->req->user.username, action,
				      sugg_state_name(c->from), c->s.state, c->note);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "suggestion:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:s, s:s, s:s}", "action", action, "from",
			   sugg_state_name(c->from), "to", c->s.state, "note",
			   c->note ? c->note : "");
	rc = api_audit(tx, c->req, "suggestion.step", subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err act_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct sugg_ctx *c = arg;
	enum sugg_actor by;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if (sugg_state_parse(c->s.state, &c->from, err))
		return RD_EINTERNAL;
	rc = sugg_transition(c->from, c->action, &c->to, &by, err);
	if (rc)
		return rc;
	if (!may(c, by))
		return rd_fail(err, RD_EFORBIDDEN, "id",
			       by == SUGG_BY_OFFICE ? "only the office may do this"
			       : by == SUGG_BY_UNIT ? "only the lead handling unit may do this"
						    : "only its proposers may do this");
	rc = apply(tx, c, err);
	if (rc)
		return rc;
	str_copy(c->s.state, sizeof(c->s.state), sugg_state_name(c->to));
	if (c->action == SUGG_DECIDE_EXTENSION)
		return record(tx, c, c->approve ? "approve_extension" : "deny_extension");
	return record(tx, c, sugg_action_name(c->action));
}

/* A rating: every proposer and co-signer rates each reply once (Beijing
 * art. 23). One dissatisfied rating sends the item back for rehandling
 * (Henan art. 22: a new reply within a month); when all have rated and
 * none is dissatisfied, the item closes. */
static enum rd_err rate_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct sugg_ctx *c = arg;
	struct deadline_settings ds;
	struct civil_date due;
	enum sugg_actor by;
	enum sugg_rating r;
	int64_t rated, dissatisfied;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if (!c->who.delegate_id)
		return rd_fail(err, RD_EFORBIDDEN, "id", "only its proposers rate the reply");
	if (strcmp(c->s.state, "replied") != 0)
		return rd_fail(err, RD_ECONFLICT, "state", "there is no reply to rate now");
	if (sugg_rating_parse(c->rating, &r, err))
		return RD_EINVAL;
	if (r == SUGG_DISSATISFIED && (!c->note || !*c->note))
		return rd_fail(err, RD_EINVAL, "reason", "say why you are dissatisfied");
	rc = suggestion_rate(tx, c->id, c->s.round, c->who.delegate_id, c->rating, c->note,
			     clock_now_ms());
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "rating", "you rated this reply already");
	if (!rc)
		rc = suggestion_ratings_count(tx, c->id, c->s.round, &rated, &dissatisfied);
	if (rc)
		return rc;
	sugg_state_parse(c->s.state, &c->from, NULL);
	if (dissatisfied) {
		c->action = SUGG_RATE_DISSATISFIED;
	} else if (rated >= c->who.signers) {
		c->action = SUGG_RATE_OK;
	} else {
		c->to = c->from; /* waiting for the others */
		return record(tx, c, "rate");
	}
	rc = sugg_transition(c->from, c->action, &c->to, &by, err);
	if (rc)
		return rc;
	str_copy(c->s.state, sizeof(c->s.state), sugg_state_name(c->to));
	if (c->action == SUGG_RATE_DISSATISFIED) {
		deadline_settings_default(&ds);
		rc = deadline_rehandle(&ds, today(), NULL, &due, err);
		if (rc)
			return rc;
		date_text(due, c->s.due_on);
	}
	return record(tx, c, sugg_action_name(c->action));
}

static enum rd_err run(struct request *req, struct response *res, struct sugg_ctx *c, store_fn fn)
{
	struct app *app = req->app;
	enum rd_err rc = store_write(app->store, fn, c, &req->err);

	if (rc)
		return rc;
	api_publish(app, "suggestion.changed",
		    json_pack("{s:I, s:s}", "id", (json_int_t)c->id, "state", c->s.state));
	return res_json(res, 200, json_pack("{s:o}", "suggestion", sugg_json(&c->s)));
}

static struct sugg_ctx *new_ctx(struct request *req, enum sugg_action a)
{
	struct sugg_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (c) {
		c->req = req;
		c->id = req_id(req, "id");
		c->action = a;
		c->note = req_body_str(req, "reason");
	}
	return c;
}

enum rd_err api_suggestions_assign(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_ASSIGN);
	json_t *ids = json_object_get(req->body, "assisting_unit_ids"), *v;
	size_t i;

	if (!c)
		return RD_ENOMEM;
	c->lead = req_body_i64(req, "lead_unit_id", 0);
	json_array_foreach(ids, i, v)
	{
		if (!json_is_integer(v) || i >= 16)
			return req_fail(req, RD_EINVAL, "assisting_unit_ids",
					"assisting_unit_ids[%zu] must be a unit id", i);
		c->assisting[c->n_assisting++] = json_integer_value(v);
	}
	return run(req, res, c, act_write);
}

enum rd_err api_suggestions_reject(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_REJECT);

	return c ? run(req, res, c, act_write) : RD_ENOMEM;
}

enum rd_err api_suggestions_return(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_REQUEST_RETURN);

	return c ? run(req, res, c, act_write) : RD_ENOMEM;
}

enum rd_err api_suggestions_return_decision(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_APPROVE_RETURN);

	if (!c)
		return RD_ENOMEM;
	c->approve = req_body_bool(req, "approve", false);
	c->action = c->approve ? SUGG_APPROVE_RETURN : SUGG_DENY_RETURN;
	return run(req, res, c, act_write);
}

enum rd_err api_suggestions_extension(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_REQUEST_EXTENSION);

	return c ? run(req, res, c, act_write) : RD_ENOMEM;
}

enum rd_err api_suggestions_extension_decision(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_DECIDE_EXTENSION);

	if (!c)
		return RD_ENOMEM;
	c->approve = req_body_bool(req, "approve", false);
	return run(req, res, c, act_write);
}

enum rd_err api_suggestions_reply(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_REPLY);

	if (!c)
		return RD_ENOMEM;
	c->category = req_body_str(req, "category");
	c->note = req_body_str(req, "content");
	c->signed_by = req_body_str(req, "signed_by");
	return run(req, res, c, act_write);
}

enum rd_err api_suggestions_rate(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_RATE_OK);

	if (!c)
		return RD_ENOMEM;
	c->rating = req_body_str(req, "rating");
	return run(req, res, c, rate_write);
}

enum rd_err api_suggestions_close(struct request *req, struct response *res)
{
	struct sugg_ctx *c = new_ctx(req, SUGG_CLOSE);

	return c ? run(req, res, c, act_write) : RD_ENOMEM;
}
