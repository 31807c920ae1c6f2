/* opinions.c — see opinions.h. Portable SQL, except the full-text search:
 * SQLite's FTS5 table opinions_fts (tokenizer renda_zh, store/fts_zh.c)
 * or PostgreSQL's tsvector column opinions.search_tokens, which this file
 * fills with the same units at the same positions (ts_document). The
 * statements that differ branch on store_tx_backend(), nothing else. */
#include "store/opinions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/zhtext.h"
#include "rules/dates.h"
#include "base/banned.h"

#define COPY(dst, st, col) store_col_copy((st), (col), (dst), sizeof(dst))

static void bind_opt(struct store_stmt *st, int i, int64_t v)
{
	if (v)
		store_bind_i64(st, i, v);
	else
		store_bind_null(st, i);
}

static bool is_pg(struct store_tx *tx)
{
	return strcmp(store_tx_backend(tx), "postgresql") == 0;
}

/* tsvector and tsquery positions end at 16383; later units share it. */
#define TS_POS_MAX 16383

/* One lexeme, quoted for tsvector/tsquery input ('' and \\ escaped). */
static void ts_lexeme(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			buf_putc(b, s[i]);
		buf_putc(b, s[i]);
	}
	buf_putc(b, '\'');
}

static void ts_at(struct buf *b, const char *s, size_t n, int pos)
{
	if (b->len)
		buf_putc(b, ' ');
	ts_lexeme(b, s, n);
	buf_printf(b, ":%d", pos < TS_POS_MAX ? pos : TS_POS_MAX);
}

/*
 * Appends text's units to a tsvector literal as renda_zh indexes a document:
 * each CJK character at its own position and the pair it ends at the
 * previous character's position, each word at its own. *pos is the last
 * position used; a gap of one after each text keeps a phrase from running
 * from the title into the content, as FTS5's columns do.
 */
static void ts_document(struct buf *b, const char *text, int *pos)
{
	struct zh_unit u, prev = {0};
	size_t p = 0;
	bool have_prev = false;

	while (zhtext_next(text, strlen(text), &p, &u)) {
		char pair[2 * 4];

		if (have_prev && u.kind == ZH_CJK && u.joined) {
			memcpy(pair, prev.text, prev.len);
			memcpy(pair + prev.len, u.text, u.len);
			ts_at(b, pair, prev.len + u.len, *pos);
		}
		ts_at(b, u.text, u.len, ++*pos);
		have_prev = u.kind == ZH_CJK;
		prev = u;
	}
	++*pos;
}

/*
 * Appends one query term as a tsquery phrase, cut as renda_zh cuts a query
 * (fts_zh.c): a CJK run of two or more characters as its pairs, its last
 * character too when more follows, a lone character as itself, words as
 * themselves, all at consecutive positions ('路灯' <-> '灯维' <-> '维修').
 */
static void ts_phrase(struct buf *b, const char *term, size_t n)
{
	struct zh_unit u, prev = {0};
	size_t p = 0;
	bool have_prev = false, alone = false, first = true;

	buf_putc(b, '(');
#define TS_NEXT() (first ? (void)(first = false) : (void)buf_puts(b, " <-> "))
	while (zhtext_next(term, n, &p, &u)) {
		bool pair = have_prev && u.kind == ZH_CJK && u.joined;

		if (have_prev && !pair) {
			TS_NEXT();
			ts_lexeme(b, prev.text, prev.len);
		}
		if (pair) {
			char two[2 * 4];

			memcpy(two, prev.text, prev.len);
			memcpy(two + prev.len, u.text, u.len);
			TS_NEXT();
			ts_lexeme(b, two, prev.len + u.len);
		}
		alone = u.kind == ZH_CJK && !pair;
		if (u.kind == ZH_WORD) {
			TS_NEXT();
			ts_lexeme(b, u.text, u.len);
		}
		have_prev = u.kind == ZH_CJK;
		prev = u;
	}
	if (alone) {
		TS_NEXT();
		ts_lexeme(b, prev.text, prev.len);
	}
#undef TS_NEXT
	buf_putc(b, ')');
}

/* The tsquery of an FTS5 expression from op_match_expr(): its quoted terms
 * ("" inside a term is one ") all required. */
static void ts_query(struct buf *b, const char *expr)
{
	const char *p = expr;
	char term[1024]; /* op_match_expr output is shorter */

	while (*p) {
		size_t k = 0;

		if (*p != '"') {
			p++;
			continue;
		}
		for (p++; *p && k + 1 < sizeof(term); p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
			term[k++] = *p;
		}
		if (*p)
			p++;
		if (b->len)
			buf_puts(b, " & ");
		ts_phrase(b, term, k);
	}
}

/* PostgreSQL: the opinion's search_tokens, written after its insert. */
static enum rd_err opinion_index(struct store_tx *tx, const struct opinion *o)
{
	struct buf doc = {0};
	struct store_stmt *st;
	enum rd_err rc;
	int pos = 0;

	buf_init(&doc, 1 << 20);
	ts_document(&doc, o->title, &pos);
	ts_document(&doc, o->content, &pos);
	if (buf_error(&doc)) {
		buf_release(&doc);
		return RD_ENOMEM;
	}
	st = store_sql(tx, "UPDATE opinions SET search_tokens = CAST(? AS tsvector) WHERE id = ?");
	store_bind_text(st, 1, buf_str(&doc));
	store_bind_i64(st, 2, o->id);
	rc = store_exec(st);
	buf_release(&doc);
	return rc;
}

enum rd_err opinion_create(struct store_tx *tx, struct opinion *o, const char *contact_name,
			   const char *contact_phone)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO opinions (code, title, content, place, category, state,"
			      " addressed_to, delegate_id, station_id, submitted_at, submitted_on)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	enum rd_err rc;

	store_bind_text(st, 1, o->code);
	store_bind_text(st, 2, o->title);
	store_bind_text(st, 3, o->content);
	store_bind_text(st, 4, o->place);
	store_bind_text(st, 5, o->category);
	store_bind_text(st, 6, o->state);
	bind_opt(st, 7, o->addressed_to);
	bind_opt(st, 8, o->delegate_id);
	bind_opt(st, 9, o->station_id);
	store_bind_i64(st, 10, o->submitted_at);
	store_bind_text(st, 11, o->submitted_on);
	rc = store_exec(st);
	if (rc)
		return rc;
	o->id = store_last_id(tx);
	if (is_pg(tx)) {
		rc = opinion_index(tx, o);
		if (rc)
			return rc;
	}
	if ((contact_name && *contact_name) || (contact_phone && *contact_phone)) {
		st = store_sql(tx, "INSERT INTO opinion_contacts (opinion_id, name, phone)"
				   " VALUES (?, ?, ?)");
		store_bind_i64(st, 1, o->id);
		store_bind_text(st, 2, contact_name ? contact_name : "");
		store_bind_text(st, 3, contact_phone ? contact_phone : "");
		rc = store_exec(st);
	}
	return rc;
}

#define OPINION_SELECT                                                                             \
	"SELECT o.id, o.code, o.title, o.content, o.place, o.category, o.state,"                   \
	" COALESCE(o.addressed_to, 0), COALESCE(o.delegate_id, 0), COALESCE(o.station_id, 0),"     \
	" COALESCE(o.merged_into, 0), COALESCE(o.suggestion_id, 0), o.answer, o.answered_by,"      \
	" o.reason, o.submitted_at, COALESCE(o.taken_at, 0), COALESCE(o.closed_at, 0),"            \
	" o.submitted_on, COALESCE(o.closed_on, ''), COALESCE(d.name, ''), COALESCE(s.name, ''),"  \
	" COALESCE(a.name, '')"
/* The names of the delegate and station, after "FROM opinions o". */
#define OPINION_JOINS                                                                              \
	" LEFT JOIN delegates d ON d.id = o.delegate_id"                                           \
	" LEFT JOIN liaison_stations s ON s.id = o.station_id"                                     \
	" LEFT JOIN delegates a ON a.id = o.addressed_to"
#define OPINION_COLS OPINION_SELECT " FROM opinions o" OPINION_JOINS

static void read_opinion(struct store_stmt *st, struct opinion *o)
{
	o->id = store_col_i64(st, 0);
	COPY(o->code, st, 1);
	COPY(o->title, st, 2);
	COPY(o->content, st, 3);
	COPY(o->place, st, 4);
	COPY(o->category, st, 5);
	COPY(o->state, st, 6);
	o->addressed_to = store_col_i64(st, 7);
	o->delegate_id = store_col_i64(st, 8);
	o->station_id = store_col_i64(st, 9);
	o->merged_into = store_col_i64(st, 10);
	o->suggestion_id = store_col_i64(st, 11);
	COPY(o->answer, st, 12);
	COPY(o->answered_by, st, 13);
	COPY(o->reason, st, 14);
	o->submitted_at = store_col_i64(st, 15);
	o->taken_at = store_col_i64(st, 16);
	o->closed_at = store_col_i64(st, 17);
	COPY(o->submitted_on, st, 18);
	COPY(o->closed_on, st, 19);
	COPY(o->delegate_name, st, 20);
	COPY(o->station_name, st, 21);
	COPY(o->addressed_name, st, 22);
}

static enum rd_err get_one(struct store_stmt *st, struct opinion *out)
{
	enum rd_err rc = store_one(st);

	if (rc == RD_OK)
		read_opinion(st, out);
	return rc;
}

enum rd_err opinion_get(struct store_tx *tx, int64_t id, struct opinion *out)
{
	struct store_stmt *st = store_sql(tx, OPINION_COLS " WHERE o.id = ?");

	store_bind_i64(st, 1, id);
	return get_one(st, out);
}

enum rd_err opinion_by_code(struct store_tx *tx, const char *code, struct opinion *out)
{
	struct store_stmt *st = store_sql(tx, OPINION_COLS " WHERE o.code = ?");

	store_bind_text(st, 1, code);
	return get_one(st, out);
}

enum rd_err opinion_update(struct store_tx *tx, const struct opinion *o, const char *old_state)
{
	struct store_stmt *st = store_sql(
		tx,
		"UPDATE opinions SET state = ?, category = ?, place = ?, delegate_id = ?,"
		" station_id = ?, merged_into = ?, suggestion_id = ?, answer = ?, answered_by = ?,"
		" reason = ?, taken_at = ?, closed_at = ?, closed_on = ?"
		" WHERE id = ? AND state = ?");

	store_bind_text(st, 1, o->state);
	store_bind_text(st, 2, o->category);
	store_bind_text(st, 3, o->place);
	bind_opt(st, 4, o->delegate_id);
	bind_opt(st, 5, o->station_id);
	bind_opt(st, 6, o->merged_into);
	bind_opt(st, 7, o->suggestion_id);
	store_bind_text(st, 8, o->answer);
	store_bind_text(st, 9, o->answered_by);
	store_bind_text(st, 10, o->reason);
	bind_opt(st, 11, o->taken_at);
	bind_opt(st, 12, o->closed_at);
	if (o->closed_on[0])
		store_bind_text(st, 13, o->closed_on);
	else
		store_bind_null(st, 13);
	store_bind_i64(st, 14, o->id);
	store_bind_text(st, 15, old_state);
	return store_exec_changed(st);
}

enum rd_err opinion_contact(struct store_tx *tx, int64_t id, char name[OP_CONTACT],
			    char phone[OP_CONTACT])
{
	struct store_stmt *st =
		store_sql(tx, "SELECT name, phone FROM opinion_contacts WHERE opinion_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK) {
		store_col_copy(st, 0, name, OP_CONTACT);
		store_col_copy(st, 1, phone, OP_CONTACT);
	}
	return rc;
}

enum rd_err opinion_event(struct store_tx *tx, int64_t id, int64_t at, const char *actor,
			  const char *action, const char *note, bool public_)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO opinion_events (opinion_id, at, actor, action, note, public)"
		    " VALUES (?, ?, ?, ?, ?, ?)");

	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, at);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, note ? note : "");
	store_bind_i64(st, 6, public_);
	return store_exec(st);
}

enum rd_err opinion_events_each(struct store_tx *tx, int64_t id, bool public_only,
				int (*each)(int64_t at, const char *actor, const char *action,
					    const char *note, bool public_, void *),
				void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT at, actor, action, note, public FROM opinion_events"
			      " WHERE opinion_id = ? AND (public = 1 OR ? = 0) ORDER BY id");
	enum store_step r;

	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, public_only);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), store_col_text(st, 2),
			 store_col_text(st, 3), store_col_i64(st, 4) != 0, ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err opinion_photo_add(struct store_tx *tx, int64_t id, const char *type, const void *data,
			      size_t n)
{
	struct store_stmt *st =
		store_sql(tx, "INSERT INTO opinion_photos (opinion_id, content_type, size, data)"
			      " VALUES (?, ?, ?, ?)");

	store_bind_i64(st, 1, id);
	store_bind_text(st, 2, type);
	store_bind_i64(st, 3, (int64_t)n);
	store_bind_blob(st, 4, data, n);
	return store_exec(st);
}

enum rd_err opinion_photo_count(struct store_tx *tx, int64_t id, int64_t *n)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT count(*) FROM opinion_photos WHERE opinion_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	*n = rc == RD_OK ? store_col_i64(st, 0) : 0;
	return rc;
}

enum rd_err opinion_photo_get(struct store_tx *tx, int64_t id, int64_t nth,
			      enum rd_err (*got)(const char *type, const void *data, size_t n,
						 void *),
			      void *ctx)
{
	struct store_stmt *st =
		store_sql(tx, "SELECT content_type, data FROM opinion_photos WHERE opinion_id = ?"
			      " ORDER BY id LIMIT 1 OFFSET ?");
	enum rd_err rc;
	const void *p;
	size_t n;

	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, nth - 1);
	rc = store_one(st);
	if (rc)
		return rc;
	p = store_col_blob(st, 1, &n);
	return got(store_col_text(st, 0), p, n, ctx);
}

/* The UTC day before the instant ms, as YYYY-MM-DD: no later than the
 * submission day (submitted_on, in any time zone) of anything submitted at
 * or after ms. */
static void day_before(int64_t ms, char out[16])
{
	int64_t days = ms / 86400000 - (ms % 86400000 < 0 ? 1 : 0) - 1;
	struct civil_date d = dates_from_days(days);

	snprintf(out, 16, "%04d-%02d-%02d", (int)d.y, (int)d.m, (int)d.d);
}

enum rd_err opinion_seen(struct store_tx *tx, const char *title, const char *content, int64_t since,
			 bool *yes)
{
	/* submitted_on bounds the search to the last days through its index:
	 * without it every submission read every issue on the writer thread
	 * (a million issues: about a second each, and every other write
	 * waiting). */
	struct store_stmt *st =
		store_sql(tx, "SELECT 1 FROM opinions WHERE submitted_on >= ? AND submitted_at >= ?"
			      " AND title = ? AND content = ? LIMIT 1");
	char day[16];
	enum rd_err rc;

	day_before(since, day);
	store_bind_text(st, 1, day);
	store_bind_i64(st, 2, since);
	store_bind_text(st, 3, title);
	store_bind_text(st, 4, content);
	rc = store_one(st);
	*yes = rc == RD_OK;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

/* ---- search ---- */

bool op_match_expr(const char *q, char *out, size_t outsz)
{
	size_t n = strlen(q), i = 0, k = 0, terms = 0;

	while (i < n) {
		size_t start, end;

		/* Skip spaces: ASCII blanks and U+3000 (E3 80 80). */
		while (i < n &&
		       (q[i] == ' ' || q[i] == '\t' ||
			(i + 2 < n && (unsigned char)q[i] == 0xE3 &&
			 (unsigned char)q[i + 1] == 0x80 && (unsigned char)q[i + 2] == 0x80)))
			i += q[i] == ' ' || q[i] == '\t' ? 1 : 3;
		start = i;
		while (i < n && q[i] != ' ' && q[i] != '\t' &&
		       !(i + 2 < n && (unsigned char)q[i] == 0xE3 &&
			 (unsigned char)q[i + 1] == 0x80 && (unsigned char)q[i + 2] == 0x80))
			i++;
		end = i;
		if (end == start || !zhtext_searchable(q + start, end - start))
			continue;
		if (++terms > 8)
			return false;
		/* "term" with " doubled, then a space. */
		if (k + 2 * (end - start) + 4 > outsz)
			return false;
		if (k)
			out[k++] = ' ';
		out[k++] = '"';
		for (size_t j = start; j < end; j++) {
			if (q[j] == '"')
				out[k++] = '"';
			out[k++] = q[j];
		}
		out[k++] = '"';
	}
	out[k] = '\0';
	return terms > 0;
}

/*
 * The FROM and WHERE clauses of a search, built from fixed pieces only; the
 * values are bound in the same order by bind_filter(). With text the full-
 * text index drives: it gives its matches newest first (ORDER BY f.rowid
 * DESC is FTS5's own order, no sort) and the page stops after LIMIT rows,
 * where "o.id IN (SELECT rowid ... MATCH ?)" first collected every match
 * (460,000 of a million issues for a common word: 130 ms and more).
 */
static void from_sql(const struct op_filter *f, bool pg, struct buf *b)
{
	/* PostgreSQL: the GIN index on search_tokens in the WHERE clause. */
	if (f->match && !pg)
		buf_puts(b, " FROM opinions_fts f JOIN opinions o ON o.id = f.rowid");
	else
		buf_puts(b, " FROM opinions o");
}

static void where_sql(const struct op_filter *f, bool pg, struct buf *b)
{
	buf_puts(b, " WHERE 1 = 1");
	if (f->match && pg)
		buf_puts(b, " AND o.search_tokens @@ CAST(? AS tsquery)");
	else if (f->match)
		buf_puts(b, " AND opinions_fts MATCH ?");
	if (f->category)
		buf_puts(b, " AND o.category = ?");
	if (f->place)
		buf_puts(b, " AND o.place = ?");
	if (f->state)
		buf_puts(b, " AND o.state = ?");
	if (f->from)
		buf_puts(b, " AND o.submitted_on >= ?");
	if (f->to)
		buf_puts(b, " AND o.submitted_on <= ?");
	if (f->station_id)
		buf_puts(b, " AND o.station_id = ?");
	if (f->delegate_id)
		buf_puts(b, " AND (o.delegate_id = ? OR o.addressed_to = ?)");
	if (f->viewer_delegate)
		buf_puts(b, " AND (o.delegate_id = ? OR o.addressed_to = ? OR o.station_id IN"
			    " (SELECT station_id FROM station_delegates WHERE delegate_id = ?))");
}

static int bind_filter(struct store_stmt *st, const struct op_filter *f)
{
	int i = 1;

	if (f->match)
		store_bind_text(st, i++, f->match);
	if (f->category)
		store_bind_text(st, i++, f->category);
	if (f->place)
		store_bind_text(st, i++, f->place);
	if (f->state)
		store_bind_text(st, i++, f->state);
	if (f->from)
		store_bind_text(st, i++, f->from);
	if (f->to)
		store_bind_text(st, i++, f->to);
	if (f->station_id)
		store_bind_i64(st, i++, f->station_id);
	if (f->delegate_id) {
		store_bind_i64(st, i++, f->delegate_id);
		store_bind_i64(st, i++, f->delegate_id);
	}
	if (f->viewer_delegate) {
		store_bind_i64(st, i++, f->viewer_delegate);
		store_bind_i64(st, i++, f->viewer_delegate);
		store_bind_i64(st, i++, f->viewer_delegate);
	}
	return i;
}

/* Appends to b the phrase of one filter word of the tags column (see
 * the tags migration): prefix, then value without '_' (hex: its bytes in hex). */
static void tag_phrase(struct buf *b, const char *prefix, const char *value, bool hex)
{
	static const char digits[] = "0123456789ABCDEF";

	buf_puts(b, " AND \"");
	buf_puts(b, prefix);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (hex) {
			buf_putc(b, digits[*p >> 4]);
			buf_putc(b, digits[*p & 15]);
		} else if (*p == '"') {
			buf_puts(b, "\"\"");
		} else if (*p != '_') {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

/* The tags' words are exact (not cut by the tokenizer's 64 bytes) for a
 * place of at most this many bytes. */
#define TAG_PLACE_EXACT 30

/* The MATCH expression of a search with text: the text in title and
 * content, and the filters the tags column holds. */
static void match_sql(const struct op_filter *f, struct buf *m)
{
	buf_puts(m, "{title content} : (");
	buf_puts(m, f->match);
	buf_puts(m, ")");
	if (f->category)
		tag_phrase(m, "zzc", f->category, false);
	if (f->state)
		tag_phrase(m, "zzs", f->state, false);
	if (f->place)
		tag_phrase(m, "zzp", f->place, true);
}

enum rd_err opinions_search(struct store_tx *tx, const struct op_filter *f,
			    int (*each)(const struct opinion *, void *), void *ctx, int64_t *total,
			    bool *capped)
{
	struct buf sql = {0};
	struct store_stmt *st;
	struct opinion *o = malloc(sizeof(*o));
	struct buf match = {0};
	struct op_filter g = *f;
	enum store_step r = STORE_DONE;
	enum rd_err rc = RD_OK;
	int64_t rows = 0;
	bool index_only = false, pg = is_pg(tx);
	int i;

	*total = 0;
	*capped = false;
	if (!o)
		return RD_ENOMEM;
	buf_init(&sql, 4096);
	buf_init(&match, 16384);
	if (f->match && pg) {
		/* The filters stay in the WHERE clause: no tags column here. */
		ts_query(&match, f->match);
		if (buf_error(&match)) {
			rc = RD_ENOMEM;
			goto out;
		}
		g.match = buf_str(&match);
	} else if (f->match) {
		match_sql(f, &match);
		if (buf_error(&match)) {
			rc = RD_ENOMEM;
			goto out;
		}
		g.match = buf_str(&match);
	}
	f = &g;
	/* The page, newest first. */
	buf_puts(&sql, OPINION_SELECT);
	from_sql(f, pg, &sql);
	buf_puts(&sql, OPINION_JOINS);
	where_sql(f, pg, &sql);
	buf_puts(&sql, f->match && !pg ? " ORDER BY f.rowid DESC LIMIT ? OFFSET ?"
				       : " ORDER BY o.id DESC LIMIT ? OFFSET ?");
	if (buf_error(&sql)) {
		rc = RD_ENOMEM;
		goto out;
	}
	st = store_sql(tx, buf_str(&sql));
	i = bind_filter(st, f);
	store_bind_i64(st, i++, f->limit);
	store_bind_i64(st, i, f->offset);
	while ((r = store_step(st)) == STORE_ROW) {
		read_opinion(st, o);
		rows++;
		if (each(o, ctx))
			break;
	}
	if (r == STORE_ERROR)
		goto out;
	/* A page that ended before its limit (and not at an empty page past the
	 * end) gives the total: the count below would read every match again,
	 * the slowest part of a search whose filters leave few. */
	if (r == STORE_DONE && (rows > 0 || f->offset == 0) && rows < f->limit) {
		*total = f->offset + rows;
		if (*total > OP_COUNT_CAP) {
			*total = OP_COUNT_CAP;
			*capped = true;
		}
		goto out;
	}
	/* The total, counted up to the cap; text alone is counted in the index
	 * without reading the issues. */
	buf_reset(&sql);
	/* The filters in the tags are counted there too, exactly: categories
	 * and states are words of their own, and so is a place short enough
	 * for the tokenizer not to cut its word. */
	index_only = !pg && f->match && !f->from && !f->to && !f->station_id && !f->delegate_id &&
		     !f->viewer_delegate && (!f->place || strlen(f->place) <= TAG_PLACE_EXACT);
	if (index_only) {
		buf_puts(&sql, "SELECT count(*) FROM (SELECT 1 FROM opinions_fts"
			       " WHERE opinions_fts MATCH ? LIMIT ?) AS hits");
	} else {
		buf_puts(&sql, "SELECT count(*) FROM (SELECT 1");
		from_sql(f, pg, &sql);
		where_sql(f, pg, &sql);
		buf_puts(&sql, " LIMIT ?) AS hits");
	}
	if (buf_error(&sql)) {
		rc = RD_ENOMEM;
		goto out;
	}
	st = store_sql(tx, buf_str(&sql));
	if (index_only) {
		store_bind_text(st, 1, f->match);
		i = 2;
	} else {
		i = bind_filter(st, f);
	}
	store_bind_i64(st, i, OP_COUNT_CAP + 1);
	if (store_one(st) == RD_OK) {
		*total = store_col_i64(st, 0);
		if (*total > OP_COUNT_CAP) {
			*total = OP_COUNT_CAP;
			*capped = true;
		}
	}
out:
	if (!rc)
		rc = store_tx_error(tx, NULL);
	buf_release(&sql);
	buf_release(&match);
	free(o);
	return rc;
}

/* ---- likely duplicates ---- */

struct candidate {
	int64_t id;
	int score;
};

static int by_score(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return x->id < y->id ? 1 : -1;
}

#define SIMILAR_POOL 40

enum rd_err opinion_similar(struct store_tx *tx, const struct opinion *o, int min_score,
			    int (*each)(const struct opinion *, int score, void *), void *ctx)
{
	struct candidate pool[SIMILAR_POOL];
	size_t npool = 0, pos = 0, terms = 0;
	struct zh_unit u, prev = {0};
	struct buf match = {0}, mine = {0}, theirs = {0}, tsq = {0};
	struct opinion *other = malloc(sizeof(*other));
	bool pg = is_pg(tx);
	struct store_stmt *st;
	enum store_step r;
	enum rd_err rc = RD_OK;

	if (!other)
		return RD_ENOMEM;
	buf_init(&match, 4096);
	buf_init(&mine, 2 * OP_TEXT);
	buf_init(&theirs, 2 * OP_TEXT);
	buf_init(&tsq, 4096);
	/* The candidates: issues sharing any pair of characters (or word) of
	 * the title in their title or content, best ranked by FTS5's bm25
	 * first. */
	buf_puts(&match, "{title content} : (");
	while (terms < 24 && zhtext_next(o->title, strlen(o->title), &pos, &u)) {
		bool pair = u.kind == ZH_CJK && u.joined && prev.kind == ZH_CJK;

		if (u.kind == ZH_WORD || pair) {
			char two[2 * 4];
			size_t n = u.len;

			buf_puts(&match, terms ? " OR \"" : "\"");
			if (pair)
				buf_puts(&match, prev.text);
			buf_puts(&match, u.text);
			buf_puts(&match, "\"");
			if (terms)
				buf_puts(&tsq, " | ");
			if (pair) {
				memcpy(two, prev.text, prev.len);
				memcpy(two + prev.len, u.text, u.len);
				n += prev.len;
			}
			ts_lexeme(&tsq, pair ? two : u.text, n);
			terms++;
		}
		prev = u;
	}
	if (!terms)
		goto out;
	buf_puts(&match, ")");
	if (buf_error(&match) || buf_error(&tsq)) {
		rc = RD_ENOMEM;
		goto out;
	}
	buf_puts(&mine, o->title);
	buf_puts(&mine, "\n");
	buf_puts(&mine, o->content);
	if (buf_error(&mine)) {
		rc = RD_ENOMEM;
		goto out;
	}
	/* Best ranked first: FTS5's bm25, PostgreSQL's ts_rank. */
	if (pg)
		st = store_sql(tx,
			       "SELECT o.id, o.title, o.content FROM opinions o"
			       " WHERE o.search_tokens @@ CAST(? AS tsquery) AND o.id <> ?"
			       " AND o.state <> 'merged'"
			       " ORDER BY ts_rank(o.search_tokens, CAST(? AS tsquery)) DESC, o.id"
			       " LIMIT ?");
	else
		st = store_sql(tx,
			       "SELECT o.id, o.title, o.content FROM opinions_fts f"
			       " JOIN opinions o ON o.id = f.rowid"
			       " WHERE opinions_fts MATCH ? AND o.id <> ? AND o.state <> 'merged'"
			       " ORDER BY rank LIMIT ?");
	store_bind_text(st, 1, pg ? buf_str(&tsq) : buf_str(&match));
	store_bind_i64(st, 2, o->id);
	if (pg)
		store_bind_text(st, 3, buf_str(&tsq));
	store_bind_i64(st, pg ? 4 : 3, SIMILAR_POOL);
	while ((r = store_step(st)) == STORE_ROW) {
		int score;

		/* Title and content as the caller's text is made (mine). */
		buf_reset(&theirs);
		buf_puts(&theirs, store_col_text(st, 1));
		buf_puts(&theirs, "\n");
		buf_puts(&theirs, store_col_text(st, 2));
		score = zhtext_similarity(buf_str(&mine), mine.len, buf_str(&theirs),
					  buf_error(&theirs) ? 0 : theirs.len);

		if (score >= min_score)
			pool[npool++] = (struct candidate){store_col_i64(st, 0), score};
	}
	if (r == STORE_ERROR) {
		rc = store_tx_error(tx, NULL);
		goto out;
	}
	qsort(pool, npool, sizeof(pool[0]), by_score);
	for (size_t i = 0; i < npool && i < 5; i++) {
		rc = opinion_get(tx, pool[i].id, other);
		if (rc)
			goto out;
		if (each(other, pool[i].score, ctx))
			break;
	}
out:
	buf_release(&match);
	buf_release(&mine);
	buf_release(&theirs);
	buf_release(&tsq);
	free(other);
	return rc;
}

/* ---- liaison activities ---- */

enum rd_err activity_add(struct store_tx *tx, struct activity *a)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO liaison_activities (delegate_id, station_id, opinion_id, kind,"
		    " held_on, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	enum rd_err rc;

	store_bind_i64(st, 1, a->delegate_id);
	bind_opt(st, 2, a->station_id);
	bind_opt(st, 3, a->opinion_id);
	store_bind_text(st, 4, a->kind);
	store_bind_text(st, 5, a->held_on);
	store_bind_text(st, 6, a->note);
	store_bind_i64(st, 7, a->at);
	rc = store_exec(st);
	if (rc == RD_OK)
		a->id = store_last_id(tx);
	return rc;
}

enum rd_err activities_of_opinion(struct store_tx *tx, int64_t opinion_id,
				  int (*each)(const struct activity *, void *), void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT a.id, a.delegate_id, COALESCE(a.station_id, 0), a.kind, a.held_on,"
		    " a.note, a.at, d.name FROM liaison_activities a"
		    " JOIN delegates d ON d.id = a.delegate_id"
		    " WHERE a.opinion_id = ? ORDER BY a.held_on, a.id");
	struct activity *a = malloc(sizeof(*a));
	enum store_step r;

	if (!a)
		return RD_ENOMEM;
	store_bind_i64(st, 1, opinion_id);
	while ((r = store_step(st)) == STORE_ROW) {
		a->id = store_col_i64(st, 0);
		a->delegate_id = store_col_i64(st, 1);
		a->station_id = store_col_i64(st, 2);
		a->opinion_id = opinion_id;
		COPY(a->kind, st, 3);
		COPY(a->held_on, st, 4);
		COPY(a->note, st, 5);
		a->at = store_col_i64(st, 6);
		COPY(a->delegate_name, st, 7);
		if (each(a, ctx))
			break;
	}
	free(a);
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

/* ---- liaison stations ---- */

enum rd_err station_create(struct store_tx *tx, struct station *s, int64_t at)
{
	struct store_stmt *st = store_sql(
		tx, "INSERT INTO liaison_stations (name, place, address, reception, phone,"
		    " created_at) VALUES (?, ?, ?, ?, ?, ?)");
	enum rd_err rc;

	store_bind_text(st, 1, s->name);
	store_bind_text(st, 2, s->place);
	store_bind_text(st, 3, s->address);
	store_bind_text(st, 4, s->reception);
	store_bind_text(st, 5, s->phone);
	store_bind_i64(st, 6, at);
	rc = store_exec(st);
	if (rc == RD_OK)
		s->id = store_last_id(tx);
	return rc;
}

enum rd_err station_update(struct store_tx *tx, const struct station *s)
{
	struct store_stmt *st = store_sql(
		tx, "UPDATE liaison_stations SET name = ?, place = ?, address = ?, reception = ?,"
		    " phone = ? WHERE id = ?");

	store_bind_text(st, 1, s->name);
	store_bind_text(st, 2, s->place);
	store_bind_text(st, 3, s->address);
	store_bind_text(st, 4, s->reception);
	store_bind_text(st, 5, s->phone);
	store_bind_i64(st, 6, s->id);
	return store_exec(st);
}

#define STATION_COLS "SELECT id, name, place, address, reception, phone FROM liaison_stations"

static void read_station(struct store_stmt *st, struct station *s)
{
	s->id = store_col_i64(st, 0);
	COPY(s->name, st, 1);
	COPY(s->place, st, 2);
	COPY(s->address, st, 3);
	COPY(s->reception, st, 4);
	COPY(s->phone, st, 5);
}

enum rd_err station_get(struct store_tx *tx, int64_t id, struct station *out)
{
	struct store_stmt *st = store_sql(tx, STATION_COLS " WHERE id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_one(st);
	if (rc == RD_OK)
		read_station(st, out);
	return rc;
}

enum rd_err stations_each(struct store_tx *tx, int (*each)(const struct station *, void *),
			  void *ctx)
{
	struct store_stmt *st = store_sql(tx, STATION_COLS " ORDER BY place, name, id");
	struct station s;
	enum store_step r;

	while ((r = store_step(st)) == STORE_ROW) {
		read_station(st, &s);
		if (each(&s, ctx))
			break;
	}
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err station_set_delegates(struct store_tx *tx, int64_t id, const int64_t *ids, size_t n)
{
	struct store_stmt *st = store_sql(tx, "DELETE FROM station_delegates WHERE station_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	rc = store_exec(st);
	for (size_t i = 0; rc == RD_OK && i < n; i++) {
		st = store_sql(tx, "INSERT INTO station_delegates (station_id, delegate_id)"
				   " VALUES (?, ?) ON CONFLICT DO NOTHING");
		store_bind_i64(st, 1, id);
		store_bind_i64(st, 2, ids[i]);
		rc = store_exec(st);
	}
	return rc;
}

enum rd_err station_delegates_each(struct store_tx *tx, int64_t id,
				   int (*each)(int64_t delegate_id, const char *name, void *),
				   void *ctx)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT d.id, d.name FROM station_delegates sd"
		    " JOIN delegates d ON d.id = sd.delegate_id"
		    " WHERE sd.station_id = ? AND d.status <> 'terminated' ORDER BY d.id");
	enum store_step r;

	store_bind_i64(st, 1, id);
	while ((r = store_step(st)) == STORE_ROW)
		if (each(store_col_i64(st, 0), store_col_text(st, 1), ctx))
			break;
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err station_has_delegate(struct store_tx *tx, int64_t id, int64_t delegate_id, bool *yes)
{
	struct store_stmt *st = store_sql(
		tx, "SELECT 1 FROM station_delegates WHERE station_id = ? AND delegate_id = ?");
	enum rd_err rc;

	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, delegate_id);
	rc = store_one(st);
	*yes = rc == RD_OK;
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

/* ---- the dashboard ---- */

/* " WHERE submitted_on BETWEEN ? AND ?" with open ends as bounds. */
static void bind_range(struct store_stmt *st, const char *from, const char *to)
{
	store_bind_text(st, 1, from ? from : "0000-00-00");
	store_bind_text(st, 2, to ? to : "9999-99-99");
}

#define RANGE " WHERE submitted_on >= ? AND submitted_on <= ?"

static enum rd_err grouped(struct store_tx *tx, const char *sql, const char *from, const char *to,
			   void (*cb)(const char *, int64_t, void *), void *ctx)
{
	struct store_stmt *st = store_sql(tx, sql);
	enum store_step r;

	bind_range(st, from, to);
	while ((r = store_step(st)) == STORE_ROW)
		if (cb)
			cb(store_col_text(st, 0), store_col_i64(st, 1), ctx);
	return r == STORE_ERROR ? store_tx_error(tx, NULL) : RD_OK;
}

enum rd_err opinion_stats(struct store_tx *tx, const char *from, const char *to,
			  const struct op_stats_cb *cb, void *ctx)
{
	struct store_stmt *st;
	enum store_step r;
	enum rd_err rc;
	int64_t closed = 0, median = 0, p90 = 0;

	st = store_sql(tx, "SELECT count(*) FROM opinions" RANGE);
	bind_range(st, from, to);
	if ((rc = store_one(st)))
		return rc;
	if (cb->total)
		cb->total(store_col_i64(st, 0), ctx);
	rc = grouped(tx,
		     "SELECT category, count(*) FROM opinions" RANGE
		     " GROUP BY category ORDER BY 2 DESC, 1",
		     from, to, cb->category, ctx);
	if (!rc)
		rc = grouped(tx,
			     "SELECT place, count(*) FROM opinions" RANGE
			     " GROUP BY place ORDER BY 2 DESC, 1 LIMIT 50",
			     from, to, cb->place, ctx);
	if (!rc)
		rc = grouped(tx,
			     "SELECT state, count(*) FROM opinions" RANGE
			     " GROUP BY state ORDER BY 1",
			     from, to, cb->state, ctx);
	if (rc)
		return rc;
	st = store_sql(tx, "SELECT substr(submitted_on, 1, 7) m, count(*),"
			   " sum(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) FROM opinions" RANGE
			   " GROUP BY m ORDER BY m");
	bind_range(st, from, to);
	while ((r = store_step(st)) == STORE_ROW)
		if (cb->month)
			cb->month(store_col_text(st, 0), store_col_i64(st, 1), store_col_i64(st, 2),
				  ctx);
	if (r == STORE_ERROR)
		return store_tx_error(tx, NULL);
	/* Days to an answer: whole days, rounded up, from submission to closure. */
	st = store_sql(tx, "SELECT count(*) FROM opinions" RANGE " AND state = 'closed'");
	bind_range(st, from, to);
	if ((rc = store_one(st)))
		return rc;
	closed = store_col_i64(st, 0);
	if (closed > 0) {
		/* Nearest rank: the ceil(p * n)-th smallest. */
		int64_t ranks[2] = {(closed + 1) / 2, (closed * 9 + 9) / 10};
		int64_t *outs[2] = {&median, &p90};

		for (int i = 0; i < 2; i++) {
			st = store_sql(tx, "SELECT (closed_at - submitted_at + 86399999) / 86400000"
					   " d FROM opinions" RANGE " AND state = 'closed'"
					   " ORDER BY d LIMIT 1 OFFSET ?");
			bind_range(st, from, to);
			store_bind_i64(st, 3, ranks[i] - 1);
			if ((rc = store_one(st)))
				return rc;
			*outs[i] = store_col_i64(st, 0);
		}
	}
	if (cb->answer_days)
		cb->answer_days(closed, median, p90, ctx);
	return RD_OK;
}
