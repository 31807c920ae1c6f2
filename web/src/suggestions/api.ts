// The suggestions area of the API (src/api/suggestions.c): handling units,
// a delegate's suggestions and co-signing, the office's assignment and
// decisions, the unit's return / extension requests and replies, the
// delegates' ratings. States, due dates and verdicts come from the server.
import { api } from '../api/client';
import type { HandlingUnit, Rating, ReplyCategory, Suggestion, SuggestionView } from '../api/types';

type One = { suggestion: Suggestion };

export function listUnits(): Promise<{ units: HandlingUnit[] }> {
  return api.get<{ units: HandlingUnit[] }>('/api/units');
}

export interface UnitInput {
  name: string;
  username?: string;
  password?: string;
}

export function createUnit(u: UnitInput): Promise<{ unit: HandlingUnit }> {
  return api.post<{ unit: HandlingUnit }>('/api/units', u);
}

/** All (office), the delegate's own, or the unit's assigned ones: the server picks by caller. */
export function listSuggestions(): Promise<{ suggestions: Suggestion[] }> {
  return api.get<{ suggestions: Suggestion[] }>('/api/suggestions');
}

export interface SuggestionInput {
  title: string;
  content: string;
  category?: string;
}

export function submitSuggestion(s: SuggestionInput): Promise<One> {
  return api.post<One>('/api/suggestions', s);
}

export function getSuggestion(id: number): Promise<SuggestionView> {
  return api.get<SuggestionView>(`/api/suggestions/${id}`);
}

export function cosign(id: number): Promise<{ ok: boolean }> {
  return api.post<{ ok: boolean }>(`/api/suggestions/${id}/cosign`);
}

export function assign(id: number, lead: number, assisting: number[]): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/assign`, { lead_unit_id: lead, assisting_unit_ids: assisting });
}

export function reject(id: number, reason: string): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/reject`, { reason });
}

export function requestReturn(id: number, reason: string): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/return`, { reason });
}

export function decideReturn(id: number, approve: boolean): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/return-decision`, { approve });
}

export function requestExtension(id: number, reason: string): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/extension`, { reason });
}

export function decideExtension(id: number, approve: boolean): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/extension-decision`, { approve });
}

export interface ReplyInput {
  category: ReplyCategory;
  content: string;
  signed_by: string;
}

export function reply(id: number, r: ReplyInput): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/reply`, r);
}

export function rate(id: number, rating: Rating, reason?: string): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/rate`, reason ? { rating, reason } : { rating });
}

export function closeSuggestion(id: number, reason?: string): Promise<One> {
  return api.post<One>(`/api/suggestions/${id}/close`, reason ? { reason } : {});
}
