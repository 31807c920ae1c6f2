// The handling report of suggestions (src/api/suggestions_report.c, DL art.
// 51(3)) and editing a handling unit (PUT /api/units/{id}). Every number and
// rate comes from the server; the page only formats them.
import { api } from '../api/client';
import type { HandlingUnit } from '../api/types';

/** A fraction with its integer per-mille figure (null: nothing to rate). */
export interface ReportRate {
  numerator: number;
  denominator: number;
  per_mille: number | null;
}

export interface ReportCounts {
  assigned: number;
  replied: number;
  replied_on_time: number;
  overdue: number;
  on_time_rate: ReportRate;
  ratings: { satisfied: number; basically_satisfied: number; dissatisfied: number };
  satisfaction_rate: ReportRate;
  results: { solved: number; planned: number; not_possible: number; explained: number };
}

export interface ReportUnitRow extends ReportCounts {
  unit_id: number;
  name: string;
}

export interface ReportCategoryRow extends ReportCounts {
  category: string; // "" for none
}

export interface SuggestionReport {
  as_of: string;
  term_id: number | null;
  units: ReportUnitRow[];
  categories: ReportCategoryRow[];
  totals: ReportCounts;
}

export const RESULT_KEYS = ['solved', 'planned', 'not_possible', 'explained'] as const;

export function getReport(): Promise<SuggestionReport> {
  return api.get<SuggestionReport>('/api/suggestions/report');
}

/** The published report: no login. */
export function getPublicReport(): Promise<SuggestionReport> {
  return api.get<SuggestionReport>('/api/public/suggestions/report');
}

export const REPORT_XLSX = '/api/suggestions/report.xlsx';
export const REPORT_PDF = '/api/suggestions/report.pdf';

/** "96.6%" from a per-mille figure, "—" when there is none (as in the XLSX and PDF). */
export function rateText(r: ReportRate): string {
  if (r.per_mille === null) return '—';
  return `${Math.floor(r.per_mille / 10)}.${r.per_mille % 10}%`;
}

export type UnitWithEmail = HandlingUnit & { email?: string };

export function updateUnit(id: number, u: { name: string; email: string }): Promise<{ unit: UnitWithEmail }> {
  return api.put<{ unit: UnitWithEmail }>(`/api/units/${id}`, u);
}
