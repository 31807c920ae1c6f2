/*
 * elections_pdf.c — the two printed documents of an election round: the
 * ballot (选票) that staff print for a paper round or for the record, and
 * the announcement (公告) that anyone may download once the round is
 * announced.
 *
 * The announcement PDF is drawn from the stored, signed announcement text
 * (round_announcement) and nothing else that could disagree with it: the
 * ballots, the threshold, the names and votes, the elected, the tie and the
 * unfilled seats are read from the signed JSON, never recomputed, and the
 * signature printed at its foot is the stored one. Only the session's name
 * (for the heading) and the date of the announcement come from the round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/elections.h"
#include "api/floor.h"
#include "base/str.h"
#include "doc/pdf.h"
#include "rules/dates.h"
#include "store/elections.h"
#include "base/banned.h"

#define ELECTION_PDF_MAX (16u << 20)

/*
 * The heading of both documents: the session's name when it names the
 * congress already (示范县第十七届人民代表大会第二次会议), else the congress's
 * name followed by the session's (第二次会议).
 */
static const char *heading(struct arena *a, const char *congress, const char *session)
{
	if (!congress || !*congress || strstr(session, "人民代表大会"))
		return arena_strdup(a, session);
	if (strncmp(session, congress, strlen(congress)) == 0)
		return arena_strdup(a, session);
	return arena_printf(a, "%s%s", congress, session);
}

static const char *round_note(const char *kind)
{
	if (strcmp(kind, "tie_vote") == 0)
		return "再次投票";
	if (strcmp(kind, "re_election") == 0)
		return "另行选举";
	return NULL;
}

/* ---- the ballot ---------------------------------------------------------- */

struct ballot_pdf_ctx {
	int64_t id;
	struct round r;
	struct election e;
	struct session s;
};

static enum rd_err ballot_pdf_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ballot_pdf_ctx *c = arg;
	enum rd_err rc = round_get(tx, c->id, &c->r);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such round");
	if (!rc)
		rc = election_get(tx, c->r.election_id, &c->e);
	if (!rc)
		rc = session_get(tx, c->e.session_id, &c->s);
	return rc;
}

/* Staff and presidium, in any state: the paper ballot is printed before
 * the round opens. */
enum rd_err api_rounds_ballot_pdf(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct ballot_pdf_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *names[ROUND_MAX_NAMES];
	struct pdf_ballot b = {0};
	struct buf out;
	char name[64], *bytes;
	size_t n;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->id = req_id(req, "id");
	buf_init(&out, ELECTION_PDF_MAX);
	rc = store_read(app->store, ballot_pdf_read, c, &req->err);
	if (rc)
		goto out;
	for (size_t i = 0; i < c->r.n_names; i++)
		names[i] = c->r.names[i];
	b.congress = heading(&req->arena, app->congress_name, c->s.name);
	b.title = c->e.title;
	b.note = round_note(c->r.kind);
	b.seats = c->r.seats;
	b.names = names;
	b.n_names = c->r.n_names;
	if (!b.congress) {
		rc = RD_ENOMEM;
		goto out;
	}
	rc = pdf_ballot(&b, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	snprintf(name, sizeof(name), "选票-%lld.pdf", (long long)c->id);
	rc = bytes ? res_bytes(res, bytes, n, "application/pdf", name) : RD_ENOMEM;
out:
	buf_release(&out);
	return rc;
}

/* ---- the announcement ---------------------------------------------------- */

struct ann_pdf_ctx {
	struct arena *a;
	int64_t id;
	char *text, *sig; /* the signed announcement and its signature */
	struct round r;
	struct election e;
	struct session s;
};

static enum rd_err ann_pdf_copy(const char *text, const char *sig, void *arg)
{
	struct ann_pdf_ctx *c = arg;

	c->text = arena_strdup(c->a, text);
	c->sig = arena_strdup(c->a, sig);
	return c->text && c->sig ? RD_OK : RD_ENOMEM;
}

static enum rd_err ann_pdf_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct ann_pdf_ctx *c = arg;
	enum rd_err rc = round_announcement(tx, c->id, ann_pdf_copy, c);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "this round has not been announced");
	if (!rc)
		rc = round_get(tx, c->id, &c->r);
	if (!rc)
		rc = election_get(tx, c->r.election_id, &c->e);
	if (!rc)
		rc = session_get(tx, c->e.session_id, &c->s);
	return rc;
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t jint(json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

/*
 * Fills p from the signed announcement j (its strings stay owned by j);
 * rows and tie names in arena a. RD_EINTERNAL if j is not an announcement.
 */
static enum rd_err ann_fill(json_t *j, struct arena *a, struct pdf_announcement *p)
{
	json_t *dec = json_object_get(j, "decision"), *ballots, *results, *tie, *v;
	struct pdf_announcement_row *rows;
	const char **names;
	size_t i, n;

	if (!json_is_object(dec) || !json_is_array(json_object_get(dec, "results")))
		return RD_EINTERNAL;
	ballots = json_object_get(dec, "ballots");
	results = json_object_get(dec, "results");
	p->title = jstr(j, "election");
	p->kind = jstr(j, "kind");
	p->seats = jint(j, "seats");
	p->public_key = jstr(j, "public_key");
	p->valid = json_is_true(json_object_get(dec, "valid"));
	p->issued = jint(ballots, "issued");
	p->returned = jint(ballots, "returned");
	p->valid_ballots = jint(ballots, "valid");
	p->void_ballots = jint(ballots, "void");
	p->threshold = jint(dec, "threshold");
	p->unfilled = jint(dec, "unfilled");
	n = json_array_size(results);
	rows = arena_alloc(a, sizeof(*rows) * (n ? n : 1));
	if (!rows)
		return RD_ENOMEM;
	json_array_foreach(results, i, v)
	{
		rows[i].name = jstr(v, "name");
		rows[i].votes = jint(v, "votes");
		rows[i].write_in = json_is_true(json_object_get(v, "write_in"));
		rows[i].elected = json_is_true(json_object_get(v, "elected"));
	}
	p->rows = rows;
	p->n_rows = n;
	tie = json_object_get(dec, "tie");
	if (json_is_object(tie)) {
		json_t *list = json_object_get(tie, "names");

		n = json_array_size(list);
		names = arena_alloc(a, sizeof(*names) * (n ? n : 1));
		if (!names)
			return RD_ENOMEM;
		json_array_foreach(list, i, v) names[i] =
			json_string_value(v) ? json_string_value(v) : "";
		p->tie = names;
		p->n_tie = n;
		p->tie_seats = jint(tie, "seats");
	}
	return RD_OK;
}

/* Public once announced; 404 before. */
enum rd_err api_rounds_announcement_pdf(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct ann_pdf_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	struct pdf_announcement p = {0};
	json_t *j = NULL;
	struct buf out;
	char date[DATES_ZH_LEN], name[64], *bytes;
	size_t n;
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->a = &req->arena;
	c->id = req_id(req, "id");
	buf_init(&out, ELECTION_PDF_MAX);
	rc = store_read(app->store, ann_pdf_read, c, &req->err);
	if (rc)
		goto out;
	j = json_loads(c->text, 0, NULL);
	if (!j) {
		rc = req_fail(req, RD_EINTERNAL, "id", "the stored announcement is unreadable");
		goto out;
	}
	rc = ann_fill(j, &req->arena, &p);
	if (rc)
		goto out;
	dates_format_zh(dates_of_instant(c->r.announced_at), date);
	p.congress = heading(&req->arena, jstr(j, "congress"), c->s.name);
	p.date = date;
	p.signature = c->sig;
	if (!p.congress) {
		rc = RD_ENOMEM;
		goto out;
	}
	rc = pdf_announcement(&p, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	snprintf(name, sizeof(name), "选举结果公告-%lld.pdf", (long long)c->id);
	rc = bytes ? res_bytes(res, bytes, n, "application/pdf", name) : RD_ENOMEM;
out:
	json_decref(j);
	buf_release(&out);
	return rc;
}
