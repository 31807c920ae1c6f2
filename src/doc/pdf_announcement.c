/*
 * pdf_announcement.c — the announcement of an election round (公告), see
 * pdf.h.
 *
 * What the law publishes (LOL art. 29, RULES §7 "Result" 4): every name's
 * votes, losers and write-ins included, and the ballots issued, returned,
 * valid and void. Laid out as a county notice: the congress and
 * 选举结果公告 in red over a red rule; a paragraph with the office and the
 * ballots; the threshold; the table of names (序号, 姓名, 得票数, 结果); the
 * outcome in words; the presidium (大会主席团) and the date at the right;
 * and at the foot, in small type, the Ed25519 signature and public key of
 * the signed announcement with how to check them. The caller passes the
 * numbers of the stored, signed announcement; nothing is recomputed here.
 */
#include "doc/pdf.h"
#include "doc/pdf_draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/banned.h"

#define ANN_M	   (25 * PDF_MM)	  /* left and right margins */
#define ANN_W	   (PDF_A4_W - 2 * ANN_M) /* text width */
#define ANN_BOTTOM (PDF_A4_H - 20 * PDF_MM)
#define ANN_ROW	   (8 * PDF_MM)	  /* a table row */
#define ANN_TABLE  (130 * PDF_MM) /* the table's width */
#define ANN_FOOT   (30 * PDF_MM)  /* room kept for the signature at the foot */
#define ANN_RED_R  0.76
#define ANN_RED_G  0.05
#define ANN_RED_B  0.05

/* The table's columns: 序号, 姓名, 得票数, 结果 (widths in mm, summing to 130). */
static const double ann_cols[4] = {18, 52, 30, 30};

static double ann_header(struct pdf_doc *d, const struct pdf_announcement *a)
{
	double y = 22 * PDF_MM;

	cairo_set_source_rgb(d->cr, ANN_RED_R, ANN_RED_G, ANN_RED_B);
	y += pdf_text(d, PDF_SERIF, true, 18, a->congress, ANN_M, y, ANN_W, PDF_CENTER | PDF_WRAP);
	y += 2 * PDF_MM;
	y += pdf_text(d, PDF_SERIF, true, 28, "选举结果公告", ANN_M, y, ANN_W, PDF_CENTER);
	y += 3 * PDF_MM;
	cairo_set_line_width(d->cr, 1.8);
	cairo_move_to(d->cr, ANN_M, y);
	cairo_line_to(d->cr, ANN_M + ANN_W, y);
	cairo_stroke(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	return y + 7 * PDF_MM;
}

/* Names joined with 、 into b. */
static void ann_join(struct buf *b, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, "、");
		buf_puts(b, names[i]);
	}
}

/* A paragraph of body text, first line indented two characters. */
static double ann_para(struct pdf_doc *d, const char *text, double y)
{
	char s[4096];

	snprintf(s, sizeof(s), "　　%s", text);
	return y + pdf_text(d, PDF_SERIF, false, 13, s, ANN_M, y, ANN_W, PDF_WRAP) + 2.5 * PDF_MM;
}

static const char *ann_kind_note(const char *kind)
{
	if (kind && strcmp(kind, "tie_vote") == 0)
		return "（就票数相等的候选人再次投票）";
	if (kind && strcmp(kind, "re_election") == 0)
		return "（另行选举）";
	return "";
}

static double ann_body(struct pdf_doc *d, const struct pdf_announcement *a, double y)
{
	struct buf b;

	buf_init(&b, 8192);
	buf_printf(&b,
		   "本次会议以无记名投票方式选举%s%s，应选 %" PRId64 " 名。共发出选票 %" PRId64
		   " 张，收回选票 %" PRId64 " 张，其中有效票 %" PRId64 " 张，无效票 %" PRId64
		   " 张。",
		   a->title ? a->title : "", ann_kind_note(a->kind), a->seats, a->issued,
		   a->returned, a->valid_ballots, a->void_ballots);
	if (!a->valid)
		buf_puts(&b, "收回的选票多于发出的选票，本次选举无效，应重新进行选举。");
	else
		buf_puts(&b, "收回的选票等于或者少于发出的选票，本次选举有效。");
	y = ann_para(d, buf_str(&b), y);
	buf_reset(&b);
	if (a->valid) {
		if (a->kind && strcmp(a->kind, "tie_vote") == 0)
			buf_printf(&b,
				   "当选票数：就票数相等的候选人再次投票，以得票多的当选"
				   "（至少 %" PRId64 " 票）。",
				   a->threshold);
		else
			buf_printf(&b,
				   "当选票数：得票数超过全体代表的半数方能当选，即不少于 %" PRId64
				   " 票。",
				   a->threshold);
		y = ann_para(d, buf_str(&b), y);
		buf_reset(&b);
		y = ann_para(d, "各候选人及另选他人得票情况如下：", y);
	}
	buf_release(&b);
	return y;
}

static const char *ann_result(const struct pdf_announcement *a,
			      const struct pdf_announcement_row *r)
{
	if (r->elected)
		return "当选";
	for (size_t i = 0; i < a->n_tie; i++)
		if (a->tie[i] && strcmp(a->tie[i], r->name) == 0)
			return "需再次投票";
	return "未当选";
}

static void ann_table_head(struct pdf_doc *d, double x, double y)
{
	static const char *head[4] = {"序号", "姓名", "得票数", "结果"};

	cairo_set_source_rgb(d->cr, 0.92, 0.92, 0.92);
	cairo_rectangle(d->cr, x, y, ANN_TABLE, ANN_ROW);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int c = 0; c < 4; c++) {
		pdf_text(d, PDF_SANS, true, 11, head[c], x, y + (ANN_ROW - 16) / 2,
			 ann_cols[c] * PDF_MM, PDF_CENTER);
		x += ann_cols[c] * PDF_MM;
	}
}

/* Rows [from, from + count) under a head at y; returns the y under them. */
static double ann_table(struct pdf_doc *d, const struct pdf_announcement *a, size_t from,
			size_t count, double y)
{
	const double x0 = (PDF_A4_W - ANN_TABLE) / 2, top = y;
	char num[32], votes[48], name[512];
	double x;

	ann_table_head(d, x0, y);
	y += ANN_ROW;
	for (size_t k = 0; k < count; k++) {
		const struct pdf_announcement_row *r = &a->rows[from + k];
		const char *res = ann_result(a, r);
		const char *cells[4];

		snprintf(num, sizeof(num), "%zu", from + k + 1);
		snprintf(votes, sizeof(votes), "%" PRId64, r->votes);
		snprintf(name, sizeof(name), "%s%s", r->name, r->write_in ? "（另选）" : "");
		cells[0] = num;
		cells[1] = name;
		cells[2] = votes;
		cells[3] = res;
		x = x0;
		for (int c = 0; c < 4; c++) {
			bool strong = c == 3 && r->elected;

			if (strong)
				cairo_set_source_rgb(d->cr, ANN_RED_R, ANN_RED_G, ANN_RED_B);
			pdf_text(d, PDF_SANS, strong || c == 1, 12, cells[c], x + 2,
				 y + (ANN_ROW - 17) / 2, ann_cols[c] * PDF_MM - 4,
				 PDF_CENTER | PDF_FIT);
			cairo_set_source_rgb(d->cr, 0, 0, 0);
			x += ann_cols[c] * PDF_MM;
		}
		y += ANN_ROW;
		pdf_line(d, x0, y, x0 + ANN_TABLE, y, 0.4, 0.3);
	}
	x = x0;
	for (int c = 0; c < 3; c++) {
		x += ann_cols[c] * PDF_MM;
		pdf_line(d, x, top, x, y, 0.4, 0.3);
	}
	pdf_line(d, x0, top + ANN_ROW, x0 + ANN_TABLE, top + ANN_ROW, 0.6, 0);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, 1.2);
	cairo_rectangle(d->cr, x0, top, ANN_TABLE, y - top);
	cairo_stroke(d->cr);
	return y;
}

static double ann_outcome(struct pdf_doc *d, const struct pdf_announcement *a, double y)
{
	struct buf b;
	size_t n_elected = 0;

	if (!a->valid)
		return y;
	buf_init(&b, 16384);
	for (size_t i = 0; i < a->n_rows; i++)
		n_elected += a->rows[i].elected;
	if (n_elected) {
		bool first = true;

		buf_puts(&b, "根据选举结果，");
		for (size_t i = 0; i < a->n_rows; i++) {
			if (!a->rows[i].elected)
				continue;
			buf_puts(&b, first ? "" : "、");
			buf_puts(&b, a->rows[i].name);
			first = false;
		}
		buf_printf(&b, "当选为%s。", a->title ? a->title : "");
	}
	if (a->n_tie) {
		buf_puts(&b, n_elected ? "" : "根据选举结果，");
		ann_join(&b, a->tie, a->n_tie);
		buf_printf(&b,
			   "得票相等，当选人不能确定，依法需再次投票，就票数相等的候选人"
			   "再次投票，确定其中 %" PRId64 " 名，以得票多的当选。",
			   a->tie_seats);
	}
	if (a->unfilled > 0)
		buf_printf(&b,
			   "当选人数少于应选名额，不足的名额依法另行选举，另行选举 %" PRId64
			   " 名。",
			   a->unfilled);
	if (!n_elected && !a->n_tie && a->unfilled <= 0)
		buf_puts(&b, "本次选举无人当选。");
	buf_puts(&b, "\n　　特此公告。");
	y += 5 * PDF_MM;
	y = ann_para(d, buf_str(&b), y);
	buf_release(&b);
	return y;
}

/* The presidium and the date at the right; the signature at the foot. */
static void ann_foot(struct pdf_doc *d, const struct pdf_announcement *a, double y)
{
	char s[1024];
	double fy = PDF_A4_H - 36 * PDF_MM;

	y += 8 * PDF_MM;
	snprintf(s, sizeof(s), "%s主席团", a->congress ? a->congress : "");
	y += pdf_text(d, PDF_SERIF, false, 13, s, ANN_M + ANN_W / 3, y, ANN_W * 2 / 3,
		      PDF_RIGHT | PDF_WRAP);
	y += 1.5 * PDF_MM;
	pdf_text(d, PDF_SERIF, false, 13, a->date, ANN_M, y, ANN_W, PDF_RIGHT);

	pdf_line(d, ANN_M, fy, ANN_M + ANN_W, fy, 0.4, 0.5);
	fy += 2 * PDF_MM;
	cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
	fy += pdf_text(d, PDF_SANS, false, 7.5,
		       "本公告经 Ed25519 电子签名。签名覆盖的公告原文（JSON）可在本系统公开获取；"
		       "用 renda verify 可核验签名，并按记录的选票重新计票核对结果。",
		       ANN_M, fy, ANN_W, PDF_WRAP);
	fy += 1 * PDF_MM;
	fy += pdf_text(d, PDF_SANS, false, 7.5, "签名（Ed25519）：", ANN_M, fy, ANN_W, PDF_LEFT);
	fy += pdf_text(d, PDF_MONO, false, 6.8, a->signature, ANN_M, fy, ANN_W, PDF_FIT);
	fy += 0.5 * PDF_MM;
	fy += pdf_text(d, PDF_SANS, false, 7.5, "公钥：", ANN_M, fy, ANN_W, PDF_LEFT);
	pdf_text(d, PDF_MONO, false, 6.8, a->public_key, ANN_M, fy, ANN_W, PDF_FIT);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static enum rd_err ann_check(const struct pdf_announcement *a, struct rd_error *err)
{
	const struct {
		const char *name;
		int64_t v;
	} nums[] = {{"seats", a->seats},
		    {"issued", a->issued},
		    {"returned", a->returned},
		    {"valid_ballots", a->valid_ballots},
		    {"void_ballots", a->void_ballots},
		    {"threshold", a->threshold},
		    {"tie_seats", a->tie_seats},
		    {"unfilled", a->unfilled}};
	char field[64];

	if (!pdf_check_text(a->congress, "congress", err) ||
	    !pdf_check_text(a->title, "title", err) || !pdf_check_text(a->kind, "kind", err) ||
	    !pdf_check_text(a->date, "date", err) ||
	    !pdf_check_text(a->signature, "signature", err) ||
	    !pdf_check_text(a->public_key, "public_key", err))
		return RD_EINVAL;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (nums[i].v < 0)
			return rd_fail(err, RD_EINVAL, nums[i].name, "%s is negative",
				       nums[i].name);
	if (a->n_rows > PDF_MAX_ITEMS || a->n_tie > PDF_MAX_ITEMS)
		return rd_fail(err, RD_ETOOBIG, "rows", "at most %d rows", PDF_MAX_ITEMS);
	if ((a->n_rows && !a->rows) || (a->n_tie && !a->tie))
		return rd_fail(err, RD_EINVAL, "rows", "rows is missing");
	for (size_t i = 0; i < a->n_rows; i++) {
		snprintf(field, sizeof(field), "rows[%zu].name", i);
		if (!a->rows[i].name || !*a->rows[i].name)
			return rd_fail(err, RD_EINVAL, field, "row %zu has no name", i + 1);
		if (!pdf_check_text(a->rows[i].name, field, err))
			return RD_EINVAL;
		if (a->rows[i].votes < 0)
			return rd_fail(err, RD_EINVAL, field, "row %zu has negative votes", i + 1);
	}
	for (size_t i = 0; i < a->n_tie; i++) {
		snprintf(field, sizeof(field), "tie[%zu]", i);
		if (!a->tie[i] || !pdf_check_text(a->tie[i], field, err))
			return rd_fail(err, RD_EINVAL, field, "a tied name is missing");
	}
	return RD_OK;
}

enum rd_err pdf_announcement(const struct pdf_announcement *a, struct buf *out,
			     struct rd_error *err)
{
	struct pdf_doc d;
	size_t done = 0;
	double y;
	enum rd_err rc;

	rc = ann_check(a, err);
	if (rc)
		return rc;
	rc = pdf_begin(&d, out, "选举结果公告", err);
	if (rc)
		return rc;
	y = ann_header(&d, a);
	y = ann_body(&d, a, y);
	/* The table, continued on further pages when it runs into the foot. */
	while (a->valid && done < a->n_rows) {
		double room = ANN_BOTTOM - ANN_FOOT - y - ANN_ROW;
		size_t fit = room < ANN_ROW ? 0 : (size_t)(room / ANN_ROW);
		size_t count = a->n_rows - done < fit ? a->n_rows - done : fit;

		if (count == 0) {
			char s[1024];

			cairo_show_page(d.cr);
			cairo_set_source_rgb(d.cr, 0.3, 0.3, 0.3);
			snprintf(s, sizeof(s), "%s选举结果公告（续）",
				 a->congress ? a->congress : "");
			pdf_text(&d, PDF_SANS, false, 9, s, ANN_M, 18 * PDF_MM, ANN_W, PDF_CENTER);
			cairo_set_source_rgb(d.cr, 0, 0, 0);
			y = 28 * PDF_MM;
			continue;
		}
		y = ann_table(&d, a, done, count, y);
		done += count;
	}
	if (y > ANN_BOTTOM - ANN_FOOT - 50 * PDF_MM) { /* the outcome needs room */
		cairo_show_page(d.cr);
		y = 28 * PDF_MM;
	}
	y = ann_outcome(&d, a, y);
	ann_foot(&d, a, y);
	return pdf_end(&d, false, err);
}
