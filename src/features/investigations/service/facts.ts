import { isIP } from 'node:net';
import { ServiceError } from '../../../core/errors.ts';
import { QUESTION_NAMES } from '../../../core/investigation/liability-clauses.ts';
import { maskPhone } from '../../../infra/crypto/mask.ts';
import { withTransaction } from '../../../storage/database.ts';
import {
  insertContact,
  insertFindings,
  insertNote,
  updateTransactionFacts,
} from '../../../storage/repositories/case-facts.ts';
import { activeInvestigator } from '../../../storage/repositories/case-reads.ts';
import { setCaseAssignee } from '../../../storage/repositories/cases.ts';
import type { DeliveryValue, FindingValue, RelationValue } from '../../../storage/tables/investigations.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { currentFindings } from './case-facts.ts';
import {
  auditCase,
  editCase,
  type InvestigationDeps,
  lockCase,
  moveCase,
  recordEvent,
  requireInvestigator,
} from './case-store.ts';
import { storeEvidence } from './evidence.ts';

/** The investigator's questions, in the order of the terms (src/core/investigation/liability-clauses.ts). */
export const QUESTIONS = QUESTION_NAMES;
export const FINDINGS: readonly FindingValue[] = ['yes', 'no', 'unknown'];
export const RELATIONS: readonly RelationValue[] = ['member', 'related_person', 'unrelated', 'unknown'];
export const DELIVERIES: readonly DeliveryValue[] = [...RELATIONS, 'not_applicable'];
const NOTE_MAX = 2000;

function oneOf<T extends string>(values: readonly T[], value: string, field: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new ServiceError('invalid', `${field} is not one of ${values.join(', ')}`, field);
  return found;
}

function text(value: string, field: string, required: boolean): string {
  const t = value.trim();
  if (required && t === '') throw new ServiceError('invalid', `${field} is required`, field);
  if ([...t].length > NOTE_MAX)
    throw new ServiceError('invalid', `${field} is longer than ${NOTE_MAX} characters`, field);
  return t;
}

/** Assigns the case to an investigator; a newly reported case starts being investigated. */
export async function assignCase(deps: InvestigationDeps, by: Principal, caseId: string, assigneeId: string) {
  requireInvestigator(by);
  const at = deps.clock.now();
  const actor = actorOf(by);
  await withTransaction(deps.db, async (trx) => {
    let row = await lockCase(trx, caseId);
    if (row.state === 'closed' || row.state === 'decided')
      throw new ServiceError('conflict', `the case is ${row.state}: reopen it first`, 'state');
    const assignee = await activeInvestigator(trx, assigneeId);
    if (!assignee) throw new ServiceError('invalid', 'the assignee must be an active investigator', 'assignee');
    if (row.state === 'reported') row = await moveCase(trx, row, 'investigating', { at, actor, kind: 'started' });
    await setCaseAssignee(trx, caseId, assignee.id, at);
    await recordEvent(trx, { caseId, at, actor, kind: 'assigned', detail: assignee.username });
    await auditCase(trx, {
      actor,
      action: 'assigned',
      caseId,
      at,
      before: { assignee: row.assignee_id },
      after: { assignee: assignee.id },
    });
  });
}

/**
 * Records the investigator's answers to the engine's questions (terms art. 5-3 main text, 5-3-1/2/4/7/9); only
 * answers that changed are written, so the history shows who changed what. A `yes` must say what it rests
 * on, and for art. 5-3-9 that note is the written reason the clause requires.
 */
export async function recordFindings(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: { question: string; finding: string; note: string }[],
): Promise<number> {
  const answers = input.map((a) => {
    const question = oneOf(QUESTIONS, a.question, 'question');
    const finding = oneOf(FINDINGS, a.finding, 'finding');
    return { question, finding, note: text(a.note, `note of ${question}`, finding === 'yes') };
  });
  if (new Set(answers.map((a) => a.question)).size !== answers.length)
    throw new ServiceError('invalid', 'a question was answered twice', 'question');
  return editCase(
    deps,
    by,
    caseId,
    {
      kind: 'findings',
      detail: (changed: typeof answers) => changed.map((a) => `${a.question} = ${a.finding}`).join(', ') || 'no change',
      audit: (changed: typeof answers) => ({ findings: changed }),
    },
    async (trx, _row, at) => {
      const current = await currentFindings(trx, caseId);
      const changed = answers.filter(
        (a) => current[a.question].finding !== a.finding || current[a.question].note !== a.note,
      );
      await insertFindings(trx, caseId, changed, actorOf(by), at);
      return changed;
    },
  ).then((changed) => changed.length);
}

/** Art. 5-3-6 per disputed purchase: whose address the goods went to, whose place or number it came from. */
export async function setTransactionFacts(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: {
    transactionId: string;
    delivery: string;
    deliveryNote: string;
    origin: string;
    originNote: string;
    originPhone: string;
  },
) {
  const delivery = oneOf(DELIVERIES, input.delivery, 'delivery');
  const origin = oneOf(RELATIONS, input.origin, 'origin');
  const deliveryNote = text(input.deliveryNote, 'deliveryNote', delivery === 'member' || delivery === 'related_person');
  const originNote = text(input.originNote, 'originNote', origin === 'member' || origin === 'related_person');
  const phone = input.originPhone.trim() === '' ? undefined : normalisePhone(input.originPhone);
  return editCase(
    deps,
    by,
    caseId,
    {
      kind: 'transaction_facts',
      detail: () => `delivery ${delivery}, origin ${origin}`,
      audit: () => ({
        transaction: input.transactionId,
        delivery,
        origin,
        originPhone: phone ? maskPhone(phone) : null,
      }),
    },
    async (trx) => {
      const updated = await updateTransactionFacts(trx, caseId, input.transactionId, {
        delivery,
        deliveryNote: deliveryNote || null,
        origin,
        originNote: originNote || null,
        originPhone: phone ? sealedPhone(deps, phone) : undefined,
      });
      if (!updated) throw new ServiceError('not_found', 'no such transaction in this case', 'transaction');
    },
  );
}

function sealedPhone(deps: InvestigationDeps, phone: string) {
  return { enc: deps.keys.encrypt(phone, 'phone'), mac: deps.keys.mac('phone', phone), masked: maskPhone(phone) };
}

/** Any phone number (a landline at home or work is evidence too), kept as E.164; never stored in clear. */
function normalisePhone(input: string): string {
  const digits = input.replace(/[\s()-]/g, '');
  const e164 = digits.startsWith('+') ? digits : digits.startsWith('0') ? `+81${digits.slice(1)}` : '';
  if (!/^\+[1-9]\d{7,14}$/.test(e164)) throw new ServiceError('invalid', 'not a phone number', 'phone');
  return e164;
}

/** The member's or a related person's home/work IP address or phone number (art. 5-3-6). */
export async function addContact(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: { kind: string; place: string; owner: string; value: string; note: string },
) {
  const kind = oneOf(['ip', 'phone'] as const, input.kind, 'kind');
  const place = oneOf(['home', 'work'] as const, input.place, 'place');
  const owner = oneOf(['member', 'related_person'] as const, input.owner, 'owner');
  const note = text(input.note, 'note', true);
  const value = input.value.trim();
  if (kind === 'ip' && isIP(value) === 0) throw new ServiceError('invalid', 'not an IP address', 'value');
  const phone = kind === 'phone' ? normalisePhone(value) : undefined;
  const shown = phone ? maskPhone(phone) : value;
  return editCase(
    deps,
    by,
    caseId,
    {
      kind: 'contact',
      detail: () => `${owner} ${place} ${kind} ${shown}`,
      audit: () => ({ kind, place, owner, value: shown }),
    },
    async (trx, _row, at) => {
      const contact = {
        kind,
        place,
        owner,
        ip: phone ? null : value,
        phone: phone ? sealedPhone(deps, phone) : null,
        note,
      };
      await insertContact(trx, caseId, contact, actorOf(by), at);
    },
  );
}

/** A free fact: the relation of the person who used the card to the member, or any other note. */
export async function addNote(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: { kind: string; body: string },
) {
  const kind = oneOf(['user_relation', 'note'] as const, input.kind, 'kind');
  const body = text(input.body, 'body', true);
  return editCase(
    deps,
    by,
    caseId,
    { kind: 'note', detail: () => kind, audit: () => ({ kind, length: body.length }) },
    async (trx, _row, at) => {
      await insertNote(trx, caseId, { kind, body }, actorOf(by), at);
    },
  );
}

/** Gathers the evidence again (a later statement notice, a phone change); the earlier snapshots stay. */
export async function refreshEvidence(deps: InvestigationDeps, by: Principal, caseId: string) {
  return editCase(
    deps,
    by,
    caseId,
    { kind: 'evidence_refreshed', detail: () => 'evidence gathered again', audit: () => ({}) },
    async (trx, row, at) => {
      await storeEvidence(trx, row.enet_id, caseId, actorOf(by), at);
    },
  );
}
