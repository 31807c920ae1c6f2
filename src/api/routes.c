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
#define OFFICERS      (ROLE_STAFF | ROLE_PRESIDIUM)
#define DELEGATES     ROLE_DELEGATE

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
	{"skip", FIELD_STRING, false, 1, 1000},
	{NULL},
};

static const struct field_spec term_body[] = {
	{"number", FIELD_INT, true, 1, 1000},
	{"name", FIELD_STRING, true, 1, 128},
	{NULL},
};

static const struct field_spec session_body[] = {
	{"term_id", FIELD_INT, true, 1, INT64_MAX},
	{"number", FIELD_INT, true, 1, 100},
	{"name", FIELD_STRING, true, 1, 128},
	{NULL},
};

static const struct field_spec presidium_body[] = {
	{"delegate_ids", FIELD_ARRAY, true, 0, 256},
	{NULL},
};

static const struct field_spec delegation_body[] = {
	{"name", FIELD_STRING, true, 1, 128},
	{"position", FIELD_INT, false, 0, 100000},
	{NULL},
};

/* Delegates: lengths are checked again, per field, by roster_fill(). */
static const struct field_spec delegate_body[] = {
	{"name", FIELD_STRING, true, 1, 32},
	{"gender", FIELD_STRING, true, 1, 8},
	{"ethnicity", FIELD_STRING, false, 0, 16},
	{"birth_date", FIELD_STRING, false, 0, 10},
	{"party", FIELD_STRING, false, 0, 128},
	{"occupation", FIELD_STRING, false, 0, 256},
	{"delegation_id", FIELD_INT, false, 1, INT64_MAX},
	{"constituency", FIELD_STRING, false, 0, 128},
	{"seat", FIELD_STRING, false, 0, 16},
	{NULL},
};

static const struct field_spec account_body[] = {
	{"username", FIELD_STRING, true, 2, USER_NAME_MAX},
	{"password", FIELD_STRING, true, 8, 256},
	{NULL},
};

static const struct field_spec export_query[] = {
	{"format", FIELD_STRING, false, 1, 8}, /* xlsx (default) or csv */
	{NULL},
};

static const struct field_spec cards_query[] = {
	{"delegation_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec election_body[] = {
	{"title", FIELD_STRING, true, 1, 64},
	{"office", FIELD_STRING, true, 1, 32},
	{"seats", FIELD_INT, true, 1, 1000},
	{"margin_min_extra", FIELD_INT, false, 0, 1000},
	{"margin_max_extra", FIELD_INT, false, 0, 1000},
	{NULL},
};

static const struct field_spec candidate_body[] = {
	{"name", FIELD_STRING, true, 1, 32},
	{"delegate_id", FIELD_INT, false, 1, INT64_MAX},
	{"nominated_by", FIELD_STRING, true, 1, 16},
	{"bio", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec round_body[] = {
	{"plenary_id", FIELD_INT, true, 1, INT64_MAX},
	{"mode", FIELD_STRING, false, 1, 16},
	{NULL},
};

static const struct field_spec next_round_body[] = {
	{"kind", FIELD_STRING, true, 1, 16},
	{"names", FIELD_ARRAY, false, 1, 64},
	{NULL},
};

static const struct field_spec nomination_body[] = {
	{"names", FIELD_ARRAY, true, 1, 16},
	{NULL},
};

static const struct field_spec paper_counts_body[] = {
	{"issued", FIELD_INT, true, 0, 1000000},
	{"returned", FIELD_INT, true, 0, 1000000},
	{NULL},
};

static const struct field_spec paper_entries_body[] = {
	{"ballots", FIELD_ARRAY, true, 1, 1000},
	{NULL},
};

static const struct field_spec paper_totals_body[] = {
	{"void", FIELD_INT, true, 0, 1000000},
	{"votes", FIELD_OBJECT, true, 0, 0},
	{NULL},
};

static const struct field_spec paper_settle_body[] = {
	{"number", FIELD_INT, true, 1, 1000000},
	{"teller", FIELD_INT, true, 1, 2},
	{NULL},
};

static const struct field_spec ballot_body[] = {
	{"yes", FIELD_ARRAY, false, 0, 64},
	{"no", FIELD_ARRAY, false, 0, 64},
	{"write_in", FIELD_ARRAY, false, 0, 64},
	{NULL},
};

static const struct field_spec delegates_query[] = {
	{"status", FIELD_STRING, false, 1, 16},
	{"delegation_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec status_body[] = {
	{"status", FIELD_STRING, true, 1, 16},
	{"date", FIELD_STRING, true, 10, 10},
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec plenary_body[] = {
	{"number", FIELD_INT, true, 1, 1000},
	{"title", FIELD_STRING, true, 1, 128},
	{"scheduled_at", FIELD_STRING, false, 0, 32},
	{NULL},
};

static const struct field_spec current_body[] = {
	{"item_id", FIELD_INT, true, 0, INT64_MAX}, /* 0: none */
	{NULL},
};

static const struct field_spec desk_body[] = {
	{"delegate_id", FIELD_INT, false, 1, INT64_MAX},
	{"seat", FIELD_STRING, false, 1, 16},
	{"card_code", FIELD_STRING, false, 1, 47},
	{NULL},
};

static const struct field_spec attendance_body[] = {
	{"state", FIELD_STRING, true, 1, 16},
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec item_body[] = {
	{"title", FIELD_STRING, true, 1, 128},
	{"position", FIELD_INT, false, 1, 10000},
	{"document_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec item_update_body[] = {
	{"title", FIELD_STRING, false, 1, 128},
	{"position", FIELD_INT, false, 1, 10000},
	{"document_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec document_query[] = {
	{"title", FIELD_STRING, true, 1, 128},
	{NULL},
};

static const struct field_spec poll_body[] = {
	{"title", FIELD_STRING, true, 1, 128},
	{"agenda_item_id", FIELD_INT, false, 1, INT64_MAX},
	{"threshold", FIELD_STRING, false, 1, 32},
	{"anonymous", FIELD_BOOL, false, 0, 0},
	{"press_mode", FIELD_STRING, false, 1, 8},
	{NULL},
};

static const struct field_spec vote_body[] = {
	{"choice", FIELD_STRING, true, 1, 8},
	{NULL},
};

static const struct field_spec unit_body[] = {
	{"name", FIELD_STRING, true, 1, 64},
	{"email", FIELD_STRING, false, 0, 254}, /* where reminders go (renda remind) */
	{"username", FIELD_STRING, false, 2, USER_NAME_MAX},
	{"password", FIELD_STRING, false, 8, 256},
	{NULL},
};

/* The list of suggestions, a page at a time (src/api/suggestions.c). */
static const struct field_spec suggestions_query[] = {
	{"page", FIELD_INT, false, 1, 1000000}, /* from 1 */
	{"per_page", FIELD_INT, false, 1, 200}, /* 50 by default */
	{"state", FIELD_STRING, false, 1, 24},	/* one of the states (rules/suggestion.c) */
	{"overdue", FIELD_BOOL, false, 0, 0},	/* only those due before today */
	{"today", FIELD_STRING, false, 10, 10}, /* YYYY-MM-DD: the caller's today */
	{NULL},
};

static const struct field_spec report_query[] = {
	{"term_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec unit_edit_body[] = {
	{"name", FIELD_STRING, true, 1, 64},
	{"email", FIELD_STRING, true, 0, 254}, /* "" for none */
	{NULL},
};

static const struct field_spec suggestion_body[] = {
	{"title", FIELD_STRING, true, 1, 128},
	{"content", FIELD_STRING, true, 1, 2000},
	{"category", FIELD_STRING, false, 0, 16},
	{NULL},
};

static const struct field_spec assign_body[] = {
	{"lead_unit_id", FIELD_INT, true, 1, INT64_MAX},
	{"assisting_unit_ids", FIELD_ARRAY, false, 0, 16},
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec reason_body[] = {
	{"reason", FIELD_STRING, true, 1, 256},
	{NULL},
};

static const struct field_spec optional_reason_body[] = {
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec decision_body[] = {
	{"approve", FIELD_BOOL, true, 0, 0},
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec reply_body[] = {
	{"category", FIELD_STRING, true, 1, 16},
	{"content", FIELD_STRING, true, 1, 4000},
	{"signed_by", FIELD_STRING, true, 1, 32},
	{NULL},
};

static const struct field_spec rate_body[] = {
	{"rating", FIELD_STRING, true, 1, 24},
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

/* Motions (议案) and interpellations (质询案), issue 6. Grounds and solution
 * are at most 1,000 characters each so that a motion handled as a
 * suggestion fits whole in the suggestion's content. */
static const struct field_spec motions_query[] = {
	{"session_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec motion_body[] = {
	{"session_id", FIELD_INT, true, 1, INT64_MAX},
	{"subject", FIELD_STRING, true, 1, 128},   /* 案由 */
	{"grounds", FIELD_STRING, true, 1, 1000},  /* 案据 */
	{"solution", FIELD_STRING, true, 1, 1000}, /* 方案 */
	{"category", FIELD_STRING, false, 0, 16},
	{NULL},
};

static const struct field_spec motion_decision_body[] = {
	{"decision", FIELD_STRING, true, 1, 16}, /* agenda / refer / suggestion */
	{"reason", FIELD_STRING, false, 0, 256},
	{"committee", FIELD_STRING, false, 1, 64},
	{NULL},
};

static const struct field_spec motion_vote_body[] = {
	{"poll_id", FIELD_INT, false, 1, INT64_MAX},
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec motion_deadline_body[] = {
	{"deadline", FIELD_STRING, true, 16, 16}, /* YYYY-MM-DD HH:MM, Beijing time */
	{NULL},
};

static const struct field_spec interpellation_body[] = {
	{"session_id", FIELD_INT, true, 1, INT64_MAX},
	{"organ_kind", FIELD_STRING, true, 1, 32}, /* government, department, ... */
	{"organ_name", FIELD_STRING, true, 1, 64}, /* 质询对象 */
	{"question", FIELD_STRING, true, 1, 128},  /* 质询的问题 */
	{"content", FIELD_STRING, true, 1, 2000},  /* 质询的内容 */
	{NULL},
};

static const struct field_spec interpellation_forward_body[] = {
	{"mode", FIELD_STRING, true, 1, 16},	 /* oral / written */
	{"meeting", FIELD_STRING, false, 1, 16}, /* oral: presidium / plenary / committee */
	{"reason", FIELD_STRING, false, 0, 256},
	{NULL},
};

static const struct field_spec interpellation_answer_body[] = {
	{"answered_by", FIELD_STRING, true, 1, 64},
	{"answered_on", FIELD_STRING, true, 10, 10},
	{"content", FIELD_STRING, true, 1, 4000},
	{NULL},
};

/* The public channel (社情民意). Lengths in characters; the handlers check
 * the text again (one line, says something, at most two links). */
static const struct field_spec opinion_body[] = {
	{"title", FIELD_STRING, true, 4, 60},
	{"content", FIELD_STRING, true, 10, 2000},
	{"place", FIELD_STRING, true, 1, 40},
	{"category", FIELD_STRING, true, 1, 32},
	{"contact_name", FIELD_STRING, false, 0, 32},
	{"contact_phone", FIELD_STRING, false, 0, 32},
	{"delegate_id", FIELD_INT, false, 1, INT64_MAX},
	{"station_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec opinion_stats_query[] = {
	{"from", FIELD_STRING, false, 10, 10},
	{"to", FIELD_STRING, false, 10, 10},
	{NULL},
};

static const struct field_spec opinions_query[] = {
	{"q", FIELD_STRING, false, 0, 100},
	{"category", FIELD_STRING, false, 1, 32},
	{"place", FIELD_STRING, false, 1, 40},
	{"state", FIELD_STRING, false, 1, 16},
	{"from", FIELD_STRING, false, 10, 10},
	{"to", FIELD_STRING, false, 10, 10},
	{"delegate_id", FIELD_INT, false, 1, INT64_MAX},
	{"station_id", FIELD_INT, false, 1, INT64_MAX},
	{"page", FIELD_INT, false, 1, 10000},
	{"per_page", FIELD_INT, false, 1, 100},
	{NULL},
};

static const struct field_spec opinion_triage_body[] = {
	{"category", FIELD_STRING, true, 1, 32},
	{"place", FIELD_STRING, false, 1, 40},
	{NULL},
};

static const struct field_spec opinion_route_body[] = {
	{"delegate_id", FIELD_INT, false, 1, INT64_MAX},
	{"station_id", FIELD_INT, false, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec opinion_merge_body[] = {
	{"into_id", FIELD_INT, true, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec opinion_reject_body[] = {
	{"reason", FIELD_STRING, true, 2, 500},
	{NULL},
};

static const struct field_spec opinion_record_body[] = {
	{"kind", FIELD_STRING, true, 1, 16},
	{"held_on", FIELD_STRING, true, 10, 10},
	{"note", FIELD_STRING, true, 1, 2000},
	{NULL},
};

static const struct field_spec opinion_suggest_body[] = {
	{"suggestion_id", FIELD_INT, true, 1, INT64_MAX},
	{NULL},
};

static const struct field_spec opinion_answer_body[] = {
	{"answer", FIELD_STRING, true, 2, 2000},
	{NULL},
};

/* One field a line (clang-format would pack these short entries in pairs). */
/* clang-format off */
static const struct field_spec station_body[] = {
	{"name", FIELD_STRING, true, 2, 64},
	{"place", FIELD_STRING, false, 0, 40},
	{"address", FIELD_STRING, false, 0, 128},
	{"reception", FIELD_STRING, false, 0, 128},
	{"phone", FIELD_STRING, false, 0, 16},
	{NULL},
};
/* clang-format on */

static const struct field_spec station_delegates_body[] = {
	{"delegate_ids", FIELD_ARRAY, true, 0, 256},
	{NULL},
};

/* Duty records (履职档案): a calendar year in Asia/Shanghai, default this one. */
static const struct field_spec duty_query[] = {
	{"year", FIELD_INT, false, 2000, 9999},
	{NULL},
};

static const struct field_spec qr_codes_query[] = {
	{"term_id", FIELD_INT, false, 1, INT64_MAX}, /* default: the newest term */
	{NULL},
};

/* A liaison activity: kind, held_on and the note are checked again by the
 * handler (the kinds, a real past day since 2000, a note not blank). */
static const struct field_spec activity_body[] = {
	{"kind", FIELD_STRING, true, 1, 16},
	{"held_on", FIELD_STRING, true, 10, 10},
	{"note", FIELD_STRING, true, 1, 500},
	{"station_id", FIELD_INT, false, 1, INT64_MAX},
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

	/* The floor: terms, sessions, the roll. */
	{"GET", "/api/terms", api_terms_list, ACCESS_ANY_USER, NULL, NULL, "terms (届)"},
	{"POST", "/api/terms", api_terms_create, STAFF, NULL, term_body, "create a term"},
	{"GET", "/api/terms/{id}/delegations", api_delegations_list, ACCESS_ANY_USER, NULL, NULL,
	 "a term's delegations (代表团)"},
	{"POST", "/api/terms/{id}/delegations", api_delegations_create, STAFF, NULL,
	 delegation_body, "create a delegation"},
	{"GET", "/api/terms/{id}/delegates", api_delegates_list, OFFICERS, delegates_query, NULL,
	 "the roll of delegates"},
	{"POST", "/api/terms/{id}/delegates", api_delegates_create, STAFF, NULL, delegate_body,
	 "add a delegate to the roll"},
	{"POST", "/api/terms/{id}/delegates/import", api_delegates_import, STAFF, NULL, NULL,
	 "import the roll from CSV or XLSX (all rows or none)",
	 "text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"GET", "/api/terms/{id}/delegates/export", api_delegates_export, STAFF, export_query, NULL,
	 "the roll as XLSX or CSV"},
	{"GET", "/api/terms/{id}/cards.pdf", api_delegates_cards, STAFF, cards_query, NULL,
	 "delegate cards with their check-in QR codes, to print"},
	{"GET", "/api/delegates/{id}", api_delegates_get, OFFICERS, NULL, NULL, "one delegate"},
	{"PUT", "/api/delegates/{id}", api_delegates_update, STAFF, NULL, delegate_body,
	 "edit a delegate"},
	{"PUT", "/api/delegates/{id}/status", api_delegates_set_status, STAFF, NULL, status_body,
	 "sitting / suspended / terminated, with date and reason"},
	{"POST", "/api/delegates/{id}/account", api_delegates_create_account, STAFF, NULL,
	 account_body, "give a delegate an account (role delegate) to sign in with"},
	{"GET", "/api/sessions", api_sessions_list, ACCESS_ANY_USER, NULL, NULL,
	 "sessions (次会议), newest first"},
	{"POST", "/api/sessions", api_sessions_create, STAFF, NULL, session_body,
	 "create a session"},
	{"GET", "/api/sessions/{id}", api_sessions_get, ACCESS_ANY_USER, NULL, NULL,
	 "a session with its plenaries and presidium"},
	{"PUT", "/api/sessions/{id}/presidium", api_sessions_set_presidium, STAFF, NULL,
	 presidium_body, "set the session's presidium (主席团)"},

	/* Plenaries, attendance, agenda, documents. */
	{"POST", "/api/sessions/{id}/plenaries", api_plenaries_create, STAFF, NULL, plenary_body,
	 "create a plenary (全体会议)"},
	{"GET", "/api/plenaries/{id}", api_plenaries_get, ACCESS_ANY_USER, NULL, NULL,
	 "a plenary with quorum, agenda and votes"},
	{"POST", "/api/plenaries/{id}/open", api_plenaries_open, OFFICERS, NULL, NULL,
	 "open the plenary"},
	{"POST", "/api/plenaries/{id}/close", api_plenaries_close, OFFICERS, NULL, NULL,
	 "close the plenary"},
	{"PUT", "/api/plenaries/{id}/current", api_plenaries_set_current, OFFICERS, NULL,
	 current_body, "put an agenda item on every screen"},
	{"GET", "/api/plenaries/{id}/screen", api_plenaries_screen, ACCESS_ANY_USER, NULL, NULL,
	 "what the big screen shows"},
	{"GET", "/api/plenaries/{id}/attendance", api_attendance_list, OFFICERS, NULL, NULL,
	 "attendance of every delegate, and the quorum"},
	{"POST", "/api/plenaries/{id}/checkin", api_attendance_self, DELEGATES, NULL, NULL,
	 "check in on one's own device"},
	{"POST", "/api/plenaries/{id}/checkin/desk", api_attendance_desk, STAFF, NULL, desk_body,
	 "check a delegate in at the desk (by id, seat or card code)"},
	{"PUT", "/api/plenaries/{id}/attendance/{delegate_id}", api_attendance_set, STAFF, NULL,
	 attendance_body, "record present / absent / excused"},
	{"POST", "/api/plenaries/{id}/agenda", api_agenda_add, STAFF, NULL, item_body,
	 "add an agenda item"},
	{"PUT", "/api/agenda/{id}", api_agenda_update, STAFF, NULL, item_update_body,
	 "edit an agenda item"},
	{"DELETE", "/api/agenda/{id}", api_agenda_delete, STAFF, NULL, NULL,
	 "remove an agenda item"},
	{"POST", "/api/documents", api_documents_upload, STAFF, document_query, NULL,
	 "upload a PDF document", "application/pdf"},
	{"GET", "/api/documents/{id}", api_documents_get, ACCESS_ANY_USER, NULL, NULL,
	 "a document (PDF, inline)"},

	/* Votes. */
	{"POST", "/api/plenaries/{id}/polls", api_polls_create, OFFICERS, NULL, poll_body,
	 "prepare a vote (表决)"},
	{"GET", "/api/polls/{id}", api_polls_get, ACCESS_ANY_USER, NULL, NULL,
	 "a vote: its state, how many voted, the result once released"},
	{"POST", "/api/polls/{id}/open", api_polls_open, OFFICERS, NULL, NULL, "open the vote"},
	{"POST", "/api/polls/{id}/close", api_polls_close, OFFICERS, NULL, NULL,
	 "close the vote and decide it"},
	{"POST", "/api/polls/{id}/release", api_polls_release, OFFICERS, NULL, NULL,
	 "show the result to everyone"},
	{"POST", "/api/polls/{id}/vote", api_polls_vote, DELEGATES, NULL, vote_body,
	 "cast one's vote"},
	{"GET", "/api/polls/{id}/votes", api_polls_votes, ACCESS_ANY_USER, NULL, NULL,
	 "a named vote's list, once released"},
	{"GET", "/api/polls/{id}/record.pdf", api_polls_record, ACCESS_ANY_USER, NULL, NULL,
	 "the record of a vote (表决结果), to sign"},
	{"GET", "/api/me/floor", api_me_floor, DELEGATES, NULL, NULL,
	 "the delegate's device: plenary, check-in, the vote"},

	/* Elections (选举). */
	{"POST", "/api/sessions/{id}/elections", api_elections_create, STAFF, NULL, election_body,
	 "set up an election for an office"},
	{"GET", "/api/sessions/{id}/elections", api_elections_list, ACCESS_ANY_USER, NULL, NULL,
	 "a session's elections"},
	{"GET", "/api/elections/{id}", api_elections_get, ACCESS_ANY_USER, NULL, NULL,
	 "an election: candidates in stroke order, margin check, rounds"},
	{"POST", "/api/elections/{id}/candidates", api_candidates_add, STAFF, NULL, candidate_body,
	 "add a candidate nominated by the presidium or jointly"},
	{"POST", "/api/elections/{id}/rounds", api_rounds_create, OFFICERS, NULL, round_body,
	 "prepare the first round (the ballot in stroke order)"},
	{"GET", "/api/rounds/{id}", api_rounds_get, ACCESS_ANY_USER, NULL, NULL,
	 "a round: how many voted; the decision once closed (officers) or announced"},
	{"POST", "/api/rounds/{id}/open", api_rounds_open, OFFICERS, NULL, NULL, "open voting"},
	{"POST", "/api/rounds/{id}/close", api_rounds_close, OFFICERS, NULL, NULL,
	 "end voting and count"},
	{"POST", "/api/rounds/{id}/announce", api_rounds_announce, OFFICERS, NULL, NULL,
	 "publish the signed announcement (公告)"},
	{"POST", "/api/rounds/{id}/ballot", api_rounds_ballot, DELEGATES, NULL, ballot_body,
	 "cast a secret ballot"},
	{"GET", "/api/rounds/{id}/receipts", api_rounds_receipts, ACCESS_ANY_USER, NULL, NULL,
	 "receipt codes of the ballots counted, sorted"},
	{"GET", "/api/rounds/{id}/announcement", api_rounds_announcement, ACCESS_PUBLIC, NULL, NULL,
	 "the signed announcement"},
	{"POST", "/api/rounds/{id}/next", api_rounds_next, OFFICERS, NULL, next_round_body,
	 "a tie vote or a re-election after this round"},
	{"POST", "/api/elections/{id}/nominations", api_nominations_create, DELEGATES, NULL,
	 nomination_body, "start a joint nomination (联名提名), signed by the caller"},
	{"GET", "/api/elections/{id}/nominations", api_nominations_list, ACCESS_ANY_USER, NULL,
	 NULL, "an election's joint nominations with their signers"},
	{"POST", "/api/nominations/{id}/sign", api_nominations_sign, DELEGATES, NULL, NULL,
	 "confirm a joint nomination on one's own device (once)"},
	{"PUT", "/api/rounds/{id}/paper", api_paper_counts, STAFF, NULL, paper_counts_body,
	 "paper round: the ballots issued and returned"},
	{"GET", "/api/rounds/{id}/paper", api_paper_get, STAFF | ROLE_AUDITOR, NULL, NULL,
	 "paper round: the tellers' entries compared, disagreements, settled readings"},
	{"POST", "/api/rounds/{id}/paper/entries", api_paper_entries, STAFF, NULL,
	 paper_entries_body, "paper round: a teller enters ballots by number"},
	{"PUT", "/api/rounds/{id}/paper/totals", api_paper_totals, STAFF, NULL, paper_totals_body,
	 "paper round: a teller enters the checked totals"},
	{"POST", "/api/rounds/{id}/paper/settle", api_paper_settle, ROLE_AUDITOR, NULL,
	 paper_settle_body, "paper round: the chief scrutineer settles a disagreement"},
	{"GET", "/api/rounds/{id}/ballot.pdf", api_rounds_ballot_pdf, OFFICERS, NULL, NULL,
	 "the printed ballot (选票): candidates in ballot order, 另选他人, the rules"},
	{"GET", "/api/rounds/{id}/announcement.pdf", api_rounds_announcement_pdf, ACCESS_PUBLIC,
	 NULL, NULL, "the announcement (公告) as PDF, from the signed text, with its signature"},
	/* The primary (预选) and direct elections (RULES §7, §9): the bodies are
	 * declared here, beside their routes. */
	{"POST", "/api/elections/{id}/primary", api_primary_create, OFFICERS, NULL,
	 (const struct field_spec[]){{"plenary_id", FIELD_INT, false, 1, INT64_MAX},
				     {"places", FIELD_INT, false, 1, 64},
				     {NULL}},
	 "prepare the next primary (预选): among all nominees, or among those tied"},
	{"GET", "/api/elections/{id}/primary", api_primary_get, ACCESS_ANY_USER, NULL, NULL,
	 "the primary: its rounds, what is needed next, the formal list"},
	{"POST", "/api/elections/{id}/formal-list", api_primary_fix, OFFICERS, NULL, NULL,
	 "fix the formal candidate list in the primary's vote order"},
	{"POST", "/api/direct-elections", api_direct_create, STAFF, NULL,
	 (const struct field_spec[]){{"title", FIELD_STRING, true, 1, 128},
				     {"election_day", FIELD_STRING, false, 0, 32},
				     {"keep_unfilled_vacant", FIELD_BOOL, false, 0, 0},
				     {NULL}},
	 "set up a direct election of county delegates (results tool)"},
	{"GET", "/api/direct-elections", api_direct_list, ACCESS_ANY_USER, NULL, NULL,
	 "direct elections"},
	{"GET", "/api/direct-elections/{id}", api_direct_get, ACCESS_ANY_USER, NULL, NULL,
	 "a direct election: constituencies, rounds, figures and decisions"},
	{"POST", "/api/direct-elections/{id}/constituencies", api_constituencies_create, STAFF,
	 NULL,
	 (const struct field_spec[]){{"name", FIELD_STRING, true, 1, 64},
				     {"voters", FIELD_INT, true, 1, 1000000000},
				     {"seats", FIELD_INT, true, 1, 3},
				     {"candidates", FIELD_ARRAY, true, 1, 64},
				     {NULL}},
	 "add a constituency (选区) with its voters, seats and candidates"},
	{"PUT", "/api/direct-rounds/{id}/figures", api_direct_figures, STAFF, NULL,
	 (const struct field_spec[]){{"ballots_issued", FIELD_INT, true, 0, 1000000000},
				     {"ballots_returned", FIELD_INT, true, 0, 1000000000},
				     {"roving", FIELD_OBJECT, false, 0, 0},
				     {"proxies", FIELD_ARRAY, false, 0, 100000},
				     {"counts", FIELD_OBJECT, true, 0, 0},
				     {NULL}},
	 "record a constituency round's figures; the rules decide"},
	{"POST", "/api/direct-rounds/{id}/next", api_direct_next, STAFF, NULL,
	 (const struct field_spec[]){{"names", FIELD_ARRAY, false, 1, 64}, {NULL}},
	 "the round that follows: again, a tie vote or a re-election"},
	{"POST", "/api/direct-rounds/{id}/announce", api_direct_announce, STAFF, NULL, NULL,
	 "publish the constituency's signed announcement (公告)"},
	{"GET", "/api/direct-rounds/{id}/announcement", api_direct_announcement, ACCESS_PUBLIC,
	 NULL, NULL, "the signed announcement of a constituency round"},
	{"GET", "/api/direct-rounds/{id}/announcement.pdf", api_direct_announcement_pdf,
	 ACCESS_PUBLIC, NULL, NULL, "the announcement of a constituency round as PDF"},
	/* Suggestions (建议、批评和意见). */
	{"GET", "/api/units", api_units_list, ACCESS_ANY_USER, NULL, NULL, "handling units"},
	{"POST", "/api/units", api_units_create, STAFF, NULL, unit_body,
	 "create a handling unit (承办单位), with its account"},
	{"PUT", "/api/units/{id}", api_units_update, STAFF, NULL, unit_edit_body,
	 "rename a handling unit and set its reminder e-mail"},
	{"GET", "/api/suggestions", api_suggestions_list, ACCESS_ANY_USER, suggestions_query, NULL,
	 "suggestions: all (office), a delegate's own, or a unit's, a page at a time"},
	{"POST", "/api/suggestions", api_suggestions_create, DELEGATES, NULL, suggestion_body,
	 "submit a suggestion"},
	{"GET", "/api/suggestions/report", api_suggestions_report, STAFF, report_query, NULL,
	 "the handling report per unit (DL art. 51(3)): on time, overdue, satisfaction"},
	{"GET", "/api/suggestions/report.xlsx", api_suggestions_report_xlsx, STAFF, report_query,
	 NULL, "the handling report as XLSX"},
	{"GET", "/api/suggestions/report.pdf", api_suggestions_report_pdf, STAFF, report_query,
	 NULL, "the handling report as PDF (per unit and per category)"},
	{"GET", "/api/public/suggestions/report", api_public_suggestions_report, ACCESS_PUBLIC,
	 report_query, NULL, "the published handling report: unit names and numbers only"},
	{"GET", "/api/suggestions/{id}", api_suggestions_get, ACCESS_ANY_USER, NULL, NULL,
	 "a suggestion with its units, timeline, replies and ratings"},
	{"POST", "/api/suggestions/{id}/cosign", api_suggestions_cosign, DELEGATES, NULL, NULL,
	 "co-sign a submitted suggestion"},
	{"POST", "/api/suggestions/{id}/assign", api_suggestions_assign, STAFF, NULL, assign_body,
	 "assign to a lead unit and assisting units (交办)"},
	{"POST", "/api/suggestions/{id}/reject", api_suggestions_reject, STAFF, NULL, reason_body,
	 "return as inadmissible, with the reason"},
	{"POST", "/api/suggestions/{id}/return", api_suggestions_return, ROLE_HANDLING_UNIT, NULL,
	 reason_body, "the lead unit asks to return a mis-assigned item"},
	{"POST", "/api/suggestions/{id}/return-decision", api_suggestions_return_decision, STAFF,
	 NULL, decision_body, "the office decides a return request"},
	{"POST", "/api/suggestions/{id}/extension", api_suggestions_extension, ROLE_HANDLING_UNIT,
	 NULL, reason_body, "the lead unit asks for 6 months"},
	{"POST", "/api/suggestions/{id}/extension-decision", api_suggestions_extension_decision,
	 STAFF, NULL, decision_body, "the office decides an extension"},
	{"POST", "/api/suggestions/{id}/reply", api_suggestions_reply, ROLE_HANDLING_UNIT, NULL,
	 reply_body, "the lead unit's reply (答复)"},
	{"POST", "/api/suggestions/{id}/rate", api_suggestions_rate, DELEGATES, NULL, rate_body,
	 "a proposer rates the reply"},
	{"POST", "/api/suggestions/{id}/close", api_suggestions_close, STAFF, NULL,
	 optional_reason_body, "the office closes the item"},
	/* Motions (议案) and interpellations (质询案). */
	{"GET", "/api/motions", api_motions_list, OFFICERS | DELEGATES, motions_query, NULL,
	 "motions: all (presidium, staff), or a delegate's and those open to sign"},
	{"POST", "/api/motions", api_motions_create, DELEGATES, NULL, motion_body,
	 "submit a motion (议案) in a session; co-signers then sign"},
	{"GET", "/api/motions/{id}", api_motions_get, OFFICERS | DELEGATES, NULL, NULL,
	 "a motion with its signers, attachments and timeline"},
	{"POST", "/api/motions/{id}/cosign", api_motions_cosign, DELEGATES, NULL, NULL,
	 "co-sign a motion on one's own device (once)"},
	{"POST", "/api/motions/{id}/lodge", api_motions_lodge, DELEGATES, NULL, NULL,
	 "the proposer lodges it: 10 or more sitting signers (LOL art. 22)"},
	{"POST", "/api/motions/{id}/attachments", api_motions_attach, DELEGATES | STAFF,
	 document_query, NULL, "attach a PDF to a motion", "application/pdf"},
	{"POST", "/api/motions/{id}/decision", api_motions_decide, OFFICERS, NULL,
	 motion_decision_body, "the presidium: on the agenda, to a committee, or as a suggestion"},
	{"POST", "/api/motions/{id}/put-to-vote", api_motions_put_to_vote, OFFICERS, NULL,
	 motion_vote_body, "a motion on the agenda goes to the vote"},
	{"POST", "/api/motions/{id}/withdraw", api_motions_withdraw, DELEGATES, NULL, reason_body,
	 "the proposer withdraws (before lodging) or asks to withdraw"},
	{"POST", "/api/motions/{id}/withdrawal-decision", api_motions_withdrawal_decision, OFFICERS,
	 NULL, decision_body, "the presidium consents to a withdrawal, or not"},
	{"GET", "/api/sessions/{id}/motion-deadline", api_motions_deadline_get, ACCESS_ANY_USER,
	 NULL, NULL, "the deadline for motions in a session"},
	{"PUT", "/api/sessions/{id}/motion-deadline", api_motions_deadline_set, OFFICERS, NULL,
	 motion_deadline_body, "the presidium sets the deadline for motions"},
	{"GET", "/api/interpellations", api_interpellations_list, OFFICERS | DELEGATES,
	 motions_query, NULL, "interpellations: all, or a delegate's and those open to sign"},
	{"POST", "/api/interpellations", api_interpellations_create, DELEGATES, NULL,
	 interpellation_body, "submit an interpellation (质询案) naming the organ"},
	{"GET", "/api/interpellations/{id}", api_interpellations_get, OFFICERS | DELEGATES, NULL,
	 NULL, "an interpellation with its questioners, answers, ratings and timeline"},
	{"POST", "/api/interpellations/{id}/cosign", api_interpellations_cosign, DELEGATES, NULL,
	 NULL, "join an interpellation on one's own device (once)"},
	{"POST", "/api/interpellations/{id}/lodge", api_interpellations_lodge, DELEGATES, NULL,
	 NULL, "the proposer lodges it: 10 or more sitting signers (LOL art. 24)"},
	{"POST", "/api/interpellations/{id}/withdraw", api_interpellations_withdraw, DELEGATES,
	 NULL, reason_body, "the proposer withdraws it before it is forwarded"},
	{"POST", "/api/interpellations/{id}/forward", api_interpellations_forward, OFFICERS, NULL,
	 interpellation_forward_body, "the presidium decides the answer mode and forwards it"},
	{"POST", "/api/interpellations/{id}/answer", api_interpellations_answer, STAFF, NULL,
	 interpellation_answer_body, "record the organ's answer: who, when, what"},
	{"POST", "/api/interpellations/{id}/rate", api_interpellations_rate, DELEGATES, NULL,
	 rate_body, "a questioner: satisfied or dissatisfied (DL art. 20)"},
	{"POST", "/api/interpellations/{id}/close", api_interpellations_close, STAFF, NULL,
	 optional_reason_body, "close an answered interpellation"},
	/* The public channel (社情民意): citizens without an account. */
	{"POST", "/api/public/opinions", api_public_opinions_create, ACCESS_PUBLIC, NULL,
	 opinion_body, "submit an issue; answers its tracking code"},
	{"GET", "/api/public/opinions/categories", api_public_opinions_categories, ACCESS_PUBLIC,
	 NULL, NULL, "the categories of issues"},
	{"GET", "/api/public/opinions/stats", api_public_opinions_stats, ACCESS_PUBLIC,
	 opinion_stats_query, NULL,
	 "the public dashboard: issues by category, place, state, month"},
	{"GET", "/api/public/opinions/{code:str}", api_public_opinions_get, ACCESS_PUBLIC, NULL,
	 NULL, "an issue by its tracking code: state, public timeline, answer (never contact)"},
	{"POST", "/api/public/opinions/{code:str}/photos", api_public_opinions_photo_add,
	 ACCESS_PUBLIC, NULL, NULL, "add a photo within an hour of submitting (at most 3)",
	 "image/jpeg,image/png,image/webp"},
	{"GET", "/api/public/opinions/{code:str}/photos/{n}", api_public_opinions_photo_get,
	 ACCESS_PUBLIC, NULL, NULL, "a photo of an issue"},
	{"GET", "/api/public/stations", api_stations_list, ACCESS_PUBLIC, NULL, NULL,
	 "liaison stations (代表联络站) with their delegates and reception days"},
	/* Staff and delegates. */
	{"GET", "/api/opinions", api_opinions_list, STAFF | DELEGATES, opinions_query, NULL,
	 "search the issues (full text in Chinese, filters); a delegate sees theirs"},
	{"GET", "/api/opinions/{id}", api_opinions_get, STAFF | DELEGATES, NULL, NULL,
	 "an issue with its timeline, activities and (staff, handling delegate) contact"},
	{"GET", "/api/opinions/{id}/similar", api_opinions_similar, STAFF, NULL, NULL,
	 "likely duplicates by text similarity"},
	{"POST", "/api/opinions/{id}/triage", api_opinions_triage, STAFF, NULL, opinion_triage_body,
	 "set the category (and place)"},
	{"POST", "/api/opinions/{id}/route", api_opinions_route, STAFF, NULL, opinion_route_body,
	 "route to a delegate or a liaison station"},
	{"POST", "/api/opinions/{id}/merge", api_opinions_merge, STAFF, NULL, opinion_merge_body,
	 "merge a duplicate into another issue"},
	{"POST", "/api/opinions/{id}/reject", api_opinions_reject, STAFF, NULL, opinion_reject_body,
	 "refuse an inadmissible issue, with the reason"},
	{"POST", "/api/opinions/{id}/take", api_opinions_take, DELEGATES, NULL, NULL,
	 "the delegate takes the issue up"},
	{"POST", "/api/opinions/{id}/activities", api_opinions_record, DELEGATES, NULL,
	 opinion_record_body, "record a contact or visit about the issue"},
	{"POST", "/api/opinions/{id}/suggestion", api_opinions_suggest, DELEGATES, NULL,
	 opinion_suggest_body, "link the suggestion the issue became"},
	{"POST", "/api/opinions/{id}/answer", api_opinions_answer, STAFF | DELEGATES, NULL,
	 opinion_answer_body, "answer the issue and close it"},
	{"GET", "/api/stations", api_stations_list, STAFF | DELEGATES, NULL, NULL,
	 "liaison stations with their delegates"},
	{"POST", "/api/stations", api_stations_create, STAFF, NULL, station_body,
	 "create a liaison station"},
	{"PUT", "/api/stations/{id}", api_stations_update, STAFF, NULL, station_body,
	 "change a liaison station"},
	{"PUT", "/api/stations/{id}/delegates", api_stations_set_delegates, STAFF, NULL,
	 station_delegates_body, "set the delegates of a liaison station"},
	/* Duty records (履职档案), public profiles, 代表码, liaison activities. */
	{"GET", "/api/delegates/{id}/duty", api_duty_get, STAFF | DELEGATES, duty_query, NULL,
	 "a delegate's duty record for a year (the delegate and staff)"},
	{"GET", "/api/delegates/{id}/duty.pdf", api_duty_pdf, STAFF | DELEGATES, duty_query, NULL,
	 "the duty record as PDF"},
	{"GET", "/api/delegates/qr-codes.pdf", api_delegates_qr_codes, STAFF, qr_codes_query, NULL,
	 "every sitting delegate's code (代表码), to print"},
	{"GET", "/api/public/delegates/{id}", api_public_delegate_get, ACCESS_PUBLIC, duty_query,
	 NULL, "a delegate's public profile and the year's counts"},
	{"GET", "/api/public/delegates/{id}/qr.svg", api_public_delegate_qr, ACCESS_PUBLIC, NULL,
	 NULL, "the delegate's code (代表码): a QR code of the public form addressed to them"},
	{"GET", "/api/me/activities", api_me_activities_list, DELEGATES, duty_query, NULL,
	 "the caller's liaison activities (联络活动)"},
	{"POST", "/api/me/activities", api_me_activities_create, DELEGATES, NULL, activity_body,
	 "record a liaison activity"},
};

const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);
