/* test_audit.c — the hash-chained audit log: append, verify, and tampering
 * behind SQLite's back (triggers dropped with raw sqlite3) is detected. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/audit.h"
#include "base/banned.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
};

static enum rd_err open_store(struct fixture *f)
{
	struct store_options opt = {.path = f->path};
	struct rd_error err = {0};

	return store_open(&opt, &f->s, &err);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || secret_init())
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/renda-test-audit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/renda.db", f->dir);
	if (open_store(f))
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

struct entry {
	int64_t at;
	const char *actor, *action, *subject, *detail;
	int64_t id;
};

static enum rd_err append(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct entry *e = ctx;

	(void)err;
	return audit_append(tx, e->at, e->actor, e->action, e->subject, e->detail, &e->id);
}

static enum rd_err verify(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)err;
	return audit_verify(tx, ctx);
}

static void add(struct fixture *f, int n)
{
	struct rd_error err = {0};

	for (int i = 0; i < n; i++) {
		char detail[64];
		struct entry e = {1700000000000 + i, "staff:1", "user.create", "user:2", detail, 0};

		snprintf(detail, sizeof(detail), "{\"n\":%d,\"name\":\"人大\"}", i);
		assert_int_equal(store_write(f->s, append, &e, &err), RD_OK);
	}
}

static void check(struct fixture *f, struct audit_report *r)
{
	struct rd_error err = {0};

	assert_int_equal(store_read(f->s, verify, r, &err), RD_OK);
}

/* Runs SQL on the database file directly, as an attacker with the file would. */
static void raw(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

static void test_empty_log_verifies(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;

	check(f, &r);
	assert_int_equal(r.entries, 0);
	assert_int_equal(r.broken_at, 0);
	assert_string_equal(r.head, "");
}

static void test_append_and_verify(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;
	struct rd_error err = {0};
	struct entry e = {1, "staff:1", "poll.open", "poll:7", NULL, 0};
	char h1[SECRET_HASH_HEX_LEN], h2[SECRET_HASH_HEX_LEN];
	static const char zero[] =
		"0000000000000000000000000000000000000000000000000000000000000000";

	assert_int_equal(store_write(f->s, append, &e, &err), RD_OK);
	assert_int_equal(e.id, 1);
	e = (struct entry){2, "staff:1", "poll.close", "poll:7", "{\"yes\":3}", 0};
	assert_int_equal(store_write(f->s, append, &e, &err), RD_OK);
	assert_int_equal(e.id, 2);
	check(f, &r);
	assert_int_equal(r.entries, 2);
	assert_int_equal(r.broken_at, 0);
	/* The head is the hash of the last entry, chained from the first. A NULL
	 * detail is stored as "{}". */
	audit_entry_hash(zero, 1, 1, "staff:1", "poll.open", "poll:7", "{}", h1);
	audit_entry_hash(h1, 2, 2, "staff:1", "poll.close", "poll:7", "{\"yes\":3}", h2);
	assert_string_equal(r.head, h2);
	assert_int_equal(strlen(r.head), 64);

	add(f, 10);
	check(f, &r);
	assert_int_equal(r.entries, 12);
	assert_int_equal(r.broken_at, 0);
	assert_string_not_equal(r.head, h2);
}

static void test_entry_hash_separates_fields(void **state)
{
	char a[SECRET_HASH_HEX_LEN], b[SECRET_HASH_HEX_LEN];

	(void)state;
	/* Moving a character from one field to the next changes the hash. */
	audit_entry_hash("p", 1, 1, "ab", "c", "s", "{}", a);
	audit_entry_hash("p", 1, 1, "a", "bc", "s", "{}", b);
	assert_string_not_equal(a, b);
	audit_entry_hash("p", 12, 3, "a", "b", "s", "{}", a);
	audit_entry_hash("p", 1, 23, "a", "b", "s", "{}", b);
	assert_string_not_equal(a, b);
	/* And it is deterministic. */
	audit_entry_hash("p", 1, 1, "a", "b", "s", "{}", a);
	audit_entry_hash("p", 1, 1, "a", "b", "s", "{}", b);
	assert_string_equal(a, b);
}

static enum rd_err try_update(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)ctx;
	(void)err;
	return store_exec(store_sql(tx, "UPDATE audit_log SET detail = '{}' WHERE id = 2"));
}

static enum rd_err try_delete(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	(void)ctx;
	(void)err;
	return store_exec(store_sql(tx, "DELETE FROM audit_log WHERE id = 2"));
}

static void test_triggers_refuse_edits(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;
	struct rd_error err = {0};

	add(f, 3);
	assert_int_not_equal(store_write(f->s, try_update, NULL, &err), RD_OK);
	rd_error_clear(&err);
	assert_int_not_equal(store_write(f->s, try_delete, NULL, &err), RD_OK);
	check(f, &r);
	assert_int_equal(r.entries, 3);
	assert_int_equal(r.broken_at, 0);
}

static void test_edit_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;

	add(f, 5);
	store_free(f->s);
	f->s = NULL;
	raw(f, "DROP TRIGGER audit_log_no_update;"
	       "UPDATE audit_log SET detail = '{\"n\":2,\"name\":\"edited\"}' WHERE id = 3;");
	assert_int_equal(open_store(f), RD_OK);
	check(f, &r);
	assert_int_equal(r.broken_at, 3);
	assert_true(r.reason[0] != '\0');
	assert_string_equal(r.head, "");
}

static void test_rehashed_edit_detected_at_next(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;

	add(f, 5);
	store_free(f->s);
	f->s = NULL;
	/* Rewriting an entry's stored hash is caught at that entry. */
	raw(f, "DROP TRIGGER audit_log_no_update;"
	       "UPDATE audit_log SET hash = 'ff' || substr(hash, 3) WHERE id = 4;");
	assert_int_equal(open_store(f), RD_OK);
	check(f, &r);
	assert_int_equal(r.broken_at, 4);
}

static void test_delete_middle_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;

	add(f, 5);
	store_free(f->s);
	f->s = NULL;
	raw(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;");
	assert_int_equal(open_store(f), RD_OK);
	check(f, &r);
	assert_int_equal(r.broken_at, 3);
	assert_string_equal(r.head, "");
}

static void test_delete_first_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;

	add(f, 3);
	store_free(f->s);
	f->s = NULL;
	raw(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 1;");
	assert_int_equal(open_store(f), RD_OK);
	check(f, &r);
	assert_int_equal(r.broken_at, 2);
}

static void test_renumbered_delete_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_report r;

	add(f, 4);
	store_free(f->s);
	f->s = NULL;
	/* Delete entry 2 and renumber the rest so the ids have no gap. */
	raw(f, "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;"
	       "DELETE FROM audit_log WHERE id = 2;"
	       "UPDATE audit_log SET id = id - 1 WHERE id > 2;");
	assert_int_equal(open_store(f), RD_OK);
	check(f, &r);
	assert_int_equal(r.broken_at, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_log_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_and_verify, setup, teardown),
		cmocka_unit_test(test_entry_hash_separates_fields),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_edit_detected_at_next, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_delete_middle_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_first_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renumbered_delete_detected, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
