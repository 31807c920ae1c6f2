// The duty record (履职档案, src/api/duty.c): a delegate's year — attendance,
// votes and election rounds taken part in (never how), suggestions with
// their results and ratings, public opinions handled, liaison activities,
// and a summary. Its shape is the server's; the page renders it
// defensively (DutyRecord.vue).
import { api } from '../api/client';
import type { ActivityValues } from '../opinions/types';

/** GET /api/delegates/{id}/duty: sections are arrays or objects; every part optional. */
export interface DutyRecord {
  delegate?: { id: number; name: string; [k: string]: unknown };
  year?: number;
  summary?: Record<string, unknown>;
  [section: string]: unknown;
}

export function getDuty(delegateId: number, year: number): Promise<DutyRecord> {
  return api.get<DutyRecord>(`/api/delegates/${delegateId}/duty`, { query: { year } });
}

export function dutyPdfUrl(delegateId: number, year: number): string {
  return `/api/delegates/${delegateId}/duty.pdf?year=${year}`;
}

/** A delegate records a liaison activity of their own. */
export function recordActivity(a: ActivityValues): Promise<unknown> {
  return api.post<unknown>('/api/me/activities', a);
}
