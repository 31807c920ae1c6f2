/*
 * pg_bridge.h — live events across renda nodes that share one PostgreSQL.
 *
 * With a PostgreSQL store, several renda nodes serve the same congress, and
 * a vote taken on node A must reach the big screens whose SSE streams are on
 * node B, in the same order everywhere, and a screen that reconnects to
 * another node with Last-Event-ID must miss nothing. So events do not go
 * into the local ring directly: they go to a table,
 *
 *   events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
 *           type TEXT, data TEXT, at BIGINT)
 *
 * and every node (the publishing one included) reads the table in id order
 * and feeds its ring with the rows' own ids (events_publish_id). The id is
 * the SSE event id, the same on every node: that is what makes a
 * Last-Event-ID from node A mean the same thing on node B.
 *
 * Invariants:
 * - ids commit in id order: a publish takes pg_advisory_xact_lock(the
 *   bridge's key) before its INSERT and holds it until COMMIT, so when a
 *   reader sees id n, every id below n is committed or gone for good (a
 *   rolled-back insert leaves a gap, which the ring allows). A reader that
 *   asks for "id > last ORDER BY id" therefore never skips a row.
 * - a node reads after every NOTIFY renda_events, every two seconds anyway
 *   (a lost notification costs at most that), and after every reconnect.
 * - ids never go back: after a reconnect a node moves the table's id
 *   sequence past the newest id it has streamed if the database is behind
 *   it (a failover to an asynchronous standby, a restore), so new events
 *   are not mistaken for old ones.
 *
 * Caveats: delivery is at least once — a COMMIT whose answer is lost with
 * the connection is retried, and the event shows twice (screens re-render,
 * nothing counts events). Publishing is asynchronous (a bounded queue): a
 * handler never waits for PostgreSQL to answer for its event.
 *
 * The bridge has its own two connections (one publishes, one listens),
 * independent of the store (src/store), which keeps its own.
 */
#ifndef RD_EVENTS_PG_BRIDGE_H
#define RD_EVENTS_PG_BRIDGE_H

#include <stddef.h>

#include "base/err.h"
#include "events/events.h"

struct pg_bridge;

/*
 * Connects to conninfo (a libpq connection string or postgresql:// URL),
 * creates the events table if needed, loads the last `backlog` events into
 * ev (which must be empty: its ids continue from the table's), and starts
 * the publisher and listener threads. ev's catch-up hook is set, so a
 * reader ahead of this node waits a moment for it. On success *out owns
 * the bridge (pg_bridge_stop); on failure *out is NULL and err says why
 * (RD_ESTORE: PostgreSQL refused or is unreachable; RD_ENOMEM).
 */
enum rd_err pg_bridge_start(const char *conninfo, struct events *ev, size_t backlog,
			    struct pg_bridge **out, struct rd_error *err);

/*
 * Queues an event (type and data are copied) for the table; it reaches
 * this node's ring through the listener, like every other node's. Never
 * blocks on the network. RD_EUNAVAIL if the queue is full (PostgreSQL has
 * been away for a while; the event is dropped and logged), RD_ENOMEM.
 */
enum rd_err pg_bridge_publish(struct pg_bridge *b, const char *type, const char *json_data);

/* Stops both threads (the publisher first tries, for at most a few
 * seconds, to write what is still queued), clears ev's catch-up hook,
 * closes the connections and frees b. NULL is ignored. */
void pg_bridge_stop(struct pg_bridge *b);

#endif
