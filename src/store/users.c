/* users.c — see users.h. Portable SQL only. */
#include "store/users.h"

#include <string.h>

#include "base/str.h"
#include "base/banned.h"

static const struct {
	const char *name;
	unsigned bit;
} roles[ROLE_COUNT] = {
	{"staff", ROLE_STAFF},	     {"presidium", ROLE_PRESIDIUM},
	{"delegate", ROLE_DELEGATE}, {"handling_unit", ROLE_HANDLING_UNIT},
	{"auditor", ROLE_AUDITOR},
};

unsigned role_parse(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

const char *role_name_at(int i)
{
	return roles[i].name;
}

unsigned role_bit_at(int i)
{
	return roles[i].bit;
}

static enum rd_err insert_roles(struct store_tx *tx, int64_t id, unsigned mask)
{
	struct store_stmt *st;

	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(mask & roles[i].bit))
			continue;
		st = store_sql(tx, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
		store_bind_i64(st, 1, id);
		store_bind_text(st, 2, roles[i].name);
		if (store_exec(st))
			return store_tx_error(tx, NULL);
	}
	return RD_OK;
}

enum rd_err users_create(struct store_tx *tx, const char *username, const char *display_name,
			 const char *password_hash, unsigned mask, int64_t now_ms, int64_t *id_out)
{
	struct store_stmt *st;
	int64_t id;

	st = store_sql(tx, "INSERT INTO users (username, display_name, password_hash, active,"
			   " created_at) VALUES (?, ?, ?, 1, ?)");
	store_bind_text(st, 1, username);
	store_bind_text(st, 2, display_name);
	store_bind_text(st, 3, password_hash);
	store_bind_i64(st, 4, now_ms);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	id = store_last_id(tx);
	if (insert_roles(tx, id, mask))
		return store_tx_error(tx, NULL);
	if (id_out)
		*id_out = id;
	return RD_OK;
}

static enum rd_err load_roles(struct store_tx *tx, struct user *u)
{
	struct store_stmt *st;
	enum store_step r;

	u->roles = 0;
	st = store_sql(tx, "SELECT role FROM user_roles WHERE user_id = ?");
	store_bind_i64(st, 1, u->id);
	while ((r = store_step(st)) == STORE_ROW)
		u->roles |= role_parse(store_col_text(st, 0));
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

/* Columns: id, username, display_name, active. */
static void read_user(struct store_stmt *st, struct user *u)
{
	u->id = store_col_i64(st, 0);
	str_copy(u->username, sizeof(u->username), store_col_text(st, 1));
	str_copy(u->display_name, sizeof(u->display_name), store_col_text(st, 2));
	u->active = store_col_i64(st, 3) != 0;
}

enum rd_err users_by_name(struct store_tx *tx, const char *username, struct user *u, char *pwhash)
{
	struct store_stmt *st;
	enum store_step r;

	st = store_sql(tx, "SELECT id, username, display_name, active, password_hash"
			   " FROM users WHERE username = ?");
	store_bind_text(st, 1, username);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (r == STORE_DONE)
		return RD_ENOTFOUND;
	read_user(st, u);
	if (pwhash)
		str_copy(pwhash, SECRET_PWHASH_LEN, store_col_text(st, 4));
	return load_roles(tx, u);
}

enum rd_err users_by_id(struct store_tx *tx, int64_t id, struct user *u)
{
	struct store_stmt *st;
	enum store_step r;

	st = store_sql(tx, "SELECT id, username, display_name, active FROM users WHERE id = ?");
	store_bind_i64(st, 1, id);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (r == STORE_DONE)
		return RD_ENOTFOUND;
	read_user(st, u);
	return load_roles(tx, u);
}

enum rd_err users_set_roles(struct store_tx *tx, int64_t id, unsigned mask)
{
	struct store_stmt *st;
	struct user u;
	enum rd_err rc = users_by_id(tx, id, &u);

	if (rc)
		return rc;
	st = store_sql(tx, "DELETE FROM user_roles WHERE user_id = ?");
	store_bind_i64(st, 1, id);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	return insert_roles(tx, id, mask);
}

enum rd_err users_each(struct store_tx *tx, int (*each)(const struct user *u, void *ctx), void *ctx)
{
	struct store_stmt *st;
	enum store_step r;
	struct user u;
	bool have = false;

	/* One row per user and role, the roles gathered here: one portable
	 * statement (no group_concat or string_agg), so the loop does not
	 * re-enter the statement cache while stepping. */
	st = store_sql(tx, "SELECT u.id, u.username, u.display_name, u.active, r.role"
			   " FROM users u LEFT JOIN user_roles r ON r.user_id = u.id"
			   " ORDER BY u.id, r.role");
	while ((r = store_step(st)) == STORE_ROW) {
		const char *role = store_col_text(st, 4);

		if (have && u.id != store_col_i64(st, 0)) {
			have = false;
			if (each(&u, ctx))
				return RD_OK;
		}
		if (!have) {
			read_user(st, &u);
			u.roles = 0;
			have = true;
		}
		if (role)
			u.roles |= role_parse(role);
	}
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (have)
		each(&u, ctx);
	return RD_OK;
}

enum rd_err users_count(struct store_tx *tx, int64_t *n)
{
	struct store_stmt *st = store_sql(tx, "SELECT COUNT(*) FROM users");

	if (store_step(st) != STORE_ROW)
		return store_tx_error(tx, NULL);
	*n = store_col_i64(st, 0);
	return RD_OK;
}

enum rd_err logins_create(struct store_tx *tx, const char *token_hash, int64_t user_id,
			  enum login_kind kind, const char *csrf, int64_t now_ms,
			  int64_t expires_ms)
{
	struct store_stmt *st;

	st = store_sql(tx, "INSERT INTO logins (token_hash, user_id, kind, csrf_token,"
			   " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
	store_bind_text(st, 1, token_hash);
	store_bind_i64(st, 2, user_id);
	store_bind_text(st, 3, kind == LOGIN_BEARER ? "bearer" : "cookie");
	store_bind_text(st, 4, csrf);
	store_bind_i64(st, 5, now_ms);
	store_bind_i64(st, 6, expires_ms);
	return store_exec(st) ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err logins_lookup(struct store_tx *tx, const char *token_hash, int64_t now_ms,
			  struct user *u, enum login_kind *kind, char *csrf)
{
	struct store_stmt *st;
	enum store_step r;
	int64_t user_id;

	st = store_sql(tx, "SELECT s.user_id, s.kind, s.csrf_token FROM logins s"
			   " JOIN users u ON u.id = s.user_id"
			   " WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1");
	store_bind_text(st, 1, token_hash);
	store_bind_i64(st, 2, now_ms);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (r == STORE_DONE)
		return RD_ENOTFOUND;
	user_id = store_col_i64(st, 0);
	*kind = strcmp(store_col_text(st, 1), "bearer") == 0 ? LOGIN_BEARER : LOGIN_COOKIE;
	str_copy(csrf, SECRET_TOKEN_LEN, store_col_text(st, 2));
	return users_by_id(tx, user_id, u);
}

enum rd_err logins_delete(struct store_tx *tx, const char *token_hash)
{
	struct store_stmt *st = store_sql(tx, "DELETE FROM logins WHERE token_hash = ?");

	store_bind_text(st, 1, token_hash);
	return store_exec(st) ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err logins_purge(struct store_tx *tx, int64_t now_ms)
{
	struct store_stmt *st = store_sql(tx, "DELETE FROM logins WHERE expires_at <= ?");

	store_bind_i64(st, 1, now_ms);
	return store_exec(st) ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err settings_set(struct store_tx *tx, const char *key, const char *value)
{
	struct store_stmt *st;

	st = store_sql(tx, "INSERT INTO settings (key, value) VALUES (?, ?)"
			   " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value);
	return store_exec(st) ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err settings_get(struct store_tx *tx, const char *key, char *out, size_t outsz)
{
	struct store_stmt *st = store_sql(tx, "SELECT value FROM settings WHERE key = ?");
	enum store_step r;

	store_bind_text(st, 1, key);
	r = store_step(st);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	if (r == STORE_DONE)
		return RD_ENOTFOUND;
	str_copy(out, outsz, store_col_text(st, 0));
	return RD_OK;
}
