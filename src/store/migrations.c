/*
 * migrations.c — the schema, one numbered step at a time.
 *
 * Conventions: times are INTEGER milliseconds since the epoch (UTC); booleans
 * are INTEGER 0/1 with a CHECK; every foreign key is declared; names follow
 * docs/glossary.md. The audit log refuses UPDATE and DELETE by trigger: the
 * hash chain (store/audit.c) detects an edit made behind SQLite's back.
 */
#include "store/migrations.h"

#include <stddef.h>

#include "base/banned.h"

static const struct migration migrations[] = {
	{1, "accounts_logins_audit",
	 "CREATE TABLE users ("
	 " id INTEGER PRIMARY KEY,"
	 " username TEXT NOT NULL UNIQUE,"
	 " display_name TEXT NOT NULL,"
	 " password_hash TEXT NOT NULL,"
	 " active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	 " created_at INTEGER NOT NULL);"
	 "CREATE TABLE user_roles ("
	 " user_id INTEGER NOT NULL REFERENCES users (id),"
	 " role TEXT NOT NULL CHECK (role IN"
	 "  ('staff', 'presidium', 'delegate', 'handling_unit', 'auditor')),"
	 " PRIMARY KEY (user_id, role));"
	 "CREATE TABLE logins ("
	 " id INTEGER PRIMARY KEY,"
	 " token_hash TEXT NOT NULL UNIQUE,"
	 " user_id INTEGER NOT NULL REFERENCES users (id),"
	 " kind TEXT NOT NULL CHECK (kind IN ('cookie', 'bearer')),"
	 " csrf_token TEXT NOT NULL,"
	 " created_at INTEGER NOT NULL,"
	 " expires_at INTEGER NOT NULL);"
	 "CREATE INDEX logins_user ON logins (user_id);"
	 "CREATE TABLE audit_log ("
	 " id INTEGER PRIMARY KEY,"
	 " at INTEGER NOT NULL,"
	 " actor TEXT NOT NULL,"
	 " action TEXT NOT NULL,"
	 " subject TEXT NOT NULL,"
	 " detail TEXT NOT NULL,"
	 " prev_hash TEXT NOT NULL,"
	 " hash TEXT NOT NULL);"
	 "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	 " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	 "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	 " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	 "CREATE TABLE settings ("
	 " key TEXT PRIMARY KEY,"
	 " value TEXT NOT NULL);"},
	{0, NULL, NULL},
};

const struct migration *migrations_all(void)
{
	return migrations;
}

int migrations_latest(void)
{
	int v = 0;

	for (const struct migration *m = migrations; m->version; m++)
		v = m->version;
	return v;
}
