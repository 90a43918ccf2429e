import { ServiceError } from '../../../core/errors.ts';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import {
  answerCooperationRequest,
  hasOpenCooperationRequest,
  insertCooperationRequest,
} from '../../../storage/repositories/case-cooperation.ts';
import { memberContact } from '../../../storage/repositories/case-reads.ts';
import { memberReferenceOfCase } from '../../../storage/repositories/cases.ts';
import type { InvestigationCaseRow } from '../../../storage/tables/investigations.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { jstDate } from '../../portal/service/time.ts';
import {
  auditCase,
  type InvestigationDeps,
  lockCase,
  moveCase,
  recordEvent,
  requireInvestigator,
  touchCase,
} from './case-store.ts';
import { addDays, calendarDate } from './dates.ts';
import { cooperationEmail } from './letters.ts';
import { EDITABLE_STATES, requireEditable } from './states.ts';

const QUESTION_MAX = 2000;
const ANSWER_MAX = 2000;

/**
 * Terms art. 5-3: the member cooperates with the investigation. Asks the member a question by email and in the
 * portal, with a due date (FRAUD_COOPERATION_DAYS from today unless given); the case waits for the member.
 * Not answering by the due date is what art. 5-3-3 looks at.
 */
export async function requestCooperation(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: { question: string; dueOn: string },
): Promise<{ requestId: string; dueOn: string }> {
  requireInvestigator(by);
  const question = input.question.trim();
  if (question === '' || [...question].length > QUESTION_MAX)
    throw new ServiceError('invalid', `a question (up to ${QUESTION_MAX} characters) is required`, 'question');
  const at = deps.clock.now();
  const today = jstDate(at);
  const dueOn =
    input.dueOn.trim() === '' ? addDays(today, deps.config.FRAUD_COOPERATION_DAYS) : calendarDate(input.dueOn, 'dueOn');
  if (dueOn < today || dueOn > addDays(today, 90))
    throw new ServiceError('invalid', 'the due date must be between today and 90 days from now', 'dueOn');
  const actor = actorOf(by);
  const requestId = newId('coop', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    requireEditable(row.state);
    if (row.state === 'reported')
      throw new ServiceError('conflict', 'assign the case before contacting the member', 'state');
    const member = await memberContact(trx, row.enet_id);
    if (!member) throw new ServiceError('not_found', 'no such member');
    await insertCooperationRequest(trx, { id: requestId, caseId, question, askedBy: actor, askedAt: at, dueOn });
    if (row.state === 'investigating')
      await moveCase(trx, row, 'awaiting_member', { at, actor, kind: 'cooperation_requested', detail: `due ${dueOn}` });
    else await recordEvent(trx, { caseId, at, actor, kind: 'cooperation_requested', detail: `due ${dueOn}` });
    await queueEmail(trx, {
      to: member.email,
      ...cooperationEmail(
        deps.config,
        member.name,
        { id: row.id, reference: await memberReferenceOfCase(trx, row.id) },
        dueOn,
      ),
      at,
    });
    await auditCase(trx, { actor, action: 'cooperation_requested', caseId, at, after: { requestId, dueOn } });
    await touchCase(trx, caseId, at);
  });
  deps.kick();
  return { requestId, dueOn };
}

async function answer(
  trx: Executor,
  row: InvestigationCaseRow,
  input: { requestId: string; answer: string; actor: string; at: Date; requestMeta?: string | undefined },
): Promise<void> {
  const text = input.answer.trim();
  if (text === '' || [...text].length > ANSWER_MAX)
    throw new ServiceError('invalid', `an answer (up to ${ANSWER_MAX} characters) is required`, 'answer');
  const updated = await answerCooperationRequest(trx, row.id, input.requestId, {
    text,
    by: input.actor,
    at: input.at,
  });
  if (!updated) throw new ServiceError('conflict', 'that request is already answered or does not exist', 'request');
  const open = await hasOpenCooperationRequest(trx, row.id);
  const detail = `request ${input.requestId} answered`;
  if (!open && row.state === 'awaiting_member')
    await moveCase(trx, row, 'investigating', {
      at: input.at,
      actor: input.actor,
      kind: 'cooperation_answered',
      detail,
    });
  else
    await recordEvent(trx, { caseId: row.id, at: input.at, actor: input.actor, kind: 'cooperation_answered', detail });
  await auditCase(trx, {
    actor: input.actor,
    action: 'cooperation_answered',
    caseId: row.id,
    at: input.at,
    after: { requestId: input.requestId, length: text.length },
    requestId: input.requestMeta ?? null,
  });
  await touchCase(trx, row.id, input.at);
}

export type MemberAnswerResult = { ok: true } | { ok: false; problem: 'answer' | 'closed' | 'answered' };

/** The member answers a cooperation request from the portal; only their own case, only while it is open. */
export async function answerAsMember(
  deps: Pick<InvestigationDeps, 'db' | 'clock'>,
  enetId: string,
  caseId: string,
  input: { requestId: string; answer: string },
  meta: { requestId?: string | undefined },
): Promise<MemberAnswerResult> {
  const text = input.answer.trim();
  if (text === '' || [...text].length > ANSWER_MAX) return { ok: false, problem: 'answer' };
  const at = deps.clock.now();
  try {
    await withTransaction(deps.db, async (trx) => {
      const row = await lockCase(trx, caseId);
      if (row.enet_id !== enetId) throw new ServiceError('not_found', 'no such case');
      if (!EDITABLE_STATES.includes(row.state)) throw new ServiceError('conflict', 'closed', 'state');
      await answer(trx, row, {
        requestId: input.requestId,
        answer: text,
        actor: `member:${enetId}`,
        at,
        requestMeta: meta.requestId,
      });
    });
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'conflict')
      return { ok: false, problem: err.field === 'state' ? 'closed' : 'answered' };
    throw err;
  }
  return { ok: true };
}

/** An investigator records an answer the member gave by phone or at a branch. */
export async function recordAnswer(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: { requestId: string; answer: string },
): Promise<void> {
  requireInvestigator(by);
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    requireEditable(row.state);
    await answer(trx, row, { requestId: input.requestId, answer: input.answer, actor: actorOf(by), at });
  });
}
