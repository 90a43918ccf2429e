import type { Executor } from '../../../storage/database.ts';
import { auditChainAfter, auditHash } from '../../../storage/repositories/audit.ts';

export type AuditBreak = 'hash_mismatch' | 'prev_hash_mismatch';

export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  firstBad?: { seq: number; id: string; problem: AuditBreak };
}

const GENESIS = '0'.repeat(64);
const BATCH = 1000;

/**
 * Walks the audit log in `seq` order, recomputing each row's hash and checking it links to the row before.
 * jsonb columns are read as text so a stored JSON `null` and an SQL NULL stay distinct, as when hashed.
 */
export async function verifyAuditChain(db: Executor): Promise<AuditVerifyResult> {
  let prev = GENESIS;
  let after = -1;
  let rows = 0;
  for (;;) {
    const batch = await auditChainAfter(db, after, BATCH);
    if (batch.length === 0) return { ok: true, rows };
    for (const row of batch) {
      const seq = row.seq;
      rows++;
      if (row.prev_hash !== prev)
        return { ok: false, rows, firstBad: { seq, id: row.id, problem: 'prev_hash_mismatch' } };
      const expected = auditHash({
        id: row.id,
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        subject_type: row.subject_type,
        subject_id: row.subject_id,
        reason: row.reason,
        before: row.before_text,
        after: row.after_text,
        request_id: row.request_id,
        prev_hash: row.prev_hash,
      });
      if (expected !== row.hash) return { ok: false, rows, firstBad: { seq, id: row.id, problem: 'hash_mismatch' } };
      prev = row.hash;
      after = seq;
    }
  }
}
