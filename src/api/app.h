/*
 * app.h — the application every handler works in, and helpers the API
 * files share (audit entries, events, role lists).
 *
 * Handlers are named api_<area>_<verb>; the table that maps them to routes
 * and declares their access and parameters is src/api/routes.c.
 */
#ifndef RD_API_APP_H
#define RD_API_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ratelimit.h"
#include "base/secret.h"
#include "events/events.h"
#include "http/request.h"
#include "store/store.h"

struct floor_progress;
struct pg_bridge;

struct app {
	struct store *store;
	struct events *events;
	/* With PostgreSQL: events go through it (events/pg_bridge.h). */
	struct pg_bridge *bridge;
	struct ratelimit *login_by_ip;	     /* attempts per address */
	struct ratelimit *login_by_user;     /* failures per username */
	struct ratelimit *opinion_by_ip;     /* public submissions per address */
	struct ratelimit *opinion_by_device; /* and per device */
	struct ratelimit *opinion_misses;    /* unknown tracking codes per address */
	struct stats_cache *opinion_stats;   /* the public dashboard (opinions_stats.c) */
	char dummy_hash[SECRET_PWHASH_LEN];  /* checked for unknown users: same timing */
	int64_t cookie_ttl_ms;
	int64_t bearer_ttl_ms;
	char congress_name[256];
	struct floor_progress *progress; /* see api/floor.h */
	unsigned char sign_pk[32];	 /* Ed25519: signs announcements (公告) */
	unsigned char sign_sk[64];
};

/* Prepares app around an open store and events. The signing key lives in
 * DATA/signing.key (made on first use, mode 0600; back it up with the data):
 * RD_EIO if it cannot be read or made, RD_ENOMEM. */
enum rd_err app_init(struct app *app, struct store *store, struct events *events,
		     const char *data_dir);
void app_release(struct app *app);

/* Public submissions (社情民意) allowed per hour from one address and from
 * one device: 20 from an address (a liaison station's office submits for
 * many citizens), 5 from a device. `renda serve --public-rate N` sets both
 * to N (benchmarks, a province's shared gateway). RD_ENOMEM. */
#define PUBLIC_PER_ADDRESS 20
#define PUBLIC_PER_DEVICE  5
enum rd_err app_public_limits(struct app *app, unsigned per_address, unsigned per_device);

/* The route table. */
extern const struct route api_routes[];
extern const size_t api_nroutes;

/* Appends an audit entry for req's caller inside tx. detail may be NULL;
 * it is not consumed. */
enum rd_err api_audit(struct store_tx *tx, const struct request *req, const char *action,
		      const char *subject, json_t *detail);

/* Publishes an event after a commit; consumes data. With a bridge the event
 * goes to PostgreSQL and reaches every node's ring (this one's included)
 * from there, in one order. */
void api_publish(struct app *app, const char *type, json_t *data);

/* Roles as a JSON array of names (new reference), and back. */
json_t *api_roles_json(unsigned roles);
enum rd_err api_roles_parse(json_t *array, const char *field, unsigned *out, struct rd_error *err);

/* True if s is a valid username: 2-64 of a-z 0-9 . _ -, starting alnum. */
bool api_username_ok(const char *s);

/* {"id", "username", "display_name", "roles", "active"} (new reference). */
json_t *api_user_json(const struct user *u);

/* Handlers. */
enum rd_err api_health_get(struct request *req, struct response *res);
enum rd_err api_auth_login(struct request *req, struct response *res);
enum rd_err api_auth_logout(struct request *req, struct response *res);
enum rd_err api_auth_me(struct request *req, struct response *res);
enum rd_err api_users_list(struct request *req, struct response *res);
enum rd_err api_users_create(struct request *req, struct response *res);
enum rd_err api_users_set_roles(struct request *req, struct response *res);
enum rd_err api_audit_list(struct request *req, struct response *res);
enum rd_err api_audit_verify(struct request *req, struct response *res);
enum rd_err api_events_stream(struct request *req, struct response *res);

/* The floor (issue 4): terms.c, roster.c, plenary.c, polls.c. */
enum rd_err api_terms_list(struct request *req, struct response *res);
enum rd_err api_terms_create(struct request *req, struct response *res);
enum rd_err api_sessions_list(struct request *req, struct response *res);
enum rd_err api_sessions_create(struct request *req, struct response *res);
enum rd_err api_sessions_get(struct request *req, struct response *res);
enum rd_err api_sessions_set_presidium(struct request *req, struct response *res);
enum rd_err api_delegations_list(struct request *req, struct response *res);
enum rd_err api_delegations_create(struct request *req, struct response *res);
enum rd_err api_delegates_list(struct request *req, struct response *res);
enum rd_err api_delegates_create(struct request *req, struct response *res);
enum rd_err api_delegates_get(struct request *req, struct response *res);
enum rd_err api_delegates_update(struct request *req, struct response *res);
enum rd_err api_delegates_set_status(struct request *req, struct response *res);
enum rd_err api_delegates_create_account(struct request *req, struct response *res);
enum rd_err api_delegates_import(struct request *req, struct response *res);
enum rd_err api_delegates_export(struct request *req, struct response *res);
enum rd_err api_delegates_cards(struct request *req, struct response *res);
enum rd_err api_polls_record(struct request *req, struct response *res);
enum rd_err api_plenaries_create(struct request *req, struct response *res);
enum rd_err api_plenaries_get(struct request *req, struct response *res);
enum rd_err api_plenaries_open(struct request *req, struct response *res);
enum rd_err api_plenaries_close(struct request *req, struct response *res);
enum rd_err api_plenaries_set_current(struct request *req, struct response *res);
enum rd_err api_plenaries_screen(struct request *req, struct response *res);
enum rd_err api_attendance_list(struct request *req, struct response *res);
enum rd_err api_attendance_self(struct request *req, struct response *res);
enum rd_err api_attendance_desk(struct request *req, struct response *res);
enum rd_err api_attendance_set(struct request *req, struct response *res);
enum rd_err api_agenda_add(struct request *req, struct response *res);
enum rd_err api_agenda_update(struct request *req, struct response *res);
enum rd_err api_agenda_delete(struct request *req, struct response *res);
enum rd_err api_documents_upload(struct request *req, struct response *res);
enum rd_err api_documents_get(struct request *req, struct response *res);
enum rd_err api_polls_create(struct request *req, struct response *res);
enum rd_err api_polls_get(struct request *req, struct response *res);
enum rd_err api_polls_open(struct request *req, struct response *res);
enum rd_err api_polls_close(struct request *req, struct response *res);
enum rd_err api_polls_release(struct request *req, struct response *res);
enum rd_err api_polls_vote(struct request *req, struct response *res);
enum rd_err api_polls_votes(struct request *req, struct response *res);
enum rd_err api_me_floor(struct request *req, struct response *res);

/* Suggestions (issue 6): suggestions.c. */
enum rd_err api_units_create(struct request *req, struct response *res);
enum rd_err api_units_list(struct request *req, struct response *res);
enum rd_err api_suggestions_create(struct request *req, struct response *res);
enum rd_err api_suggestions_list(struct request *req, struct response *res);
enum rd_err api_suggestions_get(struct request *req, struct response *res);
enum rd_err api_suggestions_cosign(struct request *req, struct response *res);
enum rd_err api_suggestions_assign(struct request *req, struct response *res);
enum rd_err api_suggestions_reject(struct request *req, struct response *res);
enum rd_err api_suggestions_return(struct request *req, struct response *res);
enum rd_err api_suggestions_return_decision(struct request *req, struct response *res);
enum rd_err api_suggestions_extension(struct request *req, struct response *res);
enum rd_err api_suggestions_extension_decision(struct request *req, struct response *res);
enum rd_err api_suggestions_reply(struct request *req, struct response *res);
enum rd_err api_suggestions_rate(struct request *req, struct response *res);
enum rd_err api_suggestions_close(struct request *req, struct response *res);
/* The handling report (DL art. 51(3)): suggestions_report.c. */
enum rd_err api_suggestions_report(struct request *req, struct response *res);
enum rd_err api_suggestions_report_xlsx(struct request *req, struct response *res);
enum rd_err api_suggestions_report_pdf(struct request *req, struct response *res);
enum rd_err api_units_update(struct request *req, struct response *res);
enum rd_err api_public_suggestions_report(struct request *req, struct response *res);

/* Motions (议案) and interpellations (质询案), issue 6: motions.c,
 * interpellations.c. */
enum rd_err api_motions_list(struct request *req, struct response *res);
enum rd_err api_motions_create(struct request *req, struct response *res);
enum rd_err api_motions_get(struct request *req, struct response *res);
enum rd_err api_motions_cosign(struct request *req, struct response *res);
enum rd_err api_motions_lodge(struct request *req, struct response *res);
enum rd_err api_motions_attach(struct request *req, struct response *res);
enum rd_err api_motions_decide(struct request *req, struct response *res);
enum rd_err api_motions_put_to_vote(struct request *req, struct response *res);
enum rd_err api_motions_withdraw(struct request *req, struct response *res);
enum rd_err api_motions_withdrawal_decision(struct request *req, struct response *res);
enum rd_err api_motions_deadline_get(struct request *req, struct response *res);
enum rd_err api_motions_deadline_set(struct request *req, struct response *res);
enum rd_err api_interpellations_list(struct request *req, struct response *res);
enum rd_err api_interpellations_create(struct request *req, struct response *res);
enum rd_err api_interpellations_get(struct request *req, struct response *res);
enum rd_err api_interpellations_cosign(struct request *req, struct response *res);
enum rd_err api_interpellations_lodge(struct request *req, struct response *res);
enum rd_err api_interpellations_withdraw(struct request *req, struct response *res);
enum rd_err api_interpellations_forward(struct request *req, struct response *res);
enum rd_err api_interpellations_answer(struct request *req, struct response *res);
enum rd_err api_interpellations_rate(struct request *req, struct response *res);
enum rd_err api_interpellations_close(struct request *req, struct response *res);

/* The public channel (issue 7): opinions_public.c (citizens, no login),
 * opinions.c (staff and delegates), stations.c. */
enum rd_err api_public_opinions_create(struct request *req, struct response *res);
enum rd_err api_public_opinions_photo_add(struct request *req, struct response *res);
enum rd_err api_public_opinions_photo_get(struct request *req, struct response *res);
enum rd_err api_public_opinions_get(struct request *req, struct response *res);
enum rd_err api_public_opinions_stats(struct request *req, struct response *res);
enum rd_err api_public_opinions_categories(struct request *req, struct response *res);
enum rd_err api_opinions_list(struct request *req, struct response *res);
enum rd_err api_opinions_get(struct request *req, struct response *res);
enum rd_err api_opinions_similar(struct request *req, struct response *res);
enum rd_err api_opinions_triage(struct request *req, struct response *res);
enum rd_err api_opinions_route(struct request *req, struct response *res);
enum rd_err api_opinions_merge(struct request *req, struct response *res);
enum rd_err api_opinions_reject(struct request *req, struct response *res);
enum rd_err api_opinions_take(struct request *req, struct response *res);
enum rd_err api_opinions_record(struct request *req, struct response *res);
enum rd_err api_opinions_suggest(struct request *req, struct response *res);
enum rd_err api_opinions_answer(struct request *req, struct response *res);
enum rd_err api_stations_list(struct request *req, struct response *res);
enum rd_err api_stations_create(struct request *req, struct response *res);
enum rd_err api_stations_update(struct request *req, struct response *res);
enum rd_err api_stations_set_delegates(struct request *req, struct response *res);

/* Duty records (履职档案), the public profile, 代表码 and liaison activities: duty.c. */
enum rd_err api_duty_get(struct request *req, struct response *res);
enum rd_err api_duty_pdf(struct request *req, struct response *res);
enum rd_err api_public_delegate_get(struct request *req, struct response *res);
enum rd_err api_public_delegate_qr(struct request *req, struct response *res);
enum rd_err api_delegates_qr_codes(struct request *req, struct response *res);
enum rd_err api_me_activities_create(struct request *req, struct response *res);
enum rd_err api_me_activities_list(struct request *req, struct response *res);

/* Elections (issue 5): elections.c. */
enum rd_err api_elections_create(struct request *req, struct response *res);
enum rd_err api_elections_list(struct request *req, struct response *res);
enum rd_err api_elections_get(struct request *req, struct response *res);
enum rd_err api_candidates_add(struct request *req, struct response *res);
enum rd_err api_rounds_create(struct request *req, struct response *res);
enum rd_err api_rounds_get(struct request *req, struct response *res);
enum rd_err api_rounds_open(struct request *req, struct response *res);
enum rd_err api_rounds_close(struct request *req, struct response *res);
enum rd_err api_rounds_announce(struct request *req, struct response *res);
enum rd_err api_rounds_ballot(struct request *req, struct response *res);
enum rd_err api_rounds_receipts(struct request *req, struct response *res);
enum rd_err api_rounds_announcement(struct request *req, struct response *res);
enum rd_err api_rounds_next(struct request *req, struct response *res);
/* Joint nominations: elections_nominations.c. */
enum rd_err api_nominations_create(struct request *req, struct response *res);
enum rd_err api_nominations_list(struct request *req, struct response *res);
enum rd_err api_nominations_sign(struct request *req, struct response *res);
/* Paper rounds: elections_paper.c. */
enum rd_err api_paper_counts(struct request *req, struct response *res);
enum rd_err api_paper_entries(struct request *req, struct response *res);
enum rd_err api_paper_totals(struct request *req, struct response *res);
enum rd_err api_paper_get(struct request *req, struct response *res);
enum rd_err api_paper_settle(struct request *req, struct response *res);
/* The ballot and the announcement as PDF: elections_pdf.c. */
enum rd_err api_rounds_ballot_pdf(struct request *req, struct response *res);
enum rd_err api_rounds_announcement_pdf(struct request *req, struct response *res);
/* The primary (预选): elections_primary.c. */
enum rd_err api_primary_create(struct request *req, struct response *res);
enum rd_err api_primary_get(struct request *req, struct response *res);
enum rd_err api_primary_fix(struct request *req, struct response *res);
/* Direct elections of county delegates (RULES §9): direct.c. */
enum rd_err api_direct_create(struct request *req, struct response *res);
enum rd_err api_direct_list(struct request *req, struct response *res);
enum rd_err api_direct_get(struct request *req, struct response *res);
enum rd_err api_constituencies_create(struct request *req, struct response *res);
enum rd_err api_direct_figures(struct request *req, struct response *res);
enum rd_err api_direct_next(struct request *req, struct response *res);
enum rd_err api_direct_announce(struct request *req, struct response *res);
enum rd_err api_direct_announcement(struct request *req, struct response *res);
enum rd_err api_direct_announcement_pdf(struct request *req, struct response *res);

#endif
