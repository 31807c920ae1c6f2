/*
 * roster.c — the roll of delegates of a term: list, add, edit, and status
 * changes (sitting / suspended / terminated, with date and reason).
 *
 * "All delegates" for every count is derived from this roll (RULES §1):
 * sitting and suspended delegates count, terminated ones do not. Each
 * change is audited and announced (floor.roster) so quorum screens update.
 */
#include <stdio.h>
#include <string.h>

#include "api/floor.h"
#include "api/roster.h"
#include "base/clock.h"
#include "base/secret.h"
#include "base/str.h"
#include "rules/dates.h"
#include "store/users.h"
#include "base/banned.h"

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

enum rd_err roster_fill(const struct roster_input *in, struct delegate *d, struct rd_error *err)
{
	static const char *const male[] = {"male", "男", NULL};
	static const char *const female[] = {"female", "女", NULL};
	struct civil_date date;

	if (!in->name || !in->name[0])
		return rd_fail(err, RD_EINVAL, "name", "name is required");
	if (str_utf8_len(in->name, strlen(in->name)) > 32)
		return rd_fail(err, RD_EINVAL, "name", "name is longer than 32 characters");
	str_copy(d->name, sizeof(d->name), in->name);
	if (!in->gender || !in->gender[0])
		return rd_fail(err, RD_EINVAL, "gender", "gender is required (男 or 女)");
	if (one_of(in->gender, male))
		str_copy(d->gender, sizeof(d->gender), "male");
	else if (one_of(in->gender, female))
		str_copy(d->gender, sizeof(d->gender), "female");
	else
		return rd_fail(err, RD_EINVAL, "gender", "gender must be 男/女 (male/female)");
	if (in->birth_date && in->birth_date[0]) {
		if (dates_parse(in->birth_date, strlen(in->birth_date), &date, NULL))
			return rd_fail(err, RD_EINVAL, "birth_date",
				       "birth_date must be a date like 1970-01-31");
		str_copy(d->birth_date, sizeof(d->birth_date), in->birth_date);
	} else {
		d->birth_date[0] = '\0';
	}
#define TEXT(field, max)                                                                           \
	do {                                                                                       \
		const char *v_ = in->field ? in->field : "";                                       \
		if (str_utf8_len(v_, strlen(v_)) > (max))                                          \
			return rd_fail(err, RD_EINVAL, #field,                                     \
				       #field " is longer than %d characters", (max));             \
		str_copy(d->field, sizeof(d->field), v_);                                          \
	} while (0)
	TEXT(ethnicity, 16);
	TEXT(party, 128);
	TEXT(occupation, 256);
	TEXT(constituency, 128);
	TEXT(seat, 16);
#undef TEXT
	return RD_OK;
}

/* The JSON body's fields as roster input. */
static void input_from_body(const struct request *req, struct roster_input *in)
{
	in->name = req_body_str(req, "name");
	in->gender = req_body_str(req, "gender");
	in->ethnicity = req_body_str(req, "ethnicity");
	in->birth_date = req_body_str(req, "birth_date");
	in->party = req_body_str(req, "party");
	in->occupation = req_body_str(req, "occupation");
	in->constituency = req_body_str(req, "constituency");
	in->seat = req_body_str(req, "seat");
}

struct list_ctx {
	int64_t term_id;
	const char *status;
	int64_t delegation_id;
	json_t *arr;
};

static int add_delegate(const struct delegate *d, void *arg)
{
	struct list_ctx *c = arg;

	if (c->status && strcmp(c->status, d->status) != 0)
		return 0;
	if (c->delegation_id && c->delegation_id != d->delegation_id)
		return 0;
	json_array_append_new(c->arr, floor_delegate_json(d));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct list_ctx *c = arg;
	struct term t;
	enum rd_err rc = term_get(tx, c->term_id, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no such term");
	if (rc)
		return rc;
	return delegates_each(tx, c->term_id, add_delegate, c);
}

enum rd_err api_delegates_list(struct request *req, struct response *res)
{
	static const char *const statuses[] = {"sitting", "suspended", "terminated", NULL};
	struct app *app = req->app;
	struct list_ctx c = {.term_id = req_id(req, "id"),
			     .status = req_query(req, "status"),
			     .delegation_id = req_query_i64(req, "delegation_id", 0),
			     .arr = json_array()};
	enum rd_err rc;

	if (c.status && !one_of(c.status, statuses)) {
		json_decref(c.arr);
		return req_fail(req, RD_EINVAL, "status",
				"status must be sitting, suspended or terminated");
	}
	rc = store_read(app->store, list_read, &c, &req->err);
	if (rc) {
		json_decref(c.arr);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "delegates", c.arr));
}

struct write_ctx {
	struct request *req;
	struct delegate d;
	int64_t delegation_id; /* from the body; 0 = none */
	bool has_delegation;
};

static enum rd_err check_delegation(struct store_tx *tx, int64_t term_id, int64_t id,
				    struct rd_error *err)
{
	int64_t of;
	enum rd_err rc;

	if (!id)
		return RD_OK;
	rc = delegation_term(tx, id, &of);
	if (rc == RD_ENOTFOUND || (!rc && of != term_id))
		return rd_fail(err, RD_EINVAL, "delegation_id", "no such delegation in this term");
	return rc;
}

static enum rd_err audit_delegate(struct store_tx *tx, struct request *req, const char *action,
				  const struct delegate *d)
{
	char subject[32];
	json_t *detail = floor_delegate_json(d);
	enum rd_err rc;

	snprintf(subject, sizeof(subject), "delegate:%lld", (long long)d->id);
	rc = api_audit(tx, req, action, subject, detail);
	json_decref(detail);
	return rc;
}

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct write_ctx *c = arg;
	struct term t;
	enum rd_err rc = term_get(tx, c->d.term_id, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no such term");
	if (rc)
		return rc;
	rc = check_delegation(tx, c->d.term_id, c->d.delegation_id, err);
	if (rc)
		return rc;
	floor_card_code(c->d.card_code);
	rc = delegate_create(tx, &c->d);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "seat", "seat %s is taken", c->d.seat);
	if (rc)
		return rc;
	rc = delegate_get(tx, c->d.id, &c->d);
	if (rc)
		return rc;
	return audit_delegate(tx, c->req, "delegate.create", &c->d);
}

enum rd_err api_delegates_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct write_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct roster_input in = {0};
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->d.term_id = req_id(req, "id");
	c->d.delegation_id = req_body_i64(req, "delegation_id", 0);
	input_from_body(req, &in);
	rc = roster_fill(&in, &c->d, &req->err);
	if (rc)
		return rc;
	rc = store_write(app->store, create_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "floor.roster", json_pack("{s:I}", "term_id", (json_int_t)c->d.term_id));
	return res_json(res, 201, json_pack("{s:o}", "delegate", floor_delegate_json(&c->d)));
}

struct get_ctx {
	int64_t id;
	struct delegate d;
};

static enum rd_err get_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct get_ctx *c = arg;
	enum rd_err rc = delegate_get(tx, c->id, &c->d);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such delegate");
	return rc;
}

enum rd_err api_delegates_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct get_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->id = req_id(req, "id");
	rc = store_read(app->store, get_read, c, &req->err);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "delegate", floor_delegate_json(&c->d)));
}

static enum rd_err update_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct write_ctx *c = arg;
	struct delegate before;
	enum rd_err rc = delegate_get(tx, c->d.id, &before);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such delegate");
	if (rc)
		return rc;
	c->d.term_id = before.term_id;
	if (!c->has_delegation)
		c->d.delegation_id = before.delegation_id;
	rc = check_delegation(tx, c->d.term_id, c->d.delegation_id, err);
	if (rc)
		return rc;
	rc = delegate_update(tx, &c->d);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "seat", "seat %s is taken", c->d.seat);
	if (rc)
		return rc;
	rc = delegate_get(tx, c->d.id, &c->d);
	if (rc)
		return rc;
	return audit_delegate(tx, c->req, "delegate.update", &c->d);
}

enum rd_err api_delegates_update(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct write_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct roster_input in = {0};
	json_t *dg = json_object_get(req->body, "delegation_id");
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->d.id = req_id(req, "id");
	c->has_delegation = dg != NULL;
	c->d.delegation_id = json_is_integer(dg) ? json_integer_value(dg) : 0;
	input_from_body(req, &in);
	rc = roster_fill(&in, &c->d, &req->err);
	if (rc)
		return rc;
	rc = store_write(app->store, update_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "floor.roster", json_pack("{s:I}", "term_id", (json_int_t)c->d.term_id));
	return res_json(res, 200, json_pack("{s:o}", "delegate", floor_delegate_json(&c->d)));
}

struct status_ctx {
	struct request *req;
	int64_t id;
	const char *status, *date, *reason;
	struct delegate d;
};

static enum rd_err status_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct status_ctx *c = arg;
	struct delegate before;
	json_t *detail;
	char subject[32];
	enum rd_err rc = delegate_get(tx, c->id, &before);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such delegate");
	if (rc)
		return rc;
	/* Termination is final (DL art. 55): a new mandate is a new delegate. */
	if (strcmp(before.status, "terminated") == 0)
		return rd_fail(err, RD_ECONFLICT, "status",
			       "this delegate's status has ended and cannot change");
	rc = delegate_set_status(tx, c->id, c->status, c->date, c->reason);
	if (rc)
		return rc;
	rc = delegate_get(tx, c->id, &c->d);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "delegate:%lld", (long long)c->id);
	detail = json_pack("{s:s, s:s, s:s, s:s}", "from", before.status, "to", c->status, "date",
			   c->date, "reason", c->reason);
	rc = api_audit(tx, c->req, "delegate.status", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_delegates_set_status(struct request *req, struct response *res)
{
	static const char *const statuses[] = {"sitting", "suspended", "terminated", NULL};
	struct app *app = req->app;
	struct status_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct civil_date date;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->id = req_id(req, "id");
	c->status = req_body_str(req, "status");
	c->date = req_body_str(req, "date");
	c->reason = req_body_str(req, "reason");
	if (!c->reason)
		c->reason = "";
	if (!one_of(c->status, statuses))
		return req_fail(req, RD_EINVAL, "status",
				"status must be sitting, suspended or terminated");
	if (dates_parse(c->date, strlen(c->date), &date, NULL))
		return req_fail(req, RD_EINVAL, "date", "date must be like 2026-03-01");
	if (strcmp(c->status, "sitting") != 0 && !c->reason[0])
		return req_fail(req, RD_EINVAL, "reason", "say why (the reason is recorded)");
	rc = store_write(app->store, status_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "floor.roster", json_pack("{s:I}", "term_id", (json_int_t)c->d.term_id));
	return res_json(res, 200, json_pack("{s:o}", "delegate", floor_delegate_json(&c->d)));
}

/* ---- a delegate's account ------------------------------------------------ */

struct account_ctx {
	struct request *req;
	int64_t delegate_id;
	struct user u;
	char pwhash[SECRET_PWHASH_LEN];
	struct delegate d;
};

static enum rd_err account_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct account_ctx *c = arg;
	char subject[32];
	json_t *detail;
	enum rd_err rc = delegate_get(tx, c->delegate_id, &c->d);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such delegate");
	if (rc)
		return rc;
	if (c->d.user_id)
		return rd_fail(err, RD_ECONFLICT, "id", "this delegate has an account already");
	rc = users_create(tx, c->u.username, c->d.name, c->pwhash, ROLE_DELEGATE, clock_now_ms(),
			  &c->u.id);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "username", "username '%s' is taken", c->u.username);
	if (!rc)
		rc = delegate_set_user(tx, c->d.id, c->u.id);
	if (!rc)
		rc = delegate_get(tx, c->d.id, &c->d);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "delegate:%lld", (long long)c->d.id);
	detail = json_pack("{s:s, s:I}", "username", c->u.username, "user_id", (json_int_t)c->u.id);
	rc = api_audit(tx, c->req, "delegate.account", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_delegates_create_account(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct account_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	c->req = req;
	c->delegate_id = req_id(req, "id");
	if (!api_username_ok(req_body_str(req, "username")))
		return req_fail(req, RD_EINVAL, "username",
				"username must be 2-64 lowercase letters, digits, '.', '_' or '-',"
				" starting with a letter or digit");
	str_copy(c->u.username, sizeof(c->u.username), req_body_str(req, "username"));
	if (secret_password_hash(req_body_str(req, "password"), c->pwhash))
		return req_fail(req, RD_ENOMEM, NULL, "cannot hash the password");
	rc = store_write(app->store, account_write, c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "user.created", json_pack("{s:I}", "id", (json_int_t)c->u.id));
	return res_json(res, 201,
			json_pack("{s:o, s:{s:I, s:s}}", "delegate", floor_delegate_json(&c->d),
				  "user", "id", (json_int_t)c->u.id, "username", c->u.username));
}
