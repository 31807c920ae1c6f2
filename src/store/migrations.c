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
	{2, "floor",
	 /* 届, 次会议 and the roll of delegates of a term. */
	 "CREATE TABLE terms ("
	 " id INTEGER PRIMARY KEY,"
	 " number INTEGER NOT NULL UNIQUE CHECK (number > 0),"
	 " name TEXT NOT NULL);"
	 "CREATE TABLE sessions ("
	 " id INTEGER PRIMARY KEY,"
	 " term_id INTEGER NOT NULL REFERENCES terms (id),"
	 " number INTEGER NOT NULL CHECK (number > 0),"
	 " name TEXT NOT NULL,"
	 " UNIQUE (term_id, number));"
	 "CREATE TABLE delegations ("
	 " id INTEGER PRIMARY KEY,"
	 " term_id INTEGER NOT NULL REFERENCES terms (id),"
	 " name TEXT NOT NULL,"
	 " position INTEGER NOT NULL DEFAULT 0,"
	 " UNIQUE (term_id, name));"
	 "CREATE TABLE delegates ("
	 " id INTEGER PRIMARY KEY,"
	 " term_id INTEGER NOT NULL REFERENCES terms (id),"
	 " name TEXT NOT NULL,"
	 " gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),"
	 " ethnicity TEXT NOT NULL DEFAULT '',"
	 " birth_date TEXT NOT NULL DEFAULT '',"
	 " party TEXT NOT NULL DEFAULT '',"
	 " occupation TEXT NOT NULL DEFAULT '',"
	 " delegation_id INTEGER REFERENCES delegations (id),"
	 " constituency TEXT NOT NULL DEFAULT '',"
	 " seat TEXT,"
	 " status TEXT NOT NULL DEFAULT 'sitting'"
	 "  CHECK (status IN ('sitting', 'suspended', 'terminated')),"
	 " status_date TEXT NOT NULL DEFAULT '',"
	 " status_reason TEXT NOT NULL DEFAULT '',"
	 " user_id INTEGER UNIQUE REFERENCES users (id),"
	 " card_code TEXT NOT NULL UNIQUE,"
	 " UNIQUE (term_id, seat));"
	 "CREATE INDEX delegates_term ON delegates (term_id, status);"
	 "CREATE TABLE presidium_members ("
	 " session_id INTEGER NOT NULL REFERENCES sessions (id),"
	 " delegate_id INTEGER NOT NULL REFERENCES delegates (id),"
	 " PRIMARY KEY (session_id, delegate_id));"
	 /* 全体会议, attendance, agenda, documents. */
	 "CREATE TABLE plenaries ("
	 " id INTEGER PRIMARY KEY,"
	 " session_id INTEGER NOT NULL REFERENCES sessions (id),"
	 " number INTEGER NOT NULL CHECK (number > 0),"
	 " title TEXT NOT NULL,"
	 " scheduled_at TEXT NOT NULL DEFAULT '',"
	 " state TEXT NOT NULL DEFAULT 'scheduled'"
	 "  CHECK (state IN ('scheduled', 'open', 'closed')),"
	 " current_item_id INTEGER,"
	 " UNIQUE (session_id, number));"
	 "CREATE TABLE attendance ("
	 " plenary_id INTEGER NOT NULL REFERENCES plenaries (id),"
	 " delegate_id INTEGER NOT NULL REFERENCES delegates (id),"
	 " state TEXT NOT NULL CHECK (state IN ('present', 'absent', 'excused')),"
	 " reason TEXT NOT NULL DEFAULT '',"
	 " method TEXT NOT NULL DEFAULT '',"
	 " at INTEGER NOT NULL,"
	 " PRIMARY KEY (plenary_id, delegate_id));"
	 "CREATE TABLE documents ("
	 " id INTEGER PRIMARY KEY,"
	 " title TEXT NOT NULL,"
	 " content_type TEXT NOT NULL,"
	 " size INTEGER NOT NULL,"
	 " hash TEXT NOT NULL," /* BLAKE2b-256, hex */
	 " data BLOB NOT NULL,"
	 " uploaded_at INTEGER NOT NULL);"
	 "CREATE TABLE agenda_items ("
	 " id INTEGER PRIMARY KEY,"
	 " plenary_id INTEGER NOT NULL REFERENCES plenaries (id),"
	 " position INTEGER NOT NULL,"
	 " title TEXT NOT NULL,"
	 " document_id INTEGER REFERENCES documents (id));"
	 "CREATE INDEX agenda_plenary ON agenda_items (plenary_id, position);"
	 /* 表决: a poll and its votes. One row per delegate and poll: the
	  * primary key is what makes a double submission count once. */
	 "CREATE TABLE polls ("
	 " id INTEGER PRIMARY KEY,"
	 " plenary_id INTEGER NOT NULL REFERENCES plenaries (id),"
	 " agenda_item_id INTEGER REFERENCES agenda_items (id),"
	 " title TEXT NOT NULL,"
	 " threshold TEXT NOT NULL DEFAULT 'majority_of_all',"
	 " anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),"
	 " press_mode TEXT NOT NULL DEFAULT 'first' CHECK (press_mode IN ('first', 'last')),"
	 " state TEXT NOT NULL DEFAULT 'draft'"
	 "  CHECK (state IN ('draft', 'open', 'closed', 'released')),"
	 " opened_at INTEGER, closed_at INTEGER, released_at INTEGER,"
	 " all_count INTEGER, present INTEGER, yes INTEGER, no INTEGER, abstain INTEGER,"
	 " not_voted INTEGER, needed INTEGER, passed INTEGER);"
	 "CREATE INDEX polls_plenary ON polls (plenary_id);"
	 "CREATE TABLE votes ("
	 " poll_id INTEGER NOT NULL REFERENCES polls (id),"
	 " delegate_id INTEGER NOT NULL REFERENCES delegates (id),"
	 " choice TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),"
	 " cast_at INTEGER NOT NULL,"
	 " PRIMARY KEY (poll_id, delegate_id));"},
	{3, "elections",
	 /* 选举: an election per office, its candidates and its rounds. */
	 "CREATE TABLE elections ("
	 " id INTEGER PRIMARY KEY,"
	 " session_id INTEGER NOT NULL REFERENCES sessions (id),"
	 " title TEXT NOT NULL,"
	 " office TEXT NOT NULL,"
	 " seats INTEGER NOT NULL CHECK (seats > 0),"
	 " margin_min INTEGER NOT NULL CHECK (margin_min >= 0),"
	 " margin_max INTEGER NOT NULL CHECK (margin_max >= margin_min),"
	 " created_at INTEGER NOT NULL);"
	 "CREATE TABLE candidates ("
	 " id INTEGER PRIMARY KEY,"
	 " election_id INTEGER NOT NULL REFERENCES elections (id),"
	 " name TEXT NOT NULL,"
	 " delegate_id INTEGER REFERENCES delegates (id),"
	 " nominated_by TEXT NOT NULL CHECK (nominated_by IN ('presidium', 'joint')),"
	 " bio TEXT NOT NULL DEFAULT '',"
	 " UNIQUE (election_id, name));"
	 "CREATE TABLE rounds ("
	 " id INTEGER PRIMARY KEY,"
	 " election_id INTEGER NOT NULL REFERENCES elections (id),"
	 " plenary_id INTEGER NOT NULL REFERENCES plenaries (id),"
	 " parent_id INTEGER REFERENCES rounds (id),"
	 " kind TEXT NOT NULL CHECK (kind IN ('first', 're_election', 'tie_vote')),"
	 " seats INTEGER NOT NULL CHECK (seats > 0),"
	 " state TEXT NOT NULL DEFAULT 'draft'"
	 "  CHECK (state IN ('draft', 'open', 'closed', 'announced')),"
	 " electorate INTEGER, issued INTEGER, returned INTEGER,"
	 " decision TEXT, announcement TEXT, signature TEXT,"
	 " opened_at INTEGER, closed_at INTEGER, announced_at INTEGER);"
	 "CREATE TABLE round_candidates ("
	 " round_id INTEGER NOT NULL REFERENCES rounds (id),"
	 " position INTEGER NOT NULL,"
	 " name TEXT NOT NULL,"
	 " PRIMARY KEY (round_id, position)) WITHOUT ROWID;"
	 /* Secret ballots (DESIGN.md invariant 3). Who has voted and what was
	  * voted live in two tables with nothing in common but the round: no
	  * voter column, no time column, no row ids. The register is ordered by
	  * delegate, the ballots by a random key, so neither keeps the order in
	  * which ballots were cast. */
	 "CREATE TABLE ballot_register ("
	 " round_id INTEGER NOT NULL REFERENCES rounds (id),"
	 " delegate_id INTEGER NOT NULL REFERENCES delegates (id),"
	 " PRIMARY KEY (round_id, delegate_id)) WITHOUT ROWID;"
	 "CREATE TABLE ballots ("
	 " round_id INTEGER NOT NULL REFERENCES rounds (id),"
	 " token BLOB NOT NULL,"
	 " receipt TEXT NOT NULL,"
	 " content TEXT NOT NULL,"
	 " PRIMARY KEY (round_id, token)) WITHOUT ROWID;"},
	{4, "elections_nominations_paper",
	 /* 联名提名: a nomination started by one delegate and confirmed by
	  * others, each on their own device; submitted at 10 signers. */
	 "CREATE TABLE nominations ("
	 " id INTEGER PRIMARY KEY,"
	 " election_id INTEGER NOT NULL REFERENCES elections (id),"
	 " started_by INTEGER NOT NULL REFERENCES delegates (id),"
	 " state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted')),"
	 " created_at INTEGER NOT NULL,"
	 " submitted_at INTEGER);"
	 "CREATE INDEX nominations_election ON nominations (election_id);"
	 "CREATE TABLE nomination_names ("
	 " nomination_id INTEGER NOT NULL REFERENCES nominations (id),"
	 " position INTEGER NOT NULL,"
	 " name TEXT NOT NULL,"
	 " PRIMARY KEY (nomination_id, position)) WITHOUT ROWID;"
	 "CREATE TABLE nomination_signers ("
	 " nomination_id INTEGER NOT NULL REFERENCES nominations (id),"
	 " delegate_id INTEGER NOT NULL REFERENCES delegates (id),"
	 " signed_at INTEGER NOT NULL,"
	 " PRIMARY KEY (nomination_id, delegate_id)) WITHOUT ROWID;"
	 /* Paper rounds (纸质选票): ballots issued and returned as counted by
	  * staff; two tellers (计票人, staff accounts) each enter every ballot
	  * by its number; the chief scrutineer (总监票人) settles the ballots
	  * they read differently; or each teller enters the checked totals.
	  * Paper ballots are anonymous: no entry names a voter. */
	 "ALTER TABLE rounds ADD COLUMN mode TEXT NOT NULL DEFAULT 'electronic'"
	 " CHECK (mode IN ('electronic', 'paper'));"
	 "ALTER TABLE rounds ADD COLUMN paper_issued INTEGER;"
	 "ALTER TABLE rounds ADD COLUMN paper_returned INTEGER;"
	 "ALTER TABLE rounds ADD COLUMN teller1 INTEGER REFERENCES users (id);"
	 "ALTER TABLE rounds ADD COLUMN teller2 INTEGER REFERENCES users (id);"
	 "CREATE TABLE paper_entries ("
	 " round_id INTEGER NOT NULL REFERENCES rounds (id),"
	 " teller INTEGER NOT NULL CHECK (teller IN (1, 2)),"
	 " number INTEGER NOT NULL CHECK (number > 0),"
	 " content TEXT NOT NULL,"
	 " PRIMARY KEY (round_id, teller, number)) WITHOUT ROWID;"
	 "CREATE TABLE paper_settled ("
	 " round_id INTEGER NOT NULL REFERENCES rounds (id),"
	 " number INTEGER NOT NULL CHECK (number > 0),"
	 " content TEXT NOT NULL,"
	 " settled_by INTEGER NOT NULL REFERENCES users (id),"
	 " PRIMARY KEY (round_id, number)) WITHOUT ROWID;"
	 "CREATE TABLE paper_totals ("
	 " round_id INTEGER NOT NULL REFERENCES rounds (id),"
	 " teller INTEGER NOT NULL CHECK (teller IN (1, 2)),"
	 " content TEXT NOT NULL,"
	 " PRIMARY KEY (round_id, teller)) WITHOUT ROWID;"},
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
