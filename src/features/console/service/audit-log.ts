import type { Executor } from '../../../storage/database.ts';
import { type AuditFilter, browseAuditRows } from '../../../storage/repositories/audit.ts';

export type { AuditFilter };

/** Audit rows, newest first; before/after were masked when written. */
export async function browseAudit(db: Executor, f: AuditFilter, limit = 100) {
  return browseAuditRows(db, f, limit);
}
