/* app.c — see app.h. */
#include "api/app.h"
#include "api/floor.h"
#include "api/opinions.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "base/clock.h"
#include "base/str.h"
#include "events/pg_bridge.h"
#include "store/audit.h"
#include "store/users.h"
#include "base/banned.h"

#define LOGIN_WINDOW_MS	 (15 * 60 * 1000)
#define PUBLIC_WINDOW_MS (60 * 60 * 1000)

/* Reads DATA/signing.key, or makes it. */
static enum rd_err load_signing_key(struct app *app, const char *dir)
{
	char path[4200];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/signing.key", dir);
	f = fopen(path, "rb");
	if (f) {
		size_t n = fread(app->sign_sk, 1, sizeof(app->sign_sk), f);

		fclose(f);
		if (n != sizeof(app->sign_sk))
			return RD_EIO;
		crypto_sign_ed25519_sk_to_pk(app->sign_pk, app->sign_sk);
		return RD_OK;
	}
	crypto_sign_keypair(app->sign_pk, app->sign_sk);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return RD_EIO;
	if (write(fd, app->sign_sk, sizeof(app->sign_sk)) != (ssize_t)sizeof(app->sign_sk) ||
	    fsync(fd) != 0) {
		close(fd);
		return RD_EIO;
	}
	close(fd);
	return RD_OK;
}

enum rd_err app_init(struct app *app, struct store *store, struct events *events,
		     const char *data_dir)
{
	memset(app, 0, sizeof(*app));
	app->store = store;
	app->events = events;
	/* 300 attempts per address and 10 failures per account in 15 minutes:
	 * enough for a hall of 200 delegates behind one NAT to log in, far too
	 * few to guess a password. */
	app->login_by_ip = ratelimit_new(300, LOGIN_WINDOW_MS, 4096);
	app->login_by_user = ratelimit_new(10, LOGIN_WINDOW_MS, 4096);
	app->cookie_ttl_ms = 12LL * 3600 * 1000;
	app->bearer_ttl_ms = 30LL * 24 * 3600 * 1000;
	str_copy(app->congress_name, sizeof(app->congress_name), "");
	/* Unknown tracking codes: 30 an hour per address make guessing one of
	 * 2^60 codes hopeless and leave room for typing mistakes. */
	app->opinion_misses = ratelimit_new(30, PUBLIC_WINDOW_MS, 4096);
	app->opinion_stats = op_stats_new();
	if (!app->login_by_ip || !app->login_by_user || !app->opinion_misses ||
	    !app->opinion_stats || app_public_limits(app, PUBLIC_PER_ADDRESS, PUBLIC_PER_DEVICE) ||
	    secret_password_hash("renda-timing-equaliser", app->dummy_hash) ||
	    load_signing_key(app, data_dir) || floor_progress_start(app)) {
		app_release(app);
		return RD_ENOMEM;
	}
	return RD_OK;
}

void app_release(struct app *app)
{
	floor_progress_stop(app);
	sodium_memzero(app->sign_sk, sizeof(app->sign_sk));
	ratelimit_free(app->login_by_ip);
	ratelimit_free(app->login_by_user);
	ratelimit_free(app->opinion_by_ip);
	ratelimit_free(app->opinion_by_device);
	ratelimit_free(app->opinion_misses);
	op_stats_free(app->opinion_stats);
	app->opinion_stats = NULL;
	app->login_by_ip = app->login_by_user = NULL;
	app->opinion_by_ip = app->opinion_by_device = app->opinion_misses = NULL;
}

enum rd_err app_public_limits(struct app *app, unsigned per_address, unsigned per_device)
{
	ratelimit_free(app->opinion_by_ip);
	ratelimit_free(app->opinion_by_device);
	app->opinion_by_ip = ratelimit_new(per_address, PUBLIC_WINDOW_MS, 4096);
	app->opinion_by_device = ratelimit_new(per_device, PUBLIC_WINDOW_MS, 4096);
	return app->opinion_by_ip && app->opinion_by_device ? RD_OK : RD_ENOMEM;
}

enum rd_err api_audit(struct store_tx *tx, const struct request *req, const char *action,
		      const char *subject, json_t *detail)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum rd_err rc;

	if (detail && !text)
		return RD_ENOMEM;
	rc = audit_append(tx, clock_now_ms(), req->authed ? req->user.username : "-", action,
			  subject, text ? text : "{}", NULL);
	free(text);
	return rc;
}

void api_publish(struct app *app, const char *type, json_t *data)
{
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;

	if (text && app->bridge)
		pg_bridge_publish(app->bridge, type, text);
	else if (text)
		events_publish(app->events, type, text);
	free(text);
	json_decref(data);
}

json_t *api_roles_json(unsigned roles)
{
	json_t *a = json_array();

	for (int i = 0; a && i < ROLE_COUNT; i++)
		if (roles & role_bit_at(i))
			json_array_append_new(a, json_string(role_name_at(i)));
	return a;
}

enum rd_err api_roles_parse(json_t *array, const char *field, unsigned *out, struct rd_error *err)
{
	size_t i;
	json_t *v;
	unsigned mask = 0, bit;

	json_array_foreach(array, i, v)
	{
		bit = json_is_string(v) ? role_parse(json_string_value(v)) : 0;
		if (!bit)
			return rd_fail(err, RD_EINVAL, field,
				       "%s[%zu] is not a role (staff, presidium, delegate,"
				       " handling_unit, auditor)",
				       field, i);
		if (mask & bit)
			return rd_fail(err, RD_EINVAL, field, "%s lists a role twice", field);
		mask |= bit;
	}
	*out = mask;
	return RD_OK;
}

json_t *api_user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:b}", "id", (json_int_t)u->id, "username",
			 u->username, "display_name", u->display_name, "roles",
			 api_roles_json(u->roles), "active", u->active);
}
