// Shapes of the server's JSON, as the API contract states them. One place so
// a change in the contract shows up as a type error in every page that uses it.

export type Role = 'staff' | 'presidium' | 'delegate' | 'handling_unit' | 'auditor';

export const ROLES: readonly Role[] = ['staff', 'presidium', 'delegate', 'handling_unit', 'auditor'];

/** The error body of every 4xx/5xx: `{"error":{"code","message","field"}}`. */
export interface ErrorBody {
  error: {
    code: string;
    message?: string;
    /** The body field, query parameter or header at fault, or null. */
    field?: string | null;
  };
}

/** GET /api/health */
export interface Health {
  status: string;
  version: string;
  store: string;
  /** The congress's name (setting congress_name), e.g. "XX县人民代表大会". */
  congress?: string;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
}

/** POST /api/auth/login and GET /api/auth/me */
export interface SessionInfo {
  user: User;
  csrf_token: string;
}

/** GET /api/users */
export interface UserRow extends User {
  active: boolean;
}
export interface UserList {
  users: UserRow[];
}

/** GET /api/audit?after=ID&limit=N */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string | null;
  detail: unknown;
  hash: string;
}
export interface AuditList {
  entries: AuditEntry[];
}

/** GET /api/audit/verify */
export interface AuditVerify {
  ok: boolean;
  entries?: number;
  head?: string;
  broken_at?: number;
  /** Why the chain is broken, when it is. */
  reason?: string;
}

// ---- The session floor (src/api/terms.c, roster.c, plenary.c, attendance.c, polls.c) ----

/** LOL art. 14(4), decided by the server: all = sitting + suspended delegates. */
export interface Quorum {
  all: number;
  present: number;
  required: number;
  met: boolean;
}

/** 届 */
export interface Term {
  id: number;
  number: number;
  name: string;
}

/** 次会议 (a congress's yearly meeting), not a login. */
export interface CongressSession {
  id: number;
  term_id: number;
  number: number;
  name: string;
}

export type PlenaryState = 'scheduled' | 'open' | 'closed';

/** 全体会议 */
export interface Plenary {
  id: number;
  session_id: number;
  number: number;
  title: string;
  scheduled_at: string;
  state: PlenaryState;
  current_item_id: number | null;
}

/** GET /api/sessions/{id} */
export interface SessionView {
  session: CongressSession;
  term: Term;
  plenaries: Plenary[];
  /** Delegate ids of the presidium. */
  presidium: number[];
}

/** 议程 */
export interface AgendaItem {
  id: number;
  plenary_id: number;
  position: number;
  title: string;
  document_id: number | null;
}

export type PollState = 'draft' | 'open' | 'closed' | 'released';
export type Threshold = 'majority_of_all' | 'two_thirds_of_all' | 'majority_of_present';
export const THRESHOLDS: readonly Threshold[] = ['majority_of_all', 'two_thirds_of_all', 'majority_of_present'];
export type Choice = 'yes' | 'no' | 'abstain';
export const CHOICES: readonly Choice[] = ['yes', 'no', 'abstain'];
export type PressMode = 'first' | 'last';

/** The numbers at closing and the verdict, all from the server (src/rules). */
export interface PollResult {
  all: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  not_voted: number;
  needed: number;
  passed: boolean;
}

/** 表决 */
export interface Poll {
  id: number;
  plenary_id: number;
  agenda_item_id: number | null;
  title: string;
  threshold: Threshold;
  anonymous: boolean;
  press_mode: PressMode;
  state: PollState;
  /** Released; or closed, to staff and presidium. */
  result: PollResult | null;
  /** How many have voted (GET /api/polls/{id}, the screen). */
  voted?: number;
  /** The caller's own vote (GET /api/polls/{id}, /api/me/floor). */
  my_vote?: Choice | null;
}

/** GET /api/plenaries/{id} */
export interface PlenaryView {
  plenary: Plenary;
  quorum: Quorum;
  agenda: AgendaItem[];
  polls: Poll[];
}

/** GET /api/plenaries/{id}/screen */
export interface ScreenView {
  congress: string;
  session: string;
  plenary: Plenary;
  quorum: Quorum;
  current_item: AgendaItem | null;
  /** The newest vote that is not a draft; its result only once released. */
  poll: Poll | null;
}

export type DelegateStatus = 'sitting' | 'suspended' | 'terminated';
export const DELEGATE_STATUSES: readonly DelegateStatus[] = ['sitting', 'suspended', 'terminated'];

/** 代表 */
export interface Delegate {
  id: number;
  term_id: number;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  birth_date: string;
  party: string;
  occupation: string;
  delegation_id: number | null;
  delegation: string;
  constituency: string;
  seat: string;
  status: DelegateStatus;
  status_date: string;
  status_reason: string;
  has_account: boolean;
}

/** 代表团 */
export interface Delegation {
  id: number;
  term_id: number;
  name: string;
  position: number;
}

export type AttendanceState = 'present' | 'absent' | 'excused';

/** GET /api/plenaries/{id}/attendance, one row per delegate. */
export interface AttendanceRow {
  delegate_id: number;
  name: string;
  delegation: string;
  seat: string;
  status: DelegateStatus;
  state: AttendanceState;
  /** self / late / card / seat / desk, or "" when never recorded. */
  method: string;
  /** Milliseconds since the epoch; 0 when never recorded. */
  at: number;
}

/** GET /api/me/floor: the delegate's device. Plenary and the rest are null when none is scheduled. */
export interface MyFloor {
  delegate: Delegate;
  plenary: Plenary | null;
  attendance: AttendanceState | null;
  quorum: Quorum | null;
  poll: Poll | null;
}
