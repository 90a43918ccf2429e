import type { Db } from '../../../storage/database.ts';

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  subject?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Rows with seq below this (paging backwards). */
  before?: number | undefined;
}

/** Audit rows, newest first; before/after were masked when written. */
export async function browseAudit(db: Db, f: AuditFilter, limit = 100) {
  let q = db
    .selectFrom('audit_log')
    .select(['seq', 'id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'reason', 'before', 'after', 'hash']);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.subject) q = q.where('subject_id', '=', f.subject);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.before !== undefined) q = q.where('seq', '<', f.before);
  return q.orderBy('seq', 'desc').limit(limit).execute();
}
