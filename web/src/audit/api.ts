// The audit area of the API (src/api/audit): the hash-chained log.
import { api } from '../api/client';
import type { AuditList, AuditVerify } from '../api/types';

export const PAGE_SIZE = 100;

/** Entries with id > after, oldest first, at most limit. */
export function listAudit(after = 0, limit = PAGE_SIZE): Promise<AuditList> {
  return api.get<AuditList>('/api/audit', { query: { after, limit } });
}

/** Recomputes the chain on the server. */
export function verifyAudit(): Promise<AuditVerify> {
  return api.get<AuditVerify>('/api/audit/verify');
}
