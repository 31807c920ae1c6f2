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

// ---- elections (src/api/elections.c) ----

/** The office class of an election: the margin band depends on it (RULES §7). */
export type OfficeClass = 'head' | 'vice' | 'member' | 'higher_delegate' | 'other';
export const OFFICE_CLASSES: readonly OfficeClass[] = ['head', 'vice', 'member', 'higher_delegate', 'other'];

/** 选举: one office with its seats (应选名额) and the configured margin. */
export interface Election {
  id: number;
  session_id: number;
  title: string;
  office: OfficeClass;
  seats: number;
  /** Extra candidates over the seats: at least min_extra, at most max_extra. */
  margin: { min_extra: number; max_extra: number };
}

export type Nominator = 'presidium' | 'joint';

/** 候选人 */
export interface Candidate {
  id: number;
  name: string;
  delegate_id: number | null;
  nominated_by: Nominator;
  bio: string;
}

/** The server's check of the candidates against the margin. */
export interface MarginCheck {
  status: 'ok' | 'warning' | 'error';
  /** none, uncontested_head, primary_needed, config_below_law, config_above_law, no_integer_in_band, fewer_than_seats, uncontested, too_few */
  reason: string;
  /** In English, with the article of law. */
  message: string;
  primary_needed: boolean;
}

export type RoundKind = 'primary' | 'first' | 'tie_vote' | 're_election';
export type RoundState = 'draft' | 'open' | 'closed' | 'announced';

/** One name's line in a decision. */
export interface DecisionRow {
  name: string;
  votes: number;
  /** 另选他人: not on the ballot. */
  write_in: boolean;
  /** Reached the threshold. */
  reached: boolean;
  elected: boolean;
}

/** The count of a round (tally_decide's output). */
export interface Decision {
  /** False: the whole vote is void (more returned than issued). */
  valid: boolean;
  reason: string | null;
  ballots: { issued: number; returned: number; valid: number; void: number };
  threshold: number;
  results: DecisionRow[];
  elected: string[];
  /** Tied at the cut-off: only these are voted on again, for these seats. */
  tie: { names: string[]; seats: number } | null;
  /** Seats left for a re-election (另行选举). */
  unfilled: number;
}

/** A round of voting: the first, a tie vote (再次投票) or a re-election (另行选举). */
export interface Round {
  id: number;
  election_id: number;
  plenary_id: number;
  parent_id: number | null;
  kind: RoundKind;
  seats: number;
  state: RoundState;
  /** The ballot, in its order. */
  names: string[];
  /** How many have voted (never how, while open). */
  voted: number;
  /** Once closed (officers) or announced (everyone). */
  decision: Decision | null;
  /** GET /api/rounds/{id} for a delegate: my ballot is in. */
  i_voted?: boolean;
}

/** GET /api/elections/{id} */
export interface ElectionView {
  election: Election;
  /** In ballot order (surname strokes). */
  candidates: Candidate[];
  margin: MarginCheck;
  rounds: Round[];
}

/** The signed text of GET /api/rounds/{id}/announcement, parsed. */
export interface Announcement {
  congress: string;
  election: string;
  election_id: number;
  round_id: number;
  kind: RoundKind;
  seats: number;
  decision: Decision;
  /** Hex Ed25519 public key. */
  public_key: string;
}

// ---- Suggestions (src/api/suggestions.c) ----

/** The states of a suggestion (src/rules/suggestion.c). */
export type SuggestionState =
  | 'submitted'
  | 'rejected'
  | 'assigned'
  | 'return_requested'
  | 'replied'
  | 'rehandling'
  | 'closed';
export const SUGGESTION_STATES: readonly SuggestionState[] = [
  'submitted',
  'assigned',
  'return_requested',
  'replied',
  'rehandling',
  'closed',
  'rejected',
];

/** A reply's result category (DL art. 51). */
export type ReplyCategory = 'solved' | 'planned' | 'not_possible' | 'explained';
export const REPLY_CATEGORIES: readonly ReplyCategory[] = ['solved', 'planned', 'not_possible', 'explained'];

export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';
export const RATINGS: readonly Rating[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

/** GET /api/units */
export interface HandlingUnit {
  id: number;
  name: string;
  has_account: boolean;
}

export interface Suggestion {
  id: number;
  term_id: number;
  title: string;
  content: string;
  category: string;
  state: SuggestionState;
  /** YYYY-MM-DD, '' before assignment. */
  assigned_on: string;
  /** The reply's due date, YYYY-MM-DD; '' when no reply is due. */
  due_on: string;
  extension_requested: boolean;
  extended: boolean;
  lead_unit_id: number | null;
  /** How many replies so far. */
  round: number;
  /** When it was submitted (ISO 8601). */
  submitted_at: string;
}

export interface SuggestionSigner {
  delegate_id: number;
  name: string;
  role: 'proposer' | 'co_signer';
}

export interface SuggestionUnit {
  unit_id: number;
  name: string;
  role: 'lead' | 'assisting';
}

export interface SuggestionEvent {
  at: string;
  /** The username of who did it. */
  actor: string;
  action: string;
  from: string;
  to: string;
  note: string;
}

export interface SuggestionReply {
  round: number;
  unit: string;
  category: ReplyCategory;
  content: string;
  signed_by: string;
  at: string;
}

export interface SuggestionRating {
  round: number;
  /** The delegate's name. */
  name: string;
  rating: Rating;
  reason: string;
}

/** Who the caller is for this item (the server says; the page does not guess by names). */
export interface SuggestionViewer {
  /** Staff of the standing committee's office. */
  office: boolean;
  /** The caller's delegate record when a proposer or co-signer of the item. */
  delegate_id: number | null;
  signer_role: 'proposer' | 'co_signer' | null;
  /** A signer who has rated the latest reply already. */
  rated_this_round: boolean;
  /** The caller's unit when it is assigned the item. */
  unit_id: number | null;
  unit_role: 'lead' | 'assisting' | null;
  /** A delegate of the congress, not a signer, reading a submitted item: may co-sign (附议). */
  reader: boolean;
}

/** GET /api/suggestions/{id} */
export interface SuggestionView {
  suggestion: Suggestion;
  signers: SuggestionSigner[];
  units: SuggestionUnit[];
  timeline: SuggestionEvent[];
  replies: SuggestionReply[];
  ratings: SuggestionRating[];
  viewer: SuggestionViewer;
}
