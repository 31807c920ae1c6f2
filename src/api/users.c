/*
 * users.c — accounts: list, create, change roles (staff only).
 * Every change is audited; role changes record the roles before and after.
 */
#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "base/clock.h"
#include "store/users.h"
#include "base/banned.h"

/* Usernames are ASCII so they can be typed on any device: a letter or digit
 * first, then letters, digits, '.', '_' or '-'. */
bool api_username_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 2 || n > USER_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return true;
}

static int collect(const struct user *u, void *arg)
{
	json_array_append_new(arg, api_user_json(u));
	return 0;
}

static enum rd_err list_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	(void)err;
	return users_each(tx, collect, arg);
}

enum rd_err api_users_list(struct request *req, struct response *res)
{
	struct app *app = req->app;
	json_t *users = json_array();
	enum rd_err rc;

	if (!users)
		return RD_ENOMEM;
	rc = store_read(app->store, list_read, users, &req->err);
	if (rc) {
		json_decref(users);
		return rc;
	}
	return res_json(res, 200, json_pack("{s:o}", "users", users));
}

struct create_ctx {
	struct request *req;
	struct user user;
	char pwhash[SECRET_PWHASH_LEN];
};

static enum rd_err create_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct create_ctx *c = arg;
	char subject[32];
	json_t *detail;
	enum rd_err rc;

	rc = users_create(tx, c->user.username, c->user.display_name, c->pwhash, c->user.roles,
			  clock_now_ms(), &c->user.id);
	if (rc == RD_ECONFLICT)
		return rd_fail(err, RD_ECONFLICT, "username", "username '%s' is taken",
			       c->user.username);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "user:%lld", (long long)c->user.id);
	detail = json_pack("{s:s, s:s, s:o}", "username", c->user.username, "display_name",
			   c->user.display_name, "roles", api_roles_json(c->user.roles));
	rc = api_audit(tx, c->req, "user.create", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_users_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct create_ctx c = {.req = req};
	const char *username = req_body_str(req, "username");
	enum rd_err rc;

	if (!api_username_ok(username))
		return req_fail(req, RD_EINVAL, "username",
				"username must be 2-64 lowercase letters, digits, '.', '_' or '-',"
				" starting with a letter or digit");
	rc = api_roles_parse(json_object_get(req->body, "roles"), "roles", &c.user.roles,
			     &req->err);
	if (rc)
		return rc;
	str_copy(c.user.username, sizeof(c.user.username), username);
	str_copy(c.user.display_name, sizeof(c.user.display_name),
		 req_body_str(req, "display_name"));
	c.user.active = true;
	if (secret_password_hash(req_body_str(req, "password"), c.pwhash))
		return req_fail(req, RD_ENOMEM, NULL, "cannot hash the password");
	rc = store_write(app->store, create_write, &c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "user.created", json_pack("{s:I}", "id", (json_int_t)c.user.id));
	return res_json(res, 201, json_pack("{s:o}", "user", api_user_json(&c.user)));
}

struct roles_ctx {
	struct request *req;
	int64_t id;
	unsigned roles;
	struct user after;
};

static enum rd_err roles_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct roles_ctx *c = arg;
	struct user before;
	char subject[32];
	json_t *detail;
	enum rd_err rc;

	rc = users_by_id(tx, c->id, &before);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, RD_ENOTFOUND, "id", "no user with id %lld", (long long)c->id);
	if (rc)
		return rc;
	/* Staff may not lock the office out: keep at least one staff account. */
	if (c->req->user.id == c->id && !(c->roles & ROLE_STAFF))
		return rd_fail(err, RD_ECONFLICT, "roles", "you cannot remove your own staff role");
	rc = users_set_roles(tx, c->id, c->roles);
	if (rc)
		return rc;
	rc = users_by_id(tx, c->id, &c->after);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "user:%lld", (long long)c->id);
	detail = json_pack("{s:o, s:o}", "before", api_roles_json(before.roles), "after",
			   api_roles_json(c->roles));
	rc = api_audit(tx, c->req, "user.roles", subject, detail);
	json_decref(detail);
	return rc;
}

enum rd_err api_users_set_roles(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct roles_ctx c = {.req = req, .id = req_id(req, "id")};
	enum rd_err rc;

	rc = api_roles_parse(json_object_get(req->body, "roles"), "roles", &c.roles, &req->err);
	if (rc)
		return rc;
	rc = store_write(app->store, roles_write, &c, &req->err);
	if (rc)
		return rc;
	api_publish(app, "user.roles", json_pack("{s:I}", "id", (json_int_t)c.id));
	return res_json(res, 200, json_pack("{s:o}", "user", api_user_json(&c.after)));
}
