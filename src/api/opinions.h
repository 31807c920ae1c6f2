/*
 * opinions.h — what the public channel's two API files share
 * (opinions_public.c for citizens, opinions.c for staff and delegates).
 */
#ifndef RD_API_OPINIONS_H
#define RD_API_OPINIONS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/opinions.h"

/* The public dashboard's kept answers (opinions_stats.c): made with the
 * app, told of every change to an issue, freed with the app. */
struct stats_cache;
struct stats_cache *op_stats_new(void);
void op_stats_free(struct stats_cache *c);
void op_stats_changed(struct stats_cache *c);

/* Today in Asia/Shanghai, "YYYY-MM-DD". */
void op_date_today(char out[16]);

/* s is a valid date "YYYY-MM-DD". */
bool op_date_ok(const char *s);

/* s holds no control character (no line break). */
bool op_one_line(const char *s);

/*
 * What anyone holding the tracking code may see of o (new reference in
 * *out): the issue, its public timeline, the answer, the handling delegate
 * or station and, when it became a suggestion, the department's replies.
 * Never the citizen's contact details.
 */
enum rd_err op_public_json(struct store_tx *tx, const struct opinion *o, json_t **out);

#endif
