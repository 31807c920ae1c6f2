/*
 * users.h — accounts, roles and logins (authenticated browser or API
 * sessions; "session" alone means a congress session, 次会议) in the store.
 *
 * Roles are a bit set: a presidium member is usually also a delegate.
 * Logins are found by the BLAKE2b hash of their token; the token itself is
 * never stored. All functions run inside a store transaction given by the
 * caller (store_read or store_write).
 */
#ifndef RD_STORE_USERS_H
#define RD_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "base/secret.h"
#include "store/store.h"

enum role {
	ROLE_STAFF = 1u << 0,	      /* 工作人员 / 秘书处 */
	ROLE_PRESIDIUM = 1u << 1,     /* 主席团 */
	ROLE_DELEGATE = 1u << 2,      /* 代表 */
	ROLE_HANDLING_UNIT = 1u << 3, /* 承办单位 */
	ROLE_AUDITOR = 1u << 4,	      /* 审计 / 监票 */
};
#define ROLE_ALL_MASK 0x1fu
#define ROLE_COUNT    5

/* "staff" -> ROLE_STAFF ...; 0 if unknown. */
unsigned role_parse(const char *name);
/* The name of the i-th role (0..ROLE_COUNT-1) and its bit. */
const char *role_name_at(int i);
unsigned role_bit_at(int i);

#define USER_NAME_MAX	 64
#define USER_DISPLAY_MAX 192 /* bytes: 64 CJK characters */

struct user {
	int64_t id;
	char username[USER_NAME_MAX + 1];
	char display_name[USER_DISPLAY_MAX + 1];
	unsigned roles;
	bool active;
};

/* Inserts a user with its roles. RD_ECONFLICT if the username is taken. */
enum rd_err users_create(struct store_tx *tx, const char *username, const char *display_name,
			 const char *password_hash, unsigned roles, int64_t now_ms,
			 int64_t *id_out);

/* Finds a user; pwhash (SECRET_PWHASH_LEN bytes, may be NULL) gets the stored
 * hash. RD_ENOTFOUND if there is none. */
enum rd_err users_by_name(struct store_tx *tx, const char *username, struct user *u, char *pwhash);
enum rd_err users_by_id(struct store_tx *tx, int64_t id, struct user *u);

/* Replaces the user's roles. RD_ENOTFOUND if there is no such user. */
enum rd_err users_set_roles(struct store_tx *tx, int64_t id, unsigned roles);

/* Calls each for every user in id order; stops at the first non-zero return. */
enum rd_err users_each(struct store_tx *tx, int (*each)(const struct user *u, void *ctx),
		       void *ctx);

/* Counts users. */
enum rd_err users_count(struct store_tx *tx, int64_t *n);

enum login_kind { LOGIN_COOKIE, LOGIN_BEARER };

/* Stores a login under the hash of its token. */
enum rd_err logins_create(struct store_tx *tx, const char *token_hash, int64_t user_id,
			  enum login_kind kind, const char *csrf, int64_t now_ms,
			  int64_t expires_ms);

/* Finds a live login (not expired at now_ms, user active) and its user.
 * csrf gets the login's CSRF token (SECRET_TOKEN_LEN bytes). */
enum rd_err logins_lookup(struct store_tx *tx, const char *token_hash, int64_t now_ms,
			  struct user *u, enum login_kind *kind, char *csrf);

/* Deletes one login (logout); and every expired login. */
enum rd_err logins_delete(struct store_tx *tx, const char *token_hash);
enum rd_err logins_purge(struct store_tx *tx, int64_t now_ms);

/* Settings: a key/value table for deployment settings (congress name ...). */
enum rd_err settings_set(struct store_tx *tx, const char *key, const char *value);
/* Copies the value into out (size outsz); RD_ENOTFOUND if absent. */
enum rd_err settings_get(struct store_tx *tx, const char *key, char *out, size_t outsz);

#endif
