// Live events from the server: one EventSource('/api/events') for the whole
// page, shared by every component that listens.
//
// The server sends `event: <type>` and `data: <JSON>`. The browser's
// EventSource reconnects by itself after a dropped connection; when it gives
// up (readyState CLOSED: the server answered an error, or was down) we open a
// new one after a growing delay (1 s, 2 s, 4 s … at most 30 s) so a delegate's
// tablet recovers on its own after a network blip or a server restart.
// A new EventSource asks for what it missed (?last_event_id=, the id of the
// last event seen); if the server no longer has those events it sends
// `event: reset` first — listen for "reset" and reload the page's state.
// Handlers must therefore be idempotent: an event may come twice.
// `connected` drives the indicator in the header.
//
// A page may say which event types it does not need (useEvents().skip, e.g.
// the delegate's device skips floor.progress, the running count of votes,
// which only the big screen and the console show): the stream then asks
// /api/events?skip=… and the server does not send them. While such a page is
// shown the skips hold; when they change, the stream is reopened where it
// left off (last_event_id), so nothing is lost.
import { onBeforeUnmount, readonly, ref } from 'vue';

export type EventHandler = (data: unknown, type: string) => void;

const connected = ref(false);
const handlers = new Map<string, Set<EventHandler>>();
let source: EventSource | null = null;
let wanted = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let delay = 1000;
let lastId = '';
const MAX_DELAY = 30000;
const skips = new Map<symbol, readonly string[]>(); // who asked to skip what
let openedSkip = ''; // the skip list of the open stream

function skipList(): string {
  const all = new Set<string>();
  for (const types of skips.values()) for (const t of types) all.add(t);
  return [...all].sort().join(',');
}

function dispatch(type: string, ev: MessageEvent): void {
  if (ev.lastEventId) lastId = ev.lastEventId;
  const set = handlers.get(type);
  if (!set || set.size === 0) return;
  let data: unknown = ev.data;
  try {
    data = JSON.parse(ev.data);
  } catch {
    /* not JSON: hand over the raw text */
  }
  for (const h of set) h(data, type);
}

function listen(es: EventSource, type: string): void {
  es.addEventListener(type, (ev) => dispatch(type, ev as MessageEvent));
}

function open(): void {
  if (source || !wanted) return;
  const q = new URLSearchParams();
  if (/^[0-9]+$/.test(lastId)) q.set('last_event_id', lastId);
  openedSkip = skipList();
  if (openedSkip) q.set('skip', openedSkip);
  const qs = q.toString();
  const es = new EventSource(qs ? `/api/events?${qs}` : '/api/events', { withCredentials: true });
  source = es;
  es.onopen = () => {
    connected.value = true;
    delay = 1000;
  };
  es.onerror = () => {
    connected.value = false;
    if (es.readyState === EventSource.CLOSED) {
      source = null;
      scheduleReconnect();
    }
  };
  for (const type of handlers.keys()) listen(es, type);
}

function scheduleReconnect(): void {
  if (!wanted || retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    open();
  }, delay);
  delay = Math.min(delay * 2, MAX_DELAY);
}

/** Opens the stream (after sign-in). Idempotent. */
export function startEvents(): void {
  wanted = true;
  open();
}

/** Closes the stream (on sign-out). */
export function stopEvents(): void {
  wanted = false;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  source = null;
  connected.value = false;
  delay = 1000;
  lastId = '';
}

/* The skips changed: reopen the stream where it left off (no reload: the
 * connection indicator stays as it is). */
function applySkips(): void {
  if (!source || skipList() === openedSkip) return;
  source.close();
  source = null;
  open();
}

/**
 * Asks the server not to send these event types (they must be names the
 * server knows, see GET /api/events); returns the function that takes the
 * request back. Several requests add up.
 */
export function skipEvents(types: readonly string[]): () => void {
  const key = Symbol('skip');
  skips.set(key, [...types]);
  applySkips();
  return () => {
    skips.delete(key);
    applySkips();
  };
}

/** Calls handler for every event of this type; returns the function that stops it. */
export function onEvent(type: string, handler: EventHandler): () => void {
  let set = handlers.get(type);
  if (!set) {
    set = new Set();
    handlers.set(type, set);
    if (source) listen(source, type);
  }
  set.add(handler);
  return () => set.delete(handler);
}

/**
 * For components: the connection state, and event subscriptions that end
 * when the component is unmounted.
 */
export function useEvents() {
  const offs: Array<() => void> = [];
  onBeforeUnmount(() => offs.forEach((off) => off()));
  return {
    connected: readonly(connected),
    on(type: string, handler: EventHandler): void {
      offs.push(onEvent(type, handler));
    },
    /** While the component lives, the stream does not bring these types. */
    skip(types: readonly string[]): void {
      offs.push(skipEvents(types));
    },
  };
}
