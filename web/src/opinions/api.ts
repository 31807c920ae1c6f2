// The signed-in side of the public channel (src/api/opinions.c): the list
// with full-text search, one issue with contact, timeline and activities,
// likely duplicates, and the steps — staff triage, route, merge, reject;
// the handling delegate takes it up, records activities, links a
// suggestion and answers. Also the liaison stations (代表联络站). The
// server decides who sees what and which step fits the state.
import { api } from '../api/client';
import type { ActivityKind, OpinionDetail, OpinionPage, OpinionState, Similar, Station } from './types';

type One = { opinion: OpinionDetail };

export interface ListQuery {
  q?: string;
  category?: string;
  place?: string;
  state?: OpinionState | '';
  delegate_id?: number;
  station_id?: number;
  from?: string;
  to?: string;
  page?: number;
  per_page?: number;
}

export function listOpinions(q: ListQuery): Promise<OpinionPage> {
  const query: Record<string, string | number | undefined> = {};
  for (const [k, v] of Object.entries(q)) if (v !== '' && v !== undefined && v !== null) query[k] = v;
  return api.get<OpinionPage>('/api/opinions', { query });
}

export function getOpinion(id: number): Promise<One> {
  return api.get<One>(`/api/opinions/${id}`);
}

export function similarOpinions(id: number): Promise<{ similar: Similar[] }> {
  return api.get<{ similar: Similar[] }>(`/api/opinions/${id}/similar`);
}

export function triage(id: number, category: string, place?: string): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/triage`, place ? { category, place } : { category });
}

export type RouteTarget = { delegate_id: number } | { station_id: number };

export function routeOpinion(id: number, to: RouteTarget): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/route`, to);
}

export function mergeOpinion(id: number, intoId: number): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/merge`, { into_id: intoId });
}

export function rejectOpinion(id: number, reason: string): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/reject`, { reason });
}

export function takeOpinion(id: number): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/take`);
}

export interface ActivityInput {
  kind: ActivityKind;
  held_on: string;
  note: string;
}

export function addActivity(id: number, a: ActivityInput): Promise<unknown> {
  return api.post<unknown>(`/api/opinions/${id}/activities`, a);
}

export function linkSuggestion(id: number, suggestionId: number): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/suggestion`, { suggestion_id: suggestionId });
}

export function answerOpinion(id: number, answer: string): Promise<One> {
  return api.post<One>(`/api/opinions/${id}/answer`, { answer });
}

// ---- liaison stations ----

export function listStations(): Promise<{ stations: Station[] }> {
  return api.get<{ stations: Station[] }>('/api/stations');
}

export type StationInput = Pick<Station, 'name' | 'place' | 'address' | 'reception' | 'phone'>;

export function createStation(s: StationInput): Promise<{ station: Station }> {
  return api.post<{ station: Station }>('/api/stations', s);
}

export function updateStation(id: number, s: StationInput): Promise<{ station: Station }> {
  return api.put<{ station: Station }>(`/api/stations/${id}`, s);
}

export function setStationDelegates(id: number, delegateIds: number[]): Promise<unknown> {
  return api.put<unknown>(`/api/stations/${id}/delegates`, { delegate_ids: delegateIds });
}
