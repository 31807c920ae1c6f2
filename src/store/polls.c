/*
 * polls.c — polls and votes (see floor.h). One vote per delegate and poll is
 * the table's primary key: the store, not the page, enforces it.
 */
#include <string.h>

#include "base/str.h"
#include "store/floor.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

enum rd_err poll_create(struct store_tx *tx, struct poll *p)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO polls (plenary_id, agenda_item_id, title, threshold, anonymous,"
		    " press_mode) VALUES (?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, p->plenary_id);
	if (p->agenda_item_id)
		store_bind_i64(st, 2, p->agenda_item_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, p->title);
	store_bind_text(st, 4, poll_threshold_name(p->threshold));
	store_bind_i64(st, 5, p->anonymous);
	store_bind_text(st, 6, p->last_press ? "last" : "first");
	if (store_exec(st))
		return store_tx_error(tx, NULL);
	p->id = store_last_id(tx);
	str_copy(p->state, sizeof(p->state), "draft");
	return RD_OK;
}

#define POLL_COLS                                                                                  \
	"SELECT id, plenary_id, COALESCE(agenda_item_id, 0), title, threshold, anonymous,"         \
	" press_mode, state, COALESCE(opened_at, 0), COALESCE(closed_at, 0),"                      \
	" COALESCE(released_at, 0), all_count IS NOT NULL, COALESCE(all_count, 0),"                \
	" COALESCE(present, 0), COALESCE(yes, 0), COALESCE(no, 0), COALESCE(abstain, 0),"          \
	" COALESCE(not_voted, 0), COALESCE(needed, 0), COALESCE(passed, 0) FROM polls"

static void read_poll(struct store_stmt *st, struct poll *p)
{
	char threshold[32], mode[8];

	memset(p, 0, sizeof(*p));
	p->id = store_col_i64(st, 0);
	p->plenary_id = store_col_i64(st, 1);
	p->agenda_item_id = store_col_i64(st, 2);
	COPY(p->title, st, 3);
	COPY(threshold, st, 4);
	if (poll_threshold_parse(threshold, &p->threshold, NULL))
		p->threshold = POLL_MAJORITY_OF_ALL;
	p->anonymous = store_col_i64(st, 5) != 0;
	COPY(mode, st, 6);
	p->last_press = strcmp(mode, "last") == 0;
	COPY(p->state, st, 7);
	p->opened_at = store_col_i64(st, 8);
	p->closed_at = store_col_i64(st, 9);
	p->released_at = store_col_i64(st, 10);
	p->has_result = store_col_i64(st, 11) != 0;
	p->count.all = store_col_i64(st, 12);
	p->count.present = store_col_i64(st, 13);
	p->count.yes = store_col_i64(st, 14);
	p->count.no = store_col_i64(st, 15);
	p->count.abstain = store_col_i64(st, 16);
	p->count.not_voted = store_col_i64(st, 17);
	p->needed = store_col_i64(st, 18);
	p->passed = store_col_i64(st, 19) != 0;
}

enum rd_err poll_get(struct store_tx *tx, int64_t id, struct poll *out)
{
	struct store_stmt *st = store_sql(tx, POLL_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_poll(st, out);
	return rc;
}

enum rd_err polls_each(struct store_tx *tx, int64_t plenary_id,
		       int (*each)(const struct poll *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, POLL_COLS " WHERE plenary_id = ? ORDER BY id");
	enum store_step r;
	struct poll p;

	store_bind_i64(st, 1, plenary_id);
	while ((r = store_step(st)) == STORE_ROW) {
		read_poll(st, &p);
		if (each(&p, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err poll_transition(struct store_tx *tx, int64_t id, const char *from, const char *to,
			    int64_t at)
{
	static const struct {
		const char *state, *sql;
	} stamp[] = {
		{"open",
		 "UPDATE polls SET state = 'open', opened_at = ? WHERE id = ? AND state = ?"},
		{"closed",
		 "UPDATE polls SET state = 'closed', closed_at = ? WHERE id = ? AND state = ?"},
		{"released",
		 "UPDATE polls SET state = 'released', released_at = ? WHERE id = ? AND state = ?"},
	};
	struct store_stmt *st = NULL;

	for (size_t i = 0; i < sizeof(stamp) / sizeof(stamp[0]); i++)
		if (strcmp(stamp[i].state, to) == 0)
			st = store_sql(tx, stamp[i].sql);
	if (!st)
		return RD_EINTERNAL;
	store_bind_i64(st, 1, at);
	store_bind_i64(st, 2, id);
	store_bind_text(st, 3, from);
	return store_exec_changed(st);
}

enum rd_err poll_open_in(struct store_tx *tx, int64_t plenary_id, int64_t *poll_id)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT id FROM polls WHERE plenary_id = ? AND state = 'open' LIMIT 1");
	enum rd_err rc;

	store_bind_i64(st, 1, plenary_id);
	rc = store_one(st);
	*poll_id = rc == RD_OK ? store_col_i64(st, 0) : 0;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err poll_store_result(struct store_tx *tx, int64_t id, const struct poll_count *c,
			      int64_t needed, bool passed)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE polls SET all_count = ?, present = ?, yes = ?, no = ?, abstain = ?,"
		    " not_voted = ?, needed = ?, passed = ? WHERE id = ?");

	store_bind_i64(st, 1, c->all);
	store_bind_i64(st, 2, c->present);
	store_bind_i64(st, 3, c->yes);
	store_bind_i64(st, 4, c->no);
	store_bind_i64(st, 5, c->abstain);
	store_bind_i64(st, 6, c->not_voted);
	store_bind_i64(st, 7, needed);
	store_bind_i64(st, 8, passed);
	store_bind_i64(st, 9, id);
	return store_exec(st);
}

enum rd_err vote_insert(struct store_tx *tx, int64_t poll_id, int64_t delegate_id,
			const char *choice, int64_t at)
{
	/* DO NOTHING on the primary key: a second vote is an answer (the caller
	 * looks at the first), not an error that would spoil the transaction. */
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO votes (poll_id, delegate_id, choice, cast_at) VALUES (?, ?, ?, ?)"
		    " ON CONFLICT (poll_id, delegate_id) DO NOTHING");

	store_bind_i64(st, 1, poll_id);
	store_bind_i64(st, 2, delegate_id);
	store_bind_text(st, 3, choice);
	store_bind_i64(st, 4, at);
	return store_exec_changed(st);
}

enum rd_err vote_replace(struct store_tx *tx, int64_t poll_id, int64_t delegate_id,
			 const char *choice, int64_t at)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO votes (poll_id, delegate_id, choice, cast_at) VALUES (?, ?, ?, ?)"
		    " ON CONFLICT (poll_id, delegate_id) DO UPDATE SET choice = excluded.choice,"
		    " cast_at = excluded.cast_at");

	store_bind_i64(st, 1, poll_id);
	store_bind_i64(st, 2, delegate_id);
	store_bind_text(st, 3, choice);
	store_bind_i64(st, 4, at);
	return store_exec(st);
}

enum rd_err vote_get(struct store_tx *tx, int64_t poll_id, int64_t delegate_id, char *choice)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT choice FROM votes WHERE poll_id = ? AND delegate_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, poll_id);
	store_bind_i64(st, 2, delegate_id);
	rc = store_one(st);
	if (rc == RD_OK)
		store_col_copy(st, 0, choice, 8);
	return rc;
}

enum rd_err votes_count(struct store_tx *tx, int64_t poll_id, int64_t *yes, int64_t *no,
			int64_t *abstain)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT COUNT(CASE WHEN choice = 'yes' THEN 1 END),"
		    " COUNT(CASE WHEN choice = 'no' THEN 1 END),"
		    " COUNT(CASE WHEN choice = 'abstain' THEN 1 END) FROM votes WHERE poll_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, poll_id);
	rc = store_one(st);
	if (rc)
		return rc;
	*yes = store_col_i64(st, 0);
	*no = store_col_i64(st, 1);
	*abstain = store_col_i64(st, 2);
	return RD_OK;
}

enum rd_err votes_each(struct store_tx *tx, int64_t poll_id,
		       int (*each)(const struct delegate *, const char *choice, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT d.id, d.name, COALESCE(d.seat, ''), COALESCE(g.name, ''), v.choice"
		    " FROM votes v JOIN delegates d ON d.id = v.delegate_id"
		    " LEFT JOIN delegations g ON g.id = d.delegation_id"
		    " WHERE v.poll_id = ? ORDER BY COALESCE(g.position, 1000000), g.id, d.id");
	enum store_step r;
	struct delegate d;
	char choice[8];

	store_bind_i64(st, 1, poll_id);
	while ((r = store_step(st)) == STORE_ROW) {
		memset(&d, 0, sizeof(d));
		d.id = store_col_i64(st, 0);
		COPY(d.name, st, 1);
		COPY(d.seat, st, 2);
		COPY(d.delegation, st, 3);
		COPY(choice, st, 4);
		if (each(&d, choice, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}
