/*
 * app.h — the application every handler works in, and helpers the API
 * files share (audit entries, events, role lists).
 *
 * Handlers are named api_<area>_<verb>; the table that maps them to routes
 * and declares their access and parameters is src/api/routes.c.
 */
#ifndef RD_API_APP_H
#define RD_API_APP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ratelimit.h"
#include "base/secret.h"
#include "events/events.h"
#include "http/request.h"
#include "store/store.h"

struct app {
	struct store *store;
	struct events *events;
	struct ratelimit *login_by_ip;	    /* attempts per address */
	struct ratelimit *login_by_user;    /* failures per username */
	char dummy_hash[SECRET_PWHASH_LEN]; /* checked for unknown users: same timing */
	int64_t cookie_ttl_ms;
	int64_t bearer_ttl_ms;
	char congress_name[256];
};

/* Prepares app around an open store and events; RD_ENOMEM on failure. */
enum rd_err app_init(struct app *app, struct store *store, struct events *events);
void app_release(struct app *app);

/* The route table. */
extern const struct route api_routes[];
extern const size_t api_nroutes;

/* Appends an audit entry for req's caller inside tx. detail may be NULL;
 * it is not consumed. */
enum rd_err api_audit(struct store_tx *tx, const struct request *req, const char *action,
		      const char *subject, json_t *detail);

/* Publishes an event after a commit; consumes data. */
void api_publish(struct app *app, const char *type, json_t *data);

/* Roles as a JSON array of names (new reference), and back. */
json_t *api_roles_json(unsigned roles);
enum rd_err api_roles_parse(json_t *array, const char *field, unsigned *out, struct rd_error *err);

/* {"id", "username", "display_name", "roles", "active"} (new reference). */
json_t *api_user_json(const struct user *u);

/* Handlers. */
enum rd_err api_health_get(struct request *req, struct response *res);
enum rd_err api_auth_login(struct request *req, struct response *res);
enum rd_err api_auth_logout(struct request *req, struct response *res);
enum rd_err api_auth_me(struct request *req, struct response *res);
enum rd_err api_users_list(struct request *req, struct response *res);
enum rd_err api_users_create(struct request *req, struct response *res);
enum rd_err api_users_set_roles(struct request *req, struct response *res);
enum rd_err api_audit_list(struct request *req, struct response *res);
enum rd_err api_audit_verify(struct request *req, struct response *res);
enum rd_err api_events_stream(struct request *req, struct response *res);

#endif
