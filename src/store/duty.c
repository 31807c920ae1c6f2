/*
 * duty.c — the duty record's queries and the liaison activities (see
 * duty.h). Portable SQL only: periods are bound as numbers and date strings,
 * never computed with a backend's date functions.
 */
#include <string.h>

#include "store/duty.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

/* Binds the period's milliseconds at i and i + 1. */
static void bind_ms(struct store_stmt *st, int i, const struct duty_period *p)
{
	store_bind_i64(st, i, p->from_ms);
	store_bind_i64(st, i + 1, p->to_ms);
}

enum rd_err duty_plenaries_each(struct store_tx *tx, int64_t term_id, int64_t delegate_id,
				const struct duty_period *p,
				int (*each)(const struct duty_plenary *, void *), void *ctx)
{
	/* A plenary stores no time of its own (scheduled_at is free text), so
	 * it is dated by what happened in it: the first check-in, else the
	 * first vote. A scheduled plenary has not been held and is left out. */
	struct store_stmt *st = store_sql(
		tx,
		"SELECT x.id, x.number, x.held_at, x.title, x.session, x.state FROM ("
		" SELECT p.id AS id, p.number AS number, p.title AS title, s.name AS session,"
		"  COALESCE((SELECT MIN(a.at) FROM attendance a WHERE a.plenary_id = p.id),"
		"   (SELECT MIN(q.opened_at) FROM polls q WHERE q.plenary_id = p.id)) AS held_at,"
		"  COALESCE((SELECT a.state FROM attendance a"
		"   WHERE a.plenary_id = p.id AND a.delegate_id = ?), 'absent') AS state"
		" FROM plenaries p JOIN sessions s ON s.id = p.session_id"
		" WHERE s.term_id = ? AND p.state <> 'scheduled') x"
		" WHERE x.held_at >= ? AND x.held_at < ? ORDER BY x.held_at, x.id");
	struct duty_plenary d;
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	store_bind_i64(st, 2, term_id);
	bind_ms(st, 3, p);
	while ((r = store_step(st)) == STORE_ROW) {
		d.id = store_col_i64(st, 0);
		d.number = store_col_i64(st, 1);
		d.held_at = store_col_i64(st, 2);
		COPY(d.title, st, 3);
		COPY(d.session, st, 4);
		COPY(d.state, st, 5);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_polls_each(struct store_tx *tx, int64_t delegate_id, const struct duty_period *p,
			    int (*each)(const struct duty_poll *, void *), void *ctx)
{
	/* The choice is read only where anyone may read it anyway: a named
	 * poll whose list has been released (GET /api/polls/{id}/votes). */
	struct store_stmt *st = store_sql(
		tx, "SELECT q.id, q.opened_at, q.anonymous, q.title, pl.title,"
		    " CASE WHEN q.anonymous = 0 AND q.state = 'released' THEN v.choice ELSE '' END"
		    " FROM votes v JOIN polls q ON q.id = v.poll_id"
		    " JOIN plenaries pl ON pl.id = q.plenary_id"
		    " WHERE v.delegate_id = ? AND q.opened_at >= ? AND q.opened_at < ?"
		    " ORDER BY q.opened_at, q.id");
	struct duty_poll d;
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	bind_ms(st, 2, p);
	while ((r = store_step(st)) == STORE_ROW) {
		d.id = store_col_i64(st, 0);
		d.opened_at = store_col_i64(st, 1);
		d.anonymous = store_col_i64(st, 2) != 0;
		COPY(d.title, st, 3);
		COPY(d.plenary, st, 4);
		COPY(d.choice, st, 5);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_polls_held(struct store_tx *tx, int64_t term_id, const struct duty_period *p,
			    int64_t *n)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT COUNT(*) FROM polls q JOIN plenaries pl ON pl.id = q.plenary_id"
		    " JOIN sessions s ON s.id = pl.session_id"
		    " WHERE s.term_id = ? AND q.state <> 'draft'"
		    " AND q.opened_at >= ? AND q.opened_at < ?");
	enum rd_err rc;

	store_bind_i64(st, 1, term_id);
	bind_ms(st, 2, p);
	rc = store_one(st);
	if (rc == RD_OK)
		*n = store_col_i64(st, 0);
	return rc;
}

enum rd_err duty_rounds_each(struct store_tx *tx, int64_t delegate_id, const struct duty_period *p,
			     int (*each)(const struct duty_round *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT r.id, r.opened_at, r.kind, e.title, e.office FROM ballot_register b"
		    " JOIN rounds r ON r.id = b.round_id JOIN elections e ON e.id = r.election_id"
		    " WHERE b.delegate_id = ? AND r.state IN ('closed', 'announced')"
		    " AND r.opened_at >= ? AND r.opened_at < ? ORDER BY r.opened_at, r.id");
	struct duty_round d;
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	bind_ms(st, 2, p);
	while ((r = store_step(st)) == STORE_ROW) {
		d.id = store_col_i64(st, 0);
		d.opened_at = store_col_i64(st, 1);
		COPY(d.kind, st, 2);
		COPY(d.election, st, 3);
		COPY(d.office, st, 4);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_suggestions_each(struct store_tx *tx, int64_t delegate_id,
				  const struct duty_period *p,
				  int (*each)(const struct duty_suggestion *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx,
		"SELECT s.id, s.submitted_at, s.title, s.state, s.category, g.role,"
		" COALESCE((SELECT r.category FROM suggestion_replies r"
		"  WHERE r.suggestion_id = s.id ORDER BY r.round DESC, r.id DESC LIMIT 1), ''),"
		" COALESCE((SELECT t.rating FROM suggestion_ratings t WHERE t.suggestion_id = s.id"
		"  AND t.delegate_id = g.delegate_id ORDER BY t.round DESC LIMIT 1), ''),"
		" COALESCE((SELECT u.name FROM handling_units u WHERE u.id = s.lead_unit_id), '')"
		" FROM suggestion_signers g JOIN suggestions s ON s.id = g.suggestion_id"
		" WHERE g.delegate_id = ? AND s.submitted_at >= ? AND s.submitted_at < ?"
		" ORDER BY s.submitted_at, s.id");
	struct duty_suggestion d;
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	bind_ms(st, 2, p);
	while ((r = store_step(st)) == STORE_ROW) {
		d.id = store_col_i64(st, 0);
		d.submitted_at = store_col_i64(st, 1);
		COPY(d.title, st, 2);
		COPY(d.state, st, 3);
		COPY(d.category, st, 4);
		COPY(d.role, st, 5);
		COPY(d.result, st, 6);
		COPY(d.rating, st, 7);
		COPY(d.lead_unit, st, 8);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_opinions_each(struct store_tx *tx, int64_t delegate_id,
			       const struct duty_period *p,
			       int (*each)(const struct duty_opinion *, void *), void *ctx)
{
	/* Never opinion_contacts: the duty record holds no citizen's details. */
	struct store_stmt *st =
		store_sql(tx, "SELECT id, submitted_at, COALESCE(closed_at, 0), code, title, state,"
			      " category FROM opinions"
			      " WHERE delegate_id = ? AND submitted_at >= ? AND submitted_at < ?"
			      " ORDER BY submitted_at, id");
	struct duty_opinion d;
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	bind_ms(st, 2, p);
	while ((r = store_step(st)) == STORE_ROW) {
		d.id = store_col_i64(st, 0);
		d.submitted_at = store_col_i64(st, 1);
		d.closed_at = store_col_i64(st, 2);
		COPY(d.code, st, 3);
		COPY(d.title, st, 4);
		COPY(d.state, st, 5);
		COPY(d.category, st, 6);
		if (each(&d, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_activities_each(struct store_tx *tx, int64_t delegate_id,
				 const struct duty_period *p,
				 int (*each)(const struct duty_activity *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT a.id, a.delegate_id, COALESCE(a.station_id, 0),"
		    " COALESCE(a.opinion_id, 0), a.at, a.kind, a.held_on, a.note,"
		    " COALESCE(st.name, ''), COALESCE(o.code, '') FROM liaison_activities a"
		    " LEFT JOIN liaison_stations st ON st.id = a.station_id"
		    " LEFT JOIN opinions o ON o.id = a.opinion_id"
		    " WHERE a.delegate_id = ? AND a.held_on >= ? AND a.held_on <= ?"
		    " ORDER BY a.held_on DESC, a.id DESC");
	struct duty_activity a;
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	/* Dates compare as strings: "YYYY-MM-DD" sorts as the days do. */
	store_bind_text(st, 2, p ? p->from_day : "0000-00-00");
	store_bind_text(st, 3, p ? p->to_day : "9999-12-31");
	while ((r = store_step(st)) == STORE_ROW) {
		a.id = store_col_i64(st, 0);
		a.delegate_id = store_col_i64(st, 1);
		a.station_id = store_col_i64(st, 2);
		a.opinion_id = store_col_i64(st, 3);
		a.at = store_col_i64(st, 4);
		COPY(a.kind, st, 5);
		COPY(a.held_on, st, 6);
		COPY(a.note, st, 7);
		COPY(a.station, st, 8);
		COPY(a.opinion_code, st, 9);
		if (each(&a, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_activity_add(struct store_tx *tx, struct duty_activity *a)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO liaison_activities (delegate_id, station_id, opinion_id, kind,"
		    " held_on, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, a->delegate_id);
	if (a->station_id)
		store_bind_i64(st, 2, a->station_id);
	else
		store_bind_null(st, 2);
	if (a->opinion_id)
		store_bind_i64(st, 3, a->opinion_id);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, a->kind);
	store_bind_text(st, 5, a->held_on);
	store_bind_text(st, 6, a->note);
	store_bind_i64(st, 7, a->at);
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	a->id = store_last_id(tx);
	return RD_OK;
}

enum rd_err duty_stations_each(struct store_tx *tx, int64_t delegate_id,
			       int (*each)(int64_t id, const char *name, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, "SELECT st.id, st.name FROM station_delegates sd"
					      " JOIN liaison_stations st ON st.id = sd.station_id"
					      " WHERE sd.delegate_id = ? ORDER BY st.name, st.id");
	enum store_step r;

	store_bind_i64(st, 1, delegate_id);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err duty_station_name(struct store_tx *tx, int64_t id, char *out)
{
	struct store_stmt *st = store_sql(tx, "SELECT name FROM liaison_stations WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		store_col_copy(st, 0, out, DUTY_TITLE);
	return rc;
}
