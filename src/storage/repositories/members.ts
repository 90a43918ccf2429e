import type { Executor } from '../database.ts';
import type { Enrollment } from '../schema.ts';

/**
 * Members and their enrollment history. Lock order in every writer: the member row first (`lockMember`), then
 * card and phone rows, then the audit chain lock, so concurrent changes to one member queue instead of deadlocking.
 */

export interface MemberFields {
  name: string;
  email: string;
  status: 'active' | 'suspended';
}

/** Locks the member row for the rest of the transaction; its profile fields, or undefined when there is none. */
export async function lockMemberFields(db: Executor, enetId: string): Promise<MemberFields | undefined> {
  return db
    .selectFrom('members')
    .select(['name', 'email', 'status'])
    .where('enet_id', '=', enetId)
    .forUpdate()
    .executeTakeFirst();
}

/** Locks the member row and returns its enrollment, or undefined when there is no such member. */
export async function lockMemberEnrollment(
  db: Executor,
  enetId: string,
): Promise<{ enrollment: Enrollment; enrollment_reason: string | null } | undefined> {
  return db
    .selectFrom('members')
    .select(['enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .forUpdate()
    .executeTakeFirst();
}

/** Locks the member row (if any); true when the member exists. */
export async function lockMember(db: Executor, enetId: string): Promise<boolean> {
  const rows = await db.selectFrom('members').select('enet_id').where('enet_id', '=', enetId).forUpdate().execute();
  return rows.length > 0;
}

/** Holds the member row against deletion or key change (FOR KEY SHARE); true when the member exists. */
export async function holdMember(db: Executor, enetId: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('enet_id')
    .where('enet_id', '=', enetId)
    .forKeyShare()
    .executeTakeFirst();
  return row !== undefined;
}

export async function memberEnrollment(
  db: Executor,
  enetId: string,
): Promise<{ enrollment: Enrollment; enrollment_reason: string | null } | undefined> {
  return db
    .selectFrom('members')
    .select(['enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
}

export async function anyMemberExists(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('members').select('enet_id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertMember(
  db: Executor,
  enetId: string,
  issuerId: string,
  fields: MemberFields,
  at: Date,
): Promise<void> {
  await db
    .insertInto('members')
    .values({ enet_id: enetId, issuer_id: issuerId, ...fields, updated_at: at })
    .execute();
}

export async function updateMemberFields(db: Executor, enetId: string, fields: MemberFields, at: Date): Promise<void> {
  await db
    .updateTable('members')
    .set({ ...fields, updated_at: at })
    .where('enet_id', '=', enetId)
    .execute();
}

export async function setEnrollment(
  db: Executor,
  enetId: string,
  next: { state: Enrollment; reason: string | null },
  at: Date,
): Promise<void> {
  await db
    .updateTable('members')
    .set({ enrollment: next.state, enrollment_reason: next.reason, enrollment_changed_at: at, updated_at: at })
    .where('enet_id', '=', enetId)
    .execute();
}

export interface EnrollmentEventRow {
  id: string;
  enetId: string;
  fromState: string;
  toState: string;
  reason: string | null;
  actor: string;
  note: string | null;
  at: Date;
}

export async function insertEnrollmentEvent(db: Executor, e: EnrollmentEventRow): Promise<void> {
  await db
    .insertInto('enrollment_events')
    .values({
      id: e.id,
      enet_id: e.enetId,
      from_state: e.fromState,
      to_state: e.toState,
      reason: e.reason,
      actor: e.actor,
      note: e.note,
      at: e.at,
    })
    .execute();
}

/** The issuer API's view of a member (no PAN or phone here). */
export async function findMemberSummary(db: Executor, enetId: string) {
  return db
    .selectFrom('members')
    .select(['enet_id', 'name', 'email', 'status', 'enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
}

export async function findMemberRow(db: Executor, enetId: string) {
  return db.selectFrom('members').selectAll().where('enet_id', '=', enetId).executeTakeFirst();
}

/** The members among `enetIds`, by id. */
export async function membersIn(db: Executor, enetIds: readonly string[]) {
  if (enetIds.length === 0) return [];
  return db
    .selectFrom('members')
    .select(['enet_id', 'name', 'enrollment', 'enrollment_reason'])
    .where('enet_id', 'in', enetIds)
    .orderBy('enet_id')
    .execute();
}

export async function enrollmentHistory(db: Executor, enetId: string, limit: number) {
  return db
    .selectFrom('enrollment_events')
    .selectAll()
    .where('enet_id', '=', enetId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}
