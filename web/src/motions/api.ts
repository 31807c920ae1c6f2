// Motions (议案) and interpellations (质询案): src/api/motions.c and
// src/api/interpellations.c. States, thresholds, the deadline and the
// verdict on a new answer all come from the server; the pages only show
// them and offer the steps the server's `viewer` allows.
import { api } from '../api/client';

export type MotionState = 'collecting' | 'lodged' | 'referred' | 'on_agenda' | 'put_to_vote' | 'as_suggestion' | 'withdrawn';
export type InterpellationState = 'collecting' | 'lodged' | 'forwarded' | 'answered' | 'reanswer_required' | 'closed' | 'withdrawn';
export type OrganKind = 'government' | 'department' | 'supervisory_commission' | 'court' | 'procuratorate';
export const ORGAN_KINDS: readonly OrganKind[] = ['government', 'department', 'supervisory_commission', 'court', 'procuratorate'];
export type Decision = 'agenda' | 'refer' | 'suggestion';

export interface Motion {
  id: number;
  session_id: number;
  term_id: number;
  subject: string;
  grounds: string;
  solution: string;
  category: string;
  state: MotionState;
  submitted_at: string;
  lodged_at: string | null;
  late: boolean;
  committee: string;
  withdrawal_requested: boolean;
  poll_id: number | null;
  suggestion_id: number | null;
  signers: number;
  sitting_signers: number;
  required: number;
  deadline_at: string | null;
}

export interface Signer {
  delegate_id: number;
  name: string;
  role: 'proposer' | 'co_signer';
  status: string;
  at: string | null;
}

export interface Step {
  at: string;
  actor: string;
  action: string;
  from: string;
  to: string;
  note: string;
}

export interface MotionView {
  motion: Motion;
  signers: Signer[];
  attachments: { document_id: number; title: string; size: number }[];
  timeline: Step[];
  viewer: {
    officer: boolean;
    delegate_id: number | null;
    signer_role: 'proposer' | 'co_signer' | null;
    proposer: boolean;
    can_sign: boolean;
    can_withdraw: boolean;
  };
}

export interface Interpellation {
  id: number;
  session_id: number;
  term_id: number;
  organ_kind: OrganKind;
  organ_name: string;
  question: string;
  content: string;
  state: InterpellationState;
  submitted_at: string;
  lodged_at: string | null;
  mode: '' | 'oral' | 'written';
  meeting: string;
  round: number;
  signers: number;
  sitting_signers: number;
  required: number;
  rated: number;
  dissatisfied: number;
  dissatisfied_needed: number;
  new_answer_due: boolean;
}

export interface InterpellationView {
  interpellation: Interpellation;
  signers: Signer[];
  timeline: Step[];
  answers: { round: number; mode: string; answered_by: string; answered_on: string; content: string; recorded_by: string; at: string }[];
  ratings: { round: number; name: string; rating: 'satisfied' | 'dissatisfied'; reason: string }[];
  viewer: {
    officer: boolean;
    staff: boolean;
    delegate_id: number | null;
    signer_role: 'proposer' | 'co_signer' | null;
    proposer: boolean;
    can_sign: boolean;
    can_rate: boolean;
    rated_this_round: boolean;
  };
}

type OneM = { motion: Motion };
type OneI = { interpellation: Interpellation };

export const listMotions = (sessionId?: number) =>
  api.get<{ motions: Motion[] }>('/api/motions', sessionId ? { query: { session_id: String(sessionId) } } : undefined);
export const getMotion = (id: number) => api.get<MotionView>(`/api/motions/${id}`);
export const submitMotion = (m: { session_id: number; subject: string; grounds: string; solution: string; category?: string }) =>
  api.post<OneM>('/api/motions', m);
export const cosignMotion = (id: number) => api.post<OneM>(`/api/motions/${id}/cosign`);
export const lodgeMotion = (id: number) => api.post<OneM>(`/api/motions/${id}/lodge`);
export const decideMotion = (id: number, decision: Decision, reason: string, committee: string) =>
  api.post<OneM>(`/api/motions/${id}/decision`, {
    decision,
    ...(reason ? { reason } : {}),
    ...(decision === 'refer' ? { committee } : {}),
  });
export const putToVote = (id: number) => api.post<OneM>(`/api/motions/${id}/put-to-vote`, {});
export const withdrawMotion = (id: number, reason: string) => api.post<OneM>(`/api/motions/${id}/withdraw`, { reason });
export const decideWithdrawal = (id: number, approve: boolean, reason: string) =>
  api.post<OneM>(`/api/motions/${id}/withdrawal-decision`, reason ? { approve, reason } : { approve });
export function attachPdf(id: number, title: string, file: Blob): Promise<{ document: { id: number; title: string; size: number } }> {
  const pdf = new Blob([file], { type: 'application/pdf' });
  return api.post(`/api/motions/${id}/attachments`, pdf, { query: { title } });
}
export const getDeadline = (sessionId: number) =>
  api.get<{ session_id: number; deadline_at: string | null; past: boolean }>(`/api/sessions/${sessionId}/motion-deadline`);
export const setDeadline = (sessionId: number, deadline: string) =>
  api.put<{ session_id: number; deadline_at: string | null; past: boolean }>(`/api/sessions/${sessionId}/motion-deadline`, { deadline });

export const listInterpellations = (sessionId?: number) =>
  api.get<{ interpellations: Interpellation[] }>('/api/interpellations', sessionId ? { query: { session_id: String(sessionId) } } : undefined);
export const getInterpellation = (id: number) => api.get<InterpellationView>(`/api/interpellations/${id}`);
export const submitInterpellation = (i: { session_id: number; organ_kind: OrganKind; organ_name: string; question: string; content: string }) =>
  api.post<OneI>('/api/interpellations', i);
export const cosignInterpellation = (id: number) => api.post<OneI>(`/api/interpellations/${id}/cosign`);
export const lodgeInterpellation = (id: number) => api.post<OneI>(`/api/interpellations/${id}/lodge`);
export const withdrawInterpellation = (id: number, reason: string) => api.post<OneI>(`/api/interpellations/${id}/withdraw`, { reason });
export const forwardInterpellation = (id: number, mode: 'oral' | 'written', meeting: string) =>
  api.post<OneI>(`/api/interpellations/${id}/forward`, mode === 'oral' ? { mode, meeting } : { mode });
export const answerInterpellation = (id: number, a: { answered_by: string; answered_on: string; content: string }) =>
  api.post<OneI>(`/api/interpellations/${id}/answer`, a);
export const rateInterpellation = (id: number, rating: 'satisfied' | 'dissatisfied', reason: string) =>
  api.post<OneI>(`/api/interpellations/${id}/rate`, reason ? { rating, reason } : { rating });
export const closeInterpellation = (id: number) => api.post<OneI>(`/api/interpellations/${id}/close`, {});
