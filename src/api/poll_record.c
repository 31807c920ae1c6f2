/*
 * poll_record.c — the printed record of a vote (表决结果): the numbers and
 * the verdict as stored at closing, for the scrutineers to sign; for named
 * votes the list of who voted how. Officers may print it once the vote is
 * closed; everyone once it is released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "base/str.h"
#include "doc/pdf.h"
#include "rules/dates.h"
#include "base/banned.h"

#define RECORD_MAX (16u << 20)

struct record_ctx {
	struct request *req;
	int64_t id;
	struct arena *a;
	struct poll p;
	struct plenary pl;
	struct session s;
	struct pdf_vote_line *lines;
	size_t nlines, cap;
	bool fail;
};

static const char *choice_zh(const char *c)
{
	return strcmp(c, "yes") == 0 ? "赞成" : strcmp(c, "no") == 0 ? "反对" : "弃权";
}

static int add_line(const struct delegate *d, const char *choice, void *arg)
{
	struct record_ctx *c = arg;
	struct pdf_vote_line *l;

	if (c->nlines == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct pdf_vote_line *n = arena_alloc(c->a, sizeof(*n) * cap);

		if (!n) {
			c->fail = true;
			return 1;
		}
		if (c->nlines)
			memcpy(n, c->lines, sizeof(*n) * c->nlines);
		c->lines = n;
		c->cap = cap;
	}
	l = &c->lines[c->nlines++];
	l->name = arena_strdup(c->a, d->name);
	l->delegation = arena_strdup(c->a, d->delegation);
	l->choice = choice_zh(choice);
	c->fail = !l->name || !l->delegation;
	return c->fail;
}

static enum rd_err record_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct record_ctx *c = arg;
	bool officer = c->req->user.roles & (ROLE_STAFF | ROLE_PRESIDIUM);
	enum rd_err rc = poll_get(tx, c->id, &c->p);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such vote");
	if (rc)
		return rc;
	if (!c->p.has_result)
		return rd_fail(err, RD_ECONFLICT, "state", "the vote has not closed");
	if (strcmp(c->p.state, "released") != 0 && !officer)
		return rd_fail(err, RD_ECONFLICT, "state", "the result is not released yet");
	rc = plenary_get(tx, c->p.plenary_id, &c->pl);
	if (!rc)
		rc = session_get(tx, c->pl.session_id, &c->s);
	if (!rc && !c->p.anonymous)
		rc = votes_each(tx, c->id, add_line, c);
	return rc ? rc : c->fail ? RD_ENOMEM : RD_OK;
}

static const char *threshold_zh(enum poll_threshold t)
{
	switch (t) {
	case POLL_TWO_THIRDS_OF_ALL:
		return "全体代表的三分之二以上";
	case POLL_MAJORITY_OF_PRESENT:
		return "出席人员的过半数";
	default:
		return "全体代表的过半数";
	}
}

enum rd_err api_polls_record(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct arena a;
	struct record_ctx c = {.req = req, .id = req_id(req, "id"), .a = &a};
	struct pdf_vote_record r = {0};
	struct buf out;
	char when[64], day[DATES_ZH_LEN], name[64];
	int minute;
	char *bytes;
	size_t n;
	enum rd_err rc;

	arena_init(&a, 64u << 20);
	buf_init(&out, RECORD_MAX);
	rc = store_read(app->store, record_read, &c, &req->err);
	if (rc)
		goto out;
	dates_format_zh(dates_of_instant(c.p.closed_at), day);
	minute = dates_minute_of_instant(c.p.closed_at);
	snprintf(when, sizeof(when), "%s %02d:%02d", day, minute / 60, minute % 60);
	r.congress = c.s.name;
	r.plenary = c.pl.title;
	r.title = c.p.title;
	r.threshold = threshold_zh(c.p.threshold);
	r.closed_at = when;
	r.all = c.p.count.all;
	r.present = c.p.count.present;
	r.yes = c.p.count.yes;
	r.no = c.p.count.no;
	r.abstain = c.p.count.abstain;
	r.not_voted = c.p.count.not_voted;
	r.needed = c.p.needed;
	r.passed = c.p.passed;
	r.lines = c.lines;
	r.nlines = c.nlines;
	rc = pdf_vote_record(&r, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	snprintf(name, sizeof(name), "表决结果-%lld.pdf", (long long)c.id);
	rc = bytes ? res_bytes(res, bytes, n, "application/pdf", name) : RD_ENOMEM;
out:
	buf_release(&out);
	arena_release(&a);
	return rc;
}
