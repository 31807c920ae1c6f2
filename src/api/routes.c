/*
 * routes.c — every endpoint of renda: method, path, handler, who may call
 * it, and the parameters it takes. The server refuses anything not declared
 * here (unknown paths, fields and parameters) before a handler runs.
 * docs/api/openapi.yaml documents the same table; tests/api/routes.test.mjs
 * checks that the two agree.
 */
#include "api/app.h"

#include "store/users.h"
#include "base/banned.h"

#define STAFF	      ROLE_STAFF
#define AUDIT_READERS (ROLE_STAFF | ROLE_AUDITOR)

static const struct field_spec login_body[] = {
	{"username", FIELD_STRING, true, 1, USER_NAME_MAX},
	{"password", FIELD_STRING, true, 1, 256},
	{"mode", FIELD_STRING, false, 1, 16}, /* "cookie" (default) or "bearer" */
	{NULL},
};

static const struct field_spec user_create_body[] = {
	{"username", FIELD_STRING, true, 2, USER_NAME_MAX},
	{"display_name", FIELD_STRING, true, 1, 64},
	{"password", FIELD_STRING, true, 8, 256},
	{"roles", FIELD_ARRAY, true, 1, ROLE_COUNT},
	{NULL},
};

static const struct field_spec user_roles_body[] = {
	{"roles", FIELD_ARRAY, true, 0, ROLE_COUNT},
	{NULL},
};

static const struct field_spec audit_query[] = {
	{"after", FIELD_INT, false, 0, INT64_MAX},
	{"limit", FIELD_INT, false, 1, 500},
	{NULL},
};

static const struct field_spec events_query[] = {
	{"last_event_id", FIELD_INT, false, 0, INT64_MAX},
	{NULL},
};

const struct route api_routes[] = {
	{"GET", "/api/health", api_health_get, ACCESS_PUBLIC, NULL, NULL,
	 "liveness, version and store backend"},
	{"POST", "/api/auth/login", api_auth_login, ACCESS_PUBLIC, NULL, login_body,
	 "log in with username and password"},
	{"POST", "/api/auth/logout", api_auth_logout, ACCESS_ANY_USER, NULL, NULL,
	 "end the current session"},
	{"GET", "/api/auth/me", api_auth_me, ACCESS_ANY_USER, NULL, NULL,
	 "the logged-in user and the CSRF token"},
	{"GET", "/api/users", api_users_list, STAFF, NULL, NULL, "list accounts"},
	{"POST", "/api/users", api_users_create, STAFF, NULL, user_create_body,
	 "create an account"},
	{"PUT", "/api/users/{id}/roles", api_users_set_roles, STAFF, NULL, user_roles_body,
	 "replace an account's roles"},
	{"GET", "/api/audit", api_audit_list, AUDIT_READERS, audit_query, NULL,
	 "read the audit log"},
	{"GET", "/api/audit/verify", api_audit_verify, AUDIT_READERS, NULL, NULL,
	 "check the audit hash chain"},
	{"GET", "/api/events", api_events_stream, ACCESS_ANY_USER, events_query, NULL,
	 "live events (Server-Sent Events)"},
};

const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);
