// Live pages of the floor: the server's events only say "something changed
// here"; the page then asks the server again (the answer is the truth, an
// event may come twice or not at all across a reconnect).
//
// useLive(load) gives refresh(), which runs load() with at most one call in
// flight: a refresh asked for while one runs makes exactly one more run
// after it, so a burst of events costs two requests, not one per event. It
// also reloads after the event stream reconnects and on `reset`, so a page
// that was offline catches up by itself.
import { watch } from 'vue';
import { useEvents } from '../events/useEvents';

/** The payload of the floor.* events (every field optional: check before use). */
export interface FloorEvent {
  plenary_id?: number;
  poll_id?: number;
  term_id?: number;
  state?: string;
  voted?: number;
  quorum?: import('../api/types').Quorum;
}

export function asFloorEvent(data: unknown): FloorEvent {
  return typeof data === 'object' && data !== null ? (data as FloorEvent) : {};
}

export function useLive(load: () => Promise<void>) {
  const events = useEvents();
  let running = false;
  let again = false;

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        try {
          await load();
        } catch {
          /* load() shows its own errors */
        }
      } while (again);
    } finally {
      running = false;
    }
  }

  const refresh = (): void => void run();
  events.on('reset', refresh);
  // Back online after a drop: what happened meanwhile may be lost.
  watch(events.connected, (now, before) => {
    if (now && !before) refresh();
  });

  return {
    refresh,
    connected: events.connected,
    /** Calls handler with the event's payload for each event of these types. */
    on(types: string[], handler: (e: FloorEvent, type: string) => void): void {
      for (const type of types) events.on(type, (data, ty) => handler(asFloorEvent(data), ty));
    },
  };
}
