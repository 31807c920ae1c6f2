/*
 * interpellations.c — interpellations (质询案), RULES §6, LOL art. 24, DL
 * art. 20: during a session a delegate submits, in writing, an
 * interpellation naming the organ addressed (the government, one of its
 * departments, the supervisory commission, the court or the procuratorate:
 * its kind and its name), the question and its content; other delegates of
 * the term co-sign on their own devices, and the proposer lodges it once 10
 * or more sitting delegates have signed. The presidium decides the answer
 * mode — orally at a presidium, plenary or committee meeting, or in writing
 * — and forwards it to the organ. Staff record the organ's answer: who gave
 * it (the organ's head, LOL art. 24(3)), on what day, and what was said.
 * Staff rather than an account of the organ record it because the answer
 * reaches the questioners through the presidium — at a meeting the
 * secretariat minutes, or as a signed text the presidium distributes (LOL
 * art. 24(3)) — and the organs questioned (court, procuratorate,
 * supervisory commission) are not handling units with accounts here. Each
 * questioner rates the answer satisfied or dissatisfied; when half or more
 * are dissatisfied (rules/interpellation.c, DL art. 20) a new answer is due
 * and is recorded as round 2; when all have rated and too few are
 * dissatisfied the item closes. The order of steps is the table in
 * src/rules/interpellation.c; every step is on the timeline, in the audit
 * log (interpellation.step) and published as interpellation.changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "api/signers.h"
#include "base/clock.h"
#include "base/str.h"
#include "rules/dates.h"
#include "rules/interpellation.h"
#include "store/interpellations.h"
#include "store/users.h"
#include "base/banned.h"

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

struct who {
	bool officer;		  /* staff or presidium */
	bool staff;		  /* records answers, closes */
	struct signers_caller me; /* in the item's term, and among its signers */
};

struct ip_ctx {
	struct request *req;
	int64_t id;
	struct interpellation i;
	struct who who;
	enum interp_action action;
	enum interp_state from, to;
	int64_t signers, sitting;    /* questioners, and those sitting */
	int64_t rated, dissatisfied; /* this round's ratings */
	/* inputs */
	const char *note; /* the reason */
	const char *mode, *meeting;
	const char *answered_by, *answered_on, *content;
	const char *rating;
	json_t *out;
};

static json_t *time_or_null(int64_t ms)
{
	char when[32];

	if (!ms)
		return json_null();
	clock_iso8601(ms, when, sizeof(when));
	return json_string(when);
}

static enum rd_err counts(struct store_tx *tx, struct ip_ctx *c)
{
	enum rd_err rc = signers_count(tx, SIGNERS_INTERPELLATION, c->id, &c->signers, &c->sitting);

	if (!rc)
		rc = interpellation_ratings_count(tx, c->id, c->i.round, &c->rated,
						  &c->dissatisfied);
	return rc;
}

static enum rd_err load(struct store_tx *tx, struct ip_ctx *c, struct rd_error *err)
{
	enum rd_err rc = interpellation_get(tx, c->id, &c->i);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such interpellation");
	if (rc)
		return rc;
	c->who.officer = (c->req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM)) != 0;
	c->who.staff = (c->req->user.roles & ROLE_STAFF) != 0;
	rc = signers_caller_find(tx, SIGNERS_INTERPELLATION, c->id, c->i.term_id, c->req->user.id,
				 &c->who.me);
	if (rc)
		return rc;
	if (!c->who.officer && !c->who.me.delegate_id)
		return rd_fail(err, RD_EFORBIDDEN, "id", "this interpellation is not yours to see");
	rc = counts(tx, c);
	if (!rc && interp_state_parse(c->i.state, &c->from, err))
		rc = RD_EINTERNAL;
	return rc;
}

static json_t *interp_json(const struct interpellation *i, int64_t signers, int64_t sitting,
			   int64_t rated, int64_t dissatisfied)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:I, s:I,"
			 " s:I, s:I, s:I, s:I, s:I, s:b}",
			 "id", (json_int_t)i->id, "session_id", (json_int_t)i->session_id,
			 "term_id", (json_int_t)i->term_id, "organ_kind", i->organ_kind,
			 "organ_name", i->organ_name, "question", i->question, "content",
			 i->content, "state", i->state, "submitted_at",
			 time_or_null(i->submitted_at), "lodged_at", time_or_null(i->lodged_at),
			 "mode", i->mode, "meeting", i->meeting, "round", (json_int_t)i->round,
			 "signers", (json_int_t)signers, "sitting_signers", (json_int_t)sitting,
			 "required", (json_int_t)interp_signers_required(), "rated",
			 (json_int_t)rated, "dissatisfied", (json_int_t)dissatisfied,
			 "dissatisfied_needed", (json_int_t)interp_dissatisfied_needed(signers),
			 "new_answer_due", interp_new_answer_due(signers, dissatisfied));
}

static json_t *ctx_json(const struct ip_ctx *c)
{
	return interp_json(&c->i, c->signers, c->sitting, c->rated, c->dissatisfied);
}

static enum rd_err record(struct store_tx *tx, struct ip_ctx *c, const char *action,
			  const char *note)
{
	char subject[40];
	json_t *detail;
	enum rd_err rc = interpellation_update(tx, &c->i);

	if (!rc)
		rc = interpellation_event(tx, c->id, clock_now_ms(), c->req->user.username, action,
					  interp_state_name(c->from), c->i.state, note);
	if (!rc)
		rc = counts(tx, c);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "interpellation:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "action", action, "from",
			   interp_state_name(c->from), "to", c->i.state, "note", note ? note : "",
			   "signers", (json_int_t)c->signers, "round", (json_int_t)c->i.round);
	rc = api_audit(tx, c->req, "interpellation.step", subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err run(struct request *req, struct response *res, struct ip_ctx *c, store_fn fn,
		       int status)
{
	struct app *app = req->app;
	enum rd_err rc = store_write(app->store, fn, c, &req->err);

	if (rc)
		return rc;
	api_publish(app, "interpellation.changed",
		    json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)c->i.id, "session_id",
			      (json_int_t)c->i.session_id, "state", c->i.state, "round",
			      (json_int_t)c->i.round));
	return res_json(res, status, json_pack("{s:o}", "interpellation", ctx_json(c)));
}

static struct ip_ctx *new_ctx(struct request *req, enum interp_action a)
{
	struct ip_ctx *c = arena_alloc(&req->arena, sizeof(*c));

	if (c) {
		memset(c, 0, sizeof(*c));
		c->req = req;
		c->id = req_id(req, "id");
		c->action = a;
		c->note = req_body_str(req, "reason");
	}
	return c;
}

/* A step of the table: the state allows it and the caller may take it. */
static enum rd_err step(struct ip_ctx *c, struct rd_error *err)
{
	enum interp_actor by;
	enum rd_err rc = interp_transition(c->from, c->action, &c->to, &by, err);

	if (rc)
		return rc;
	switch (by) {
	case INTERP_BY_PRESIDIUM:
		if (!c->who.officer)
			return rd_fail(err, RD_EFORBIDDEN, "id", "only the presidium decides this");
		break;
	case INTERP_BY_STAFF:
		if (!c->who.staff)
			return rd_fail(err, RD_EFORBIDDEN, "id", "only staff record this");
		break;
	case INTERP_BY_PROPOSER:
		if (!c->who.me.delegate_id || c->who.me.delegate_id != c->i.delegate_id)
			return rd_fail(err, RD_EFORBIDDEN, "id",
				       "only the interpellation's proposer may do this");
		break;
	case INTERP_BY_DELEGATE:
		if (!c->who.me.delegate_id)
			return rd_fail(err, RD_EFORBIDDEN, "delegate",
				       "only delegates of this term sign its interpellations");
		if (!c->who.me.sitting)
			return rd_fail(err, RD_EFORBIDDEN, "status",
				       "only sitting delegates sign interpellations");
		break;
	}
	str_copy(c->i.state, sizeof(c->i.state), interp_state_name(c->to));
	return RD_OK;
}

/* ---- submit, co-sign, lodge, withdraw ------------------------------------ */

static enum rd_err submit_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	struct session s;
	struct delegate d;
	char subject[40];
	json_t *detail;
	int64_t now = clock_now_ms();
	enum rd_err rc = session_get(tx, c->i.session_id, &s);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EINVAL, "session_id", "no such session");
	if (rc)
		return rc;
	rc = delegate_by_user(tx, s.term_id, c->req->user.id, &d);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_EFORBIDDEN, "delegate",
			       "only a delegate of this congress submits interpellations");
	if (rc)
		return rc;
	if (strcmp(d.status, "sitting") != 0)
		return rd_fail(err, RD_EFORBIDDEN, "status", "a %s delegate cannot submit",
			       d.status);
	c->i.term_id = s.term_id;
	c->i.delegate_id = d.id;
	c->i.submitted_at = now;
	rc = interpellation_create(tx, &c->i);
	if (!rc)
		rc = signers_add(tx, SIGNERS_INTERPELLATION, c->i.id, d.id, "proposer", now);
	if (!rc)
		rc = interpellation_event(tx, c->i.id, now, c->req->user.username, "submit", "",
					  "collecting", NULL);
	if (rc)
		return rc;
	c->id = c->i.id;
	c->signers = c->sitting = 1;
	snprintf(subject, sizeof(subject), "interpellation:%lld", (long long)c->i.id);
	detail = json_pack("{s:s, s:s, s:s, s:I}", "question", c->i.question, "organ_kind",
			   c->i.organ_kind, "organ_name", c->i.organ_name, "session_id",
			   (json_int_t)s.id);
	rc = api_audit(tx, c->req, "interpellation.submit", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_interpellations_create(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_COSIGN);
	enum interp_organ organ;
	static const char *const text_fields[] = {"organ_name", "question", "content"};

	if (!c)
		return RD_ENOMEM;
	/* LOL art. 24(1): 质询案必须写明质询对象、质询的问题和内容. */
	if (interp_organ_parse(req_body_str(req, "organ_kind"), &organ, &req->err))
		return RD_EINVAL;
	for (size_t k = 0; k < 3; k++)
		if (blank(req_body_str(req, text_fields[k])))
			return req_fail(req, RD_EINVAL, text_fields[k], "%s must not be blank",
					text_fields[k]);
	c->i.session_id = req_body_i64(req, "session_id", 0);
	str_copy(c->i.organ_kind, sizeof(c->i.organ_kind), interp_organ_name(organ));
	str_copy(c->i.organ_name, sizeof(c->i.organ_name), req_body_str(req, "organ_name"));
	str_copy(c->i.question, sizeof(c->i.question), req_body_str(req, "question"));
	str_copy(c->i.content, sizeof(c->i.content), req_body_str(req, "content"));
	return run(req, res, c, submit_write, 201);
}

static enum rd_err cosign_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (rc)
		return rc;
	/* LOL art. 24(1): each delegate joins once, on their own device. */
	rc = signers_cosign(tx, SIGNERS_INTERPELLATION, c->id, c->who.me.delegate_id, err);
	return rc ? rc : record(tx, c, "cosign", NULL);
}

enum rd_err api_interpellations_cosign(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_COSIGN);

	return c ? run(req, res, c, cosign_write, 200) : RD_ENOMEM;
}

static enum rd_err lodge_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	struct rd_error why = {0};
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (rc)
		return rc;
	/* LOL art. 24(1): ten or more sitting delegates of the term. */
	if (interp_signers_check(c->sitting, &why))
		return rd_fail(err, RD_ECONFLICT, "signers", "%s", why.message);
	c->i.lodged_at = clock_now_ms();
	return record(tx, c, "lodge", NULL);
}

enum rd_err api_interpellations_lodge(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_LODGE);

	return c ? run(req, res, c, lodge_write, 200) : RD_ENOMEM;
}

static enum rd_err plain_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	return rc ? rc : record(tx, c, interp_action_name(c->action), c->note);
}

enum rd_err api_interpellations_withdraw(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_WITHDRAW);

	if (!c)
		return RD_ENOMEM;
	if (blank(c->note))
		return req_fail(req, RD_EINVAL, "reason", "give the reason for withdrawing");
	return run(req, res, c, plain_write, 200);
}

/* ---- the presidium forwards, staff record the answer ---------------------- */

static enum rd_err forward_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (rc)
		return rc;
	str_copy(c->i.mode, sizeof(c->i.mode), c->mode);
	str_copy(c->i.meeting, sizeof(c->i.meeting), c->meeting ? c->meeting : "");
	return record(tx, c, "forward", c->note);
}

enum rd_err api_interpellations_forward(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_FORWARD);
	enum interp_mode mode;

	if (!c)
		return RD_ENOMEM;
	c->mode = req_body_str(req, "mode");
	c->meeting = req_body_str(req, "meeting");
	/* LOL art. 24(2): orally at a meeting (which one), or in writing. */
	if (interp_mode_parse(c->mode, &mode, &req->err))
		return RD_EINVAL;
	if (mode == INTERP_ORAL && interp_meeting_check(c->meeting, &req->err))
		return RD_EINVAL;
	if (mode == INTERP_WRITTEN && c->meeting)
		return req_fail(req, RD_EINVAL, "meeting", "a written answer has no meeting");
	return run(req, res, c, forward_write, 200);
}

static bool date_ok_not_future(const char *s)
{
	struct civil_date d, today;

	if (!s || strlen(s) != 10 || dates_parse(s, 10, &d, NULL))
		return false;
	today = dates_of_instant(clock_now_ms());
	return dates_cmp(d, today) <= 0;
}

static enum rd_err answer_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = step(c, err);
	if (rc)
		return rc;
	c->i.round++;
	rc = interpellation_answer_add(tx, c->id, c->i.round, c->i.mode, c->answered_by,
				       c->answered_on, c->content, c->req->user.username,
				       clock_now_ms());
	if (rc)
		return rc;
	return record(tx, c, "answer", c->answered_by);
}

enum rd_err api_interpellations_answer(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_ANSWER);

	if (!c)
		return RD_ENOMEM;
	c->answered_by = req_body_str(req, "answered_by");
	c->answered_on = req_body_str(req, "answered_on");
	c->content = req_body_str(req, "content");
	/* LOL art. 24(3): the organ's head answers, or signs the written answer. */
	if (blank(c->answered_by))
		return req_fail(req, RD_EINVAL, "answered_by",
				"name who answered for the organ (its head)");
	if (!date_ok_not_future(c->answered_on))
		return req_fail(req, RD_EINVAL, "answered_on",
				"answered_on must be a day 'YYYY-MM-DD', not in the future");
	if (blank(c->content))
		return req_fail(req, RD_EINVAL, "content", "content must not be blank");
	return run(req, res, c, answer_write, 200);
}

/* ---- the questioners rate ------------------------------------------------ */

/*
 * DL art. 20(5): each questioner says whether they are satisfied. Once half
 * or more of the questioners are dissatisfied a new answer is due (one
 * further round, INTERP_MAX_ROUNDS); once all have rated and fewer than
 * that are dissatisfied, the item closes. A dissatisfied rating is the
 * questioner's demand for a new answer, so it needs a reason.
 */
static enum rd_err rate_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ip_ctx *c = arg;
	enum interp_actor by;
	bool dissatisfied;
	enum rd_err rc = load(tx, c, err);

	if (rc)
		return rc;
	if (!c->who.me.role[0])
		return rd_fail(err, RD_EFORBIDDEN, "id", "only its questioners rate the answer");
	if (c->from != INTERP_ANSWERED)
		return rd_fail(err, RD_ECONFLICT, "state", "there is no answer to rate now");
	if (interp_rating_check(c->rating, &dissatisfied, err))
		return RD_EINVAL;
	if (dissatisfied && blank(c->note))
		return rd_fail(err, RD_EINVAL, "reason", "say why you are dissatisfied");
	rc = interpellation_rate(tx, c->id, c->i.round, c->who.me.delegate_id, c->rating, c->note,
				 clock_now_ms());
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "rating", "you rated this answer already");
	if (!rc)
		rc = counts(tx, c);
	if (rc)
		return rc;
	if (c->i.round < INTERP_MAX_ROUNDS && interp_new_answer_due(c->signers, c->dissatisfied))
		c->action = INTERP_RATE_REANSWER;
	else if (c->rated >= c->signers)
		c->action = INTERP_RATE_CLOSED;
	else {
		c->to = c->from; /* waiting for the others */
		return record(tx, c, "rate", c->note);
	}
	rc = interp_transition(c->from, c->action, &c->to, &by, err);
	if (rc)
		return rc;
	str_copy(c->i.state, sizeof(c->i.state), interp_state_name(c->to));
	return record(tx, c, interp_action_name(c->action), c->note);
}

enum rd_err api_interpellations_rate(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_RATE_CLOSED);

	if (!c)
		return RD_ENOMEM;
	c->rating = req_body_str(req, "rating");
	return run(req, res, c, rate_write, 200);
}

enum rd_err api_interpellations_close(struct request *req, struct response *res)
{
	struct ip_ctx *c = new_ctx(req, INTERP_CLOSE);

	return c ? run(req, res, c, plain_write, 200) : RD_ENOMEM;
}

/* ---- reading ------------------------------------------------------------- */

struct list_ctx {
	struct request *req;
	struct store_tx *tx;
	json_t *arr;
	int64_t session_id;
	enum rd_err rc;
};

static int add_item(const struct interpellation *i, void *arg)
{
	struct list_ctx *l = arg;
	int64_t signers = 0, sitting = 0, rated = 0, dissatisfied = 0;

	l->rc = signers_count(l->tx, SIGNERS_INTERPELLATION, i->id, &signers, &sitting);
	if (!l->rc)
		l->rc = interpellation_ratings_count(l->tx, i->id, i->round, &rated, &dissatisfied);
	if (l->rc)
		return 1;
	json_array_append_new(l->arr, interp_json(i, signers, sitting, rated, dissatisfied));
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
		rc = interpellations_each(tx, l->session_id, 0, 0, add_item, l);
	else if (delegate_of_user(tx, l->req->user.id, &d) == RD_OK)
		rc = interpellations_each(tx, l->session_id, d.id, d.term_id, add_item, l);
	else
		rc = RD_OK;
	return rc ? rc : l->rc;
}

enum rd_err api_interpellations_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct list_ctx l = {
		.req = req, .arr = json_array(), .session_id = req_query_i64(req, "session_id", 0)};
	enum rd_err rc = store_read(app->store, list_read, &l, &req->err);

	if (rc) {
		json_decref(l.arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "interpellations", l.arr));
}

static int add_event(int64_t at, const char *actor, const char *action, const char *from,
		     const char *to, const char *note, void *arr)
{
	json_array_append_new(arr, json_pack("{s:o, s:s, s:s, s:s, s:s, s:s}", "at",
					     time_or_null(at), "actor", actor, "action", action,
					     "from", from, "to", to, "note", note));
	return 0;
}

static int add_answer(int64_t round, const char *mode, const char *answered_by,
		      const char *answered_on, const char *content, const char *recorded_by,
		      int64_t at, void *arr)
{
	json_array_append_new(arr,
			      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "round",
					(json_int_t)round, "mode", mode, "answered_by", answered_by,
					"answered_on", answered_on, "content", content,
					"recorded_by", recorded_by, "at", time_or_null(at)));
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
	struct ip_ctx *c = arg;
	json_t *signers = json_array(), *events = json_array(), *answers = json_array(),
	       *ratings = json_array(), *viewer;
	bool rated = false, proposer;
	enum rd_err rc = load(tx, c, err);

	if (!rc)
		rc = signers_json(tx, SIGNERS_INTERPELLATION, c->id, signers);
	if (!rc)
		rc = interpellation_events_each(tx, c->id, add_event, events);
	if (!rc)
		rc = interpellation_answers_each(tx, c->id, add_answer, answers);
	if (!rc)
		rc = interpellation_ratings_each(tx, c->id, add_rating, ratings);
	if (!rc && c->who.me.role[0])
		rc = interpellation_rated(tx, c->id, c->i.round, c->who.me.delegate_id, &rated);
	if (rc) {
		json_decref(signers);
		json_decref(events);
		json_decref(answers);
		json_decref(ratings);
		return rc;
	}
	proposer = c->who.me.delegate_id && c->who.me.delegate_id == c->i.delegate_id;
	viewer = json_pack(
		"{s:b, s:b, s:o, s:o, s:b, s:b, s:b, s:b}", "officer", c->who.officer, "staff",
		c->who.staff, "delegate_id",
		c->who.me.delegate_id ? json_integer(c->who.me.delegate_id) : json_null(),
		"signer_role", c->who.me.role[0] ? json_string(c->who.me.role) : json_null(),
		"proposer", proposer, "can_sign",
		c->from == INTERP_COLLECTING && c->who.me.sitting && !c->who.me.role[0], "can_rate",
		c->from == INTERP_ANSWERED && c->who.me.role[0] && !rated, "rated_this_round",
		rated);
	c->out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "interpellation", ctx_json(c),
			   "signers", signers, "timeline", events, "answers", answers, "ratings",
			   ratings, "viewer", viewer);
	return RD_OK;
}

enum rd_err api_interpellations_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct ip_ctx *c = new_ctx(req, INTERP_COSIGN);
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	rc = store_read(app->store, view_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, c->out);
}
