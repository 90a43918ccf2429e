import { type EnrollmentReason, transition } from '../../../core/enrollment.ts';
import { newId } from '../../../infra/ids.ts';
import type { Trx } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  applyEnrollments,
  type BindingWrite,
  type CardState,
  type CardWrite,
  type EnrollmentWrite,
  type ImportLineError,
  insertProvisionedBindings,
  lockCardsIn,
  lockCurrentBindingsIn,
  lockMembersIn,
  type MemberState,
  type MemberWrite,
  membersWithOtherActiveCards,
  unbindBindings,
  upsertCards,
  upsertMembers,
} from '../../../storage/repositories/imports.ts';
import { DEFAULT_ISSUER_ID } from '../issuer-data.ts';
import type { PreparedLine } from './lines.ts';

export type BatchItem = PreparedLine | ImportLineError;

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportLineError[];
}

export interface BatchContext {
  importId: string;
  actor: string;
  requestId: string | null;
  at: Date;
}

/** What one line does, decided in JS against the locked rows before anything is written. */
interface LinePlan {
  line: number;
  member: MemberWrite | undefined;
  created: boolean;
  cards: CardWrite[];
  unbind: { id: string; reason: string } | undefined;
  binding: BindingWrite | undefined;
  enrollment: EnrollmentWrite | undefined;
}

const isError = (item: BatchItem): item is ImportLineError => 'code' in item;

/**
 * Applies a batch of lines in the caller's transaction, each line all or nothing, with the semantics of the
 * single-entity services (src/features/issuer-api/issuer-data.ts): PUT member, PUT each card (a PAN already
 * under another card reference is a conflict; closing the last active card deregisters, terms art. 8-1-1),
 * then the issuer-provisioned phone (bindPhone in src/features/enrollment/phones.ts). A line whose every part
 * is already so is `unchanged` and writes nothing. The caller makes sure no member, card reference or PAN
 * appears on two lines of one batch, so the lines are independent of each other.
 * Enrollment events are written per member as usual; the batch's one audit row is `auditBatch`'s.
 */
export async function applyLines(trx: Trx, items: BatchItem[], ctx: BatchContext): Promise<BatchOutcome> {
  const lines = items.filter((i): i is PreparedLine => !isError(i));
  const errors = items.filter(isError);
  const enetIds = lines.map((l) => l.enetId);
  const cardRefs = lines.flatMap((l) => l.cards.map((c) => c.cardRef));
  const panMacs = lines.flatMap((l) => l.cards.map((c) => c.panMac));
  const members = new Map<string, MemberState>();
  const byRef = new Map<string, CardState>();
  const byMac = new Map<string, CardState>();
  const bindings = new Map<string, { id: string; phone_mac: string }>();
  if (lines.length > 0) {
    for (const m of await lockMembersIn(trx, enetIds)) members.set(m.enet_id, m);
    for (const c of await lockCardsIn(trx, cardRefs, panMacs)) {
      byRef.set(c.card_ref, c);
      byMac.set(c.pan_mac, c);
    }
    for (const b of await lockCurrentBindingsIn(trx, enetIds)) bindings.set(b.enet_id, b);
  }
  const closing = lines.filter((l) => l.cards.some((c) => c.status === 'closed')).map((l) => l.enetId);
  const otherActive = await membersWithOtherActiveCards(trx, closing, cardRefs);

  const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, errors };
  const plans: LinePlan[] = [];
  for (const line of lines) {
    const plan = planLine(line, { members, byRef, byMac, bindings, otherActive }, ctx);
    if ('code' in plan) {
      errors.push(plan);
      continue;
    }
    const changed = plan.member || plan.cards.length > 0 || plan.binding || plan.enrollment || plan.unbind;
    if (!changed) outcome.unchanged++;
    else if (plan.created) outcome.created++;
    else outcome.updated++;
    if (changed) plans.push(plan);
  }
  if (plans.length > 0) await writePlans(trx, plans, ctx);
  errors.sort((a, b) => a.line - b.line);
  return outcome;
}

/** One audit row per committed batch that changed something (not one per line): its line range and counts. */
export async function auditBatch(
  trx: Trx,
  ctx: BatchContext,
  range: { firstLine: number; lastLine: number },
  outcome: BatchOutcome,
): Promise<void> {
  if (outcome.created + outcome.updated === 0) return;
  await appendAudit(trx, {
    actor: ctx.actor,
    action: 'import.batch',
    subjectType: 'import',
    subjectId: ctx.importId,
    after: {
      ...range,
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      failed: outcome.errors.length,
    },
    requestId: ctx.requestId,
    at: ctx.at,
  });
}

async function writePlans(trx: Trx, plans: LinePlan[], ctx: BatchContext): Promise<void> {
  const pick = <T>(f: (p: LinePlan) => T | undefined) => plans.map(f).filter((x): x is T => x !== undefined);
  await upsertMembers(
    trx,
    DEFAULT_ISSUER_ID,
    pick((p) => p.member),
    ctx.at,
  );
  await upsertCards(
    trx,
    plans.flatMap((p) => p.cards),
    ctx.at,
  );
  await unbindBindings(
    trx,
    pick((p) => p.unbind),
    ctx.actor,
    ctx.at,
  );
  await insertProvisionedBindings(
    trx,
    pick((p) => p.binding),
    ctx.actor,
    ctx.at,
  );
  await applyEnrollments(
    trx,
    pick((p) => p.enrollment),
    ctx.actor,
    ctx.at,
  );
}

interface Known {
  members: Map<string, MemberState>;
  byRef: Map<string, CardState>;
  byMac: Map<string, CardState>;
  bindings: Map<string, { id: string; phone_mac: string }>;
  otherActive: Set<string>;
}

function planLine(line: PreparedLine, known: Known, ctx: BatchContext): LinePlan | ImportLineError {
  const fail = (field: string | null, code: string, message: string): ImportLineError => ({
    line: line.line,
    field,
    code,
    message,
  });
  const existing = known.members.get(line.enetId);
  const memberSame =
    existing && existing.name === line.name && existing.email === line.email && existing.status === line.status;
  const plan: LinePlan = {
    line: line.line,
    member: memberSame
      ? undefined
      : { enetId: line.enetId, name: line.name, email: line.email, status: line.status, isNew: !existing },
    created: !existing,
    cards: [],
    unbind: undefined,
    binding: undefined,
    enrollment: undefined,
  };
  let closedChanged = false;
  for (const [i, card] of line.cards.entries()) {
    const holder = known.byMac.get(card.panMac);
    if (holder && holder.card_ref !== card.cardRef) {
      return fail(`cards[${i}].pan`, 'conflict', 'this PAN is already registered under another card reference');
    }
    const current = known.byRef.get(card.cardRef);
    const same =
      current &&
      current.enet_id === line.enetId &&
      current.pan_mac === card.panMac &&
      current.expiry === card.expiry &&
      current.status === card.status;
    if (same) continue;
    plan.cards.push({ ...card, enetId: line.enetId, isNew: !current });
    if (card.status === 'closed') closedChanged = true;
  }
  let enrollment = {
    state: existing?.enrollment ?? 'not_enrolled',
    reason: (existing?.enrollment_reason ?? null) as EnrollmentReason | null,
  } as Parameters<typeof transition>[0];
  const note = `import ${ctx.importId} line ${line.line}`;
  let binding = known.bindings.get(line.enetId);
  // terms art. 8-1-1, as deregisterWhenNoActiveCard: a closed card leaving the member no active card.
  const hasActive = line.cards.some((c) => c.status === 'active') || known.otherActive.has(line.enetId);
  if (closedChanged && !hasActive && !(enrollment.state === 'deregistered' && enrollment.reason?.startsWith('8-1-'))) {
    const result = transition(enrollment, { type: 'deregistered', reason: '8-1-1' });
    if (!result.ok) return fail('cards', 'enrollment_refused', `enrollment change refused: ${result.error}`);
    plan.enrollment = enrollmentWrite(
      line.enetId,
      enrollment.state,
      result.next,
      'card membership lost (no active card)',
      ctx,
    );
    enrollment = result.next;
    if (binding) {
      plan.unbind = { id: binding.id, reason: `enrollment:${result.next.reason ?? result.next.state}` };
      binding = undefined;
    }
  }
  if (line.phone) {
    const sameBinding = binding?.phone_mac === line.phone.mac && enrollment.state === 'enrolled';
    if (!sameBinding) {
      if (enrollment.state !== 'enrolled') {
        const result = transition(enrollment, { type: 'phone_bound' });
        if (!result.ok) return fail('phone', 'enrollment_refused', `enrollment change refused: ${result.error}`);
        if (plan.enrollment) return fail('phone', 'enrollment_refused', 'enrollment change refused: two changes');
        plan.enrollment = enrollmentWrite(line.enetId, enrollment.state, result.next, note, ctx);
      }
      if (binding) plan.unbind = { id: binding.id, reason: 'changed' };
      plan.binding = {
        id: newId('pb', ctx.at.getTime()),
        enetId: line.enetId,
        phoneEnc: line.phone.enc,
        phoneMac: line.phone.mac,
        phoneMasked: line.phone.masked,
      };
    }
  }
  // A new member enrolled by its own line is inserted already enrolled (one row write instead of two).
  if (plan.created && plan.member && plan.enrollment && plan.enrollment.reason === null) {
    plan.member.enrollment = plan.enrollment.toState;
    plan.enrollment.withInsert = true;
  }
  return plan;
}

function enrollmentWrite(
  enetId: string,
  from: string,
  next: { state: string; reason: string | null },
  note: string,
  ctx: BatchContext,
): EnrollmentWrite {
  return {
    id: newId('enr', ctx.at.getTime()),
    enetId,
    fromState: from,
    toState: next.state,
    reason: next.reason,
    note,
  };
}
