/*
 * fts_zh.h — the FTS5 tokenizer "renda_zh" (Chinese: characters and
 * character pairs; see fts_zh.c). Every connection registers it before
 * touching a table that uses it.
 */
#ifndef RD_STORE_FTS_ZH_H
#define RD_STORE_FTS_ZH_H

#include <sqlite3.h>

/* Registers renda_zh on db: SQLITE_OK, or an SQLite error code. */
int fts_zh_register(sqlite3 *db);

#endif
