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
