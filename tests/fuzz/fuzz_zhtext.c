/*
 * fuzz_zhtext.c — Chinese text units, similarity, the user's search text and
 * the renda_zh tokenizer over arbitrary bytes (what citizens type into the
 * public form and staff into the search box).
 *
 * Never a crash or a leak, and:
 * - zhtext_next: units in order, within the input, pos at each unit's end,
 *   CJK units the input's own bytes, words folded (no ASCII capital) valid
 *   UTF-8 of at most ZH_WORD_MAX bytes, `joined` exactly when the unit
 *   before was a CJK character ending where this one starts;
 *   zhtext_searchable() true exactly when there is a unit;
 * - zhtext_similarity: 0..1000, symmetric, 1000 for a text with units
 *   against itself;
 * - op_match_expr: when it accepts, 1 to 8 quoted phrases separated by one
 *   space, every quote inside doubled;
 * - SQLite: the text stored in an FTS5 table with renda_zh, the expression
 *   op_match_expr makes from the same text finds it (each term is a piece
 *   of the text between spaces, so its tokens stand in a row there) and
 *   highlight() (the tokenizer's offsets) works; no statement fails.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/str.h"
#include "base/zhtext.h"
#include "store/fts_zh.h"
#include "store/opinions.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 8192

static void check_units(const char *s, size_t n)
{
	struct zh_unit u, prev;
	size_t pos = 0, count = 0;
	bool have_prev = false;

	while (zhtext_next(s, n, &pos, &u)) {
		if (u.start >= u.end || u.end > n || pos != u.end)
			abort();
		if (have_prev && u.start < prev.end)
			abort();
		if (u.len > ZH_WORD_MAX || strlen(u.text) != u.len || u.len == 0)
			abort();
		if (!str_utf8_valid(u.text, u.len))
			abort();
		if (u.kind == ZH_CJK) {
			if (u.len > 4 || u.end - u.start != u.len ||
			    memcmp(u.text, s + u.start, u.len) != 0)
				abort();
		} else {
			if (u.kind != ZH_WORD || u.joined)
				abort();
			for (size_t i = 0; i < u.len; i++)
				if (u.text[i] >= 'A' && u.text[i] <= 'Z')
					abort();
		}
		if (u.joined !=
		    (have_prev && prev.kind == ZH_CJK && u.kind == ZH_CJK && prev.end == u.start))
			abort();
		prev = u;
		have_prev = true;
		count++;
	}
	if (pos != n)
		abort();
	if (zhtext_searchable(s, n) != (count > 0))
		abort();
}

static void check_similarity(const char *s, size_t n)
{
	size_t k = n ? (unsigned char)s[0] % (n + 1) : 0;
	int ab = zhtext_similarity(s, k, s + k, n - k);
	int ba = zhtext_similarity(s + k, n - k, s, k);
	int aa = zhtext_similarity(s, n, s, n);

	if (ab < 0 || ab > 1000 || ab != ba)
		abort();
	/* Only the first 4,000 bytes count (zhtext.h). */
	if (aa != (zhtext_searchable(s, n < 4000 ? n : 4000) ? 1000 : 0))
		abort();
}

/* out is "t" or "t" "t" ...: 1..8 phrases, quotes inside doubled. */
static void check_expr(const char *out)
{
	size_t i = 0, phrases = 0;

	while (out[i]) {
		if (phrases && out[i++] != ' ')
			abort();
		if (out[i++] != '"')
			abort();
		for (;;) {
			if (!out[i])
				abort();
			if (out[i] == '"' && out[i + 1] == '"') {
				i += 2;
				continue;
			}
			if (out[i++] == '"')
				break;
		}
		phrases++;
	}
	if (phrases < 1 || phrases > 8)
		abort();
}

static sqlite3 *db;
static sqlite3_stmt *del, *ins, *find, *hl;

static void prepare(const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		abort();
}

static void open_db(void)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || fts_zh_register(db) != SQLITE_OK)
		abort();
	if (sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='renda_zh')", NULL,
			 NULL, NULL) != SQLITE_OK)
		abort();
	prepare("DELETE FROM t", &del);
	prepare("INSERT INTO t (rowid, x) VALUES (?, ?)", &ins);
	prepare("SELECT rowid FROM t WHERE t MATCH ?", &find);
	prepare("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?", &hl);
}

static void run(sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		abort();
	sqlite3_reset(st);
}

static void check_fts(const char *text, size_t n, const char *expr)
{
	bool found_text = false;
	int rc;

	run(del);
	sqlite3_bind_int64(ins, 1, 1);
	sqlite3_bind_text(ins, 2, text, (int)n, SQLITE_STATIC);
	run(ins);
	sqlite3_bind_int64(ins, 1, 2);
	sqlite3_bind_text(ins, 2, "县城修建道路，路灯维修。G105国道ＡＢＣ１", -1, SQLITE_STATIC);
	run(ins);
	if (!expr)
		return;
	sqlite3_bind_text(find, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(find)) == SQLITE_ROW)
		if (sqlite3_column_int64(find, 0) == 1)
			found_text = true;
	if (rc != SQLITE_DONE || !found_text)
		abort();
	sqlite3_reset(find);
	sqlite3_bind_text(hl, 1, expr, -1, SQLITE_STATIC);
	run(hl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[4096];
	size_t n;
	bool ok;

	if (!db)
		open_db();
	if (size > MAX_INPUT)
		size = MAX_INPUT;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_units(s, size);
	check_similarity(s, size);
	/* The search box and the table see the text up to a NUL, as a C
	 * string. */
	n = strlen(s);
	ok = op_match_expr(s, out, sizeof(out));
	if (ok)
		check_expr(out);
	check_fts(s, n, ok ? out : NULL);
	free(s);
	return 0;
}
