/*
 * migrations.h — the numbered schema migrations, applied in order at start.
 *
 * A migration is never edited once released: a change to the schema is a
 * new migration. There is one list per dialect: migrations.c (SQLite) and
 * migrations_pg.c (PostgreSQL), with the same versions and names, so that
 * both databases reach the same schema (tests/unit/test_store_schema.c).
 */
#ifndef RD_STORE_MIGRATIONS_H
#define RD_STORE_MIGRATIONS_H

struct migration {
	int version; /* 1, 2, 3 ... ; 0 ends the list */
	const char *name;
	const char *sql; /* statements in the list's dialect, separated by ';' */
};

/* The list, ending with an entry whose version is 0. */
const struct migration *migrations_all(void);

/* The highest version in the list. */
int migrations_latest(void);

/* The PostgreSQL list (migrations_pg.c), ending the same way. */
const struct migration *migrations_pg_all(void);

#endif
