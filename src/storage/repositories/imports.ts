import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { ImportLineError, ImportRow } from '../tables/imports.ts';

/**
 * Bulk enrolment imports (migration 0015): the import row, and the set statements a batch of lines is read
 * and written with. Every write takes whole columns as arrays (`unnest`), so a batch of thousands of lines
 * is a handful of statements; the caller owns the transaction and has computed each line's changes.
 * Lock order as in src/features/issuer-api/issuer-data.ts: members, then cards and phone bindings, then audit.
 */

export type { ImportLineError, ImportRow };

export async function findImport(db: Executor, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockImport(db: Executor, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listImports(db: Executor, limit: number): Promise<ImportRow[]> {
  return db.selectFrom('imports').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

/** Creates the row, or marks an existing one running again (a resumed import); returns the row. */
export async function startImport(
  db: Executor,
  row: { id: string; source: 'api' | 'cli'; startedBy: string; at: Date },
): Promise<ImportRow> {
  await db
    .insertInto('imports')
    .values({
      id: row.id,
      status: 'running',
      source: row.source,
      started_by: row.startedBy,
      started_at: row.at,
      updated_at: row.at,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ status: 'running', interruption: null, finished_at: null, updated_at: row.at }),
    )
    .execute();
  return (await findImport(db, row.id))!;
}

export interface BatchProgress {
  committedLine: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Appended to the stored list (the caller keeps it within the cap). */
  errors: ImportLineError[];
  at: Date;
}

export async function recordBatch(db: Executor, id: string, p: BatchProgress): Promise<void> {
  await sql`update imports set committed_line = ${p.committedLine},
      created = created + ${p.created}, updated = updated + ${p.updated},
      unchanged = unchanged + ${p.unchanged}, failed = failed + ${p.failed},
      errors = errors || ${JSON.stringify(p.errors)}::jsonb, updated_at = ${p.at}
    where id = ${id}`.execute(db);
}

export async function finishImport(
  db: Executor,
  id: string,
  end: { status: 'completed' | 'interrupted'; interruption: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: end.status,
      interruption: end.interruption,
      updated_at: end.at,
      finished_at: end.status === 'completed' ? end.at : null,
    })
    .where('id', '=', id)
    .execute();
}

// ---- the batch's reads (locked) ----

export interface MemberState {
  enet_id: string;
  name: string;
  email: string;
  status: string;
  enrollment: string;
  enrollment_reason: string | null;
}

export async function lockMembersIn(db: Executor, enetIds: string[]): Promise<MemberState[]> {
  const { rows } = await sql<MemberState>`select enet_id, name, email, status, enrollment, enrollment_reason
    from members where enet_id = any(${enetIds}::text[]) order by enet_id for update`.execute(db);
  return rows;
}

export interface CardState {
  card_ref: string;
  enet_id: string;
  pan_mac: string;
  expiry: string;
  status: string;
}

/** The batch's cards by reference, and any card already holding one of its PANs. */
export async function lockCardsIn(db: Executor, cardRefs: string[], panMacs: string[]): Promise<CardState[]> {
  const { rows } = await sql<CardState>`select card_ref, enet_id, pan_mac, expiry, status from cards
    where card_ref = any(${cardRefs}::text[]) or pan_mac = any(${panMacs}::text[])
    order by card_ref for update`.execute(db);
  return rows;
}

export async function lockCurrentBindingsIn(
  db: Executor,
  enetIds: string[],
): Promise<{ id: string; enet_id: string; phone_mac: string }[]> {
  const { rows } = await sql<{ id: string; enet_id: string; phone_mac: string }>`select id, enet_id, phone_mac
    from phone_bindings where enet_id = any(${enetIds}::text[]) and unbound_at is null order by enet_id for update`.execute(
    db,
  );
  return rows;
}

/** Members (of `enetIds`) holding an active card other than `exceptCardRefs` (the batch decides those). */
export async function membersWithOtherActiveCards(
  db: Executor,
  enetIds: string[],
  exceptCardRefs: string[],
): Promise<Set<string>> {
  if (enetIds.length === 0) return new Set();
  const { rows } = await sql<{ enet_id: string }>`select distinct enet_id from cards
    where enet_id = any(${enetIds}::text[]) and status = 'active' and card_ref <> all(${exceptCardRefs}::text[])`.execute(
    db,
  );
  return new Set(rows.map((r) => r.enet_id));
}

// ---- the batch's writes ----

export interface MemberWrite {
  enetId: string;
  name: string;
  email: string;
  status: string;
  /** No row existed when the batch locked its members: a plain insert (a concurrent insert fails the batch). */
  isNew: boolean;
  /** A new member's enrollment when the same line enrolls it (written with the row, not updated after). */
  enrollment?: string;
}

/**
 * New members in one insert, changed ones in one update. Rows the batch saw missing are inserted without
 * ON CONFLICT (no speculative insertion per row); if another writer created one meanwhile, the unique
 * violation sends the batch to its line-by-line fallback.
 */
export async function upsertMembers(db: Executor, issuerId: string, rows: MemberWrite[], at: Date): Promise<void> {
  const fresh = rows.filter((r) => r.isNew);
  const changed = rows.filter((r) => !r.isNew);
  if (fresh.length > 0) {
    await sql`insert into members (enet_id, issuer_id, name, email, status, enrollment, enrollment_changed_at,
        created_at, updated_at)
      select u.enet_id, ${issuerId}, u.name, u.email, u.status, coalesce(u.enrollment, 'not_enrolled'),
        case when u.enrollment is null then null else ${at}::timestamptz end, ${at}, ${at}
      from unnest(${fresh.map((r) => r.enetId)}::text[], ${fresh.map((r) => r.name)}::text[],
                  ${fresh.map((r) => r.email)}::text[], ${fresh.map((r) => r.status)}::text[],
                  ${fresh.map((r) => r.enrollment ?? null)}::text[])
        as u(enet_id, name, email, status, enrollment)`.execute(db);
  }
  if (changed.length > 0) {
    await sql`update members m set name = u.name, email = u.email, status = u.status, updated_at = ${at}
      from unnest(${changed.map((r) => r.enetId)}::text[], ${changed.map((r) => r.name)}::text[],
                  ${changed.map((r) => r.email)}::text[], ${changed.map((r) => r.status)}::text[])
        as u(enet_id, name, email, status)
      where m.enet_id = u.enet_id`.execute(db);
  }
}

export interface CardWrite {
  cardRef: string;
  enetId: string;
  panEnc: string;
  panMac: string;
  first6: string;
  last4: string;
  expiry: string;
  status: string;
  /** As MemberWrite.isNew. */
  isNew: boolean;
}

export async function upsertCards(db: Executor, rows: CardWrite[], at: Date): Promise<void> {
  const fresh = rows.filter((r) => r.isNew);
  const changed = rows.filter((r) => !r.isNew);
  const columns = (list: CardWrite[]) => {
    const col = <K extends keyof CardWrite>(k: K) => list.map((r) => r[k]);
    return sql`unnest(${col('cardRef')}::text[], ${col('enetId')}::text[], ${col('panEnc')}::text[],
      ${col('panMac')}::text[], ${col('first6')}::text[], ${col('last4')}::text[], ${col('expiry')}::text[],
      ${col('status')}::text[]) as u(card_ref, enet_id, pan_enc, pan_mac, pan_first6, pan_last4, expiry, status)`;
  };
  if (fresh.length > 0) {
    await sql`insert into cards (card_ref, enet_id, pan_enc, pan_mac, pan_first6, pan_last4, expiry, status,
        created_at, updated_at)
      select u.*, ${at}::timestamptz, ${at}::timestamptz from ${columns(fresh)}`.execute(db);
  }
  if (changed.length > 0) {
    await sql`update cards c set enet_id = u.enet_id, pan_enc = u.pan_enc, pan_mac = u.pan_mac,
        pan_first6 = u.pan_first6, pan_last4 = u.pan_last4, expiry = u.expiry, status = u.status, updated_at = ${at}
      from ${columns(changed)} where c.card_ref = u.card_ref`.execute(db);
  }
}

export async function unbindBindings(
  db: Executor,
  rows: { id: string; reason: string }[],
  by: string,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`update phone_bindings b set unbound_at = ${at}, unbound_by = ${by}, unbound_reason = u.reason
    from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.reason)}::text[]) as u(id, reason)
    where b.id = u.id and b.unbound_at is null`.execute(db);
}

export interface BindingWrite {
  id: string;
  enetId: string;
  phoneEnc: string;
  phoneMac: string;
  phoneMasked: string;
}

export async function insertProvisionedBindings(
  db: Executor,
  rows: BindingWrite[],
  by: string,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof BindingWrite>(k: K) => rows.map((r) => r[k]);
  await sql`insert into phone_bindings (id, enet_id, phone_enc, phone_mac, phone_masked, verified_by, bound_by, bound_at)
    select u.*, 'issuer_provisioned', ${by}, ${at}::timestamptz
    from unnest(${col('id')}::text[], ${col('enetId')}::text[], ${col('phoneEnc')}::text[], ${col('phoneMac')}::text[],
                ${col('phoneMasked')}::text[]) as u(id, enet_id, phone_enc, phone_mac, phone_masked)`.execute(db);
}

export interface EnrollmentWrite {
  id: string;
  enetId: string;
  fromState: string;
  toState: string;
  reason: string | null;
  note: string;
  /** The member row was inserted with this enrollment already (upsertMembers): only the event is written. */
  withInsert?: boolean;
}

/** Sets each member's enrollment and records the event, as applyEnrollmentEvent does for one member. */
export async function applyEnrollments(db: Executor, rows: EnrollmentWrite[], actor: string, at: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof EnrollmentWrite>(k: K) => rows.map((r) => r[k]);
  const updates = rows.filter((r) => !r.withInsert);
  const upd = <K extends keyof EnrollmentWrite>(k: K) => updates.map((r) => r[k]);
  if (updates.length > 0)
    await sql`update members m set enrollment = u.to_state, enrollment_reason = u.reason,
      enrollment_changed_at = ${at}, updated_at = ${at}
    from unnest(${upd('enetId')}::text[], ${upd('toState')}::text[], ${upd('reason')}::text[]) as u(enet_id, to_state, reason)
    where m.enet_id = u.enet_id`.execute(db);
  await sql`insert into enrollment_events (id, enet_id, from_state, to_state, reason, actor, note, at)
    select u.id, u.enet_id, u.from_state, u.to_state, u.reason, ${actor}, u.note, ${at}::timestamptz
    from unnest(${col('id')}::text[], ${col('enetId')}::text[], ${col('fromState')}::text[], ${col('toState')}::text[],
                ${col('reason')}::text[], ${col('note')}::text[]) as u(id, enet_id, from_state, to_state, reason, note)`.execute(
    db,
  );
}

/**
 * A batch writes thousands of rows per statement: the service's per-statement limit (DATABASE_STATEMENT_TIMEOUT_MS,
 * sized for single-row requests) is raised for this transaction only.
 */
export async function allowLongStatements(trx: Executor, seconds: number): Promise<void> {
  await sql.raw(`set local statement_timeout = '${Math.round(seconds)}s'`).execute(trx);
}

/** Runs `work` inside a savepoint of the caller's transaction: a refusal rolls back only what `work` wrote. */
export async function inSavepoint<T>(trx: Executor, work: () => Promise<T>): Promise<T> {
  await sql`savepoint import_line`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint import_line`.execute(trx);
    return result;
  } catch (err) {
    await sql`rollback to savepoint import_line`.execute(trx);
    throw err;
  }
}
