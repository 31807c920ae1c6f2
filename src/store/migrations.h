/*
 * migrations.h — the numbered schema migrations, applied in order at start.
 *
 * A migration is never edited once released: a change to the schema is a
 * new migration. Each carries its SQL per dialect; the PostgreSQL text is
 * added beside the SQLite one when that backend lands (issue 8).
 */
#ifndef RD_STORE_MIGRATIONS_H
#define RD_STORE_MIGRATIONS_H

struct migration {
	int version; /* 1, 2, 3 ... ; 0 ends the list */
	const char *name;
	const char *sqlite; /* statements, separated by ';' */
};

/* The list, ending with an entry whose version is 0. */
const struct migration *migrations_all(void);

/* The highest version in the list. */
int migrations_latest(void);

#endif
