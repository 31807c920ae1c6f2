// The floor area of the API (src/api/terms.c, roster.c, plenary.c,
// attendance.c, polls.c): terms, sessions, the roll, plenaries, check-in,
// agenda and documents, votes, the delegate's device and the big screen.
// Every number and verdict the pages show comes from these answers.
import { api } from '../api/client';
import type {
  AgendaItem,
  AttendanceRow,
  AttendanceState,
  Choice,
  CongressSession,
  Delegate,
  DelegateStatus,
  Delegation,
  MyFloor,
  Plenary,
  PlenaryView,
  Poll,
  PressMode,
  Quorum,
  ScreenView,
  SessionView,
  Term,
  Threshold,
} from '../api/types';

// ---- terms, sessions, the roll ----

export function listTerms(): Promise<{ terms: Term[] }> {
  return api.get<{ terms: Term[] }>('/api/terms');
}

/** Newest first. */
export function listSessions(): Promise<{ sessions: CongressSession[] }> {
  return api.get<{ sessions: CongressSession[] }>('/api/sessions');
}

export function getSession(id: number): Promise<SessionView> {
  return api.get<SessionView>(`/api/sessions/${id}`);
}

export function listDelegations(termId: number): Promise<{ delegations: Delegation[] }> {
  return api.get<{ delegations: Delegation[] }>(`/api/terms/${termId}/delegations`);
}

export function listDelegates(termId: number): Promise<{ delegates: Delegate[] }> {
  return api.get<{ delegates: Delegate[] }>(`/api/terms/${termId}/delegates`);
}

/** The editable fields of a delegate (DelegateInput). */
export interface DelegateInput {
  name: string;
  gender: 'male' | 'female';
  ethnicity?: string;
  birth_date?: string;
  party?: string;
  occupation?: string;
  delegation_id?: number;
  constituency?: string;
  seat?: string;
}

export function addDelegate(termId: number, d: DelegateInput): Promise<{ delegate: Delegate }> {
  return api.post<{ delegate: Delegate }>(`/api/terms/${termId}/delegates`, d);
}

export function editDelegate(id: number, d: DelegateInput): Promise<{ delegate: Delegate }> {
  return api.put<{ delegate: Delegate }>(`/api/delegates/${id}`, d);
}

export function setDelegateStatus(id: number, status: DelegateStatus, date: string, reason: string): Promise<{ delegate: Delegate }> {
  return api.put<{ delegate: Delegate }>(`/api/delegates/${id}/status`, { status, date, reason });
}

export function createDelegateAccount(
  id: number,
  username: string,
  password: string,
): Promise<{ delegate: Delegate; user: { id: number; username: string } }> {
  return api.post<{ delegate: Delegate; user: { id: number; username: string } }>(`/api/delegates/${id}/account`, {
    username,
    password,
  });
}

// ---- plenaries ----

export function getPlenary(id: number): Promise<PlenaryView> {
  return api.get<PlenaryView>(`/api/plenaries/${id}`);
}

export function openPlenary(id: number): Promise<{ plenary: Plenary }> {
  return api.post<{ plenary: Plenary }>(`/api/plenaries/${id}/open`);
}

export function closePlenary(id: number): Promise<{ plenary: Plenary }> {
  return api.post<{ plenary: Plenary }>(`/api/plenaries/${id}/close`);
}

/** Puts an agenda item on every screen; 0 clears. */
export function setCurrentItem(id: number, itemId: number): Promise<{ plenary: Plenary }> {
  return api.put<{ plenary: Plenary }>(`/api/plenaries/${id}/current`, { item_id: itemId });
}

export function getScreen(id: number): Promise<ScreenView> {
  return api.get<ScreenView>(`/api/plenaries/${id}/screen`);
}

// ---- attendance ----

export function getAttendance(id: number): Promise<{ quorum: Quorum; attendance: AttendanceRow[] }> {
  return api.get<{ quorum: Quorum; attendance: AttendanceRow[] }>(`/api/plenaries/${id}/attendance`);
}

export interface CheckinAnswer {
  delegate: Delegate;
  state: AttendanceState;
  /** True when the delegate was checked in already (nothing changed). */
  already: boolean;
}

/** The delegate checks in on their own device. */
export function checkIn(plenaryId: number): Promise<CheckinAnswer> {
  return api.post<CheckinAnswer>(`/api/plenaries/${plenaryId}/checkin`);
}

/** Staff check a delegate in at the desk by exactly one of seat or card code. */
export function checkInAtDesk(plenaryId: number, who: { seat: string } | { card_code: string }): Promise<CheckinAnswer> {
  return api.post<CheckinAnswer>(`/api/plenaries/${plenaryId}/checkin/desk`, who);
}

export function setAttendance(plenaryId: number, delegateId: number, state: AttendanceState, reason?: string): Promise<CheckinAnswer> {
  return api.put<CheckinAnswer>(`/api/plenaries/${plenaryId}/attendance/${delegateId}`, reason ? { state, reason } : { state });
}

// ---- agenda and documents ----

export interface ItemInput {
  title?: string;
  position?: number;
  document_id?: number;
}

export function addAgendaItem(plenaryId: number, item: ItemInput & { title: string }): Promise<{ item: AgendaItem }> {
  return api.post<{ item: AgendaItem }>(`/api/plenaries/${plenaryId}/agenda`, item);
}

export function editAgendaItem(id: number, item: ItemInput): Promise<{ item: AgendaItem }> {
  return api.put<{ item: AgendaItem }>(`/api/agenda/${id}`, item);
}

export function deleteAgendaItem(id: number): Promise<{ ok: boolean }> {
  return api.del<{ ok: boolean }>(`/api/agenda/${id}`);
}

export interface DocumentInfo {
  id: number;
  title: string;
  size: number;
}

/** Uploads a PDF (raw body, application/pdf). */
export function uploadDocument(title: string, file: Blob): Promise<{ document: DocumentInfo }> {
  const pdf = new Blob([file], { type: 'application/pdf' });
  return api.post<{ document: DocumentInfo }>('/api/documents', pdf, { query: { title } });
}

/** Where the browser shows a document (inline PDF). */
export function documentUrl(id: number): string {
  return `/api/documents/${id}`;
}

// ---- votes ----

export interface PollInput {
  title: string;
  agenda_item_id?: number;
  threshold: Threshold;
  anonymous: boolean;
  press_mode: PressMode;
}

export function createPoll(plenaryId: number, p: PollInput): Promise<{ poll: Poll }> {
  return api.post<{ poll: Poll }>(`/api/plenaries/${plenaryId}/polls`, p);
}

export function getPoll(id: number): Promise<{ poll: Poll }> {
  return api.get<{ poll: Poll }>(`/api/polls/${id}`);
}

export function openPoll(id: number): Promise<{ poll: Poll }> {
  return api.post<{ poll: Poll }>(`/api/polls/${id}/open`);
}

export function closePoll(id: number): Promise<{ poll: Poll }> {
  return api.post<{ poll: Poll }>(`/api/polls/${id}/close`);
}

export function releasePoll(id: number): Promise<{ poll: Poll }> {
  return api.post<{ poll: Poll }>(`/api/polls/${id}/release`);
}

export function vote(pollId: number, choice: Choice): Promise<{ poll_id: number; choice: Choice; already: boolean }> {
  return api.post<{ poll_id: number; choice: Choice; already: boolean }>(`/api/polls/${pollId}/vote`, { choice });
}

// ---- the delegate's device ----

export function getMyFloor(): Promise<MyFloor> {
  return api.get<MyFloor>('/api/me/floor');
}
