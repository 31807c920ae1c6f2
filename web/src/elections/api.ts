// The elections area of the API (src/api/elections.c): elections per office,
// candidates, rounds (open → closed → announced), the secret ballot, the
// receipts and the signed announcement. Every count, threshold and verdict
// the pages show comes from these answers.
import { api } from '../api/client';
import type { Candidate, Election, ElectionView, Nominator, OfficeClass, Round, RoundKind } from '../api/types';

export function listElections(sessionId: number): Promise<{ elections: Election[] }> {
  return api.get<{ elections: Election[] }>(`/api/sessions/${sessionId}/elections`);
}

export interface ElectionInput {
  title: string;
  office: OfficeClass;
  seats: number;
  margin_min_extra?: number;
  margin_max_extra?: number;
}

export function createElection(sessionId: number, e: ElectionInput): Promise<{ election: Election }> {
  return api.post<{ election: Election }>(`/api/sessions/${sessionId}/elections`, e);
}

export function getElection(id: number): Promise<ElectionView> {
  return api.get<ElectionView>(`/api/elections/${id}`);
}

export interface CandidateInput {
  name: string;
  nominated_by: Nominator;
  bio?: string;
  delegate_id?: number;
}

export function addCandidate(electionId: number, c: CandidateInput): Promise<{ candidate: Candidate }> {
  return api.post<{ candidate: Candidate }>(`/api/elections/${electionId}/candidates`, c);
}

/** The first round, in a plenary. */
export function createRound(electionId: number, plenaryId: number): Promise<{ round: Round }> {
  return api.post<{ round: Round }>(`/api/elections/${electionId}/rounds`, { plenary_id: plenaryId });
}

export function getRound(id: number): Promise<{ round: Round }> {
  return api.get<{ round: Round }>(`/api/rounds/${id}`);
}

export function openRound(id: number): Promise<{ round: Round }> {
  return api.post<{ round: Round }>(`/api/rounds/${id}/open`);
}

export function closeRound(id: number): Promise<{ round: Round }> {
  return api.post<{ round: Round }>(`/api/rounds/${id}/close`);
}

export function announceRound(id: number): Promise<{ round: Round }> {
  return api.post<{ round: Round }>(`/api/rounds/${id}/announce`);
}

/** After an announced round: 再次投票 among the tied, or 另行选举 for unfilled seats. */
export function nextRound(id: number, kind: Exclude<RoundKind, 'first'>, names?: string[]): Promise<{ round: Round }> {
  return api.post<{ round: Round }>(`/api/rounds/${id}/next`, names ? { kind, names } : { kind });
}

export interface BallotInput {
  yes: string[];
  no: string[];
  write_in: string[];
}

/** Casts the secret ballot (once). The answer: the receipt code and whether the ballot is void. */
export function castBallot(roundId: number, b: BallotInput): Promise<{ receipt: string; void: boolean }> {
  return api.post<{ receipt: string; void: boolean }>(`/api/rounds/${roundId}/ballot`, b);
}

/** The receipt codes of the counted ballots, sorted (once voting has ended). */
export function listReceipts(roundId: number): Promise<{ receipts: string[] }> {
  return api.get<{ receipts: string[] }>(`/api/rounds/${roundId}/receipts`);
}

/** The signed announcement: the JSON text as signed, and the hex signature. No login needed. */
export function getAnnouncement(roundId: number): Promise<{ announcement: string; signature: string }> {
  return api.get<{ announcement: string; signature: string }>(`/api/rounds/${roundId}/announcement`, { redirectOn401: false });
}
