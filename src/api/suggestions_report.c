/*
 * suggestions_report.c — the handling report of suggestions (DL art. 51(3):
 * handling results are reported and published): per lead unit and per
 * category of suggestion, how many were assigned, replied, replied on time,
 * are overdue now, how the final replies were rated and what they answered.
 * For staff as JSON, XLSX and PDF, for the public as JSON with unit names,
 * categories and numbers only. The rows of the JSON, the sheet and the PDF
 * are made by the same walk (report_read), in one read snapshot.
 *
 * The counts come from SQL (store/reports.c); the on-time decision of each
 * reply was made by rules/handling.c when it was given; rates are exact
 * fractions with a per-mille figure rounded half up by integers
 * (handling_per_mille) — no floating point in what the law counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "doc/pdf.h"
#include "doc/xlsx.h"
#include "rules/dates.h"
#include "rules/handling.h"
#include "store/floor.h"
#include "store/reports.h"
#include "base/banned.h"

/* The deployment's time zone (RULES §5): Asia/Shanghai, UTC+8 all year. */
#define REPORT_MAX   (16u << 20)
#define REPORT_ARENA (16u << 20)
#define REPORT_COLS  14 /* = PDF_REPORT_COLS */
#define NO_CATEGORY  "未分类"

struct totals {
	int64_t assigned, replied, replied_on_time, overdue;
	int64_t satisfied, basically_satisfied, dissatisfied;
	int64_t solved, planned, not_possible, explained;
};

struct report_ctx {
	int64_t term_id;
	char today[16];
	enum report_by by; /* the walk under way */
	json_t *units, *categories;
	struct totals t;     /* over the units (the same over the categories) */
	struct totals t_cat; /* over the categories, for the sheet's second total */
	/* the sheet (XLSX and PDF), when asked for */
	struct arena *a;
	struct table *table;
	size_t cap;
	bool nomem;
	bool xlsx; /* a blank row and the categories' head between the parts */
	size_t unit_rows,
		cat_first; /* rows of the units (with their total); the categories' first */
	char term_name[FLOOR_TITLE]; /* for the PDF: the term counted, "" for all */
};

static json_t *rate_json(int64_t num, int64_t den)
{
	int64_t pm;

	return json_pack("{s:I, s:I, s:o}", "numerator", (json_int_t)num, "denominator",
			 (json_int_t)den, "per_mille",
			 handling_per_mille(num, den, &pm) ? json_integer(pm) : json_null());
}

static json_t *counts_json(const struct totals *t)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I}, s:o, s:{s:I, s:I, s:I, s:I}}",
		"assigned", (json_int_t)t->assigned, "replied", (json_int_t)t->replied,
		"replied_on_time", (json_int_t)t->replied_on_time, "overdue",
		(json_int_t)t->overdue, "on_time_rate", rate_json(t->replied_on_time, t->replied),
		"ratings", "satisfied", (json_int_t)t->satisfied, "basically_satisfied",
		(json_int_t)t->basically_satisfied, "dissatisfied", (json_int_t)t->dissatisfied,
		"satisfaction_rate",
		rate_json(t->satisfied + t->basically_satisfied,
			  t->satisfied + t->basically_satisfied + t->dissatisfied),
		"results", "solved", (json_int_t)t->solved, "planned", (json_int_t)t->planned,
		"not_possible", (json_int_t)t->not_possible, "explained", (json_int_t)t->explained);
}

static void totals_of(const struct report_row *r, struct totals *t)
{
	t->assigned = r->assigned;
	t->replied = r->replied;
	t->replied_on_time = r->replied_on_time;
	t->overdue = r->overdue;
	t->satisfied = r->satisfied;
	t->basically_satisfied = r->basically_satisfied;
	t->dissatisfied = r->dissatisfied;
	t->solved = r->solved;
	t->planned = r->planned;
	t->not_possible = r->not_possible;
	t->explained = r->explained;
}

static void totals_add(struct totals *sum, const struct totals *t)
{
	sum->assigned += t->assigned;
	sum->replied += t->replied;
	sum->replied_on_time += t->replied_on_time;
	sum->overdue += t->overdue;
	sum->satisfied += t->satisfied;
	sum->basically_satisfied += t->basically_satisfied;
	sum->dissatisfied += t->dissatisfied;
	sum->solved += t->solved;
	sum->planned += t->planned;
	sum->not_possible += t->not_possible;
	sum->explained += t->explained;
}

/* "96.6%" from num/den, or "—" when there is nothing to rate. */
static const char *rate_text(struct arena *a, int64_t num, int64_t den)
{
	int64_t pm;

	if (!handling_per_mille(num, den, &pm))
		return "—";
	return arena_printf(a, "%lld.%lld%%", (long long)(pm / 10), (long long)(pm % 10));
}

static const char *num_text(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

/* Appends one row of the sheet: name and the counts of t. */
static void add_sheet_row(struct report_ctx *c, const char *name, const struct totals *t)
{
	struct table *tb = c->table;
	const char **cells;
	size_t k = 0;

	if (tb->nrows == c->cap) {
		struct table_row *rows = arena_alloc(c->a, 2 * c->cap * sizeof(*rows));

		if (!rows) {
			c->nomem = true;
			return;
		}
		memcpy(rows, tb->rows, tb->nrows * sizeof(*rows));
		tb->rows = rows;
		c->cap *= 2;
	}
	cells = arena_alloc(c->a, REPORT_COLS * sizeof(*cells));
	if (!cells) {
		c->nomem = true;
		return;
	}
	cells[k++] = arena_strdup(c->a, name);
	cells[k++] = num_text(c->a, t->assigned);
	cells[k++] = num_text(c->a, t->replied);
	cells[k++] = num_text(c->a, t->replied_on_time);
	cells[k++] = rate_text(c->a, t->replied_on_time, t->replied);
	cells[k++] = num_text(c->a, t->overdue);
	cells[k++] = num_text(c->a, t->satisfied);
	cells[k++] = num_text(c->a, t->basically_satisfied);
	cells[k++] = num_text(c->a, t->dissatisfied);
	cells[k++] = rate_text(c->a, t->satisfied + t->basically_satisfied,
			       t->satisfied + t->basically_satisfied + t->dissatisfied);
	cells[k++] = num_text(c->a, t->solved);
	cells[k++] = num_text(c->a, t->planned);
	cells[k++] = num_text(c->a, t->not_possible);
	cells[k++] = num_text(c->a, t->explained);
	for (size_t i = 0; i < k; i++)
		if (!cells[i])
			c->nomem = true;
	tb->rows[tb->nrows].line = tb->nrows + 1;
	tb->rows[tb->nrows].ncells = k;
	tb->rows[tb->nrows].cells = cells;
	tb->nrows++;
}

static int add_row(const struct report_row *r, void *arg)
{
	struct report_ctx *c = arg;
	struct totals t;
	json_t *o;

	totals_of(r, &t);
	totals_add(c->by == REPORT_BY_UNIT ? &c->t : &c->t_cat, &t);
	if (c->table) {
		add_sheet_row(c,
			      c->by == REPORT_BY_UNIT ? r->unit_name
			      : *r->category	      ? r->category
						      : NO_CATEGORY,
			      &t);
		return c->nomem;
	}
	o = counts_json(&t);
	if (c->by == REPORT_BY_UNIT) {
		json_object_set_new(o, "unit_id", json_integer(r->unit_id));
		json_object_set_new(o, "name", json_string(r->unit_name));
		json_array_append_new(c->units, o);
	} else {
		json_object_set_new(o, "category", json_string(r->category));
		json_array_append_new(c->categories, o);
	}
	return 0;
}

/* Appends a row of the given cells (the rest empty) to the sheet. */
static void add_text_row(struct report_ctx *c, const char *const *texts, size_t n)
{
	struct totals zero = {0};
	struct table_row *row;

	add_sheet_row(c, "", &zero);
	if (c->nomem)
		return;
	row = &c->table->rows[c->table->nrows - 1];
	for (size_t i = 0; i < REPORT_COLS; i++)
		row->cells[i] = i < n ? texts[i] : "";
	row->ncells = n;
}

static const char *const sheet_header[REPORT_COLS] = {
	"承办单位",	  "交办件数",	  "已答复",	"按时答复", "按时答复率",
	"逾期未答复",	  "满意",	  "基本满意",	"不满意",   "满意率",
	"解决或部分解决", "列入计划解决", "暂不能解决", "说明解释",
};

/*
 * Both walks in one snapshot: the units, then the categories. For the sheet
 * each part ends with its total (合计), and the XLSX gets a blank row and the
 * categories' column heads between the parts.
 */
static enum rd_err report_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct report_ctx *c = arg;
	enum rd_err rc;

	(void)err;
	c->by = REPORT_BY_UNIT;
	rc = report_each(tx, REPORT_BY_UNIT, c->term_id, c->today, add_row, c);
	if (rc || c->nomem)
		return rc;
	if (c->table) {
		add_sheet_row(c, "合计", &c->t);
		c->unit_rows = c->table->nrows - 1;
		if (c->xlsx) {
			const char *blank = "";
			const char *head[REPORT_COLS];

			add_text_row(c, &blank, 1);
			head[0] = "建议类别";
			for (size_t i = 1; i < REPORT_COLS; i++)
				head[i] = sheet_header[i];
			add_text_row(c, head, REPORT_COLS);
		}
		c->cat_first = c->table->nrows;
	}
	c->by = REPORT_BY_CATEGORY;
	rc = report_each(tx, REPORT_BY_CATEGORY, c->term_id, c->today, add_row, c);
	if (!rc && c->table && !c->nomem)
		add_sheet_row(c, "合计", &c->t_cat);
	if (!rc && c->term_id && c->table && !c->xlsx) {
		struct term term;

		if (term_get(tx, c->term_id, &term) == RD_OK)
			snprintf(c->term_name, sizeof(c->term_name), "%s", term.name);
	}
	return rc;
}

static void report_init(struct request *req, struct report_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->term_id = req_query_i64(req, "term_id", 0);
	dates_format(dates_of_instant(clock_now_ms()), c->today);
}

static enum rd_err report_json(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct report_ctx c;
	enum rd_err rc;

	report_init(req, &c);
	c.units = json_array();
	c.categories = json_array();
	rc = store_read(app->store, report_read, &c, &req->err);
	if (rc) {
		json_decref(c.units);
		json_decref(c.categories);
		return rc;
	}
	return res_json(res, 200,
			json_pack("{s:s, s:o, s:o, s:o, s:o}", "as_of", c.today, "term_id",
				  c.term_id ? json_integer(c.term_id) : json_null(), "units",
				  c.units, "categories", c.categories, "totals",
				  counts_json(&c.t)));
}

/* GET /api/suggestions/report (staff). */
enum rd_err api_suggestions_report(struct request *req, struct response *res)
{
	return report_json(req, res);
}

/* GET /api/public/suggestions/report: the same numbers, published (DL art.
 * 51(3)). Only unit names, categories and counts are in it: report_row
 * holds nothing else, no delegate and no text of a suggestion or reply. */
enum rd_err api_public_suggestions_report(struct request *req, struct response *res)
{
	return report_json(req, res);
}

/*
 * Starts the sheet of c in a (header row included) and fills it from the
 * store: the units and their total, then the categories and theirs.
 */
static enum rd_err sheet_fill(struct request *req, struct report_ctx *c, struct arena *a,
			      struct table *t)
{
	struct app *app = req->app;
	enum rd_err rc;

	c->a = a;
	c->table = t;
	c->cap = 64;
	t->rows = arena_alloc(a, c->cap * sizeof(*t->rows));
	if (!t->rows)
		return RD_ENOMEM;
	t->rows[0].line = 1;
	t->rows[0].ncells = REPORT_COLS;
	t->rows[0].cells = arena_alloc(a, REPORT_COLS * sizeof(*t->rows[0].cells));
	if (!t->rows[0].cells)
		return RD_ENOMEM;
	for (size_t i = 0; i < REPORT_COLS; i++)
		t->rows[0].cells[i] = sheet_header[i];
	t->nrows = 1;
	rc = store_read(app->store, report_read, c, &req->err);
	if (!rc && c->nomem)
		rc = RD_ENOMEM;
	return rc;
}

/* GET /api/suggestions/report.xlsx (staff). */
enum rd_err api_suggestions_report_xlsx(struct request *req, struct response *res)
{
	struct arena a;
	struct table t = {0};
	struct report_ctx c;
	struct buf out;
	char *bytes, name[96];
	size_t n;
	enum rd_err rc;

	report_init(req, &c);
	arena_init(&a, REPORT_ARENA);
	buf_init(&out, REPORT_MAX);
	c.xlsx = true;
	rc = sheet_fill(req, &c, &a, &t);
	if (!rc)
		rc = xlsx_write(&t, "建议办理情况", &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	if (!bytes) {
		rc = RD_ENOMEM;
		goto out;
	}
	snprintf(name, sizeof(name), "代表建议办理情况-%s.xlsx", c.today);
	rc = res_bytes(res, bytes, n,
		       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
out:
	buf_release(&out);
	arena_release(&a);
	return rc;
}

/* The cells of rows [from, from + n) of t, one array row by row. */
static const char *const *cells_of(struct arena *a, const struct table *t, size_t from, size_t n)
{
	const char **cells = arena_alloc(a, (n ? n : 1) * REPORT_COLS * sizeof(*cells));

	if (!cells)
		return NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < REPORT_COLS; k++)
			cells[i * REPORT_COLS + k] =
				k < t->rows[from + i].ncells ? t->rows[from + i].cells[k] : "";
	return cells;
}

/* GET /api/suggestions/report.pdf (staff): the same rows as the XLSX. */
enum rd_err api_suggestions_report_pdf(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct arena a;
	struct table t = {0};
	struct report_ctx c;
	struct pdf_report_table tables[2] = {
		{"一、按承办单位统计", "承办单位", NULL, 0, true},
		{"二、按建议类别统计", "建议类别", NULL, 0, true},
	};
	struct pdf_report r = {0};
	struct civil_date day;
	struct buf out;
	char *bytes, name[96], as_of[64];
	size_t n;
	enum rd_err rc;

	_Static_assert(REPORT_COLS == PDF_REPORT_COLS, "the sheet's columns are the PDF's");
	report_init(req, &c);
	arena_init(&a, REPORT_ARENA);
	buf_init(&out, REPORT_MAX);
	rc = sheet_fill(req, &c, &a, &t);
	if (rc)
		goto out;
	tables[0].n_rows = c.unit_rows;
	tables[0].cells = cells_of(&a, &t, 1, c.unit_rows);
	tables[1].n_rows = t.nrows - c.cat_first;
	tables[1].cells = cells_of(&a, &t, c.cat_first, tables[1].n_rows);
	if (!tables[0].cells || !tables[1].cells) {
		rc = RD_ENOMEM;
		goto out;
	}
	if (dates_parse(c.today, strlen(c.today), &day, NULL) == RD_OK)
		snprintf(as_of, sizeof(as_of), "%d年%d月%d日", day.y, day.m, day.d);
	else
		snprintf(as_of, sizeof(as_of), "%s", c.today);
	r.congress = app->congress_name;
	r.scope = c.term_id ? c.term_name : "全部届次";
	r.as_of = as_of;
	r.tables = tables;
	r.n_tables = 2;
	rc = pdf_report(&r, &out, &req->err);
	if (rc)
		goto out;
	bytes = buf_detach(&out, &n);
	if (!bytes) {
		rc = RD_ENOMEM;
		goto out;
	}
	snprintf(name, sizeof(name), "代表建议办理情况-%s.pdf", c.today);
	rc = res_bytes(res, bytes, n, "application/pdf", name);
out:
	buf_release(&out);
	arena_release(&a);
	return rc;
}
