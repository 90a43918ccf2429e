import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../database.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  at: Date;
}

const GENESIS = '0'.repeat(64);
/** One advisory lock key for the chain: appends serialise so each row links to the one before. */
const AUDIT_LOCK = 727_001;

/**
 * Appends an audit row in the caller's transaction. `before`/`after` must already be masked:
 * the audit log is read by people. The hash covers every field and the previous row's hash.
 */
export async function appendAudit(trx: Executor, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS;
  const row = {
    id: newId('aud', entry.at.getTime()),
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    reason: entry.reason ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    request_id: entry.requestId ?? null,
    prev_hash: prevHash,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash: auditHash(row) })
    .execute();
}

export interface AuditHashInput {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
  prev_hash: string;
}

/** Canonical hash of a row: JSON of the fields in a fixed order (jsonb reorders keys, so re-canonicalise). */
export function auditHash(row: AuditHashInput): string {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actor,
    row.action,
    row.subject_type,
    row.subject_id,
    row.reason,
    row.before === null ? null : canonicalJson(JSON.parse(row.before)),
    row.after === null ? null : canonicalJson(JSON.parse(row.after)),
    row.request_id,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  subject?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Rows with seq below this (paging backwards). */
  before?: number | undefined;
}

/** Audit rows, newest first. */
export async function browseAuditRows(db: Executor, f: AuditFilter, limit: number) {
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

/** The newest audit rows about one subject. */
export async function auditOfSubject(db: Executor, subjectType: string, subjectId: string, limit: number) {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor', 'action', 'reason'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** An audit row as stored, jsonb columns as text (so a JSON `null` and an SQL NULL stay distinct, as hashed). */
export interface StoredAuditRow {
  seq: number;
  id: string;
  at: Date | string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  before_text: string | null;
  after_text: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** Up to `limit` audit rows after `afterSeq`, in chain order. */
export async function auditChainAfter(db: Executor, afterSeq: number, limit: number): Promise<StoredAuditRow[]> {
  const batch = await sql<Omit<StoredAuditRow, 'seq'> & { seq: string | number }>`
    select seq, id, at, actor, action, subject_type, subject_id, reason, before::text as before_text,
      after::text as after_text, request_id, prev_hash, hash
    from audit_log where seq > ${afterSeq} order by seq limit ${limit}`.execute(db);
  return batch.rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}
