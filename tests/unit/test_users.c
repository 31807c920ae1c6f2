/* test_users.c — accounts, roles, logins and settings in a real store. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/users.h"
#include "base/banned.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct store_options opt = {0};
	struct rd_error err = {0};

	if (!f || secret_init())
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/renda-test-users-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/renda.db", f->dir);
	opt.path = f->path;
	if (store_open(&opt, &f->s, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct dirent *e;
	char p[400];
	DIR *d;

	store_free(f->s);
	d = opendir(f->dir);
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One call into the users module, run by a store transaction. */
struct op {
	int kind;
	const char *name;
	const char *display;
	unsigned roles;
	int64_t id;
	int64_t now;
	int64_t expires;
	enum login_kind skind;
	struct user u;
	char pwhash[SECRET_PWHASH_LEN];
	char csrf[SECRET_TOKEN_LEN];
	char value[64];
	int64_t n;
};

enum {
	OP_CREATE,
	OP_BY_NAME,
	OP_BY_ID,
	OP_SET_ROLES,
	OP_COUNT,
	OP_SESSION_CREATE,
	OP_SESSION_LOOKUP,
	OP_SESSION_DELETE,
	OP_SESSION_PURGE,
	OP_SETTING_SET,
	OP_SETTING_GET,
	OP_DEACTIVATE,
	OP_SESSION_ROWS,
};

static enum rd_err run_op(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct op *o = ctx;
	struct store_stmt *st;

	(void)err;
	switch (o->kind) {
	case OP_CREATE:
		return users_create(tx, o->name, o->display, "$argon2id$fake", o->roles, o->now,
				    &o->id);
	case OP_BY_NAME:
		return users_by_name(tx, o->name, &o->u, o->pwhash);
	case OP_BY_ID:
		return users_by_id(tx, o->id, &o->u);
	case OP_SET_ROLES:
		return users_set_roles(tx, o->id, o->roles);
	case OP_COUNT:
		return users_count(tx, &o->n);
	case OP_SESSION_CREATE:
		return logins_create(tx, o->name, o->id, o->skind, "csrf-token", o->now,
				     o->expires);
	case OP_SESSION_LOOKUP:
		return logins_lookup(tx, o->name, o->now, &o->u, &o->skind, o->csrf);
	case OP_SESSION_DELETE:
		return logins_delete(tx, o->name);
	case OP_SESSION_PURGE:
		return logins_purge(tx, o->now);
	case OP_SETTING_SET:
		return settings_set(tx, o->name, o->display);
	case OP_SETTING_GET:
		return settings_get(tx, o->name, o->value, sizeof(o->value));
	case OP_DEACTIVATE:
		st = store_sql(tx, "UPDATE users SET active = 0 WHERE id = ?");
		store_bind_i64(st, 1, o->id);
		return store_exec(st);
	case OP_SESSION_ROWS:
		st = store_sql(tx, "SELECT COUNT(*) FROM logins");
		if (store_step(st) != STORE_ROW)
			return store_tx_error(tx, NULL);
		o->n = store_col_i64(st, 0);
		return RD_OK;
	}
	return RD_EINTERNAL;
}

static enum rd_err wr(struct fixture *f, struct op *o)
{
	struct rd_error err = {0};

	return store_write(f->s, run_op, o, &err);
}

static enum rd_err rd(struct fixture *f, struct op *o)
{
	struct rd_error err = {0};

	return store_read(f->s, run_op, o, &err);
}

static int64_t create(struct fixture *f, const char *name, const char *display, unsigned roles)
{
	struct op o = {
		.kind = OP_CREATE, .name = name, .display = display, .roles = roles, .now = 1000};

	assert_int_equal(wr(f, &o), RD_OK);
	assert_true(o.id > 0);
	return o.id;
}

static void test_create_and_find(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, "wang", "王小明", ROLE_DELEGATE | ROLE_PRESIDIUM);
	struct op o = {.kind = OP_BY_NAME, .name = "wang"};

	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(o.u.id, id);
	assert_string_equal(o.u.username, "wang");
	assert_string_equal(o.u.display_name, "王小明");
	assert_int_equal(o.u.roles, ROLE_DELEGATE | ROLE_PRESIDIUM);
	assert_true(o.u.active);
	assert_string_equal(o.pwhash, "$argon2id$fake");

	o = (struct op){.kind = OP_BY_ID, .id = id};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_string_equal(o.u.username, "wang");
	assert_int_equal(o.u.roles, ROLE_DELEGATE | ROLE_PRESIDIUM);

	o = (struct op){.kind = OP_BY_NAME, .name = "Wang"};
	assert_int_equal(rd(f, &o), RD_ENOTFOUND);
	o = (struct op){.kind = OP_BY_ID, .id = id + 1};
	assert_int_equal(rd(f, &o), RD_ENOTFOUND);
}

static void test_duplicate_username(void **state)
{
	struct fixture *f = *state;
	struct op o = {.kind = OP_CREATE, .name = "li", .display = "李", .roles = ROLE_STAFF};

	create(f, "li", "李四", ROLE_STAFF);
	assert_int_equal(wr(f, &o), RD_ECONFLICT);
	o = (struct op){.kind = OP_COUNT};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(o.n, 1);
}

static void test_set_roles(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, "zhao", "赵", ROLE_DELEGATE);
	struct op o = {.kind = OP_SET_ROLES, .id = id, .roles = ROLE_STAFF | ROLE_AUDITOR};

	assert_int_equal(wr(f, &o), RD_OK);
	o = (struct op){.kind = OP_BY_ID, .id = id};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(o.u.roles, ROLE_STAFF | ROLE_AUDITOR);
	/* No roles at all is allowed. */
	o = (struct op){.kind = OP_SET_ROLES, .id = id, .roles = 0};
	assert_int_equal(wr(f, &o), RD_OK);
	o = (struct op){.kind = OP_BY_ID, .id = id};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(o.u.roles, 0);
	o = (struct op){.kind = OP_SET_ROLES, .id = id + 100, .roles = ROLE_STAFF};
	assert_int_equal(wr(f, &o), RD_ENOTFOUND);
}

struct collected {
	int n;
	int64_t ids[8];
	unsigned roles[8];
	int stop_after;
};

static int collect(const struct user *u, void *ctx)
{
	struct collected *c = ctx;

	c->ids[c->n] = u->id;
	c->roles[c->n] = u->roles;
	c->n++;
	return c->stop_after && c->n == c->stop_after;
}

static enum rd_err run_each(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)err;
	return users_each(tx, collect, ctx);
}

static void test_each_and_count(void **state)
{
	struct fixture *f = *state;
	unsigned all =
		ROLE_STAFF | ROLE_PRESIDIUM | ROLE_DELEGATE | ROLE_HANDLING_UNIT | ROLE_AUDITOR;
	int64_t a = create(f, "a", "A", ROLE_STAFF);
	int64_t b = create(f, "b", "B", all);
	int64_t c = create(f, "c", "C", 0);
	struct collected got = {0};
	struct rd_error err = {0};
	struct op o = {.kind = OP_COUNT};

	assert_int_equal(all, ROLE_ALL_MASK);
	assert_int_equal(store_read(f->s, run_each, &got, &err), RD_OK);
	assert_int_equal(got.n, 3);
	assert_int_equal(got.ids[0], a);
	assert_int_equal(got.ids[1], b);
	assert_int_equal(got.ids[2], c);
	assert_int_equal(got.roles[0], ROLE_STAFF);
	assert_int_equal(got.roles[1], all);
	assert_int_equal(got.roles[2], 0);
	/* A non-zero return stops the walk. */
	memset(&got, 0, sizeof(got));
	got.stop_after = 2;
	assert_int_equal(store_read(f->s, run_each, &got, &err), RD_OK);
	assert_int_equal(got.n, 2);
	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(o.n, 3);
}

static void test_role_parse(void **state)
{
	(void)state;
	assert_int_equal(role_parse("staff"), ROLE_STAFF);
	assert_int_equal(role_parse("presidium"), ROLE_PRESIDIUM);
	assert_int_equal(role_parse("delegate"), ROLE_DELEGATE);
	assert_int_equal(role_parse("handling_unit"), ROLE_HANDLING_UNIT);
	assert_int_equal(role_parse("auditor"), ROLE_AUDITOR);
	assert_int_equal(role_parse("Staff"), 0);
	assert_int_equal(role_parse("admin"), 0);
	assert_int_equal(role_parse(""), 0);
	assert_int_equal(role_parse("staff "), 0);
	for (int i = 0; i < ROLE_COUNT; i++)
		assert_int_equal(role_parse(role_name_at(i)), role_bit_at(i));
}

static void session(struct fixture *f, const char *hash, int64_t uid, enum login_kind k,
		    int64_t now, int64_t expires)
{
	struct op o = {.kind = OP_SESSION_CREATE,
		       .name = hash,
		       .id = uid,
		       .skind = k,
		       .now = now,
		       .expires = expires};

	assert_int_equal(wr(f, &o), RD_OK);
}

static enum rd_err lookup(struct fixture *f, const char *hash, int64_t now, struct op *o)
{
	*o = (struct op){.kind = OP_SESSION_LOOKUP, .name = hash, .now = now};
	return rd(f, o);
}

static void test_logins(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, "sun", "孙", ROLE_DELEGATE);
	struct op o;

	session(f, "hash-cookie", id, LOGIN_COOKIE, 1000, 5000);
	session(f, "hash-bearer", id, LOGIN_BEARER, 1000, 9000);
	assert_int_equal(lookup(f, "hash-cookie", 4999, &o), RD_OK);
	assert_int_equal(o.u.id, id);
	assert_string_equal(o.u.username, "sun");
	assert_int_equal(o.u.roles, ROLE_DELEGATE);
	assert_int_equal(o.skind, LOGIN_COOKIE);
	assert_string_equal(o.csrf, "csrf-token");
	assert_int_equal(lookup(f, "hash-bearer", 4999, &o), RD_OK);
	assert_int_equal(o.skind, LOGIN_BEARER);
	/* Expired at expires_at exactly. */
	assert_int_equal(lookup(f, "hash-cookie", 5000, &o), RD_ENOTFOUND);
	assert_int_equal(lookup(f, "hash-bearer", 5000, &o), RD_OK);
	assert_int_equal(lookup(f, "no-such-hash", 1000, &o), RD_ENOTFOUND);
	/* The same token hash twice is a conflict. */
	o = (struct op){
		.kind = OP_SESSION_CREATE, .name = "hash-cookie", .id = id, .now = 1, .expires = 2};
	assert_int_equal(wr(f, &o), RD_ECONFLICT);
	/* A session for a user that does not exist is refused (foreign key). */
	o = (struct op){.kind = OP_SESSION_CREATE,
			.name = "orphan",
			.id = id + 99,
			.now = 1,
			.expires = 99999};
	assert_int_equal(wr(f, &o), RD_ECONFLICT);

	/* Logout deletes one session only. */
	o = (struct op){.kind = OP_SESSION_DELETE, .name = "hash-bearer"};
	assert_int_equal(wr(f, &o), RD_OK);
	assert_int_equal(lookup(f, "hash-bearer", 1000, &o), RD_ENOTFOUND);
	assert_int_equal(lookup(f, "hash-cookie", 1000, &o), RD_OK);
	/* Deleting again is harmless. */
	o = (struct op){.kind = OP_SESSION_DELETE, .name = "hash-bearer"};
	assert_int_equal(wr(f, &o), RD_OK);
}

static void test_logins_purge(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, "qian", "钱", ROLE_STAFF);
	struct op o;

	session(f, "old", id, LOGIN_COOKIE, 0, 100);
	session(f, "edge", id, LOGIN_COOKIE, 0, 200);
	session(f, "live", id, LOGIN_COOKIE, 0, 300);
	o = (struct op){.kind = OP_SESSION_PURGE, .now = 200};
	assert_int_equal(wr(f, &o), RD_OK);
	o = (struct op){.kind = OP_SESSION_ROWS};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(o.n, 1);
	assert_int_equal(lookup(f, "live", 250, &o), RD_OK);
}

static void test_inactive_user_session_not_found(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, "zhou", "周", ROLE_DELEGATE);
	struct op o;

	session(f, "h", id, LOGIN_COOKIE, 0, 10000);
	assert_int_equal(lookup(f, "h", 10, &o), RD_OK);
	o = (struct op){.kind = OP_DEACTIVATE, .id = id};
	assert_int_equal(wr(f, &o), RD_OK);
	assert_int_equal(lookup(f, "h", 10, &o), RD_ENOTFOUND);
	/* The account itself is still there, marked inactive. */
	o = (struct op){.kind = OP_BY_ID, .id = id};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_false(o.u.active);
}

static void test_settings(void **state)
{
	struct fixture *f = *state;
	struct op o = {.kind = OP_SETTING_GET, .name = "congress_name"};

	assert_int_equal(rd(f, &o), RD_ENOTFOUND);
	o = (struct op){.kind = OP_SETTING_SET, .name = "congress_name", .display = "某县人大"};
	assert_int_equal(wr(f, &o), RD_OK);
	o = (struct op){.kind = OP_SETTING_GET, .name = "congress_name"};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_string_equal(o.value, "某县人大");
	/* Setting again replaces the value. */
	o = (struct op){.kind = OP_SETTING_SET, .name = "congress_name", .display = "第二"};
	assert_int_equal(wr(f, &o), RD_OK);
	o = (struct op){.kind = OP_SETTING_GET, .name = "congress_name"};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_string_equal(o.value, "第二");
}

static void test_long_names_truncated_not_overflowed(void **state)
{
	struct fixture *f = *state;
	char name[200], display[400];
	struct op o;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(display, 'd', sizeof(display) - 1);
	display[sizeof(display) - 1] = '\0';
	create(f, name, display, ROLE_STAFF);
	o = (struct op){.kind = OP_BY_NAME, .name = name};
	assert_int_equal(rd(f, &o), RD_OK);
	assert_int_equal(strlen(o.u.username), USER_NAME_MAX);
	assert_int_equal(strlen(o.u.display_name), USER_DISPLAY_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_username, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_and_count, setup, teardown),
		cmocka_unit_test(test_role_parse),
		cmocka_unit_test_setup_teardown(test_logins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logins_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactive_user_session_not_found, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_names_truncated_not_overflowed, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
