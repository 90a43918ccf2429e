import type { Actor, ServiceDeps } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import { maskPan } from '../../infra/crypto/mask.ts';
import { newId } from '../../infra/ids.ts';
import type { Db } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { applyEnrollmentEvent } from '../enrollment/enrollment.ts';
import { bindPhone } from '../enrollment/phones.ts';

type Deps = Pick<ServiceDeps, 'db' | 'keys' | 'clock'>;

// Lock order in every transaction here: the member row first, then card/phone rows, then the audit chain lock
// (appendAudit). Concurrent changes to one member then queue instead of deadlocking on the audit lock.

export interface MemberInput {
  name: string;
  email: string;
  status: 'active' | 'suspended';
}

export const DEFAULT_ISSUER_ID = 'iss_default';

/** PUT semantics: creates or updates; an identical PUT changes nothing and writes no audit row. */
export async function upsertMember(
  deps: Deps,
  enetId: string,
  input: MemberInput,
  actor: Actor,
  requestId?: string,
): Promise<{ created: boolean }> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('members')
      .select(['name', 'email', 'status'])
      .where('enet_id', '=', enetId)
      .forUpdate()
      .executeTakeFirst();
    if (
      existing &&
      existing.name === input.name &&
      existing.email === input.email &&
      existing.status === input.status
    ) {
      return { created: false };
    }
    if (existing) {
      await trx
        .updateTable('members')
        .set({ ...input, updated_at: at })
        .where('enet_id', '=', enetId)
        .execute();
    } else {
      await trx
        .insertInto('members')
        .values({ enet_id: enetId, issuer_id: DEFAULT_ISSUER_ID, ...input, updated_at: at })
        .execute();
    }
    await appendAudit(trx, {
      actor,
      action: existing ? 'member.update' : 'member.create',
      subjectType: 'member',
      subjectId: enetId,
      before: existing ?? undefined,
      after: input,
      requestId: requestId ?? null,
      at,
    });
    return { created: !existing };
  });
}

/** terms art. 8-1-2: the e-net account was deleted → deregistered from the service. */
export async function deleteEnetAccount(deps: Deps, enetId: string, actor: Actor, requestId?: string): Promise<void> {
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    // Locked so a concurrent repeat waits, then sees 8-1-2 and stays idempotent instead of being refused.
    const member = await trx
      .selectFrom('members')
      .select('enrollment_reason')
      .where('enet_id', '=', enetId)
      .forUpdate()
      .executeTakeFirst();
    if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
    if (member.enrollment_reason === '8-1-2') return; // idempotent
    await applyEnrollmentEvent(trx, {
      enetId,
      event: { type: 'deregistered', reason: '8-1-2' },
      actor,
      note: 'e-net account deleted',
      at,
      requestId: requestId ?? null,
    });
  });
}

export interface CardInput {
  enetId: string;
  pan: string;
  expiry: string;
  status: 'active' | 'closed';
}

export async function upsertCard(
  deps: Deps,
  cardRef: string,
  input: CardInput,
  actor: Actor,
  requestId?: string,
): Promise<{ created: boolean }> {
  const at = deps.clock.now();
  const panMac = deps.keys.mac('pan', input.pan);
  return deps.db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('members')
      .select('enet_id')
      .where('enet_id', '=', input.enetId)
      .forUpdate()
      .executeTakeFirst();
    if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
    const samePan = await trx.selectFrom('cards').select('card_ref').where('pan_mac', '=', panMac).executeTakeFirst();
    if (samePan && samePan.card_ref !== cardRef) {
      throw new ServiceError('conflict', 'this PAN is already registered under another card reference', 'pan');
    }
    const existing = await trx
      .selectFrom('cards')
      .select(['enet_id', 'pan_mac', 'expiry', 'status', 'pan_first6', 'pan_last4'])
      .where('card_ref', '=', cardRef)
      .forUpdate()
      .executeTakeFirst();
    const unchanged =
      existing &&
      existing.enet_id === input.enetId &&
      existing.pan_mac === panMac &&
      existing.expiry === input.expiry &&
      existing.status === input.status;
    if (unchanged) return { created: false };
    const row = {
      enet_id: input.enetId,
      pan_enc: deps.keys.encrypt(input.pan, 'pan'),
      pan_mac: panMac,
      pan_first6: input.pan.slice(0, 6),
      pan_last4: input.pan.slice(-4),
      expiry: input.expiry,
      status: input.status,
      updated_at: at,
    };
    if (existing) await trx.updateTable('cards').set(row).where('card_ref', '=', cardRef).execute();
    else
      await trx
        .insertInto('cards')
        .values({ card_ref: cardRef, ...row })
        .execute();
    const masked = (s: { enet_id: string; expiry: string; status: string }, pan: string) => ({
      enetId: s.enet_id,
      pan,
      expiry: s.expiry,
      status: s.status,
    });
    await appendAudit(trx, {
      actor,
      action: existing ? 'card.update' : 'card.create',
      subjectType: 'card',
      subjectId: cardRef,
      before: existing ? masked(existing, `${existing.pan_first6}******${existing.pan_last4}`) : undefined,
      after: masked(row, maskPan(input.pan)),
      requestId: requestId ?? null,
      at,
    });
    if (input.status === 'closed') await deregisterWhenNoActiveCard(trx, input.enetId, actor, at, requestId);
    return { created: !existing };
  });
}

/** terms art. 8-1-1: losing card membership (no active card left) deregisters the member. */
async function deregisterWhenNoActiveCard(trx: Db, enetId: string, actor: Actor, at: Date, requestId?: string) {
  const active = await trx
    .selectFrom('cards')
    .select('card_ref')
    .where('enet_id', '=', enetId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (active) return;
  const member = await trx
    .selectFrom('members')
    .select(['enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirstOrThrow();
  if (member.enrollment === 'deregistered' && member.enrollment_reason?.startsWith('8-1-')) return;
  await applyEnrollmentEvent(trx, {
    enetId,
    event: { type: 'deregistered', reason: '8-1-1' },
    actor,
    note: 'card membership lost (no active card)',
    at,
    requestId: requestId ?? null,
  });
}

/**
 * Issuer-provisioned, already verified phone (bulk migration): binds it and enrolls the member.
 * `bound` is false when the same phone was already bound to the enrolled member (nothing changed).
 */
export async function provisionPhone(
  deps: Deps,
  enetId: string,
  phone: string,
  actor: Actor,
  requestId?: string,
): Promise<{ bound: boolean }> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('members').select('enet_id').where('enet_id', '=', enetId).forUpdate().execute();
    const { bound } = await bindPhone(trx, deps.keys, {
      enetId,
      phone,
      verifiedBy: 'issuer_provisioned',
      actor,
      at,
      requestId,
    });
    return { bound };
  });
}

export async function recordStatementNotice(
  deps: Deps,
  enetId: string,
  input: { noticeDate: string; channel: 'email' | 'post' },
  actor: Actor,
  requestId?: string,
): Promise<{ id: string }> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('members')
      .select('enet_id')
      .where('enet_id', '=', enetId)
      .forKeyShare()
      .executeTakeFirst();
    if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
    const id = newId('stm', at.getTime());
    await trx
      .insertInto('statement_notices')
      .values({ id, enet_id: enetId, notice_date: input.noticeDate, channel: input.channel })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'statement.notice',
      subjectType: 'member',
      subjectId: enetId,
      after: { id, ...input },
      requestId: requestId ?? null,
      at,
    });
    return { id };
  });
}
