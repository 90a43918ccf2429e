import { newId } from '../../infra/ids.ts';
import type { Executor } from '../database.ts';
import type { DeliveryValue, FindingValue, QuestionName, RelationValue } from '../tables/investigations.ts';

/**
 * What investigators record about a case (terms art. 5-3): the disputed purchases with their art. 5-3-6
 * facts, answers to the engine's questions (the newest per question is in force), contacts and notes.
 */

/** The disputed purchases, oldest first, with the browser IP of the ones we authenticated. */
export async function caseTransactions(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_transactions as it')
    .leftJoin('transactions as t', 't.acs_trans_id', 'it.acs_trans_id')
    .select([
      'it.id',
      'it.acs_trans_id',
      'it.purchased_at',
      'it.merchant_name',
      'it.amount',
      'it.currency',
      'it.exponent',
      'it.description',
      'it.delivery_address',
      'it.delivery_note',
      'it.origin',
      'it.origin_note',
      'it.origin_phone_mac',
      'it.origin_phone_masked',
      't.browser_ip',
    ])
    .where('it.case_id', '=', caseId)
    .orderBy('it.purchased_at')
    .orderBy('it.id')
    .execute();
}

/** Just the amounts of the disputed purchases (the disputed total). */
export async function caseAmounts(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_transactions')
    .select(['amount', 'currency', 'exponent'])
    .where('case_id', '=', caseId)
    .execute();
}

export interface TransactionFacts {
  delivery: DeliveryValue;
  deliveryNote: string | null;
  origin: RelationValue;
  originNote: string | null;
  /** Sealed, MAC and masked originating phone number; undefined keeps the one recorded. */
  originPhone?: { enc: string; mac: string; masked: string } | undefined;
}

/** Records the art. 5-3-6 facts of one purchase of the case; false when the case has no such purchase. */
export async function updateTransactionFacts(
  trx: Executor,
  caseId: string,
  transactionId: string,
  facts: TransactionFacts,
): Promise<boolean> {
  const updated = await trx
    .updateTable('investigation_transactions')
    .set({
      delivery_address: facts.delivery,
      delivery_note: facts.deliveryNote,
      origin: facts.origin,
      origin_note: facts.originNote,
      ...(facts.originPhone && {
        origin_phone_enc: facts.originPhone.enc,
        origin_phone_mac: facts.originPhone.mac,
        origin_phone_masked: facts.originPhone.masked,
      }),
    })
    .where('id', '=', transactionId)
    .where('case_id', '=', caseId)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Every answer recorded on the case, oldest first (the newest per question is in force). */
export async function findingHistory(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_findings')
    .select(['question', 'finding', 'note', 'recorded_by', 'recorded_at'])
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export interface NewFinding {
  question: QuestionName;
  finding: FindingValue;
  note: string;
}

export async function insertFindings(
  trx: Executor,
  caseId: string,
  answers: readonly NewFinding[],
  by: string,
  at: Date,
): Promise<void> {
  if (answers.length === 0) return;
  await trx
    .insertInto('investigation_findings')
    .values(
      answers.map((a) => ({
        id: newId('cfd', at.getTime()),
        case_id: caseId,
        question: a.question,
        finding: a.finding,
        note: a.note,
        recorded_by: by,
        recorded_at: at,
      })),
    )
    .execute();
}

export async function caseContacts(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_contacts')
    .select(['id', 'kind', 'place', 'owner', 'ip', 'phone_mac', 'phone_masked', 'note', 'added_at'])
    .where('case_id', '=', caseId)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
}

export interface NewContact {
  kind: 'ip' | 'phone';
  place: 'home' | 'work';
  owner: 'member' | 'related_person';
  ip: string | null;
  /** Sealed, MAC and masked phone number (kind `phone`). */
  phone: { enc: string; mac: string; masked: string } | null;
  note: string;
}

export async function insertContact(trx: Executor, caseId: string, c: NewContact, by: string, at: Date) {
  await trx
    .insertInto('investigation_contacts')
    .values({
      id: newId('cct', at.getTime()),
      case_id: caseId,
      kind: c.kind,
      place: c.place,
      owner: c.owner,
      ip: c.ip,
      phone_enc: c.phone?.enc ?? null,
      phone_mac: c.phone?.mac ?? null,
      phone_masked: c.phone?.masked ?? null,
      note: c.note,
      added_by: by,
      added_at: at,
    })
    .execute();
}

export async function caseNotes(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_notes')
    .select(['kind', 'body', 'added_by', 'added_at'])
    .where('case_id', '=', caseId)
    .orderBy('added_at')
    .execute();
}

export async function insertNote(
  trx: Executor,
  caseId: string,
  note: { kind: 'user_relation' | 'note'; body: string },
  by: string,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('investigation_notes')
    .values({
      id: newId('cnt', at.getTime()),
      case_id: caseId,
      kind: note.kind,
      body: note.body,
      added_by: by,
      added_at: at,
    })
    .execute();
}
