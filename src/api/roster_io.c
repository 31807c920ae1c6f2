/*
 * roster_io.c — the roll in and out of files: import from CSV (UTF-8 with or
 * without BOM, or GB18030 as Excel on Chinese Windows writes it) or XLSX;
 * export to XLSX or CSV; delegate cards as a PDF to print.
 *
 * An import is all or nothing: every row is checked first and every bad row
 * is reported by its line and field; only a file without errors is written,
 * in one transaction. The first row is a header; columns are found by name,
 * in Chinese or English (姓名/name, 性别/gender, …), in any order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/floor.h"
#include "api/roster.h"
#include "base/str.h"
#include "doc/csv.h"
#include "doc/pdf.h"
#include "doc/xlsx.h"
#include "base/banned.h"

#define IMPORT_ARENA   (256u << 20)
#define EXPORT_MAX     (64u << 20)
#define MAX_ROW_ERRORS 200

enum column {
	COL_NAME,
	COL_GENDER,
	COL_ETHNICITY,
	COL_BIRTH,
	COL_PARTY,
	COL_OCCUPATION,
	COL_DELEGATION,
	COL_CONSTITUENCY,
	COL_SEAT,
	COL_STATUS,
	N_COLUMNS
};

/* Header names: the first is what the export writes. */
static const char *const headers[N_COLUMNS][4] = {
	[COL_NAME] = {"姓名", "name", NULL},
	[COL_GENDER] = {"性别", "gender", NULL},
	[COL_ETHNICITY] = {"民族", "ethnicity", NULL},
	[COL_BIRTH] = {"出生日期", "birth_date", "出生年月", NULL},
	[COL_PARTY] = {"党派", "party", "政治面貌", NULL},
	[COL_OCCUPATION] = {"工作单位及职务", "occupation", "职业", NULL},
	[COL_DELEGATION] = {"代表团", "delegation", NULL},
	[COL_CONSTITUENCY] = {"选区", "constituency", NULL},
	[COL_SEAT] = {"座位号", "seat", NULL},
	[COL_STATUS] = {"状态", "status", NULL},
};

static const char *cell(const struct table_row *r, const int *map, enum column c)
{
	int i = map[c];

	return i >= 0 && (size_t)i < r->ncells ? r->cells[i] : "";
}

struct import_ctx {
	struct request *req;
	int64_t term_id;
	const struct table *t;
	int map[N_COLUMNS];
	json_t *errors; /* [{line, field, message}] */
	int64_t imported;
	int64_t delegations_made;
};

static void row_error(struct import_ctx *c, size_t line, const char *field, const char *msg)
{
	if (json_array_size(c->errors) < MAX_ROW_ERRORS)
		json_array_append_new(c->errors,
				      json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line,
						"field", field, "message", msg));
}

/* Checks every row; on the second pass (write) also stores them. */
static enum rd_err import_rows(struct store_tx *tx, struct import_ctx *c, bool write)
{
	struct delegate *d = calloc(1, sizeof(*d));
	struct delegate other;
	enum rd_err rc = RD_OK;

	if (!d)
		return RD_ENOMEM;
	for (size_t i = 1; i < c->t->nrows; i++) {
		const struct table_row *r = &c->t->rows[i];
		struct roster_input in = {
			.name = cell(r, c->map, COL_NAME),
			.gender = cell(r, c->map, COL_GENDER),
			.ethnicity = cell(r, c->map, COL_ETHNICITY),
			.birth_date = cell(r, c->map, COL_BIRTH),
			.party = cell(r, c->map, COL_PARTY),
			.occupation = cell(r, c->map, COL_OCCUPATION),
			.constituency = cell(r, c->map, COL_CONSTITUENCY),
			.seat = cell(r, c->map, COL_SEAT),
		};
		const char *dname = cell(r, c->map, COL_DELEGATION);
		struct rd_error e = {0};

		memset(d, 0, sizeof(*d));
		d->term_id = c->term_id;
		if (roster_fill(&in, d, &e)) {
			row_error(c, r->line, e.field, e.message);
			continue;
		}
		/* The same seat twice in the file, or taken in the roll already. */
		for (size_t k = 1; d->seat[0] && k < i; k++)
			if (strcmp(cell(&c->t->rows[k], c->map, COL_SEAT), d->seat) == 0) {
				row_error(c, r->line, "seat", "this seat is in the file twice");
				goto next;
			}
		if (d->seat[0]) {
			rc = delegate_by_seat(tx, c->term_id, d->seat, &other);
			if (rc == RD_OK) {
				row_error(c, r->line, "seat", "this seat is taken in the roll");
				continue;
			}
			if (rc != RD_ENOTFOUND)
				goto out;
			rc = RD_OK;
		}
		if (dname[0] && str_utf8_len(dname, strlen(dname)) > 128) {
			row_error(c, r->line, "delegation", "the delegation's name is too long");
			continue;
		}
		if (!write)
			continue;
		if (dname[0]) {
			rc = delegation_find(tx, c->term_id, dname, &d->delegation_id);
			if (rc == RD_ENOTFOUND) {
				rc = delegation_create(tx, c->term_id, dname,
						       1000 + c->delegations_made,
						       &d->delegation_id);
				c->delegations_made++;
			}
			if (rc)
				goto out;
		}
		floor_card_code(d->card_code);
		rc = delegate_create(tx, d);
		if (rc)
			goto out;
		c->imported++;
	next:;
	}
out:
	free(d);
	return rc;
}

static enum rd_err import_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct import_ctx *c = arg;
	struct term t;
	char subject[32];
	json_t *detail;
	enum rd_err rc = term_get(tx, c->term_id, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such term");
	if (rc)
		return rc;
	rc = import_rows(tx, c, false);
	if (rc)
		return rc;
	if (json_array_size(c->errors))
		return rd_fail(err, RD_EINVAL, "rows", "%zu rows have errors; nothing was imported",
			       json_array_size(c->errors));
	rc = import_rows(tx, c, true);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "term:%lld", (long long)c->term_id);
	detail = json_pack("{s:I, s:I}", "delegates", (json_int_t)c->imported,
			   "delegations_created", (json_int_t)c->delegations_made);
	rc = api_audit(tx, c->req, "roster.import", subject, detail);
	json_decref(detail);
	return rc;
}

/* Finds each known column in the header row; name and gender must be there. */
static enum rd_err map_columns(const struct table *t, int *map, struct rd_error *err)
{
	const struct table_row *h;

	for (int c = 0; c < N_COLUMNS; c++)
		map[c] = -1;
	if (t->nrows < 2)
		return rd_fail(
			err, RD_EINVAL, "file",
			"the file needs a header row (姓名, 性别, …) and at least one delegate");
	h = &t->rows[0];
	for (size_t i = 0; i < h->ncells; i++)
		for (int c = 0; c < N_COLUMNS; c++)
			for (int k = 0; headers[c][k]; k++)
				if (strcmp(h->cells[i], headers[c][k]) == 0 && map[c] < 0)
					map[c] = (int)i;
	if (map[COL_NAME] < 0)
		return rd_fail(err, RD_EINVAL, "file", "no 姓名 (name) column in the header row");
	if (map[COL_GENDER] < 0)
		return rd_fail(err, RD_EINVAL, "file", "no 性别 (gender) column in the header row");
	return RD_OK;
}

enum rd_err api_delegates_import(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct import_ctx c = {.req = req, .term_id = req_id(req, "id"), .errors = json_array()};
	struct arena a;
	struct table t = {0};
	enum rd_err rc;

	arena_init(&a, IMPORT_ARENA);
	if (strcmp(req->raw_type, "text/csv") == 0)
		rc = csv_parse(req->raw, req->raw_len, &a, &t, &req->err);
	else
		rc = xlsx_read(req->raw, req->raw_len, &a, &t, &req->err);
	if (!rc)
		rc = map_columns(&t, c.map, &req->err);
	if (rc)
		goto out;
	c.t = &t;
	rc = store_write(app->store, import_write, &c, &req->err);
	if (rc == RD_EINVAL && json_array_size(c.errors)) {
		/* The error shape, extended with every bad row. */
		json_t *e = http_error_json(&req->err);

		json_object_set(json_object_get(e, "error"), "rows", c.errors);
		rc = res_json(res, 400, e);
		goto out;
	}
	if (rc)
		goto out;
	api_publish(app, "floor.roster", json_pack("{s:I}", "term_id", (json_int_t)c.term_id));
	rc = res_json(res, 201,
		      json_pack("{s:I, s:I}", "imported", (json_int_t)c.imported,
				"delegations_created", (json_int_t)c.delegations_made));
out:
	json_decref(c.errors);
	arena_release(&a);
	return rc;
}

/* ---- export -------------------------------------------------------------- */

struct export_ctx {
	int64_t term_id;
	struct arena *a;
	struct table t;
	size_t cap;
	char term_name[FLOOR_TITLE];
	/* cards */
	struct pdf_card *cards;
	size_t ncards;
	int64_t delegation_id;
	bool fail;
};

static const char *status_zh(const char *s)
{
	return strcmp(s, "sitting") == 0     ? "在任"
	       : strcmp(s, "suspended") == 0 ? "暂停执行代表职务"
					     : "代表资格终止";
}

static int add_export_row(const struct delegate *d, void *arg)
{
	struct export_ctx *c = arg;
	struct table_row *r;
	const char **cells;

	if (c->t.nrows == c->cap) {
		c->fail = true;
		return 1;
	}
	cells = arena_alloc(c->a, sizeof(*cells) * N_COLUMNS);
	if (!cells) {
		c->fail = true;
		return 1;
	}
	cells[COL_NAME] = arena_strdup(c->a, d->name);
	cells[COL_GENDER] = strcmp(d->gender, "female") == 0 ? "女" : "男";
	cells[COL_ETHNICITY] = arena_strdup(c->a, d->ethnicity);
	cells[COL_BIRTH] = arena_strdup(c->a, d->birth_date);
	cells[COL_PARTY] = arena_strdup(c->a, d->party);
	cells[COL_OCCUPATION] = arena_strdup(c->a, d->occupation);
	cells[COL_DELEGATION] = arena_strdup(c->a, d->delegation);
	cells[COL_CONSTITUENCY] = arena_strdup(c->a, d->constituency);
	cells[COL_SEAT] = arena_strdup(c->a, d->seat);
	cells[COL_STATUS] = status_zh(d->status);
	for (int i = 0; i < N_COLUMNS; i++)
		if (!cells[i]) {
			c->fail = true;
			return 1;
		}
	r = &c->t.rows[c->t.nrows++];
	r->line = c->t.nrows;
	r->ncells = N_COLUMNS;
	r->cells = cells;
	return 0;
}

static enum rd_err export_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct export_ctx *c = arg;
	struct term t;
	struct delegate_counts dc;
	enum rd_err rc = term_get(tx, c->term_id, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such term");
	if (!rc)
		rc = delegate_counts(tx, c->term_id, &dc);
	if (rc)
		return rc;
	str_copy(c->term_name, sizeof(c->term_name), t.name);
	c->cap = (size_t)(dc.active + dc.suspended + dc.terminated) + 1;
	c->t.rows = arena_alloc(c->a, sizeof(*c->t.rows) * c->cap);
	if (!c->t.rows)
		return RD_ENOMEM;
	c->t.rows[0].line = 1;
	c->t.rows[0].ncells = N_COLUMNS;
	c->t.rows[0].cells = arena_alloc(c->a, sizeof(char *) * N_COLUMNS);
	if (!c->t.rows[0].cells)
		return RD_ENOMEM;
	for (int i = 0; i < N_COLUMNS; i++)
		c->t.rows[0].cells[i] = headers[i][0];
	c->t.nrows = 1;
	rc = delegates_each(tx, c->term_id, add_export_row, c);
	return rc ? rc : c->fail ? RD_ENOMEM : RD_OK;
}

enum rd_err api_delegates_export(struct request *req, struct response *res)
{
	struct app *app = req->app;
	const char *format = req_query(req, "format");
	struct arena a;
	struct export_ctx c = {.term_id = req_id(req, "id"), .a = &a};
	struct buf out;
	char *bytes, name[96];
	size_t n;
	bool csv = format && strcmp(format, "csv") == 0;
	enum rd_err rc;

	if (format && !csv && strcmp(format, "xlsx") != 0)
		return req_fail(req, RD_EINVAL, "format", "format must be xlsx or csv");
	arena_init(&a, IMPORT_ARENA);
	buf_init(&out, EXPORT_MAX);
	rc = store_read(app->store, export_read, &c, &req->err);
	if (!rc)
		rc = csv ? csv_write(&c.t, true, &out)
			 : xlsx_write(&c.t, "代表名册", &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	if (!bytes) {
		rc = RD_ENOMEM;
		goto out;
	}
	/* UTF-8 BOM in the CSV: Excel then reads the Chinese right. */
	snprintf(name, sizeof(name), "代表名册.%s", csv ? "csv" : "xlsx");
	rc = res_bytes(res, bytes, n,
		       csv ? "text/csv; charset=utf-8"
			   : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		       name);
out:
	buf_release(&out);
	arena_release(&a);
	return rc;
}

/* ---- cards --------------------------------------------------------------- */

static int add_card(const struct delegate *d, void *arg)
{
	struct export_ctx *c = arg;
	struct pdf_card *card;

	if (strcmp(d->status, "terminated") == 0)
		return 0;
	if (c->delegation_id && d->delegation_id != c->delegation_id)
		return 0;
	if (c->ncards == c->cap) {
		c->fail = true;
		return 1;
	}
	card = &c->cards[c->ncards++];
	card->name = arena_strdup(c->a, d->name);
	card->delegation = arena_strdup(c->a, d->delegation);
	card->seat = arena_strdup(c->a, d->seat);
	card->qr_text = arena_strdup(c->a, d->card_code);
	if (!card->name || !card->delegation || !card->seat || !card->qr_text)
		c->fail = true;
	return c->fail;
}

static enum rd_err cards_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct export_ctx *c = arg;
	struct delegate_counts dc;
	struct term t;
	enum rd_err rc = term_get(tx, c->term_id, &t);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "id", "no such term");
	if (!rc)
		rc = delegate_counts(tx, c->term_id, &dc);
	if (rc)
		return rc;
	str_copy(c->term_name, sizeof(c->term_name), t.name);
	c->cap = (size_t)(dc.active + dc.suspended);
	c->cards = arena_alloc(c->a, sizeof(*c->cards) * (c->cap ? c->cap : 1));
	if (!c->cards)
		return RD_ENOMEM;
	rc = delegates_each(tx, c->term_id, add_card, c);
	return rc ? rc : c->fail ? RD_ENOMEM : RD_OK;
}

enum rd_err api_delegates_cards(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct arena a;
	struct export_ctx c = {.term_id = req_id(req, "id"),
			       .a = &a,
			       .delegation_id = req_query_i64(req, "delegation_id", 0)};
	struct buf out;
	char *bytes;
	size_t n;
	enum rd_err rc;

	arena_init(&a, IMPORT_ARENA);
	buf_init(&out, EXPORT_MAX);
	rc = store_read(app->store, cards_read, &c, &req->err);
	if (!rc && c.ncards == 0)
		rc = req_fail(req, RD_ENOTFOUND, "delegation_id",
			      "no delegates to print cards for");
	if (!rc)
		rc = pdf_cards(app->congress_name[0] ? app->congress_name : c.term_name, c.cards,
			       c.ncards, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	rc = bytes ? res_bytes(res, bytes, n, "application/pdf", "代表证.pdf") : RD_ENOMEM;
out:
	buf_release(&out);
	arena_release(&a);
	return rc;
}
