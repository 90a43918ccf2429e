import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/**
 * What a fraud investigation reads from other aggregates' tables as evidence (issue #8 §2): the
 * authentication record of a purchase and its trail, the member's phone bindings, lost/stolen reports,
 * statement notices and terms acceptance. Read-only: nothing here writes another aggregate's rows.
 */

export async function authenticationRecord(db: Executor, acsTransId: string) {
  return db.selectFrom('transactions').selectAll().where('acs_trans_id', '=', acsTransId).executeTakeFirst();
}

/** A purchase's state changes, messages, purchase codes, SMS and 3DS Method data, each oldest first. */
export async function authenticationTrail(db: Executor, acsTransId: string, threeDsServerTransId: string) {
  const [events, messages, codes, sms, method] = await Promise.all([
    db.selectFrom('transaction_event_log').selectAll().where('acs_trans_id', '=', acsTransId).orderBy('id').execute(),
    db
      .selectFrom('message_log')
      .select(['direction', 'message_type', 'body', 'created_at'])
      .where('acs_trans_id', '=', acsTransId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('otp_codes')
      .select(['created_at', 'expires_at', 'used_at', 'superseded_at'])
      .where('purpose', '=', 'purchase')
      .where('subject', '=', acsTransId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('sms_messages')
      .select(['to_masked', 'status', 'provider', 'error', 'created_at', 'updated_at'])
      .where('acs_trans_id', '=', acsTransId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('method_data')
      .select(['data', 'created_at'])
      .where('three_ds_server_trans_id', '=', threeDsServerTransId)
      .executeTakeFirst(),
  ]);
  return { events, messages, codes, sms, method };
}

/** The member's authenticated purchases among `acsTransIds` (a case may dispute only the member's own). */
export async function memberPurchases(db: Executor, enetId: string, acsTransIds: readonly string[]) {
  if (acsTransIds.length === 0) return [];
  return db
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'created_at',
      'merchant_name',
      'purchase_amount',
      'purchase_currency',
      'purchase_exponent',
    ])
    .where('enet_id', '=', enetId)
    .where('acs_trans_id', 'in', acsTransIds)
    .execute();
}

/** The member's ten latest phone bindings and phone changes, newest first. */
export async function phoneHistory(db: Executor, enetId: string) {
  const [bindings, changes] = await Promise.all([
    db
      .selectFrom('phone_bindings')
      .select(['phone_masked', 'verified_by', 'bound_by', 'bound_at', 'unbound_at', 'unbound_reason'])
      .where('enet_id', '=', enetId)
      .orderBy('bound_at', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('phone_changes')
      .select(['changed_at', 'cooldown_until'])
      .where('enet_id', '=', enetId)
      .orderBy('changed_at', 'desc')
      .limit(10)
      .execute(),
  ]);
  return { bindings, changes };
}

/** Enrollment changes that are lost/stolen reports or lifts of a lock, oldest first. */
export async function lostStolenEvents(db: Executor, enetId: string) {
  return db
    .selectFrom('enrollment_events')
    .select(['at', 'from_state', 'to_state', 'reason', 'actor'])
    .where('enet_id', '=', enetId)
    .where((eb) => eb.or([eb('reason', '=', 'lost_stolen'), eb('from_state', '=', 'locked')]))
    .orderBy('at')
    .execute();
}

/** The member's statement notices (art. 5-3-5), oldest first, dates as `YYYY-MM-DD`. */
export async function statementNotices(db: Executor, enetId: string) {
  return db
    .selectFrom('statement_notices')
    .select([sql<string>`to_char(notice_date, 'YYYY-MM-DD')`.as('notice_date'), 'channel'])
    .where('enet_id', '=', enetId)
    .orderBy('notice_date')
    .execute();
}

/** When the member accepted a terms version, if they did. */
export async function termsAcceptedAt(db: Executor, enetId: string, termsVersionId: string) {
  const consent = await db
    .selectFrom('terms_consents')
    .select('accepted_at')
    .where('enet_id', '=', enetId)
    .where('terms_version_id', '=', termsVersionId)
    .executeTakeFirst();
  return consent?.accepted_at;
}
