// The suggestions area of the API (src/api/suggestions.c): handling units,
// a delegate's suggestions and co-signing, the office's assignment and
// decisions, the unit's return / extension requests and replies, the
// delegates' ratings. States, due dates and verdicts come from the server.
import { api } from '../api/client';
import type { HandlingUnit, Rating, ReplyCategory, Suggestion, SuggestionState, SuggestionView } from '../api/types';
import { todayShanghai } from './due';

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

/** The server's page size, and the most it gives at once. */
export const PER_PAGE = 50;
export const MAX_PER_PAGE = 200;

/** Of one state, everything the caller may see: how many, overdue, due within 15 days. */
export interface SuggestionStateCount {
  count: number;
  overdue: number;
  due_soon: number;
}

export interface SuggestionPage {
  suggestions: Suggestion[];
  /** How many the filters hold, on all pages. */
  total: number;
  page: number;
  per_page: number;
  /** Per state, whatever the filters and the page; states with none are left out. */
  by_state: Partial<Record<SuggestionState, SuggestionStateCount>>;
}

export interface SuggestionQuery {
  page?: number;
  per_page?: number;
  state?: SuggestionState;
  /** Only those with a reply due before today. */
  overdue?: boolean;
}

/**
 * One page of the suggestions the caller may see — all (office), the
 * delegate's own, or the unit's assigned ones: the server picks by caller,
 * and the order. Overdue and due soon count from today in Asia/Shanghai as
 * this page sees it, like the marks on the rows (due.ts).
 */
export function listSuggestions(q: SuggestionQuery = {}): Promise<SuggestionPage> {
  const query: Record<string, string | number | boolean> = { today: todayShanghai() };
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== false) query[k] = v;
  return api.get<SuggestionPage>('/api/suggestions', { query });
}

/** Every suggestion the caller may see, newest first for a delegate: all the pages. */
export async function listAllSuggestions(): Promise<Suggestion[]> {
  const out: Suggestion[] = [];
  for (let page = 1; ; page++) {
    const p = await listSuggestions({ page, per_page: MAX_PER_PAGE });
    out.push(...p.suggestions);
    if (p.suggestions.length < MAX_PER_PAGE || out.length >= p.total) return out;
  }
}

/** Sums a field of by_state over the states kept by keep (all by default). */
export function sumStates(
  p: SuggestionPage | null,
  field: keyof SuggestionStateCount,
  keep: (st: SuggestionState) => boolean = () => true,
): number {
  let n = 0;
  for (const [st, c] of Object.entries(p?.by_state ?? {})) if (c && keep(st as SuggestionState)) n += c[field];
  return n;
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
