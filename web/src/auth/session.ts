// The signed-in user, shared by every page: loaded once from
// GET /api/auth/me when the app starts, set by login, cleared by logout or
// by any 401. Holds the CSRF token for the API client.
import { reactive } from 'vue';
import { api, setCsrfToken } from '../api/client';
import type { Role, SessionInfo, User } from '../api/types';

export const session = reactive({
  user: null as User | null,
  /** True once /api/auth/me has answered (either way). */
  loaded: false,
});

function apply(info: SessionInfo | null): void {
  session.user = info ? info.user : null;
  setCsrfToken(info ? info.csrf_token : null);
}

/** Asks the server who is signed in (cookie). Never throws: no session is a null user. */
export async function loadSession(): Promise<User | null> {
  try {
    apply(await api.get<SessionInfo>('/api/auth/me', { redirectOn401: false }));
  } catch {
    apply(null);
  }
  session.loaded = true;
  return session.user;
}

/** Signs in. Throws ApiError (401 wrong password, 429 too many attempts, …). */
export async function login(username: string, password: string): Promise<User> {
  const info = await api.post<SessionInfo>('/api/auth/login', { username, password }, { redirectOn401: false });
  apply(info);
  session.loaded = true;
  return info.user;
}

/** Signs out on the server (best effort) and forgets the user here. */
export async function logout(): Promise<void> {
  try {
    await api.post<{ ok: boolean }>('/api/auth/logout', undefined, { redirectOn401: false });
  } finally {
    forget();
  }
}

/** Forgets the user without asking the server (the session is already gone). */
export function forget(): void {
  apply(null);
}

export function hasAnyRole(roles: readonly Role[] | undefined): boolean {
  if (!roles || roles.length === 0) return true;
  const mine = session.user?.roles ?? [];
  return roles.some((r) => mine.includes(r));
}
