// Shapes of the public channel's JSON (社情民意, src/api/opinions.c) and of
// the duty record (履职档案, src/api/duty.c), as the contract of issue 7
// states them. Shared by the public pages (web/src/public), the signed-in
// pages (web/src/opinions) and the duty record (web/src/duty). Fields the
// server may leave out are optional: the pages check before use.

/** The fixed list of categories (the server refuses any other). */
export const OPINION_CATEGORIES = [
  'roads_transport',
  'education',
  'health',
  'environment',
  'agriculture',
  'social_security',
  'housing',
  'public_safety',
  'employment',
  'other',
] as const;
export type OpinionCategory = (typeof OPINION_CATEGORIES)[number];

/** The states of an issue, in the order of the step bar; merged and rejected end it early. */
export const OPINION_STATES = ['submitted', 'routed', 'taken', 'suggested', 'closed', 'merged', 'rejected'] as const;
export type OpinionState = (typeof OPINION_STATES)[number];

/** The kinds of a liaison activity (联系群众、走访…). */
export const ACTIVITY_KINDS = ['contact', 'visit', 'reception', 'survey', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** A liaison activity as a form sends it (to an issue, or to the delegate's own record). */
export interface ActivityValues {
  kind: ActivityKind;
  held_on: string;
  note: string;
  station_id?: number;
}

/** A time as the server sends it: milliseconds since the epoch or ISO 8601. */
export type Instant = number | string;

export interface Ref {
  id: number;
  name: string;
}

export interface TimelineEntry {
  at: Instant;
  action: string;
  note?: string;
  /** Signed-in view only: who did it, and whether the citizen sees it. */
  actor?: string;
  public?: boolean;
}

export interface SuggestionReplyPublic {
  unit: string;
  category: string;
  content: string;
  at: Instant;
}

export interface LinkedSuggestion {
  id: number;
  title: string;
  state: string;
  replies?: SuggestionReplyPublic[];
}

/** GET /api/public/opinions/{code}: what the citizen sees. Never contact details. */
export interface PublicOpinion {
  code: string;
  title: string;
  content: string;
  place: string;
  category: string;
  state: OpinionState;
  submitted_at: Instant;
  closed_at?: Instant | null;
  answer?: string;
  answered_by?: string;
  delegate?: Ref | null;
  station?: Ref | null;
  /** How many photos. */
  photos?: number;
  /** The code of the issue this one was merged into. */
  merged_into?: string | null;
  /** Why it was not taken up (rejected). */
  reason?: string;
  timeline?: TimelineEntry[];
  suggestion?: LinkedSuggestion | null;
}

export interface Activity {
  id: number;
  kind: ActivityKind | string;
  held_on: string;
  note: string;
  delegate?: Ref | string | null;
  station?: Ref | null;
}

/** What the signed-in caller may do now (the steps the page offers). */
export interface OpinionCan {
  triage?: boolean;
  route?: boolean;
  merge?: boolean;
  reject?: boolean;
  take?: boolean;
  activity?: boolean;
  suggestion?: boolean;
  answer?: boolean;
}

/** GET /api/opinions/{id}: everything, for staff and the handling delegate. */
export interface OpinionDetail extends PublicOpinion {
  id: number;
  addressed_to?: Ref | null;
  /** Staff and the handling delegate only. */
  contact?: { name: string; phone: string } | null;
  activities?: Activity[];
  suggestion_id?: number | null;
  /** Who the caller is for this issue and the steps the server allows them now. */
  viewer?: OpinionViewer;
  /** The id of the issue this one was merged into (signed-in view), when sent. */
  merged_into_id?: number | null;
}

/** The server's answer to "what may I do here" (it checks every step again). */
export interface OpinionViewer {
  staff?: boolean;
  /** The caller is the handling delegate (or a member of the handling station). */
  handling?: boolean;
  triage?: boolean;
  route?: boolean;
  merge?: boolean;
  reject?: boolean;
  take?: boolean;
  /** Record a liaison activity about the issue. */
  record?: boolean;
  /** Link a suggestion. */
  suggest?: boolean;
  answer?: boolean;
}

/** A row of GET /api/opinions. */
export interface OpinionRow {
  id: number;
  code: string;
  title: string;
  place: string;
  category: string;
  state: OpinionState;
  submitted_at: Instant;
  delegate?: Ref | null;
  station?: Ref | null;
}

export interface OpinionPage {
  opinions: OpinionRow[];
  total: number;
  page: number;
  per_page: number;
}

export interface Similar {
  id: number;
  code: string;
  title: string;
  state: OpinionState;
  score?: number;
}

/** 代表联络站 */
export interface Station {
  id: number;
  name: string;
  place: string;
  address: string;
  reception: string;
  phone: string;
  delegates?: Ref[];
}

export interface OpinionStats {
  total: number;
  by_category: { category: string; count: number }[];
  by_place: { place: string; count: number }[];
  by_state: { state: string; count: number }[];
  by_month: { month: string; submitted: number; closed: number }[];
  answer_days: { closed: number; median: number | null; p90: number | null };
}

/** GET /api/public/delegates/{id}: the public profile (duty helper); every part optional. */
export interface DelegateProfile {
  delegate: {
    id: number;
    name: string;
    gender?: string;
    party?: string;
    occupation?: string;
    delegation?: string;
    constituency?: string;
    stations?: Ref[];
  };
  year?: number;
  summary?: Record<string, unknown>;
}
