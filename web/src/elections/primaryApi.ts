// The primary (预选, src/api/elections_primary.c) and direct elections of
// county delegates (src/api/direct.c). Every verdict comes from the server.
import { api } from '../api/client';

export interface PrimaryRow { name: string; votes: number }
export interface PrimaryState {
  election_id: number;
  needed: boolean;
  nominees: number;
  min_places: number;
  max_places: number;
  state: 'none' | 'pending' | 'tie_vote_needed' | 'complete' | 'fixed';
  rounds: { id: number; parent_id: number | null; state: string; places: number; nominees: number }[];
  next: { names: string[]; places: number } | null;
  list: PrimaryRow[];
  fixed_list: PrimaryRow[];
  first_round: boolean;
}

export const getPrimary = (id: number) => api.get<{ primary: PrimaryState }>(`/api/elections/${id}/primary`);
export const createPrimary = (id: number, plenaryId?: number, places?: number) =>
  api.post<{ round: { id: number } }>(`/api/elections/${id}/primary`, {
    ...(plenaryId ? { plenary_id: plenaryId } : {}),
    ...(places ? { places } : {}),
  });
export const fixFormalList = (id: number) => api.post<{ formal_list: PrimaryRow[] }>(`/api/elections/${id}/formal-list`);

export interface DirectElection { id: number; title: string; election_day: string; keep_unfilled_vacant: boolean }
export interface DirectDecision {
  valid: boolean;
  reason: string | null;
  ballots: { issued: number; returned: number; valid: number; void: number };
  threshold: number;
  results: { name: string; votes: number; write_in: boolean; reached: boolean; elected: boolean }[];
  elected: string[];
  tie: { names: string[]; seats: number } | null;
  unfilled: number;
  turnout: { voters: number; returned: number; needed: number; met: boolean };
  proxies: { holders: number; ballots: number };
  roving: { issued: number; returned: number; more_returned: boolean };
  margin: { status: string; reason: string; message: string } | null;
  next: 'done' | 'hold_again' | 'tie_vote' | 're_election' | 'vacant';
  re_election_seats: number;
  vacant: number;
}
export interface DirectRound {
  id: number; constituency_id: number; parent_id: number | null; kind: string; seats: number;
  names: string[]; state: string; figures: Record<string, unknown> | null; decision: DirectDecision | null;
}
export interface Constituency { id: number; name: string; voters: number; seats: number; candidates: string[]; rounds: DirectRound[] }
export interface Figures {
  ballots_issued: number;
  ballots_returned: number;
  roving?: { issued: number; returned: number };
  proxies?: { holder: string; principals: number }[];
  counts: { void: number; votes: Record<string, number> };
}

export const listDirect = () => api.get<{ direct_elections: DirectElection[] }>('/api/direct-elections');
export const createDirect = (title: string, election_day: string) =>
  api.post<{ direct_election: DirectElection }>('/api/direct-elections', { title, election_day });
export const getDirect = (id: number) =>
  api.get<{ direct_election: DirectElection; constituencies: Constituency[] }>(`/api/direct-elections/${id}`);
export const addConstituency = (id: number, c: { name: string; voters: number; seats: number; candidates: string[] }) =>
  api.post(`/api/direct-elections/${id}/constituencies`, c);
export const putFigures = (roundId: number, f: Figures) =>
  api.put<{ decision: DirectDecision }>(`/api/direct-rounds/${roundId}/figures`, f);
export const nextDirectRound = (roundId: number, names?: string[]) =>
  api.post(`/api/direct-rounds/${roundId}/next`, names ? { names } : {});
export const announceDirectRound = (roundId: number) => api.post(`/api/direct-rounds/${roundId}/announce`);
