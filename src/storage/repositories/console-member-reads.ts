import type { Executor } from '../database.ts';

/**
 * What the console's member page reads from other areas' tables (portal sessions, transactions, fraud reports,
 * terms consents). Reads only; each area's own repository writes them.
 */

export async function portalSessionHistory(db: Executor, enetId: string, limit: number) {
  return db
    .selectFrom('portal_sessions')
    .select(['public_id', 'created_at', 'last_seen_at', 'revoked_at', 'revoked_reason'])
    .where('subject', '=', enetId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function recentTransactionsOf(db: Executor, enetId: string, limit: number) {
  return db
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'created_at',
      'merchant_name',
      'state',
      'trans_status',
      'trans_status_reason',
      'purchase_amount',
      'purchase_currency',
      'purchase_exponent',
    ])
    .where('enet_id', '=', enetId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function fraudReportsOf(db: Executor, enetId: string) {
  return db
    .selectFrom('fraud_reports')
    .select(['reference', 'reported_at', 'status'])
    .where('enet_id', '=', enetId)
    .orderBy('reported_at', 'desc')
    .execute();
}

export async function termsConsentsOf(db: Executor, enetId: string) {
  return db
    .selectFrom('terms_consents')
    .innerJoin('terms_versions', 'terms_versions.id', 'terms_consents.terms_version_id')
    .select(['terms_versions.version', 'terms_consents.accepted_at'])
    .where('terms_consents.enet_id', '=', enetId)
    .orderBy('accepted_at', 'desc')
    .execute();
}

/** Member search by e-net ID ignoring letter case (the caller trims). */
export async function memberIdsByEnetIdIgnoringCase(db: Executor, enetId: string, limit: number) {
  const rows = await db
    .selectFrom('members')
    .select('enet_id')
    .where((eb) => eb(eb.fn('lower', ['enet_id']), '=', enetId.toLowerCase()))
    .limit(limit)
    .execute();
  return rows.map((r) => r.enet_id);
}

/** Member search by the card's last four digits, with or without the expiry (YYMM). */
export async function memberIdsByCardEnding(db: Executor, last4: string, expiry: string | undefined, limit: number) {
  let q = db.selectFrom('cards').select('enet_id').where('pan_last4', '=', last4);
  if (expiry) q = q.where('expiry', '=', expiry);
  const rows = await q.limit(limit).execute();
  return rows.map((r) => r.enet_id);
}
