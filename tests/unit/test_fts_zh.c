/* test_fts_zh.c — Chinese full-text search: the renda_zh tokenizer's token
 * streams, MATCH through op_match_expr() on an in-memory FTS5 table (what
 * is found, what is not, user text that looks like FTS5 syntax), and the
 * issues' search in a real store (filters, order, totals and their cap, the
 * index following inserts, updates and deletes, likely duplicates). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/fts_zh.h"
#include "store/opinions.h"
#include "base/banned.h"

/* ---- the tokenizer's streams ---- */

struct stream {
	char out[1024];
	size_t k;
	int ntext;
};

static int collect(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	struct stream *s = ctx;

	assert_true(n > 0);
	assert_true(start >= 0 && start < end && end <= s->ntext);
	s->k += (size_t)snprintf(s->out + s->k, sizeof(s->out) - s->k, "%s%s%.*s", s->k ? " " : "",
				 (flags & FTS5_TOKEN_COLOCATED) ? "=" : "", n, tok);
	assert_true(s->k < sizeof(s->out));
	return SQLITE_OK;
}

/* The tokens renda_zh gives for text: "=" marks a colocated token. */
static const char *tokens(sqlite3 *db, int flags, const char *text)
{
	static struct stream s;
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	fts5_tokenizer tok;
	Fts5Tokenizer *t = NULL;
	void *uctx = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	assert_non_null(api);
	assert_int_equal(api->xFindTokenizer(api, "renda_zh", &uctx, &tok), SQLITE_OK);
	assert_int_equal(tok.xCreate(uctx, NULL, 0, &t), SQLITE_OK);
	memset(&s, 0, sizeof(s));
	s.ntext = (int)strlen(text);
	assert_int_equal(tok.xTokenize(t, &s, flags, text, s.ntext, collect), SQLITE_OK);
	tok.xDelete(t);
	return s.out;
}

static sqlite3 *open_memory(void)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(fts_zh_register(db), SQLITE_OK);
	return db;
}

#define DOC   FTS5_TOKENIZE_DOCUMENT
#define QUERY FTS5_TOKENIZE_QUERY

static void test_document_tokens(void **state)
{
	sqlite3 *db = open_memory();

	(void)state;
	/* Each character at its own position, the pair it starts colocated. */
	assert_string_equal(tokens(db, DOC, "修建道路"), "修 =修建 建 =建道 道 =道路 路");
	assert_string_equal(tokens(db, DOC, "路"), "路");
	/* Punctuation, spaces and words break the pairs: no 路维. */
	assert_string_equal(tokens(db, DOC, "道路，维修"), "道 =道路 路 维 =维修 修");
	assert_string_equal(tokens(db, DOC, "道路 维修"), "道 =道路 路 维 =维修 修");
	assert_string_equal(tokens(db, DOC, "G105国道"), "g105 国 =国道 道");
	assert_string_equal(tokens(db, DOC, "ＡＢＣ１小区"), "abc1 小 =小区 区");
	assert_string_equal(tokens(db, DOC, "道\xff路"), "道 路");
	assert_string_equal(tokens(db, DOC, "，。 !"), "");
	assert_string_equal(tokens(db, DOC, ""), "");
	/* An AUX pass (highlight, snippet) sees the document's stream. */
	assert_string_equal(tokens(db, FTS5_TOKENIZE_AUX, "路灯"), "路 =路灯 灯");
	sqlite3_close(db);
}

static void test_query_tokens(void **state)
{
	sqlite3 *db = open_memory();

	(void)state;
	/* A run of two or more: its pairs, in a row. */
	assert_string_equal(tokens(db, QUERY, "道路"), "道路");
	assert_string_equal(tokens(db, QUERY, "路灯维修"), "路灯 灯维 维修");
	/* One character alone: itself. */
	assert_string_equal(tokens(db, QUERY, "路"), "路");
	assert_string_equal(tokens(db, QUERY, "G105"), "g105");
	assert_string_equal(tokens(db, QUERY, "ＡＢＣ１"), "abc1");
	assert_string_equal(tokens(db, QUERY, "G105国道"), "g105 国道");
	assert_string_equal(tokens(db, QUERY, "路3"), "路 3");
	assert_string_equal(tokens(db, QUERY, "3路"), "3 路");
	/* A run followed by more in the same phrase ends with its last
	 * character, so that the positions line up with the document's (where
	 * every character takes a position). */
	assert_string_equal(tokens(db, QUERY, "国道G105"), "国道 道 g105");
	assert_string_equal(tokens(db, QUERY, "道路，维修"), "道路 路 维修");
	assert_string_equal(tokens(db, QUERY, "道路，灯"), "道路 路 灯");
	assert_string_equal(tokens(db, QUERY, "路，灯"), "路 灯");
	assert_string_equal(tokens(db, QUERY, "，"), "");
	sqlite3_close(db);
}

/* ---- MATCH through op_match_expr on an in-memory table ---- */

static const char *const docs[] = {
	NULL,
	/* 1 */ "修建道路",
	/* 2 */ "路灯维修",
	/* 3 */ "道路，维修",
	/* 4 */ "路边有一条小道", /* 路 and 道, never 道路 */
	/* 5 */ "G105国道拓宽",
	/* 6 */ "ＡＢＣ１小区",
	/* 7 */ "WiFi信号差",
	/* 8 */ "学校门口路灯坏了",
	/* 9 */ "道\xff路", /* a stray byte between */
	/* 10 */ "国道G105",
	/* 11 */ "路维",
};
#define NDOCS (sizeof(docs) / sizeof(docs[0]))

static sqlite3 *open_docs(void)
{
	sqlite3 *db = open_memory();
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_exec(db,
				      "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='renda_zh')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(db, "INSERT INTO t (rowid, x) VALUES (?, ?)", -1, &st, NULL),
		SQLITE_OK);
	for (size_t i = 1; i < NDOCS; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		sqlite3_bind_text(st, 2, docs[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return db;
}

/* The rows q finds as a list "1,3", or "-" when op_match_expr refuses q.
 * Any SQLite error fails the test: user text must never be a syntax error. */
static const char *found(sqlite3 *db, const char *q)
{
	static char out[256];
	char expr[512];
	sqlite3_stmt *st = NULL;
	size_t k = 0;
	int rc;

	out[0] = '\0';
	if (!op_match_expr(q, expr, sizeof(expr)))
		return "-";
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%lld", k ? "," : "",
				      (long long)sqlite3_column_int64(st, 0));
	if (rc != SQLITE_DONE)
		fail_msg("%s -> %s: %s", q, expr, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return out;
}

static void test_match_words(void **state)
{
	sqlite3 *db = open_docs();

	(void)state;
	/* Two-character words, wherever they stand. */
	assert_string_equal(found(db, "道路"), "1,3");
	assert_string_equal(found(db, "路灯"), "2,8");
	assert_string_equal(found(db, "国道"), "5,10");
	/* One character: every document with it. */
	assert_string_equal(found(db, "灯"), "2,8");
	assert_string_equal(found(db, "路"), "1,2,3,4,8,9,11");
	assert_string_equal(found(db, "宽"), "5");
	/* Longer strings: exactly the documents containing them, not those
	 * with the same characters scattered. */
	assert_string_equal(found(db, "路灯维修"), "2");
	assert_string_equal(found(db, "修建道路"), "1");
	assert_string_equal(found(db, "建道路"), "1");
	assert_string_equal(found(db, "门口路灯坏了"), "8");
	assert_string_equal(found(db, "路灯坏"), "8");
	assert_string_equal(found(db, "道路维修"), "");
	assert_string_equal(found(db, "小道路"), "");
	/* Nothing across punctuation or a stray byte. */
	assert_string_equal(found(db, "路维"), "11");
	/* Absent characters. */
	assert_string_equal(found(db, "医院"), "");
	assert_string_equal(found(db, "医"), "");
	sqlite3_close(db);
}

static void test_match_mixed(void **state)
{
	sqlite3 *db = open_docs();

	(void)state;
	assert_string_equal(found(db, "G105"), "5,10");
	assert_string_equal(found(db, "g105"), "5,10");
	assert_string_equal(found(db, "Ｇ１０５"), "5,10");
	assert_string_equal(found(db, "G105国道"), "5");
	assert_string_equal(found(db, "国道G105"), "10");
	assert_string_equal(found(db, "G105国道拓宽"), "5");
	/* Full-width and case fold both ways; a word is whole, not a prefix. */
	assert_string_equal(found(db, "abc1"), "6");
	assert_string_equal(found(db, "ABC1"), "6");
	assert_string_equal(found(db, "ＡＢＣ１小区"), "6");
	assert_string_equal(found(db, "abc"), "");
	assert_string_equal(found(db, "wifi"), "7");
	assert_string_equal(found(db, "WIFI信号"), "7");
	assert_string_equal(found(db, "ｗｉｆｉ信号差"), "7");
	sqlite3_close(db);
}

static void test_match_terms(void **state)
{
	sqlite3 *db = open_docs();

	(void)state;
	/* Terms split at spaces (ASCII or ideographic) must all be found. */
	assert_string_equal(found(db, "道路 维修"), "3");
	assert_string_equal(found(db, "道路　维修"), "3");
	assert_string_equal(found(db, "  路灯\t学校 "), "8");
	assert_string_equal(found(db, "路 灯"), "2,8");
	/* Inside one term punctuation separates characters, and the text
	 * around it must still be found in order. */
	assert_string_equal(found(db, "道路，维修"), "3");
	assert_string_equal(found(db, "道路,维修"), "3");
	/* Like FTS5's own phrases: what separates is not itself looked for. */
	assert_string_equal(found(db, "路，维"), "3,11");
	sqlite3_close(db);
}

static void test_match_syntax_inert(void **state)
{
	sqlite3 *db = open_docs();

	(void)state;
	/* Quotes: doubled inside the phrase, so they only separate. */
	assert_string_equal(found(db, "\"道路\""), "1,3");
	assert_string_equal(found(db, "道路\""), "1,3");
	assert_string_equal(found(db, "\"\"\"道路"), "1,3");
	assert_string_equal(found(db, "\"道路 OR \"学校"), "");
	/* Operators are words to look for, not operators. */
	assert_string_equal(found(db, "道路 OR 学校"), "");
	assert_string_equal(found(db, "道路 AND 路灯"), "");
	assert_string_equal(found(db, "NOT 道路"), "");
	assert_string_equal(found(db, "道路 NOT 维修"), "");
	assert_string_equal(found(db, "NEAR(道路 维修)"), "");
	assert_string_equal(found(db, "NEAR(道路"), "");
	/* Prefix, initial-token, column filters and groups have no effect. */
	assert_string_equal(found(db, "wi*"), "");
	assert_string_equal(found(db, "道路*"), "1,3");
	assert_string_equal(found(db, "^道路"), "1,3");
	assert_string_equal(found(db, "x:道路"), "");
	assert_string_equal(found(db, "title:道路"), "");
	assert_string_equal(found(db, "{x}:道路"), "");
	assert_string_equal(found(db, "-x:道路"), "");
	assert_string_equal(found(db, "(道路)"), "1,3");
	assert_string_equal(found(db, "道路+维修"), "3");
	assert_string_equal(found(db, "路灯 -维修"), "2");
	sqlite3_close(db);
}

static void test_match_expr(void **state)
{
	char out[256];

	(void)state;
	assert_true(op_match_expr("道路 维修", out, sizeof(out)));
	assert_string_equal(out, "\"道路\" \"维修\"");
	assert_true(op_match_expr("　道路　", out, sizeof(out)));
	assert_string_equal(out, "\"道路\"");
	assert_true(op_match_expr("a\"b", out, sizeof(out)));
	assert_string_equal(out, "\"a\"\"b\"");
	/* Terms with nothing searchable are dropped. */
	assert_true(op_match_expr("，道路 ！ \"\"", out, sizeof(out)));
	assert_string_equal(out, "\"，道路\"");
	/* Nothing to search for. */
	assert_false(op_match_expr("", out, sizeof(out)));
	assert_false(op_match_expr("   ", out, sizeof(out)));
	assert_false(op_match_expr("　\t", out, sizeof(out)));
	assert_false(op_match_expr("，。！", out, sizeof(out)));
	assert_false(op_match_expr("\"\" * ^ : ( )", out, sizeof(out)));
	assert_false(op_match_expr("\xff\xfe", out, sizeof(out)));
	/* At most eight terms. */
	assert_true(op_match_expr("a b c d e f g h", out, sizeof(out)));
	assert_false(op_match_expr("a b c d e f g h i", out, sizeof(out)));
	assert_true(op_match_expr("a b c d e f g h ，", out, sizeof(out)));
	/* Too long for out: refused, never cut. */
	assert_false(op_match_expr("道路", out, 8));
	assert_false(op_match_expr("道路", out, 15)); /* room kept for doubled quotes */
	assert_true(op_match_expr("道路", out, 16));
	assert_string_equal(out, "\"道路\"");
	assert_false(op_match_expr("\"\"\"a", out, 10));
}

/* ---- the issues in a store ---- */

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct store_options opt = {0};
	struct rd_error err = {0};

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/renda-test-fts-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/renda.db", f->dir);
	opt.path = f->path;
	if (store_open(&opt, &f->s, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct dirent *e;
	char p[400];
	DIR *d;

	store_free(f->s);
	d = opendir(f->dir);
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Plain SQL in a write transaction (several statements, no results). */
static enum rd_err exec_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	const char *sql = ctx;
	enum rd_err rc = RD_OK;

	(void)err;
	while (*sql && rc == RD_OK) {
		const char *end = strchr(sql, ';');
		char one[512];
		size_t n = end ? (size_t)(end - sql) : strlen(sql);

		assert_true(n < sizeof(one));
		memcpy(one, sql, n);
		one[n] = '\0';
		rc = store_exec(store_sql(tx, one));
		sql += n + (end ? 1 : 0);
	}
	return rc;
}

static void exec_sql(struct fixture *f, const char *sql)
{
	struct rd_error err = {0};

	assert_int_equal(store_write(f->s, exec_fn, (void *)sql, &err), RD_OK);
}

struct seed {
	const char *title, *content, *place, *category, *state, *on;
	int64_t delegate_id, station_id, addressed_to;
};

/* Ids follow the order here: 1 is the oldest. */
static const struct seed seeds[] = {
	{"城关镇修建道路", "城关镇东街道路年久失修，坑洼不平，请求修建道路。", "城关镇",
	 "roads_transport", "submitted", "2025-01-05", 0, 0, 0},
	{"南关小学门口路灯不亮", "南关小学门口的路灯坏了三个月，晚上学生放学很不安全。", "城关镇",
	 "roads_transport", "routed", "2025-02-10", 1, 0, 0},
	{"村卫生室缺医生", "李家村卫生室只有一名医生，看病要排很久。", "李家乡", "health", "taken",
	 "2025-03-15", 2, 0, 0},
	{"G105国道路口拥堵", "G105国道与城关大道路口早晚高峰拥堵，希望增设信号灯。", "城关镇",
	 "roads_transport", "closed", "2025-04-20", 0, 1, 0},
	{"冬季供暖不热", "幸福小区冬季供暖温度只有十四度，老人孩子受冻。", "城关镇", "housing",
	 "submitted", "2025-05-25", 0, 0, 2},
	{"乡村道路维修", "李家乡通往王庄村的道路，路面破损严重。", "李家乡", "roads_transport",
	 "submitted", "2025-06-30", 0, 0, 0},
};
#define NSEEDS (sizeof(seeds) / sizeof(seeds[0]))

static enum rd_err seed_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct opinion *o = malloc(sizeof(*o));
	enum rd_err rc = RD_OK;

	(void)ctx;
	(void)err;
	assert_non_null(o);
	for (size_t i = 0; i < NSEEDS && rc == RD_OK; i++) {
		const struct seed *s = &seeds[i];

		memset(o, 0, sizeof(*o));
		snprintf(o->code, sizeof(o->code), "TEST-%04zu", i + 1);
		snprintf(o->title, sizeof(o->title), "%s", s->title);
		snprintf(o->content, sizeof(o->content), "%s", s->content);
		snprintf(o->place, sizeof(o->place), "%s", s->place);
		snprintf(o->category, sizeof(o->category), "%s", s->category);
		snprintf(o->state, sizeof(o->state), "%s", s->state);
		snprintf(o->submitted_on, sizeof(o->submitted_on), "%s", s->on);
		o->submitted_at = 1735660800000LL + (int64_t)i * 86400000LL;
		o->delegate_id = s->delegate_id;
		o->station_id = s->station_id;
		o->addressed_to = s->addressed_to;
		rc = opinion_create(tx, o, i == 0 ? "张三" : "", i == 0 ? "13800000000" : "");
		assert_int_equal(o->id, (int64_t)i + 1);
	}
	free(o);
	return rc;
}

/* Two delegates (1 and 2) and a station (1) whose delegate is 2. */
static int setup_seeded(void **state)
{
	struct fixture *f;
	struct rd_error err = {0};

	if (setup(state))
		return -1;
	f = *state;
	exec_sql(f, "INSERT INTO terms (id, number, name) VALUES (1, 18, '第十八届');"
		    "INSERT INTO delegates (id, term_id, name, gender, card_code)"
		    " VALUES (1, 1, '王一', 'male', 'C1'), (2, 1, '李二', 'female', 'C2');"
		    "INSERT INTO liaison_stations (id, name, created_at) VALUES (1, '城关站', 0);"
		    "INSERT INTO station_delegates (station_id, delegate_id) VALUES (1, 2)");
	return store_write(f->s, seed_fn, NULL, &err) == RD_OK ? 0 : -1;
}

struct search {
	struct op_filter f;
	char ids[256]; /* the page as "3,1" */
	size_t k;
	int64_t total;
	bool capped;
	enum rd_err rc;
	int stop_after; /* rows the reader takes before it stops; 0 all */
	int seen;
};

static int each_row(const struct opinion *o, void *ctx)
{
	struct search *s = ctx;

	s->k += (size_t)snprintf(s->ids + s->k, sizeof(s->ids) - s->k, "%s%lld", s->k ? "," : "",
				 (long long)o->id);
	assert_true(s->k < sizeof(s->ids));
	return s->stop_after && ++s->seen >= s->stop_after;
}

static enum rd_err search_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct search *s = ctx;

	(void)err;
	s->k = 0;
	s->seen = 0;
	s->ids[0] = '\0';
	return opinions_search(tx, &s->f, each_row, s, &s->total, &s->capped);
}

/* Runs a search; q (if not NULL) through op_match_expr. Returns the page. */
static const char *search(struct fixture *f, struct search *s, const char *q)
{
	static char expr[512];
	struct rd_error err = {0};

	if (!s->f.limit)
		s->f.limit = 20;
	if (q) {
		assert_true(op_match_expr(q, expr, sizeof(expr)));
		s->f.match = expr;
	}
	s->rc = store_read(f->s, search_fn, s, &err);
	assert_int_equal(s->rc, RD_OK);
	return s->ids;
}

static void test_search_all_newest_first(void **state)
{
	struct fixture *f = *state;
	struct search s = {0};

	assert_string_equal(search(f, &s, NULL), "6,5,4,3,2,1");
	assert_int_equal(s.total, 6);
	assert_false(s.capped);
	/* Pages: the total stays that of the whole search. */
	memset(&s, 0, sizeof(s));
	s.f.limit = 2;
	s.f.offset = 2;
	assert_string_equal(search(f, &s, NULL), "4,3");
	assert_int_equal(s.total, 6);
	s.f.offset = 6;
	assert_string_equal(search(f, &s, NULL), "");
	assert_int_equal(s.total, 6);
	s.f.offset = 60;
	assert_string_equal(search(f, &s, NULL), "");
	assert_int_equal(s.total, 6);
	/* The last page, part full: the total is what it shows and before. */
	s.f.limit = 4;
	s.f.offset = 4;
	assert_string_equal(search(f, &s, NULL), "2,1");
	assert_int_equal(s.total, 6);
	memset(&s, 0, sizeof(s));
	s.f.limit = 4;
	s.f.offset = 4;
	assert_string_equal(search(f, &s, "道路"), "");
	assert_int_equal(s.total, 3);
	s.f.offset = 2;
	assert_string_equal(search(f, &s, "道路"), "1");
	assert_int_equal(s.total, 3);
	/* A reader that stops early still gets the whole total. */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_string_equal(search(f, &s, "道路"), "6");
	assert_int_equal(s.total, 3);
}

static void test_search_text(void **state)
{
	struct fixture *f = *state;
	struct search s = {0};

	/* In the title or the content, newest first. */
	assert_string_equal(search(f, &s, "道路"), "6,4,1");
	assert_int_equal(s.total, 3);
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "路灯"), "2");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "医"), "3");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "g105"), "4");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "供暖 老人"), "5");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "供暖 医生"), "");
	assert_int_equal(s.total, 0);
	/* The contact details are not indexed. */
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "张三"), "");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "13800000000"), "");
}

static void test_search_filters(void **state)
{
	struct fixture *f = *state;
	struct search s = {0};

	s.f.category = "roads_transport";
	assert_string_equal(search(f, &s, NULL), "6,4,2,1");
	assert_int_equal(s.total, 4);
	memset(&s, 0, sizeof(s));
	s.f.category = "roads_transport";
	s.f.place = "城关镇";
	assert_string_equal(search(f, &s, "道路"), "4,1");
	assert_int_equal(s.total, 2);
	memset(&s, 0, sizeof(s));
	s.f.place = "李家乡";
	assert_string_equal(search(f, &s, "道路"), "6");
	memset(&s, 0, sizeof(s));
	s.f.state = "submitted";
	assert_string_equal(search(f, &s, NULL), "6,5,1");
	memset(&s, 0, sizeof(s));
	s.f.from = "2025-03-15";
	s.f.to = "2025-05-25";
	assert_string_equal(search(f, &s, NULL), "5,4,3");
	memset(&s, 0, sizeof(s));
	s.f.from = "2025-03-16";
	assert_string_equal(search(f, &s, "道路"), "6,4");
	/* Routed to the station, or a delegate's own, addressed or routed. */
	memset(&s, 0, sizeof(s));
	s.f.station_id = 1;
	assert_string_equal(search(f, &s, NULL), "4");
	memset(&s, 0, sizeof(s));
	s.f.delegate_id = 2;
	assert_string_equal(search(f, &s, NULL), "5,3");
	/* A delegate's view: theirs and their stations'. */
	memset(&s, 0, sizeof(s));
	s.f.viewer_delegate = 2;
	assert_string_equal(search(f, &s, NULL), "5,4,3");
	assert_int_equal(s.total, 3);
	memset(&s, 0, sizeof(s));
	s.f.viewer_delegate = 1;
	assert_string_equal(search(f, &s, NULL), "2");
	memset(&s, 0, sizeof(s));
	s.f.viewer_delegate = 1;
	assert_string_equal(search(f, &s, "道路"), "");
	assert_int_equal(s.total, 0);
	/* Every filter at once. */
	memset(&s, 0, sizeof(s));
	s.f.viewer_delegate = 2;
	s.f.category = "roads_transport";
	s.f.place = "城关镇";
	s.f.state = "closed";
	s.f.from = "2025-01-01";
	s.f.to = "2025-12-31";
	s.f.station_id = 1;
	assert_string_equal(search(f, &s, "路口 拥堵"), "4");
}

static void test_index_follows_changes(void **state)
{
	struct fixture *f = *state;
	struct search s = {0};

	/* An edited title and content: the old words are gone, the new found. */
	exec_sql(f, "UPDATE opinions SET title = '南关小学门口积水',"
		    " content = '下雨后南关小学门口积水很深，学生上学要蹚水。' WHERE id = 2");
	assert_string_equal(search(f, &s, "路灯"), "");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "积水"), "2");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "蹚水"), "2");
	/* A change of state alone leaves the index as it was. */
	exec_sql(f, "UPDATE opinions SET state = 'closed', closed_at = 1 WHERE id = 2");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "积水"), "2");
	/* A removed issue leaves the index. */
	exec_sql(f, "DELETE FROM opinion_contacts WHERE opinion_id = 1;"
		    "DELETE FROM opinions WHERE id = 1");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "道路"), "6,4");
	/* A new one is found at once. */
	exec_sql(f, "INSERT INTO opinions (code, title, content, place, category, submitted_at,"
		    " submitted_on) VALUES ('TEST-0007', '道路积水', '城关镇西街道路积水。',"
		    " '城关镇', 'roads_transport', 1, '2025-07-01')");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "积水"), "7,2");
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "道路"), "7,6,4");
	/* And the index is sound after the deletes and re-inserts of the
	 * triggers (SQLite 3.40 checks the index itself, not the table). */
	exec_sql(f, "INSERT INTO opinions_fts (opinions_fts) VALUES ('integrity-check')");
}

static void test_filters_follow_changes(void **state)
{
	struct fixture *f = *state;
	struct search s = {0};

	/* Triage moves an issue to another category, place and state: the
	 * filtered text search follows. */
	exec_sql(f, "UPDATE opinions SET category = 'public_safety', place = '城关',"
		    " state = 'closed' WHERE id = 6");
	s.f.category = "public_safety";
	assert_string_equal(search(f, &s, "道路"), "6");
	memset(&s, 0, sizeof(s));
	s.f.category = "roads_transport";
	assert_string_equal(search(f, &s, "道路"), "4,1");
	s.f.limit = 1;
	assert_string_equal(search(f, &s, "道路"), "4");
	assert_int_equal(s.total, 2);
	s.f.state = "closed";
	assert_string_equal(search(f, &s, "道路"), "4");
	assert_int_equal(s.total, 1);
	s.f.place = "城关镇";
	s.f.state = NULL;
	assert_string_equal(search(f, &s, "道路"), "4");
	assert_int_equal(s.total, 2);
	/* A place is matched whole: 城关 is not 城关镇, nor the other way. */
	memset(&s, 0, sizeof(s));
	s.f.place = "城关";
	assert_string_equal(search(f, &s, "道路"), "6");
	assert_int_equal(s.total, 1);
	memset(&s, 0, sizeof(s));
	s.f.place = "城关镇";
	assert_string_equal(search(f, &s, "道路"), "4,1");
	memset(&s, 0, sizeof(s));
	s.f.state = "closed";
	s.f.place = "城关";
	assert_string_equal(search(f, &s, "道路"), "6");
	/* Long places that share their first 40 bytes stay apart. */
	exec_sql(
		f,
		"UPDATE opinions SET place = '城关镇东街社区幸福小区三号楼二单元门口' WHERE id = 1;"
		"UPDATE opinions SET place = '城关镇东街社区幸福小区三号楼二单元后面' WHERE id = "
		"4");
	memset(&s, 0, sizeof(s));
	s.f.place = "城关镇东街社区幸福小区三号楼二单元门口";
	assert_string_equal(search(f, &s, "道路"), "1");
	assert_int_equal(s.total, 1);
	memset(&s, 0, sizeof(s));
	s.f.limit = 1;
	s.f.place = "城关镇东街社区幸福小区三号楼二单元后面";
	assert_string_equal(search(f, &s, "道路"), "4");
	assert_int_equal(s.total, 1);
	/* Filter values are data, never query syntax. */
	memset(&s, 0, sizeof(s));
	s.f.category = "\" OR \"x";
	s.f.place = "\"";
	s.f.state = "closed\" OR zzs";
	assert_string_equal(search(f, &s, "道路"), "");
	assert_int_equal(s.total, 0);
}

struct many {
	int n;
};

static enum rd_err many_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct many *m = ctx;
	enum rd_err rc = RD_OK;
	char code[24];

	(void)err;
	for (int i = 0; i < m->n && rc == RD_OK; i++) {
		struct store_stmt *st = store_sql(
			tx, "INSERT INTO opinions (code, title, content, place, category,"
			    " submitted_at, submitted_on) VALUES (?, '路灯不亮', ?, '城关镇',"
			    " 'roads_transport', ?, '2025-08-01')");

		snprintf(code, sizeof(code), "MANY-%06d", i);
		store_bind_text(st, 1, code);
		store_bind_text(st, 2, i % 2 ? "东街路灯坏了" : "西街路灯坏了");
		store_bind_i64(st, 3, i);
		rc = store_exec(st);
	}
	return rc;
}

static void test_count_cap(void **state)
{
	struct fixture *f = *state;
	struct many m = {OP_COUNT_CAP};
	struct rd_error err = {0};
	struct search s = {0};

	/* Issue 2 has 路灯 too: OP_COUNT_CAP + 1 matches in all. */
	assert_int_equal(store_write(f->s, many_fn, &m, &err), RD_OK);
	assert_string_equal(search(f, &s, "路灯"), "10006,10005,10004,10003,10002,10001,10000,"
						   "9999,9998,9997,9996,9995,9994,9993,9992,9991,"
						   "9990,9989,9988,9987");
	assert_int_equal(s.total, OP_COUNT_CAP);
	assert_true(s.capped);
	/* Exactly at the cap, and under it, the count is exact. */
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "街路灯坏了"), "10006,10005,10004,10003,10002,10001,"
							 "10000,9999,9998,9997,9996,9995,9994,"
							 "9993,9992,9991,9990,9989,9988,9987");
	assert_int_equal(s.total, OP_COUNT_CAP);
	assert_false(s.capped);
	memset(&s, 0, sizeof(s));
	assert_string_equal(search(f, &s, "东街路灯"), "10006,10004,10002,10000,9998,9996,9994,"
						       "9992,9990,9988,9986,9984,9982,9980,9978,"
						       "9976,9974,9972,9970,9968");
	assert_int_equal(s.total, OP_COUNT_CAP / 2);
	assert_false(s.capped);
	memset(&s, 0, sizeof(s));
	s.f.category = "roads_transport";
	s.f.limit = 1;
	assert_string_equal(search(f, &s, NULL), "10006");
	assert_int_equal(s.total, OP_COUNT_CAP);
	assert_true(s.capped);
	memset(&s, 0, sizeof(s));
	s.f.category = "health";
	assert_string_equal(search(f, &s, NULL), "3");
	assert_int_equal(s.total, 1);
	assert_false(s.capped);
}

struct similar {
	struct opinion o;
	char ids[128];
	size_t k;
	int scores[8];
	int n;
};

static int each_similar(const struct opinion *o, int score, void *ctx)
{
	struct similar *s = ctx;

	s->k += (size_t)snprintf(s->ids + s->k, sizeof(s->ids) - s->k, "%s%lld", s->k ? "," : "",
				 (long long)o->id);
	s->scores[s->n++] = score;
	return 0;
}

static enum rd_err similar_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct similar *s = ctx;
	enum rd_err rc;

	(void)err;
	rc = opinion_get(tx, s->o.id, &s->o);
	if (rc)
		return rc;
	return opinion_similar(tx, &s->o, 300, each_similar, s);
}

static void test_similar(void **state)
{
	struct fixture *f = *state;
	struct similar *s = calloc(1, sizeof(*s));
	struct rd_error err = {0};

	assert_non_null(s);
	/* 7: the same street lamp again, in other words; 8: the same, merged. */
	exec_sql(f, "INSERT INTO opinions (code, title, content, place, category, submitted_at,"
		    " submitted_on) VALUES ('TEST-0007', '南关小学门口路灯坏了',"
		    " '南关小学门口路灯坏了三个月了，晚上学生放学不安全。', '城关镇',"
		    " 'roads_transport', 1, '2025-07-01');"
		    "INSERT INTO opinions (code, title, content, place, category, state,"
		    " submitted_at, submitted_on) VALUES ('TEST-0008', '南关小学门口路灯不亮',"
		    " '南关小学门口的路灯坏了三个月，晚上学生放学很不安全。', '城关镇',"
		    " 'roads_transport', 'merged', 1, '2025-07-02')");
	s->o.id = 2;
	assert_int_equal(store_read(f->s, similar_fn, s, &err), RD_OK);
	/* Not itself, not the merged copy; the unrelated issues score too low. */
	assert_string_equal(s->ids, "7");
	assert_true(s->scores[0] >= 600 && s->scores[0] < 1000);
	/* Nothing to compare in a title without units. */
	memset(s, 0, sizeof(*s));
	exec_sql(f, "UPDATE opinions SET title = '！！！' WHERE id = 5");
	s->o.id = 5;
	assert_int_equal(store_read(f->s, similar_fn, s, &err), RD_OK);
	assert_string_equal(s->ids, "");
	free(s);
}

struct seen {
	const char *title, *content;
	int64_t since;
	bool yes;
};

static enum rd_err seen_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct seen *s = ctx;

	(void)err;
	return opinion_seen(tx, s->title, s->content, s->since, &s->yes);
}

static bool seen(struct fixture *f, const char *title, const char *content, int64_t since)
{
	struct seen s = {title, content, since, false};
	struct rd_error err = {0};

	assert_int_equal(store_read(f->s, seen_fn, &s, &err), RD_OK);
	return s.yes;
}

static void test_seen(void **state)
{
	struct fixture *f = *state;
	/* Submitted at 2025-03-01T23:30Z, which is 2025-03-02 in Shanghai. */
	const int64_t at = 1740871800000LL;

	exec_sql(f, "INSERT INTO opinions (code, title, content, place, category, submitted_at,"
		    " submitted_on) VALUES ('TEST-0007', '同一件事', '同一件事的内容，一字不差。',"
		    " '城关镇', 'other', 1740871800000, '2025-03-02')");
	/* The same text since a day before, since the very instant. */
	assert_true(seen(f, "同一件事", "同一件事的内容，一字不差。", at - 86400000LL));
	assert_true(seen(f, "同一件事", "同一件事的内容，一字不差。", at));
	/* Not after it, not with other text. */
	assert_false(seen(f, "同一件事", "同一件事的内容，一字不差。", at + 1));
	assert_false(seen(f, "同一件事", "同一件事的内容。", at - 86400000LL));
	assert_false(seen(f, "另一件事", "同一件事的内容，一字不差。", at - 86400000LL));
	/* Since the epoch and before it: everything counts. */
	assert_true(seen(f, "同一件事", "同一件事的内容，一字不差。", 0));
	assert_true(seen(f, "同一件事", "同一件事的内容，一字不差。", -86400000LL * 400));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_tokens),
		cmocka_unit_test(test_query_tokens),
		cmocka_unit_test(test_match_words),
		cmocka_unit_test(test_match_mixed),
		cmocka_unit_test(test_match_terms),
		cmocka_unit_test(test_match_syntax_inert),
		cmocka_unit_test(test_match_expr),
		cmocka_unit_test_setup_teardown(test_search_all_newest_first, setup_seeded,
						teardown),
		cmocka_unit_test_setup_teardown(test_search_text, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_search_filters, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_changes, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_filters_follow_changes, setup_seeded,
						teardown),
		cmocka_unit_test_setup_teardown(test_count_cap, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_similar, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_seen, setup_seeded, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
