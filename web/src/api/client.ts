// The typed API client: one fetch wrapper for every call the pages make.
//
// - Cookies go with every request (credentials: 'same-origin'); the session
//   cookie is HttpOnly, so the page never sees it.
// - A body is sent as JSON, except a Blob (a file upload), sent raw with its
//   own Content-Type.
// - Every non-GET request carries X-CSRF-Token, the token from the login or
//   /api/auth/me answer (setCsrfToken).
// - A non-2xx answer becomes an ApiError carrying the server's
//   {"error":{"code","message","field"}}; a network failure becomes an
//   ApiError with status 0 and code "network".
// - A 401 on any call (except those that opt out: login, the initial /me)
//   means the session is gone: the handler set by onUnauthenticated() runs,
//   which sends the user to /login.
import type { ErrorBody } from './types';

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** The server's error code ("unauthenticated", "invalid", …) or "network" / "http". */
  readonly code: string;
  /** The input field the error is about, when the server names one. */
  readonly field?: string;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** When false, a 401 is only thrown, not treated as "session gone". Default true. */
  redirectOn401?: boolean;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

/** Stores the CSRF token sent on every non-GET request (null after logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Sets what happens when a call answers 401 (the app routes to /login). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined) params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(x: unknown): x is ErrorBody {
  if (typeof x !== 'object' || x === null) return false;
  const e = (x as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/**
 * Sends one request and returns the parsed JSON body as T.
 * Throws ApiError on a network failure, a non-2xx status or a body that is not JSON.
 */
export async function request<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A Blob (an uploaded file) goes as it is, with its own type; anything else as JSON.
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (raw) headers['Content-Type'] = body.type || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body: raw ? body : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }

  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }

  if (!res.ok) {
    if (res.status === 401 && opts.redirectOn401 !== false && unauthenticatedHandler) {
      unauthenticatedHandler();
    }
    if (isErrorBody(json)) {
      throw new ApiError(res.status, json.error.code, json.error.message ?? '', json.error.field ?? undefined);
    }
    throw new ApiError(res.status, 'http', `HTTP ${res.status}`);
  }
  if (json === undefined) {
    throw new ApiError(res.status, 'bad_response', `not JSON: ${path}`);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  // No body argument = no body at all (endpoints without input refuse one, even {}).
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};
