/*
 * fts_zh.c — the FTS5 tokenizer "renda_zh" for Chinese full-text search.
 *
 * A document is indexed as its units (base/zhtext.h): each CJK character at
 * its own position, with the pair it starts (itself and the next character)
 * as a colocated token at the same position; each word of letters or digits
 * as one folded token. A query term is cut the same way but a CJK run of two
 * or more characters becomes its pairs only, at consecutive positions, so
 * "路灯维修" looks for 路灯·灯维·维修 in a row — exactly the documents that
 * contain the string, found through the index, without the false matches of
 * single characters and without the trigram tokenizer's blindness to
 * two-character words. A single character is looked up as itself. When
 * more follows a run in the same phrase ("国道G105", "道路，维修"), the run's
 * last character is given after its pairs: a run of n characters takes n
 * positions in a document but only n - 1 pairs, and without it what follows
 * would be looked for one position too early and never found.
 */
#include "store/fts_zh.h"

#include <string.h>

#include "base/zhtext.h"
#include "base/banned.h"

static int zh_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	if (argc > 0)
		return SQLITE_ERROR; /* renda_zh takes no options */
	/* No state: any non-NULL handle will do. */
	*out = (Fts5Tokenizer *)zh_create;
	return SQLITE_OK;
}

static void zh_delete(Fts5Tokenizer *t)
{
	(void)t;
}

typedef int (*token_cb)(void *, int, const char *, int, int, int);

/* The pair a and b (adjacent CJK characters) as one token. */
static int emit_pair(const struct zh_unit *a, const struct zh_unit *b, int flags, void *ctx,
		     token_cb cb)
{
	char pair[2 * 4];

	memcpy(pair, a->text, a->len);
	memcpy(pair + a->len, b->text, b->len);
	return cb(ctx, flags, pair, (int)(a->len + b->len), (int)a->start, (int)b->end);
}

static int emit_unit(const struct zh_unit *u, void *ctx, token_cb cb)
{
	return cb(ctx, 0, u->text, (int)u->len, (int)u->start, (int)u->end);
}

/*
 * One pass, no buffering. A document gives each character, then (when the
 * next character follows it directly) the pair colocated with it, so the
 * pair sits at the first character's position. A query gives the pairs of a
 * run; when the run ends and another unit follows, the run's last character
 * (the whole run, if it is one character long) is given before it, and a
 * one-character run at the very end is given last.
 */
static int zh_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
		       token_cb cb)
{
	struct zh_unit u, prev;
	size_t pos = 0;
	bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	bool have_prev = false; /* prev is a CJK character */
	bool alone = false;	/* query: prev is a run of one character */
	int rc = SQLITE_OK;

	(void)t;
	if (ntext <= 0)
		return SQLITE_OK;
	while (rc == SQLITE_OK && zhtext_next(text, (size_t)ntext, &pos, &u)) {
		bool pair = have_prev && u.kind == ZH_CJK && u.joined;

		if (query) {
			if (have_prev && !pair)
				rc = emit_unit(&prev, ctx, cb);
			if (rc == SQLITE_OK && pair)
				rc = emit_pair(&prev, &u, 0, ctx, cb);
			alone = u.kind == ZH_CJK && !pair;
		} else {
			if (pair)
				rc = emit_pair(&prev, &u, FTS5_TOKEN_COLOCATED, ctx, cb);
			if (rc == SQLITE_OK && u.kind == ZH_CJK)
				rc = emit_unit(&u, ctx, cb);
		}
		if (rc == SQLITE_OK && u.kind == ZH_WORD)
			rc = emit_unit(&u, ctx, cb);
		have_prev = u.kind == ZH_CJK;
		prev = u;
	}
	if (rc == SQLITE_OK && alone)
		rc = emit_unit(&prev, ctx, cb);
	return rc;
}

int fts_zh_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	fts5_tokenizer tok = {zh_create, zh_delete, zh_tokenize};
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "renda_zh", NULL, &tok, NULL);
}
