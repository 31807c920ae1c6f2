/* test_store_schema.c — the two dialects' migrations stay in step: the same
 * versions with the same names, and (with RENDA_TEST_PG, a throwaway
 * PostgreSQL database) the same tables with the same columns once both are
 * migrated. The differences that are meant are listed here and nowhere
 * else: SQLite's FTS5 tables for the search, PostgreSQL's search_tokens
 * column and the events table of the LISTEN/NOTIFY bridge. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"
#include "base/banned.h"

#define MAX_COLS 2000

struct columns {
	int n;
	char name[MAX_COLS][96]; /* "table.column" */
};

static void test_same_versions_and_names(void **state)
{
	const struct migration *a = migrations_all(), *b = migrations_pg_all();

	(void)state;
	for (; a->version && b->version; a++, b++) {
		assert_int_equal(a->version, b->version);
		assert_string_equal(a->name, b->name);
	}
	assert_int_equal(a->version, 0);
	assert_int_equal(b->version, 0);
}

static bool meant(const char *table, const char *column)
{
	return strncmp(table, "opinions_fts", 12) == 0 || strncmp(table, "sqlite_", 7) == 0 ||
	       strcmp(table, "events") == 0 ||
	       (strcmp(table, "opinions") == 0 && strcmp(column, "search_tokens") == 0);
}

static enum rd_err list_columns(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct columns *c = ctx;
	struct store_stmt *st;

	(void)err;
	if (strcmp(store_tx_backend(tx), "postgresql") == 0)
		st = store_sql(
			tx, "SELECT c.table_name, c.column_name FROM information_schema.columns c"
			    " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
			    " AND t.table_name = c.table_name"
			    " WHERE c.table_schema = current_schema()"
			    " AND t.table_type = 'BASE TABLE'"
			    " ORDER BY 1, 2");
	else
		st = store_sql(tx, "SELECT m.name, p.name FROM sqlite_master m,"
				   " pragma_table_info(m.name) p WHERE m.type = 'table'"
				   " ORDER BY 1, 2");
	while (store_step(st) == STORE_ROW) {
		const char *t = store_col_text(st, 0), *col = store_col_text(st, 1);

		if (meant(t, col) || c->n >= MAX_COLS)
			continue;
		snprintf(c->name[c->n++], sizeof(c->name[0]), "%s.%s", t, col);
	}
	return store_tx_error(tx, NULL);
}

static void test_same_tables_and_columns(void **state)
{
	const char *uri = getenv("RENDA_TEST_PG");
	char dir[] = "/tmp/renda-test-schema-XXXXXX", path[128];
	struct store_options opt = {0};
	struct rd_error err = {0};
	struct store *s = NULL;
	struct columns *lite = calloc(1, sizeof(*lite)), *pg = calloc(1, sizeof(*pg));

	(void)state;
	assert_non_null(lite);
	assert_non_null(pg);
	if (!uri || !*uri) {
		free(lite);
		free(pg);
		skip();
	}
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/renda.db", dir);
	opt.path = path;
	assert_int_equal(store_open(&opt, &s, &err), RD_OK);
	assert_int_equal(store_read(s, list_columns, lite, &err), RD_OK);
	store_free(s);
	unlink(path);
	snprintf(path, sizeof(path), "%s/renda.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/renda.db-shm", dir);
	unlink(path);
	rmdir(dir);
	opt.path = uri;
	assert_int_equal(store_open(&opt, &s, &err), RD_OK);
	assert_int_equal(store_read(s, list_columns, pg, &err), RD_OK);
	store_free(s);
	/* Both sorted the same way (ASCII names): compare line by line, and
	 * name the first difference. */
	for (int i = 0; i < lite->n || i < pg->n; i++) {
		const char *a = i < lite->n ? lite->name[i] : "(none)";
		const char *b = i < pg->n ? pg->name[i] : "(none)";

		if (strcmp(a, b) != 0)
			fail_msg("schemas differ: SQLite has %s where PostgreSQL has %s", a, b);
	}
	assert_true(lite->n > 50);
	free(lite);
	free(pg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_versions_and_names),
		cmocka_unit_test(test_same_tables_and_columns),
	};

	if (!getenv("RENDA_TEST_PG"))
		printf("# skip test_same_tables_and_columns: RENDA_TEST_PG is not set"
		       " (scripts/check.sh sets it with a throwaway cluster)\n");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
