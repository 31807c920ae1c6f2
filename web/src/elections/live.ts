// The elections' events: election.voted {round_id} (one more ballot is in,
// never which) and election.round {round_id, election_id, state} (a round
// opened, closed or was announced). Like the floor, a page only asks the
// server again (floor/live.ts: one request in flight, reload on reconnect).
import { useEvents } from '../events/useEvents';

export interface ElectionEvent {
  round_id?: number;
  election_id?: number;
  state?: string;
}

/** Calls handler with the payload of every election.voted / election.round event. */
export function onElectionEvents(handler: (e: ElectionEvent, type: 'election.voted' | 'election.round') => void): void {
  const events = useEvents();
  for (const type of ['election.voted', 'election.round'] as const) {
    events.on(type, (data) => handler(typeof data === 'object' && data !== null ? (data as ElectionEvent) : {}, type));
  }
}
