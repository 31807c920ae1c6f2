/*
 * floor.h — what the floor's API files share: JSON shapes of the floor's
 * objects, the quorum from src/rules, and the floor's events.
 *
 * Events (all JSON, see docs/api/openapi.yaml):
 *   floor.attendance {plenary_id, quorum}      at most every 100 ms per plenary
 *   floor.plenary    {plenary_id, state, current_item_id}
 *   floor.poll       {poll_id, plenary_id, state}
 *   floor.progress   {poll_id, plenary_id, voted}  at once, then every 50 ms
 *   floor.roster     {term_id}                  the roll changed
 */
#ifndef RD_API_FLOOR_H
#define RD_API_FLOOR_H

#include <jansson.h>

#include "api/app.h"
#include "rules/poll.h"
#include "store/floor.h"

/* JSON of the floor's objects (new references). */
json_t *floor_delegate_json(const struct delegate *d);
json_t *floor_plenary_json(const struct plenary *p);
json_t *floor_item_json(const struct agenda_item *it);
json_t *floor_quorum_json(const struct quorum *q);
/* A poll; with its result only when `show_result` (released, or staff/presidium after close). */
json_t *floor_poll_json(const struct poll *p, bool show_result);

/* The quorum of a plenary now: all delegates of its term (sitting and
 * suspended, RULES §1) and those present, decided by poll_quorum(). */
enum rd_err floor_quorum(struct store_tx *tx, int64_t plenary_id, struct quorum *q);

/* A plenary may act — vote on a resolution, elect — only while it is open
 * and two thirds of all delegates are present (LOL art. 14(4)). RD_OK, or
 * RD_ECONFLICT naming "state" or "quorum". */
enum rd_err floor_require_sitting(struct store_tx *tx, const struct plenary *p,
				  struct rd_error *err);

/* The caller's delegate record in the plenary's term: RD_EFORBIDDEN
 * (field "delegate") if the account is not a delegate there. */
enum rd_err floor_caller_delegate(struct store_tx *tx, const struct request *req,
				  int64_t plenary_id, struct delegate *out, struct rd_error *err);

/* Publishes floor.attendance with the quorum now (reads it). */
void floor_publish_attendance(struct app *app, int64_t plenary_id);

/* A random check-in code for a delegate's card (letters and digits). */
void floor_card_code(char out[48]);

/* The vote-progress publisher: a thread that at most every 100 ms tells
 * the screens how many have voted in each poll marked dirty. */
enum rd_err floor_progress_start(struct app *app);
void floor_progress_stop(struct app *app);
void floor_progress_mark(struct app *app, int64_t poll_id);
/* Likewise floor.attendance: a hall checking in makes a few events a second,
 * not one per delegate. */
void floor_attendance_mark(struct app *app, int64_t plenary_id);

#endif
