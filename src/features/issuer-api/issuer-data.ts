import type { Actor, ServiceDeps } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import { maskPan } from '../../infra/crypto/mask.ts';
import { newId } from '../../infra/ids.ts';
import { type Executor, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { holdRangeFor } from '../../storage/repositories/card-ranges.ts';
import { cardRefByPanMac, hasActiveCard, insertCard, lockCard, updateCard } from '../../storage/repositories/cards.ts';
import {
  holdMember,
  insertMember,
  lockMember,
  lockMemberEnrollment,
  lockMemberFields,
  memberEnrollment,
  updateMemberFields,
} from '../../storage/repositories/members.ts';
import { insertStatementNotice } from '../../storage/repositories/statement-notices.ts';
import { applyEnrollmentEvent } from '../enrollment/enrollment.ts';
import { bindPhone } from '../enrollment/phones.ts';
import { rangeKey } from './card-ranges.ts';

type Deps = Pick<ServiceDeps, 'db' | 'keys' | 'clock'>;

// Lock order in every transaction here: the member row first, then card/phone rows (a card's range shared), then
// the audit chain lock (appendAudit). Concurrent changes to one member then queue instead of deadlocking on the audit lock.

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
  return withTransaction(deps.db, async (trx) => {
    const existing = await lockMemberFields(trx, enetId);
    if (
      existing &&
      existing.name === input.name &&
      existing.email === input.email &&
      existing.status === input.status
    ) {
      return { created: false };
    }
    if (existing) await updateMemberFields(trx, enetId, input, at);
    else await insertMember(trx, enetId, DEFAULT_ISSUER_ID, input, at);
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
  await withTransaction(deps.db, async (trx) => {
    // Locked so a concurrent repeat waits, then sees 8-1-2 and stays idempotent instead of being refused.
    const member = await lockMemberEnrollment(trx, enetId);
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
  return withTransaction(deps.db, async (trx) => {
    if (!(await lockMember(trx, input.enetId))) throw new ServiceError('not_found', 'member not found', 'enetId');
    const samePan = await cardRefByPanMac(trx, panMac);
    if (samePan !== undefined && samePan !== cardRef) {
      throw new ServiceError('conflict', 'this PAN is already registered under another card reference', 'pan');
    }
    const existing = await lockCard(trx, cardRef);
    // Checked against the table, not a node's cache, and the range is share-locked so a concurrent deletion waits
    // for this card. Closing a stored card needs no range (terms art. 8-1-1 must work after a range is deleted).
    const closingStoredPan = existing?.pan_mac === panMac && input.status === 'closed';
    if (!closingStoredPan && (await holdRangeFor(trx, rangeKey(input.pan))) === undefined) {
      throw new ServiceError('pan_out_of_range', 'the PAN is in no card range this ACS serves', 'pan');
    }
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
    if (existing) await updateCard(trx, cardRef, row);
    else await insertCard(trx, cardRef, row);
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
async function deregisterWhenNoActiveCard(trx: Executor, enetId: string, actor: Actor, at: Date, requestId?: string) {
  if (await hasActiveCard(trx, enetId)) return;
  const member = await memberEnrollment(trx, enetId);
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
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
  return withTransaction(deps.db, async (trx) => {
    await lockMember(trx, enetId);
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
  return withTransaction(deps.db, async (trx) => {
    if (!(await holdMember(trx, enetId))) throw new ServiceError('not_found', 'member not found', 'enetId');
    const id = newId('stm', at.getTime());
    await insertStatementNotice(trx, { id, enetId, ...input });
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
