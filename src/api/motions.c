/*
 * motions.c — delegates' joint motions (议案), RULES §4, LOL art. 22, DL
 * art. 15: during a session a delegate submits a motion with its subject
 * (案由), grounds (案据) and proposed solution (方案), other delegates of the
 * term co-sign it on their own devices, and the proposer lodges it once 10
 * or more sitting delegates have signed (rules/motion.c). A motion lodged
 * after the deadline the presidium set for the session is handled as a
 * suggestion. The presidium puts a lodged motion on the agenda, refers it to
 * a special committee first, or has it handled as a suggestion (a linked
 * suggestion then enters the suggestions' flow, with the same signers); a
 * motion on the agenda is put to the vote. Before the vote the proposer may
 * ask to withdraw it and the presidium consents or refuses. PDFs may be
 * attached (stored as documents). The order of steps is the table in
 * src/rules/motion.c; every step is on the motion's timeline, in the audit
 * log (motion.step) and published as motion.changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "api/signers.h"
#include "base/clock.h"
#include "base/str.h"
#include "rules/dates.h"
#include "rules/motion.h"
#include "store/motions.h"
#include "store/suggestions.h"
#include "store/users.h"
#include "base/banned.h"

/* True if s has nothing but spaces (ASCII or the ideographic U+3000). */
static bool blank(const char *s)
{
	while (s && *s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
			 (unsigned char)s[2] == 0x80)
			s += 3;
		else
			return false;
	}
	return true;
}

/* Who the caller is for this motion. */
struct who {
	bool officer;		  /* staff or presidium: decides */
	bool staff;		  /* may attach documents for the proposer */
	struct signers_caller me; /* in the motion's term, and among its signers */
};

struct mo_ctx {
	struct request *req;
	int64_t id;
	struct motion m;
	struct who who;
	enum motion_action action;
	enum motion_state from, to;
	int64_t deadline; /* the session's deadline for motions, ms, 0 if none */
	int64_t signers, sitting;
	/* inputs */
	const char *note; /* the reason */
	const char *committee;
	const char *title; /* an attachment's */
	int64_t poll_id, document_id;
	bool approve;
	json_t *out;
};

/* Loads the motion, its counts and deadline, and the caller's relation to
 * it. Officers and the delegates of the motion's term may see it. */
static enum rd_err load(struct store_tx *tx, struct mo_ctx *c, struct rd_error *err)
{
	enum rd_err rc = motion_get(tx, c->id, &c->m);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such motion");
	if (rc)
		return rc;
	c->who.officer = (c->req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM)) != 0;
	c->who.staff = (c->req->user.roles & ROLE_STAFF) != 0;
	rc = signers_caller_find(tx, SIGNERS_MOTION, c->id, c->m.term_id, c->req->user.id,
				 &c->who.me);
	if (rc)
		return rc;
	if (!c->who.officer && !c->who.me.delegate_id)
		return rd_fail(err, RD_EFORBIDDEN, "id", "this motion is not yours to see");
	rc = signers_count(tx, SIGNERS_MOTION, c->id, &c->signers, &c->sitting);
	if (!rc)
		rc = motion_deadline_get(tx, c->m.session_id, &c->deadline);
	if (!rc && motion_state_parse(c->m.state, &c->from, err))
		rc = RD_EINTERNAL;
	return rc;
}

static json_t *time_or_null(int64_t ms)
{
	char when[32];

	if (!ms)
		return json_null();
	clock_iso8601(ms, when, sizeof(when));
	return json_string(when);
}

static json_t *motion_json(const struct motion *m, int64_t signers, int64_t sitting,
			   int64_t deadline)
{
	return json_pack(
		"{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:b, s:o,"
		" s:o, s:I, s:I, s:I, s:o}",
		"id", (json_int_t)m->id, "session_id", (json_int_t)m->session_id, "term_id",
		(json_int_t)m->term_id, "subject", m->subject, "grounds", m->grounds, "solution",
		m->solution, "category", m->category, "state", m->state, "submitted_at",
		time_or_null(m->submitted_at), "lodged_at", time_or_null(m->lodged_at), "late",
		m->late, "committee", m->committee, "withdrawal_requested", m->withdrawal_requested,
		"poll_id", m->poll_id ? json_integer(m->poll_id) : json_null(), "suggestion_id",
		m->suggestion_id ? json_integer(m->suggestion_id) : json_null(), "signers",
		(json_int_t)signers, "sitting_signers", (json_int_t)sitting, "required",
		(json_int_t)motion_signers_required(), "deadline_at", time_or_null(deadline));
}

static json_t *ctx_json(const struct mo_ctx *c)
{
	return motion_json(&c->m, c->signers, c->sitting, c->deadline);
}

/* Writes the motion, a line of its timeline and the audit entry. */
static enum rd_err record(struct store_tx *tx, struct mo_ctx *c, const char *action,
			  const char *note)
{
	char subject[32];
	json_t *detail;
	enum rd_err rc = motion_update(tx, &c->m);

	if (!rc)
		rc = motion_event(tx, c->id, clock_now_ms(), c->req->user.username, action,
				  motion_state_name(c->from), c->m.state, note);
	if (!rc)
		rc = signers_count(tx, SIGNERS_MOTION, c->id, &c->signers, &c->sitting);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "motion:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:s, s:s, s:s, s:I}", "action", action, "from",
			   motion_state_name(c->from), "to", c->m.state, "note", note ? note : "",
			   "signers", (json_int_t)c->signers);
	rc = api_audit(tx, c->req, "motion.step", subject, detail);
	json_decref(detail);
	return rc;
}

/* Runs fn in a write transaction, publishes motion.changed and answers the
 * motion. */
static enum rd_err run(struct request *req, struct response *res, struct mo_ctx *c, store_fn fn,
		       int status)
{
	struct app *app = req->app;
	enum rd_err rc = store_write(app->store, fn, c, &req->err);

	if (rc)
		return rc;
	api_publish(app, "motion.changed",
		    json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)c->m.id, "session_id",
			      (json_int_t)c->m.session_id, "state", c->m.state, "signers",
			      (json_int_t)c->signers));
	return res_json(res, status, json_pack("{s:o}", "motion", ctx_json(c)));
}

static struct mo_ctx *new_ctx(struct request *req, enum motion_action a)
{
	struct mo_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (c) {
		memset(c, 0, sizeof(*c));
		c->req = req;
		c->id = req_id(req, "id");
		c->action = a;
		c->note = req_body_str(req, "reason");
	}
	return c;
}

/* ---- the deadline the presidium sets ----------------------------------- */

/* "YYYY-MM-DD HH:MM" (or with a T) in Asia/Shanghai to ms; false if not. */
static bool parse_local_time(const char *s, int64_t *ms)
{
	struct civil_date d;
	int64_t h, mi;

	if (!s || strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
		return false;
	if (dates_parse(s, 10, &d, NULL) || str_to_i64(s + 11, 2, 0, 23, &h) ||
	    str_to_i64(s + 14, 2, 0, 59, &mi))
		return false;
	*ms = dates_start_ms(d) + (h * 3600 + mi * 60) * 1000;
	return true;
}

struct deadline_ctx {
	struct request *req;
	int64_t session_id, due_at;
	const char *text;
	struct session s;
};

static enum rd_err deadline_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct deadline_ctx *c = arg;
	char subject[32];
	json_t *detail;
	enum rd_err rc = session_get(tx, c->session_id, &c->s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such session");
	if (!rc)
		rc = motion_deadline_set(tx, c->session_id, c->due_at, c->req->user.username,
					 clock_now_ms());
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "session:%lld", (long long)c->session_id);
	detail = json_pack("{s:s}", "deadline", c->text);
	rc = api_audit(tx, c->req, "motion.deadline", subject, detail);
	json_decref(detail);
	return rc;
}

static json_t *deadline_json(int64_t session_id, int64_t due_at)
{
	return json_pack("{s:I, s:o, s:b}", "session_id", (json_int_t)session_id, "deadline_at",
			 time_or_null(due_at), "past", motion_filed_late(clock_now_ms(), due_at));
}

enum rd_err api_motions_deadline_set(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct deadline_ctx c = {
		.req = req, .session_id = req_id(req, "id"), .text = req_body_str(req, "deadline")};
	enum rd_err rc;

	if (!parse_local_time(c.text, &c.due_at))
		return req_fail(req, RD_EINVAL, "deadline",
				"deadline must be a time 'YYYY-MM-DD HH:MM' (Beijing time)");
	rc = store_write(app->store, deadline_write, &c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "motion.deadline",
		    json_pack("{s:I, s:I}", "session_id", (json_int_t)c.session_id, "deadline_at",
			      (json_int_t)c.due_at));
	return res_json(res, 200, deadline_json(c.session_id, c.due_at));
}

static enum rd_err deadline_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct deadline_ctx *c = arg;
	enum rd_err rc = session_get(tx, c->session_id, &c->s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such session");
	return rc ? rc : motion_deadline_get(tx, c->session_id, &c->due_at);
}

enum rd_err api_motions_deadline_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct deadline_ctx c = {.req = req, .session_id = req_id(req, "id")};
	enum rd_err rc = store_read(app->store, deadline_read, &c, &req->err);

	if (rc)
		return rc;
	return res_json(res, 200, deadline_json(c.session_id, c.due_at));
}

/* ---- submit, co-sign, lodge --------------------------------------------- */

static enum rd_err submit_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	struct session s;
	struct delegate d;
	char subject[32];
	json_t *detail;
	int64_t now = clock_now_ms();
	enum rd_err rc = session_get(tx, c->m.session_id, &s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EINVAL, "session_id", "no such session");
	if (rc)
		return rc;
	rc = delegate_by_user(tx, s.term_id, c->req->user.id, &d);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "only a delegate of this congress submits motions");
	if (rc)
		return rc;
	/* A suspended delegate may not exercise the delegate's rights (DL art. 50). */
	if (strcmp(d.status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status", "a %s delegate cannot submit",
			       d.status);
	c->m.term_id = s.term_id;
	c->m.delegate_id = d.id;
	c->m.submitted_at = now;
	rc = motion_create(tx, &c->m);
	if (!rc)
		rc = signers_add(tx, SIGNERS_MOTION, c->m.id, d.id, "proposer", now);
	if (!rc)
		rc = motion_event(tx, c->m.id, now, c->req->user.username, "submit", "",
				  "collecting", NULL);
	if (!rc)
		rc = motion_deadline_get(tx, s.id, &c->deadline);
	if (rc)
		return rc;
	c->id = c->m.id;
	c->signers = c->sitting = 1;
	snprintf(subject, sizeof(subject), "motion:%lld", (long long)c->m.id);
	detail = json_pack("{s:s, s:I}", "subject", c->m.subject, "session_id", (json_int_t)s.id);
	rc = api_audit(tx, c->req, "motion.submit", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_motions_create(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_COSIGN);
	const char *category = req_body_str(req, "category");
	static const char *const text_fields[] = {"subject", "grounds", "solution"};

	if (!c)
		return RD_ENOMEM;
	/* DL art. 15(1): 议案应当有案由、案据和方案 — none may be blank. */
	for (size_t i = 0; i < 3; i++)
		if (blank(req_body_str(req, text_fields[i])))
			return req_fail(req, RD_EINVAL, text_fields[i], "%s must not be blank",
					text_fields[i]);
	c->m.session_id = req_body_i64(req, "session_id", 0);
	str_copy(c->m.subject, sizeof(c->m.subject), req_body_str(req, "subject"));
	str_copy(c->m.grounds, sizeof(c->m.grounds), req_body_str(req, "grounds"));
	str_copy(c->m.solution, sizeof(c->m.solution), req_body_str(req, "solution"));
	str_copy(c->m.category, sizeof(c->m.category), category ? category : "");
	return run(req, res, c, submit_write, 201);
}

/* A step of the table: the state allows it and the caller may take it. */
static enum rd_err step(struct mo_ctx *c, struct rd_error *err)
{
	enum motion_actor by;
	enum rd_err rc = motion_transition(c->from, c->action, &c->to, &by, err);

	if (rc)
		return rc;
	switch (by) {
	case MOTION_BY_PRESIDIUM:
		if (!c->who.officer)
			return rd_fail(err, RD_EFORBIDDEN, "id", "only the presidium decides this");
		break;
	case MOTION_BY_PROPOSER:
		if (!c->who.me.delegate_id || c->who.me.delegate_id != c->m.delegate_id)
			return rd_fail(err, RD_EFORBIDDEN, "id",
				       "only the motion's proposer may do this");
		break;
	case MOTION_BY_DELEGATE:
		if (!c->who.me.delegate_id)
			return rd_fail(err, RD_EFORBIDDEN, "delegate",
				       "only delegates of this term sign its motions");
		if (!c->who.me.sitting)
			return rd_fail(err, RD_EFORBIDDEN, "status",
				       "only sitting delegates sign motions");
		break;
	}
	str_copy(c->m.state, sizeof(c->m.state), motion_state_name(c->to));
	return RD_OK;
}

static enum rd_err cosign_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (rc)
		return rc;
	/* LOL art. 22(2): each delegate signs once, on their own device. */
	rc = signers_cosign(tx, SIGNERS_MOTION, c->id, c->who.me.delegate_id, err);
	return rc ? rc : record(tx, c, "cosign", NULL);
}

enum rd_err api_motions_cosign(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_COSIGN);

	return c ? run(req, res, c, cosign_write, 200) : RD_ENOMEM;
}

/*
 * RULES §4: a motion not accepted, filed late, or outside the congress's
 * powers is handled as a suggestion. The suggestion enters the suggestions'
 * flow ('submitted', for the office to review and assign) with the motion's
 * subject as its title, its grounds and solution as the content, and the
 * same proposer and co-signers.
 */
static enum rd_err make_suggestion(struct store_tx *tx, struct mo_ctx *c, const char *why,
				   struct rd_error *err)
{
	struct suggestion *s = calloc(1, sizeof(*s));
	char subject[32], note[FLOOR_TEXT + 64];
	json_t *detail;
	int64_t now = clock_now_ms();
	enum rd_err rc;
	int n;

	(void)err;
	if (!s)
		return RD_ENOMEM;
	s->term_id = c->m.term_id;
	s->delegate_id = c->m.delegate_id;
	s->submitted_at = now;
	str_copy(s->title, sizeof(s->title), c->m.subject);
	str_copy(s->category, sizeof(s->category), c->m.category);
	/* grounds and solution are at most 1,000 characters each (routes.c),
	 * so both fit whole in the suggestion's content. */
	n = snprintf(s->content, sizeof(s->content), "案据：%s\n\n方案：%s", c->m.grounds,
		     c->m.solution);
	if (n < 0 || (size_t)n >= sizeof(s->content)) {
		rc = RD_EINTERNAL;
		goto out;
	}
	rc = suggestion_create(tx, s);
	if (!rc)
		rc = motion_signers_to_suggestion(tx, c->id, s->id);
	snprintf(note, sizeof(note), "议案第%lld号作为建议处理：%s", (long long)c->id,
		 why ? why : "");
	if (!rc)
		rc = suggestion_event(tx, s->id, now, c->req->user.username, "submit", "",
				      "submitted", note);
	if (rc)
		goto out;
	c->m.suggestion_id = s->id;
	snprintf(subject, sizeof(subject), "suggestion:%lld", (long long)s->id);
	detail = json_pack("{s:s, s:I}", "title", s->title, "motion_id", (json_int_t)c->id);
	rc = api_audit(tx, c->req, "suggestion.submit", subject, detail);
	json_decref(detail);
out:
	free(s);
	return rc;
}

static enum rd_err lodge_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	struct rd_error why = {0};
	int64_t now = clock_now_ms();
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	c->m.late = motion_filed_late(now, c->deadline);
	c->action = c->m.late ? MOTION_LODGE_LATE : MOTION_LODGE;
	rc = step(c, err);
	if (rc)
		return rc;
	/* LOL art. 22(2): ten or more sitting delegates of the term. Too few
	 * is not bad input but the motion's state: 409. */
	if (motion_signers_check(c->sitting, &why))
		return rd_fail(err, RD_ECONFLICT, "signers", "%s", why.message);
	c->m.lodged_at = now;
	if (c->m.late) {
		rc = make_suggestion(tx, c, "逾期提出", err);
		if (rc)
			return rc;
		return record(tx, c, "lodge_late",
			      "filed after the deadline: handled as a suggestion");
	}
	return record(tx, c, "lodge", NULL);
}

enum rd_err api_motions_lodge(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_LODGE);

	return c ? run(req, res, c, lodge_write, 200) : RD_ENOMEM;
}

/* ---- the presidium's decisions ----------------------------------------- */

static enum rd_err no_pending_withdrawal(const struct mo_ctx *c, struct rd_error *err)
{
	if (c->m.withdrawal_requested)
		return rd_fail(err, RD_ECONFLICT, "state",
			       "the proposer asked to withdraw it: decide that first");
	return RD_OK;
}

static enum rd_err decide_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (!rc)
		rc = no_pending_withdrawal(c, err);
	if (rc)
		return rc;
	if (c->action == MOTION_REFER)
		str_copy(c->m.committee, sizeof(c->m.committee), c->committee);
	if (c->action == MOTION_HANDLE_AS_SUGGESTION) {
		rc = make_suggestion(tx, c, c->note, err);
		if (rc)
			return rc;
	}
	return record(tx, c, motion_action_name(c->action), c->note);
}

enum rd_err api_motions_decide(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_AGENDA);
	enum motion_decision d;

	if (!c)
		return RD_ENOMEM;
	if (motion_decision_parse(req_body_str(req, "decision"), &d, &req->err))
		return RD_EINVAL;
	c->action = motion_decision_action(d);
	c->committee = req_body_str(req, "committee");
	/* LOL art. 22(2): referred to the special committee concerned — name it. */
	if (d == MOTION_DECIDE_REFER && blank(c->committee))
		return req_fail(req, RD_EINVAL, "committee", "name the special committee");
	if (d != MOTION_DECIDE_REFER && c->committee)
		return req_fail(req, RD_EINVAL, "committee", "a committee only with 'refer'");
	/* Not on the agenda: the proposers are told why. */
	if (d == MOTION_DECIDE_SUGGESTION && blank(c->note))
		return req_fail(req, RD_EINVAL, "reason",
				"give the reason it is handled as a suggestion");
	return run(req, res, c, decide_write, 200);
}

static enum rd_err vote_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	struct poll p;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (!rc)
		rc = no_pending_withdrawal(c, err);
	if (rc)
		return rc;
	if (c->poll_id) {
		rc = poll_get(tx, c->poll_id, &p);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "poll_id", "no such vote");
		if (rc)
			return rc;
		c->m.poll_id = c->poll_id;
	}
	return record(tx, c, "put_to_vote", c->note);
}

enum rd_err api_motions_put_to_vote(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_PUT_TO_VOTE_ACTION);

	if (!c)
		return RD_ENOMEM;
	c->poll_id = req_body_i64(req, "poll_id", 0);
	return run(req, res, c, vote_write, 200);
}

/* ---- withdrawal ---------------------------------------------------------- */

static enum rd_err withdraw_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	/* Not yet lodged, it is not yet a motion: the proposer drops it. Once
	 * lodged, LOL art. 22(3): only with the presidium's consent. */
	c->action = c->from == MOTION_COLLECTING ? MOTION_CANCEL : MOTION_REQUEST_WITHDRAWAL;
	rc = step(c, err);
	if (rc)
		return rc;
	if (c->action == MOTION_REQUEST_WITHDRAWAL) {
		if (c->m.withdrawal_requested)
			return rd_fail(err, RD_ECONFLICT, "state",
				       "a withdrawal was asked for already");
		c->m.withdrawal_requested = true;
	}
	return record(tx, c, motion_action_name(c->action), c->note);
}

enum rd_err api_motions_withdraw(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_REQUEST_WITHDRAWAL);

	if (!c)
		return RD_ENOMEM;
	if (blank(c->note))
		return req_fail(req, RD_EINVAL, "reason", "give the reason for withdrawing");
	return run(req, res, c, withdraw_write, 200);
}

static enum rd_err withdrawal_decision_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (rc)
		return rc;
	if (!c->m.withdrawal_requested)
		return rd_fail(err, RD_ECONFLICT, "state",
			       "the proposer has not asked to withdraw");
	c->m.withdrawal_requested = false;
	return record(tx, c, motion_action_name(c->action), c->note);
}

enum rd_err api_motions_withdrawal_decision(struct request *req, struct response *res)
{
	struct mo_ctx *c = new_ctx(req, MOTION_CONSENT_WITHDRAWAL);

	if (!c)
		return RD_ENOMEM;
	c->approve = req_body_bool(req, "approve", false);
	c->action = c->approve ? MOTION_CONSENT_WITHDRAWAL : MOTION_REFUSE_WITHDRAWAL;
	return run(req, res, c, withdrawal_decision_write, 200);
}

/* ---- attachments --------------------------------------------------------- */

static enum rd_err attach_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if (!c->who.staff && (!c->who.me.delegate_id || c->who.me.delegate_id != c->m.delegate_id))
		return rd_fail(err, RD_EFORBIDDEN, "id",
			       "only the proposer (or staff) attaches documents");
	/* Attachments belong to what the presidium decides on: not after. */
	if (c->from != MOTION_COLLECTING && c->from != MOTION_LODGED)
		return rd_fail(err, RD_ECONFLICT, "state",
			       "documents are attached before the presidium decides");
	rc = document_add(tx, c->title, "application/pdf", c->req->raw, c->req->raw_len,
			  clock_now_ms(), &c->document_id);
	if (!rc)
		rc = motion_attach(tx, c->id, c->document_id);
	if (rc)
		return rc;
	c->to = c->from;
	return record(tx, c, "attach", c->title);
}

enum rd_err api_motions_attach(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct mo_ctx *c = new_ctx(req, MOTION_COSIGN);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->title = req_query(req, "title");
	if (blank(c->title))
		return req_fail(req, RD_EINVAL, "title", "title must not be blank");
	if (req->raw_len < 5 || memcmp(req->raw, "%PDF-", 5) != 0)
		return req_fail(req, RD_EINVAL, "body", "the upload is not a PDF file");
	rc = store_write(app->store, attach_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "motion.changed",
		    json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)c->m.id, "session_id",
			      (json_int_t)c->m.session_id, "state", c->m.state, "signers",
			      (json_int_t)c->signers));
	return res_json(res, 201,
			json_pack("{s:{s:I, s:s, s:I}}", "document", "id",
				  (json_int_t)c->document_id, "title", c->title, "size",
				  (json_int_t)req->raw_len));
}

/* ---- reading ------------------------------------------------------------- */

struct list_ctx {
	struct request *req;
	struct store_tx *tx;
	json_t *arr;
	int64_t session_id;
	enum rd_err rc;
};

static int add_motion(const struct motion *m, void *arg)
{
	struct list_ctx *l = arg;
	int64_t signers = 0, sitting = 0, deadline = 0;

	l->rc = signers_count(l->tx, SIGNERS_MOTION, m->id, &signers, &sitting);
	if (!l->rc)
		l->rc = motion_deadline_get(l->tx, m->session_id, &deadline);
	if (l->rc)
		return 1;
	json_array_append_new(l->arr, motion_json(m, signers, sitting, deadline));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *l = arg;
	struct delegate d;
	enum rd_err rc;

	(void)err;
	l->tx = tx;
	if (l->req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM))
		rc = motions_each(tx, l->session_id, 0, 0, add_motion, l);
	else if (delegate_of_user(tx, l->req->user.id, &d) == RD_OK)
		rc = motions_each(tx, l->session_id, d.id, d.term_id, add_motion, l);
	else
		rc = RD_OK;
	return rc ? rc : l->rc;
}

enum rd_err api_motions_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx l = {
		.req = req, .arr = json_array(), .session_id = req_query_i64(req, "session_id", 0)};
	enum rd_err rc = store_read(app->store, list_read, &l, &req->err);

	if (rc) {
		json_decref(l.arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "motions", l.arr));
}

static int add_attachment(int64_t id, const char *title, int64_t size, void *arr)
{
	json_array_append_new(arr, json_pack("{s:I, s:s, s:I}", "document_id", (json_int_t)id,
					     "title", title, "size", (json_int_t)size));
	return 0;
}

static int add_event(int64_t at, const char *actor, const char *action, const char *from,
		     const char *to, const char *note, void *arr)
{
	json_array_append_new(arr, json_pack("{s:o, s:s, s:s, s:s, s:s, s:s}", "at",
					     time_or_null(at), "actor", actor, "action", action,
					     "from", from, "to", to, "note", note));
	return 0;
}

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct mo_ctx *c = arg;
	json_t *signers = json_array(), *docs = json_array(), *events = json_array(), *viewer;
	bool proposer;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = signers_json(tx, SIGNERS_MOTION, c->id, signers);
	if (!rc)
		rc = motion_attachments_each(tx, c->id, add_attachment, docs);
	if (!rc)
		rc = motion_events_each(tx, c->id, add_event, events);
	if (rc) {
		json_decref(signers);
		json_decref(docs);
		json_decref(events);
		return rc;
	}
	/* Who the caller is for this motion, so the page need not guess. */
	proposer = c->who.me.delegate_id && c->who.me.delegate_id == c->m.delegate_id;
	viewer = json_pack(
		"{s:b, s:o, s:o, s:b, s:b, s:b}", "officer", c->who.officer, "delegate_id",
		c->who.me.delegate_id ? json_integer(c->who.me.delegate_id) : json_null(),
		"signer_role", c->who.me.role[0] ? json_string(c->who.me.role) : json_null(),
		"proposer", proposer, "can_sign",
		c->from == MOTION_COLLECTING && c->who.me.sitting && !c->who.me.role[0],
		"can_withdraw",
		proposer && (c->from == MOTION_COLLECTING ||
			     (motion_withdrawable(c->from) && !c->m.withdrawal_requested)));
	c->out = json_pack("{s:o, s:o, s:o, s:o, s:o}", "motion", ctx_json(c), "signers", signers,
			   "attachments", docs, "timeline", events, "viewer", viewer);
	return RD_OK;
}

enum rd_err api_motions_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct mo_ctx *c = new_ctx(req, MOTION_COSIGN);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}
