import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/** Cooperation requests to the member (terms art. 5-3, 5-3-3) and their answers. */

export async function cooperationRequests(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_cooperation')
    .select([
      'id',
      'question',
      'asked_at',
      sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'),
      'answer',
      'answered_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('asked_at')
    .execute();
}

export async function insertCooperationRequest(
  trx: Executor,
  request: { id: string; caseId: string; question: string; askedBy: string; askedAt: Date; dueOn: string },
): Promise<void> {
  await trx
    .insertInto('investigation_cooperation')
    .values({
      id: request.id,
      case_id: request.caseId,
      question: request.question,
      asked_by: request.askedBy,
      asked_at: request.askedAt,
      due_on: request.dueOn,
    })
    .execute();
}

/** Records the answer only if the request is the case's and still unanswered; false otherwise. */
export async function answerCooperationRequest(
  trx: Executor,
  caseId: string,
  requestId: string,
  answer: { text: string; by: string; at: Date },
): Promise<boolean> {
  const updated = await trx
    .updateTable('investigation_cooperation')
    .set({ answer: answer.text, answered_at: answer.at, answered_by: answer.by })
    .where('id', '=', requestId)
    .where('case_id', '=', caseId)
    .where('answered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

export async function hasOpenCooperationRequest(db: Executor, caseId: string): Promise<boolean> {
  const open = await db
    .selectFrom('investigation_cooperation')
    .select('id')
    .where('case_id', '=', caseId)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return open !== undefined;
}
