/*
 * auth.c — login, logout and "who am I".
 *
 * A login makes a session: a random token handed to the client (in an
 * HttpOnly, SameSite=Strict cookie, or in the body for API clients that
 * ask for mode "bearer") and stored only as its hash, with a CSRF token
 * the page must echo in X-CSRF-Token on every write. Failed attempts are
 * rate-limited per address and per account, and audited; an unknown user
 * costs the same password check as a known one, so timing reveals nothing.
 */
#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "base/clock.h"
#include "base/str.h"
#include "store/users.h"
#include "base/banned.h"

struct login_ctx {
	struct request *req;
	const char *username;
	const char *password;
	struct user user;
	char pwhash[SECRET_PWHASH_LEN];
	char token[SECRET_TOKEN_LEN];
	char csrf[SECRET_TOKEN_LEN];
	enum login_kind kind;
	int64_t ttl;
	bool ok;
};

static enum rd_err login_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct login_ctx *c = arg;
	enum rd_err rc = users_by_name(tx, c->username, &c->user, c->pwhash);

	(void)err;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

static enum rd_err login_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct login_ctx *c = arg;
	char hash[SECRET_HASH_HEX_LEN], subject[32];
	int64_t now = clock_now_ms();
	json_t *detail;
	enum rd_err rc;

	(void)err;
	if (!c->ok) {
		detail = json_pack("{s:s, s:s}", "username", c->username, "ip", c->req->ip);
		rc = api_audit(tx, c->req, "auth.login_failed", "auth", detail);
		json_decref(detail);
		return rc;
	}
	secret_hash_hex(c->token, strlen(c->token), hash);
	rc = logins_create(tx, hash, c->user.id, c->kind, c->csrf, now, now + c->ttl);
	if (rc)
		return rc;
	logins_purge(tx, now);
	detail = json_pack("{s:s, s:s}", "ip", c->req->ip, "mode",
			   c->kind == LOGIN_BEARER ? "bearer" : "cookie");
	/* The actor is the user logging in, though the request is not yet authed. */
	c->req->authed = true;
	c->req->user = c->user;
	snprintf(subject, sizeof(subject), "user:%lld", (long long)c->user.id);
	rc = api_audit(tx, c->req, "auth.login", subject, detail);
	c->req->authed = false;
	json_decref(detail);
	return rc;
}

static json_t *me_json(const struct user *u, const char *csrf)
{
	return json_pack("{s:o, s:s}", "user", api_user_json(u), "csrf_token", csrf);
}

enum rd_err api_auth_login(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct login_ctx c = {.req = req};
	const char *mode = req_body_str(req, "mode");
	int64_t now = clock_mono_ms();
	char userkey[USER_NAME_MAX + 8];
	enum rd_err rc;
	json_t *out;

	c.username = req_body_str(req, "username");
	c.password = req_body_str(req, "password");
	c.kind = LOGIN_COOKIE;
	if (mode && strcmp(mode, "bearer") == 0)
		c.kind = LOGIN_BEARER;
	else if (mode && strcmp(mode, "cookie") != 0)
		return req_fail(req, RD_EINVAL, "mode", "mode must be \"cookie\" or \"bearer\"");
	c.ttl = c.kind == LOGIN_BEARER ? app->bearer_ttl_ms : app->cookie_ttl_ms;
	snprintf(userkey, sizeof(userkey), "u:%s", c.username);
	if (!ratelimit_hit(app->login_by_ip, req->ip, now) ||
	    ratelimit_blocked(app->login_by_user, userkey, now))
		return req_fail(req, RD_ERATE, NULL,
				"too many login attempts; wait 15 minutes and try again");
	rc = store_read(app->store, login_read, &c, &req->err);
	if (rc)
		return rc;
	/* Always one argon2id check, whether or not the user exists. */
	c.ok = secret_password_check(c.user.id ? c.pwhash : app->dummy_hash, c.password) &&
	       c.user.id && c.user.active;
	if (c.ok) {
		secret_token(c.token);
		secret_token(c.csrf);
	} else {
		ratelimit_hit(app->login_by_user, userkey, now);
	}
	rc = store_write(app->store, login_write, &c, &req->err);
	if (rc)
		return rc;
	if (!c.ok)
		return req_fail(req, RD_EUNAUTH, "password", "wrong username or password");
	ratelimit_clear(app->login_by_user, userkey);
	out = me_json(&c.user, c.csrf);
	if (c.kind == LOGIN_BEARER) {
		json_object_set_new(out, "token", json_string(c.token));
	} else {
		snprintf(res->set_cookie, sizeof(res->set_cookie),
			 "renda_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
			 c.token, (long long)(c.ttl / 1000), req->secure ? "; Secure" : "");
	}
	return res_json(res, 200, out);
}

static enum rd_err logout_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct request *req = arg;
	char subject[32];
	enum rd_err rc;

	(void)err;
	rc = logins_delete(tx, req->token_hash);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "user:%lld", (long long)req->user.id);
	return api_audit(tx, req, "auth.logout", subject, NULL);
}

enum rd_err api_auth_logout(struct request *req, struct response *res)
{
	struct app *app = req->app;
	enum rd_err rc = store_write(app->store, logout_write, req, &req->err);

	if (rc)
		return rc;
	snprintf(res->set_cookie, sizeof(res->set_cookie),
		 "renda_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
		 req->secure ? "; Secure" : "");
	return res_json(res, 200, json_pack("{s:b}", "ok", 1));
}

enum rd_err api_auth_me(struct request *req, struct response *res)
{
	return res_json(res, 200, me_json(&req->user, req->csrf));
}
