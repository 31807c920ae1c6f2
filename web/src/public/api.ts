// The public channel's API (社情民意, src/api/opinions.c; the delegate's
// profile and code from src/api/duty.c): no sign-in. Reads go through the
// shared client. Writes (a submission, its photos) go anonymously
// (credentials: 'omit'): an issue from a citizen is never tied to a session
// that happens to live in the same browser (a staff member trying the form),
// and so needs no CSRF token. They carry X-Device-Id (device.ts).
import { api, ApiError } from '../api/client';
import type { ErrorBody } from '../api/types';
import type { DelegateProfile, OpinionCategory, OpinionStats, PublicOpinion, Station } from '../opinions/types';
import { deviceId } from './device';

function isErrorBody(x: unknown): x is ErrorBody {
  if (typeof x !== 'object' || x === null) return false;
  const e = (x as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** POSTs without the session cookie, with X-Device-Id; errors as the client's ApiError. */
async function anonymousPost<T>(path: string, body: unknown): Promise<T> {
  const blob = body instanceof Blob;
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': blob ? body.type || 'application/octet-stream' : 'application/json',
        'X-Device-Id': deviceId(),
      },
      body: blob ? body : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    if (isErrorBody(json)) throw new ApiError(res.status, json.error.code, json.error.message ?? '', json.error.field ?? undefined);
    throw new ApiError(res.status, 'http', `HTTP ${res.status}`);
  }
  if (json === undefined) throw new ApiError(res.status, 'bad_response', `not JSON: ${path}`);
  return json as T;
}

export interface SubmissionInput {
  title: string;
  content: string;
  place: string;
  category: OpinionCategory;
  contact_name?: string;
  contact_phone?: string;
  delegate_id?: number;
  station_id?: number;
}

export interface Submitted {
  opinion: { code: string; state: string; submitted_at: number | string };
}

export function submitOpinion(o: SubmissionInput): Promise<Submitted> {
  return anonymousPost<Submitted>('/api/public/opinions', o);
}

/** One photo, raw (image/jpeg after downscale), within an hour of submitting. */
export function uploadPhoto(code: string, photo: Blob): Promise<{ photo: { n: number; size: number } }> {
  return anonymousPost(`/api/public/opinions/${encodeURIComponent(code)}/photos`, photo);
}

export function trackOpinion(code: string): Promise<{ opinion: PublicOpinion }> {
  return api.get<{ opinion: PublicOpinion }>(`/api/public/opinions/${encodeURIComponent(code)}`);
}

/** The n-th photo (1-based) of an issue, as an <img> source. */
export function photoUrl(code: string, n: number): string {
  return `/api/public/opinions/${encodeURIComponent(code)}/photos/${n}`;
}

export function getStats(from?: string, to?: string): Promise<OpinionStats> {
  return api.get<OpinionStats>('/api/public/opinions/stats', { query: { from: from || undefined, to: to || undefined } });
}

export function listPublicStations(): Promise<{ stations: Station[] }> {
  return api.get<{ stations: Station[] }>('/api/public/stations');
}

export function getDelegateProfile(id: number, year?: number): Promise<DelegateProfile> {
  return api.get<DelegateProfile>(`/api/public/delegates/${id}`, { query: { year } });
}

/** The delegate's code (代表码): a QR code of the submit page addressed to them. */
export function delegateQrUrl(id: number): string {
  return `/api/public/delegates/${id}/qr.svg`;
}

/** A tracking code as typed: trimmed, upper case, spaces dropped. */
export function normalizeCode(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}
